/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import static dev.stateline.aws.ManagedAgentFixture.SUPPORT;
import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.CallOptions;
import dev.stateline.Cancellation;
import dev.stateline.ChatStream;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.Message;
import dev.stateline.chat.Usage;
import dev.stateline.error.AgentTurnFailedException;
import dev.stateline.error.CallCancelledException;
import dev.stateline.error.ContextLengthExceededException;
import dev.stateline.error.StatelineException;
import dev.stateline.session.Session;
import dev.stateline.testing.FakeChatModel;
import dev.stateline.testing.bedrock.agents.AgentTurn;
import dev.stateline.testing.bedrock.agents.BedrockManagedAgentsEmulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stories of a session with a Bedrock managed agent, on the emulator. */
class ManagedAgentSessionTest {
  private final ManagedAgentFixture fx = new ManagedAgentFixture();

  @AfterEach
  void close() throws Exception {
    fx.close();
  }

  @Test
  void aSessionOfTheAgentsAliasIsTheAgentsSession_andItsTurnsContinueOneAgentSession() {
    StatelineClient client = fx.client(fx.builder().build());
    fx.emulator.enqueue(AgentTurn.text("Contract 4711 is with Acme."), AgentTurn.text("Clause 7 is about notice."));

    try (Session session = client.session("case-4711", SUPPORT)) {
      assertThat(session).isInstanceOf(ManagedAgentSession.class);
      ChatResponse first = session.send("Which contract is case 4711?");
      ChatResponse second = session.send("And clause 7?");

      assertThat(first.text()).isEqualTo("Contract 4711 is with Acme.");
      assertThat(second.text()).isEqualTo("Clause 7 is about notice.");
      assertThat(first.id()).startsWith("sess_").isEqualTo(second.id());
      assertThat(fx.emulator.sessionIds()).containsExactly(first.id());
      assertThat(fx.emulator.userMessages(first.id())).containsExactly("Which contract is case 4711?", "And clause 7?");
      assertThat(session.history()).containsExactly(
          Message.user("Which contract is case 4711?"), Message.assistant("Contract 4711 is with Acme."),
          Message.user("And clause 7?"), Message.assistant("Clause 7 is about notice."));
      assertThat(session.target()).isEqualTo("aws-agents");
      assertThat(((ManagedAgentSession) session).agentSessionId()).isEqualTo(first.id());
    }
  }

  @Test
  void aStreamedTurn_reportsReasoningToolsAndText_andItsAnswerIsAllTheAgentSaid() {
    StatelineClient client = fx.client(fx.builder().build());
    fx.emulator.enqueue(AgentTurn.builder()
        .reasoning("The user wants the file list.")
        .commentary("Let me look.")
        .command("ls /work/ws", "notes.md\nreport.txt\n", 0)
        .mcp("word_tools", "word_count", "{\"text\":\"Bedrock agents execute tasks\"}", "{\"count\":4}")
        .text("Two files: notes.md and report.txt.")
        .usage(1200, 200, 80, 30)
        .build());

    List<ChatEvent> events = new ArrayList<>();
    ChatResponse answer;
    try (Session session = client.session("case-1", SUPPORT);
        ChatStream stream = session.stream("What is in the workspace?")) {
      stream.forEach(events::add);
      answer = stream.response();
    }

    assertThat(events).filteredOn(ChatEvent.ReasoningDelta.class::isInstance)
        .extracting(e -> ((ChatEvent.ReasoningDelta) e).text()).containsExactly("The user", " wants t", "he file ",
            "list.");
    List<ChatEvent.ToolActivity> tools = events.stream().filter(ChatEvent.ToolActivity.class::isInstance)
        .map(ChatEvent.ToolActivity.class::cast).toList();
    assertThat(tools).extracting(ChatEvent.ToolActivity::kind, ChatEvent.ToolActivity::name,
        ChatEvent.ToolActivity::status).containsExactly(
            org.assertj.core.groups.Tuple.tuple("command_execution", "ls /work/ws", ChatEvent.ToolActivity.Status.STARTED),
            org.assertj.core.groups.Tuple.tuple("command_execution", "ls /work/ws",
                ChatEvent.ToolActivity.Status.COMPLETED),
            org.assertj.core.groups.Tuple.tuple("mcp_call", "word_tools.word_count", ChatEvent.ToolActivity.Status.STARTED),
            org.assertj.core.groups.Tuple.tuple("mcp_call", "word_tools.word_count",
                ChatEvent.ToolActivity.Status.COMPLETED));
    assertThat(tools.get(1).output()).isEqualTo("notes.md\nreport.txt\n");
    assertThat(tools.get(3).input()).isEqualTo("{\"text\":\"Bedrock agents execute tasks\"}");
    assertThat(tools.get(3).output()).isEqualTo("{\"count\":4.0}");
    StringBuilder streamed = new StringBuilder();
    events.stream().filter(ChatEvent.TextDelta.class::isInstance).forEach(e -> streamed.append(((ChatEvent.TextDelta) e)
        .text()));
    assertThat(answer.text()).isEqualTo("Let me look.\n\nTwo files: notes.md and report.txt.")
        .isEqualTo(streamed.toString());
    assertThat(events.get(0)).isEqualTo(new ChatEvent.TurnAccepted(answer.id(),
        ((ChatEvent.TurnAccepted) events.get(0)).turnId()));
    assertThat(((ChatEvent.TurnAccepted) events.get(0)).turnId()).startsWith("turn_");
    assertThat(events.get(events.size() - 1)).isInstanceOf(ChatEvent.Completed.class);
    assertThat(events).contains(new ChatEvent.UsageReport(new Usage(1200, 200, 80, 30)));
    assertThat(answer.usage()).isEqualTo(new Usage(1200, 200, 80, 30));
    assertThat(answer.model()).isEqualTo(BedrockManagedAgentsEmulator.DEFAULT_MODEL);
  }

  @Test
  void historyIsTheAgentsItems_readPageByPage() {
    StatelineClient client = fx.client(fx.builder().build());
    AgentTurn.Builder many = AgentTurn.builder();
    for (int i = 0; i < 120; i++) {
      many.commentary("step " + i);
    }
    fx.emulator.enqueue(many.build());

    try (Session session = client.session("case-2", SUPPORT)) {
      session.send("Work through the list.");
      List<Message> history = session.history();

      assertThat(history).hasSize(121);
      assertThat(history.get(0)).isEqualTo(Message.user("Work through the list."));
      assertThat(history.get(120)).isEqualTo(Message.assistant("step 119"));
      assertThat(fx.emulator.requests(BedrockManagedAgentsEmulator.Operation.LIST_ITEMS))
          .anySatisfy(r -> assertThat(r.path()).contains("order=asc").contains("after="));
    }
  }

  @Test
  void closingAStreamMidTurn_cancelsTheAgentsTurn_andRecordsNothing() throws Exception {
    StatelineClient client = fx.client(fx.builder().build());
    fx.emulator.enqueue(AgentTurn.untilCancelled());
    ManagedAgentSession session = (ManagedAgentSession) client.session("case-3", SUPPORT);

    try (ChatStream stream = session.stream("Keep going.")) {
      var events = stream.iterator();
      assertThat(events.next()).isInstanceOf(ChatEvent.TurnAccepted.class);
      assertThat(events.next()).isInstanceOf(ChatEvent.TextDelta.class);
    }

    String agentSession = fx.emulator.sessionIds().get(0);
    assertThat(fx.emulator.awaitIdle(agentSession, Duration.ofSeconds(5))).isTrue();
    assertThat(fx.emulator.requests(BedrockManagedAgentsEmulator.Operation.SUBMIT_EVENTS))
        .extracting(r -> r.body().contains("agent.session.input.cancel")).containsExactly(false, true);
    assertThat(client.sessionStore().load("case-3")).as("an abandoned first turn binds nothing").isEmpty();
  }

  @Test
  void theCallsCancellation_cancelsTheAgentsTurn() throws Exception {
    StatelineClient client = fx.client(fx.builder().build());
    fx.emulator.enqueue(AgentTurn.untilCancelled());
    Cancellation cancel = new Cancellation();
    Session session = client.session("case-4", SUPPORT.toBuilder()
        .callOptions(CallOptions.builder().cancellation(cancel).build()).build());

    CompletableFuture<ChatResponse> turn = CompletableFuture.supplyAsync(() -> session.send("Keep going."));
    while (fx.emulator.sessionIds().isEmpty() || fx.emulator.turnCount(fx.emulator.sessionIds().get(0)) == 0) {
      Thread.onSpinWait();
    }
    cancel.cancel();

    assertThatThrownBy(() -> turn.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(CallCancelledException.class);
    String agentSession = fx.emulator.sessionIds().get(0);
    assertThat(fx.emulator.awaitIdle(agentSession, Duration.ofSeconds(5))).isTrue();
    assertThat(fx.emulator.requests(BedrockManagedAgentsEmulator.Operation.SUBMIT_EVENTS))
        .filteredOn(r -> r.body().contains("agent.session.input.cancel")).hasSize(1);
  }

  @Test
  void cancelFromElsewhere_endsTheTurnInProgress_whichSaysItWasNotCancelledByThisCall() throws Exception {
    StatelineClient client = fx.client(fx.builder().build());
    fx.emulator.enqueue(AgentTurn.text("Ready."), AgentTurn.builder().untilCancelled().build());
    ManagedAgentSession session = (ManagedAgentSession) client.session("case-5", SUPPORT);
    session.send("Set up.");

    CompletableFuture<ChatResponse> turn = CompletableFuture.supplyAsync(() -> session.send("Keep going."));
    String agentSession = session.agentSessionId();
    while (fx.emulator.turnCount(agentSession) < 2) {
      Thread.onSpinWait();
    }
    assertThat(session.cancel()).isTrue();

    assertThatThrownBy(() -> turn.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(CallCancelledException.class)
        .hasMessageContaining("not by this call");
    assertThat(session.history()).hasSize(3).last().isEqualTo(Message.user("Keep going."));
  }

  @Test
  void aTurnThatFailsAtTheAgent_isNotSentAgain_andTheSessionGoesOn() {
    StatelineClient client = fx.client(fx.builder().build());
    fx.emulator.enqueue(AgentTurn.failing("sandbox_error", "The exec server is not connected."),
        AgentTurn.text("Connected now."));
    Session session = client.session("case-6", SUPPORT);

    assertThatThrownBy(() -> session.send("Run uname -a.")).isInstanceOfSatisfying(AgentTurnFailedException.class,
        e -> {
          assertThat(e.code()).isEqualTo("sandbox_error");
          assertThat(e.isRetryable()).isFalse();
          assertThat(e.getMessage()).contains("exec server is not connected").contains("not sent again");
        });
    String agentSession = fx.emulator.sessionIds().get(0);
    assertThat(fx.emulator.turnCount(agentSession)).isEqualTo(1);
    assertThat(client.sessionStore().load("case-6")).as("a failed first turn binds nothing").isEmpty();

    assertThat(session.send("Try again.").text()).isEqualTo("Connected now.");
  }

  @Test
  void aTurnThatOverflowsTheContext_isAContextLengthExceededException() {
    StatelineClient client = fx.client(fx.builder().build());
    fx.emulator.enqueue(AgentTurn.failing("context_length_exceeded", "The request exceeds the context window."));

    assertThatThrownBy(() -> client.session("case-7", SUPPORT).send("Read everything."))
        .isInstanceOf(ContextLengthExceededException.class);
  }

  @Test
  void deleteRemovesTheAgentSessionAndTheRecord() {
    StatelineClient client = fx.client(fx.builder().build());
    ManagedAgentSession session = (ManagedAgentSession) client.session("case-8", SUPPORT);
    session.send("Hello.");
    String agentSession = session.agentSessionId();

    assertThat(session.delete()).isTrue();

    assertThat(fx.emulator.status(agentSession)).isEqualTo("deleted");
    assertThat(client.sessionStore().load("case-8")).isEmpty();
    assertThatThrownBy(() -> session.send("Again?")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anAgentSessionTakesNoSystemPrompt_itsInstructionsAreItsDefinitions() {
    StatelineClient client = fx.client(fx.builder().build());

    assertThatThrownBy(() -> client.session("case-9", SUPPORT.toBuilder().systemPrompt("Be brief.").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("instructions");
  }

  @Test
  void anAliasServedByAnAgentAndByAPlainModel_isRefused() {
    Target plain = Target.builder("plain", new FakeChatModel().replyWith("hi")).model("support").build();
    StatelineClient client = fx.client(fx.builder().build(), plain);

    assertThatThrownBy(() -> client.session("case-10", SUPPORT)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("[aws-agents]").hasMessageContaining("[plain]");
  }

  @Test
  void withoutASession_aRequestThatStoresStartsAnAgentSession_andPreviousResponseIdContinuesIt() {
    StatelineClient client = fx.client(fx.builder().build());

    ChatResponse first = client.chat(ChatRequest.builder().model("support").userMessage("Hello.").store(true).build());
    ChatResponse second = client.chat(ChatRequest.builder().model("support").userMessage("Again.")
        .previousResponseId(first.id()).build());

    assertThat(second.id()).isEqualTo(first.id());
    assertThat(fx.emulator.userMessages(first.id())).containsExactly("Hello.", "Again.");
    assertThatThrownBy(() -> client.chat(ChatRequest.of("support", "Stateless?")))
        .isInstanceOf(StatelineException.class);
    assertThat(fx.emulator.sessionIds()).hasSize(1);
  }
}
