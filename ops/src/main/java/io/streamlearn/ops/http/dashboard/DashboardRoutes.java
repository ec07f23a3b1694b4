package io.streamlearn.ops.http.dashboard;

import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.getFromResource;
import static org.apache.pekko.http.javadsl.server.Directives.getFromResourceDirectory;
import static org.apache.pekko.http.javadsl.server.Directives.handleWebSocketMessages;
import static org.apache.pekko.http.javadsl.server.Directives.parameterMap;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.pathSingleSlash;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamlearn.ops.http.ApiRoutes;
import io.streamlearn.ops.http.Json;
import io.streamlearn.ops.http.OpsRoutes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The dashboard: the pages (EEG at {@code /}, {@code /ads}, {@code /chat}, {@code /node}), their
 * scripts and the chart library from the jar, and one WebSocket per page pushing frames from
 * {@link LiveViews}. A page's choices are its socket's query; a bad one is a 400, an unknown
 * recording a 404, both before the socket opens.
 */
public final class DashboardRoutes {

  /** List views change about once a second; pushing them faster would only cost bytes. */
  private static final Duration LIST_PERIOD = Duration.ofSeconds(1);

  /** The chart library's files in its WebJar. */
  private static final String UPLOT = "META-INF/resources/webjars/uplot/" + webJarVersion("uplot") + "/dist";

  private DashboardRoutes() {}

  /** The version of an npm WebJar on the classpath, so pages name no version. */
  private static String webJarVersion(String name) {
    String file = "META-INF/maven/org.webjars.npm/" + name + "/pom.properties";
    try (var in = DashboardRoutes.class.getClassLoader().getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("the " + name + " WebJar is not on the classpath (" + file + ")");
      }
      java.util.Properties p = new java.util.Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * @param platforms the ads platforms' names, in allocation order
   * @param nodeStatus the node page's frame: partitions, lag, rates, recovery
   */
  public static Route routes(ActorSystem<?> system, LiveViews views, MeterRegistry registry, List<String> platforms,
      Supplier<ObjectNode> nodeStatus) {
    DashboardSettings settings = views.settings();
    FrameSocket sockets = new FrameSocket(registry, settings,
        system.dispatchers().lookup(DispatcherSelector.fromConfig(FrameSocket.DISPATCHER)));
    Duration framePeriod = Duration.ofNanos((long) (1e9 / settings.framesPerSecond()));
    return get(() -> concat(
        pathSingleSlash(() -> getFromResource("dashboard/eeg.html")),
        path("ads", () -> getFromResource("dashboard/ads.html")),
        path("chat", () -> getFromResource("dashboard/chat.html")),
        path("node", () -> getFromResource("dashboard/node.html")),
        pathPrefix("static", () -> getFromResourceDirectory("dashboard/static")),
        pathPrefix("lib", () -> pathPrefix("uplot", () -> getFromResourceDirectory(UPLOT))),
        pathPrefix("ws", () -> concat(
            path("eeg", () -> parameterMap(query -> eegSocket(views, sockets, framePeriod, query))),
            path("ads", () -> listSocket(sockets, "ads", () -> PageFrames.campaigns(views, platforms))),
            path("chat", () -> listSocket(sockets, "chat",
                () -> PageFrames.conversations(views, settings.chatConversations()))),
            path("node", () -> listSocket(sockets, "node", nodeStatus))))));
  }

  private static Route eegSocket(LiveViews views, FrameSocket sockets, Duration period,
      java.util.Map<String, String> query) {
    DashboardSettings settings = views.settings();
    EegQuery q;
    try {
      q = EegQuery.parse(query, settings.eegChannels(), settings.eegKeepSeconds());
    } catch (EegQuery.Invalid e) {
      return error(400, e.getMessage());
    }
    if (q.recording().isEmpty()) {
      return listSocket(sockets, "eeg", () -> PageFrames.recordings(views));
    }
    Optional<String> malformed = ApiRoutes.malformedReason(q.recording());
    if (malformed.isPresent()) {
      return error(400, "the recording id " + malformed.get());
    }
    Optional<RecordingTrace> trace = views.existingRecording(q.recording());
    if (trace.isEmpty()) {
      // Echoed to the caller only, never logged: EEG recording ids are medical data.
      return error(404, "no live recording " + q.recording());
    }
    String unrealisable = q.unrealisable(trace.get().summary().sampleRate());
    if (unrealisable != null) {
      return error(400, unrealisable);
    }
    EegTracesFrames frames = new EegTracesFrames(views, trace.get(), q);
    // A plain GET of the same URL (the page asks first) says the query is good; the upgrade opens the socket.
    return concat(handleWebSocketMessages(sockets.flow("eeg", period, frames::next)), ok());
  }

  /** A page's socket pushing one list frame a second; a plain GET answers that it is there. */
  private static Route listSocket(FrameSocket sockets, String page, Supplier<ObjectNode> frame) {
    return concat(handleWebSocketMessages(sockets.flow(page, LIST_PERIOD, () -> Optional.of(Json.write(frame.get())))),
        ok());
  }

  private static Route ok() {
    return OpsRoutes.json(StatusCodes.OK, "{\"ok\":true}");
  }

  private static Route error(int status, String message) {
    return OpsRoutes.error(StatusCodes.get(status), message);
  }
}
