/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.error;

/**
 * A session turn could not be committed because another writer committed a turn to the same
 * session first (optimistic concurrency: the stored version was not the expected one).
 *
 * <p>Sessions retry a non-streamed turn transparently: they reload the history and run the turn
 * again against it, up to {@code SessionOptions.maxConflictRetries()} times, so this error means
 * the session stayed contended. A streamed turn is not re-run (its events were already delivered),
 * so it fails with this error instead. Either way the turn was not committed and nothing was lost;
 * send it again if it still makes sense. Not retryable as-is.
 */
public class SessionConflictException extends StatelineException {
  private final String sessionId;
  private final long expectedVersion;
  private final long actualVersion;

  public SessionConflictException(String sessionId, long expectedVersion, long actualVersion) {
    super("session '" + sessionId + "' is at version " + actualVersion + ", not " + expectedVersion
        + ": another writer committed a turn first", ErrorInfo.NONE, false, null);
    this.sessionId = sessionId;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }

  public String sessionId() {
    return sessionId;
  }

  /** The version the writer based its turn on. */
  public long expectedVersion() {
    return expectedVersion;
  }

  /** The version found in the store (0 if the session does not exist). */
  public long actualVersion() {
    return actualVersion;
  }
}
