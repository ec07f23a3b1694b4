package io.streamlearn.lab.counterfactual;

import java.util.List;

/**
 * Fitting a log's FIR with its lag chosen on data: each candidate L is fitted on the first 60% of
 * the rounds and judged by its one-step error on the next 20%; the chosen L is refitted on the
 * first 80% and its one-step NRMSE on the last 20%, never seen in fitting or choosing, is the
 * held-out error reported. The model used afterwards is refitted on all rounds.
 *
 * @param model the L-lag FIR fitted on every round
 * @param heldoutNrmse one-step RMSE / std of the rewards on the last 20% (fitted on the first 80%)
 */
public record FirFit(FirModel model, double heldoutNrmse, double[] residuals) {

  static final List<Integer> LAGS = List.of(0, 1, 2, 3, 4, 6, 8, 12, 16);

  /**
   * @param u allocation per round (arm-set units)
   * @param r reward per round (the policies' units)
   */
  public static FirFit of(double[][] u, double[] r) {
    int n = r.length;
    if (n < 50) {
      throw new IllegalArgumentException("a log of " + n + " rounds is too short to fit its dynamics (need 50)");
    }
    int train = (int) (0.6 * n);
    int validation = (int) (0.8 * n);
    int best = 0;
    double bestError = Double.POSITIVE_INFINITY;
    for (int lags : LAGS) {
      if (lags > train / 10) {
        break;
      }
      double error = FirModel.fit(u, r, lags, 0, train).nrmse(u, r, train, validation);
      if (error < bestError - 1e-12) {
        best = lags;
        bestError = error;
      }
    }
    double heldout = FirModel.fit(u, r, best, 0, validation).nrmse(u, r, validation, n);
    FirModel all = FirModel.fit(u, r, best, 0, n);
    return new FirFit(all, heldout, all.residuals(u, r));
  }
}
