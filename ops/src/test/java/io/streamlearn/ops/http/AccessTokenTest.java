package io.streamlearn.ops.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.streamlearn.ops.cli.UserError;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

/** The server's access rule: any address but loopback needs a token, and then every request carries it. */
class AccessTokenTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void aNonLoopbackAddressWithoutATokenRefusesToStartNamingTheFix() {
    UserError e = assertThrows(UserError.class, () -> HttpSettings.fromConfig(ConfigFactory.parseString(
        "host = \"0.0.0.0\", port = 0, token = \"\"")));
    assertTrue(e.getMessage().contains("streamlearn.http.token"), e.getMessage());
  }

  @Test
  void withATokenRequestsWithoutItAre401AndWithItPass() throws Exception {
    HttpSettings settings = HttpSettings.fromConfig(ConfigFactory.parseString(
        "host = \"0.0.0.0\", port = 0, token = \"s3cret-token\""));
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "access-token-test",
        ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load()));
    try (HttpServer server = HttpServer.start(system, settings, complete("inside"), "--http-port")) {
      URI uri = URI.create("http://127.0.0.1:" + server.port() + "/anything");
      assertEquals(401, send(HttpRequest.newBuilder(uri)).statusCode());
      assertEquals(401, send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer wrong")).statusCode());
      HttpResponse<String> bearer = send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer s3cret-token"));
      assertEquals(200, bearer.statusCode());
      assertEquals("inside", bearer.body());
      assertEquals(200, send(HttpRequest.newBuilder(uri).header("Cookie", AccessToken.COOKIE + "=s3cret-token")).statusCode());

      // A browser without the cookie is sent to the form; the right token there sets the cookie.
      HttpResponse<String> page = send(HttpRequest.newBuilder(uri).header("Accept", "text/html"));
      assertEquals(303, page.statusCode());
      assertEquals("/login", page.headers().firstValue("Location").orElse(""));
      URI login = URI.create("http://127.0.0.1:" + server.port() + "/login");
      assertEquals(200, send(HttpRequest.newBuilder(login)).statusCode());
      assertEquals(401, send(form(login, "token=guess")).statusCode());
      HttpResponse<String> in = send(form(login, "token=s3cret-token"));
      assertEquals(303, in.statusCode());
      String cookie = in.headers().firstValue("Set-Cookie").orElse("");
      assertTrue(cookie.startsWith(AccessToken.COOKIE + "=s3cret-token") && cookie.contains("HttpOnly"), cookie);
    } finally {
      system.terminate();
    }
  }

  private static HttpRequest.Builder form(URI uri, String body) {
    return HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
