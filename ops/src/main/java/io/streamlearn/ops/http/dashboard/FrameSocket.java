package io.streamlearn.ops.http.dashboard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.stream.BackpressureTimeoutException;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A page's WebSocket: a frame per tick, built on the dashboard's own dispatcher (never the
 * pipelines'). A page slower than the tick rate gets fewer frames, the missed ticks counted as
 * dropped; one that stops reading is disconnected after {@code slow-client-timeout}, so nothing a
 * browser does grows a buffer or slows the pipeline.
 */
final class FrameSocket {

  /** The dashboard's dispatcher: one thread, so frames cost the pipelines at most one core's share. */
  static final String DISPATCHER = "streamlearn.dashboard.dispatcher";

  private final MeterRegistry registry;
  private final DashboardSettings settings;
  private final Executor builders;
  private final AtomicInteger clients = new AtomicInteger();

  /** @param builders where frames are built: the {@link #DISPATCHER} */
  FrameSocket(MeterRegistry registry, DashboardSettings settings, Executor builders) {
    this.registry = registry;
    this.settings = settings;
    this.builders = builders;
    Gauge.builder("streamlearn.dashboard.clients", clients, AtomicInteger::get)
        .description("Dashboard pages connected (WebSockets open)").register(registry);
  }

  /**
   * @param page the page, for the metrics' tag
   * @param period time between frames
   * @param frames the next frame, or empty when nothing changed since the last one
   */
  Flow<Message, Message, NotUsed> flow(String page, Duration period, Supplier<Optional<String>> frames) {
    Counter sent = counter("streamlearn.dashboard.frames.sent", "Frames sent to dashboard pages", page);
    Counter dropped = counter("streamlearn.dashboard.frames.dropped",
        "Frames not sent because the page had not taken the previous one", page);
    Counter slow = counter("streamlearn.dashboard.clients.dropped",
        "Pages disconnected for reading nothing for streamlearn.dashboard.slow-client-timeout", page);
    // The tick source drops ticks nobody asked for; the time since the last one taken tells how
    // many. The state is per socket: one flow serves every page of a route.
    Source<Message, NotUsed> out = Source.tick(Duration.ZERO, period, Boolean.TRUE)
        .statefulMapConcat(() -> {
          long[] lastTick = {0};
          return tick -> {
            long now = System.nanoTime();
            if (lastTick[0] != 0) {
              long missed = (now - lastTick[0]) / period.toNanos() - 1;
              if (missed > 0) {
                dropped.increment(missed);
              }
            }
            lastTick[0] = now;
            return List.of(tick);
          };
        })
        // One frame in the making at a time, and no stage buffer after it: a frame is built only
        // when the page can take it.
        .mapAsync(1, tick -> CompletableFuture.supplyAsync(frames, builders))
        .filter(Optional::isPresent)
        .map(frame -> {
          sent.increment();
          return (Message) TextMessage.create(frame.get());
        })
        .backpressureTimeout(settings.slowClientTimeout())
        .watchTermination((notUsed, done) -> {
          clients.incrementAndGet();
          done.whenComplete((d, error) -> {
            clients.decrementAndGet();
            if (error instanceof BackpressureTimeoutException) {
              slow.increment();
            }
          });
          return NotUsed.getInstance();
        })
        .mapMaterializedValue(m -> NotUsed.getInstance());
    // What the page sends is ignored: its choices are in the socket's URL.
    return Flow.fromSinkAndSourceCoupled(Sink.ignore(), out);
  }

  private Counter counter(String name, String help, String page) {
    return Counter.builder(name).description(help).tag("page", page).register(registry);
  }
}
