/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.error;

/**
 * What a provider knows about a failure, carried by every {@link StatelineException}.
 *
 * <p>None of these fields may hold secrets or prompt content: providers pass every one of them
 * through {@link dev.stateline.spi.Redactor} first.
 *
 * @param provider the provider's name ({@code openai}, {@code azure.ai.openai}, ...), or null
 * @param statusCode the HTTP status, or 0 when there was no response
 * @param requestId the provider's request id, or null
 * @param errorCode the provider's own error code ({@code rate_limit_exceeded}, ...), or null
 * @param processingRegion where the provider says it processed the call, as it names it (Azure
 *     OpenAI's {@code x-ms-region}, such as {@code Sweden Central}), or null if it did not say
 */
public record ErrorInfo(String provider, int statusCode, String requestId, String errorCode, String processingRegion) {

  /** No details known. */
  public static final ErrorInfo NONE = new ErrorInfo(null, 0, null, null, null);

  /** Details without a processing region. */
  public ErrorInfo(String provider, int statusCode, String requestId, String errorCode) {
    this(provider, statusCode, requestId, errorCode, null);
  }

  /** Details of a failure that happened before any response arrived. */
  public static ErrorInfo of(String provider) {
    return new ErrorInfo(provider, 0, null, null, null);
  }

  /** These details with {@code processingRegion} in place of this one's. */
  public ErrorInfo withProcessingRegion(String processingRegion) {
    return new ErrorInfo(provider, statusCode, requestId, errorCode, processingRegion);
  }
}
