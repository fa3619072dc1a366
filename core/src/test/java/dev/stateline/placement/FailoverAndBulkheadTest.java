/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.CallOptions;
import dev.stateline.ChatStream;
import dev.stateline.Region;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.BulkheadFullException;
import dev.stateline.error.InvalidRequestException;
import dev.stateline.error.ProviderUnavailableException;
import dev.stateline.error.ResidencyViolationException;
import dev.stateline.error.StatelineException;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.policy.Rule;
import dev.stateline.policy.StandardPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Failover down the placement's order, bulkheads, and the circuit breakers fed by real calls. */
class FailoverAndBulkheadTest {
  static final ChatRequest HELLO = ChatRequest.of("gpt-4.1", "hello");
  static final RetryPolicy FAST_RETRY = RetryPolicy.builder().maxAttempts(2)
      .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(2)).build();

  final MutableClock clock = new MutableClock();
  final ScriptedTestModel primary = new ScriptedTestModel("primary");
  final ScriptedTestModel secondary = new ScriptedTestModel("secondary");
  final List<StatelineClient> clients = new ArrayList<>();

  @AfterEach
  void close() {
    clients.forEach(StatelineClient::close);
  }

  static Target azure(String name, ScriptedTestModel model, String region, int maxConcurrent) {
    return Target.builder(name, model).provider("azure.ai.openai").hosting(Target.Hosting.STATELESS_HOST)
        .region(Region.azure(region)).model("gpt-4.1").maxConcurrentCalls(maxConcurrent).build();
  }

  StatelineClient client(StandardPolicy policy, CircuitBreakerPolicy breaker, Target... targets) {
    StatelineClient.Builder b = StatelineClient.builder().placement(policy).retryPolicy(FAST_RETRY)
        .circuitBreaker(breaker).clock(clock);
    for (Target t : targets) {
      b.target(t);
    }
    StatelineClient c = b.build();
    clients.add(c);
    return c;
  }

  StatelineClient twoTargets(int primaryLimit) {
    return client(PlacementPolicy.standard().prefer("primary"), CircuitBreakerPolicy.defaults(),
        azure("primary", primary, "swedencentral", primaryLimit), azure("secondary", secondary, "westeurope", 0));
  }

  @Test
  void given_a_primary_that_stays_down_when_retries_are_spent_then_the_call_fails_over_and_says_so() {
    primary.alwaysFail(ScriptedTestModel::unavailable);
    StatelineClient client = twoTargets(0);

    ChatResponse r = client.chat(HELLO);

    assertThat(r.target()).isEqualTo("secondary");
    assertThat(r.text()).isEqualTo("secondary: hello");
    assertThat(r.failovers()).containsExactly(new Failover("primary", "secondary", "ProviderUnavailableException"));
    assertThat(r.attempts()).extracting(Attempt::target, Attempt::number, Attempt::succeeded).containsExactly(
        org.assertj.core.groups.Tuple.tuple("primary", 1, false),
        org.assertj.core.groups.Tuple.tuple("primary", 2, false),
        org.assertj.core.groups.Tuple.tuple("secondary", 1, true));
    assertThat(r.placement().order()).containsExactly("primary", "secondary");
    assertThat(primary.calls()).hasSize(2);
  }

  @Test
  void given_a_client_error_on_the_primary_then_the_call_never_fails_over() {
    primary.alwaysFail(ScriptedTestModel::invalid);
    StatelineClient client = twoTargets(0);

    assertThatThrownBy(() -> client.chat(HELLO))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.target()).isEqualTo("primary");
          assertThat(e.attempts()).hasSize(1);
          assertThat(e.failovers()).isEmpty();
          assertThat(e.placement().fallbacks()).containsExactly("secondary");
        });
    assertThat(secondary.calls()).isEmpty();
  }

  @Test
  void given_a_stream_that_fails_before_its_first_event_then_it_fails_over() {
    primary.alwaysFail(ScriptedTestModel::rateLimited);
    StatelineClient client = twoTargets(0);

    try (ChatStream stream = client.stream(HELLO)) {
      ChatResponse r = stream.response();

      assertThat(r.target()).isEqualTo("secondary");
      assertThat(r.failovers()).extracting(Failover::errorType).containsExactly("RateLimitedException");
    }
  }

  @Test
  void given_a_stream_that_breaks_after_its_first_event_then_it_never_fails_over() {
    primary.breakStreamsAfterFirstEvent("Hel");
    StatelineClient client = twoTargets(0);
    List<ChatEvent> seen = new ArrayList<>();

    assertThatThrownBy(() -> {
      try (ChatStream stream = client.stream(HELLO)) {
        for (ChatEvent e : stream) {
          seen.add(e);
        }
      }
    }).isInstanceOf(ProviderUnavailableException.class);

    assertThat(seen).containsExactly(new ChatEvent.TextDelta("Hel"));
    assertThat(secondary.calls()).isEmpty();
    assertThat(client.health("primary").inFlight()).isZero();
  }

  @Test
  void given_a_full_primary_when_another_call_comes_then_it_runs_on_the_next_target_and_the_slot_returns_on_close() {
    StatelineClient client = twoTargets(1);
    ChatStream holding = client.stream(HELLO);
    assertThat(client.health("primary").inFlight()).isEqualTo(1);

    ChatResponse r = client.chat(HELLO);

    assertThat(r.target()).isEqualTo("secondary");
    assertThat(r.failovers()).containsExactly(new Failover("primary", "secondary", "BulkheadFullException"));
    assertThat(r.attempts().get(0).elapsed()).isEqualTo(Duration.ZERO);
    holding.close();
    assertThat(client.health("primary").inFlight()).isZero();
    assertThat(client.chat(HELLO).target()).isEqualTo("primary");
  }

  @Test
  void given_a_bulkhead_then_its_slot_is_given_back_however_the_call_ends() {
    StatelineClient client = twoTargets(1);

    client.chat(HELLO);
    assertThat(client.health("primary").inFlight()).as("after a whole answer").isZero();

    try (ChatStream s = client.stream(HELLO)) {
      s.response();
    }
    assertThat(client.health("primary").inFlight()).as("after a stream read to its end").isZero();

    ChatStream abandoned = client.stream(HELLO);
    abandoned.close();
    assertThat(client.health("primary").inFlight()).as("after a stream closed early").isZero();

    primary.thenFail(ScriptedTestModel::invalid);
    assertThatThrownBy(() -> client.chat(HELLO)).isInstanceOf(InvalidRequestException.class);
    assertThat(client.health("primary").inFlight()).as("after a failure").isZero();

    primary.breakStreamsAfterFirstEvent("x");
    assertThatThrownBy(() -> {
      try (ChatStream s = client.stream(HELLO)) {
        s.response();
      }
    }).isInstanceOf(ProviderUnavailableException.class);
    assertThat(client.health("primary").inFlight()).as("after a stream that broke").isZero();
  }

  @Test
  void given_the_only_target_is_full_then_the_caller_gets_a_bulkhead_error() {
    StatelineClient client = client(PlacementPolicy.standard(), CircuitBreakerPolicy.defaults(),
        azure("primary", primary, "swedencentral", 1));
    ChatStream holding = client.stream(HELLO);

    assertThatThrownBy(() -> client.chat(HELLO))
        .isInstanceOfSatisfying(BulkheadFullException.class, e -> {
          assertThat(e.limit()).isEqualTo(1);
          assertThat(e.target()).isEqualTo("primary");
        });
    holding.close();
  }

  @Test
  void given_failing_calls_then_the_circuit_opens_placement_skips_the_target_and_a_probe_closes_it() {
    CircuitBreakerPolicy breaker = CircuitBreakerPolicy.builder().minimumCalls(2).windowSize(2)
        .openDuration(Duration.ofSeconds(30)).build();
    StatelineClient client = client(PlacementPolicy.standard().prefer("primary"), breaker,
        azure("primary", primary, "swedencentral", 0), azure("secondary", secondary, "westeurope", 0));
    primary.thenFail(ScriptedTestModel::unavailable).thenFail(ScriptedTestModel::unavailable);

    client.chat(HELLO); // two failed attempts on primary, then secondary
    assertThat(client.health("primary").circuitState()).isEqualTo(CircuitState.OPEN);

    ChatResponse skipped = client.chat(HELLO);
    assertThat(skipped.target()).isEqualTo("secondary");
    assertThat(skipped.attempts()).extracting(Attempt::target).containsExactly("secondary");
    assertThat(skipped.placement().decision("primary").rule()).isEqualTo(StandardPolicy.HEALTH);
    assertThat(skipped.placement().decision("primary").reason()).contains("circuit breaker open");

    clock.advance(Duration.ofSeconds(30));
    ChatResponse probe = client.chat(HELLO);
    assertThat(probe.target()).isEqualTo("primary");
    assertThat(client.health("primary").circuitState()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void given_client_errors_only_then_the_circuit_stays_closed() {
    CircuitBreakerPolicy breaker = CircuitBreakerPolicy.builder().minimumCalls(2).windowSize(2).build();
    StatelineClient client = client(PlacementPolicy.standard(), breaker, azure("primary", primary, "swedencentral", 0));
    primary.alwaysFail(ScriptedTestModel::invalid);

    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> client.chat(HELLO)).isInstanceOf(InvalidRequestException.class);
    }

    assertThat(client.health("primary").circuitState()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void given_eu_residency_when_the_only_eu_target_fails_then_the_call_fails_rather_than_leave_the_eu() {
    ScriptedTestModel london = new ScriptedTestModel("london");
    StatelineClient client = client(PlacementPolicy.standard().residency(Jurisdiction.EU),
        CircuitBreakerPolicy.defaults(), azure("primary", primary, "swedencentral", 0), azure("uk", london, "uksouth", 0));
    primary.alwaysFail(ScriptedTestModel::unavailable);

    assertThatThrownBy(() -> client.chat(HELLO))
        .isInstanceOfSatisfying(ProviderUnavailableException.class, e -> {
          assertThat(e.placement().order()).containsExactly("primary");
          assertThat(e.placement().decision("uk").rule()).isEqualTo(StandardPolicy.RESIDENCY);
        });
    assertThat(london.calls()).isEmpty();
  }

  @Test
  void given_a_faulty_custom_policy_that_picks_a_target_outside_the_calls_jurisdiction_then_the_client_drops_it() {
    ScriptedTestModel london = new ScriptedTestModel("london");
    PlacementPolicy careless = (call, targets) -> new Placement(call.request().model(), call.kind(),
        List.of("uk"), List.of(Placement.Decision.eligible("uk", "careless", "because")));
    StatelineClient client = StatelineClient.builder().placement(careless)
        .target(azure("uk", london, "uksouth", 0)).build();
    clients.add(client);

    assertThatThrownBy(() -> client.chat(HELLO, CallOptions.builder().residency(Jurisdiction.EU).build()))
        .isInstanceOfSatisfying(ResidencyViolationException.class, e ->
            assertThat(e.placement().decision("uk").reason()).contains("outside EU"));
    assertThat(london.calls()).isEmpty();
  }

  @Test
  void given_a_successful_call_then_the_targets_latency_is_measured() {
    StatelineClient client = twoTargets(0);
    assertThat(client.health("primary").latencyNanos(false)).isEqualTo(-1);

    client.chat(HELLO);

    assertThat(client.health("primary").latencyNanos(false)).isGreaterThanOrEqualTo(0);
    assertThat(client.health("primary").latencyNanos(true)).as("streams are measured apart").isEqualTo(-1);
  }

  @Test
  void given_a_target_whose_first_call_was_slow_when_time_passes_then_it_is_measured_again() {
    primary.then(call -> {
      try {
        Thread.sleep(100); // a cold start; the target is fast afterwards
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return primary.echo(call);
    });
    StatelineClient client = client(PlacementPolicy.standard(), CircuitBreakerPolicy.defaults(),
        azure("primary", primary, "swedencentral", 0), azure("secondary", secondary, "westeurope", 0));

    client.chat(HELLO); // unmeasured targets go first: primary (declared first), slow
    for (int i = 0; i < 10; i++) {
      assertThat(client.chat(HELLO).target()).as("while its slow reading is fresh").isEqualTo("secondary");
    }
    long slowReading = client.health("primary").latencyNanos(false);

    clock.advance(Duration.ofMinutes(10));
    List<String> placed = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      placed.add(client.chat(HELLO).target());
    }

    assertThat(placed).as("the stale reading aged until primary ranked first again").contains("primary");
    assertThat(primary.calls()).hasSizeGreaterThan(1);
    assertThat(client.health("primary").latencyNanos(false))
        .as("the new sample replaced the stale average instead of being mixed into it")
        .isLessThan(slowReading / 2);
  }

  @Test
  void given_the_declaration_order_policy_then_targets_are_tried_in_the_order_declared() {
    primary.alwaysFail(ScriptedTestModel::unavailable);
    StatelineClient client = StatelineClient.builder().retryPolicy(RetryPolicy.none())
        .target(azure("primary", primary, "swedencentral", 0)).target(azure("secondary", secondary, "westeurope", 0))
        .build();
    clients.add(client);

    ChatResponse r = client.chat(HELLO);

    assertThat(r.placement().order()).containsExactly("primary", "secondary");
    assertThat(r.target()).isEqualTo("secondary");
  }

  @Test
  void given_every_target_fails_then_the_last_error_carries_the_whole_route() {
    primary.alwaysFail(ScriptedTestModel::unavailable);
    secondary.alwaysFail(ScriptedTestModel::rateLimited);
    StatelineClient client = twoTargets(0);

    assertThatThrownBy(() -> client.chat(HELLO))
        .isInstanceOfSatisfying(StatelineException.class, e -> {
          assertThat(e.target()).isEqualTo("secondary");
          assertThat(e.attempts()).hasSize(4);
          assertThat(e.failovers()).containsExactly(new Failover("primary", "secondary", "ProviderUnavailableException"));
        });
  }

  @Test
  void given_a_rule_that_throws_then_the_call_fails_with_a_typed_error_and_reaches_no_target() {
    StatelineClient client = client(PlacementPolicy.standard().withRule(Rule.filter("buggy", (call, t) -> {
      throw new IllegalStateException("oops");
    })), CircuitBreakerPolicy.defaults(), azure("primary", primary, "swedencentral", 0));

    assertThatThrownBy(() -> client.chat(HELLO))
        .isExactlyInstanceOf(StatelineException.class)
        .hasMessageContaining("placement policy failed")
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThat(primary.calls()).isEmpty();
  }
}
