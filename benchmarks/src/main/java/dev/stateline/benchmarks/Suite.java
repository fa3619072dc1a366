/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The whole suite in one command: {@code java -jar benchmarks/target/benchmarks.jar [groups...]}.
 * Runs the groups {@code chat} (1 thread, with CPU and allocation per call), {@code chat32} (32
 * threads), {@code stream}, {@code placement}, {@code session}, {@code fleet} (the shared governance
 * parts on the DynamoDB emulator), {@code footprint} (retained heap per
 * idle session and per call in flight), {@code cold} and {@code bedrock} (a SigV4-signed Responses
 * call to Bedrock's OpenAI-compatible endpoint against its floor, and the signing alone),
 * {@code converse} (Bedrock Converse and ConverseStream through Stateline against the raw AWS SDK
 * clients), {@code converse32} (the non-streamed Converse calls at 32 threads) and {@code embed}
 * (one embeddings call of 256 texts); all by default
 * with modest JMH settings, writes
 * one JMH JSON file per group to the directory in {@code -Dbench.out} (default
 * {@code benchmarks/target/jmh}), and prints {@link Report}'s Markdown table of ratios.
 *
 * <p>System properties: {@code bench.forks} (1), {@code bench.warmups} (5), {@code bench.warmupSeconds}
 * (3), {@code bench.iterations} (3), {@code bench.seconds} (3). Anything JMH itself can do is still
 * there: {@code java -cp benchmarks.jar org.openjdk.jmh.Main -h}.
 */
public final class Suite {
  private static final List<String> GROUPS = List.of("chat", "chat32", "stream", "placement", "session", "fleet",
      "footprint", "cold", "bedrock", "converse", "converse32", "embed");

  private Suite() {}

  public static void main(String[] args) throws Exception {
    Set<String> groups = new TreeSet<>(args.length == 0 ? GROUPS : Arrays.asList(args));
    for (String g : groups) {
      if (!GROUPS.contains(g)) {
        throw new IllegalArgumentException("unknown group '" + g + "'; the groups are " + GROUPS);
      }
    }
    Path out = Path.of(System.getProperty("bench.out", "benchmarks/target/jmh"));
    Files.createDirectories(out);
    List<Path> files = new ArrayList<>();
    for (String g : GROUPS) {
      if (!groups.contains(g)) {
        continue;
      }
      Path file = out.resolve(g + ".json");
      ChainedOptionsBuilder o = base().result(file.toString()).resultFormat(ResultFormatType.JSON);
      switch (g) {
        case "chat" -> o.include(ChatBenchmark.class.getName() + "\\.").threads(1)
            .addProfiler(GCProfiler.class).addProfiler(ClientCostProfiler.class);
        case "chat32" -> o.include(ChatBenchmark.class.getName() + "\\.").threads(32)
            .addProfiler(ClientCostProfiler.class);
        case "stream" -> o.include(StreamBenchmark.class.getName() + "\\.").threads(1)
            .addProfiler(GCProfiler.class).addProfiler(ClientCostProfiler.class);
        case "placement" -> o.include(PlacementBenchmark.class.getName() + "\\.").threads(1)
            .addProfiler(GCProfiler.class);
        case "cold" -> o.include(ColdStartBenchmark.class.getName() + "\\.").threads(1)
            .forks(Integer.getInteger("bench.coldForks", 5)).warmupIterations(0).measurementIterations(1);
        case "footprint" -> o.include(FootprintBenchmark.class.getName() + "\\.").threads(1)
            .addProfiler(FootprintProfiler.class).warmupIterations(1).measurementIterations(2);
        case "session" -> o.include(SessionBenchmark.class.getName() + "\\.").threads(1)
            .addProfiler(GCProfiler.class).addProfiler(ClientCostProfiler.class);
        case "fleet" -> o.include(FleetBenchmark.class.getName() + "\\.").threads(1)
            .addProfiler(GCProfiler.class);
        case "bedrock" -> o.include(BedrockOpenAiBenchmark.class.getName() + "\\.").threads(1)
            .addProfiler(GCProfiler.class).addProfiler(ClientCostProfiler.class);
        case "converse" -> o.include(BedrockConverseBenchmark.class.getName() + "\\.").threads(1)
            .addProfiler(GCProfiler.class).addProfiler(ClientCostProfiler.class);
        case "converse32" -> o.include(BedrockConverseBenchmark.class.getName() + "\\.(sdk|sdkApache|stateline)$")
            .threads(32).addProfiler(ClientCostProfiler.class);
        case "embed" -> o.include(EmbeddingBenchmark.class.getName() + "\\.").threads(1)
            .addProfiler(GCProfiler.class).addProfiler(ClientCostProfiler.class);
        default -> throw new AssertionError(g);
      }
      new Runner(o.build()).run();
      files.add(file);
    }
    System.out.println();
    System.out.println(Report.render(files));
  }

  private static ChainedOptionsBuilder base() {
    return new OptionsBuilder()
        .forks(Integer.getInteger("bench.forks", 1))
        .warmupIterations(Integer.getInteger("bench.warmups", 5))
        .warmupTime(TimeValue.seconds(Integer.getInteger("bench.warmupSeconds", 3)))
        .measurementIterations(Integer.getInteger("bench.iterations", 3))
        .measurementTime(TimeValue.seconds(Integer.getInteger("bench.seconds", 3)))
        .jvmArgsAppend("-Xms1g", "-Xmx1g")
        .shouldFailOnError(true);
  }
}
