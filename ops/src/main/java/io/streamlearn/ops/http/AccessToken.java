package io.streamlearn.ops.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.formField;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.Directives.redirect;
import static org.apache.pekko.http.javadsl.server.Directives.setCookie;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.model.headers.HttpCookie;
import org.apache.pekko.http.javadsl.model.headers.SameSite;
import org.apache.pekko.http.javadsl.model.headers.Cookie;
import org.apache.pekko.http.javadsl.model.headers.HttpCookiePair;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Lets a request through only with the configured token: a bearer header, or the cookie that
 * {@code /login} sets once the token is typed in (HttpOnly, SameSite=Strict: page scripts and
 * other sites never see it). The form's page is the one thing served without it.
 */
final class AccessToken {

  static final String COOKIE = "streamlearn_token";

  private AccessToken() {}

  static Route require(String token, Route inner) {
    return concat(
        path("login", () -> concat(
            get(() -> loginPage(StatusCodes.OK, "")),
            post(() -> formField("token", given -> same(given, token)
                ? setCookie(HttpCookie.create(COOKIE, token).withHttpOnly(true).withPath("/")
                        .withSameSite(SameSite.Strict),
                    () -> redirect(Uri.create("/"), StatusCodes.SEE_OTHER))
                : loginPage(StatusCodes.UNAUTHORIZED, "That is not this server's token."))))),
        extractRequest(request -> presented(request).filter(t -> same(t, token)).isPresent()
            ? inner
            : refused(request)));
  }

  /** A browser asking for a page is sent to the login form; any other caller gets the JSON error. */
  private static Route refused(HttpRequest request) {
    boolean browser = request.getHeader("Accept").map(h -> h.value().contains("text/html")).orElse(false);
    if (browser) {
      return redirect(Uri.create("/login"), StatusCodes.SEE_OTHER);
    }
    return complete(HttpResponse.create().withStatus(StatusCodes.UNAUTHORIZED)
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON,
            "{\"error\":\"this server requires its access token: send Authorization: Bearer <token>, or log in at"
                + " /login for the cookie\"}")));
  }

  private static Route loginPage(StatusCode status, String message) {
    String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>streamlearn · log in</title>"
        // Styled inline: the stylesheet is behind the token too.
        + "<style>body{font:14px system-ui,sans-serif;background:#101418;color:#dde3e8;padding:40px}"
        + ".alerting{color:#ff6b6b}</style></head><body>"
        + "<h2>This server needs its access token (streamlearn.http.token)</h2>"
        + "<form method=\"post\" action=\"/login\"><input type=\"password\" name=\"token\" autofocus> "
        + "<button type=\"submit\">Log in</button></form><p class=\"alerting\">" + message + "</p>"
        + "</body></html>";
    return complete(HttpResponse.create().withStatus(status)
        .withEntity(HttpEntities.create(ContentTypes.TEXT_HTML_UTF8, html)));
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
