/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.langchain4j.internal;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.TimeoutException;
import dev.stateline.error.CallTimeoutException;
import dev.stateline.error.ContextLengthExceededException;
import dev.stateline.error.NoEligibleTargetException;
import dev.stateline.error.ProviderUnavailableException;
import dev.stateline.error.RateLimitedException;
import dev.stateline.error.StatelineException;

/**
 * Stateline's errors as LangChain4j's, so AI services and their retry logic see the kind they
 * know: rate limited to {@link RateLimitException}, authentication, invalid request (and context
 * length), content filtered, timeout, provider unavailable to {@link InternalServerException},
 * other retryable ones to {@link RetriableException}, the rest to {@link NonRetriableException}.
 * The Stateline exception is always the cause, with its placement and attempts; the message is
 * Stateline's, which never carries a secret. Stateless.
 */
public final class Errors {
  private Errors() {}

  /** The LangChain4j exception for {@code e}. */
  public static RuntimeException toLangChain4j(Throwable e) {
    if (e instanceof LangChain4jException l) {
      return l;
    }
    if (!(e instanceof StatelineException s)) {
      return e instanceof RuntimeException r ? r : new LangChain4jException(e);
    }
    String m = s.getMessage();
    if (s instanceof RateLimitedException) {
      return new RateLimitException(m, s);
    }
    if (s instanceof dev.stateline.error.AuthenticationException) {
      return new AuthenticationException(m, s);
    }
    if (s instanceof dev.stateline.error.InvalidRequestException || s instanceof ContextLengthExceededException) {
      return new InvalidRequestException(m, s);
    }
    if (s instanceof dev.stateline.error.ContentFilteredException) {
      return new ContentFilteredException(m, s);
    }
    if (s instanceof CallTimeoutException) {
      return new TimeoutException(m, s);
    }
    if (s instanceof ProviderUnavailableException) {
      return new InternalServerException(m, s);
    }
    if (s instanceof NoEligibleTargetException) {
      return new NonRetriableException(m, s);
    }
    return s.isRetryable() ? new RetriableException(m, s) : new NonRetriableException(m, s);
  }
}
