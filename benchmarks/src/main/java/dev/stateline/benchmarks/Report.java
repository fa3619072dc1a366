/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.benchmarks;

import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns JMH JSON result files into Markdown tables of ratios: every client against the floor, and
 * Stateline against the best peer. {@code java -cp benchmarks.jar dev.stateline.benchmarks.Report
 * FILE.json...}.
 *
 * <p>All ratios are cost ratios: above 1 means costlier than what it is compared with. For
 * throughput the cost is the inverse (time per call), so "1.20×" means 20% fewer calls per second.
 * "peer / Stateline" is the best (cheapest) peer's cost divided by Stateline's: above 1 means
 * Stateline is cheaper. Client allocation is JMH's {@code gc.alloc.rate.norm} (all threads) minus
 * the loopback server's own allocation per call.
 */
public final class Report {
  private static final List<String> CLIENTS = List.of("floor", "floorTimeout", "floorUnsigned", "sdkApache",
      "stateline", "openai", "langchain4j", "sign");
  private static final List<String> PEERS = List.of("openai", "langchain4j");

  private Report() {}

  public static void main(String[] args) throws IOException {
    List<Path> files = new ArrayList<>();
    for (String a : args) {
      files.add(Path.of(a));
    }
    System.out.println(render(files));
  }

  /** One row of JMH output, reduced to what the tables need. */
  private record Row(String group, String method, String mode, double score, double error, String unit,
      double cpu, double alloc, double p50, double heap) {}

  @SuppressWarnings("unchecked")
  static String render(List<Path> files) throws IOException {
    Map<String, Map<String, Row>> groups = new LinkedHashMap<>();
    for (Path f : files) {
      List<Object> runs = (List<Object>) new Moshi.Builder().build().adapter(Object.class).fromJson(Files.readString(f));
      for (Object o : runs) {
        Map<String, Object> run = (Map<String, Object>) o;
        String benchmark = (String) run.get("benchmark");
        String cls = benchmark.substring(0, benchmark.lastIndexOf('.'));
        String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
        String mode = (String) run.get("mode");
        int threads = ((Number) run.get("threads")).intValue();
        String simple = cls.substring(cls.lastIndexOf('.') + 1);
        String group = simple + " " + mode + " " + threads + "t";
        if (simple.equals("BedrockConverseBenchmark")) {
          // Its floor is the raw AWS SDK client: sdk for Converse, sdkStream for ConverseStream.
          boolean streamed = method.endsWith("Stream");
          group = simple + (streamed ? " ConverseStream " : " Converse ") + mode + " " + threads
              + "t (floor: the raw AWS SDK client)";
          method = switch (method) {
            case "sdk", "sdkStream" -> "floor";
            case "statelineStream" -> "stateline";
            default -> method;
          };
        }
        Map<String, Object> params = (Map<String, Object>) run.get("params");
        if (params != null && params.get("store") != null) {
          method = method + "/" + params.get("store");
        }
        Map<String, Object> primary = (Map<String, Object>) run.get("primaryMetric");
        Map<String, Object> secondary = (Map<String, Object>) run.getOrDefault("secondaryMetrics", Map.of());
        double alloc = metric(secondary, "gc.alloc.rate.norm");
        double serverAlloc = metric(secondary, "server.alloc.norm");
        if (!Double.isNaN(alloc) && !Double.isNaN(serverAlloc)) {
          alloc -= serverAlloc;
        }
        Map<String, Object> pct = (Map<String, Object>) primary.get("scorePercentiles");
        double p50 = pct == null || pct.get("50.0") == null ? Double.NaN : ((Number) pct.get("50.0")).doubleValue();
        Row row = new Row(group, method, mode, num(primary.get("score")), num(primary.get("scoreError")),
            (String) primary.get("scoreUnit"), metric(secondary, "client.cpu.norm"), alloc, p50,
            metric(secondary, "heap.norm"));
        groups.computeIfAbsent(group, k -> new LinkedHashMap<>()).put(method, row);
      }
    }
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Map<String, Row>> g : groups.entrySet()) {
      Map<String, Row> rows = g.getValue();
      if (g.getKey().startsWith("PlacementBenchmark")) {
        placement(sb, g.getKey(), rows);
      } else if (g.getKey().startsWith("FootprintBenchmark")) {
        footprint(sb, rows);
      } else if (g.getKey().startsWith("SessionBenchmark")) {
        sessions(sb, g.getKey(), rows);
      } else {
        clients(sb, g.getKey(), rows);
      }
    }
    return sb.toString();
  }

  private static void clients(StringBuilder sb, String title, Map<String, Row> rows) {
    Row floor = rows.get("floor");
    boolean thrpt = floor != null && floor.mode().equals("thrpt");
    if (floor != null && floor.mode().equals("ss")) {
      sb.append("### ").append(title).append(" (build the client, first call, fresh JVM)\n\n");
      sb.append("| client | first call | ×floor |\n| --- | ---: | ---: |\n");
      for (String c : CLIENTS) {
        Row r = rows.get(c);
        if (r != null) {
          sb.append("| ").append(c).append(" | ").append(fmt(r.score())).append(" ± ").append(fmt(r.error()))
              .append(' ').append(r.unit()).append(" | ").append(ratio(r.score() / floor.score())).append(" |\n");
        }
      }
      sb.append('\n');
      return;
    }
    sb.append("### ").append(title).append("\n\n");
    sb.append("| client | ").append(thrpt ? "calls/s" : "time/call").append(" | ×floor | CPU ns/call | ×floor | "
        + "alloc B/call | ×floor |\n");
    sb.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (String c : CLIENTS) {
      Row r = rows.get(c);
      if (r == null) {
        continue;
      }
      double timeRatio = floor == null ? Double.NaN : thrpt ? floor.score() / r.score() : r.score() / floor.score();
      sb.append("| ").append(c).append(" | ")
          .append(fmt(r.score())).append(" ± ").append(fmt(r.error())).append(' ').append(r.unit()).append(" | ")
          .append(ratio(timeRatio)).append(" | ")
          .append(fmt(r.cpu())).append(" | ").append(ratio(floor == null ? Double.NaN : r.cpu() / floor.cpu()))
          .append(" | ")
          .append(fmt(r.alloc())).append(" | ").append(ratio(floor == null ? Double.NaN : r.alloc() / floor.alloc()))
          .append(" |\n");
    }
    Row s = rows.get("stateline");
    if (s != null) {
      double bestTime = Double.NaN;
      double bestCpu = Double.NaN;
      double bestAlloc = Double.NaN;
      for (String p : PEERS) {
        Row r = rows.get(p);
        if (r == null) {
          continue;
        }
        double t = thrpt ? 1 / r.score() : r.score();
        bestTime = Double.isNaN(bestTime) ? t : Math.min(bestTime, t);
        bestCpu = Double.isNaN(bestCpu) ? r.cpu() : Math.min(bestCpu, r.cpu());
        bestAlloc = Double.isNaN(bestAlloc) ? r.alloc() : Math.min(bestAlloc, r.alloc());
      }
      double st = thrpt ? 1 / s.score() : s.score();
      sb.append("| best peer / Stateline | | ").append(ratio(bestTime / st)).append(" | | ")
          .append(ratio(bestCpu / s.cpu())).append(" | | ").append(ratio(bestAlloc / s.alloc())).append(" |\n");
    }
    sb.append('\n');
  }

  /** Each store's session turn against a plain call on the same client. */
  private static void sessions(StringBuilder sb, String title, Map<String, Row> rows) {
    sb.append("### ").append(title).append("\n\n");
    sb.append("| store | plain call/s | turn/s | ×plain | CPU ns/turn | ×plain | alloc B/turn | ×plain |\n");
    sb.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (String store : List.of("memory", "file")) {
      Row chat = rows.get("chat/" + store);
      Row turn = rows.get("turn/" + store);
      if (chat == null || turn == null) {
        continue;
      }
      sb.append("| ").append(store).append(" | ").append(fmt(chat.score())).append(" | ").append(fmt(turn.score()))
          .append(" | ").append(ratio(chat.score() / turn.score())).append(" | ").append(fmt(turn.cpu()))
          .append(" | ").append(ratio(turn.cpu() / chat.cpu())).append(" | ").append(fmt(turn.alloc()))
          .append(" | ").append(ratio(turn.alloc() / chat.alloc())).append(" |\n");
    }
    sb.append('\n');
  }

  /** Retained heap per idle session and per call in flight, Stateline against the floor. */
  private static void footprint(StringBuilder sb, Map<String, Row> rows) {
    sb.append("### Heap: per idle session and per call in flight (retained bytes, after full GCs)\n\n");
    sb.append("| unit | floor B | stateline B | ×floor | stateline − floor B |\n| --- | ---: | ---: | ---: | ---: |\n");
    String[][] units = {{"idle session (after its first turn)", "Session"},
        {"call in flight (" + FootprintBenchmark.IN_FLIGHT + " at once)", "InFlight"}};
    for (String[] u : units) {
      Row f = rows.get("floor" + u[1]);
      Row s = rows.get("stateline" + u[1]);
      if (f == null || s == null) {
        continue;
      }
      sb.append("| ").append(u[0]).append(" | ").append(fmt(f.heap())).append(" | ").append(fmt(s.heap()))
          .append(" | ").append(ratio(s.heap() / f.heap())).append(" | ").append(fmt(s.heap() - f.heap()))
          .append(" |\n");
    }
    sb.append('\n');
  }

  private static void placement(StringBuilder sb, String title, Map<String, Row> rows) {
    Row r = rows.get("place");
    if (r == null) {
      return;
    }
    sb.append("### ").append(title).append("\n\n");
    if (r.mode().equals("sample")) {
      sb.append("| placement, 20 targets | median | mean | alloc B/op |\n| --- | ---: | ---: | ---: |\n");
      sb.append("| place | ").append(fmt(r.p50())).append(' ').append(r.unit()).append(" | ")
          .append(fmt(r.score())).append(" ± ").append(fmt(r.error())).append(' ').append(r.unit())
          .append(" | ").append(fmt(r.alloc())).append(" |\n\n");
    } else {
      sb.append("| placement, 20 targets | mean | alloc B/op |\n| --- | ---: | ---: |\n");
      sb.append("| place | ").append(fmt(r.score())).append(" ± ").append(fmt(r.error())).append(' ')
          .append(r.unit()).append(" | ").append(fmt(r.alloc())).append(" |\n\n");
    }
  }

  private static double metric(Map<String, Object> secondary, String name) {
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) secondary.get(name);
    return m == null ? Double.NaN : num(m.get("score"));
  }

  private static double num(Object o) {
    return o instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "–";
    }
    if (Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return String.format(Locale.ROOT, "%.3g", v);
  }

  private static String ratio(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "–" : String.format(Locale.ROOT, "%.2f×", v);
  }
}
