/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.benchmarks;

import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.openai.OpenAi;
import dev.stateline.placement.CallKind;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.session.InMemorySessionStore;
import dev.stateline.session.Session;
import dev.stateline.workload.WorkloadMap;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Retained heap, not time: each operation measures one footprint once and hands it to
 * {@link FootprintProfiler} (run it with {@code -prof dev.stateline.benchmarks.FootprintProfiler}),
 * which reports it as {@code heap.norm} in bytes per unit. Used heap is read after full GCs
 * ({@code System.gc()}, G1 runs them as full collections) before and after the units are created.
 *
 * <ul>
 *   <li>{@code statelineSession}: {@value #SESSIONS} sessions, each after its first turn, held by
 *       the application (the {@code Session} handles) and in the client's in-memory store (the
 *       history: the user message and the answer); {@code floorSession}: what a hand-written client
 *       must keep for the same conversations, the id and the two message texts per conversation in a
 *       map. Both make the same call per session, so both hold their own copy of the answer.
 *   <li>{@code statelineInFlight}, {@code floorInFlight}: {@value #IN_FLIGHT} calls at once, each
 *       blocked at the loopback server (which reads the request and holds the answer back), on
 *       connections that were opened and pooled beforehand, from threads that already exist. What is
 *       measured is the call itself: request, OkHttp call state, and for Stateline its pipeline.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FootprintBenchmark {
  static final int SESSIONS = 5_000;
  static final int IN_FLIGHT = 200;
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private LoopbackServer server;
  private Clients clients;
  private StatelineClient sessionClient;
  private InMemorySessionStore store;
  private ExecutorService callers;
  private long next;

  @Setup
  public void setUp() throws Exception {
    server = LoopbackServer.start();
    clients = new Clients(server.baseUrl(), IN_FLIGHT + 16);
    clients.verify();
    store = InMemorySessionStore.create();
    Target target = OpenAi.target("openai-loopback")
        .baseUrl(server.baseUrl())
        .apiKey(Clients.KEY)
        .model(Clients.MODEL)
        .httpClient(clients.okHttp)
        .build();
    sessionClient = StatelineClient.builder()
        .target(target)
        .placement(PlacementPolicy.standard()
            .allowProvider(CallKind.STATELESS, "openai")
            .allowProvider(CallKind.STATEFUL, "openai"))
        .retryPolicy(RetryPolicy.defaults())
        .telemetry(new WorkloadMap())
        .sessionStore(store)
        .build();
    callers = Executors.newFixedThreadPool(IN_FLIGHT);
    // Open (and pool) one connection per caller, and start every caller thread, before measuring.
    runAll(clients::floorChat);
    runAll(clients::statelineChat);
  }

  @TearDown
  public void tearDown() {
    server.release();
    callers.shutdownNow();
    sessionClient.close();
    clients.close();
    server.close();
  }

  @Benchmark
  public long floorSession() {
    long before = usedHeap();
    Map<String, List<String>> conversations = new HashMap<>();
    for (int i = 0; i < SESSIONS; i++) {
      String id = "s-" + next++;
      String answer = clients.floorChat();
      List<String> history = new ArrayList<>(2);
      history.add(Canned.PROMPT);
      history.add(answer);
      conversations.put(id, history);
    }
    long after = usedHeap();
    FootprintProfiler.report((after - before) / (double) SESSIONS);
    int n = conversations.size();
    conversations.clear();
    return n;
  }

  @Benchmark
  public long statelineSession() {
    long before = usedHeap();
    List<Session> sessions = new ArrayList<>(SESSIONS);
    for (int i = 0; i < SESSIONS; i++) {
      Session s = sessionClient.session("s-" + next++);
      if (s.send(Canned.PROMPT).text().length() != Canned.ANSWER.length()) {
        throw new IllegalStateException("unexpected answer");
      }
      sessions.add(s);
    }
    long after = usedHeap();
    FootprintProfiler.report((after - before) / (double) SESSIONS);
    for (Session s : sessions) {
      store.delete(s.id());
      s.close();
    }
    return sessions.size();
  }

  @Benchmark
  public long floorInFlight() throws Exception {
    return inFlight(clients::floorChat);
  }

  @Benchmark
  public long statelineInFlight() throws Exception {
    return inFlight(clients::statelineChat);
  }

  private long inFlight(Supplier<String> call) throws Exception {
    long before = usedHeap();
    server.hold();
    List<Future<String>> futures = new ArrayList<>(IN_FLIGHT);
    for (int i = 0; i < IN_FLIGHT; i++) {
      futures.add(callers.submit(call::get));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (server.waiting() < IN_FLIGHT) {
      if (System.nanoTime() > deadline) {
        server.release();
        throw new IllegalStateException("only " + server.waiting() + " of " + IN_FLIGHT + " calls reached the server");
      }
      Thread.sleep(5);
    }
    long during = usedHeap();
    server.release();
    for (Future<String> f : futures) {
      if (f.get().length() != Canned.ANSWER.length()) {
        throw new IllegalStateException("unexpected answer");
      }
    }
    FootprintProfiler.report((during - before) / (double) IN_FLIGHT);
    return futures.size();
  }

  private void runAll(Supplier<String> call) throws Exception {
    List<Future<String>> futures = new ArrayList<>(IN_FLIGHT);
    server.hold();
    for (int i = 0; i < IN_FLIGHT; i++) {
      futures.add(callers.submit(call::get));
    }
    while (server.waiting() < IN_FLIGHT) {
      Thread.sleep(5);
    }
    server.release();
    for (Future<String> f : futures) {
      f.get();
    }
  }

  /** Used heap after full collections, in bytes. */
  static long usedHeap() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
