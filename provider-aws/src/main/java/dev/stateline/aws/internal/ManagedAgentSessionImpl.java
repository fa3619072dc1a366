/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.internal;

import dev.stateline.CallOptions;
import dev.stateline.Cancellation;
import dev.stateline.ChatStream;
import dev.stateline.Target;
import dev.stateline.Timeouts;
import dev.stateline.aws.ManagedAgentSession;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.Message;
import dev.stateline.chat.Role;
import dev.stateline.error.AgentUnreachableException;
import dev.stateline.error.BulkheadFullException;
import dev.stateline.error.CallTimeoutException;
import dev.stateline.error.CircuitOpenException;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.NoEligibleTargetException;
import dev.stateline.error.ProtocolException;
import dev.stateline.error.ResidencyViolationException;
import dev.stateline.error.SessionConflictException;
import dev.stateline.error.StatelineException;
import dev.stateline.placement.Affinity;
import dev.stateline.placement.Placement;
import dev.stateline.policy.StandardPolicy;
import dev.stateline.session.SessionOptions;
import dev.stateline.session.SessionState;
import dev.stateline.session.SessionStore;
import dev.stateline.session.SessionTurn;
import dev.stateline.spi.EventSource;
import dev.stateline.session.SessionContext;
import dev.stateline.spi.SessionTurns;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client session on Bedrock Managed Agents (see {@link ManagedAgentSession}). Its record in the
 * store binds the application's session id to a target and an agent session (each turn's target
 * and response id), and keeps each committed turn; the conversation itself is the agent's.
 *
 * <p>Every turn runs through the client's pipeline ({@link SessionContext#execute}); a turn after
 * the first is pinned to the session's target and continues its agent session. A turn is never run
 * twice: not on a conflict in the store (the turn's record is appended again after the other
 * writer's), and not when another client created the agent session first (this one's, holding the
 * turn, is deleted and the turn fails with a {@link SessionConflictException}).
 *
 * <p>Not API. Thread-safe; turns of one session run one at a time within a client.
 */
final class ManagedAgentSessionImpl implements ManagedAgentSession {
  private static final Logger LOG = LoggerFactory.getLogger("dev.stateline.session");
  private static final int MAX_RECORD_RETRIES = 16;

  private final SessionContext context;
  private final String id;
  private final String alias;
  private final SessionOptions options;
  private final SessionStore store;
  private final Map<String, Target> targets = new LinkedHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  /** The target and agent session a session id is bound to. */
  private record Binding(String target, String agentSessionId) {}

  ManagedAgentSessionImpl(SessionContext context) {
    this.context = context;
    this.id = context.sessionId();
    this.alias = context.model();
    this.options = context.options();
    this.store = context.store();
    for (Target t : context.targets()) {
      if (!(t.chatModel() instanceof ManagedAgentModel)) {
        throw new IllegalStateException("model alias '" + alias + "' is served by target '" + t.name() + "', which"
            + " is not a Bedrock managed agent target: an agent session cannot continue there; give the agents an"
            + " alias of their own");
      }
      targets.put(t.name(), t);
    }
    if (options.systemPrompt() != null) {
      throw new IllegalArgumentException("an agent session takes no system prompt: the agent's instructions are part"
          + " of its definition (BedrockManagedAgent.Agent.Builder.instructions)");
    }
    if (options.request() != null) {
      throw new IllegalArgumentException("an agent session takes no request parameters (SessionOptions.request):"
          + " the agent's definition decides its model and tools");
    }
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public ChatResponse send(String userText) {
    return send(Message.user(userText));
  }

  @Override
  public ChatResponse send(Message... messages) {
    List<Message> input = input(messages);
    checkOpen();
    long deadline = deadline();
    try (SessionContext.TurnLease lease = context.lockTurn(remaining(deadline))) {
      Cancellation cancellation = new Cancellation();
      Cancellation.Registration link = linkTo(cancellation);
      Turn turn;
      ChatResponse answer;
      try {
        turn = begin(input, false, cancellation, deadline);
        try (EventSource source = turn.source()) {
          answer = SessionTurns.drain(source);
        }
      } finally {
        link.close();
      }
      record(turn.state(), turn.bound(), input, answer);
      return answer;
    }
  }

  @Override
  public ChatStream stream(String userText) {
    return stream(Message.user(userText));
  }

  @Override
  public ChatStream stream(Message... messages) {
    List<Message> input = input(messages);
    checkOpen();
    long deadline = deadline();
    SessionContext.TurnLease lease = context.lockTurn(remaining(deadline));
    Cancellation cancellation = new Cancellation();
    Cancellation.Registration link = null;
    try {
      link = linkTo(cancellation);
      Turn turn = begin(input, true, cancellation, deadline);
      Cancellation.Registration finalLink = link;
      return context.newStream(SessionTurns.committing(turn.source(),
          answer -> record(turn.state(), turn.bound(), input, answer), lease::close), () -> {
        cancellation.cancel();
        finalLink.close();
        lease.close();
      });
    } catch (RuntimeException | Error e) {
      if (link != null) {
        link.close();
      }
      lease.close();
      throw e;
    }
  }

  /** The agent's conversation, from its items; empty before the first turn. */
  @Override
  public List<Message> history() {
    Binding bound = binding(store.load(id).orElse(null));
    if (bound == null) {
      return List.of();
    }
    return model(bound).history(bound.agentSessionId(), context.timeouts(options.callOptions()));
  }

  @Override
  public String target() {
    Binding bound = binding(store.load(id).orElse(null));
    return bound == null ? null : bound.target();
  }

  @Override
  public String agentSessionId() {
    Binding bound = binding(store.load(id).orElse(null));
    return bound == null ? null : bound.agentSessionId();
  }

  @Override
  public boolean cancel() {
    Binding bound = binding(store.load(id).orElse(null));
    if (bound == null) {
      return false;
    }
    model(bound).cancel(bound.agentSessionId(), context.timeouts(options.callOptions()));
    return true;
  }

  @Override
  public boolean delete() {
    Binding bound = binding(store.load(id).orElse(null));
    if (bound != null) {
      model(bound).delete(bound.agentSessionId(), context.timeouts(options.callOptions()));
    }
    store.delete(id);
    closed.set(true);
    return bound != null;
  }

  @Override
  public void close() {
    closed.set(true);
  }

  @Override
  public String toString() {
    return "ManagedAgentSession[" + id + ", model=" + alias + "]";
  }

  // ---------------------------------------------------------------- a turn

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("session '" + id + "' is closed");
    }
  }

  private static List<Message> input(Message... messages) {
    if (messages == null || messages.length == 0) {
      throw new IllegalArgumentException("a turn needs at least one message");
    }
    for (Message m : messages) {
      Objects.requireNonNull(m, "message");
      if (m.role() != Role.USER) {
        throw new IllegalArgumentException("an agent's turn takes user messages; got a "
            + m.role().name().toLowerCase(java.util.Locale.ROOT) + " message (the agent writes the assistant's, and"
            + " runs its tools itself)");
      }
    }
    return List.copyOf(Arrays.asList(messages));
  }

  private Binding binding(SessionState state) {
    if (state == null || state.target() == null || state.responseId() == null) {
      return null;
    }
    return new Binding(state.target(), state.responseId());
  }

  private ManagedAgentModel model(Binding bound) {
    Target t = targets.get(bound.target());
    if (t == null) {
      throw new AgentUnreachableException("session '" + id + "' is bound to target '" + bound.target() + "', which"
          + " this client does not have (or which does not serve '" + alias + "'); an agent session never moves: add"
          + " that target back, or delete the session", id, bound.target(), false, null);
    }
    return (ManagedAgentModel) t.chatModel();
  }

  private long deadline() {
    Timeouts t = context.timeouts(options.callOptions());
    return System.nanoTime() + Math.min(t.total().toNanos(), Long.MAX_VALUE / 4);
  }

  private Duration remaining(long deadline) {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new CallTimeoutException("session '" + id + "': the turn's total timeout ran out", ErrorInfo.NONE,
          CallTimeoutException.Kind.TOTAL, null);
    }
    return Duration.ofNanos(left);
  }

  private Cancellation.Registration linkTo(Cancellation cancellation) {
    Cancellation user = options.callOptions().cancellation();
    return user == null ? () -> {} : user.onCancel(cancellation::cancel);
  }

  /** A turn under way: the session as it was loaded, its binding, and the answer's events. */
  private record Turn(SessionState state, Binding bound, EventSource source) {}

  /**
   * Loads the session and starts its turn through the pipeline (returns after the first event).
   *
   * @throws StatelineException as the pipeline throws it; a bound session's is made an
   *     {@link AgentUnreachableException} where its target could not take the turn
   */
  private Turn begin(List<Message> input, boolean streaming, Cancellation cancellation, long deadline) {
    SessionState state = store.load(id).orElse(null);
    Binding bound = binding(state);
    try {
      return new Turn(state, bound, execute(bound, input, streaming, cancellation, deadline));
    } catch (StatelineException e) {
      throw unreachable(bound, e);
    }
  }

  private EventSource execute(Binding bound, List<Message> input, boolean streaming, Cancellation cancellation,
      long deadline) {
    if (bound != null) {
      model(bound); // the session's target must still be here
    }
    ChatRequest.Builder request = ChatRequest.builder().model(alias).messages(input).store(true);
    CallOptions.Builder call = options.callOptions().toBuilder()
        .timeouts(context.timeouts(options.callOptions()).withTotal(remaining(deadline)));
    if (bound != null) {
      request.previousResponseId(bound.agentSessionId()).putMetadata(ManagedAgentModel.TARGET_KEY, bound.target());
      call.affinity(Affinity.pin(bound.target()));
    }
    return context.execute(request.build(), streaming, call.build(), cancellation);
  }

  /**
   * A turn of a bound session that its target could not take is an {@link AgentUnreachableException}
   * (nothing reached the agent): placement refused the target, or it failed retryably before it
   * accepted the turn. A residency refusal stays what it is.
   */
  private StatelineException unreachable(Binding bound, StatelineException e) {
    if (bound == null || e instanceof ResidencyViolationException || e instanceof AgentUnreachableException) {
      return e;
    }
    boolean refused = e instanceof NoEligibleTargetException || e instanceof CircuitOpenException
        || e instanceof BulkheadFullException;
    if (!refused && !e.isRetryable()) {
      return e;
    }
    boolean later = !(e instanceof NoEligibleTargetException) || transientRefusal(e.placement(), bound.target());
    return new AgentUnreachableException("session '" + id + "': its agent session lives on target '" + bound.target()
        + "', which cannot take the turn now (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "); an agent"
        + " session never moves, so the turn did not run anywhere" + (later ? "; it may be sent again later" : ""),
        id, bound.target(), later, e);
  }

  private static boolean transientRefusal(Placement p, String target) {
    Placement.Decision d = p == null ? null : p.decision(target);
    return d != null && !d.eligible()
        && (StandardPolicy.HEALTH.equals(d.rule()) || StandardPolicy.BUDGET.equals(d.rule()));
  }

  /**
   * Records the turn. Another writer's record first is no reason to run the turn again: the record
   * is appended after it, unless the other writer bound the session to another agent session first
   * (two first turns at once): then this turn's agent session is deleted and the turn fails.
   */
  private void record(SessionState state, Binding bound, List<Message> input, ChatResponse answer) {
    List<Message> messages = new ArrayList<>(input.size() + 1);
    messages.addAll(input);
    messages.add(answer.message());
    SessionTurn turn = new SessionTurn(UUID.randomUUID().toString(), messages, answer.target(), answer.id(),
        context.clock().instant());
    long expected = state == null ? 0 : state.version();
    for (int i = 0; ; i++) {
      try {
        store.append(id, expected, turn);
        return;
      } catch (SessionConflictException conflict) {
        SessionState fresh = store.load(id).orElse(null);
        Binding now = binding(fresh);
        if (bound == null && now != null && !now.agentSessionId().equals(answer.id())) {
          LOG.atWarn().addKeyValue("session", id).addKeyValue("target", answer.target())
              .log("another client started this session first; deleting the agent session this turn ran in");
          deleteQuietly(answer.target(), answer.id());
          throw conflict;
        }
        if (i >= MAX_RECORD_RETRIES) {
          throw conflict;
        }
        expected = fresh == null ? 0 : fresh.version();
      } catch (RuntimeException e) {
        if (bound == null) {
          // An agent session the store cannot name would be lost to the session: remove it.
          deleteQuietly(answer.target(), answer.id());
          throw new ProtocolException("session '" + id + "': the turn ran, but its agent session could not be recorded"
              + " in the session store (" + e.getClass().getSimpleName() + "); that agent session was deleted, so the"
              + " session is as it was: send the turn again", ErrorInfo.NONE, false, null, e);
        }
        throw e;
      }
    }
  }

  private void deleteQuietly(String target, String agentSessionId) {
    Target t = targets.get(target);
    if (t == null || agentSessionId == null) {
      return;
    }
    try {
      ((ManagedAgentModel) t.chatModel()).delete(agentSessionId, context.timeouts(options.callOptions()));
    } catch (RuntimeException e) {
      LOG.atWarn().addKeyValue("session", id).addKeyValue("agentSession", agentSessionId)
          .addKeyValue("error", e.getClass().getSimpleName()).log("deleting the unrecorded agent session failed");
    }
  }
}
