/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import static dev.stateline.aws.BedrockOpenAiFixture.ALIAS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.stateline.ChatStream;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.Message;
import dev.stateline.error.ProviderUnavailableException;
import dev.stateline.placement.Failover;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.session.Session;
import dev.stateline.session.SessionOptions;
import dev.stateline.session.SessionState;
import dev.stateline.session.SessionTurn;
import dev.stateline.testing.Conditions;
import dev.stateline.testing.bedrock.openai.BedrockOpenAiEmulator;
import dev.stateline.testing.openai.RecordedCall;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Server-held sessions on AWS: a session kept in Bedrock's stored responses, continued with
 * {@code previous_response_id} and pinned to the Region that holds it; its client-held copy in the
 * session store, replayed when the stored response is gone; and a move to another Region only as a
 * placement decision that the answer and the stored turns show.
 */
class BedrockOpenAiSessionTest {
  static final SessionOptions SERVER_HELD = SessionOptions.builder().model(ALIAS).serverHeld(true).build();

  private final BedrockOpenAiFixture f = new BedrockOpenAiFixture();

  @AfterEach
  void close() throws Exception {
    f.close();
  }

  private static List<String> texts(List<Message> messages) {
    return messages.stream().map(Message::text).toList();
  }

  @Test
  void givenAServerHeldSession_thenEachTurnContinuesTheStoredResponse_andTheStoreKeepsTurnsAndResponseIds() {
    StatelineClient client = f.client(f.builder().build());
    try (Session session = client.session("case-4711", SERVER_HELD)) {
      ChatResponse first = session.send("My contract is 4711.");
      ChatResponse second;
      try (ChatStream stream = session.stream("What is my contract?")) {
        second = stream.response();
      }
      ChatResponse third = session.send("And clause 7?");

      List<RecordedCall> sent = f.emulator.requests();
      assertThat(sent).extracting(r -> r.at("store")).containsOnly(true);
      assertThat(sent).extracting(r -> r.at("previous_response_id")).containsExactly(null, first.id(), second.id());
      assertThat(sent).extracting(r -> r.at("model")).containsOnly(BedrockOpenAiFixture.PROFILE);
      assertThat(sent.get(2).at("input.1")).as("only the new message goes").isNull();
      assertThat(List.of(first.id(), second.id(), third.id())).allMatch(f.emulator::isStored);

      SessionState state = client.sessionStore().load("case-4711").orElseThrow();
      assertThat(state.turns()).extracting(SessionTurn::responseId).containsExactly(first.id(), second.id(), third.id());
      assertThat(state.turns()).extracting(SessionTurn::target).containsOnly("aws-use1");
      assertThat(texts(session.history())).containsExactly("My contract is 4711.", "echo: My contract is 4711.",
          "What is my contract?", "echo: What is my contract? (continuing " + first.id() + ")", "And clause 7?",
          "echo: And clause 7? (continuing " + second.id() + ")");
    }
  }

  @Test
  void givenTheStoredResponseExpired_thenTheTurnReplaysTheClientHeldCopyInTheSameRegion_andContinuesFromIt() {
    StatelineClient client = f.client(f.builder().build());
    try (Session session = client.session("case-30-days", SERVER_HELD.toBuilder().allowMove(false).build())) {
      session.send("one");
      session.send("two");
      // when: 30 days pass; Bedrock forgets the stored responses
      f.emulator.elapse(BedrockOpenAiEmulator.RETENTION.plusDays(1));

      ChatResponse third = session.send("three");
      ChatResponse fourth = session.send("four");

      // then: the continuation got a 404, and the history was replayed, stored again, in us-east-1
      List<RecordedCall> sent = f.emulator.requests();
      assertThat(sent).hasSize(5);
      RecordedCall replay = sent.get(3);
      assertThat(replay.at("previous_response_id")).isNull();
      assertThat(replay.at("store")).isEqualTo(true);
      assertThat(replay.at("input.4.content.0.text")).isEqualTo("three");
      assertThat(sent.get(4).at("previous_response_id")).isEqualTo(third.id());
      assertThat(fourth.target()).isEqualTo("aws-use1");
      assertThat(session.history()).hasSize(8);
    }
  }

  @Test
  void givenItsRegionIsDown_thenTheSessionMovesOnlyAsAPlacementDecision_replayedWhereItLands_andTheRecordShowsIt()
      throws Exception {
    BedrockOpenAiEmulator west = f.closeLater(BedrockOpenAiFixture.emulator(BedrockOpenAiEmulator.Surface.RUNTIME,
        "us-west-2"));
    Target east = f.builder().build();
    Target usw2 = BedrockOpenAiFixture.builder("aws-usw2", west).build();
    StatelineClient client = f.closeLater(StatelineClient.builder().target(east).target(usw2).retryPolicy(BedrockOpenAiFixture.RETRIES)
        .timeouts(BedrockOpenAiFixture.FAST).placement(PlacementPolicy.standard().prefer("aws-use1")).build());
    try (Session session = client.session("case-move", SERVER_HELD)) {
      ChatResponse first = session.send("one");
      assertThat(first.target()).isEqualTo("aws-use1");

      // when: us-east-1 is down
      f.emulator.conditions(Conditions.outage());
      ChatResponse moved = session.send("two");

      // then: the pinned continuation failed there; the history was replayed in us-west-2, by placement
      assertThat(moved.target()).isEqualTo("aws-usw2");
      assertThat(moved.placement().affinity()).isEqualTo("aws-use1");
      assertThat(moved.failovers()).extracting(Failover::from, Failover::to)
          .containsExactly(tuple("aws-use1", "aws-usw2"));
      RecordedCall replay = west.lastRequest();
      assertThat(replay.at("previous_response_id")).as("a us-east-1 response id never goes to us-west-2").isNull();
      // the earlier answer replayed in the Responses API's input form (the emulator checks the items)
      assertThat(replay.at("input.1")).isEqualTo(Map.of("type", "message", "role", "assistant", "content",
          "echo: one"));
      assertThat(moved.text()).isEqualTo("echo: two");
      assertThat(client.sessionStore().load("case-move").orElseThrow().turns()).extracting(SessionTurn::target)
          .containsExactly("aws-use1", "aws-usw2");
      // and it continues in us-west-2 from there
      session.send("three");
      assertThat(west.lastRequest().at("previous_response_id")).isEqualTo(moved.id());
    }
  }

  @Test
  void givenItsRegionIsDown_andMovesAreNotAllowed_thenTheTurnFails_andNothingGoesToAnotherRegion() throws Exception {
    BedrockOpenAiEmulator west = f.closeLater(BedrockOpenAiFixture.emulator(BedrockOpenAiEmulator.Surface.RUNTIME,
        "us-west-2"));
    StatelineClient client = f.closeLater(StatelineClient.builder().target(f.builder().build())
        .target(BedrockOpenAiFixture.builder("aws-usw2", west).build()).retryPolicy(BedrockOpenAiFixture.RETRIES)
        .timeouts(BedrockOpenAiFixture.FAST).placement(PlacementPolicy.standard().prefer("aws-use1")).build());
    try (Session session = client.session("case-pinned", SERVER_HELD.toBuilder().allowMove(false).build())) {
      session.send("one");
      f.emulator.conditions(Conditions.outage());

      assertThatThrownBy(() -> session.send("two")).isInstanceOf(ProviderUnavailableException.class);

      assertThat(west.requestCount()).isZero();
      assertThat(session.history()).hasSize(2);
    }
  }

  @Test
  void givenAClientHeldSession_onTheSameTarget_thenEveryTurnSendsTheHistory_andNothingIsStoredServerSide() {
    StatelineClient client = f.client(f.builder().build());
    try (Session session = client.session("client-held", SessionOptions.builder().model(ALIAS).build())) {
      ChatResponse one = session.send("one");
      ChatResponse two = session.send("two");

      RecordedCall second = f.emulator.lastRequest();
      assertThat(second.at("store")).isEqualTo(false);
      assertThat(second.at("previous_response_id")).isNull();
      assertThat(second.at("input.2.content.0.text")).isEqualTo("two");
      assertThat(f.emulator.isStored(one.id()) || f.emulator.isStored(two.id())).isFalse();
    }
  }

  @Test
  void givenATurnWhoseAnswerIsSlow_thenTheTurnsStayInOrder_andEachContinuesTheOneBefore() {
    StatelineClient client = f.client(f.builder().build());
    f.emulator.conditions(Conditions.latency(Duration.ofMillis(5)));
    try (Session session = client.session("ordered", SERVER_HELD)) {
      String previous = null;
      for (int i = 0; i < 4; i++) {
        ChatResponse r = session.send("turn " + i);
        assertThat(f.emulator.lastRequest().at("previous_response_id")).isEqualTo(previous);
        previous = r.id();
      }
    }
  }
}
