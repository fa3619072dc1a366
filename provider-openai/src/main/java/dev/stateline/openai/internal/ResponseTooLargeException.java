/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.internal;

import java.io.IOException;

/** A response body grew beyond the configured limit. Not API. */
public final class ResponseTooLargeException extends IOException {
  private final long limit;

  public ResponseTooLargeException(long limit) {
    super("the response body exceeds " + limit + " bytes");
    this.limit = limit;
  }

  public long limit() {
    return limit;
  }
}
