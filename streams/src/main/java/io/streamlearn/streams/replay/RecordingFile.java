package io.streamlearn.streams.replay;

import io.streamlearn.schemas.RecordedRecord;
import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.function.Consumer;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.InvalidAvroMagicException;
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
   * proves the file whole before anything runs on it.
   *
   * @throws IOException one line naming the file and the problem (see {@link #forEach})
   */
  public static long count(Path path) throws IOException {
    return read(path, file -> {
      long records = 0;
      while (file.hasNext()) {
        file.nextBlock();
        records += file.getBlockCount();
      }
      return records;
    });
  }

  /** The file's records as consumer records, in file order, read lazily. */
  public static Source<ConsumerRecord<byte[], byte[]>, NotUsed> source(Path path) {
    return Source.fromIterator(() -> new Reader(path));
  }

  /**
   * Reads every record of a recording, in file order.
   *
   * @throws IOException one line naming the file and the problem: not an Avro container file, not a
   *     recording (another schema), truncated or corrupt after a given record
   */
  public static void forEach(Path path, Consumer<ConsumerRecord<byte[], byte[]>> each) throws IOException {
    read(path, file -> {
      long read = 0;
      while (file.hasNext()) {
        each.accept(toConsumerRecord(file.next()));
        read++;
      }
      return read;
    });
  }

  private interface FileRead {
    long run(DataFileReader<RecordedRecord> file) throws IOException;
  }

  /** Opens a recording, runs {@code read} over it and checks that the file ended where its last block did. */
  private static long read(Path path, FileRead read) throws IOException {
    long[] records = {0};
    try (DataFileReader<RecordedRecord> file = new DataFileReader<>(path.toFile(), new SpecificDatumReader<>(RecordedRecord.class))) {
      String schema = file.getSchema().getFullName();
      if (!schema.equals(RecordedRecord.getClassSchema().getFullName())) {
        throw new IOException(path + ": an Avro file of " + schema + " records, not a recording (written by `record`)");
      }
      records[0] = read.run(file);
      // Avro's reader ends quietly at a block cut short; a whole file ends at its last block's sync marker.
      long length = Files.size(path);
      if (file.previousSync() != length) {
        throw new IOException(path + ": truncated or corrupt after record " + records[0]
            + ": the last complete block ends at byte " + file.previousSync() + " of " + length);
      }
      return records[0];
    } catch (InvalidAvroMagicException e) {
      throw new IOException(path + ": not an Avro container file (no 'Obj' magic at byte 0): pass a file written by `record`");
    } catch (NoSuchFileException | FileNotFoundException e) {
      throw new IOException(path + ": no such file");
    } catch (IOException | AvroRuntimeException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(path.toString())) {
        throw e;
      }
      throw new IOException(path + ": truncated or corrupt after record " + records[0] + ": " + e.getMessage());
    }
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
