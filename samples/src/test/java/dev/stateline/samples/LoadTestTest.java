/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Smoke test: a small load run finishes, places every call where policy says, and loses no session turn. */
class LoadTestTest {

  @Test
  void aSmallRun_placesStatelessCallsOnAzure_sessionTurnsOnBedrock_serverHeldOrNot_andLosesNoTurn() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    LoadStats stats = LoadTest.run(new LoadTest.Config(8, 120, 7, true, Duration.ofSeconds(40)), out, false);
    String report = bytes.toString(StandardCharsets.UTF_8);

    // It finished, and every operation is accounted for.
    assertThat(stats.timedOut()).isFalse();
    assertThat(stats.done()).isEqualTo(120);
    assertThat(stats.succeededCount() + stats.failedCount()).isEqualTo(120);
    assertThat(stats.succeededCount()).as("faults are a minority").isGreaterThan(60);

    // Placement under PlacementPolicy.standard().residency(EU): stateless on Azure, stateful on Bedrock.
    assertThat(stats.attemptsByTarget(false)).isNotEmpty().containsOnlyKeys("azure-swc", "azure-weu");
    // (every other user's session is server-held, on bedrock-mantle's Responses API; a client-held
    // session goes to whichever of the two AWS runtimes ranks first by observed latency, so either
    // may take all of them)
    assertThat(stats.attemptsByTarget(true)).containsKey("aws-mantle");
    assertThat(stats.attemptsByTarget(true).keySet()).isSubsetOf("aws-fra", "aws-mantle");
    assertThat(stats.answersByTarget()).doesNotContainKey("openai");

    // No lost (or doubled) session turn: each history holds exactly the turns its user saw committed.
    assertThat(stats.sessions()).hasSize(8).allSatisfy(s ->
        assertThat(s.historyMessages()).as(s.id()).isEqualTo(2 * s.committedTurns()));
    assertThat(stats.sessions().stream().mapToInt(LoadStats.SessionCheck::committedTurns).sum()).isPositive();

    // The report has every section, in plain ASCII.
    assertThat(report).contains("Stateline load test: 8 users, 120 operations", "Done in",
        "Latency of successful operations (ms)", "p50", "p95", "p99", "Errors by type",
        "Placement (answers and attempts per target)", "Failovers:", "Retries:", "Cost:",
        "Sessions:  8 checked", "every history holds exactly its committed turns");
    assertThat(report).matches("(?s).*\\[\\s*\\d+\\.\\ds\\]\\s+120/120 ops.*");
    assertThat(report.chars()).allMatch(c -> c == '\n' || c == '\r' || (c >= 32 && c < 127));
    assertThat(stats.costByTarget()).containsKey("aws-mantle").allSatisfy((t, c) -> assertThat(c).isPositive());
    assertThat(stats.percentile(99)).isGreaterThanOrEqualTo(stats.percentile(50));
  }

  @Test
  void argumentsAndPropertiesChangeTheDefaults() {
    assertThat(LoadTest.Config.parse()).isEqualTo(LoadTest.Config.defaults());
    LoadTest.Config c = LoadTest.Config.parse("--users=3", "--ops=9", "--seed=11", "--no-faults", "--deadline=5");
    assertThat(c).isEqualTo(new LoadTest.Config(3, 9, 11, false, Duration.ofSeconds(5)));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> LoadTest.Config.parse("-x"))
        .hasMessageContaining("unknown argument");
  }
}
