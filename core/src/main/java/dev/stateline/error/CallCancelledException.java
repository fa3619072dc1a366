/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.error;

/**
 * The caller cancelled the call, closed its stream, or interrupted its thread; or the client was
 * closed while the call was in flight or its stream open ({@code StatelineClient.close()}). Never
 * retryable.
 */
public class CallCancelledException extends StatelineException {
  public CallCancelledException(String message, Throwable cause) {
    super(message, ErrorInfo.NONE, false, cause);
  }
}
