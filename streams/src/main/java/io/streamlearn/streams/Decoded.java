package io.streamlearn.streams;

/** An input record after decoding and validation: an event for an entity, or the reason it is rejected. */
public sealed interface Decoded<E> {

  /** @param eventTimeMillis the event time the record carries */
  record Valid<E>(String entityId, E event, long eventTimeMillis) implements Decoded<E> {}

  /** @param reason short code for the dead-letter record: {@code decode} or {@code validation} */
  record Invalid<E>(String reason, String detail) implements Decoded<E> {}

  static <E> Decoded<E> valid(String entityId, E event, long eventTimeMillis) {
    return new Valid<>(entityId, event, eventTimeMillis);
  }

  static <E> Decoded<E> undecodable(String detail) {
    return new Invalid<>("decode", detail);
  }

  static <E> Decoded<E> invalid(String detail) {
    return new Invalid<>("validation", detail);
  }
}
