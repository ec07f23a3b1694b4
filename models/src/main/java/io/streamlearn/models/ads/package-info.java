/**
 * Budget allocation learners for the ads domain: DynLin-UCB (Mussi, Metelli, Restelli, "Dynamical
 * Linear Bandits", ICML 2023) and the baselines of the paper's experiments, as plain Java.
 *
 * <ul>
 *   <li>{@link io.streamlearn.models.ads.BudgetPolicy}: the interface the runtime calls
 *       (chooseArm/observe in strict alternation, writeState/readState).
 *   <li>{@link io.streamlearn.models.ads.PolicyFactory#create}: any policy by name from an
 *       {@link io.streamlearn.models.ads.ArmSet}, the horizon, a seed and configured
 *       {@link io.streamlearn.models.ads.DynLinBounds}.
 * </ul>
 *
 * The simulated world these learn in (its ground truth and the authors' four configurations) is in
 * the traffic module, the paper's regret experiment in the lab.
 *
 * No Pekko, Kafka, Avro, clocks, threads or static mutable state; deterministic given inputs and
 * seeds; no allocation per round in the policies.
 */
package io.streamlearn.models.ads;

