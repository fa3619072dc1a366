/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.Target;
import dev.stateline.placement.Placement;
import dev.stateline.placement.TargetHealth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each standard rule is written once: what {@link StandardPolicy#rules()} answer one target at a
 * time ({@link Rule#exclude}, {@link Rule#rank}) is what the bound policy decides on its fast path.
 * For every row of {@link StandardPlacementTableTest}, the rules are applied here by hand (the
 * static ones first, then the rest in list order; the first rule that excludes a target names
 * the exclusion; the eligible ranked by each rule's key in list order, then declaration order) and
 * the result must equal the bound policy's.
 */
class RulesAgreeWithFastPathTest {
  private static final Set<String> STATIC = Set.of(StandardPolicy.MODEL, StandardPolicy.HOSTING,
      StandardPolicy.RESIDENCY);

  static Stream<StandardPlacementTableTest.Case> cases() {
    return StandardPlacementTableTest.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void the_rules_one_target_at_a_time_decide_as_the_fast_path(StandardPlacementTableTest.Case c) {
    List<Target> fleet = c.fleet;
    StandardPolicy policy = c.policy.apply(PlacementPolicy.standard());
    List<TargetHealth> health = new ArrayList<>();
    for (Target t : fleet) {
      health.add(c.health.getOrDefault(t.name(), TargetHealth.UNKNOWN));
    }
    Placement fast = policy.bind(fleet).place(PlacementContext.of(c.call(), fleet, health));

    PlacementContext call = PlacementContext.of(c.call(), fleet, health);
    call.estimator(policy.tokenEstimator());
    List<Rule> ordered = new ArrayList<>();
    policy.rules().stream().filter(r -> STATIC.contains(r.name())).forEach(ordered::add);
    policy.rules().stream().filter(r -> !STATIC.contains(r.name())).forEach(ordered::add);
    Map<String, String> excludedBy = new LinkedHashMap<>();
    List<Target> eligible = new ArrayList<>();
    for (Target t : fleet) {
      String rule = null;
      for (Rule r : ordered) {
        if (r.exclude(call, t) != null) {
          rule = r.name();
          break;
        }
      }
      if (rule == null) {
        eligible.add(t);
      } else {
        excludedBy.put(t.name(), rule);
      }
    }
    Comparator<Target> byKeys = (a, b) -> 0;
    for (Rule r : policy.rules()) {
      byKeys = byKeys.thenComparingLong(t -> r.rank(call, t));
    }
    eligible.sort(byKeys.thenComparingInt(fleet::indexOf));

    assertThat(fast.order()).containsExactlyElementsOf(eligible.stream().map(Target::name).toList());
    Map<String, String> fastExcludedBy = new LinkedHashMap<>();
    for (Placement.Decision d : fast.exclusions()) {
      fastExcludedBy.put(d.target(), d.rule());
    }
    assertThat(fastExcludedBy).isEqualTo(excludedBy);
    for (Placement.Decision d : fast.exclusions()) {
      Rule r = ordered.stream().filter(x -> x.name().equals(d.rule())).findFirst().orElseThrow();
      assertThat(r.exclude(call, fleet.stream().filter(t -> t.name().equals(d.target())).findFirst().orElseThrow()))
          .as("reason of %s", d.target()).isEqualTo(d.reason());
    }
  }
}
