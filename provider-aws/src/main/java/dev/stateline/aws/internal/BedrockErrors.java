/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.internal;

import dev.stateline.chat.ChatResponse;
import dev.stateline.error.AuthenticationException;
import dev.stateline.error.CallCancelledException;
import dev.stateline.error.CallTimeoutException;
import dev.stateline.error.ContextLengthExceededException;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.InvalidRequestException;
import dev.stateline.error.ProtocolException;
import dev.stateline.error.ProviderUnavailableException;
import dev.stateline.error.RateLimitedException;
import dev.stateline.error.StatelineException;
import dev.stateline.spi.HttpStatusErrors;
import dev.stateline.spi.Redactor;
import dev.stateline.spi.ResponseTooLargeException;
import dev.stateline.spi.RetryAfter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkInterruptedException;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Maps what the AWS SDK throws to Stateline's error hierarchy.
 *
 * <p>Service errors are mapped by their AWS error code ({@code ThrottlingException},
 * {@code ValidationException}, ...) and, for codes Bedrock has not modelled, by HTTP status through
 * the one table every provider shares ({@link HttpStatusErrors}: a {@code ConflictException}, HTTP
 * 409, is retryable as it is on OpenAI and Azure). Client errors are mapped by their kind: the SDK's
 * call timeouts, the HTTP client's connect and read timeouts, connection failures, credential
 * failures. Messages carry the AWS error code and message, cleaned by the shared {@link Redactor}:
 * an AWS message may quote the canonical request, session token included
 * ({@code SignatureDoesNotMatch}), and a proxy may answer anything; the SDK exception kept as the
 * cause is replaced by a redacted copy when its message (or one of its causes') held a credential
 * or control characters. The AWS request id is kept on {@link ErrorInfo} for support tickets.
 *
 * <p>Stateless and thread-safe.
 */
public final class BedrockErrors {
  /** The provider name on every error and response. */
  public static final String PROVIDER = "aws.bedrock";

  /** Phrases Bedrock and the models behind it use when the prompt does not fit the context window. */
  private static final Pattern CONTEXT_LENGTH = Pattern.compile(
      "input is too long|too long for (the )?(requested )?model|prompt is too long"
          + "|context (length|window)|too many (input )?tokens|maximum (context|input) length"
          + "|exceeds? the (maximum )?(number of )?(input )?tokens",
      Pattern.CASE_INSENSITIVE);

  private static final Redactor REDACTOR = Redactor.standard();

  private BedrockErrors() {}

  /** Unwraps the wrappers that futures and the SDK's async machinery put around the real cause. */
  public static Throwable unwrap(Throwable t) {
    Throwable cur = t;
    while ((cur instanceof CompletionException || cur instanceof ExecutionException)
        && cur.getCause() != null) {
      cur = cur.getCause();
    }
    return cur;
  }

  /**
   * Maps a failure of a Converse or ConverseStream call.
   *
   * @param t what the SDK threw (wrappers are unwrapped)
   * @param fallbackRequestId the request id known from the response headers, for errors that carry
   *     none themselves (exceptions inside an event stream); may be null
   */
  public static StatelineException map(Throwable t, String fallbackRequestId) {
    Throwable e = unwrap(t);
    if (e instanceof StatelineException se) {
      return se;
    }
    if (e instanceof AwsServiceException ase) {
      return mapService(ase, fallbackRequestId);
    }
    if (e instanceof CancellationException) {
      return new CallCancelledException("the Bedrock call was cancelled", REDACTOR.cleanCause(e));
    }
    // Raw or wrapped by the SDK, before any I/O mapping: a body past the size limit is an answer too
    // large (not retried: it would be as large again), not a connection that failed.
    ResponseTooLargeException tooLarge = causeOf(e, ResponseTooLargeException.class);
    if (tooLarge != null) {
      return new ProtocolException("Bedrock sent a response that could not be read: " + tooLarge.getMessage(),
          ErrorInfo.of(PROVIDER), false, null, REDACTOR.cleanCause(e));
    }
    if (e instanceof SdkClientException sce) {
      return mapClient(sce);
    }
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      return new CallCancelledException("interrupted while calling Bedrock", REDACTOR.cleanCause(e));
    }
    if (e instanceof IOException) {
      return transport(e);
    }
    return new ProviderUnavailableException("the Bedrock call failed: " + describe(e),
        ErrorInfo.of(PROVIDER), null, REDACTOR.cleanCause(e));
  }

  private static StatelineException mapService(AwsServiceException original, String fallbackRequestId) {
    AwsErrorDetails details = original.awsErrorDetails();
    String code = REDACTOR.cleanId(details == null ? null : details.errorCode());
    String awsMessage = REDACTOR.clean(details == null ? null : details.errorMessage());
    int status = original.statusCode();
    String requestId = REDACTOR.cleanId(original.requestId() != null ? original.requestId() : fallbackRequestId);
    if (code == null || code.isBlank()) {
      code = original.getClass().getSimpleName();
    }
    // Exceptions inside an event stream are named like their events (throttlingException).
    code = Character.toUpperCase(code.charAt(0)) + code.substring(1);
    ErrorInfo info = new ErrorInfo(PROVIDER, status, requestId, code);
    String message = "Bedrock " + code + (awsMessage == null || awsMessage.isBlank() ? "" : ": " + awsMessage);
    Throwable e = REDACTOR.cleanCause(original);

    switch (code) {
      case "ThrottlingException":
      case "ServiceQuotaExceededException":
      case "TooManyRequestsException":
        return new RateLimitedException(message, info, retryAfter(details), e);
      case "ValidationException":
        if (awsMessage != null && CONTEXT_LENGTH.matcher(awsMessage).find()) {
          return new ContextLengthExceededException(message, info, "messages", e);
        }
        return new InvalidRequestException(message, info, null, e);
      case "ResourceNotFoundException":
        return new InvalidRequestException(message, info, "model", e);
      case "AccessDeniedException":
      case "UnrecognizedClientException":
      case "InvalidSignatureException":
      case "SignatureDoesNotMatchException":
      case "IncompleteSignatureException":
      case "MissingAuthenticationTokenException":
      case "ExpiredTokenException":
      case "InvalidClientTokenId":
        return new AuthenticationException(message, info, e);
      case "ServiceUnavailableException":
      case "ModelNotReadyException":
      case "InternalServerException":
      case "ModelTimeoutException":
      case "ModelErrorException":
      case "ModelStreamErrorException":
      case "RetryableConflictException":
        return new ProviderUnavailableException(message, info, retryAfter(details), e);
      default:
        break;
    }
    // Every other code (ConflictException included) as its status says, the same on every provider.
    return HttpStatusErrors.of(status, message, info, null, retryAfter(details), e);
  }

  private static StatelineException mapClient(SdkClientException original) {
    ErrorInfo info = ErrorInfo.of(PROVIDER);
    Throwable e = REDACTOR.cleanCause(original);
    if (original instanceof ApiCallTimeoutException) {
      return new CallTimeoutException("the Bedrock call's total timeout expired", info,
          CallTimeoutException.Kind.TOTAL, e);
    }
    if (original instanceof ApiCallAttemptTimeoutException) {
      return new CallTimeoutException("the Bedrock call's read timeout expired", info,
          CallTimeoutException.Kind.READ, e);
    }
    if (original instanceof AbortedException || causeOf(original, SdkInterruptedException.class) != null) {
      return new CallCancelledException("the Bedrock call was aborted", e);
    }
    String msg = original.getMessage() == null ? "" : original.getMessage();
    if (msg.contains("Unable to load credentials")) {
      return new AuthenticationException("no AWS credentials could be loaded for Bedrock: "
          + firstLine(msg), info, e);
    }
    // Before the I/O check: the SDK's JSON parser reports a malformed body as an IOException, but
    // it is a malformed answer (not retried), not a connection that failed.
    if (hasJsonSyntaxCause(original)) {
      return new ProtocolException("Bedrock sent a response that could not be read: " + firstLine(msg),
          info, false, null, e);
    }
    for (Throwable c = original.getCause(); c != null; c = c.getCause()) {
      if (c instanceof IOException || isNettyTimeout(c)) {
        return transport(c, e);
      }
    }
    if (msg.contains("Unable to unmarshall") || msg.contains("unmarshall")) {
      return new ProtocolException("Bedrock sent a response that could not be read: " + firstLine(msg),
          info, false, null, e);
    }
    return new ProviderUnavailableException("the Bedrock call failed: " + firstLine(msg), info, null, e);
  }

  private static StatelineException transport(Throwable io) {
    return transport(io, REDACTOR.cleanCause(io));
  }

  /** A transport failure: a connect or read timeout, or a connection that failed. */
  private static StatelineException transport(Throwable io, Throwable cause) {
    ErrorInfo info = ErrorInfo.of(PROVIDER);
    String name = io.getClass().getSimpleName();
    String msg = io.getMessage() == null ? "" : io.getMessage().toLowerCase(Locale.ROOT);
    if (name.equals("ConnectTimeoutException")
        || io instanceof SocketTimeoutException && msg.contains("connect")) {
      return new CallTimeoutException("connecting to Bedrock timed out", info,
          CallTimeoutException.Kind.CONNECT, cause);
    }
    if (io instanceof SocketTimeoutException || name.equals("ReadTimeoutException")) {
      return new CallTimeoutException("reading from Bedrock timed out", info,
          CallTimeoutException.Kind.READ, cause);
    }
    if (io instanceof InterruptedIOException) {
      return new CallCancelledException("interrupted while calling Bedrock", cause);
    }
    return new ProviderUnavailableException("could not reach Bedrock: " + describe(io), info, null, cause);
  }

  private static boolean isNettyTimeout(Throwable t) {
    String name = t.getClass().getSimpleName();
    return name.equals("ReadTimeoutException") || name.equals("ConnectTimeoutException")
        || name.equals("WriteTimeoutException");
  }

  /**
   * The error for a stream that broke after the provider accepted it: a {@link ProtocolException}
   * holding what arrived. It is retryable only if nothing arrived before the break, and never when
   * the stream outgrew the target's response size limit (it would again).
   */
  public static ProtocolException brokenStream(String what, Throwable cause, ChatResponse partial,
      boolean hadContent, String requestId) {
    ErrorInfo info = new ErrorInfo(PROVIDER, 200, requestId,
        cause instanceof StatelineException se ? se.info().errorCode() : null);
    boolean retryable = !hadContent && causeOf(cause, ResponseTooLargeException.class) == null;
    return new ProtocolException(REDACTOR.clean(what), info, retryable, partial, REDACTOR.cleanCause(cause));
  }

  private static Duration retryAfter(AwsErrorDetails details) {
    if (details == null || details.sdkHttpResponse() == null) {
      return null;
    }
    SdkHttpResponse r = details.sdkHttpResponse();
    return RetryAfter.parse(r.firstMatchingHeader("retry-after-ms").orElse(null),
        r.firstMatchingHeader("Retry-After").orElse(null), Instant.now());
  }

  /**
   * True if a JSON parser refused the body's syntax: a Jackson {@code JsonProcessingException} (the
   * SDK's shaded copy, matched by name so as not to depend on the shading) among the causes. A
   * {@code JsonEOFException} does not count: a body that simply ends early was most likely cut by
   * the connection, which stays a (retryable) transport failure.
   */
  private static boolean hasJsonSyntaxCause(Throwable t) {
    for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
      if (c.getClass().getSimpleName().equals("JsonEOFException")) {
        return false;
      }
      for (Class<?> k = c.getClass(); k != null; k = k.getSuperclass()) {
        if (k.getSimpleName().equals("JsonProcessingException")) {
          return true;
        }
      }
    }
    return false;
  }

  private static <T extends Throwable> T causeOf(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + firstLine(m));
  }

  /** The first line of an SDK message, cleaned and cut like all provider text. */
  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return REDACTOR.clean(nl < 0 ? s : s.substring(0, nl));
  }

  /**
   * Appends what an AWS failure says about itself to an error message: the service's error code,
   * its message and the request id, or for a client-side failure its type and message. Used by the
   * AWS session stores so their errors read alike.
   */
  public static void appendDetails(StringBuilder sb, Throwable e) {
    if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null) {
      sb.append(": ").append(REDACTOR.cleanId(ase.awsErrorDetails().errorCode()));
      if (ase.awsErrorDetails().errorMessage() != null) {
        sb.append(" (").append(REDACTOR.clean(ase.awsErrorDetails().errorMessage())).append(')');
      }
      if (ase.requestId() != null) {
        sb.append(" [requestId=").append(REDACTOR.cleanId(ase.requestId())).append(']');
      }
    } else {
      sb.append(": ").append(e.getClass().getSimpleName()).append(": ").append(REDACTOR.clean(e.getMessage()));
    }
  }

  /** A cause as an AWS session store may keep it: see {@link Redactor#cleanCause(Throwable)}. */
  public static Throwable cleanCause(Throwable e) {
    return REDACTOR.cleanCause(e);
  }
}
