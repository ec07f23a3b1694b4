package io.streamlearn.bench.e2e;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The bidder's load on the decision API: lookups of random campaigns at a fixed rate for a fixed
 * time over {@link #CONNECTIONS} connections, then it stops. Each lookup's latency counts from when
 * it was due, not when it was sent, so a stall shows in the figures instead of slowing the load
 * down (coordinated omission).
 */
final class LookupLoad {

  /** Latencies in ms, lookups that were not 200, and the rate achieved. */
  record Result(List<Double> latenciesMs, long failed, double achievedPerSecond) {}

  private LookupLoad() {}

  /** Lookups spread over this many connections, as a bidder's request threads would spread them. */
  static final int CONNECTIONS = 8;

  static Result run(String baseUrl, List<String> campaigns, double perSecond, double seconds, long seed)
      throws Exception {
    List<String> paths = new ArrayList<>();
    for (String id : campaigns) {
      paths.add("/api/ads/campaigns/" + id + "/decision");
    }
    long total = Math.round(perSecond * seconds);
    long intervalNanos = Math.round(1e9 / perSecond);
    List<Double> latencies = java.util.Collections.synchronizedList(new ArrayList<>((int) total));
    java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(CONNECTIONS);
    List<java.util.concurrent.Future<?>> workers = new ArrayList<>();
    for (int w = 0; w < CONNECTIONS; w++) {
      int worker = w;
      io.streamlearn.models.Rng pick = new io.streamlearn.models.Rng(io.streamlearn.models.Rng.derive(seed, w));
      // Worker w takes lookups w, w + CONNECTIONS, ...: together they keep the one schedule.
      workers.add(pool.submit(() -> {
        try (KeepAliveClient http = new KeepAliveClient(URI.create(baseUrl))) {
          for (long i = worker; i < total; i += CONNECTIONS) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
              TimeUnit.NANOSECONDS.sleep(wait);
            }
            int status = http.get(paths.get(pick.nextInt(paths.size())));
            latencies.add((System.nanoTime() - due) / 1e6);
            if (status != 200) {
              failed.incrementAndGet();
            }
          }
        }
        return null;
      }));
    }
    for (java.util.concurrent.Future<?> w : workers) {
      w.get();
    }
    pool.shutdown();
    double took = (System.nanoTime() - start) / 1e9;
    return new Result(latencies, failed.get(), total / took);
  }
}
