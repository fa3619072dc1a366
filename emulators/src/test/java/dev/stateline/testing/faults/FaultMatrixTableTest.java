/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The fault matrix's table has an outcome for every cell, and a provider's differences are named with their reasons. */
class FaultMatrixTableTest {
  private static final FaultMatrix.Profile PLAIN = FaultMatrix.Profile.builder("echo: hi").failover("a", "b")
      .retryAfterWaits(Duration.ofMillis(1), Duration.ofMillis(2)).build();

  @Test
  void everyCellHasAnOutcome() {
    for (Fault.Case c : Fault.cases()) {
      assertThat(FaultMatrix.expected(c, PLAIN)).as(c.toString()).isNotNull();
    }
    assertThat(FaultMatrix.describe(PLAIN)).hasSize(Fault.cases().size())
        .contains("body keeps trickling past the total timeout (plain): a total timeout, not retried")
        .contains("SSE comments / empty events only (stream): CallTimeoutException, retried, answered");
  }

  @Test
  void aProvidersDifferenceReplacesItsCell_andSaysWhy() {
    FaultMatrix.Profile p = FaultMatrix.Profile.builder("x").failover("a", "b")
        .differs(Fault.ERROR_IN_200, Mode.PLAIN, FaultMatrix.failed(dev.stateline.error.ProtocolException.class, 1),
            "no error document in a 200").build();

    assertThat(FaultMatrix.expected(new Fault.Case(Fault.ERROR_IN_200, Mode.PLAIN), p))
        .hasToString("a ProtocolException, not retried");
    assertThat(p.reasons()).containsEntry("200 whose body is an error (plain)", "no error document in a 200");
    assertThat(FaultMatrix.expected(new Fault.Case(Fault.ERROR_IN_200, Mode.STREAM), p))
        .hasToString("a ProviderUnavailableException after the text that arrived, not retried");
  }
}
