/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.session;

import dev.stateline.chat.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A session as stored: its turns and its version. Every committed turn increases the version by
 * one; a store accepts a turn only if the writer saw the current version (optimistic concurrency).
 *
 * @param id the session's id (1 to 128 characters, no control characters)
 * @param version the number of committed turns' writes; 1 after the first turn
 * @param turns the committed turns, oldest first
 * @param createdAt when the first turn was committed
 * @param updatedAt when the last turn was committed
 * @param expiresAt when the store forgets the session (its TTL), or null for never
 */
public record SessionState(String id, long version, List<SessionTurn> turns, Instant createdAt,
    Instant updatedAt, Instant expiresAt) {

  public SessionState {
    validateId(id);
    if (version < 1) {
      throw new IllegalArgumentException("a stored session's version starts at 1, was " + version);
    }
    turns = List.copyOf(turns);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /**
   * Checks a session id: 1 to 128 characters (code points), well-formed Unicode, no control
   * character; the rule of {@link dev.stateline.spi.SessionIdCodec#validate(String)}.
   *
   * @throws IllegalArgumentException if it is not one
   */
  public static String validateId(String id) {
    return dev.stateline.spi.SessionIdCodec.validate(id);
  }

  /** A new session holding its first turn, at version 1. */
  public static SessionState first(String id, SessionTurn turn, Instant now, Duration ttl) {
    return new SessionState(id, 1, List.of(turn), now, now, ttl == null ? null : now.plus(ttl));
  }

  /** This session with {@code turn} appended, one version up. */
  public SessionState next(SessionTurn turn, Instant now, Duration ttl) {
    List<SessionTurn> list = new ArrayList<>(turns.size() + 1);
    list.addAll(turns);
    list.add(Objects.requireNonNull(turn, "turn"));
    return new SessionState(id, version + 1, list, createdAt, now, ttl == null ? null : now.plus(ttl));
  }

  /** True once {@link #expiresAt()} has passed. */
  public boolean isExpired(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  /** Every message of every turn, oldest first. */
  public List<Message> messages() {
    List<Message> out = new ArrayList<>();
    for (SessionTurn t : turns) {
      out.addAll(t.messages());
    }
    return List.copyOf(out);
  }

  /** The target of the last turn, or null. */
  public String target() {
    return turns.isEmpty() ? null : turns.get(turns.size() - 1).target();
  }

  /** The provider response id of the last turn, or null. */
  public String responseId() {
    return turns.isEmpty() ? null : turns.get(turns.size() - 1).responseId();
  }

  @Override
  public String toString() {
    return "SessionState[" + id + ", version=" + version + ", turns=" + turns.size() + ", target=" + target()
        + ", expiresAt=" + expiresAt + "]";
  }
}
