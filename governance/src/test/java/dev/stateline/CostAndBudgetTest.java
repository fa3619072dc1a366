/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import static dev.stateline.Fixtures.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.Cost;
import dev.stateline.chat.Usage;
import dev.stateline.cost.CostLedger;
import dev.stateline.cost.SpendCeiling;
import dev.stateline.error.NoEligibleTargetException;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.policy.StandardPolicy;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Stories of the cost ledger and of spend ceilings in placement (prices and costs on answers: core's {@code PriceAndCostTest}). */
class CostAndBudgetTest {
  private static final ChatRequest HELLO = PriceAndCostTest.HELLO;

  private final ScriptedModel a = new ScriptedModel();
  private final ScriptedModel b = new ScriptedModel();

  private static Target priced(String name, ScriptedModel model, Price price) {
    return PriceAndCostTest.priced(name, model, price);
  }

  @Test
  void theLedger_booksEveryFinishedCallByTargetTenantAndTag() {
    CostLedger ledger = CostLedger.create("USD");
    StatelineClient client = client(priced("a", a, Price.perMillionTokens("2", "8")), Fixtures.target("b", b))
        .telemetry(ledger).build();
    CallOptions acme = CallOptions.builder().tenant("acme").tag("batch").tag("eu").build();

    client.chat(HELLO, acme);
    client.chat(HELLO, acme);
    client.chat(HELLO);

    assertThat(ledger.total().amount()).isEqualByComparingTo("0.000066");
    assertThat(ledger.total().calls()).isEqualTo(3);
    assertThat(ledger.tenant("acme").amount()).isEqualByComparingTo("0.000044");
    assertThat(ledger.tag("batch").amount()).isEqualByComparingTo("0.000044");
    assertThat(ledger.tag("eu").calls()).isEqualTo(2);
    assertThat(ledger.target("a").inputTokens()).isEqualTo(9);
    assertThat(ledger.tenantOnTarget("acme", "a").amount()).isEqualByComparingTo("0.000044");
    assertThat(ledger.byTenant()).containsOnlyKeys("acme");
    assertThat(ledger.tenant("nobody").calls()).isZero();
  }

  @Test
  void theLedger_sumsExactlyUnderConcurrency() throws Exception {
    CostLedger ledger = CostLedger.create("USD");
    int threads = 16;
    int perThread = 2_000;
    Cost each = new Cost(new BigDecimal("0.000123"), "USD");
    Usage usage = new Usage(10, 2, 5, 0);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String tenant = "tenant-" + (t % 4);
      String target = t % 2 == 0 ? "a" : "b";
      done.add(pool.submit(() -> {
        go.await();
        for (int i = 0; i < perThread; i++) {
          ledger.record(target, tenant, Set.of("all", target + "-tag"), usage, each);
        }
        return null;
      }));
    }
    go.countDown();
    for (Future<?> f : done) {
      f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();

    long calls = (long) threads * perThread;
    assertThat(ledger.total().amount()).isEqualByComparingTo(new BigDecimal("0.000123").multiply(BigDecimal.valueOf(calls)));
    assertThat(ledger.total().calls()).isEqualTo(calls);
    assertThat(ledger.total().inputTokens()).isEqualTo(10 * calls);
    assertThat(ledger.tag("all").amount()).isEqualByComparingTo(ledger.total().amount());
    assertThat(ledger.tenant("tenant-0").amount()).isEqualByComparingTo(new BigDecimal("0.000123").multiply(
        BigDecimal.valueOf(calls / 4)));
    assertThat(ledger.target("a").amount().add(ledger.target("b").amount())).isEqualByComparingTo(ledger.total().amount());
  }

  @Test
  void theLedger_refusesAnotherCurrency() {
    CostLedger ledger = CostLedger.create("EUR");
    assertThatThrownBy(() -> ledger.record("a", null, Set.of(), Usage.ZERO, Cost.zero("USD")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EUR").hasMessageContaining("USD");
  }

  @Test
  void aTenantCeiling_refusesTheTenantsCallsOnceReached_butNotOtherTenants() {
    CostLedger ledger = CostLedger.create("USD");
    SpendCeiling ceiling = SpendCeiling.builder(ledger).tenant("acme", new BigDecimal("0.00004")).build();
    StatelineClient client = client(priced("a", a, Price.perMillionTokens("2", "8")))
        .placement(PlacementPolicy.standard().without(StandardPolicy.HOSTING).budget(ceiling))
        .telemetry(ledger).build();
    CallOptions acme = CallOptions.builder().tenant("acme").build();

    client.chat(HELLO, acme);                         // 0.000022
    client.chat(HELLO, acme);                         // 0.000044: now over the ceiling
    NoEligibleTargetException refused =
        catchThrowableOfType(NoEligibleTargetException.class, () -> client.chat(HELLO, acme));

    assertThat(refused.placement().decision("a").rule()).isEqualTo(StandardPolicy.BUDGET);
    assertThat(refused.placement().decision("a").reason()).contains("tenant 'acme'", "0.00004");
    assertThat(a.callCount()).isEqualTo(2);
    assertThat(client.chat(HELLO, CallOptions.builder().tenant("globex").build()).text()).isEqualTo("Hello");
  }

  @Test
  void aCeilingOnOneTarget_excludesThatTargetOnly_andTheCallRunsElsewhere() {
    CostLedger ledger = CostLedger.create("USD");
    SpendCeiling ceiling = SpendCeiling.builder(ledger)
        .tagOnTarget("batch", "a", BigDecimal.ZERO)   // batch work may not spend on a at all
        .build();
    StatelineClient client = client(priced("a", a, Price.perMillionTokens("2", "8")),
        priced("b", b, Price.perMillionTokens("2", "8")))
        .placement(PlacementPolicy.standard().without(StandardPolicy.HOSTING).prefer("a").budget(ceiling))
        .telemetry(ledger).build();

    ChatResponse batch = client.chat(HELLO, CallOptions.builder().tag("batch").build());
    ChatResponse interactive = client.chat(HELLO);

    assertThat(batch.target()).isEqualTo("b");
    assertThat(batch.placement().decision("a").rule()).isEqualTo(StandardPolicy.BUDGET);
    assertThat(interactive.target()).isEqualTo("a");
  }

  @Test
  void aTotalCeilingOfZero_refusesEverything() {
    CostLedger ledger = CostLedger.create("USD");
    StatelineClient client = client(priced("a", a, Price.perMillionTokens("2", "8")))
        .placement(PlacementPolicy.standard().without(StandardPolicy.HOSTING)
            .budget(SpendCeiling.builder(ledger).total(BigDecimal.ZERO).build()))
        .build();

    assertThatThrownBy(() -> client.chat(HELLO)).isInstanceOf(NoEligibleTargetException.class)
        .hasMessageContaining("the client has spent 0");
  }
}
