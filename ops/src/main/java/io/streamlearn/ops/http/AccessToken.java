package io.streamlearn.ops.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Cookie;
import org.apache.pekko.http.javadsl.model.headers.HttpCookiePair;
import org.apache.pekko.http.javadsl.server.Route;

/** Lets a request through only with the configured token: a bearer header, or the login cookie. */
final class AccessToken {

  static final String COOKIE = "streamlearn_token";

  private AccessToken() {}

  static Route require(String token, Route inner) {
    return extractRequest(request -> presented(request).filter(t -> same(t, token)).isPresent()
        ? inner
        : complete(HttpResponse.create().withStatus(StatusCodes.UNAUTHORIZED)
            .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON,
                "{\"error\":\"this server requires its access token: send Authorization: Bearer <token>\"}"))));
  }

  private static Optional<String> presented(HttpRequest request) {
    Optional<String> bearer = request.getHeader("Authorization")
        .map(h -> h.value())
        .filter(v -> v.startsWith("Bearer "))
        .map(v -> v.substring("Bearer ".length()).trim());
    if (bearer.isPresent()) {
      return bearer;
    }
    return request.getHeader(Cookie.class)
        .flatMap(c -> StreamSupport.stream(c.getCookies().spliterator(), false)
            .filter(p -> p.name().equals(COOKIE)).map(HttpCookiePair::value).findFirst());
  }

  /** Constant-time comparison: the time to reject must not tell how much of a guess was right. */
  private static boolean same(String presented, String token) {
    return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
  }
}
