/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai;

import static dev.stateline.openai.Fixtures.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stateline.Target;
import dev.stateline.chat.ChatRequest;
import dev.stateline.error.AuthenticationException;
import dev.stateline.error.CallCancelledException;
import dev.stateline.error.CallTimeoutException;
import dev.stateline.error.ContentFilteredException;
import dev.stateline.error.ContextLengthExceededException;
import dev.stateline.error.InvalidRequestException;
import dev.stateline.error.ProtocolException;
import dev.stateline.error.ProviderUnavailableException;
import dev.stateline.error.RateLimitedException;
import dev.stateline.error.StatelineException;
import dev.stateline.openai.wire.ErrorMapper;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.function.UnaryOperator;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every way a call can fail maps to one Stateline error type, with the provider's details kept. */
class ErrorMappingTest {
  @StartStop
  final MockWebServer server = new MockWebServer();

  private Target target;

  @AfterEach
  void close() {
    if (target != null) {
      target.chatModel().close();
    }
  }

  private Throwable chatFails(MockResponse response) {
    return chatFails(response, false);
  }

  private Throwable chatFails(MockResponse response, boolean stream) {
    server.enqueue(response);
    target = target == null ? Fixtures.target(server).maxResponseBytes(4096).build() : target;
    return catchThrowable(() -> {
      if (stream) {
        target.chatModel().stream(call(target, ChatRequest.of("gpt-4.1", "hi"), true)).next();
      } else {
        target.chatModel().chat(call(target, ChatRequest.of("gpt-4.1", "hi"), false));
      }
    });
  }

  private static String errorBody(String type, String code, String param, String message) {
    return "{\"error\":{\"message\":\"" + message + "\",\"type\":" + quote(type) + ",\"param\":" + quote(param)
        + ",\"code\":" + quote(code) + "}}";
  }

  private static String quote(String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }

  @ParameterizedTest(name = "HTTP {0} code={2} -> {4}")
  @CsvSource(nullValues = "null", value = {
      "400, invalid_request_error, null, messages, InvalidRequestException, false",
      "400, invalid_request_error, context_length_exceeded, messages, ContextLengthExceededException, false",
      "400, invalid_request_error, content_filter, prompt, ContentFilteredException, false",
      "400, invalid_request_error, content_policy_violation, null, ContentFilteredException, false",
      "401, invalid_request_error, invalid_api_key, null, AuthenticationException, false",
      "403, permission_error, unsupported_country_region_territory, null, AuthenticationException, false",
      "404, invalid_request_error, model_not_found, model, InvalidRequestException, false",
      "408, null, null, null, ProviderUnavailableException, true",
      "409, null, null, null, ProviderUnavailableException, true",
      "422, invalid_request_error, null, null, InvalidRequestException, false",
      "429, requests, rate_limit_exceeded, null, RateLimitedException, true",
      "429, insufficient_quota, insufficient_quota, null, StatelineException, false",
      "500, server_error, null, null, ProviderUnavailableException, true",
      "502, null, null, null, ProviderUnavailableException, true",
      "503, server_error, null, null, ProviderUnavailableException, true"})
  void givenAnHttpError_thenItMapsToItsTypeWithStatusRequestIdCodeAndParam(
      int status, String type, String code, String param, String expectedType, boolean retryable) {
    Throwable t = chatFails(Fixtures.json(status, errorBody(type, code, param, "Something about " + status)));

    assertThat(t.getClass().getSimpleName()).isEqualTo(expectedType);
    StatelineException e = (StatelineException) t;
    assertThat(e.isRetryable()).isEqualTo(retryable);
    assertThat(e.statusCode()).isEqualTo(status);
    assertThat(e.requestId()).isEqualTo("req_123");
    assertThat(e.provider()).isEqualTo("openai");
    assertThat(e.info().errorCode()).isEqualTo(code != null ? code : type);
    assertThat(e.getMessage()).contains("Something about " + status).contains("requestId=req_123");
    if (e instanceof InvalidRequestException invalid) {
      assertThat(invalid.param()).isEqualTo(param);
    }
  }

  @Test
  void givenA429WithRetryAfterSeconds_thenTheWaitIsKept() {
    RateLimitedException e = (RateLimitedException) chatFails(Fixtures.json(429,
        errorBody("requests", "rate_limit_exceeded", null, "slow down")).newBuilder()
        .addHeader("Retry-After", "7").build());

    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
  }

  @Test
  void givenBothRetryAfterHeaders_thenTheMillisecondOneWins() {
    RateLimitedException e = (RateLimitedException) chatFails(Fixtures.json(429,
        errorBody("tokens", "rate_limit_exceeded", null, "slow down")).newBuilder()
        .addHeader("retry-after-ms", "250").addHeader("Retry-After", "7").build());

    assertThat(e.retryAfter()).contains(Duration.ofMillis(250));
  }

  @Test
  void givenA503WithRetryAfter_thenProviderUnavailableKeepsTheWait() {
    ProviderUnavailableException e = (ProviderUnavailableException) chatFails(Fixtures.json(503,
        errorBody("server_error", null, null, "overloaded")).newBuilder().addHeader("Retry-After", "2").build());

    assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
  }

  @Test
  void givenAHugeProviderMessage_thenTheExceptionMessageIsTruncated() {
    String huge = "x".repeat(3000);
    InvalidRequestException e = (InvalidRequestException) chatFails(Fixtures.json(400,
        errorBody("invalid_request_error", null, null, huge)));

    assertThat(e.getMessage()).contains("x".repeat(ErrorMapper.MAX_MESSAGE_CHARS) + "...")
        .doesNotContain("x".repeat(ErrorMapper.MAX_MESSAGE_CHARS + 1));
  }

  @Test
  void givenAGatewayHtmlPage_thenTheStatusStillMaps() {
    Throwable t = chatFails(new MockResponse.Builder().code(502).addHeader("Content-Type", "text/html")
        .body("<html>\n<body>Bad gateway</body></html>").build());

    assertThat(t).isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("<html>");
  }

  @Test
  void givenA200WhoseBodyIsAnErrorObject_thenTheTypedError() {
    Throwable t = chatFails(Fixtures.json(200, errorBody("server_error", null, null, "The model is overloaded")));

    assertThat(t).isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("overloaded");
  }

  @Test
  void givenA200OfANonJsonContentType_thenProtocolException() {
    Throwable t = chatFails(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html")
        .body("<html>login page</html>").build());

    assertThat(t).isInstanceOf(ProtocolException.class).hasMessageContaining("text/html");
    assertThat(((ProtocolException) t).isRetryable()).isFalse();
  }

  @Test
  void givenMalformedJson_thenProtocolExceptionNotRetryable() {
    Throwable t = chatFails(Fixtures.json(200, "{\"id\":\"c\",\"choices\":[{\"index\":0,,}]}"));

    assertThat(t).isInstanceOf(ProtocolException.class).hasMessageContaining("malformed JSON");
    assertThat(((ProtocolException) t).isRetryable()).isFalse();
  }

  @Test
  void givenJsonCutShort_thenProtocolException() {
    Throwable t = chatFails(Fixtures.json(200, "{\"id\":\"c\",\"choices\":[{\"index\":0,\"message\":{\"content\":\"Hel"));

    assertThat(t).isInstanceOf(ProtocolException.class);
  }

  @Test
  void givenJsonOfTheWrongShape_thenProtocolException() {
    assertThat(chatFails(Fixtures.json(200, "[1,2,3]"))).isInstanceOf(ProtocolException.class);
  }

  @Test
  void givenABodyLargerThanTheLimit_thenProtocolExceptionWithOrWithoutContentLength() {
    String big = "{\"id\":\"" + "a".repeat(10_000) + "\",\"choices\":[]}";
    assertThat(chatFails(Fixtures.json(200, big)))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("limit");
    assertThat(chatFails(Fixtures.json(200, "x").newBuilder().chunkedBody(big, 512).build()))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("limit");
  }

  @Test
  void givenAStreamedCallAnsweredByAJsonErrorWith200_thenTheTypedError() {
    Throwable t = chatFails(Fixtures.json(200, errorBody("invalid_request_error", "context_length_exceeded",
        "messages", "too long")), true);

    assertThat(t).isInstanceOf(ContextLengthExceededException.class);
  }

  @Test
  void givenAStreamedCallAnsweredByPlainJson_thenProtocolException() {
    Throwable t = chatFails(Fixtures.json(200, Fixtures.CHAT_OK), true);

    assertThat(t).isInstanceOf(ProtocolException.class).hasMessageContaining("text/event-stream");
  }

  @Test
  void givenAStreamLargerThanTheLimit_thenProtocolException() {
    String event = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + "z".repeat(1000) + "\"}}]}\n\n";
    ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> {
      server.enqueue(Fixtures.sse("").newBuilder().chunkedBody(event.repeat(40), 1024).build());
      target = Fixtures.target(server).maxResponseBytes(20_000).build();
      var source = target.chatModel().stream(call(target, ChatRequest.of("gpt-4.1", "hi"), true));
      while (source.next() != null) {
        // drain
      }
    });

    assertThat(e).hasMessageContaining("limit");
    assertThat(e.partialText()).startsWith("zzz");
  }

  @Test
  void givenNothingListening_thenProviderUnavailable() throws Exception {
    int port = server.getPort();
    server.close();
    target = OpenAi.target("openai").apiKey(Fixtures.KEY).baseUrl("http://127.0.0.1:" + port + "/v1/")
        .model("gpt-4.1").build();

    Throwable t = catchThrowable(() -> target.chatModel().chat(call(target, ChatRequest.of("gpt-4.1", "hi"), false)));

    assertThat(t).isInstanceOf(ProviderUnavailableException.class);
    assertThat(((StatelineException) t).isRetryable()).isTrue();
  }

  @Test
  void givenIoFailures_thenEachMapsToItsType() {
    ErrorMapper mapper = new ErrorMapper("openai", UnaryOperator.identity());

    assertThat(((CallTimeoutException) mapper.fromIo(new SocketTimeoutException("Connect timed out"), null, false, null))
        .kind()).isEqualTo(CallTimeoutException.Kind.CONNECT);
    assertThat(((CallTimeoutException) mapper.fromIo(new SocketTimeoutException("Read timed out"), null, false, null))
        .kind()).isEqualTo(CallTimeoutException.Kind.READ);
    assertThat(((CallTimeoutException) mapper.fromIo(new SocketTimeoutException("timeout"), null, false, null))
        .kind()).isEqualTo(CallTimeoutException.Kind.READ);
    assertThat(((CallTimeoutException) mapper.fromIo(new InterruptedIOException("timeout"), null, false, null))
        .kind()).isEqualTo(CallTimeoutException.Kind.TOTAL);
    assertThat(mapper.fromIo(new ConnectException("Connection refused"), null, false, null))
        .isInstanceOf(ProviderUnavailableException.class);
    assertThat(mapper.fromIo(new SocketException("Connection reset"), null, false, null))
        .isInstanceOf(ProviderUnavailableException.class);
    assertThat(mapper.fromIo(new UnknownHostException("api.example"), null, false, null))
        .isInstanceOf(ProviderUnavailableException.class);
    assertThat(mapper.fromIo(new SocketException("Socket closed"), null, true, null))
        .isInstanceOf(CallCancelledException.class);
  }

  @Test
  void givenErrorBodiesOfOtherShapes_thenTheirMessageAndCodeAreFound() {
    assertThat(ErrorMapper.parseBody("{\"statusCode\": 401, \"message\": \"Access denied due to invalid subscription key.\"}"))
        .satisfies(e -> {
          assertThat(e.message()).startsWith("Access denied");
          assertThat(e.code()).isEqualTo("401");
        });
    assertThat(ErrorMapper.parseBody("{\"error\": \"plain text error\"}").message()).isEqualTo("plain text error");
    assertThat(ErrorMapper.parseBody("{\"error\":{\"code\":\"429\",\"message\":\"Requests to the API have exceeded"
        + " the rate limit\",\"innererror\":{\"x\":1}}}").code()).isEqualTo("429");
    assertThat(ErrorMapper.parseBody("not json\nsecond line").message()).isEqualTo("not json");
    assertThat(ErrorMapper.parseBody("").isEmpty()).isTrue();
  }

  @Test
  void givenAnEmptyErrorBody_thenTheStatusAloneDecides() {
    Throwable t = chatFails(new MockResponse.Builder().code(401).build());

    assertThat(t).isInstanceOf(AuthenticationException.class);
    assertThat(new ErrorMapper("openai", UnaryOperator.identity())
        .fromHttp(400, Headers.of(), null, "{\"error\":{\"code\":\"content_filter\"}}"))
        .isInstanceOf(ContentFilteredException.class);
  }
}
