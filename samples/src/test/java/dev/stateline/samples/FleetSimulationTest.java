/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A small simulated fleet, with faults, keeps its ceiling and its quota, and its audit trail verifies. */
class FleetSimulationTest {

  @Test
  void a_small_fleet_with_faults_keeps_the_ceiling_and_the_quota_and_its_audit_verifies() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    FleetSimulation.Report r = FleetSimulation.run(new FleetSimulation.Config(3, 120, 4, new BigDecimal("20"), 30, 7,
        true), new PrintStream(bytes, true, StandardCharsets.UTF_8));

    System.out.print(bytes.toString(StandardCharsets.UTF_8));
    assertThat(r.answered() + r.refusedByCeiling() + r.failed()).isEqualTo(120);
    assertThat(r.refusedByCeiling()).as("acme's calls beyond its ceiling").isPositive();
    assertThat(r.ceilingKept()).as("acme spent %s", r.acmeSpent()).isTrue();
    assertThat(r.acmeSpent()).isGreaterThanOrEqualTo(new BigDecimal("20"));
    assertThat(r.quotaKept()).as("az-swc got %s", r.primaryCalls()).isTrue();
    assertThat(r.primaryCalls()).isPositive();
    assertThat(r.auditIntact()).isTrue();
    assertThat(r.auditRecords()).isPositive();
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("Ceiling:", "KEPT", "Quota:", "VERIFIED end to end",
        "Per call:");
  }
}
