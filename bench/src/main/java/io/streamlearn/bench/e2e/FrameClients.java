package io.streamlearn.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Browser-equivalent dashboard clients: each holds the EEG page's WebSocket for one recording and
 * takes every frame as a page does (parse the JSON), noting for each frame that brings a newer
 * prediction or signal how long after its block was due it arrived.
 */
final class FrameClients implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What one client saw. */
  static final class Client implements WebSocket.Listener {
    final AtomicLong frames = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final List<Double> predictionDelaysMs = Collections.synchronizedList(new ArrayList<>());
    final List<Double> signalDelaysMs = Collections.synchronizedList(new ArrayList<>());
    private final BlockClock clock;
    private final long blockMillis;
    private final double sampleMillis;
    private final long countFrom;
    private final StringBuilder partial = new StringBuilder();
    private long lastPrediction = Long.MIN_VALUE;
    private long lastSample = Long.MIN_VALUE;
    WebSocket socket;

    Client(BlockClock clock, long blockMillis, double sampleMillis, long countFromNanos) {
      this.clock = clock;
      this.blockMillis = blockMillis;
      this.sampleMillis = sampleMillis;
      this.countFrom = countFromNanos;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        long now = System.nanoTime();
        String text = partial.toString();
        partial.setLength(0);
        frames.incrementAndGet();
        bytes.addAndGet(text.length());
        try {
          take(JSON.readTree(text), now);
        } catch (Exception e) {
          throw new IllegalStateException("a frame that is not JSON: " + e, e);
        }
      }
      ws.request(1);
      return null;
    }

    private void take(JsonNode frame, long now) {
      if (!"traces".equals(frame.path("type").asText()) || now < countFrom) {
        return;
      }
      JsonNode times = frame.get("prediction_times");
      if (times.size() > 0) {
        long newest = times.get(times.size() - 1).asLong();
        if (newest > lastPrediction) {
          lastPrediction = newest;
          // forecast_time is the sample after the block: the block started blockMillis before it.
          predictionDelaysMs.add((now - clock.due(newest - blockMillis)) / 1e6);
        }
      }
      long t1 = frame.get("t1").asLong();
      if (t1 > lastSample) {
        lastSample = t1;
        signalDelaysMs.add((now - clock.due(Math.round(t1 + sampleMillis - blockMillis))) / 1e6);
      }
    }
  }

  private final List<Client> clients = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  /**
   * Connects {@code count} clients to recordings {@code ids} in turn, each once its recording is
   * on the dashboard (the socket's URL answers 200 instead of 404).
   */
  FrameClients(String baseUrl, List<String> ids, int count, BlockClock clock, long blockMillis, double sampleMillis,
      long countFromNanos) throws Exception {
    for (int c = 0; c < count; c++) {
      String query = "ws/eeg?recording=" + ids.get(c % ids.size()) + "&window=10&columns=800&hp=0.5&lp=70&notch=50";
      URI check = URI.create(baseUrl + query);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (http.send(HttpRequest.newBuilder(check).build(), HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("recording " + ids.get(c % ids.size()) + " never reached the dashboard");
        }
        Thread.sleep(100);
      }
      Client client = new Client(clock, blockMillis, sampleMillis, countFromNanos);
      client.socket = http.newWebSocketBuilder().buildAsync(URI.create(baseUrl.replace("http://", "ws://") + query), client)
          .get(30, TimeUnit.SECONDS);
      clients.add(client);
    }
  }

  List<Client> clients() {
    return clients;
  }

  @Override
  public void close() {
    for (Client c : clients) {
      c.socket.abort();
    }
  }
}
