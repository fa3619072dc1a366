/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.error;

/**
 * What a provider knows about a failure, carried by every {@link StatelineException}.
 *
 * <p>None of these fields may hold secrets or prompt content.
 *
 * @param provider the provider's name ({@code openai}, {@code azure.ai.openai}, ...), or null
 * @param statusCode the HTTP status, or 0 when there was no response
 * @param requestId the provider's request id, or null
 * @param errorCode the provider's own error code ({@code rate_limit_exceeded}, ...), or null
 */
public record ErrorInfo(String provider, int statusCode, String requestId, String errorCode) {

  /** No details known. */
  public static final ErrorInfo NONE = new ErrorInfo(null, 0, null, null);

  /** Details of a failure that happened before any response arrived. */
  public static ErrorInfo of(String provider) {
    return new ErrorInfo(provider, 0, null, null);
  }
}
