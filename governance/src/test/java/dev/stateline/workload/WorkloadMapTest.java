/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.Region;
import dev.stateline.Target;
import dev.stateline.chat.Cost;
import dev.stateline.chat.Usage;
import dev.stateline.placement.CallKind;
import dev.stateline.spi.ChatModel;
import dev.stateline.spi.ModelCall;
import dev.stateline.telemetry.CallInfo;
import dev.stateline.telemetry.TelemetryEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Stories of the workload map: rows by kind, target and region; percentiles from fixed buckets. */
class WorkloadMapTest {
  private static final ChatModel NONE = new ChatModel() {
    @Override
    public dev.stateline.chat.ChatResponse chat(ModelCall call) {
      throw new UnsupportedOperationException();
    }

    @Override
    public dev.stateline.spi.EventSource stream(ModelCall call) {
      throw new UnsupportedOperationException();
    }
  };
  private static final Target SWC = Target.builder("az-swc", NONE).region(Region.azure("swedencentral")).anyModel()
      .build();
  private static final Target FRA = Target.builder("aws-fra", NONE).region(Region.aws("eu-central-1")).anyModel()
      .build();

  private static int n;

  private static CallInfo call(CallKind kind) {
    return new CallInfo("call_" + (++n), CallInfo.CHAT, kind, false, "gpt-4.1", null, null, Set.of());
  }

  private static TelemetryEvent.CallFinished finished(CallKind kind, Target t, long millis, String cost) {
    return new TelemetryEvent.CallFinished(call(kind), Instant.EPOCH, Duration.ofMillis(millis), t, "m", "m", "r",
        null, new Usage(1, 0, 1, 0), cost == null ? null : new Cost(new BigDecimal(cost), "USD"), null, List.of(),
        null, null);
  }

  @Test
  void callsAreGroupedByKindTargetAndRegion_withCountsErrorsPercentilesAndCost() {
    WorkloadMap map = new WorkloadMap();
    for (int i = 1; i <= 100; i++) {
      map.onEvent(finished(CallKind.STATELESS, SWC, i * 10L, "0.001"));   // 10 ms .. 1000 ms
    }
    map.onEvent(finished(CallKind.STATEFUL, FRA, 800, "0.5"));
    map.onEvent(new TelemetryEvent.CallFailed(call(CallKind.STATELESS), Instant.EPOCH, Duration.ofMillis(5), SWC,
        "RateLimitedException", null, null, List.of(), null));
    map.onEvent(new TelemetryEvent.CallFailed(call(CallKind.STATELESS), Instant.EPOCH, Duration.ofMillis(5), null,
        "NoEligibleTargetException", null, null, List.of(), null));

    List<WorkloadMap.Row> rows = map.rows();

    assertThat(rows).extracting(WorkloadMap.Row::kind, WorkloadMap.Row::target).containsExactly(
        org.assertj.core.groups.Tuple.tuple(CallKind.STATELESS, "-"),
        org.assertj.core.groups.Tuple.tuple(CallKind.STATELESS, "az-swc"),
        org.assertj.core.groups.Tuple.tuple(CallKind.STATEFUL, "aws-fra"));
    WorkloadMap.Row swc = rows.get(1);
    assertThat(swc.calls()).isEqualTo(101);
    assertThat(swc.errors()).isEqualTo(1);
    assertThat(swc.cost().amount()).isEqualByComparingTo("0.100");
    // true p50 is 500 ms, p95 950 ms; buckets report an upper bound at most 19% above
    assertThat(swc.p50Millis()).isBetween(500.0, 500 * 1.19);
    assertThat(swc.p95Millis()).isBetween(950.0, 950 * 1.19);
    assertThat(rows.get(0).p50Millis()).isNaN();
  }

  @Test
  void render_printsAnAlignedTable() {
    WorkloadMap map = new WorkloadMap();
    map.onEvent(finished(CallKind.STATELESS, SWC, 220, "0.912"));
    map.onEvent(finished(CallKind.STATEFUL, FRA, 1400, null));

    String table = map.render();

    List<String> lines = table.lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("kind").contains("target", "region", "calls", "errors", "p50", "p95", "cost");
    int callsEnd = lines.get(0).indexOf("calls") + "calls".length();
    for (String row : lines.subList(1, 3)) {
      assertThat(row.charAt(callsEnd - 1)).isEqualTo('1');              // right-aligned under "calls"
      assertThat(row.indexOf("az-swc") >= 0 ? row.indexOf("az-swc") : row.indexOf("aws-fra"))
          .isEqualTo(lines.get(0).indexOf("target"));
    }
    assertThat(lines.get(1)).startsWith("stateless").contains("azure/swedencentral", "ms", "0.912 USD");
    assertThat(lines.get(2)).startsWith("stateful").contains("aws/eu-central-1", "1.4 s").endsWith("-");
  }

  @Test
  void memoryIsBounded_byTheDistinctKindsTargetsAndRegions() {
    WorkloadMap map = new WorkloadMap();
    for (int i = 0; i < 10_000; i++) {
      map.onEvent(finished(i % 2 == 0 ? CallKind.STATELESS : CallKind.STATEFUL, i % 3 == 0 ? SWC : FRA, i % 5000,
          "0.000001"));
    }
    assertThat(map.rows()).hasSize(4);
    assertThat(map.rows().stream().mapToLong(WorkloadMap.Row::calls).sum()).isEqualTo(10_000);
  }
}
