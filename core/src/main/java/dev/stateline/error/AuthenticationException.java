/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.error;

/** The provider refused the credential (HTTP 401 or 403, {@code AccessDeniedException}). Not retryable. */
public class AuthenticationException extends StatelineException {
  public AuthenticationException(String message, ErrorInfo info, Throwable cause) {
    super(message, info, false, cause);
  }
}
