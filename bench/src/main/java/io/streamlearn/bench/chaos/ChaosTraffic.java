package io.streamlearn.bench.chaos;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.kafka.clients.producer.ProducerRecord;

/** One domain's share of a chaos stream: at most {@code records} records, made as they are taken. */
abstract class ChaosTraffic implements Iterator<ProducerRecord<byte[], byte[]>> {
  private final long records;
  private final Deque<ProducerRecord<byte[], byte[]>> pending = new ArrayDeque<>();
  private long sent;

  ChaosTraffic(long records) {
    this.records = records;
  }

  /** Adds the stream's next records (a valid one, perhaps after a bad one) to {@code out}; false when it has ended. */
  abstract boolean more(Deque<ProducerRecord<byte[], byte[]>> out);

  @Override
  public final boolean hasNext() {
    return sent < records && (!pending.isEmpty() || more(pending));
  }

  @Override
  public final ProducerRecord<byte[], byte[]> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    sent++;
    return pending.poll();
  }
}
