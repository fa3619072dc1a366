/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.internal;

import dev.stateline.CallOptions;
import dev.stateline.Cancellation;
import dev.stateline.ChatStream;
import dev.stateline.Timeouts;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.Message;
import dev.stateline.chat.Role;
import dev.stateline.chat.TokenEstimator;
import dev.stateline.error.CallTimeoutException;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.InvalidRequestException;
import dev.stateline.error.NoEligibleTargetException;
import dev.stateline.error.SessionConflictException;
import dev.stateline.error.StatelineException;
import dev.stateline.error.StoredResponseNotFoundException;
import dev.stateline.placement.Affinity;
import dev.stateline.placement.Failover;
import dev.stateline.placement.Placement;
import dev.stateline.session.Session;
import dev.stateline.session.SessionOptions;
import dev.stateline.session.SessionState;
import dev.stateline.session.SessionStore;
import dev.stateline.session.SessionTurn;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.SessionTurns;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session of a client: client-held (the whole history, cut to the budget, goes with every turn)
 * or server-held (only the new messages go, continuing from the provider's last response id; the
 * history is replayed when the session has to move). See {@link Session}. Thread-safe.
 */
public final class ClientSession implements Session {
  private static final Logger LOG = LoggerFactory.getLogger("dev.stateline.session");

  private final String id;
  private final String model;
  private final SessionOptions options;
  private final SessionStore store;
  private final SessionHost host;
  private final AtomicBoolean closed = new AtomicBoolean();

  public ClientSession(String id, String model, SessionOptions options, SessionStore store, SessionHost host) {
    this.id = SessionState.validateId(id);
    this.model = Objects.requireNonNull(model, "model");
    this.options = Objects.requireNonNull(options, "options");
    this.store = Objects.requireNonNull(store, "store");
    this.host = Objects.requireNonNull(host, "host");
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
    Budget budget = new Budget(host.timeouts(options.callOptions()));
    try (SessionLocks.Lease lease = host.locks().acquire(id, budget.remaining())) {
      for (int conflicts = 0; ; conflicts++) {
        SessionState state = store.load(id).orElse(null);
        Cancellation cancellation = new Cancellation();
        Cancellation.Registration link = linkTo(cancellation);
        ChatResponse answer;
        try (EventSource source = open(state, input, false, cancellation, budget)) {
          answer = SessionTurns.drain(source);
        } finally {
          link.close();
        }
        try {
          commit(state, input, answer);
          return answer;
        } catch (SessionConflictException e) {
          if (conflicts >= options.maxConflictRetries()) {
            throw e;
          }
          LOG.info("session={} was changed by another writer (version {} -> {}); re-running the turn against"
              + " the new history", id, e.expectedVersion(), e.actualVersion());
        }
      }
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
    Budget budget = new Budget(host.timeouts(options.callOptions()));
    SessionLocks.Lease lease = host.locks().acquire(id, budget.remaining());
    Cancellation cancellation = new Cancellation();
    Cancellation.Registration link = null;
    try {
      link = linkTo(cancellation);
      SessionState state = store.load(id).orElse(null);
      EventSource source = open(state, input, true, cancellation, budget);
      Cancellation.Registration finalLink = link;
      return host.newStream(SessionTurns.committing(source, answer -> commit(state, input, answer), lease::close), () -> {
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

  @Override
  public List<Message> history() {
    return store.load(id).map(SessionState::messages).orElse(List.of());
  }

  @Override
  public String target() {
    return store.load(id).map(SessionState::target).orElse(null);
  }

  @Override
  public void close() {
    closed.set(true);
  }

  @Override
  public String toString() {
    return "Session[" + id + ", model=" + model + (options.serverHeld() ? ", server-held" : "") + "]";
  }

  // ------------------------------------------------------------------ a turn

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
      if (m.role() == Role.ASSISTANT) {
        throw new IllegalArgumentException("a turn sends user, tool, system or developer messages; the model"
            + " writes the assistant's");
      }
    }
    return List.copyOf(Arrays.asList(messages));
  }

  private Cancellation.Registration linkTo(Cancellation cancellation) {
    Cancellation user = options.callOptions().cancellation();
    return user == null ? () -> {} : user.onCancel(cancellation::cancel);
  }

  /**
   * Opens the turn's call. A server-held session first continues from its last response, pinned to
   * the target that holds it (and so to its Region). If the provider no longer has that response
   * ({@link StoredResponseNotFoundException}) and {@link SessionOptions#replayLostState()}, the whole
   * history is replayed, on the same target unless moves are allowed and placement ranks another
   * first. If the target cannot take the turn and moves are allowed, the whole history is replayed
   * wherever placement allows: a move, which the answer's placement and the stored turn's target show.
   */
  private EventSource open(SessionState state, List<Message> input, boolean streaming, Cancellation cancellation,
      Budget budget) {
    if (options.serverHeld() && state != null && state.responseId() != null && state.target() != null) {
      ChatRequest continued = request(List.of(), input).toBuilder()
          .previousResponseId(state.responseId()).store(true).build();
      CallOptions pinned = options.callOptions().toBuilder().affinity(Affinity.pin(state.target())).build();
      try {
        return host.execute(id, continued, streaming, budget.apply(pinned), cancellation);
      } catch (StatelineException e) {
        boolean lost = lostState(e);
        if (lost ? !options.replayLostState() : !options.allowMove() || !replayable(e)) {
          throw e;
        }
        LOG.atInfo()
            .addKeyValue("session", id)
            .addKeyValue("target", state.target())
            .addKeyValue("responseId", state.responseId())
            .addKeyValue("error", e.getClass().getSimpleName())
            .log(lost ? "the provider no longer holds the session's last response; replaying its history"
                : "the session cannot continue on its target; replaying its history where placement allows");
      }
    }
    List<Message> history = state == null ? List.of() : state.messages();
    ChatRequest full = request(history, input);
    if (options.serverHeld()) {
      full = full.toBuilder().store(true).build();
    }
    return host.execute(id, full, streaming, budget.apply(affinityOptions(state)), cancellation);
  }

  private static boolean replayable(StatelineException e) {
    return e.isRetryable() || e instanceof NoEligibleTargetException;
  }

  /** True if the provider does not have the stored response the turn continued from. */
  private static boolean lostState(StatelineException e) {
    return e instanceof StoredResponseNotFoundException
        || e instanceof InvalidRequestException ire && "previous_response_id".equals(ire.param());
  }

  private CallOptions affinityOptions(SessionState state) {
    CallOptions base = options.callOptions();
    if (state == null || state.target() == null) {
      return base;
    }
    return base.toBuilder()
        .affinity(options.allowMove() ? Affinity.prefer(state.target()) : Affinity.pin(state.target()))
        .build();
  }

  /** System prompt, then the history cut to the budget, then the new messages. */
  private ChatRequest request(List<Message> history, List<Message> input) {
    Message system = options.systemPrompt() == null ? null : Message.system(options.systemPrompt());
    List<Message> sent = history;
    if (options.contextBudget() > 0 && !history.isEmpty()) {
      TokenEstimator estimator = options.tokenEstimator();
      long budget = options.contextBudget() - (system == null ? 0 : estimator.estimate(system));
      for (Message m : input) {
        budget -= estimator.estimate(m);
      }
      sent = options.contextStrategy().select(history, (int) Math.max(Integer.MIN_VALUE, budget), estimator);
    }
    List<Message> messages = new ArrayList<>(sent.size() + input.size() + 1);
    if (system != null) {
      messages.add(system);
    }
    messages.addAll(sent);
    messages.addAll(input);
    ChatRequest.Builder b = ChatRequest.builder().model(model);
    if (options.request() != null) {
      options.request().accept(b);
    }
    return b.model(model).messages(messages).build();
  }

  private void commit(SessionState state, List<Message> input, ChatResponse answer) {
    List<Message> messages = new ArrayList<>(input.size() + 1);
    messages.addAll(input);
    messages.add(answer.message());
    SessionTurn turn = new SessionTurn(UUID.randomUUID().toString(), messages, answer.target(), answer.id(),
        host.clock().instant());
    store.append(id, state == null ? 0 : state.version(), turn);
    String from = state == null ? null : state.target();
    if (from != null && answer.target() != null && !from.equals(answer.target())) {
      LOG.info("session={} moved from target={} to target={}: {}", id, from, answer.target(), why(from, answer));
    }
  }

  private static String why(String from, ChatResponse answer) {
    Placement p = answer.placement();
    Placement.Decision d = p == null ? null : p.decision(from);
    if (d != null && !d.eligible()) {
      return d.rule() + ": " + d.reason();
    }
    for (Failover f : Failover.of(answer.attempts())) {
      if (f.from().equals(from)) {
        return "failed over after " + f.errorType();
      }
    }
    return "ranked lower";
  }

  /**
   * The total timeout of one turn, taken once when the turn starts: waiting for the session's lock,
   * the pinned continuation, a replay of the history and every re-run after a conflict all come out
   * of it, so a turn never runs longer than its total timeout.
   */
  private final class Budget {
    private final Timeouts timeouts;
    private final long deadlineNanos;

    Budget(Timeouts timeouts) {
      this.timeouts = timeouts;
      this.deadlineNanos = System.nanoTime() + Durations.saturatedNanos(timeouts.total());
    }

    /**
     * What is left of the turn's total timeout.
     *
     * @throws CallTimeoutException (kind TOTAL) if nothing is left
     */
    Duration remaining() {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        throw new CallTimeoutException("session '" + id + "': the turn's total timeout of " + timeouts.total()
            + " ran out", ErrorInfo.NONE, CallTimeoutException.Kind.TOTAL, null);
      }
      return Duration.ofNanos(left);
    }

    /** {@code options} with the timeouts of a call that may take only what is left of the turn. */
    CallOptions apply(CallOptions options) {
      return options.toBuilder().timeouts(timeouts.withTotal(remaining())).build();
    }
  }
}
