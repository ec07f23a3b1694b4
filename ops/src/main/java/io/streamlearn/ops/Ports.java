package io.streamlearn.ops;

import io.streamlearn.ops.cli.UserError;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Ports the user chose, checked before anything starts so a taken one is one line naming the fix. */
final class Ports {

  private Ports() {}

  /** @param option the flag (and configuration key) that sets this port */
  static void requireFree(int port, String option) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    } catch (IOException e) {
      throw new UserError("port " + port + " is in use (" + e.getMessage() + "): choose another with " + option
          + ", or 0 for a free one");
    }
  }
}
