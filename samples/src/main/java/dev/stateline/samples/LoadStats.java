/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples;

import dev.stateline.Price;
import dev.stateline.chat.ChatResponse;
import dev.stateline.placement.Attempt;
import dev.stateline.placement.Failover;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What {@link LoadTest} measures, collected from many threads, and the report it prints. Thread-safe:
 * every recording method may be called concurrently; the accessors give snapshots.
 */
public final class LoadStats {

  /** The kinds of operation the simulated users perform. */
  public enum Operation {
    /** {@code client.chat}: a stateless call. */
    CHAT("stateless chat"),
    /** {@code client.stream}: a stateless call, streamed. */
    STREAM("stateless stream"),
    /** {@code client.chat} pinned to the OpenAI target: a stateless call on the vendor's own API. */
    DIRECT_CHAT("direct chat"),
    /** {@code session.send}: a stateful session turn. */
    SESSION_SEND("session send"),
    /** {@code session.stream}: a stateful session turn, streamed. */
    SESSION_STREAM("session stream");

    final String label;

    Operation(String label) {
      this.label = label;
    }

    /** True for session turns (stateful calls). */
    public boolean stateful() {
      return this == SESSION_SEND || this == SESSION_STREAM;
    }
  }

  /**
   * One user's session at the end of the run, as its store holds it.
   *
   * @param id the session id
   * @param committedTurns the turns the user saw succeed
   * @param historyMessages the messages the store holds for it (two per turn: question and answer)
   * @param misplacedTurns stored turns whose question is not the committed one at that position (a
   *     lost, doubled, foreign or reordered turn), plus the difference in turn counts
   */
  public record SessionCheck(String id, int committedTurns, int historyMessages, int misplacedTurns) {
    /** A check that compared counts only. */
    public SessionCheck(String id, int committedTurns, int historyMessages) {
      this(id, committedTurns, historyMessages, 0);
    }

    /** True if the store holds exactly the committed turns, in order: none lost, none doubled. */
    public boolean intact() {
      return historyMessages == 2 * committedTurns && misplacedTurns == 0;
    }
  }

  private final int planned;
  private final Map<String, Price> prices;
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final Object lock = new Object();
  private final Map<Operation, List<Long>> latencies = new EnumMap<>(Operation.class);
  private final Map<String, Integer> errors = new TreeMap<>();
  private final Map<String, Integer> answersByTarget = new TreeMap<>();
  private final Map<Boolean, Map<String, Integer>> attemptsByTarget = Map.of(true, new TreeMap<>(), false, new TreeMap<>());
  private final Map<String, Integer> failovers = new TreeMap<>();
  private final Map<String, Integer> failedAttempts = new TreeMap<>();
  private final Map<String, BigDecimal> costByTarget = new TreeMap<>();
  private final List<SessionCheck> sessions = new ArrayList<>();
  private int retries;
  private Duration elapsed = Duration.ZERO;
  private boolean timedOut;

  LoadStats(int planned, Map<String, Price> prices) {
    this.planned = planned;
    this.prices = Map.copyOf(prices);
    for (Operation op : Operation.values()) {
      latencies.put(op, new ArrayList<>());
    }
  }

  // ---------------------------------------------------------------- recording

  void succeeded(Operation op, long nanos, ChatResponse answer) {
    synchronized (lock) {
      latencies.get(op).add(nanos);
      answersByTarget.merge(answer.target(), 1, Integer::sum);
      attempts(op, answer.attempts());
      Price price = prices.get(answer.target());
      if (price != null) {
        costByTarget.merge(answer.target(),
            price.estimate(answer.usage().inputTokens(), answer.usage().outputTokens()), BigDecimal::add);
      }
    }
    done.incrementAndGet();
  }

  void failed(Operation op, RuntimeException error, List<Attempt> attempts) {
    synchronized (lock) {
      errors.merge(error.getClass().getSimpleName(), 1, Integer::sum);
      attempts(op, attempts);
    }
    failed.incrementAndGet();
    done.incrementAndGet();
  }

  private void attempts(Operation op, List<Attempt> attempts) {
    Map<String, Integer> tried = attemptsByTarget.get(op.stateful());
    for (Attempt a : attempts) {
      tried.merge(a.target(), 1, Integer::sum);
      if (!a.succeeded()) {
        failedAttempts.merge(a.target() + " " + a.errorType(), 1, Integer::sum);
      }
      if (a.number() > 1) {
        retries++;
      }
    }
    for (Failover f : Failover.of(attempts)) {
      failovers.merge(f.from() + " -> " + f.to(), 1, Integer::sum);
    }
  }

  void session(SessionCheck check) {
    synchronized (lock) {
      sessions.add(check);
    }
  }

  void finished(Duration elapsed, boolean timedOut) {
    synchronized (lock) {
      this.elapsed = elapsed;
      this.timedOut = timedOut;
    }
  }

  // ---------------------------------------------------------------- results

  /** Operations the run was asked to perform. */
  public int planned() {
    return planned;
  }

  /** Operations finished, successfully or not. */
  public int done() {
    return done.get();
  }

  /** Operations that failed. */
  public int failedCount() {
    return failed.get();
  }

  /** Operations that succeeded. */
  public int succeededCount() {
    return done.get() - failed.get();
  }

  /** Failed operations by error type (the exception's simple name). */
  public Map<String, Integer> errorsByType() {
    synchronized (lock) {
      return Map.copyOf(errors);
    }
  }

  /** Successful operations by the target that answered them. */
  public Map<String, Integer> answersByTarget() {
    synchronized (lock) {
      return Map.copyOf(answersByTarget);
    }
  }

  /** Every attempt (retries and failed ones included) by target, for stateful or stateless operations. */
  public Map<String, Integer> attemptsByTarget(boolean stateful) {
    synchronized (lock) {
      return Map.copyOf(attemptsByTarget.get(stateful));
    }
  }

  /** How many calls moved from one target to the next, by "from -> to". */
  public Map<String, Integer> failovers() {
    synchronized (lock) {
      return Map.copyOf(failovers);
    }
  }

  /** Failed attempts (retried, failed over or final) by "target ErrorType". */
  public Map<String, Integer> failedAttempts() {
    synchronized (lock) {
      return Map.copyOf(failedAttempts);
    }
  }

  /** Total failovers. */
  public int failoverCount() {
    return failovers().values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Attempts after the first on the same target. */
  public int retries() {
    synchronized (lock) {
      return retries;
    }
  }

  /** The cost of the successful operations by target, at the targets' prices; empty if none is priced. */
  public Map<String, BigDecimal> costByTarget() {
    synchronized (lock) {
      return Map.copyOf(costByTarget);
    }
  }

  /** The sessions as the store holds them at the end. */
  public List<SessionCheck> sessions() {
    synchronized (lock) {
      return List.copyOf(sessions);
    }
  }

  /** True if the run hit its deadline before every operation finished. */
  public boolean timedOut() {
    synchronized (lock) {
      return timedOut;
    }
  }

  /**
   * The latency percentile {@code p} (0-100) of the successful operations of {@code ops} (all if
   * none given), or zero if there were none.
   */
  public Duration percentile(double p, Operation... ops) {
    long[] values;
    synchronized (lock) {
      List<Operation> chosen = ops.length == 0 ? Arrays.asList(Operation.values()) : Arrays.asList(ops);
      values = chosen.stream().flatMap(o -> latencies.get(o).stream()).mapToLong(Long::longValue).toArray();
    }
    if (values.length == 0) {
      return Duration.ZERO;
    }
    Arrays.sort(values);
    int rank = (int) Math.ceil(p / 100.0 * values.length);
    return Duration.ofNanos(values[Math.min(values.length, Math.max(1, rank)) - 1]);
  }

  // ---------------------------------------------------------------- printing

  /** One progress line (no line end), such as "[  2.0s]  812/2000 ops  790 ok  22 failed  p95 45 ms". */
  String progressLine(Duration sinceStart) {
    return String.format(Locale.ROOT, "[%5.1fs] %5d/%d ops  %5d ok  %4d failed  p95 %4d ms",
        sinceStart.toMillis() / 1000.0, done(), planned, succeededCount(), failedCount(),
        percentile(95).toMillis());
  }

  /** Prints the final report. */
  void print(PrintStream out) {
    int total = done();
    out.printf(Locale.ROOT, "%s in %.1f s: %d of %d operations, %d succeeded, %d failed (%s)%n",
        timedOut() ? "STOPPED AT THE DEADLINE" : "Done", elapsed.toMillis() / 1000.0, total, planned,
        succeededCount(), failedCount(), percent(failedCount(), total));

    out.println();
    out.println("Latency of successful operations (ms)");
    row(out, "all", percentile(50), percentile(95), percentile(99));
    for (Operation op : Operation.values()) {
      if (!percentile(50, op).isZero()) {
        row(out, op.label, percentile(50, op), percentile(95, op), percentile(99, op));
      }
    }

    out.println();
    out.println("Errors by type");
    if (errorsByType().isEmpty()) {
      out.println("  none");
    }
    errorsByType().entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .forEach(e -> out.printf(Locale.ROOT, "  %-30s %5d  (%s of operations)%n", e.getKey(), e.getValue(),
            percent(e.getValue(), total)));

    out.println();
    out.println("Placement (answers and attempts per target)");
    out.printf(Locale.ROOT, "  %-12s %8s %18s %17s%n", "target", "answers", "stateless attempts", "stateful attempts");
    TreeMap<String, Integer> targets = new TreeMap<>(answersByTarget());
    attemptsByTarget(false).keySet().forEach(t -> targets.putIfAbsent(t, 0));
    attemptsByTarget(true).keySet().forEach(t -> targets.putIfAbsent(t, 0));
    prices.keySet().forEach(t -> targets.putIfAbsent(t, 0));
    targets.forEach((t, answers) -> out.printf(Locale.ROOT, "  %-12s %8d %18d %17d%n", t, answers,
        attemptsByTarget(false).getOrDefault(t, 0), attemptsByTarget(true).getOrDefault(t, 0)));

    out.println();
    out.printf(Locale.ROOT, "Failovers: %d %s%n", failoverCount(), failovers().isEmpty() ? "" : new TreeMap<>(failovers()));
    out.printf(Locale.ROOT, "Retries:   %d%n", retries());
    out.printf(Locale.ROOT, "Failed attempts: %s%n", failedAttempts().isEmpty() ? "none" : new TreeMap<>(failedAttempts()));

    Map<String, BigDecimal> cost = costByTarget();
    if (!cost.isEmpty()) {
      BigDecimal sum = cost.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
      StringBuilder parts = new StringBuilder();
      new TreeMap<>(cost).forEach((t, c) -> parts.append(parts.length() == 0 ? "" : ", ").append(t).append(' ')
          .append(c.setScale(6, RoundingMode.HALF_UP).toPlainString()));
      out.printf(Locale.ROOT, "Cost:      %s (%s), at the prices set on the targets%n",
          sum.setScale(6, RoundingMode.HALF_UP).toPlainString(), parts);
    }

    List<SessionCheck> checked = sessions();
    long broken = checked.stream().filter(s -> !s.intact()).count();
    int turns = checked.stream().mapToInt(SessionCheck::committedTurns).sum();
    out.printf(Locale.ROOT, "Sessions:  %d checked, %d committed turns, %s%n", checked.size(), turns,
        broken == 0 ? "every history holds exactly its committed turns"
            : broken + " HISTORIES DIFFER FROM THEIR COMMITTED TURNS");
  }

  private static void row(PrintStream out, String label, Duration p50, Duration p95, Duration p99) {
    out.printf(Locale.ROOT, "  %-17s p50 %5d   p95 %5d   p99 %5d%n", label, p50.toMillis(), p95.toMillis(),
        p99.toMillis());
  }

  private static String percent(int part, int whole) {
    return whole == 0 ? "0.0%" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
  }
}
