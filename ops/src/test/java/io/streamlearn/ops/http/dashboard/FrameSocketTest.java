package io.streamlearn.ops.http.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.stream.BackpressureTimeoutException;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A page that takes frames slowly gets fewer; one that stops reading is dropped after the bound, both counted. */
class FrameSocketTest {

  private static ActorSystem<Void> system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create(Behaviors.empty(), "frame-socket-test",
        ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load()));
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  private static java.util.concurrent.Executor builders() {
    return system.dispatchers().lookup(org.apache.pekko.actor.typed.DispatcherSelector.fromConfig(FrameSocket.DISPATCHER));
  }

  private static DashboardSettings settings(Duration slowClientTimeout) {
    return new DashboardSettings(10, slowClientTimeout, List.of(Duration.ofSeconds(10)), 4, List.of(), 10, 10, 10, 3, 1.5);
  }

  @Test
  void aPageThatStopsReadingIsDroppedAfterTheBoundAndCounted() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    FrameSocket sockets = new FrameSocket(registry, settings(Duration.ofMillis(300)), builders());
    AtomicLong built = new AtomicLong();
    // The page takes one frame, then never asks for another.
    CompletableFuture<?> done = Source.<Message>maybe()
        .via(sockets.flow("test", Duration.ofMillis(20), () -> Optional.of("frame " + built.incrementAndGet())))
        .mapAsync(1, frame -> new CompletableFuture<Void>())
        .runWith(Sink.ignore(), system).toCompletableFuture();
    ExecutionException e = assertThrows(ExecutionException.class, () -> done.get(10, TimeUnit.SECONDS));
    assertInstanceOf(BackpressureTimeoutException.class, e.getCause());
    Thread.sleep(100); // the termination callback runs after the failure reaches the sink
    assertEquals(1.0, registry.get("streamlearn.dashboard.clients.dropped").tag("page", "test").counter().count());
    assertTrue(built.get() <= 3, "frames are built only when the page can take them: " + built.get());
    assertEquals(0.0, registry.get("streamlearn.dashboard.clients").gauge().value());
  }

  @Test
  void aSlowPageGetsFewerFramesTheMissedOnesCounted() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    FrameSocket sockets = new FrameSocket(registry, settings(Duration.ofSeconds(5)), builders());
    // Ticks every 20 ms; the page takes a frame every 100 ms.
    Source.<Message>maybe()
        .via(sockets.flow("test", Duration.ofMillis(20), () -> Optional.of("frame")))
        .mapAsync(1, frame -> CompletableFuture.supplyAsync(() -> frame,
            CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS)))
        .take(8)
        .runWith(Sink.ignore(), system).toCompletableFuture().get(10, TimeUnit.SECONDS);
    double dropped = registry.get("streamlearn.dashboard.frames.dropped").tag("page", "test").counter().count();
    assertTrue(dropped >= 15 && dropped <= 40, "about four ticks missed per frame taken: " + dropped);
  }

  @Test
  void aPageThatReadsGetsAFramePerTick() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    FrameSocket sockets = new FrameSocket(registry, settings(Duration.ofSeconds(5)), builders());
    List<Message> frames = Source.<Message>maybe()
        .via(sockets.flow("test", Duration.ofMillis(20), () -> Optional.of("frame")))
        .take(10)
        .runWith(Sink.seq(), system).toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(10, frames.size());
    assertEquals(10.0, registry.get("streamlearn.dashboard.frames.sent").tag("page", "test").counter().count());
  }
}
