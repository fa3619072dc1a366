/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.workload;

import dev.stateline.Region;
import dev.stateline.Target;
import dev.stateline.chat.Cost;
import dev.stateline.placement.CallKind;
import dev.stateline.telemetry.Telemetry;
import dev.stateline.telemetry.CallInfo;
import dev.stateline.telemetry.TelemetryEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where the calls went: calls by kind (stateless, stateful), target and region, with where the
 * providers said they processed them ({@code processed in}: Azure's {@code x-ms-region}, {@code -}
 * where a provider does not say), their count, errors, median and 95th-percentile latency and cost. Register it as telemetry and print it:
 *
 * <pre>{@code
 * WorkloadMap map = new WorkloadMap();
 * StatelineClient client = StatelineClient.builder().target(...).telemetry(map).build();
 * ...
 * System.out.println(map.render());
 * }</pre>
 *
 * <pre>
 * kind       target     region               processed in   calls  errors  p50     p95     cost
 * stateful   aws-fra    aws/eu-central-1     -                 12       0  840 ms  1.4 s   0.031200 USD
 * stateless  azure-swc  azure/swedencentral  Sweden Central   310       4  220 ms  610 ms  0.912000 USD
 * </pre>
 *
 * <p>Latency percentiles are of successful calls, from a fixed histogram of 81 buckets spaced by a
 * factor of 2<sup>1/4</sup> (about 19%) from 1 ms to about 17 minutes: a percentile is reported as
 * its bucket's upper bound, so it is at most 19% high. A failed call counts in {@code calls} and
 * {@code errors}, under the target that failed last ({@code -} if none was tried).
 *
 * <p>Thread-safe and lock-free. Memory is bounded: one row per kind, target and region (so at most
 * twice the client's targets, plus one row for calls that failed before reaching a target), each a
 * fixed array of counters.
 */
public final class WorkloadMap implements Telemetry {
  private static final int BUCKETS = 81;

  private final ConcurrentHashMap<Key, Cell> cells = new ConcurrentHashMap<>();

  /** An empty map. */
  public WorkloadMap() {}

  @Override
  public void onEvent(TelemetryEvent event) {
    if (event instanceof TelemetryEvent.CallFinished f) {
      Cell c = cell(f.call().kind(), f.call().operation(), f.target());
      c.calls.increment();
      c.latency[bucket(f.latency().toNanos())].increment();
      if (f.cost() != null) {
        c.addCost(f.cost());
      }
      c.processedIn(f.processingRegion());
    } else if (event instanceof TelemetryEvent.CallFailed f) {
      Cell c = cell(f.call().kind(), f.call().operation(), f.target());
      c.calls.increment();
      c.errors.increment();
      c.processedIn(f.error().processingRegion());
    }
  }

  /** The cell of a kind and target; the key holds the target's name and region as they are, made text only for rows. */
  private Cell cell(CallKind kind, String operation, Target target) {
    Key key = target == null ? new Key(kind, operation, "-", null) : new Key(kind, operation, target.name(),
        target.region());
    Cell c = cells.get(key);
    return c != null ? c : cells.computeIfAbsent(key, k -> new Cell());
  }

  /** The bucket of a latency: 0 for up to 1 ms, i for up to 2^(i/4) ms. */
  static int bucket(long nanos) {
    double ms = nanos / 1_000_000.0;
    if (ms <= 1) {
      return 0;
    }
    int b = (int) Math.ceil(4 * (Math.log(ms) / Math.log(2)) - 1e-9);
    return Math.min(BUCKETS - 1, Math.max(0, b));
  }

  /** The upper bound of bucket {@code b}, in milliseconds. */
  static double upperBoundMillis(int b) {
    return Math.pow(2, b / 4.0);
  }

  /** A snapshot of every row, sorted by kind, target and region. */
  public List<Row> rows() {
    List<Row> out = new ArrayList<>();
    cells.forEach((k, c) -> out.add(c.snapshot(k)));
    out.sort(Comparator.comparing(Row::kind).thenComparing(Row::operation).thenComparing(Row::target)
        .thenComparing(Row::region));
    return out;
  }

  /** Forgets every row. */
  public void reset() {
    cells.clear();
  }

  /** The rows as a plain-text table with aligned columns, one line per row after a header. */
  public String render() {
    List<String[]> lines = new ArrayList<>();
    lines.add(new String[] {"kind", "target", "region", "processed in", "calls", "errors", "p50", "p95", "cost"});
    for (Row r : rows()) {
      lines.add(new String[] {r.kind().name().toLowerCase(Locale.ROOT)
          + (CallInfo.CHAT.equals(r.operation()) ? "" : " " + r.operation()), r.target(), r.region(),
          r.processedIn().isEmpty() ? "-" : String.join(", ", r.processedIn()),
          Long.toString(r.calls()), Long.toString(r.errors()), millis(r.p50Millis()), millis(r.p95Millis()),
          r.cost() == null ? "-" : r.cost().toString()});
    }
    int[] width = new int[9];
    for (String[] l : lines) {
      for (int i = 0; i < l.length; i++) {
        width[i] = Math.max(width[i], l[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] l : lines) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < l.length; i++) {
        boolean numeric = i == 4 || i == 5;
        String cell = l[i];
        String pad = " ".repeat(width[i] - cell.length());
        line.append(numeric ? pad + cell : cell + (i == l.length - 1 ? "" : pad));
        if (i < l.length - 1) {
          line.append("  ");
        }
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    return sb.toString();
  }

  private static String millis(double ms) {
    if (Double.isNaN(ms)) {
      return "-";
    }
    if (ms < 1000) {
      return Math.round(ms) + " ms";
    }
    return String.format(Locale.ROOT, "%.1f s", ms / 1000);
  }

  @Override
  public String toString() {
    return "WorkloadMap[" + cells.size() + " rows]";
  }

  /**
   * One row of the map.
   *
   * @param kind stateless or stateful
   * @param target the target's name, or {@code -}
   * @param region the target's region, or {@code -}
   * @param calls calls that finished or failed here
   * @param errors of those, the failed ones
   * @param p50Millis median latency of successful calls (bucket upper bound), NaN if none
   * @param p95Millis 95th-percentile latency of successful calls (bucket upper bound), NaN if none
   * @param cost the sum of their costs, or null if none was priced
   * @param processedIn where the providers said they processed these calls, as they name it, sorted
   *     (at most {@value WorkloadMap#MAX_PROCESSED_IN}; empty if none said)
   * @param operation the GenAI operation, {@code chat} or {@code embeddings}
   */
  public record Row(CallKind kind, String target, String region, long calls, long errors, double p50Millis,
      double p95Millis, Cost cost, List<String> processedIn, String operation) {
    public Row {
      processedIn = processedIn == null ? List.of() : List.copyOf(processedIn);
      operation = operation == null ? CallInfo.CHAT : operation;
    }

    /** A row of chat calls. */
    public Row(CallKind kind, String target, String region, long calls, long errors, double p50Millis,
        double p95Millis, Cost cost, List<String> processedIn) {
      this(kind, target, region, calls, errors, p50Millis, p95Millis, cost, processedIn, CallInfo.CHAT);
    }

    /** A row of chat calls without processing regions. */
    public Row(CallKind kind, String target, String region, long calls, long errors, double p50Millis,
        double p95Millis, Cost cost) {
      this(kind, target, region, calls, errors, p50Millis, p95Millis, cost, List.of(), CallInfo.CHAT);
    }
  }

  /** The most distinct processing regions a row keeps (a provider naming more is shown by its first ones). */
  public static final int MAX_PROCESSED_IN = 8;

  private record Key(CallKind kind, String operation, String target, Region region) {
    Key {
      Objects.requireNonNull(kind);
      Objects.requireNonNull(operation);
    }
  }

  private static final class Cell {
    final LongAdder calls = new LongAdder();
    final LongAdder errors = new LongAdder();
    /** Calls per latency bucket; adders, as every call of a busy target lands in the same few. */
    final LongAdder[] latency = newAdders();
    final AtomicReference<Cost> cost = new AtomicReference<>();
    final Set<String> processedIn = ConcurrentHashMap.newKeySet();

    void processedIn(String region) {
      if (region != null && processedIn.size() < MAX_PROCESSED_IN) {
        processedIn.add(region);
      }
    }

    private static LongAdder[] newAdders() {
      LongAdder[] a = new LongAdder[BUCKETS];
      for (int i = 0; i < BUCKETS; i++) {
        a[i] = new LongAdder();
      }
      return a;
    }

    void addCost(Cost c) {
      cost.accumulateAndGet(c, (old, add) -> old == null ? add
          : old.currency().equals(add.currency()) ? old.plus(add) : old);
    }

    Row snapshot(Key k) {
      long[] counts = new long[BUCKETS];
      long n = 0;
      for (int i = 0; i < BUCKETS; i++) {
        counts[i] = latency[i].sum();
        n += counts[i];
      }
      return new Row(k.kind(), k.target(), k.region() == null ? "-" : k.region().toString(), calls.sum(), errors.sum(), percentile(counts, n, 0.50),
          percentile(counts, n, 0.95), cost.get(), new TreeSet<>(processedIn).stream().toList(), k.operation());
    }

    private static double percentile(long[] counts, long n, double q) {
      if (n == 0) {
        return Double.NaN;
      }
      long rank = (long) Math.ceil(q * n);
      long seen = 0;
      for (int i = 0; i < counts.length; i++) {
        seen += counts[i];
        if (seen >= rank) {
          return upperBoundMillis(i);
        }
      }
      return upperBoundMillis(counts.length - 1);
    }
  }

}
