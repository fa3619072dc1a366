/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.internal;

import dev.stateline.Cancellation;
import dev.stateline.Timeouts;
import dev.stateline.aws.Bedrock;
import dev.stateline.aws.BedrockManagedAgent;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.Message;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.ProtocolException;
import dev.stateline.session.Session;
import dev.stateline.spi.ChatModel;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import dev.stateline.session.SessionContext;
import dev.stateline.session.SessionProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * A Bedrock Managed Agents target's model: each stateful call is one turn of an agent session
 * ({@link ManagedAgentTurn}), and a client session of its alias is a {@link ManagedAgentSessionImpl}
 * ({@link SessionProvider}). It also reads a session's items, cancels and deletes, for the session.
 *
 * <p>Not API. Thread-safe. Closing it is idempotent and closes what the builder created for it.
 */
public final class ManagedAgentModel implements ChatModel, SessionProvider {
  /** The provider name. */
  public static final String PROVIDER = Bedrock.PROVIDER;
  /** The request metadata key naming the target that holds a continued turn's agent session. */
  public static final String TARGET_KEY = "stateline.agent.target";
  /** The most item pages {@link #history} reads (100 items each). */
  static final int MAX_PAGES = 1_000;

  /**
   * An agent as a target serves it.
   *
   * @param roleArn the session role: the agent's own, else the target's
   */
  public record Definition(BedrockManagedAgent.Agent agent, String roleArn) {
    public Definition {
      Objects.requireNonNull(agent, "agent");
      Objects.requireNonNull(roleArn, "roleArn");
    }
  }

  private final ManagedAgentHttp http;
  private final Map<String, Definition> definitions;
  private final Duration pollInterval;
  private final List<SdkAutoCloseable> owned;
  private final String description;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** The turns in flight: {@link #close()} cancels them before it closes the HTTP client. */
  private final CallsInFlight inFlightCalls = new CallsInFlight();

  /**
   * @param definitions provider model name ({@link BedrockManagedAgent.Agent#providerModel()}) to agent
   */
  public ManagedAgentModel(ManagedAgentHttp http, Map<String, Definition> definitions, Duration pollInterval,
      List<? extends SdkAutoCloseable> owned, String description) {
    this.http = http;
    this.definitions = Map.copyOf(definitions);
    this.pollInterval = pollInterval;
    this.owned = List.copyOf(owned);
    this.description = description;
  }

  @Override
  public ChatResponse chat(ModelCall call) {
    Runnable exit = inFlightCalls.enter(call.cancellation());
    try {
      return turn(call);
    } finally {
      exit.run();
    }
  }

  private ChatResponse turn(ModelCall call) {
    try (ManagedAgentTurn turn = ManagedAgentTurn.start(this, call)) {
      ChatEvent e;
      while ((e = turn.next()) != null) {
        if (e instanceof ChatEvent.Completed c) {
          return c.response();
        }
      }
      throw new ProtocolException(PROVIDER + ": the agent's turn ended without an answer", ErrorInfo.of(PROVIDER),
          false, null, null);
    }
  }

  @Override
  public EventSource stream(ModelCall call) {
    Runnable exit = inFlightCalls.enter(call.cancellation());
    try {
      return inFlightCalls.track(exit, ManagedAgentTurn.start(this, call));
    } catch (RuntimeException e) {
      exit.run();
      throw e;
    }
  }

  @Override
  public Session openSession(SessionContext context) {
    return new ManagedAgentSessionImpl(context);
  }

  /** The agent a provider model name stands for, or null. */
  Definition definition(String providerModel) {
    return definitions.get(providerModel);
  }

  ManagedAgentHttp http() {
    return http;
  }

  Duration pollInterval() {
    return pollInterval;
  }

  /**
   * The agent session's conversation: its user and assistant message items, oldest first, read page
   * by page ({@code order=asc&limit=100}, following {@code last_id} while {@code has_more}).
   */
  List<Message> history(String agentSessionId, Timeouts timeouts) {
    ManagedAgentHttp.Budget budget = ManagedAgentHttp.Budget.of(timeouts, new Cancellation());
    List<Message> out = new ArrayList<>();
    String after = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      Map<String, Object> json = http.listItems(agentSessionId, "asc", 100, after, budget);
      for (Map<String, Object> item : ManagedAgentJson.objects(json, "data")) {
        if (!"message".equals(ManagedAgentJson.string(item, "type"))) {
          continue; // reasoning, commands, MCP calls: not messages of the conversation
        }
        String role = ManagedAgentJson.string(item, "role");
        if ("user".equals(role)) {
          out.add(Message.user(ManagedAgentJson.text(item, "input_text")));
        } else if ("assistant".equals(role)) {
          out.add(Message.assistant(ManagedAgentJson.text(item, "output_text")));
        }
      }
      String last = ManagedAgentJson.string(json, "last_id");
      if (!ManagedAgentJson.bool(json, "has_more") || last == null || last.equals(after)) {
        return List.copyOf(out);
      }
      after = last;
    }
    throw new ProtocolException(PROVIDER + ": the agent session '" + agentSessionId + "' has more than "
        + MAX_PAGES + " pages of items", ErrorInfo.of(PROVIDER), false, null, null);
  }

  /** Submits the cancel event. */
  void cancel(String agentSessionId, Timeouts timeouts) {
    ManagedAgentHttp.Posted posted = http.postEvents(agentSessionId, ManagedAgentJson.cancel(),
        ManagedAgentHttp.Budget.of(timeouts, new Cancellation()));
    if (!posted.acknowledged()) {
      throw posted.ambiguous();
    }
  }

  /** Deletes the agent session. */
  void delete(String agentSessionId, Timeouts timeouts) {
    http.deleteSession(agentSessionId, ManagedAgentHttp.Budget.of(timeouts, new Cancellation()));
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    // The turns in flight first: each fails as a cancelled turn does (CallCancelledException).
    inFlightCalls.close();
    try {
      http.close();
    } finally {
      owned.forEach(SdkAutoCloseable::close);
    }
  }

  @Override
  public String toString() {
    return "ManagedAgentModel[" + description + ", agents=" + definitions.size() + "]";
  }
}
