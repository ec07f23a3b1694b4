package io.streamlearn.lab.chat;

import io.streamlearn.models.chat.Parameters;
import io.streamlearn.models.chat.Tensor;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * A batch's gradient computed as two fixed halves: the first on the model itself, the second on a
 * replica holding a copy of its parameters, through an {@link Executor} the caller owns (a worker
 * thread in {@code ops}, or the calling thread: models start no threads). The replica's gradients are
 * then added into the model's. Neither the halves nor the order of that sum depend on where the second
 * half ran, so training gives the same bytes on one core or two.
 *
 * @param <M> the model type (the RxT or the stateless baseline)
 */
final class TwoShards<M> {
  /** Forward and backward pass of shard 0 or 1 on {@code model}, leaving its gradients in the model's parameters. */
  interface Work<M, R> {
    R run(M model, int shard);
  }

  private final M model;
  private final Parameters params;
  private final M replica;
  private final Parameters replicaParams;
  private final Executor secondShard;

  /** @param secondShard runs the second half ({@code Runnable::run}: on the calling thread, before the first) */
  TwoShards(M model, Parameters params, M replica, Parameters replicaParams, Executor secondShard) {
    this.model = model;
    this.params = params;
    this.replica = replica;
    this.replicaParams = replicaParams;
    this.secondShard = secondShard;
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
      copy.setNeedsGrad(e.getValue().needsGrad());
    }
    CompletableFuture<R> second = CompletableFuture.supplyAsync(() -> work.run(replica, 1), secondShard);
    R first = work.run(model, 0);
    R other;
    try {
      other = second.join();
    } catch (CompletionException e) {
      throw new IllegalStateException("second shard failed", e.getCause());
    }
    for (Map.Entry<String, Tensor> e : params.all().entrySet()) {
      Tensor copy = replicaParams.get(e.getKey());
      if (e.getValue().needsGrad() && copy.hasGrad()) {
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
}
