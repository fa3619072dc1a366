/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.error;

/**
 * A stored session could not be read back: the data is truncated, fails its checksum, or is not in
 * a format this version understands. The store refuses to load or overwrite it, so nothing more is
 * lost; the message says where (file and line) but never shows content. Repair or delete the
 * session by hand.
 */
public class SessionCorruptedException extends SessionStoreException {
  private final String location;

  /** @param location where the bad data is (a file path and line), without content */
  public SessionCorruptedException(String message, String sessionId, String location, Throwable cause) {
    super(message + " (" + location + ")", sessionId, cause);
    this.location = location;
  }

  /** Where the bad data is: a file path and line, or a key. */
  public String location() {
    return location;
  }
}
