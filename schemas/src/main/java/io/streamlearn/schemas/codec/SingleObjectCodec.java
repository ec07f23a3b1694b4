package io.streamlearn.schemas.codec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.MissingSchemaException;

/**
 * Avro single-object encoding (spec: {@code C3 01}, 8-byte little-endian CRC-64-AVRO fingerprint of
 * the writer schema, binary datum), with Avro's own message encoder and decoder. Any Avro client with
 * the {@code .avsc} files can read and write our topics.
 *
 * <p>Messages written with an older version of a schema decode into the current class once that
 * version is registered with {@link #addWriterSchema}: Avro resolves fields by name, aliases and
 * defaults. Thread-safe: Avro's encoder and decoder keep per-thread buffers.
 */
public final class SingleObjectCodec<T extends SpecificRecord> {

  private final Schema schema;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  public SingleObjectCodec(Schema schema) {
    this.schema = Objects.requireNonNull(schema);
    this.encoder = new BinaryMessageEncoder<>(SpecificData.get(), schema);
    this.decoder = new BinaryMessageDecoder<>(SpecificData.get(), schema, new SchemaStore.Cache());
  }

  /** Codec for a generated class, e.g. {@code SingleObjectCodec.of(AdImpression.getClassSchema())}. */
  public static <T extends SpecificRecord> SingleObjectCodec<T> of(Schema schema) {
    return new SingleObjectCodec<>(schema);
  }

  public Schema schema() {
    return schema;
  }

  /** Lets messages written with an older (or newer, compatible) version of the schema be decoded. */
  public SingleObjectCodec<T> addWriterSchema(Schema writerSchema) {
    decoder.addSchema(writerSchema);
    return this;
  }

  public byte[] encode(T record) {
    try {
      ByteBuffer buffer = encoder.encode(record);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new AvroRuntimeException("cannot encode " + schema.getName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Decodes one message.
   *
   * @throws DecodeException naming what is wrong: bad header, unknown fingerprint, truncated or
   *     malformed body. The caller sends the bytes to the dead-letter topic with that reason.
   */
  public T decode(byte[] bytes) {
    if (bytes == null) {
      throw new DecodeException("record has no value");
    }
    try {
      return decoder.decode(bytes);
    } catch (BadHeaderException e) {
      throw new DecodeException("not Avro single-object encoded: " + e.getMessage(), e);
    } catch (MissingSchemaException e) {
      throw new DecodeException("unknown schema fingerprint for " + schema.getName() + ": " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      // Truncated bodies surface as EOFException, absurd lengths as AvroRuntimeException or
      // NegativeArraySizeException / OutOfMemoryError guards inside Avro: all are bad input, not bugs.
      throw new DecodeException("malformed " + schema.getName() + " body: " + e, e);
    }
  }

  /** A message that cannot be decoded; its message is the reason written to the dead-letter topic. */
  public static final class DecodeException extends RuntimeException {
    public DecodeException(String message) {
      super(message);
    }

    public DecodeException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
