package io.streamlearn.streams.replay;

import io.streamlearn.schemas.RecordedRecord;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import java.util.Optional;

/**
 * Kafka records in an Avro container file ({@code RecordedRecord} schema, self-describing, readable
 * by any Avro tool): what {@code record} writes from a topic range and {@code replay} reads back.
 */
public final class RecordingFile implements Closeable {

  private final DataFileWriter<RecordedRecord> writer;
  private long written;

  private RecordingFile(DataFileWriter<RecordedRecord> writer) {
    this.writer = writer;
  }

  public static RecordingFile create(Path path) throws IOException {
    DataFileWriter<RecordedRecord> writer = new DataFileWriter<>(new SpecificDatumWriter<>(RecordedRecord.class));
    writer.setCodec(CodecFactory.deflateCodec(1));
    writer.create(RecordedRecord.getClassSchema(), path.toFile());
    return new RecordingFile(writer);
  }

  public void append(ConsumerRecord<byte[], byte[]> record) throws IOException {
    append(record.topic(), record.partition(), record.offset(), record.timestamp(), record.key(), record.value());
  }

  /** Appends an output record; its offset is its position in the file. */
  public void append(ProducerRecord<byte[], byte[]> record) throws IOException {
    long timestamp = record.timestamp() == null ? 0L : record.timestamp();
    append(record.topic(), -1, written, timestamp, record.key(), record.value());
  }

  private void append(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value)
      throws IOException {
    writer.append(RecordedRecord.newBuilder()
        .setTopic(topic)
        .setPartition(partition)
        .setOffset(offset)
        .setTimestamp(Instant.ofEpochMilli(timestamp))
        .setKey(key == null ? null : ByteBuffer.wrap(key))
        .setValue(value == null ? null : ByteBuffer.wrap(value))
        .build());
    written++;
  }

  public long written() {
    return written;
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }

  /**
   * The number of records in a recording, read block by block without decoding them, which also
   * proves the file whole: a file that is not an Avro container of recorded records, or is cut
   * short, throws.
   *
   * @throws IOException naming what is wrong and, for a damaged file, after how many records
   */
  public static long count(Path path) throws IOException {
    long records = 0;
    long size = Files.size(path);
    try (DataFileReader<RecordedRecord> file = new DataFileReader<>(path.toFile(),
        new SpecificDatumReader<>(RecordedRecord.class))) {
      if (!file.getSchema().getFullName().equals(RecordedRecord.getClassSchema().getFullName())) {
        throw new IOException("holds " + file.getSchema().getFullName() + " records, not the recorded Kafka records"
            + " `record` writes");
      }
      long blockEnd = file.previousSync();
      while (file.hasNext()) {
        file.nextBlock();
        records += file.getBlockCount();
        blockEnd = file.tell();
      }
      // Avro stops quietly at a block cut short; a whole file ends where its last block ends.
      if (blockEnd < size) {
        throw new IOException("damaged after " + records + " records: " + (size - blockEnd)
            + " bytes at its end are not a whole block (the file was cut short?)");
      }
      return records;
    } catch (AvroRuntimeException e) {
      String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new IOException((records == 0 ? "" : "damaged after " + records + " records: ") + detail, e);
    }
  }

  /** The file's records as consumer records, in file order, read lazily. */
  public static Source<ConsumerRecord<byte[], byte[]>, NotUsed> source(Path path) {
    return Source.fromIterator(() -> new Reader(path));
  }

  /** Iterates a recording, closing the file after its last record. */
  private static final class Reader implements Iterator<ConsumerRecord<byte[], byte[]>> {
    private final DataFileReader<RecordedRecord> file;

    Reader(Path path) {
      try {
        file = new DataFileReader<>(path.toFile(), new SpecificDatumReader<>(RecordedRecord.class));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read recording " + path + ": " + e.getMessage(), e);
      }
    }

    @Override
    public boolean hasNext() {
      boolean more = file.hasNext();
      if (!more) {
        closeQuietly(file);
      }
      return more;
    }

    @Override
    public ConsumerRecord<byte[], byte[]> next() {
      return toConsumerRecord(file.next());
    }
  }

  static ConsumerRecord<byte[], byte[]> toConsumerRecord(RecordedRecord r) {
    byte[] key = bytes(r.getKey());
    byte[] value = bytes(r.getValue());
    return new ConsumerRecord<>(r.getTopic(), r.getPartition(), r.getOffset(), r.getTimestamp().toEpochMilli(),
        TimestampType.CREATE_TIME, key == null ? -1 : key.length, value == null ? -1 : value.length,
        key, value, new RecordHeaders(), Optional.empty());
  }

  private static byte[] bytes(ByteBuffer buffer) {
    if (buffer == null) {
      return null;
    }
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }

  private static void closeQuietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException ignored) {
      // End of a read-only file: nothing to lose.
    }
  }
}
