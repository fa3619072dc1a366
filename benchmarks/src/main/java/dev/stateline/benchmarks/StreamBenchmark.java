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
 * One streamed call whose answer is a {@value Canned#STREAM_CHUNKS}-chunk SSE body (about 300 KB),
 * read to the end and assembled into one text by each client. Average time per call, one thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StreamBenchmark {
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
    return clients.floorStream();
  }

  @Benchmark
  public String stateline() {
    return clients.statelineStream();
  }

  @Benchmark
  public String openai() {
    return clients.openaiStream();
  }

  @Benchmark
  public String langchain4j() {
    return clients.lc4jStream();
  }
}
