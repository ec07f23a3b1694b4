package io.streamlearn.streams;

import io.streamlearn.actors.EntityLogic;
import io.streamlearn.actors.EntityResult;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The smallest domain that exercises {@link DomainFlow}: each key counts its events and emits
 * {@code "<key> <count> <text>"}. An event's value is {@code "n:<text>"} (anything else does not
 * decode, a missing key does not validate), and the entity rejects the text {@code reject}. Each
 * instance has its own name, so each test gets its own entity type (and snapshot policy).
 */
public final class CounterDomain implements Domain<String, CounterDomain.Count> {

  static final String REJECTED_TEXT = "reject";
  static final String REJECT_REASON = "refused";

  record Count(String key, long count, String text) {}

  private final String name;

  public CounterDomain(String name) {
    this.name = name;
  }

  public String events() {
    return name + ".events";
  }

  public String counts() {
    return name + ".counts";
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<String> inputTopics() {
    return List.of(events());
  }

  @Override
  public List<String> outputTopics() {
    return List.of(counts());
  }

  @Override
  public Decoded<String> decode(ConsumerRecord<byte[], byte[]> record) {
    if (record.key() == null) {
      return Decoded.invalid("record has no key");
    }
    String value = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
    if (!value.startsWith("n:")) {
      return Decoded.undecodable("not a counter event: '" + value + "'");
    }
    return Decoded.valid(new String(record.key(), StandardCharsets.UTF_8), value.substring(2), record.timestamp());
  }

  @Override
  public List<ProducerRecord<byte[], byte[]>> encode(Count c) {
    return List.of(new ProducerRecord<>(counts(), c.key().getBytes(StandardCharsets.UTF_8),
        (c.key() + " " + c.count() + " " + c.text()).getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public EntityLogic.Factory<String, Count> entities() {
    return Counter::new;
  }

  /** Counts its key's events; its state is the count. */
  static final class Counter implements EntityLogic<String, Count> {
    private final String key;
    private long count;

    Counter(String key) {
      this.key = key;
    }

    @Override
    public EntityResult<Count> handle(String text) {
      if (text.equals(REJECTED_TEXT)) {
        return EntityResult.reject(REJECT_REASON, "the counter of " + key + " refuses '" + text + "'");
      }
      count++;
      return EntityResult.emit(List.of(new Count(key, count, text)));
    }

    @Override
    public int stateVersion() {
      return 1;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
      out.writeLong(count);
    }

    @Override
    public void readState(DataInput in, int version) throws IOException {
      count = in.readLong();
    }
  }
}
