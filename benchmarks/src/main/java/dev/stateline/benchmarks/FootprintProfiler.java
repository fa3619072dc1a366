/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.benchmarks;

import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Reports what {@link FootprintBenchmark} measured in the iteration as {@code heap.norm}, retained
 * heap in bytes per unit (per session, per call in flight), averaged over the iteration's
 * operations.
 */
public final class FootprintProfiler implements InternalProfiler {
  private static double sum;
  private static int count;

  /** Called by the benchmark with one measurement. */
  static synchronized void report(double bytesPerUnit) {
    sum += bytesPerUnit;
    count++;
  }

  @Override
  public String getDescription() {
    return "retained heap per unit measured by FootprintBenchmark";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    synchronized (FootprintProfiler.class) {
      sum = 0;
      count = 0;
    }
  }

  @Override
  public List<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
      IterationResult result) {
    double v;
    synchronized (FootprintProfiler.class) {
      v = count == 0 ? Double.NaN : sum / count;
    }
    return List.of(new ScalarResult("heap.norm", v, "B/unit", AggregationPolicy.AVG));
  }
}
