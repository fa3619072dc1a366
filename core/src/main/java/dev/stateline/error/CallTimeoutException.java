/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.error;

/**
 * A timeout expired. An attempt's connect or read timeout is retryable (the next attempt may be
 * faster); the call's total timeout is not: the call is over.
 */
public class CallTimeoutException extends StatelineException {

  /** Which timeout expired. */
  public enum Kind { CONNECT, READ, TOTAL }

  private final Kind kind;

  public CallTimeoutException(String message, ErrorInfo info, Kind kind, Throwable cause) {
    super(message, info, kind != Kind.TOTAL, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
