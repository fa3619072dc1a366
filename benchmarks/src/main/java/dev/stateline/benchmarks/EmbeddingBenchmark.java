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
 * One embeddings call of {@value Canned#EMBEDDING_INPUTS} texts ({@value Canned#EMBEDDING_DIMENSIONS}
 * dimensions each) over loopback HTTP, per client ({@link EmbeddingClients}). Throughput; run with
 * the GC profiler and {@link ClientCostProfiler} for allocation and CPU per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EmbeddingBenchmark {
  private LoopbackServer server;
  private EmbeddingClients clients;

  @Setup
  public void setUp() {
    server = LoopbackServer.start();
    clients = new EmbeddingClients(server.baseUrl());
    clients.verify();
  }

  @TearDown
  public void tearDown() {
    clients.close();
    server.close();
  }

  @Benchmark
  public double floor() {
    return clients.floor();
  }

  @Benchmark
  public double stateline() {
    return clients.stateline();
  }

  @Benchmark
  public double openai() {
    return clients.openai();
  }

  @Benchmark
  public double langchain4j() {
    return clients.langchain4j();
  }
}
