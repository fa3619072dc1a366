/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.spi;

import java.io.IOException;

/**
 * The one failure of a response body larger than the target's {@code maxResponseBytes}, whole or
 * streamed, on every provider. It is an {@link IOException} so that it passes through the HTTP
 * stack that reads the body; providers turn it into a {@link dev.stateline.error.ProtocolException}
 * that is never retried (the same answer would be as large again) and that names the limit.
 */
public final class ResponseTooLargeException extends IOException {
  private static final long serialVersionUID = 1L;
  private final long limit;

  /** @param limit the limit that was passed, in bytes */
  public ResponseTooLargeException(long limit) {
    super("the response body is larger than the target's maxResponseBytes (" + limit + " bytes)");
    this.limit = limit;
  }

  /** The limit that was passed, in bytes. */
  public long limit() {
    return limit;
  }
}
