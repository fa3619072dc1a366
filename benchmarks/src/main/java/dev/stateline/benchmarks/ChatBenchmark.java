/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One non-streaming Chat Completions call over loopback HTTP, the same request and canned answer for
 * each client. Throughput; the suite runs it with 1 and with 32 threads, and with the GC profiler and
 * {@link ClientCostProfiler} for allocation and CPU per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ChatBenchmark {
  private LoopbackServer server;
  private Clients clients;

  @Setup
  public void setUp() {
    server = LoopbackServer.start();
    clients = new Clients(server.baseUrl());
    clients.verify();
  }

  @TearDown
  public void tearDown() {
    clients.close();
    server.close();
  }

  @Benchmark
  public String floor() {
    return clients.floorChat();
  }

  /** The floor plus an OkHttp call timeout: what Stateline's total-budget timeout costs by itself. */
  @Benchmark
  public String floorTimeout() {
    return clients.floorTimeoutChat();
  }

  @Benchmark
  public String stateline() {
    return clients.statelineChat();
  }

  @Benchmark
  public String openai() {
    return clients.openaiChat();
  }

  @Benchmark
  public String langchain4j() {
    return clients.lc4jChat();
  }
}
