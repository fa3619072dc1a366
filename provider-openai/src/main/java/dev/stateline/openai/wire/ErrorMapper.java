/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.wire;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.AuthenticationException;
import dev.stateline.error.CallCancelledException;
import dev.stateline.error.CallTimeoutException;
import dev.stateline.error.ContentFilteredException;
import dev.stateline.error.ContextLengthExceededException;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.InvalidRequestException;
import dev.stateline.error.ProtocolException;
import dev.stateline.error.ProviderUnavailableException;
import dev.stateline.error.RateLimitedException;
import dev.stateline.error.StatelineException;
import dev.stateline.error.StoredResponseNotFoundException;
import dev.stateline.openai.internal.JsonIo;
import dev.stateline.spi.HttpStatusErrors;
import dev.stateline.spi.ModelCall;
import dev.stateline.spi.Redactor;
import dev.stateline.spi.RetryAfter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.Headers;
import okio.Buffer;

/**
 * Maps what went wrong on the OpenAI wire to Stateline's error types.
 *
 * <table>
 *   <caption>HTTP status and provider code to exception</caption>
 *   <tr><th>status / code</th><th>exception</th><th>retryable</th></tr>
 *   <tr><td>code {@code context_length_exceeded}</td><td>{@link ContextLengthExceededException}</td><td>no</td></tr>
 *   <tr><td>code {@code content_filter}, {@code content_policy_violation}</td><td>{@link ContentFilteredException}</td><td>no</td></tr>
 *   <tr><td>code {@code previous_response_not_found}</td><td>{@link StoredResponseNotFoundException}</td><td>no</td></tr>
 *   <tr><td>code {@code insufficient_quota} (a 429 that waiting does not fix)</td><td>{@link StatelineException}</td><td>no</td></tr>
 *   <tr><td>any other status</td><td>as {@link HttpStatusErrors} says, the one table of every provider
 *       (4xx {@link InvalidRequestException} with the param, 401/403 {@link AuthenticationException},
 *       408/409/5xx {@link ProviderUnavailableException}, 429 {@link RateLimitedException} with
 *       {@code retry-after-ms} / {@code Retry-After})</td><td>as the table says</td></tr>
 *   <tr><td>an error inside a 200 body or a stream</td><td>by type and code, else {@link ProviderUnavailableException}</td><td>varies</td></tr>
 * </table>
 *
 * <p>I/O failures: a connect timeout is a {@link CallTimeoutException} {@code CONNECT}, a read timeout
 * {@code READ}, the attempt's total budget {@code TOTAL}; a refused or reset connection or an unknown
 * host is a {@link ProviderUnavailableException}; a cancelled call a {@link CallCancelledException},
 * and so is a call that was in flight when its model was {@linkplain #closed closed}.
 *
 * <p>Every error carries an {@link ErrorInfo} with the provider, status, request id, provider code
 * and (when the provider names it) processing region. Everything the provider or a proxy sent
 * (message, code, type, param) passes through the {@link Redactor} first: credentials are replaced
 * (the patterns every provider shares, and whatever the {@linkplain RequestAuth#redact credential}
 * knows), control characters neutralised, text cut to {@value #MAX_MESSAGE_CHARS} characters; a
 * cause whose message held a secret is replaced by a redacted copy.
 *
 * <p>Part of the provider SPI. Immutable and thread-safe.
 */
public final class ErrorMapper {
  /** Provider messages longer than this are cut, with an ellipsis: {@link Redactor#MAX_TEXT_CHARS}. */
  public static final int MAX_MESSAGE_CHARS = Redactor.MAX_TEXT_CHARS;
  private static final JsonReader.Options TOP =
      JsonReader.Options.of("error", "message", "code", "statusCode", "type", "param");

  private final String provider;
  private final UnaryOperator<String> redactor;
  private final Redactor shared;
  private final String processingRegion;

  /**
   * @param provider the provider name put in every {@link ErrorInfo}
   * @param redactor removes the credential's secrets from text before the shared {@link Redactor}
   *     runs; {@code UnaryOperator.identity()} if the credential holds no static secret
   */
  public ErrorMapper(String provider, UnaryOperator<String> redactor) {
    this(provider, redactor, Redactor.standard(), null);
  }

  /**
   * @param provider the provider name put in every {@link ErrorInfo}
   * @param redactor the redactor for this target (the shared patterns plus its own secrets)
   */
  public ErrorMapper(String provider, Redactor redactor) {
    this(provider, UnaryOperator.identity(), Objects.requireNonNull(redactor, "redactor"), null);
  }

  private ErrorMapper(String provider, UnaryOperator<String> redactor, Redactor shared, String processingRegion) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.redactor = Objects.requireNonNull(redactor, "redactor");
    this.shared = shared;
    this.processingRegion = processingRegion;
  }

  /**
   * This mapper, putting {@code processingRegion} (where the provider says it processed the call,
   * such as Azure's {@code x-ms-region}; cleaned like all provider text) into every error it makes.
   */
  public ErrorMapper withProcessingRegion(String processingRegion) {
    return new ErrorMapper(provider, redactor, shared, shared.cleanId(redactor.apply(processingRegion)));
  }

  /** The processing region this mapper puts into errors, or null. */
  public String processingRegion() {
    return processingRegion;
  }

  public String provider() {
    return provider;
  }

  /**
   * Maps a non-2xx HTTP response.
   *
   * @param status the HTTP status
   * @param headers the response headers (for {@code retry-after-ms} and {@code Retry-After})
   * @param requestId the provider's request id, or null
   * @param body the response body as text, possibly empty or not JSON
   */
  public StatelineException fromHttp(int status, Headers headers, String requestId, String body) {
    Duration retryAfter = RetryAfter.parse(headers.get("retry-after-ms"), headers.get("retry-after"), Instant.now());
    return fromError(status, requestId, parseBody(body), retryAfter);
  }

  /**
   * Maps a provider error.
   *
   * @param status the HTTP status, or 0 for an error that arrived inside a stream or a 200 body
   * @param requestId the provider's request id, or null
   * @param error what the provider said; null or empty if it said nothing useful
   * @param retryAfter the wait the provider asked for, or null
   */
  public StatelineException fromError(int status, String requestId, ProviderError error, Duration retryAfter) {
    ProviderError e = error == null ? new ProviderError(null, null, null, null) : error;
    String code = lower(e.code());
    String type = lower(e.type());
    ErrorInfo info = info(status, requestId, cleanId(e.code() != null ? e.code() : e.type()));
    String said = said(e);
    String param = cleanId(e.param());

    if ("context_length_exceeded".equals(code)) {
      return new ContextLengthExceededException(
          provider + ": the conversation does not fit in the model's context window" + said, info, param, null);
    }
    if ("content_filter".equals(code) || "content_policy_violation".equals(code)) {
      return new ContentFilteredException(provider + ": the content filter blocked the call" + said, info, null);
    }
    if ("previous_response_not_found".equals(code)) {
      return new StoredResponseNotFoundException(provider + ": the stored response the call continues from was"
          + " not found (expired, deleted, never stored, or kept elsewhere)" + said, info, null, null);
    }
    if ("insufficient_quota".equals(code) || "insufficient_quota".equals(type)) {
      // A 429 that waiting does not fix: the account is out of credit. Not retryable, and not a
      // RateLimitedException, which the retry policy would retry.
      return new StatelineException(provider + ": the account's quota is exhausted" + said, info, false, null);
    }
    if (status == 0 || (status >= 200 && status < 300)) {
      return fromPayloadOnly(info, type, code, param, said, retryAfter);
    }
    return HttpStatusErrors.of(status, provider + ": " + HttpStatusErrors.describe(status) + said, info, param,
        retryAfter, null);
  }

  private StatelineException fromPayloadOnly(
      ErrorInfo info, String type, String code, String param, String said, Duration retryAfter) {
    if ("rate_limit_exceeded".equals(code) || "rate_limit_exceeded".equals(type)
        || "requests".equals(type) || "tokens".equals(type)) {
      return new RateLimitedException(provider + ": rate limited" + said, info, retryAfter, null);
    }
    if ("invalid_api_key".equals(code) || "authentication_error".equals(type)
        || "permission_error".equals(type)) {
      return new AuthenticationException(provider + ": the credential was refused" + said, info, null);
    }
    if ("invalid_request_error".equals(type) || "invalid_prompt".equals(code)) {
      return new InvalidRequestException(provider + ": the request was rejected" + said, info, param, null);
    }
    return new ProviderUnavailableException(provider + ": the service reported an error" + said, info, retryAfter, null);
  }

  /**
   * Maps an I/O failure of an attempt.
   *
   * @param io the failure
   * @param call the attempt, for its timeouts and remaining budget
   * @param cancelled true if the caller cancelled or closed the call
   * @param requestId the request id if response headers had arrived, else null
   */
  public StatelineException fromIo(IOException io, ModelCall call, boolean cancelled, String requestId) {
    ErrorInfo info = info(0, requestId, null);
    Throwable e = shared.cleanCause(io);
    if (cancelled) {
      return new CallCancelledException(provider + ": the call was cancelled", e);
    }
    boolean socketTimeout = io instanceof SocketTimeoutException;
    if (!socketTimeout && io instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
      return new CallCancelledException(provider + ": the calling thread was interrupted", e);
    }
    boolean callTimeout = !socketTimeout && io instanceof InterruptedIOException
        && "timeout".equals(io.getMessage());
    if (callTimeout || (call != null && call.expired() && io instanceof InterruptedIOException)) {
      return timeout(CallTimeoutException.Kind.TOTAL, call, requestId, e);
    }
    if (socketTimeout) {
      String m = String.valueOf(io.getMessage()).toLowerCase(Locale.ROOT);
      return timeout(m.contains("connect") ? CallTimeoutException.Kind.CONNECT : CallTimeoutException.Kind.READ,
          call, requestId, e);
    }
    if (io instanceof SSLPeerUnverifiedException
        || (io instanceof SSLHandshakeException && hasCause(io, CertificateException.class))) {
      return new StatelineException(provider + ": the server's TLS certificate was not trusted: "
          + clean(String.valueOf(io.getMessage())), info, false, e);
    }
    return new ProviderUnavailableException(provider + ": the connection failed ("
        + io.getClass().getSimpleName() + ": " + clean(String.valueOf(io.getMessage())) + ")", info, null, e);
  }

  /**
   * The error of an attempt that was in flight (or a stream that was open) when its model was closed,
   * with {@code StatelineClient.close()}: a {@link CallCancelledException}, not retryable.
   *
   * @param cause what the close interrupted, or null
   */
  public CallCancelledException closed(Throwable cause) {
    return new CallCancelledException(provider + ": the target was closed while the call was in flight",
        shared.cleanCause(cause));
  }

  /**
   * The error of an attempt that ran out of one of its timeouts: {@code CONNECT}, {@code READ}
   * (retryable) or {@code TOTAL} (not retryable), its message naming the timeout's value.
   *
   * @param call the attempt, for its timeouts; may be null
   * @param requestId the request id if response headers had arrived, else null
   * @param cause what the timeout interrupted, or null
   */
  public CallTimeoutException timeout(CallTimeoutException.Kind kind, ModelCall call, String requestId, Throwable cause) {
    ErrorInfo info = info(0, requestId, null);
    Throwable c = shared.cleanCause(cause);
    return switch (kind) {
      case CONNECT -> new CallTimeoutException(provider + ": connecting timed out"
          + (call == null ? "" : " (connect timeout " + call.timeouts().connect() + ")"), info, kind, c);
      case READ -> new CallTimeoutException(provider + ": reading the response timed out"
          + (call == null ? "" : " (read timeout " + call.timeouts().read() + ")"), info, kind, c);
      case TOTAL -> new CallTimeoutException(provider + ": the call's time budget ran out"
          + (call == null ? "" : " (total timeout " + call.timeouts().total() + ")"), info, kind, c);
    };
  }

  /**
   * A broken-protocol error.
   *
   * @param what what was wrong, without secrets
   * @param status the HTTP status, or 0
   * @param requestId the request id, or null
   * @param retryable true only if nothing of the answer had reached the caller
   * @param partial what arrived before the break, or null
   */
  public ProtocolException protocol(
      String what, int status, String requestId, boolean retryable, ChatResponse partial, Throwable cause) {
    return new ProtocolException(provider + ": " + clean(what), info(status, requestId, null), retryable, partial,
        shared.cleanCause(cause));
  }

  /**
   * Reads an error body: {@code {"error": {...}}}, {@code {"error": "text"}}, a gateway's
   * {@code {"statusCode": 401, "message": "..."}}, or anything else (then its first line is the
   * message). Never throws.
   */
  public static ProviderError parseBody(String body) {
    if (body == null || body.isBlank()) {
      return new ProviderError(null, null, null, null);
    }
    String trimmed = body.strip();
    if (trimmed.startsWith("{")) {
      try {
        JsonReader reader = JsonReader.of(new Buffer().writeUtf8(trimmed));
        ProviderError nested = null;
        String message = null;
        String code = null;
        String type = null;
        String param = null;
        reader.beginObject();
        while (reader.hasNext()) {
          switch (reader.selectName(TOP)) {
            case 0 -> nested = ProviderError.read(reader);
            case 1 -> message = JsonIo.nextStringOrNull(reader);
            case 2 -> code = JsonIo.nextStringOrNull(reader);
            case 3 -> {
              // Read the value even when "code" already gave the code: the reader must move on.
              String statusCode = JsonIo.nextStringOrNull(reader);
              code = code != null ? code : statusCode;
            }
            case 4 -> type = JsonIo.nextStringOrNull(reader);
            case 5 -> param = JsonIo.nextStringOrNull(reader);
            default -> {
              reader.skipName();
              reader.skipValue();
            }
          }
        }
        if (nested != null && !nested.isEmpty()) {
          return nested;
        }
        return new ProviderError(message, type, param, code);
      } catch (IOException | JsonDataException | IllegalStateException e) {
        // Not the JSON it claims to be: fall through to plain text.
      }
    }
    int newline = trimmed.indexOf('\n');
    return new ProviderError(newline < 0 ? trimmed : trimmed.substring(0, newline), null, null, null);
  }

  /** The provider's message, cleaned, as a suffix like {@code " (code): message"}. */
  private String said(ProviderError e) {
    String key = cleanId(e.code() != null ? e.code() : e.type());
    StringBuilder sb = new StringBuilder();
    if (key != null) {
      sb.append(" (").append(key).append(')');
    }
    if (e.message() != null && !e.message().isBlank()) {
      sb.append(": ").append(clean(e.message().strip()));
    }
    return sb.toString();
  }

  private ErrorInfo info(int status, String requestId, String errorCode) {
    return new ErrorInfo(provider, status, requestId, errorCode, processingRegion);
  }

  /** Removes secrets from provider text (the credential's own, then every shared pattern). */
  public String redact(String text) {
    if (text == null) {
      return null;
    }
    String r = redactor.apply(text);
    return shared.redact(r == null ? "" : r);
  }

  /** Provider text made safe for a message: redacted, neutralised, cut to {@value #MAX_MESSAGE_CHARS}. */
  public String clean(String text) {
    return text == null ? null : shared.clean(redactor.apply(text));
  }

  /** A short identifier from the provider (a request id, an error code, a param), made safe; null for null or blank. */
  public String cleanId(String text) {
    return text == null ? null : shared.cleanId(redactor.apply(text));
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t.getCause(); c != null && c != t; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }
}
