package io.streamlearn.schemas.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;

/**
 * Earlier versions of schemas whose records outlive a release (snapshots in a compacted topic), kept
 * as resources so a codec can still decode them ({@link SingleObjectCodec#addWriterSchema}).
 */
public final class PastSchemas {

  private PastSchemas() {}

  /** The schema of {@code io/streamlearn/schemas/past/<name>.avsc}, e.g. {@code EntitySnapshot-v1}. */
  public static Schema load(String name) {
    String resource = "/io/streamlearn/schemas/past/" + name + ".avsc";
    try (InputStream in = PastSchemas.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no past schema " + resource);
      }
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
