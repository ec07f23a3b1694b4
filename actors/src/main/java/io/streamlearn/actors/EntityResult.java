package io.streamlearn.actors;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** What an entity made of one event: outputs to publish, or a rejection that sends the event to the DLQ. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
@JsonSubTypes({@JsonSubTypes.Type(value = EntityResult.Emit.class, name = "emit"),
    @JsonSubTypes.Type(value = EntityResult.Reject.class, name = "reject")})
public sealed interface EntityResult<O> {

  /** The event was applied; these outputs (possibly none) follow from it, in order. */
  record Emit<O>(@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS) List<O> outputs) implements EntityResult<O> {
    public Emit {
      outputs = List.copyOf(outputs);
    }
  }

  /**
   * The event was not applied and left the entity's state unchanged.
   *
   * @param reason short code written to the dead-letter record, e.g. {@code late}
   * @param detail human-readable explanation
   */
  record Reject<O>(String reason, String detail) implements EntityResult<O> {}

  static <O> EntityResult<O> emit(List<O> outputs) {
    return new Emit<>(outputs);
  }

  static <O> EntityResult<O> none() {
    return new Emit<>(List.of());
  }

  static <O> EntityResult<O> reject(String reason, String detail) {
    return new Reject<>(reason, detail);
  }
}
