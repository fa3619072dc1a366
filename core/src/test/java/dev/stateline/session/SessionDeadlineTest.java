/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stateline.Region;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.Timeouts;
import dev.stateline.chat.Message;
import dev.stateline.error.CallTimeoutException;
import dev.stateline.placement.CallKind;
import dev.stateline.placement.ScriptedTestModel;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.spi.ModelCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A session turn keeps to one total timeout: the lock wait, a pinned continuation, a replay of
 * the history and re-runs after conflicts all share it, instead of each getting a fresh one.
 */
class SessionDeadlineTest {
  static final Duration TOTAL = Duration.ofMillis(300);
  static final Timeouts TURN_TIMEOUTS = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), TOTAL);

  final List<StatelineClient> clients = new ArrayList<>();

  @AfterEach
  void close() {
    clients.forEach(StatelineClient::close);
  }

  StatelineClient client(PlacementPolicy policy, SessionStore store, Timeouts timeouts, Target... targets) {
    StatelineClient.Builder b = StatelineClient.builder().placement(policy).retryPolicy(RetryPolicy.none())
        .sessionStore(store).timeouts(timeouts);
    for (Target t : targets) {
      b.target(t);
    }
    StatelineClient c = b.build();
    clients.add(c);
    return c;
  }

  static Target runtime(String name, ScriptedTestModel model) {
    return Target.builder(name, model).provider("aws.bedrock").hosting(Target.Hosting.STATEFUL_RUNTIME)
        .region(Region.aws("eu-central-1")).model("gpt-4.1").build();
  }

  static Target openAi(String name, ScriptedTestModel model) {
    return Target.builder(name, model).provider("openai").hosting(Target.Hosting.DIRECT)
        .region(Region.openai("eu")).model("gpt-4.1").build();
  }

  /** A model that thinks until the call's whole budget is gone. */
  static void thinkUntilOutOfTime(ModelCall call) {
    for (Duration left = call.remaining(); left.compareTo(Duration.ZERO) > 0; left = call.remaining()) {
      LockSupport.parkNanos(left.toNanos());
    }
  }

  @Test
  void given_a_turn_when_its_model_call_starts_then_the_call_gets_what_is_left_of_the_turn_not_a_fresh_total() {
    ScriptedTestModel model = new ScriptedTestModel("runtime");
    StatelineClient client = client(PlacementPolicy.standard(), InMemorySessionStore.create(), TURN_TIMEOUTS,
        runtime("aws-fra", model));

    client.session("s").send("hello");

    Timeouts seen = model.calls().get(0).timeouts();
    assertThat(seen.total()).isPositive().isLessThan(TOTAL);
    assertThat(seen.connect()).isEqualTo(TURN_TIMEOUTS.connect());
    assertThat(seen.read()).isEqualTo(TURN_TIMEOUTS.read());
  }

  @Test
  void given_a_conflict_after_the_budget_is_spent_when_the_turn_would_rerun_then_it_fails_with_a_total_timeout() {
    // given: while A's model thinks away the whole budget, another client commits to the session
    SessionStore store = InMemorySessionStore.create();
    ScriptedTestModel modelA = new ScriptedTestModel("A");
    ScriptedTestModel modelB = new ScriptedTestModel("B");
    Session a = client(PlacementPolicy.standard(), store, TURN_TIMEOUTS, runtime("rt", modelA)).session("contended");
    Session b = client(PlacementPolicy.standard(), store, Timeouts.DEFAULT, runtime("rt", modelB)).session("contended");
    modelA.then(call -> {
      b.send("from B");
      thinkUntilOutOfTime(call);
      return modelA.echo(call);
    });

    // when
    CallTimeoutException e = catchThrowableOfType(CallTimeoutException.class, () -> a.send("from A"));

    // then: no re-run with a fresh budget; nothing of A's turn was committed
    assertThat(e).as("the turn failed with a timeout").isNotNull();
    assertThat(e.kind()).isEqualTo(CallTimeoutException.Kind.TOTAL);
    assertThat(e.getMessage()).contains("contended").contains("total timeout");
    assertThat(modelA.calls()).hasSize(1);
    assertThat(a.history()).extracting(Message::text).containsExactly("from B", "B: from B");
  }

  @Test
  void given_a_server_held_continuation_that_fails_after_the_budget_is_spent_then_the_history_is_not_replayed() {
    // given: a server-held session on oa-a, whose next continuation fails just as the budget runs out
    ScriptedTestModel a = new ScriptedTestModel("oa-a");
    ScriptedTestModel b = new ScriptedTestModel("oa-b");
    StatelineClient client = client(PlacementPolicy.standard().allowProvider(CallKind.STATEFUL, "openai")
        .prefer("oa-a"), InMemorySessionStore.create(), TURN_TIMEOUTS, openAi("oa-a", a), openAi("oa-b", b));
    Session session = client.session("srv", SessionOptions.builder().serverHeld(true).build());
    session.send("q1");
    a.then(call -> {
      thinkUntilOutOfTime(call);
      throw ScriptedTestModel.unavailable(); // retryable: the session would replay its history on oa-b
    });

    // when
    CallTimeoutException e = catchThrowableOfType(CallTimeoutException.class, () -> session.send("q2"));

    // then: the replay did not get a fresh budget of its own
    assertThat(e).as("the turn failed with a timeout").isNotNull();
    assertThat(e.kind()).isEqualTo(CallTimeoutException.Kind.TOTAL);
    assertThat(b.calls()).isEmpty();
    assertThat(session.history()).extracting(Message::text).containsExactly("q1", "oa-a: q1");
  }
}
