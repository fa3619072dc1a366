/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.governance.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stateline.CallOptions;
import dev.stateline.StatelineClient;
import dev.stateline.chat.ChatRequest;
import dev.stateline.error.NoEligibleTargetException;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.testing.FakeChatModel;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Stories of shared spend: instances of a fleet, each with its own SDK client, ledger and ceiling
 * objects, book into one DynamoDB table and keep one ceiling between them.
 */
class SharedSpendTest {
  final FleetFixture fleet = new FleetFixture();
  static final CallOptions ACME = CallOptions.builder().tenant("acme").tag("contracts").build();

  @AfterEach
  void close() {
    fleet.close();
  }

  /** One instance of the application: its own SDK client, ledger, ceiling and StatelineClient. */
  final class Instance {
    final FakeChatModel model = new FakeChatModel();
    final DynamoDbSpendLedger ledger;
    final StatelineClient client;

    Instance(BigDecimal acmeCeiling, FakeChatModel shared) {
      ledger = DynamoDbSpendLedger.builder(fleet.table(), "USD").build();
      DynamoDbSpendCeiling ceiling = DynamoDbSpendCeiling.builder(ledger, SpendPeriod.MONTH)
          .ceiling(SpendScope.tenant("acme"), acmeCeiling).build();
      client = StatelineClient.builder().target(FleetFixture.pricedTarget("az-swc", shared == null ? model : shared))
          .telemetry(ledger).placement(PlacementPolicy.standard().budget(ceiling)).build();
    }

    Instance(BigDecimal acmeCeiling) {
      this(acmeCeiling, null);
    }

    boolean call() {
      try {
        client.chat(ChatRequest.of("gpt-4.1", "q"), ACME);
        return true;
      } catch (NoEligibleTargetException e) {
        return false;
      }
    }
  }

  @Test
  void given_three_instances_and_a_tenant_ceiling_of_5_usd_when_they_take_turns_then_the_fleet_admits_exactly_5_calls() {
    List<Instance> instances = List.of(new Instance(new BigDecimal("5")), new Instance(new BigDecimal("5")),
        new Instance(new BigDecimal("5")));

    int admitted = 0;
    for (int i = 0; i < 12; i++) {
      admitted += instances.get(i % 3).call() ? 1 : 0;
    }

    assertThat(admitted).isEqualTo(5);
    DynamoDbSpendLedger anyone = instances.get(2).ledger;
    assertThat(anyone.spend(SpendPeriod.MONTH, SpendScope.tenant("acme")).amount()).isEqualByComparingTo("5");
    assertThat(anyone.spend(SpendPeriod.MONTH, SpendScope.total()).calls()).isEqualTo(5);
    assertThat(anyone.spend(SpendPeriod.DAY, SpendScope.tagOnTarget("contracts", "az-swc")).amount())
        .isEqualByComparingTo("5");
    assertThat(anyone.spend(SpendPeriod.MONTH, SpendScope.tenant("acme")).admitted()).isEqualTo(5);
    NoEligibleTargetException refused = catchThrowableOfType(NoEligibleTargetException.class,
        () -> instances.get(0).client.chat(ChatRequest.of("gpt-4.1", "q"), ACME));
    assertThat(refused.placement().decision("az-swc").reason())
        .isEqualTo("tenant 'acme' has spent 5 USD of its ceiling of 5 USD this month (2026-03), across the fleet");
    // another tenant is not affected
    assertThat(instances.get(1).client.chat(ChatRequest.of("gpt-4.1", "q"), CallOptions.builder().tenant("globex")
        .build()).text()).isEqualTo("q");
  }

  @Test
  void given_a_spent_month_when_the_next_month_starts_then_the_counters_start_again_at_zero() {
    Instance a = new Instance(new BigDecimal("2"));
    Instance b = new Instance(new BigDecimal("2"));
    assertThat(List.of(a.call(), b.call(), a.call())).containsExactly(true, true, false);

    fleet.clock.set(Instant.parse("2026-04-01T00:00:00Z")); // rollover: 23:00 on 31 March -> 1 April

    assertThat(List.of(b.call(), a.call(), b.call())).containsExactly(true, true, false);
    assertThat(a.ledger.spend(SpendPeriod.MONTH, SpendScope.tenant("acme")).amount()).isEqualByComparingTo("2");
    assertThat(a.ledger.spend(SpendPeriod.MONTH, Instant.parse("2026-03-15T00:00:00Z"), SpendScope.tenant("acme"))
        .amount()).isEqualByComparingTo("2");
    assertThat(a.ledger.spend(SpendPeriod.DAY, SpendScope.total()).calls()).isEqualTo(2);
    // each counter expires a retention after its period ends (DynamoDB TTL)
    assertThat(fleet.emulator.expireItems(FleetFixture.TABLE, GovernanceTable.TTL_ATTRIBUTE,
        Instant.parse("2027-05-06T00:00:00Z"))).as("March's day and month counters, 400 days after").isEqualTo(12);
    assertThat(a.ledger.spend(SpendPeriod.MONTH, SpendScope.tenant("acme")).amount()).isEqualByComparingTo("2");
  }

  @Test
  void given_concurrent_calls_across_instances_then_the_ceiling_is_overshot_by_at_most_the_calls_in_flight()
      throws Exception {
    int threads = 6;
    FakeChatModel slow = new FakeChatModel();
    List<Instance> instances = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      instances.add(new Instance(new BigDecimal("10"), slow));
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Instance instance = instances.get(t % 3);
      results.add(pool.submit(() -> {
        start.await();
        int ok = 0;
        for (int i = 0; i < 8; i++) {
          ok += instance.call() ? 1 : 0;
        }
        return ok;
      }));
    }
    start.countDown();
    int admitted = 0;
    for (Future<Integer> r : results) {
      admitted += r.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();

    BigDecimal spent = instances.get(0).ledger.spend(SpendPeriod.MONTH, SpendScope.tenant("acme")).amount();
    assertThat(spent).isEqualByComparingTo(BigDecimal.valueOf(admitted)); // no booking lost
    assertThat(admitted).as("at least the ceiling, at most the ceiling plus one call per thread in flight")
        .isBetween(10, 10 + threads - 1);
  }

  @Test
  void given_the_store_is_unavailable_then_the_ceiling_fails_closed_with_a_reason_and_no_secret() {
    Instance a = new Instance(new BigDecimal("5"));
    fleet.emulator.failNext("UpdateItem", 500, "InternalServerError", "boom " + FleetFixture.SECRET_KEY);

    NoEligibleTargetException refused = catchThrowableOfType(NoEligibleTargetException.class,
        () -> a.client.chat(ChatRequest.of("gpt-4.1", "q"), ACME));

    assertThat(refused.placement().decision("az-swc").reason())
        .startsWith("spend store unavailable: InternalServerError (HTTP 500)").doesNotContain("boom");
    assertThat(a.call()).as("the next call, with the store back").isTrue();
  }

  @Test
  void given_a_wrong_secret_key_then_the_emulator_recomputes_the_signature_and_refuses_it() {
    GovernanceTable forged = GovernanceTable.builder(fleet.client("not-the-secret"), FleetFixture.TABLE).build();
    DynamoDbSpendLedger ledger = DynamoDbSpendLedger.builder(forged, "USD").build();

    software.amazon.awssdk.services.dynamodb.model.DynamoDbException e = catchThrowableOfType(
        software.amazon.awssdk.services.dynamodb.model.DynamoDbException.class,
        () -> ledger.spend(SpendPeriod.DAY, SpendScope.total()));

    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
  }

  @Test
  void names_with_the_key_separator_never_share_a_counter() {
    assertThat(SpendScope.tenantOnTarget("a#b", "c").key()).isNotEqualTo(SpendScope.tenantOnTarget("a", "b#c").key());
    assertThat(SpendScope.tenant("x".repeat(5000)).key()).startsWith("tenant#sha256:").hasSize("tenant#sha256:".length() + 64);
  }
}
