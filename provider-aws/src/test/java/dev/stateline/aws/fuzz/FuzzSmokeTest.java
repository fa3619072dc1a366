/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.fuzz;

import dev.stateline.testing.fuzz.SmokeFuzzer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The short fuzz run of the default build: every fuzz target of this module, each on its seed
 * corpus plus a number of derived inputs (scaled by {@code fuzz.smoke.factor}, default 1), with a
 * fixed seed so that the build is repeatable. See {@link SmokeFuzzer}; the long, coverage-guided
 * run is {@code mvn verify -Pfuzz}. The SDK-driven targets cost about a millisecond an input, so
 * they run fewer inputs than the pure codec.
 */
class FuzzSmokeTest {
  private static final Map<Class<?>, Integer> TARGETS = Map.of(
      JsonDocumentsFuzzTest.class, 5000,
      ConverseFuzzTest.class, 700,
      ConverseStreamFuzzTest.class, 700);

  @TestFactory
  List<DynamicTest> everyTargetSurvivesTheSmokeRun() {
    double factor = Double.parseDouble(System.getProperty("fuzz.smoke.factor", "1"));
    return TARGETS.entrySet().stream()
        .sorted(Map.Entry.comparingByKey((a, b) -> a.getSimpleName().compareTo(b.getSimpleName())))
        .map(t -> DynamicTest.dynamicTest(t.getKey().getSimpleName(), () -> {
          // given the target's seeds and a fixed-seed mutator, when every input runs, then none fails
          int inputs = (int) Math.round(t.getValue() * factor);
          SmokeFuzzer.Result result = SmokeFuzzer.run(t.getKey(), inputs);
          System.out.println("smoke fuzz " + result);
          assertThat(result.inputs()).isGreaterThanOrEqualTo(inputs);
        }))
        .toList();
  }
}
