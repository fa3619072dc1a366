/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.benchmarks;

import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.ChatRequest;
import dev.stateline.openai.OpenAi;
import dev.stateline.placement.CallKind;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.session.InMemorySessionStore;
import dev.stateline.session.Session;
import dev.stateline.session.SessionStore;
import dev.stateline.session.file.FileSessionStore;
import dev.stateline.workload.WorkloadMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The overhead of a session turn over a plain call, on the same client and loopback server: {@code
 * chat} is a stateless call, {@code turn} the first turn of a new session (load, call, append) on
 * the in-memory or the file store. OpenAI-direct is allowed for stateful calls so that both go to
 * the same target. Sessions are deleted after each iteration. Throughput, one thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SessionBenchmark {
  @Param({"memory", "file"})
  public String store;

  private LoopbackServer server;
  private Clients clients;
  private StatelineClient client;
  private SessionStore sessions;
  private Path directory;
  private long next;
  private final ChatRequest request = ChatRequest.of(Clients.MODEL, Canned.PROMPT);

  @Setup
  public void setUp() throws IOException {
    server = LoopbackServer.start();
    clients = new Clients(server.baseUrl());
    if (store.equals("file")) {
      directory = Files.createTempDirectory("stateline-bench-sessions");
      sessions = FileSessionStore.open(directory);
    } else {
      sessions = InMemorySessionStore.create();
    }
    Target target = OpenAi.target("openai-loopback")
        .baseUrl(server.baseUrl())
        .apiKey(Clients.KEY)
        .model(Clients.MODEL)
        .httpClient(clients.okHttp)
        .build();
    client = StatelineClient.builder()
        .target(target)
        .placement(PlacementPolicy.standard()
            .allowProvider(CallKind.STATELESS, "openai")
            .allowProvider(CallKind.STATEFUL, "openai"))
        .retryPolicy(RetryPolicy.defaults())
        .telemetry(new WorkloadMap())
        .sessionStore(sessions)
        .build();
    if (!turn().equals(Canned.ANSWER) || !chat().equals(Canned.ANSWER)) {
      throw new IllegalStateException("session benchmark: unexpected answer");
    }
  }

  @TearDown(Level.Iteration)
  public void deleteSessions() {
    for (String id : sessions.list()) {
      sessions.delete(id);
    }
  }

  @TearDown
  public void tearDown() throws IOException {
    client.close();
    clients.close();
    server.close();
    if (directory != null) {
      try (Stream<Path> files = Files.walk(directory)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Benchmark
  public String chat() {
    return client.chat(request).text();
  }

  @Benchmark
  public String turn() {
    try (Session session = client.session("s-" + next++)) {
      return session.send(Canned.PROMPT).text();
    }
  }
}
