/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai;

import dev.stateline.Cancellation;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.Timeouts;
import dev.stateline.chat.ChatRequest;
import dev.stateline.placement.CallKind;
import dev.stateline.spi.ModelCall;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/** Shared test helpers: targets on a local server, calls, canned responses. */
final class Fixtures {
  /** A key shaped like a real one, so that redaction of {@code sk-...} text is exercised. */
  static final String KEY = "sk-test-4f1c9a7be2d84c0e9b6a";

  static final Timeouts FAST = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5));

  private Fixtures() {}

  /** A Chat Completions target on {@code server}, serving alias "gpt-4.1" as "gpt-4.1-2025-04-14". */
  static OpenAi.TargetBuilder target(MockWebServer server) {
    return OpenAi.target("openai")
        .apiKey(KEY)
        .baseUrl(server.url("/v1/"))
        .model("gpt-4.1", "gpt-4.1-2025-04-14");
  }

  static ModelCall call(Target target, ChatRequest request, boolean streaming) {
    return call(target, request, streaming, FAST, new Cancellation());
  }

  static ModelCall call(Target target, ChatRequest request, boolean streaming, Timeouts timeouts,
      Cancellation cancellation) {
    return ModelCall.create("call_test", request, streaming, CallKind.STATELESS, timeouts, cancellation)
        .withTarget(target, 1);
  }

  static StatelineClient client(Target target, RetryPolicy retries) {
    return StatelineClient.builder().target(target).retryPolicy(retries).timeouts(FAST).build();
  }

  /** Retries with backoffs of a millisecond or so. */
  static RetryPolicy fastRetries(int maxAttempts) {
    return RetryPolicy.builder()
        .maxAttempts(maxAttempts)
        .initialBackoff(Duration.ofMillis(1))
        .maxBackoff(Duration.ofMillis(2))
        .build();
  }

  /** JSON with its insignificant whitespace (outside strings) removed. */
  static String compact(String pretty) {
    StringBuilder sb = new StringBuilder(pretty.length());
    boolean inString = false;
    for (int i = 0; i < pretty.length(); i++) {
      char c = pretty.charAt(i);
      if (inString) {
        sb.append(c);
        if (c == '\\') {
          sb.append(pretty.charAt(++i));
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
        sb.append(c);
      } else if (!Character.isWhitespace(c)) {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  static MockResponse json(int status, String body) {
    return new MockResponse.Builder()
        .code(status)
        .addHeader("Content-Type", "application/json")
        .addHeader("x-request-id", "req_123")
        .body(body)
        .build();
  }

  /** A text/event-stream body of the given raw SSE text. */
  static MockResponse sse(String body) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "text/event-stream")
        .addHeader("x-request-id", "req_sse")
        .body(body)
        .build();
  }

  static final String CHAT_OK = compact("""
      {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "model": "gpt-4.1-2025-04-14",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello!"}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 9, "completion_tokens": 2, "total_tokens": 11}
      }
      """);
}
