/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import static dev.stateline.aws.ManagedAgentFixture.SUPPORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.CallOptions;
import dev.stateline.ChatStream;
import dev.stateline.StatelineClient;
import dev.stateline.Timeouts;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.Message;
import dev.stateline.error.ProtocolException;
import dev.stateline.error.SessionConflictException;
import dev.stateline.session.InMemorySessionStore;
import dev.stateline.session.Session;
import dev.stateline.session.SessionState;
import dev.stateline.session.SessionStore;
import dev.stateline.session.SessionTurn;
import dev.stateline.testing.bedrock.agents.AgentTurn;
import dev.stateline.testing.bedrock.agents.BedrockManagedAgentsEmulator;
import dev.stateline.testing.bedrock.agents.BedrockManagedAgentsEmulator.Operation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Never a turn twice: whatever goes wrong around a turn, its message reaches the agent once. Each
 * row injects one fault into the first or the second turn of a session, sent plain and streamed,
 * and checks what the agent received and what the caller got.
 */
class ManagedAgentNeverTwiceTest {
  private final ManagedAgentFixture fx = new ManagedAgentFixture();

  @AfterEach
  void close() throws Exception {
    fx.close();
  }

  /**
   * @param fault what goes wrong, injected right before the turn
   * @param secondTurn true to inject it into the session's second turn (the first ran clean)
   * @param submissions how many times the turn's message is submitted (the events POST)
   */
  record Row(String name, Consumer<BedrockManagedAgentsEmulator> fault, boolean secondTurn, int submissions) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> rows() {
    List<Row> rows = List.of(
        new Row("the answer to the submission is lost after it was applied: checked, followed, not resent",
            e -> e.dropAnswer(Operation.SUBMIT_EVENTS, true), true, 1),
        new Row("the answer to the first turn's submission is lost after it was applied",
            e -> e.dropAnswer(Operation.SUBMIT_EVENTS, true), false, 1),
        new Row("the submission is dropped before it was applied: checked, then retried once",
            e -> e.dropAnswer(Operation.SUBMIT_EVENTS, false), true, 2),
        new Row("a 503 to the submission: checked, then retried once",
            e -> e.failNext(Operation.SUBMIT_EVENTS, 503), true, 2),
        new Row("a 429 to the submission: retried once", e -> e.failNext(Operation.SUBMIT_EVENTS, 429, null), true, 2),
        new Row("a 409 to the submission: the session is read again, then retried once",
            e -> e.failNext(Operation.SUBMIT_EVENTS, 409), true, 2),
        new Row("a 503 opening the event stream: nothing was sent, retried",
            e -> e.failNext(Operation.STREAM_EVENTS, 503), true, 1),
        new Row("a 503 reading the session before the turn: nothing was sent, retried",
            e -> e.failNext(Operation.GET_SESSION, 503), true, 1),
        new Row("the event stream breaks mid-turn: followed by the session's status and items",
            e -> e.cutNextEventStream(3), true, 1),
        new Row("the event stream breaks before any of the turn's events", e -> e.cutNextEventStream(0), false, 1),
        new Row("the event stream stalls: after the read timeout, followed by polling",
            BedrockManagedAgentsEmulator::stallNextEventStream, true, 1),
        new Row("the answer to creating the agent session is lost after it was created: an empty one is left",
            e -> e.dropAnswer(Operation.CREATE_SESSION, true), false, 1),
        new Row("a 503 to creating the agent session: retried", e -> e.failNext(Operation.CREATE_SESSION, 503), false,
            1));
    return rows.stream().flatMap(r -> Stream.of(Arguments.of(r, false), Arguments.of(r, true)));
  }

  @ParameterizedTest(name = "{0}, streamed={1}")
  @MethodSource("rows")
  void aTurnReachesTheAgentOnce(Row row, boolean streamed) {
    StatelineClient client = fx.client(fx.builder().build());
    Session session = client.session("case-4711", SUPPORT.toBuilder().callOptions(CallOptions.builder()
        .timeouts(new Timeouts(Duration.ofSeconds(5), Duration.ofMillis(400), Duration.ofSeconds(30))).build())
        .build());
    fx.emulator.enqueue(AgentTurn.text("First answer."), AgentTurn.text("The answer, once."));
    if (row.secondTurn()) {
      session.send("First question.");
    }
    int before = fx.emulator.requests(Operation.SUBMIT_EVENTS).size();
    row.fault().accept(fx.emulator);

    String question = row.secondTurn() ? "The question." : "First question.";
    ChatResponse answer;
    if (streamed) {
      try (ChatStream stream = session.stream(question)) {
        answer = stream.response();
      }
    } else {
      answer = session.send(question);
    }

    assertThat(fx.emulator.faultsPending()).as("the fault fired").isZero();
    assertThat(answer.text()).isEqualTo(row.secondTurn() ? "The answer, once." : "First answer.");
    List<String> agentSessions = fx.emulator.sessionIds();
    String used = answer.id();
    List<String> received = fx.emulator.userMessages(used);
    assertThat(received).as("what the agent received").containsExactlyElementsOf(row.secondTurn()
        ? List.of("First question.", "The question.") : List.of("First question."));
    for (String other : agentSessions) {
      if (!other.equals(used)) {
        assertThat(fx.emulator.userMessages(other)).as("an agent session left behind holds no turn").isEmpty();
      }
    }
    assertThat(fx.emulator.requests(Operation.SUBMIT_EVENTS).subList(before,
        fx.emulator.requests(Operation.SUBMIT_EVENTS).size()))
        .filteredOn(r -> r.body().contains("agent.session.input.message")).hasSize(row.submissions());
    assertThat(session.history()).hasSize(row.secondTurn() ? 4 : 2);
    assertThat(client.sessionStore().load("case-4711").orElseThrow().responseId()).isEqualTo(used);
  }

  @Test
  void whenTheLostSubmissionCannotBeChecked_theTurnFailsAndIsNotSentAgain() {
    StatelineClient client = fx.client(fx.builder().build());
    Session session = client.session("case-1", SUPPORT);
    fx.emulator.dropAnswer(Operation.SUBMIT_EVENTS, true);
    for (int i = 0; i < 3; i++) {
      fx.emulator.failNext(Operation.LIST_ITEMS, 503); // every read of the items after the lost answer fails
    }

    assertThatThrownBy(() -> session.send("The question.")).isInstanceOfSatisfying(ProtocolException.class, e -> {
      assertThat(e.isRetryable()).isFalse();
      assertThat(e.getMessage()).contains("not sent again").contains("history()");
    });
    String agentSession = fx.emulator.sessionIds().get(0);
    assertThat(fx.emulator.userMessages(agentSession)).containsExactly("The question.");
    assertThat(fx.emulator.status(agentSession)).as("kept: the turn may have run in it").isNotEqualTo("deleted");
  }

  @Test
  void anotherWritersRecordFirst_isNoReasonToRunTheTurnAgain() {
    InMemorySessionStore memory = InMemorySessionStore.builder().build();
    AtomicBoolean interfere = new AtomicBoolean();
    SessionStore store = new Interfering(memory, interfere);
    StatelineClient client = fx.client(b -> b.sessionStore(store), fx.builder().build());
    Session session = client.session("case-2", SUPPORT);
    session.send("First question.");
    interfere.set(true); // another writer records a turn of the same agent session right before this one

    ChatResponse answer = session.send("The question.");

    assertThat(fx.emulator.userMessages(answer.id())).containsExactly("First question.", "The question.");
    assertThat(memory.load("case-2").orElseThrow().turns()).hasSize(3);
  }

  @Test
  void twoFirstTurnsAtOnce_oneWins_theOtherDeletesItsAgentSessionAndSaysSo() {
    InMemorySessionStore shared = InMemorySessionStore.builder().build();
    StatelineClient a = fx.client(b -> b.sessionStore(shared), fx.builder().build());
    AtomicBoolean stale = new AtomicBoolean(true);
    SessionStore staleOnce = new StaleFirstLoad(shared, stale);
    StatelineClient b2 = fx.client(b -> b.sessionStore(staleOnce), fx.builder().build());
    Session first = a.session("case-3", SUPPORT);
    Session second = b2.session("case-3", SUPPORT);

    ChatResponse won = first.send("Mine first.");
    assertThatThrownBy(() -> second.send("No, mine.")).isInstanceOf(SessionConflictException.class);

    assertThat(fx.emulator.sessionIds()).containsExactly(won.id());
    assertThat(second.history()).containsExactly(Message.user("Mine first."), Message.assistant("echo: Mine first."));
  }

  /** A store that forwards every operation (the stores below change one each). */
  private static class Forwarding implements SessionStore {
    final SessionStore delegate;

    Forwarding(SessionStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public Optional<SessionState> load(String sessionId) {
      return delegate.load(sessionId);
    }

    @Override
    public SessionState append(String sessionId, long expectedVersion, SessionTurn turn) {
      return delegate.append(sessionId, expectedVersion, turn);
    }

    @Override
    public List<String> list() {
      return delegate.list();
    }

    @Override
    public boolean delete(String sessionId) {
      return delegate.delete(sessionId);
    }
  }

  /** A store where, once, another writer appends a turn of the same agent session just before an append. */
  private static final class Interfering extends Forwarding {
    private final AtomicBoolean once;

    Interfering(SessionStore delegate, AtomicBoolean once) {
      super(delegate);
      this.once = once;
    }

    @Override
    public SessionState append(String sessionId, long expectedVersion, SessionTurn turn) {
      if (once.compareAndSet(true, false)) {
        SessionState s = delegate.load(sessionId).orElseThrow();
        delegate.append(sessionId, s.version(), new SessionTurn("other-writer", List.of(Message.user("elsewhere"),
            Message.assistant("recorded there")), s.target(), s.responseId(), Instant.now()));
      }
      return delegate.append(sessionId, expectedVersion, turn);
    }
  }

  /** A store whose first load misses (the other client's first turn not committed yet when it looked). */
  private static final class StaleFirstLoad extends Forwarding {
    private final AtomicBoolean stale;

    StaleFirstLoad(SessionStore delegate, AtomicBoolean stale) {
      super(delegate);
      this.stale = stale;
    }

    @Override
    public Optional<SessionState> load(String sessionId) {
      return stale.compareAndSet(true, false) ? Optional.empty() : delegate.load(sessionId);
    }
  }
}
