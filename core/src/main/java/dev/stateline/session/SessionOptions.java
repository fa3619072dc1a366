/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.session;

import dev.stateline.CallOptions;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.TokenEstimator;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a {@link Session} runs: which model alias it talks to, its system prompt, how much history it
 * sends (a token budget and a {@link ContextStrategy}), where it is stored, whether its state is
 * held by the provider, whether it may move between targets, and the call options of its turns.
 *
 * <pre>{@code
 * SessionOptions options = SessionOptions.builder()
 *     .model("gpt-4.1")
 *     .systemPrompt("You are a careful contract lawyer.")
 *     .contextBudget(8_000)
 *     .build();
 * Session session = client.session("case-4711", options);
 * }</pre>
 *
 * <p>Immutable and thread-safe (the request customizer, if any, must be thread-safe too).
 */
public final class SessionOptions {
  private static final SessionOptions DEFAULTS = builder().build();

  private final String model;
  private final String systemPrompt;
  private final int contextBudget;
  private final ContextStrategy contextStrategy;
  private final SessionStore store;
  private final boolean serverHeld;
  private final boolean allowMove;
  private final boolean replayLostState;
  private final CallOptions callOptions;
  private final int maxConflictRetries;
  private final Consumer<ChatRequest.Builder> request;
  private final TokenEstimator tokenEstimator;

  private SessionOptions(Builder b) {
    if (b.model != null && b.model.isBlank()) {
      throw new IllegalArgumentException("model must be a non-blank alias, or null for the client's default");
    }
    if (b.contextBudget < 0) {
      throw new IllegalArgumentException("contextBudget must be positive, or 0 for no budget; was " + b.contextBudget);
    }
    if (b.maxConflictRetries < 0) {
      throw new IllegalArgumentException("maxConflictRetries must not be negative, was " + b.maxConflictRetries);
    }
    this.model = b.model;
    this.systemPrompt = b.systemPrompt;
    this.contextBudget = b.contextBudget;
    this.contextStrategy = Objects.requireNonNull(b.contextStrategy, "contextStrategy");
    this.store = b.store;
    this.serverHeld = b.serverHeld;
    this.allowMove = b.allowMove;
    this.replayLostState = b.replayLostState;
    this.callOptions = Objects.requireNonNull(b.callOptions, "callOptions");
    this.maxConflictRetries = b.maxConflictRetries;
    this.request = b.request;
    this.tokenEstimator = Objects.requireNonNull(b.tokenEstimator, "tokenEstimator");
  }

  /** Everything default: the client's model, store and call options; no system prompt; no budget. */
  public static SessionOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().model(model).systemPrompt(systemPrompt).contextBudget(contextBudget)
        .contextStrategy(contextStrategy).store(store).serverHeld(serverHeld).allowMove(allowMove)
        .replayLostState(replayLostState).callOptions(callOptions).maxConflictRetries(maxConflictRetries)
        .request(request).tokenEstimator(tokenEstimator);
  }

  /** The model alias, or null for the client's default. */
  public String model() {
    return model;
  }

  /** The system prompt sent before the history on every turn (not stored), or null. */
  public String systemPrompt() {
    return systemPrompt;
  }

  /** The most prompt tokens a turn sends (system prompt, history, new messages), or 0 for no limit. */
  public int contextBudget() {
    return contextBudget;
  }

  /** How the history is cut to fit {@link #contextBudget()}; {@link ContextStrategy#slidingWindow()} by default. */
  public ContextStrategy contextStrategy() {
    return contextStrategy;
  }

  /** Where the session is stored, or null for the client's store. */
  public SessionStore store() {
    return store;
  }

  /**
   * True if the provider holds the conversation (OpenAI Responses {@code previous_response_id}):
   * each turn sends only its new messages, continuing from the last response id, with
   * {@code store=true}. The history is still kept in the store, so the session can move to another
   * target by replaying it.
   */
  public boolean serverHeld() {
    return serverHeld;
  }

  /**
   * True (the default) if a turn may run on another target than the session's when that one cannot
   * take it; false pins every turn to the session's target.
   */
  public boolean allowMove() {
    return allowMove;
  }

  /**
   * True (the default) if a server-held turn whose stored response the provider no longer has
   * (a {@link dev.stateline.error.StoredResponseNotFoundException}: expired after 30 days, deleted,
   * or in another Region) is answered by replaying the session's client-held history, with
   * {@code store=true}, on the same target, and the session continues from the new response. That
   * is not a move, so it happens with {@link #allowMove()} false too. False makes such a turn fail
   * with the exception and leave the session as it was.
   */
  public boolean replayLostState() {
    return replayLostState;
  }

  /**
   * The call options of every turn: timeouts, cancellation, residency, tenant, tags. An affinity set
   * here applies only to the session's first turn; later turns have affinity to the session's target.
   * The total timeout bounds the whole turn: waiting for the session's previous turn, a replay of the
   * history and re-runs after conflicts all come out of it, and a turn that runs out fails with a
   * {@link dev.stateline.error.CallTimeoutException} of kind {@code TOTAL}.
   */
  public CallOptions callOptions() {
    return callOptions;
  }

  /**
   * How often a turn re-runs when another writer committed first (3 by default); then it fails with
   * a {@link dev.stateline.error.SessionConflictException}.
   */
  public int maxConflictRetries() {
    return maxConflictRetries;
  }

  /** Sets request parameters (tools, temperature, response format) on every turn's request, or null. */
  public Consumer<ChatRequest.Builder> request() {
    return request;
  }

  /**
   * How {@link #contextBudget()} counts the tokens of the system prompt, the history and the new
   * messages; {@link TokenEstimator#approximate()} by default.
   */
  public TokenEstimator tokenEstimator() {
    return tokenEstimator;
  }

  @Override
  public String toString() {
    return "SessionOptions[model=" + model + ", systemPrompt=" + (systemPrompt != null)
        + ", contextBudget=" + contextBudget + ", serverHeld=" + serverHeld + ", allowMove=" + allowMove
        + (replayLostState ? "" : ", replayLostState=false")
        + ", store=" + (store == null ? "client's" : store.getClass().getSimpleName()) + "]";
  }

  /** Builds {@link SessionOptions}. Not thread-safe. */
  public static final class Builder {
    private String model;
    private String systemPrompt;
    private int contextBudget;
    private ContextStrategy contextStrategy = ContextStrategy.slidingWindow();
    private SessionStore store;
    private boolean serverHeld;
    private boolean allowMove = true;
    private boolean replayLostState = true;
    private CallOptions callOptions = CallOptions.defaults();
    private int maxConflictRetries = 3;
    private Consumer<ChatRequest.Builder> request;
    private TokenEstimator tokenEstimator = TokenEstimator.approximate();

    private Builder() {}

    public Builder model(String model) {
      this.model = model;
      return this;
    }

    public Builder systemPrompt(String systemPrompt) {
      this.systemPrompt = systemPrompt;
      return this;
    }

    /** Prompt tokens per turn; 0 for no limit. */
    public Builder contextBudget(int contextBudget) {
      this.contextBudget = contextBudget;
      return this;
    }

    public Builder contextStrategy(ContextStrategy contextStrategy) {
      this.contextStrategy = contextStrategy;
      return this;
    }

    public Builder store(SessionStore store) {
      this.store = store;
      return this;
    }

    public Builder serverHeld(boolean serverHeld) {
      this.serverHeld = serverHeld;
      return this;
    }

    public Builder allowMove(boolean allowMove) {
      this.allowMove = allowMove;
      return this;
    }

    /** See {@link SessionOptions#replayLostState()}; true by default. */
    public Builder replayLostState(boolean replayLostState) {
      this.replayLostState = replayLostState;
      return this;
    }

    public Builder callOptions(CallOptions callOptions) {
      this.callOptions = callOptions;
      return this;
    }

    public Builder maxConflictRetries(int maxConflictRetries) {
      this.maxConflictRetries = maxConflictRetries;
      return this;
    }

    /** Sets request parameters on every turn's request (the messages are set afterwards). */
    public Builder request(Consumer<ChatRequest.Builder> request) {
      this.request = request;
      return this;
    }

    /** How the context budget counts tokens; {@link TokenEstimator#approximate()} by default. */
    public Builder tokenEstimator(TokenEstimator tokenEstimator) {
      this.tokenEstimator = tokenEstimator;
      return this;
    }

    /** @throws IllegalArgumentException if a value is out of range */
    public SessionOptions build() {
      return new SessionOptions(this);
    }
  }
}
