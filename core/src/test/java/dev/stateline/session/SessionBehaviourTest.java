/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.ChatStream;
import dev.stateline.Region;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.Message;
import dev.stateline.chat.Role;
import dev.stateline.error.InvalidRequestException;
import dev.stateline.error.NoEligibleTargetException;
import dev.stateline.error.ProviderUnavailableException;
import dev.stateline.error.ResidencyViolationException;
import dev.stateline.error.StoredResponseNotFoundException;
import dev.stateline.placement.CallKind;
import dev.stateline.placement.CircuitBreakerPolicy;
import dev.stateline.placement.CircuitState;
import dev.stateline.placement.Failover;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.placement.MutableClock;
import dev.stateline.placement.ScriptedTestModel;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.policy.StandardPolicy;
import dev.stateline.spi.ModelCall;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How sessions behave: commits, failures, streams, affinity and moves, server-held state, budgets. */
class SessionBehaviourTest {
  /** Any failure opens a circuit, for 30 s. */
  static final CircuitBreakerPolicy TRIGGER_HAPPY = CircuitBreakerPolicy.builder().minimumCalls(1).windowSize(1)
      .openDuration(Duration.ofSeconds(30)).build();

  @TempDir
  Path dir;
  final MutableClock clock = new MutableClock();
  final List<StatelineClient> clients = new ArrayList<>();

  @AfterEach
  void close() {
    clients.forEach(StatelineClient::close);
  }

  static Target runtime(String name, ScriptedTestModel model, String awsRegion) {
    return Target.builder(name, model).provider("aws.bedrock").hosting(Target.Hosting.STATEFUL_RUNTIME)
        .region(Region.aws(awsRegion)).model("gpt-4.1", "openai.gpt-oss-120b-1:0").build();
  }

  static Target azure(String name, ScriptedTestModel model, String azureRegion) {
    return Target.builder(name, model).provider("azure.ai.openai").hosting(Target.Hosting.STATELESS_HOST)
        .region(Region.azure(azureRegion)).model("gpt-4.1").build();
  }

  StatelineClient client(PlacementPolicy policy, Target... targets) {
    StatelineClient.Builder b = StatelineClient.builder().placement(policy).retryPolicy(RetryPolicy.none())
        .circuitBreaker(TRIGGER_HAPPY).clock(clock);
    for (Target t : targets) {
      b.target(t);
    }
    StatelineClient c = b.build();
    clients.add(c);
    return c;
  }

  static List<String> texts(List<Message> messages) {
    return messages.stream().map(Message::text).toList();
  }

  // ------------------------------------------------------------------ turns and commits

  @Test
  void given_two_turns_then_the_history_holds_both_and_the_second_turn_saw_the_first() {
    ScriptedTestModel model = new ScriptedTestModel("runtime");
    StatelineClient client = client(PlacementPolicy.standard(), runtime("aws-fra", model, "eu-central-1"));
    Session session = client.session("case-1", SessionOptions.builder().systemPrompt("Be brief.").build());

    session.send("hello");
    ChatResponse second = session.send("and then?");

    assertThat(second.text()).isEqualTo("runtime: and then?");
    assertThat(texts(session.history())).containsExactly("hello", "runtime: hello", "and then?", "runtime: and then?");
    ModelCall call = model.calls().get(1);
    assertThat(texts(call.request().messages())).containsExactly("Be brief.", "hello", "runtime: hello", "and then?");
    assertThat(call.kind()).isEqualTo(CallKind.STATEFUL);
    assertThat(call.providerModel()).isEqualTo("openai.gpt-oss-120b-1:0");
    assertThat(session.target()).isEqualTo("aws-fra");
  }

  @Test
  void given_the_standard_policy_then_session_turns_go_to_the_stateful_runtime_and_chats_to_azure() {
    ScriptedTestModel aws = new ScriptedTestModel("aws");
    ScriptedTestModel az = new ScriptedTestModel("az");
    StatelineClient client = client(PlacementPolicy.standard(), azure("az-swc", az, "swedencentral"),
        runtime("aws-fra", aws, "eu-central-1"));

    assertThat(client.chat(ChatRequest.of("gpt-4.1", "one-off")).target()).isEqualTo("az-swc");
    assertThat(client.session("s").send("remember this").target()).isEqualTo("aws-fra");
    assertThat(aws.calls()).extracting(ModelCall::kind).containsExactly(CallKind.STATEFUL);
    assertThat(az.calls()).extracting(ModelCall::kind).containsExactly(CallKind.STATELESS);
  }

  @Test
  void given_a_turn_that_fails_then_the_session_is_exactly_as_before() {
    ScriptedTestModel model = new ScriptedTestModel("runtime");
    StatelineClient client = client(PlacementPolicy.standard(), runtime("aws-fra", model, "eu-central-1"));
    Session session = client.session("case-1");
    session.send("first");
    SessionState before = client.sessionStore().load("case-1").orElseThrow();
    model.thenFail(ScriptedTestModel::invalid);

    assertThatThrownBy(() -> session.send("second")).isInstanceOf(InvalidRequestException.class);

    assertThat(client.sessionStore().load("case-1")).contains(before);
    session.send("third");
    assertThat(texts(session.history())).containsExactly("first", "runtime: first", "third", "runtime: third");
  }

  @Test
  void given_a_streamed_turn_then_it_commits_just_before_the_completion_event_is_delivered() {
    ScriptedTestModel model = new ScriptedTestModel("runtime");
    StatelineClient client = client(PlacementPolicy.standard(), runtime("aws-fra", model, "eu-central-1"));
    Session session = client.session("case-1");
    List<Integer> historySizeAtEachEvent = new ArrayList<>();

    try (ChatStream stream = session.stream("hello")) {
      for (ChatEvent e : stream) {
        historySizeAtEachEvent.add(session.history().size());
      }
    }

    assertThat(historySizeAtEachEvent).containsExactly(0, 2);
    assertThat(texts(session.history())).containsExactly("hello", "runtime: hello");
  }

  @Test
  void given_a_stream_closed_early_or_broken_then_nothing_is_committed_and_the_next_turn_runs() {
    ScriptedTestModel model = new ScriptedTestModel("runtime");
    StatelineClient client = client(PlacementPolicy.standard(), runtime("aws-fra", model, "eu-central-1"));
    Session session = client.session("case-1");

    try (ChatStream stream = session.stream("abandoned")) {
      stream.iterator().next();
    }
    model.breakStreamsAfterFirstEvent("Hel");
    assertThatThrownBy(() -> {
      try (ChatStream stream = session.stream("broken")) {
        stream.response();
      }
    }).isInstanceOf(ProviderUnavailableException.class);
    model.breakStreamsAfterFirstEvent(null);
    assertThat(client.health("aws-fra").circuitState()).as("a broken stream counts against its target")
        .isEqualTo(CircuitState.OPEN);
    clock.advance(Duration.ofSeconds(30));

    assertThat(session.history()).isEmpty();
    assertThat(session.send("works").text()).isEqualTo("runtime: works");
    assertThat(session.history()).hasSize(2);
  }

  @Test
  void given_a_stream_left_open_when_the_same_thread_sends_again_then_it_is_told_instead_of_hanging() {
    StatelineClient client = client(PlacementPolicy.standard(),
        runtime("aws-fra", new ScriptedTestModel("runtime"), "eu-central-1"));
    Session session = client.session("case-1");
    ChatStream open = session.stream("first");

    assertThatThrownBy(() -> session.send("second"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("close it");

    open.close();
    session.send("second");
    assertThat(texts(session.history())).containsExactly("second", "runtime: second");
  }

  // ------------------------------------------------------------------ affinity and moves

  @Test
  void given_a_session_on_a_target_that_fails_then_it_moves_keeps_its_history_and_then_sticks_to_the_new_target() {
    ScriptedTestModel a = new ScriptedTestModel("a");
    ScriptedTestModel b = new ScriptedTestModel("b");
    StatelineClient client = client(PlacementPolicy.standard().prefer("aws-a"),
        runtime("aws-a", a, "eu-central-1"), runtime("aws-b", b, "eu-west-1"));
    Session session = client.session("case-1");
    assertThat(session.send("one").target()).isEqualTo("aws-a");
    a.thenFail(ScriptedTestModel::unavailable);

    ChatResponse moved = session.send("two");

    assertThat(moved.target()).isEqualTo("aws-b");
    assertThat(moved.failovers()).containsExactly(new Failover("aws-a", "aws-b", "ProviderUnavailableException"));
    assertThat(texts(b.calls().get(0).request().messages())).containsExactly("one", "a: one", "two");
    assertThat(client.sessionStore().load("case-1").orElseThrow().turns()).extracting(SessionTurn::target)
        .containsExactly("aws-a", "aws-b");
    assertThat(client.health("aws-a").circuitState()).isEqualTo(CircuitState.OPEN);

    clock.advance(Duration.ofSeconds(30)); // aws-a could take calls again, and is preferred...
    ChatResponse sticky = session.send("three");

    assertThat(sticky.target()).as("...but the session stays where its state is").isEqualTo("aws-b");
    assertThat(sticky.placement().affinity()).isEqualTo("aws-b");
    assertThat(sticky.placement().order()).containsExactly("aws-b", "aws-a");
    assertThat(session.target()).isEqualTo("aws-b");
  }

  @Test
  void given_a_session_whose_target_goes_down_then_the_move_rechecks_residency_and_never_leaves_the_eu() {
    ScriptedTestModel fra = new ScriptedTestModel("fra");
    ScriptedTestModel lon = new ScriptedTestModel("lon");
    ScriptedTestModel swc = new ScriptedTestModel("swc");
    StatelineClient client = client(PlacementPolicy.standard().residency(Jurisdiction.EU)
            .allow(CallKind.STATEFUL, Target.Hosting.STATELESS_HOST).prefer("aws-fra"),
        runtime("aws-fra", fra, "eu-central-1"), runtime("aws-lon", lon, "eu-west-2"), azure("az-swc", swc, "swedencentral"));
    Session session = client.session("case-1");
    session.send("one");
    fra.alwaysFail(ScriptedTestModel::unavailable);

    ChatResponse moved = session.send("two");

    assertThat(moved.target()).isEqualTo("az-swc");
    assertThat(moved.placement().decision("aws-lon").rule()).isEqualTo(StandardPolicy.RESIDENCY);
    assertThat(texts(swc.calls().get(0).request().messages())).containsExactly("one", "fra: one", "two");
    List<Message> committed = session.history();

    swc.alwaysFail(ScriptedTestModel::unavailable);
    assertThatThrownBy(() -> session.send("three")).isInstanceOf(ProviderUnavailableException.class);
    assertThatThrownBy(() -> session.send("four"))
        .isInstanceOfSatisfying(ResidencyViolationException.class, e -> {
          assertThat(e.placement().decision("aws-fra").rule()).isEqualTo(StandardPolicy.HEALTH);
          assertThat(e.placement().decision("az-swc").rule()).isEqualTo(StandardPolicy.HEALTH);
          assertThat(e.placement().decision("aws-lon").rule()).isEqualTo(StandardPolicy.RESIDENCY);
          assertThat(e.placement().affinity()).isEqualTo("az-swc");
        });

    assertThat(session.history()).isEqualTo(committed);
    assertThat(lon.calls()).as("London was never used").isEmpty();
  }

  @Test
  void given_a_session_that_may_not_move_when_its_target_is_down_then_turns_fail_and_change_nothing() {
    ScriptedTestModel a = new ScriptedTestModel("a");
    ScriptedTestModel b = new ScriptedTestModel("b");
    StatelineClient client = client(PlacementPolicy.standard().prefer("aws-a"),
        runtime("aws-a", a, "eu-central-1"), runtime("aws-b", b, "eu-west-1"));
    Session session = client.session("case-1", SessionOptions.builder().allowMove(false).build());
    session.send("one");
    a.alwaysFail(ScriptedTestModel::unavailable);

    assertThatThrownBy(() -> session.send("two"))
        .isInstanceOfSatisfying(ProviderUnavailableException.class, e ->
            assertThat(e.placement().order()).containsExactly("aws-a"));
    assertThatThrownBy(() -> session.send("three"))
        .isInstanceOfSatisfying(NoEligibleTargetException.class, e ->
            assertThat(e.placement().decision("aws-b").rule()).isEqualTo(StandardPolicy.AFFINITY));

    assertThat(texts(session.history())).containsExactly("one", "a: one");
    assertThat(b.calls()).isEmpty();
  }

  // ------------------------------------------------------------------ server-held sessions

  @Test
  void given_a_server_held_session_then_turns_send_only_new_messages_and_replay_the_history_when_moving() {
    ScriptedTestModel a = new ScriptedTestModel("oa-a");
    ScriptedTestModel b = new ScriptedTestModel("oa-b");
    Target ta = Target.builder("oa-a", a).provider("openai").hosting(Target.Hosting.DIRECT)
        .region(Region.openai("eu")).model("gpt-4.1").build();
    Target tb = Target.builder("oa-b", b).provider("openai").hosting(Target.Hosting.DIRECT)
        .region(Region.openai("eu")).model("gpt-4.1").build();
    StatelineClient client = client(PlacementPolicy.standard().allowProvider(CallKind.STATEFUL, "openai")
        .prefer("oa-a"), ta, tb);
    Session session = client.session("srv", SessionOptions.builder().serverHeld(true).systemPrompt("sys").build());

    session.send("q1");
    ChatResponse second = session.send("q2");

    ChatRequest first = a.calls().get(0).request();
    assertThat(texts(first.messages())).containsExactly("sys", "q1");
    assertThat(first.store()).isTrue();
    assertThat(first.previousResponseId()).isNull();
    ChatRequest continued = a.calls().get(1).request();
    assertThat(texts(continued.messages())).containsExactly("sys", "q2");
    assertThat(continued.previousResponseId()).isEqualTo("oa-a-resp-1");
    assertThat(continued.store()).isTrue();
    assertThat(second.placement().decision("oa-b").rule()).isEqualTo(StandardPolicy.AFFINITY);
    assertThat(texts(session.history())).containsExactly("q1", "oa-a: q1", "q2", "oa-a: q2");

    a.thenFail(ScriptedTestModel::unavailable);
    ChatResponse replayed = session.send("q3");

    assertThat(replayed.target()).isEqualTo("oa-b");
    ChatRequest replay = b.calls().get(0).request();
    assertThat(texts(replay.messages())).containsExactly("sys", "q1", "oa-a: q1", "q2", "oa-a: q2", "q3");
    assertThat(replay.previousResponseId()).isNull();
    assertThat(replay.store()).isTrue();

    session.send("q4");
    ChatRequest onB = b.calls().get(1).request();
    assertThat(texts(onB.messages())).containsExactly("sys", "q4");
    assertThat(onB.previousResponseId()).isEqualTo("oa-b-resp-1");
    assertThat(session.history()).hasSize(8);
  }

  /** A target that holds server-side state (the OpenAI Responses API, or Bedrock's). */
  static Target serverState(String name, ScriptedTestModel model) {
    return Target.builder(name, model).provider("aws.bedrock").hosting(Target.Hosting.STATEFUL_RUNTIME)
        .region(Region.aws("eu-central-1")).model("gpt-4.1", "openai.gpt-oss-120b").build();
  }

  static StoredResponseNotFoundException lost(String responseId) {
    return new StoredResponseNotFoundException("aws.bedrock: the stored response '" + responseId + "' was not found",
        new dev.stateline.error.ErrorInfo("aws.bedrock", 404, "req-1", null), responseId, null);
  }

  @Test
  void given_a_server_held_session_whose_stored_response_is_gone_then_the_turn_replays_its_history_on_the_same_target() {
    // given: a server-held session pinned to its target (no moves), two turns in
    ScriptedTestModel a = new ScriptedTestModel("mantle-fra");
    ScriptedTestModel b = new ScriptedTestModel("mantle-dub");
    StatelineClient client = client(PlacementPolicy.standard().prefer("mantle-fra"), serverState("mantle-fra", a),
        serverState("mantle-dub", b));
    Session session = client.session("srv", SessionOptions.builder().serverHeld(true).allowMove(false).build());
    session.send("q1");
    session.send("q2");

    // when: the provider no longer has the last response (30 days passed), then the next turn
    a.thenFail(() -> lost("mantle-fra-resp-2"));
    ChatResponse third = session.send("q3");

    // then: the continuation failed, and the client-held copy was replayed there, stored again
    List<ModelCall> calls = a.calls();
    assertThat(calls.get(2).request().previousResponseId()).isEqualTo("mantle-fra-resp-2");
    ChatRequest replay = calls.get(3).request();
    assertThat(replay.previousResponseId()).isNull();
    assertThat(replay.store()).isTrue();
    assertThat(texts(replay.messages())).containsExactly("q1", "mantle-fra: q1", "q2", "mantle-fra: q2", "q3");
    assertThat(third.target()).isEqualTo("mantle-fra");
    assertThat(b.calls()).as("the state never moved to another Region").isEmpty();
    // and the session continues from the replayed response, its record unbroken
    session.send("q4");
    assertThat(a.calls().get(4).request().previousResponseId()).isEqualTo(third.id());
    assertThat(texts(session.history())).containsExactly("q1", "mantle-fra: q1", "q2", "mantle-fra: q2", "q3",
        "mantle-fra: q3", "q4", "mantle-fra: q4");
    assertThat(client.sessionStore().load("srv").orElseThrow().turns()).extracting(SessionTurn::target)
        .containsOnly("mantle-fra");
  }

  @Test
  void given_replayLostState_false_when_the_stored_response_is_gone_then_the_turn_fails_and_changes_nothing() {
    ScriptedTestModel a = new ScriptedTestModel("mantle-fra");
    StatelineClient client = client(PlacementPolicy.standard(), serverState("mantle-fra", a));
    Session session = client.session("srv", SessionOptions.builder().serverHeld(true).replayLostState(false).build());
    session.send("q1");
    a.thenFail(() -> lost("mantle-fra-resp-1"));

    assertThatThrownBy(() -> session.send("q2"))
        .isInstanceOfSatisfying(StoredResponseNotFoundException.class, e -> {
          assertThat(e.responseId()).isEqualTo("mantle-fra-resp-1");
          assertThat(e.param()).isEqualTo("previous_response_id");
          assertThat(e.isRetryable()).isFalse();
        });

    assertThat(a.calls()).hasSize(2);
    assertThat(texts(session.history())).containsExactly("q1", "mantle-fra: q1");
  }

  @Test
  void given_a_server_held_session_whose_target_is_down_and_may_not_move_then_its_state_stays_and_the_turn_fails() {
    ScriptedTestModel a = new ScriptedTestModel("mantle-fra");
    ScriptedTestModel b = new ScriptedTestModel("mantle-dub");
    StatelineClient client = client(PlacementPolicy.standard().prefer("mantle-fra"), serverState("mantle-fra", a),
        serverState("mantle-dub", b));
    Session session = client.session("srv", SessionOptions.builder().serverHeld(true).allowMove(false).build());
    session.send("q1");
    a.thenFail(ScriptedTestModel::unavailable);

    assertThatThrownBy(() -> session.send("q2")).isInstanceOf(ProviderUnavailableException.class);

    assertThat(b.calls()).as("server-held state never moves without the policy's consent").isEmpty();
    assertThat(texts(session.history())).containsExactly("q1", "mantle-fra: q1");
  }

  // ------------------------------------------------------------------ context budget

  @Test
  void given_a_context_budget_then_only_whole_recent_turns_are_sent_and_instructions_are_kept() {
    ScriptedTestModel model = new ScriptedTestModel("runtime");
    StatelineClient client = client(PlacementPolicy.standard(), runtime("aws-fra", model, "eu-central-1"));
    // 40-character messages count 14 tokens, their 49-character answers 17: a turn is 31 tokens
    Session session = client.session("budget", SessionOptions.builder().contextBudget(70).build());
    session.send(Message.developer("Be formal."));
    String q2 = "2".repeat(40);
    String q3 = "3".repeat(40);
    String q4 = "4".repeat(40);
    session.send(q2);
    session.send(q3);

    session.send(q4);

    List<Message> sent = model.calls().get(3).request().messages();
    assertThat(texts(sent)).containsExactly("Be formal.", q3, "runtime: " + q3, q4);
    assertThat(sent.get(1).role()).isEqualTo(Role.USER);
    assertThat(session.history()).as("the store keeps everything").hasSize(8);
  }

  @Test
  void given_a_summarizing_strategy_then_older_turns_are_replaced_by_a_cached_summary() {
    ScriptedTestModel model = new ScriptedTestModel("runtime");
    AtomicInteger summaries = new AtomicInteger();
    List<List<Message>> summarized = new ArrayList<>();
    ContextStrategy strategy = ContextStrategy.summarizing(older -> {
      summaries.incrementAndGet();
      summarized.add(older);
      return "they talked about " + older.size() + " messages";
    }, 10);
    StatelineClient client = client(PlacementPolicy.standard(), runtime("aws-fra", model, "eu-central-1"));
    Session session = client.session("sum", SessionOptions.builder().contextBudget(70).contextStrategy(strategy).build());
    String q1 = "1".repeat(40);
    String q2 = "2".repeat(40);
    String q3 = "3".repeat(40);
    session.send(q1);
    session.send(q2);
    model.thenFail(ScriptedTestModel::invalid);
    assertThatThrownBy(() -> session.send(q3)).isInstanceOf(InvalidRequestException.class);

    session.send(q3);

    List<Message> sent = model.calls().get(3).request().messages();
    assertThat(texts(sent)).containsExactly("Summary of the earlier conversation:\nthey talked about 2 messages",
        q2, "runtime: " + q2, q3);
    assertThat(sent.get(0).role()).isEqualTo(Role.SYSTEM);
    assertThat(texts(summarized.get(0))).containsExactly(q1, "runtime: " + q1);
    assertThat(summaries).as("the failed and the retried turn share one summary").hasValue(1);
  }

  // ------------------------------------------------------------------ tools, stores, options

  @Test
  void given_no_model_alias_then_the_only_one_served_is_used_or_the_client_asks_for_one() {
    StatelineClient single = client(PlacementPolicy.declarationOrder(),
        runtime("aws-fra", new ScriptedTestModel("r"), "eu-central-1"));
    assertThat(single.session("s").send("hi").text()).isEqualTo("r: hi");

    StatelineClient two = client(PlacementPolicy.declarationOrder(), Target.builder("t", new ScriptedTestModel("t"))
        .model("gpt-4.1").model("gpt-4o-mini").build());
    assertThatThrownBy(() -> two.session("s")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SessionOptions.builder().model");
    assertThat(two.session("s", SessionOptions.builder().model("gpt-4o-mini").build()).send("hi").text())
        .isEqualTo("t: hi");
  }

  @Test
  void given_misuse_then_sessions_say_what_is_wrong() {
    StatelineClient client = client(PlacementPolicy.standard(),
        runtime("aws-fra", new ScriptedTestModel("r"), "eu-central-1"));
    Session session = client.session("s");

    assertThatThrownBy(() -> session.send(Message.assistant("I said this"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> session.send(new Message[0])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.session("bad\u0000id")).isInstanceOf(IllegalArgumentException.class);
    session.close();
    assertThatThrownBy(() -> session.send("hi")).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThat(session.history()).as("closing keeps the history").isEmpty();
  }
}
