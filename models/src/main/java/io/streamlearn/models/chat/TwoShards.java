package io.streamlearn.models.chat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A batch's gradient computed as two fixed halves: the first on the model itself, the second on a
 * replica holding a copy of its parameters, on a worker thread when the machine has a second core.
 * The replica's gradients are then added into the model's. Neither the halves nor the order of that
 * sum depend on whether the worker ran, so training gives the same bytes on one core or two.
 *
 * @param <M> the model type (the RxT or the stateless baseline)
 */
final class TwoShards<M> implements AutoCloseable {
  /** Forward and backward pass of shard 0 or 1 on {@code model}, leaving its gradients in the model's parameters. */
  interface Work<M, R> {
    R run(M model, int shard);
  }

  private final M model;
  private final Parameters params;
  private final M replica;
  private final Parameters replicaParams;
  private final boolean parallel;
  private ExecutorService worker;

  /** @param parallel whether the second shard runs on a worker thread */
  TwoShards(M model, Parameters params, M replica, Parameters replicaParams, boolean parallel) {
    this.model = model;
    this.params = params;
    this.replica = replica;
    this.replicaParams = replicaParams;
    this.parallel = parallel;
  }

  /** Whether this machine has a second core for the second shard. */
  static boolean secondCore() {
    return Runtime.getRuntime().availableProcessors() >= 2;
  }

  /** The half {@code shard} (0 or 1) of {@code items}; the first half is the smaller one when the size is odd. */
  static <T> List<T> half(List<T> items, int shard) {
    int cut = items.size() / 2;
    return shard == 0 ? items.subList(0, cut) : items.subList(cut, items.size());
  }

  /** Runs both shards, sums the gradients into the model's parameters, and returns the shards' results in order. */
  <R> List<R> run(Work<M, R> work) {
    for (Map.Entry<String, Tensor> e : params.all().entrySet()) {
      Tensor copy = replicaParams.get(e.getKey());
      System.arraycopy(e.getValue().value, 0, copy.value, 0, copy.value.length);
      copy.needsGrad = e.getValue().needsGrad;
    }
    Future<R> second = null;
    if (parallel) {
      if (worker == null) {
        worker = Executors.newSingleThreadExecutor(r -> {
          Thread t = new Thread(r, "rxt-shard");
          t.setDaemon(true);
          return t;
        });
      }
      second = worker.submit(() -> work.run(replica, 1));
    }
    R first = work.run(model, 0);
    R other;
    try {
      other = second == null ? work.run(replica, 1) : second.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the second shard ran", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("second shard failed", e.getCause());
    }
    for (Map.Entry<String, Tensor> e : params.all().entrySet()) {
      Tensor copy = replicaParams.get(e.getKey());
      if (e.getValue().needsGrad && copy.hasGrad()) {
        float[] g = e.getValue().grad();
        float[] extra = copy.grad();
        for (int i = 0; i < g.length; i++) {
          g[i] += extra[i];
        }
      }
      copy.zeroGrad();
    }
    return List.of(first, other);
  }

  /** Stops the worker thread; a later {@link #run} starts a new one. */
  @Override
  public void close() {
    if (worker != null) {
      worker.shutdown();
      worker = null;
    }
  }
}
