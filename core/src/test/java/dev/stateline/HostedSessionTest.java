/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.Message;
import dev.stateline.placement.CallKind;
import dev.stateline.session.InMemorySessionStore;
import dev.stateline.session.Session;
import dev.stateline.session.SessionOptions;
import dev.stateline.spi.ChatModel;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import dev.stateline.session.SessionContext;
import dev.stateline.session.SessionProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A target whose provider keeps the whole session (a managed agent) supplies the client's session:
 * given such a model, the client hands out its session, with a context whose calls run through the
 * pipeline as turns of that session.
 */
class HostedSessionTest {

  /** A model that keeps sessions itself: its session sends each turn through the context. */
  static final class Keeper implements ChatModel, SessionProvider {
    final List<SessionContext> opened = new ArrayList<>();
    final List<ModelCall> calls = new ArrayList<>();

    @Override
    public ChatResponse chat(ModelCall call) {
      calls.add(call);
      return ChatResponse.builder().id("kept-1").message(Message.assistant("kept")).build();
    }

    @Override
    public EventSource stream(ModelCall call) {
      return EventSource.of(new ChatEvent.Completed(chat(call)));
    }

    @Override
    public Session openSession(SessionContext context) {
      opened.add(context);
      return new Session() {
        @Override
        public String id() {
          return context.sessionId();
        }

        @Override
        public ChatResponse send(String userText) {
          return send(Message.user(userText));
        }

        @Override
        public ChatResponse send(Message... messages) {
          try (SessionContext.TurnLease lease = context.lockTurn(Duration.ofSeconds(1));
              EventSource s = context.execute(ChatRequest.builder().model(context.model()).messages(List.of(messages))
                  .store(true).build(), false, CallOptions.defaults(), new Cancellation())) {
            return ((ChatEvent.Completed) s.next()).response();
          }
        }

        @Override
        public ChatStream stream(String userText) {
          throw new UnsupportedOperationException();
        }

        @Override
        public ChatStream stream(Message... messages) {
          throw new UnsupportedOperationException();
        }

        @Override
        public List<Message> history() {
          return List.of();
        }

        @Override
        public String target() {
          return null;
        }

        @Override
        public void close() {}
      };
    }
  }

  @Test
  void anAliasServedOnlyByASessionKeeper_getsTheKeepersSession_whoseTurnsRunThroughThePipeline() {
    Keeper keeper = new Keeper();
    InMemorySessionStore store = InMemorySessionStore.builder().build();
    try (StatelineClient client = StatelineClient.builder()
        .target(Target.builder("agents", keeper).model("support").build())
        .target(Target.builder("plain", new ScriptedModel().reply("hi")).model("gpt").build())
        .sessionStore(store).build()) {

      Session session = client.session("case-1", SessionOptions.builder().model("support").build());
      ChatResponse answer = session.send("Hello.");

      SessionContext ctx = keeper.opened.get(0);
      assertThat(ctx.sessionId()).isEqualTo("case-1");
      assertThat(ctx.model()).isEqualTo("support");
      assertThat(ctx.store()).isSameAs(store);
      assertThat(ctx.targets()).extracting(Target::name).containsExactly("agents");
      assertThat(answer.target()).as("placed by the pipeline").isEqualTo("agents");
      assertThat(answer.placement()).isNotNull();
      assertThat(keeper.calls.get(0).kind()).isEqualTo(CallKind.STATEFUL);
      assertThat(client.session("case-2", SessionOptions.builder().model("gpt").build()))
          .as("other aliases keep the client's sessions").isInstanceOf(dev.stateline.internal.ClientSession.class);
    }
  }

  @Test
  void theTurnLock_isTheSessions_andAThreadCannotTakeItTwice() {
    Keeper keeper = new Keeper();
    try (StatelineClient client = StatelineClient.builder().target(Target.builder("agents", keeper).model("support")
        .build()).build()) {
      client.session("case-1").send("Hello.");
      SessionContext ctx = keeper.opened.get(0);

      try (SessionContext.TurnLease held = ctx.lockTurn(Duration.ofSeconds(1))) {
        assertThatThrownBy(() -> ctx.lockTurn(Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class);
      }
      ctx.lockTurn(Duration.ofSeconds(1)).close();
    }
  }

  @Test
  void anAliasServedByAKeeperAndByAPlainModel_isRefused_withBothNamed() {
    try (StatelineClient client = StatelineClient.builder()
        .target(Target.builder("agents", new Keeper()).model("support").build())
        .target(Target.builder("plain", new ScriptedModel().reply("hi")).anyModel().build()).build()) {

      assertThatThrownBy(() -> client.session("case-1", SessionOptions.builder().model("support").build()))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("[agents]").hasMessageContaining("[plain]");
    }
  }
}
