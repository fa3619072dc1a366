/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.session;

import java.util.List;
import java.util.Optional;

/**
 * Where sessions live: the SPI behind {@link Session}. Implementations: {@link InMemorySessionStore}
 * (the default); other modules add more: a directory of files ({@code FileSessionStore} in
 * {@code stateline-session-file}), a DynamoDB table ({@code stateline-aws}).
 *
 * <p>Writes use <b>optimistic concurrency</b>: {@link #append} commits a turn only if the stored
 * version is the one the writer read, so two writers can never lose or overwrite each other's
 * turn; the loser gets a {@link dev.stateline.error.SessionConflictException} and must reload.
 * A store forgets a session once its {@linkplain SessionState#expiresAt() TTL} has passed: it no
 * longer loads, lists or conflicts.
 *
 * <p>Implementations must be thread-safe and throw only
 * {@link dev.stateline.error.StatelineException} subtypes:
 * {@link dev.stateline.error.SessionConflictException} for a version conflict,
 * {@link dev.stateline.error.SessionCorruptedException} for stored data they cannot read (never
 * silently dropping it), {@link dev.stateline.error.SessionStoreException} for other failures.
 */
public interface SessionStore {

  /**
   * The stored session, or empty if there is none or it has expired.
   *
   * @throws IllegalArgumentException if the id is not a valid session id
   */
  Optional<SessionState> load(String sessionId);

  /**
   * Commits a turn if the stored version equals {@code expectedVersion}; creates the session when
   * {@code expectedVersion} is 0 and none exists (or it has expired).
   *
   * @return the session as stored after the turn, at version {@code expectedVersion + 1}
   * @throws dev.stateline.error.SessionConflictException if the stored version differs
   */
  SessionState append(String sessionId, long expectedVersion, SessionTurn turn);

  /** The ids of the stored, unexpired sessions, in no particular order. */
  List<String> list();

  /**
   * Deletes a session.
   *
   * @return true if it existed
   */
  boolean delete(String sessionId);
}
