/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.governance.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.NoEligibleTargetException;
import dev.stateline.error.ProviderUnavailableException;
import dev.stateline.error.RateLimitedException;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.testing.FakeChatModel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Stories of shared provider quotas: instances of a fleet take requests per minute from one counter
 * per target, so the fleet never sends a target more than its quota, and placement prefers targets
 * with quota left.
 */
class SharedQuotaTest {
  final FleetFixture fleet = new FleetFixture();
  final FakeChatModel swc = new FakeChatModel();
  final FakeChatModel ne = new FakeChatModel();

  @AfterEach
  void close() {
    fleet.close();
  }

  private StatelineClient instance(DynamoDbQuota quota, boolean withFallback) {
    StatelineClient.Builder b = StatelineClient.builder()
        .retryPolicy(RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(1))
            .maxBackoff(Duration.ofMillis(2)).maxRetryAfter(Duration.ofSeconds(1)).build())
        .target(FleetFixture.pricedTarget("az-swc", swc))
        .placement(PlacementPolicy.standard().prefer("az-swc").quota(quota))
        .addTargetInterceptor(quota);
    if (withFallback) {
      b.target(FleetFixture.pricedTarget("az-ne", ne));
    }
    return b.build();
  }

  private DynamoDbQuota quota(long rpm, long tpm) {
    return DynamoDbQuota.builder(fleet.table()).limit("az-swc", rpm, tpm).build();
  }

  @Test
  void given_three_instances_and_a_quota_of_5_requests_a_minute_then_the_fleet_sends_exactly_5_and_the_rest_fail_over() {
    fleet.clock.set(Instant.parse("2026-03-31T23:00:30Z"));
    List<StatelineClient> instances = List.of(instance(quota(5, 1_000_000), true), instance(quota(5, 1_000_000), true),
        instance(quota(5, 1_000_000), true));

    List<String> ranOn = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      ChatResponse r = instances.get(i % 3).chat(ChatRequest.of("gpt-4.1", "q"));
      ranOn.add(r.target());
    }

    assertThat(swc.callCount()).as("the quota of az-swc, kept across the fleet").isEqualTo(5);
    assertThat(ne.callCount()).isEqualTo(7);
    assertThat(ranOn.subList(0, 5)).containsOnly("az-swc");
    assertThat(ranOn.subList(5, 12)).containsOnly("az-ne");
  }

  @Test
  void given_a_used_up_quota_and_no_fallback_then_the_call_is_refused_with_a_rate_limit_and_never_sent() {
    fleet.clock.set(Instant.parse("2026-03-31T23:00:30Z"));
    StatelineClient a = instance(quota(2, 1_000_000), false);
    a.chat(ChatRequest.of("gpt-4.1", "q"));
    a.chat(ChatRequest.of("gpt-4.1", "q"));

    StatelineClient b = instance(quota(2, 1_000_000), false);
    RateLimitedException refused = catchThrowableOfType(RateLimitedException.class,
        () -> b.chat(ChatRequest.of("gpt-4.1", "q")));
    NoEligibleTargetException excluded = catchThrowableOfType(NoEligibleTargetException.class,
        () -> b.chat(ChatRequest.of("gpt-4.1", "q")));

    assertThat(swc.callCount()).isEqualTo(2);
    assertThat(refused).hasMessageContaining("2 of 2 requests").hasMessageContaining("across the fleet");
    assertThat(refused.retryAfter()).contains(Duration.ofSeconds(30));
    assertThat(excluded.placement().decision("az-swc").rule()).isEqualTo("quota");
    assertThat(excluded.placement().decision("az-swc").reason())
        .startsWith("its shared quota is used up for the minute 2026-03-31T23:00:00Z");

    fleet.clock.set(Instant.parse("2026-03-31T23:01:00Z")); // the next minute: the bucket is full again
    assertThat(b.chat(ChatRequest.of("gpt-4.1", "q")).target()).isEqualTo("az-swc");
  }

  @Test
  void given_a_tokens_per_minute_quota_then_estimated_tokens_and_max_output_count_against_it() {
    fleet.clock.set(Instant.parse("2026-03-31T23:00:30Z"));
    StatelineClient a = instance(quota(1000, 250), false);
    ChatRequest big = ChatRequest.builder().model("gpt-4.1").userMessage("q").maxOutputTokens(100).build();

    a.chat(big);
    a.chat(big);
    RateLimitedException refused = catchThrowableOfType(RateLimitedException.class, () -> a.chat(big));

    assertThat(swc.callCount()).isEqualTo(2);
    assertThat(refused).hasMessageContaining("of 250 tokens");
  }

  @Test
  void given_the_store_is_down_then_attempts_fail_closed_and_nothing_is_sent() {
    StatelineClient a = instance(quota(5, 1000), false);
    fleet.emulator.failNext("UpdateItem", 500, "InternalServerError", "boom").failNext("UpdateItem", 500,
        "InternalServerError", "boom");

    ProviderUnavailableException e = catchThrowableOfType(ProviderUnavailableException.class,
        () -> a.chat(ChatRequest.of("gpt-4.1", "q")));

    assertThat(e).hasMessageContaining("InternalServerError (HTTP 500)").hasMessageNotContaining("boom");
    assertThat(swc.callCount()).isZero();
  }

  @Test
  void given_a_target_with_little_quota_left_then_placement_prefers_one_with_budget_even_over_the_declared_preference() {
    fleet.clock.set(Instant.parse("2026-03-31T23:00:30Z"));
    StatelineClient a = instance(quota(10, 1_000_000), true);
    for (int i = 0; i < 9; i++) {
      assertThat(a.chat(ChatRequest.of("gpt-4.1", "q")).target()).isEqualTo("az-swc"); // preferred
    }

    ChatResponse next = a.chat(ChatRequest.of("gpt-4.1", "q")); // 9 of 10 used, as a last saw: low

    assertThat(next.target()).isEqualTo("az-ne");
    assertThat(swc.callCount()).isEqualTo(9);
  }
}
