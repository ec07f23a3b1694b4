package io.streamlearn.ops.http;

import com.typesafe.config.Config;
import io.streamlearn.ops.cli.UserError;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where the runtime's HTTP server listens ({@code streamlearn.http}). Safe by default: loopback;
 * any other address only with an access token, which every request must then carry.
 */
public record HttpSettings(String host, int port, String token) {

  public static HttpSettings fromConfig(Config http) {
    HttpSettings settings = new HttpSettings(http.getString("host"), http.getInt("port"), http.getString("token"));
    settings.check();
    return settings;
  }

  public HttpSettings withPort(int p) {
    return new HttpSettings(host, p, token);
  }

  public boolean loopback() {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new UserError("streamlearn.http.host '" + host + "' is not an address of this machine: " + e.getMessage());
    }
  }

  /** Whether requests must carry the token. */
  public boolean tokenRequired() {
    return !token.isEmpty();
  }

  private void check() {
    if (port < 0 || port > 65535) {
      throw new UserError("streamlearn.http.port " + port + " is not a port: give 1-65535, or 0 for a free one"
          + " (--http-port)");
    }
    if (!loopback() && token.isBlank()) {
      throw new UserError("streamlearn.http.host " + host + " is reachable from other machines, so the server needs an"
          + " access token: set streamlearn.http.token (or STREAMLEARN_HTTP_TOKEN), or keep host 127.0.0.1");
    }
  }
}
