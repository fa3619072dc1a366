/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.fuzz;

import dev.stateline.testing.fuzz.FuzzJson;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.Moshi;
import dev.stateline.error.StatelineException;
import dev.stateline.openai.wire.ErrorMapper;
import dev.stateline.openai.wire.ProviderError;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;
import okhttp3.Headers;
import okio.Buffer;

/**
 * Fuzzes {@link ErrorMapper}: {@link ErrorMapper#parseBody} never throws (as documented) and reads
 * the {@code message} of any JSON object body without an {@code error} member (a gateway's
 * {@code {"statusCode": 401, "message": "..."}}), and
 * {@link ErrorMapper#fromHttp}, {@link ErrorMapper#fromError} and {@link ErrorMapper#fromIo} always
 * return an exception instead of throwing one, for any status, {@code Retry-After} /
 * {@code retry-after-ms} header, body and I/O failure. The messages mapped from what the provider
 * said are one line and never show a secret: neither the credential's (which the redactor knows)
 * nor anything shaped like an OpenAI key.
 */
class ErrorMapperFuzzTest {
  private static final String SECRET = "AzureKey0123456789abcdef";
  private static final Pattern KEY_LIKE = Pattern.compile("sk-[A-Za-z0-9_*.\\-]{3,}");
  private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class);
  private static final ErrorMapper MAPPER =
      new ErrorMapper("openai", text -> text.replace(SECRET, "***"));

  private static final String[] NAMES = {
    "error", "message", "code", "statusCode", "type", "param", "context_length_exceeded",
    "content_filter", "content_policy_violation", "insufficient_quota", "rate_limit_exceeded",
    "requests", "tokens", "invalid_api_key", "authentication_error", "permission_error",
    "invalid_request_error", "invalid_prompt", "server_error", "sk-live-abcdefXYZ012",
    "key sk-proj-AAAA_bbbb.cc-dd here", SECRET, "Bearer " + SECRET
  };
  private static final int[] STATUSES = {0, 200, 204, 400, 401, 403, 404, 408, 409, 413, 422, 429, 500, 502, 503};
  private static final String[] WAITS = {
    "0", "1", "1.5", "-1", "20", "99999999999999999999999", "1e3", "0x10", " 7 ", "",
    "Wed, 21 Oct 2015 07:28:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "Mon, 01 Jan 0001 00:00:00 GMT"
  };

  @FuzzTest(maxDuration = "10m")
  void mapErrors(FuzzedDataProvider data) {
    int status = data.consumeBoolean() ? data.pickValue(STATUSES) : data.consumeInt(-1, 1000);
    Headers headers = headers(data);
    // The request id is the server's (x-request-id): shown in messages as it is, so a plain token here.
    String requestId = data.consumeBoolean() ? "req_" + Long.toHexString(data.consumeLong()) : null;
    String body = data.consumeInt(0, 2) == 0 ? WireInput.text(data) : FuzzJson.document(data, NAMES);

    ProviderError parsed = ErrorMapper.parseBody(body);
    assertThat(parsed).isNotNull();
    Object json = strictJson(body);
    if (json instanceof Map<?, ?> top && !top.containsKey("error") && top.get("message") instanceof String said) {
      // A gateway's {"statusCode": 401, "message": "..."} and the like: the message is the provider's.
      assertThat(parsed.message()).as("the message of a JSON error body").isEqualTo(said);
    }

    checkRedacted(MAPPER.fromHttp(status, headers, requestId, body));
    checkRedacted(MAPPER.fromError(status, requestId, parsed, null));
    StatelineException io = MAPPER.fromIo(ioFailure(data), null, data.consumeBoolean(), requestId);
    assertThat(io).isNotNull();
  }

  /** The body as a JSON value (objects as maps), or null if it is not one well-formed JSON document. */
  private static Object strictJson(String body) {
    try {
      JsonReader reader = JsonReader.of(new Buffer().writeUtf8(body));
      Object value = JSON.fromJson(reader);
      return reader.peek() == JsonReader.Token.END_DOCUMENT ? value : null;
    } catch (IOException | JsonDataException notJson) {
      return null;
    }
  }

  private static void checkRedacted(StatelineException e) {
    assertThat(e).isNotNull();
    String message = e.getMessage();
    assertThat(message).doesNotContain(SECRET).doesNotContain("\n").doesNotContain("\r");
    Matcher m = KEY_LIKE.matcher(message);
    while (m.find()) {
      assertThat(m.group()).as("key-like text in an error message").isEqualTo("sk-***");
    }
  }

  private static Headers headers(FuzzedDataProvider data) {
    Headers.Builder b = new Headers.Builder();
    for (String name : new String[] {"retry-after-ms", "retry-after"}) {
      switch (data.consumeInt(0, 2)) {
        case 0 -> { }
        case 1 -> addLenient(b, name, data.pickValue(WAITS));
        default -> addLenient(b, name, WireInput.ascii(data, 40));
      }
    }
    return b.build();
  }

  /** Adds a header; values OkHttp itself refuses (control characters) are not sent, so skipped. */
  private static void addLenient(Headers.Builder b, String name, String value) {
    try {
      b.add(name, value);
    } catch (IllegalArgumentException notAHeader) {
      // OkHttp would never hand such a response header to the mapper.
    }
  }

  private static IOException ioFailure(FuzzedDataProvider data) {
    String message = data.consumeBoolean() ? WireInput.text(data, 40) : null;
    return switch (data.consumeInt(0, 5)) {
      case 0 -> new SocketTimeoutException(message);
      case 1 -> new SocketTimeoutException(message == null ? "connect timed out" : "Connect: " + message);
      case 2 -> new InterruptedIOException("timeout");
      case 3 -> new SSLHandshakeException(String.valueOf(message));
      case 4 -> new ConnectException(message);
      default -> new EOFException(message);
    };
  }
}
