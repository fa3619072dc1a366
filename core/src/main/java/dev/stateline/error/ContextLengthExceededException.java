/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.error;

/** The conversation plus the requested output do not fit in the model's context window. */
public class ContextLengthExceededException extends InvalidRequestException {
  public ContextLengthExceededException(String message, ErrorInfo info, String param, Throwable cause) {
    super(message, info, param, cause);
  }
}
