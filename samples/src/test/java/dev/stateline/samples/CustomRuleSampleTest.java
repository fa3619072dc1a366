/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Smoke test: the custom rule narrows acme to Sweden, on top of the standard rules. */
class CustomRuleSampleTest {

  @Test
  void acmeStaysInSweden_otherTenantsFailOver() {
    String out = SampleOutput.of(CustomRuleSample::run);

    assertThat(out)
        .contains("acme   -> azure-swc [azure-swc]")
        .contains("azure-weu excluded by acme-in-sweden: acme's contract keeps its data in swedencentral")
        .contains("azure-us excluded by residency")
        .contains("aws-fra excluded by hosting")
        .contains("globex -> azure-swc [azure-swc, azure-weu]")
        .contains("sweden down, globex -> azure-weu after [Failover[from=azure-swc, to=azure-weu,"
            + " errorType=ProviderUnavailableException]]")
        .contains("sweden down, acme -> ProviderUnavailableException on [azure-swc] (2 attempts, no failover)");
  }
}
