package io.streamlearn.models.chat;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A trained RxT and its stateless baseline in one file (each with its configuration and vocabulary). */
public record ChatCheckpoint(ReactiveTransformer rxt, StatelessChat baseline) {
  /** Classpath location of the checkpoint shipped with the models module. */
  public static final String RESOURCE = "/chat/rxt-tiny.bin";

  public void save(Path file) throws IOException {
    try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file))) {
      DataOutputStream out = new DataOutputStream(os);
      rxt.write(out);
      baseline.write(out);
      out.flush();
    }
  }

  public static ChatCheckpoint load(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(new BufferedInputStream(in));
    return new ChatCheckpoint(ReactiveTransformer.read(data), StatelessChat.read(data));
  }

  public static ChatCheckpoint load(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return load(in);
    }
  }

  /** The checkpoint shipped as a resource. */
  public static ChatCheckpoint shipped() throws IOException {
    try (InputStream in = ChatCheckpoint.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IOException("no shipped checkpoint at " + RESOURCE);
      }
      return load(in);
    }
  }
}
