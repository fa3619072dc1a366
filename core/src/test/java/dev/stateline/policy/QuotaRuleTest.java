/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Where the quota rule sits in the standard policy, and that it is one rule however often it is set. */
class QuotaRuleTest {
  private static List<String> names(StandardPolicy p) {
    return p.rules().stream().map(Rule::name).toList();
  }

  @Test
  void the_quota_rule_ranks_just_before_preference_and_replaces_an_earlier_one() {
    QuotaGuard full = (call, target) -> "used up";
    StandardPolicy p = PlacementPolicy.standard().quota(QuotaGuard.unlimited()).quota(full);

    List<String> names = names(p);
    assertThat(names).containsSubsequence(StandardPolicy.BUDGET, StandardPolicy.QUOTA, StandardPolicy.PREFERENCE);
    assertThat(names.stream().filter(StandardPolicy.QUOTA::equals)).hasSize(1);
    assertThat(p.rules().stream().filter(r -> r.name().equals(StandardPolicy.QUOTA)).findFirst().orElseThrow()
        .exclude(null, null)).isEqualTo("used up");
  }

  @Test
  void without_the_preference_rule_the_quota_rule_goes_at_the_end() {
    StandardPolicy p = PlacementPolicy.standard().without(StandardPolicy.PREFERENCE).quota(QuotaGuard.unlimited());

    assertThat(names(p)).last().isEqualTo(StandardPolicy.QUOTA);
  }
}
