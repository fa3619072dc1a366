/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.spi;

import dev.stateline.error.AuthenticationException;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.InvalidRequestException;
import dev.stateline.error.ProviderUnavailableException;
import dev.stateline.error.RateLimitedException;
import dev.stateline.error.StatelineException;
import java.time.Duration;

/**
 * The one table from an HTTP status to a Stateline error, shared by every provider: a provider
 * first maps the error codes it knows (a content filter, a context window, a throttling code), and
 * whatever is left is decided here by the status alone, the same way on every provider.
 *
 * <table>
 *   <caption>HTTP status to exception</caption>
 *   <tr><th>status</th><th>exception</th><th>retryable</th></tr>
 *   <tr><td>400, 413, 422 and every other 4xx not below</td><td>{@link InvalidRequestException}</td><td>no</td></tr>
 *   <tr><td>401, 403</td><td>{@link AuthenticationException}</td><td>no</td></tr>
 *   <tr><td>404</td><td>{@link InvalidRequestException} (the model, deployment or resource was not found)</td><td>no</td></tr>
 *   <tr><td>408</td><td>{@link ProviderUnavailableException}</td><td>yes</td></tr>
 *   <tr><td>409</td><td>{@link ProviderUnavailableException}: the request met a conflicting one in
 *       progress (a resource locked by a concurrent request); it was not carried out, and the same
 *       request may succeed after a wait</td><td>yes</td></tr>
 *   <tr><td>429</td><td>{@link RateLimitedException} (retry-after kept)</td><td>yes</td></tr>
 *   <tr><td>500 to 599</td><td>{@link ProviderUnavailableException} (retry-after kept)</td><td>yes</td></tr>
 *   <tr><td>0 (no status: the failure came without a response)</td><td>{@link ProviderUnavailableException}</td><td>yes</td></tr>
 *   <tr><td>anything else (1xx, 2xx, 3xx, 600 and up)</td><td>{@link StatelineException}</td><td>no</td></tr>
 * </table>
 *
 * <p>Why 409 is retryable everywhere: OpenAI and Azure OpenAI answer 409 when a concurrent request
 * holds the resource (their own SDKs retry it), and AWS names the transient case of its
 * {@code ConflictException} the same way; in every case the call did not run, so trying it again
 * (within the retry policy's attempts, honouring any {@code Retry-After}) cannot apply it twice.
 *
 * <p>Stateless and thread-safe.
 */
public final class HttpStatusErrors {
  private HttpStatusErrors() {}

  /**
   * The error for {@code status}.
   *
   * @param status the HTTP status, or 0 if none
   * @param message the whole exception message (already cleaned of secrets)
   * @param info the error's details
   * @param param the request parameter the provider blamed, or null (kept on invalid requests)
   * @param retryAfter the wait the provider asked for, or null (kept where the type carries it)
   * @param cause the cause, or null
   */
  public static StatelineException of(int status, String message, ErrorInfo info, String param,
      Duration retryAfter, Throwable cause) {
    switch (kind(status)) {
      case AUTHENTICATION:
        return new AuthenticationException(message, info, cause);
      case RATE_LIMITED:
        return new RateLimitedException(message, info, retryAfter, cause);
      case UNAVAILABLE:
        return new ProviderUnavailableException(message, info, retryAfter, cause);
      case INVALID:
        return new InvalidRequestException(message, info, param, cause);
      default:
        return new StatelineException(message, info, false, cause);
    }
  }

  /** True if the table makes {@code status} a retryable error. */
  public static boolean isRetryable(int status) {
    Kind k = kind(status);
    return k == Kind.RATE_LIMITED || k == Kind.UNAVAILABLE;
  }

  /** The table's words for {@code status}, such as "the request was rejected" (for messages). */
  public static String describe(int status) {
    if (status == 401 || status == 403) {
      return "the credential was refused";
    }
    if (status == 404) {
      return "the model or deployment was not found";
    }
    if (status == 408) {
      return "the service timed the request out (HTTP 408)";
    }
    if (status == 409) {
      return "the request conflicted with another one in progress (HTTP 409)";
    }
    if (status == 413) {
      return "the request is too large (HTTP 413)";
    }
    if (status == 429) {
      return "rate limited";
    }
    if (status == 0) {
      return "the service is unavailable";
    }
    if (status >= 500 && status < 600) {
      return "the service is unavailable (HTTP " + status + ")";
    }
    if (status >= 400 && status < 500) {
      return "the request was rejected";
    }
    return "unexpected HTTP status " + status;
  }

  private enum Kind { INVALID, AUTHENTICATION, RATE_LIMITED, UNAVAILABLE, OTHER }

  private static Kind kind(int status) {
    if (status == 401 || status == 403) {
      return Kind.AUTHENTICATION;
    }
    if (status == 429) {
      return Kind.RATE_LIMITED;
    }
    if (status == 0 || status == 408 || status == 409 || status >= 500 && status < 600) {
      return Kind.UNAVAILABLE;
    }
    if (status >= 400 && status < 500) {
      return Kind.INVALID;
    }
    return Kind.OTHER;
  }
}
