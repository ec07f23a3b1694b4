package io.streamlearn.ops.http;

import io.streamlearn.ops.cli.UserError;
import java.net.BindException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The runtime's one HTTP server (Pekko HTTP on the pipelines' actor system): binds where
 * {@link HttpSettings} say, behind the access token when one is configured.
 */
public final class HttpServer implements AutoCloseable {

  private final ServerBinding binding;

  private HttpServer(ServerBinding binding) {
    this.binding = binding;
  }

  /**
   * Binds {@code routes}; a port already in use is the user's to change.
   *
   * @param portOption the flag and key that set the port, for the message
   */
  public static HttpServer start(ActorSystem<?> system, HttpSettings settings, Route routes, String portOption) {
    Route served = settings.tokenRequired() ? AccessToken.require(settings.token(), routes) : routes;
    try {
      ServerBinding binding = Http.get(system).newServerAt(settings.host(), settings.port()).bind(served)
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
      return new HttpServer(binding);
    } catch (Exception e) {
      Throwable cause = e instanceof CompletionException || e instanceof java.util.concurrent.ExecutionException
          ? e.getCause() : e;
      if (cause instanceof BindException || String.valueOf(cause).contains("Address already in use")) {
        throw new UserError("port " + settings.port() + " on " + settings.host() + " is in use: choose another with "
            + portOption + ", or 0 for a free one");
      }
      throw new IllegalStateException("cannot start the HTTP server on " + settings.host() + ":" + settings.port()
          + ": " + cause, cause);
    }
  }

  public int port() {
    return binding.localAddress().getPort();
  }

  /** The address to open, as a user types it. */
  public String url() {
    String host = binding.localAddress().getHostString();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/";
  }

  @Override
  public void close() {
    binding.terminate(Duration.ofSeconds(3)).toCompletableFuture().join();
  }
}
