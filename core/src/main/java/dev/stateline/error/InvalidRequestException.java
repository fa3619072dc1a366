/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.error;

/**
 * The provider rejected the request as malformed or unsupported (HTTP 400, 404, 422,
 * {@code ValidationException}), or the target cannot serve it. Not retryable: fix the request.
 */
public class InvalidRequestException extends StatelineException {
  private final String param;

  /** @param param the request parameter the provider blamed, or null */
  public InvalidRequestException(String message, ErrorInfo info, String param, Throwable cause) {
    super(message, info, false, cause);
    this.param = param;
  }

  /** The request parameter the provider blamed, or null. */
  public String param() {
    return param;
  }
}
