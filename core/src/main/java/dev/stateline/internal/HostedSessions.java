/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.internal;

import dev.stateline.CallOptions;
import dev.stateline.Cancellation;
import dev.stateline.ChatStream;
import dev.stateline.Target;
import dev.stateline.Timeouts;
import dev.stateline.chat.ChatRequest;
import dev.stateline.session.Session;
import dev.stateline.session.SessionOptions;
import dev.stateline.session.SessionState;
import dev.stateline.session.SessionStore;
import dev.stateline.spi.EventSource;
import dev.stateline.session.SessionContext;
import dev.stateline.session.SessionProvider;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Sessions whose provider keeps them ({@link SessionProvider}): finds the provider for an alias and
 * gives its session a {@link SessionContext} over the client's {@link SessionHost}. Thread-safe.
 */
public final class HostedSessions {
  private HostedSessions() {}

  /**
   * The session provider of {@code alias}: the first serving target's model, when every target that
   * serves the alias has one; null when none has.
   *
   * @throws IllegalStateException if some targets serving the alias have a session provider and
   *     others do not
   */
  public static SessionProvider providerFor(String alias, List<Target> targets) {
    List<String> hosted = new ArrayList<>();
    List<String> plain = new ArrayList<>();
    SessionProvider first = null;
    for (Target t : targets) {
      if (!t.serves(alias)) {
        continue;
      }
      if (t.chatModel() instanceof SessionProvider p) {
        hosted.add(t.name());
        first = first == null ? p : first;
      } else {
        plain.add(t.name());
      }
    }
    if (hosted.isEmpty()) {
      return null;
    }
    if (!plain.isEmpty()) {
      throw new IllegalStateException("model alias '" + alias + "' is served by targets that keep sessions"
          + " themselves " + hosted + " and by targets that do not " + plain + ": a session of one kind cannot"
          + " continue on the other, so give them different aliases");
    }
    return first;
  }

  /**
   * Opens the session through {@code provider}.
   *
   * @param targets every target of the client; those serving {@code alias} are handed on
   */
  public static Session open(SessionProvider provider, String id, String alias, SessionOptions options,
      SessionStore store, List<Target> targets, SessionHost host) {
    List<Target> serving = new ArrayList<>();
    for (Target t : targets) {
      if (t.serves(alias)) {
        serving.add(t);
      }
    }
    Session session = provider.openSession(new Context(SessionState.validateId(id), alias, options, store,
        List.copyOf(serving), host));
    if (session == null) {
      throw new IllegalStateException("the session provider " + provider.getClass().getName()
          + " returned no session");
    }
    return session;
  }

  private record Context(String sessionId, String model, SessionOptions options, SessionStore store,
      List<Target> targets, SessionHost host) implements SessionContext {
    Context {
      Objects.requireNonNull(options, "options");
      Objects.requireNonNull(store, "store");
    }

    @Override
    public EventSource execute(ChatRequest request, boolean streaming, CallOptions options,
        Cancellation cancellation) {
      return host.execute(sessionId, request, streaming, options, cancellation);
    }

    @Override
    public ChatStream newStream(EventSource source, Runnable onClose) {
      return host.newStream(source, onClose);
    }

    @Override
    public Timeouts timeouts(CallOptions options) {
      return host.timeouts(options);
    }

    @Override
    public InstantSource clock() {
      return host.clock();
    }

    @Override
    public TurnLease lockTurn(Duration timeout) {
      SessionLocks.Lease lease = host.locks().acquire(sessionId, timeout);
      return lease::close;
    }

    @Override
    public String toString() {
      return "SessionContext[" + sessionId + ", model=" + model + ", targets=" + targets.size() + "]";
    }
  }
}
