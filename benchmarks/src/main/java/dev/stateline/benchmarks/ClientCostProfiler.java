/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler ({@code -prof dev.stateline.benchmarks.ClientCostProfiler}) that reports, per
 * operation, the CPU time the client side used: the process CPU time of the iteration (all threads:
 * caller, OkHttp/JDK client threads, GC) minus what the {@link LoopbackServer}'s threads used and
 * minus the JIT compilers' time ({@code CompilationMXBean}, wall time of compilations, reported as
 * {@code jit.norm}), which is a warm-up cost, not a per-call one.
 * It also reports the server's own CPU and allocation per operation, so that JMH's
 * {@code gc.alloc.rate.norm} (all threads) can be turned into the client's allocation.
 */
public final class ClientCostProfiler implements InternalProfiler {
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private static final java.lang.management.CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

  private long cpu0;
  private long jit0;
  private long serverCpu0;
  private long serverAlloc0;

  @Override
  public String getDescription() {
    return "client-side CPU time per op (process CPU minus loopback server threads), server CPU and allocation per op";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    serverCpu0 = LoopbackServer.cpuNanos();
    serverAlloc0 = LoopbackServer.allocatedBytes();
    jit0 = jitMillis();
    cpu0 = OS.getProcessCpuTime();
  }

  private static long jitMillis() {
    return JIT != null && JIT.isCompilationTimeMonitoringSupported() ? JIT.getTotalCompilationTime() : 0;
  }

  @Override
  public List<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
      IterationResult result) {
    long cpu = OS.getProcessCpuTime() - cpu0;
    long jit = (jitMillis() - jit0) * 1_000_000L;
    long serverCpu = LoopbackServer.cpuNanos() - serverCpu0;
    long serverAlloc = LoopbackServer.allocatedBytes() - serverAlloc0;
    double ops = Math.max(1, result.getMetadata().getAllOps());
    return List.of(
        new ScalarResult("client.cpu.norm", Math.max(0, cpu - serverCpu - jit) / ops, "ns/op", AggregationPolicy.AVG),
        new ScalarResult("jit.norm", jit / ops, "ns/op", AggregationPolicy.AVG),
        new ScalarResult("server.cpu.norm", serverCpu / ops, "ns/op", AggregationPolicy.AVG),
        new ScalarResult("server.alloc.norm", serverAlloc / ops, "B/op", AggregationPolicy.AVG));
  }
}
