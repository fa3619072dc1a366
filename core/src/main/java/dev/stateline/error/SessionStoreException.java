/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.error;

/**
 * A session store failed to read or write (an I/O error, a full disk, an unreachable database).
 * The turn being committed, if any, was not committed. Not retryable by the client; the store
 * decides what is worth retrying.
 */
public class SessionStoreException extends StatelineException {
  private final String sessionId;

  /** @param sessionId the session concerned, or null */
  public SessionStoreException(String message, String sessionId, Throwable cause) {
    super(message, ErrorInfo.NONE, false, cause);
    this.sessionId = sessionId;
  }

  /** The session concerned, or null. */
  public String sessionId() {
    return sessionId;
  }
}
