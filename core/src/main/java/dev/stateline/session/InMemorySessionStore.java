/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.session;

import dev.stateline.error.SessionConflictException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions in this process's memory: the default store. Fast, and gone when the process ends.
 *
 * <p>Each append is atomic per session (a compare-and-set on the stored version). Expired sessions
 * stop loading at once and are freed by the next append, delete or {@link #purgeExpired()}.
 * Thread-safe.
 */
public final class InMemorySessionStore implements SessionStore {
  private final Map<String, SessionState> sessions = new ConcurrentHashMap<>();
  private final Duration ttl;
  private final InstantSource clock;

  private InMemorySessionStore(Builder b) {
    this.ttl = b.ttl;
    this.clock = b.clock;
  }

  /** A store without TTL on the system clock. */
  public static InMemorySessionStore create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Optional<SessionState> load(String sessionId) {
    SessionState s = sessions.get(SessionState.validateId(sessionId));
    return s == null || s.isExpired(clock.instant()) ? Optional.empty() : Optional.of(s);
  }

  @Override
  public SessionState append(String sessionId, long expectedVersion, SessionTurn turn) {
    SessionState.validateId(sessionId);
    Objects.requireNonNull(turn, "turn");
    Instant now = clock.instant();
    return sessions.compute(sessionId, (id, current) -> {
      if (current != null && current.isExpired(now)) {
        current = null;
      }
      long actual = current == null ? 0 : current.version();
      if (actual != expectedVersion) {
        throw new SessionConflictException(id, expectedVersion, actual);
      }
      return current == null ? SessionState.first(id, turn, now, ttl) : current.next(turn, now, ttl);
    });
  }

  @Override
  public List<String> list() {
    Instant now = clock.instant();
    List<String> ids = new ArrayList<>();
    for (SessionState s : sessions.values()) {
      if (!s.isExpired(now)) {
        ids.add(s.id());
      }
    }
    return ids;
  }

  @Override
  public boolean delete(String sessionId) {
    SessionState removed = sessions.remove(SessionState.validateId(sessionId));
    return removed != null && !removed.isExpired(clock.instant());
  }

  /**
   * Frees every expired session.
   *
   * @return how many were freed
   */
  public int purgeExpired() {
    Instant now = clock.instant();
    int[] n = {0};
    sessions.entrySet().removeIf(e -> {
      boolean expired = e.getValue().isExpired(now);
      n[0] += expired ? 1 : 0;
      return expired;
    });
    return n[0];
  }

  @Override
  public String toString() {
    return "InMemorySessionStore[" + sessions.size() + " sessions, ttl=" + ttl + "]";
  }

  /** Builds an {@link InMemorySessionStore}. Not thread-safe. */
  public static final class Builder {
    private Duration ttl;
    private InstantSource clock = InstantSource.system();

    private Builder() {}

    /** How long after its last turn a session is forgotten; null (the default) for never. */
    public Builder ttl(Duration ttl) {
      if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
        throw new IllegalArgumentException("ttl must be positive, or null for none");
      }
      this.ttl = ttl;
      return this;
    }

    /** The clock for timestamps and expiry; the system clock by default. */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public InMemorySessionStore build() {
      return new InMemorySessionStore(this);
    }
  }
}
