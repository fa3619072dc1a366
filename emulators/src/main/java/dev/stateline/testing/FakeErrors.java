/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing;

import dev.stateline.error.AuthenticationException;
import dev.stateline.error.ContentFilteredException;
import dev.stateline.error.ContextLengthExceededException;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.InvalidRequestException;
import dev.stateline.error.ProviderUnavailableException;
import dev.stateline.error.RateLimitedException;
import java.time.Duration;

/**
 * Fresh provider errors for scripting a {@link FakeChatModel}, shaped like the ones real providers
 * map to (HTTP status, error code, request id {@code fake-req}, provider {@code fake}). Each call
 * returns a new exception, as a failing call needs its own. Stateless and thread-safe.
 */
public final class FakeErrors {
  private FakeErrors() {}

  /**
   * HTTP 429: retryable.
   *
   * @param retryAfter the wait the provider asks for, or null for none
   */
  public static RateLimitedException rateLimited(Duration retryAfter) {
    return new RateLimitedException("rate limit exceeded (fake)", info(429, "rate_limit_exceeded"), retryAfter, null);
  }

  /** HTTP 503: retryable. */
  public static ProviderUnavailableException unavailable() {
    return new ProviderUnavailableException("service unavailable (fake)", info(503, null), null, null);
  }

  /** HTTP 401: not retryable. */
  public static AuthenticationException unauthorized() {
    return new AuthenticationException("invalid credential (fake)", info(401, "invalid_api_key"), null);
  }

  /** HTTP 400 blaming {@code param} (may be null): not retryable. */
  public static InvalidRequestException invalidRequest(String param) {
    return new InvalidRequestException("invalid request (fake)", info(400, "invalid_request_error"), param, null);
  }

  /** HTTP 400 {@code context_length_exceeded}: not retryable. */
  public static ContextLengthExceededException contextLengthExceeded() {
    return new ContextLengthExceededException("context length exceeded (fake)", info(400, "context_length_exceeded"),
        "messages", null);
  }

  /** HTTP 400 {@code content_filter}: not retryable. */
  public static ContentFilteredException contentFiltered() {
    return new ContentFilteredException("content filtered (fake)", info(400, "content_filter"), null);
  }

  private static ErrorInfo info(int status, String code) {
    return new ErrorInfo(FakeChatModel.PROVIDER, status, "fake-req", code);
  }
}
