/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.squareup.moshi.JsonReader;
import dev.stateline.Cancellation;
import dev.stateline.Target;
import dev.stateline.Timeouts;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.ContentFilteredException;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.RateLimitedException;
import dev.stateline.error.StatelineException;
import dev.stateline.openai.OpenAiApi;
import dev.stateline.placement.CallKind;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The wire SPI composes a provider from hooks, as the Azure provider does: its own URL layout and
 * credential header, a dialect, extra response fields and headers read through the extension.
 */
class HttpChatModelSpiTest {
  @StartStop
  final MockWebServer server = new MockWebServer();

  private final List<String> seen = new ArrayList<>();
  private HttpChatModel model;
  private Target target;

  /** Reads Azure-style filter results and headers, and blocks filtered answers. */
  private final ResponseExtension azureLike = (call, headers) -> {
    seen.add("header x-ratelimit-remaining-requests=" + headers.get("x-ratelimit-remaining-requests"));
    return new ResponseExtension.Reader() {
      boolean filtered;

      @Override
      public boolean readField(ResponseExtension.Scope scope, int index, String name, JsonReader reader,
          boolean streaming) throws IOException {
        if (!name.equals("prompt_filter_results") && !name.equals("content_filter_results")) {
          return false;
        }
        Object value = reader.readJsonValue();
        seen.add(scope + "[" + index + "] " + name + (streaming ? " (stream)" : ""));
        if (value instanceof Map<?, ?> results && results.get("hate") instanceof Map<?, ?> hate
            && Boolean.TRUE.equals(hate.get("filtered"))) {
          filtered = true;
        }
        return true;
      }

      @Override
      public ChatResponse onResponse(ChatResponse response) {
        if (filtered) {
          throw new ContentFilteredException("azure-like: the answer was filtered (hate)",
              new ErrorInfo("azure.ai.openai", 200, response.requestId(), "content_filter"), null);
        }
        return response;
      }

      @Override
      public StatelineException onError(StatelineException error) {
        seen.add("error " + error.getClass().getSimpleName());
        return error;
      }
    };
  };

  @BeforeEach
  void build() {
    model = HttpChatModel.builder()
        .dialect(WireDialect.OPENAI.withProvider("azure.ai.openai").withSendModel(false)
            .withEndUserField("user").withStreamIncludeUsage(false))
        .api(OpenAiApi.CHAT_COMPLETIONS)
        .endpoint((api, deployment) -> server.url("/openai/deployments/" + deployment + "/chat/completions")
            .newBuilder().addQueryParameter("api-version", "2024-10-21").build())
        .auth((request, call) -> request.header("api-key", "azure-key-123"))
        .extension(azureLike)
        .requestIdHeaders("apim-request-id", "x-request-id")
        .build();
    target = Target.builder("azure-swc", model).provider("azure.ai.openai").model("gpt-4.1", "gpt41-prod").build();
  }

  @AfterEach
  void close() {
    model.close();
  }

  private ModelCall call(boolean streaming) {
    return ModelCall.create("c1", ChatRequest.builder().model("gpt-4.1").userMessage("hi").user("u-9").build(),
        streaming, CallKind.STATELESS,
        new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5)), new Cancellation())
        .withTarget(target, 1);
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder().addHeader("Content-Type", "application/json")
        .addHeader("apim-request-id", "apim-1").addHeader("x-ratelimit-remaining-requests", "42").body(body).build();
  }

  @Test
  void givenTheHooks_thenUrlCredentialDialectAndRequestIdFollowThem() throws Exception {
    server.enqueue(json("{\"id\":\"c\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},"
        + "\"finish_reason\":\"stop\"}]}"));

    ChatResponse answer = model.chat(call(false));

    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getTarget()).isEqualTo("/openai/deployments/gpt41-prod/chat/completions?api-version=2024-10-21");
    assertThat(sent.getHeaders().get("api-key")).isEqualTo("azure-key-123");
    assertThat(sent.getHeaders().get("Authorization")).isNull();
    assertThat(sent.getBody().utf8()).isEqualTo("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"user\":\"u-9\"}");
    assertThat(answer.requestId()).isEqualTo("apim-1");
    assertThat(answer.provider()).isEqualTo("azure.ai.openai");
    assertThat(seen).containsExactly("header x-ratelimit-remaining-requests=42");
  }

  @Test
  void givenExtraFieldsInAWholeResponse_thenTheExtensionReadsThemAndMayBlockTheAnswer() {
    server.enqueue(json("""
        {"id":"c","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false}}}],
         "choices":[{"index":0,"message":{"role":"assistant","content":"bad"},"finish_reason":"stop",
           "content_filter_results":{"hate":{"filtered":true,"severity":"high"}}}]}
        """));

    Throwable t = catchThrowable(() -> model.chat(call(false)));

    assertThat(t).isInstanceOf(ContentFilteredException.class);
    assertThat(seen).contains("RESPONSE[-1] prompt_filter_results", "CHOICE[0] content_filter_results");
  }

  @Test
  void givenExtraFieldsInStreamChunks_thenTheExtensionSeesThemAndTheStreamCompletesWithoutUsage() {
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
        .addHeader("apim-request-id", "apim-2").body("""
            data: {"id":"","choices":[],"prompt_filter_results":[{"prompt_index":0,"content_filter_results":{}}]}

            data: {"id":"c","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null,"content_filter_results":{"hate":{"filtered":false}}}]}

            data: {"id":"c","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}

            """).build());

    List<ChatEvent> events = new ArrayList<>();
    try (EventSource source = model.stream(call(true))) {
      ChatEvent e;
      while ((e = source.next()) != null) {
        events.add(e);
      }
    }

    assertThat(seen).contains("RESPONSE[-1] prompt_filter_results (stream)", "CHOICE[0] content_filter_results (stream)");
    // No [DONE], but the request did not ask for usage, so finish_reason completes the answer.
    ChatResponse whole = ((ChatEvent.Completed) events.get(events.size() - 1)).response();
    assertThat(whole.text()).isEqualTo("Hi");
    assertThat(whole.requestId()).isEqualTo("apim-2");
  }

  @Test
  void givenAnError_thenTheExtensionSeesItAndTheGatewayShapeIsRead() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Content-Type", "application/json")
        .addHeader("retry-after-ms", "1200").addHeader("apim-request-id", "apim-3")
        .body("{\"error\":{\"code\":\"429\",\"message\":\"Requests to the ChatCompletions_Create Operation have"
            + " exceeded call rate limit.\"}}").build());

    RateLimitedException e = (RateLimitedException) catchThrowable(() -> model.chat(call(false)));

    assertThat(e.retryAfter()).contains(Duration.ofMillis(1200));
    assertThat(e.requestId()).isEqualTo("apim-3");
    assertThat(e.provider()).isEqualTo("azure.ai.openai");
    assertThat(seen).contains("error RateLimitedException");
  }

  @Test
  void givenAnAuthThatSignsWhatIsSent_thenItSeesTheFinalMethodUrlAndBodyOnEveryAttempt() throws Exception {
    // given: a credential that signs the exact bytes (as SigV4 does), and a model calling through it
    List<String> signed = new ArrayList<>();
    RequestAuth signing = new RequestAuth() {
      @Override
      public void apply(okhttp3.Request.Builder request, ModelCall call) {
        throw new AssertionError("a signing credential must be given the body");
      }

      @Override
      public void apply(okhttp3.Request.Builder request, ModelCall call, String method, okhttp3.HttpUrl url,
          okio.ByteString body) {
        signed.add(method + " " + url.encodedPath() + " #" + call.attempt());
        request.header("X-Body-Sha256", body.sha256().hex());
      }
    };
    HttpChatModel signingModel = HttpChatModel.builder().api(OpenAiApi.RESPONSES)
        .endpoint((api, m) -> server.url("/openai/v1/responses")).auth(signing).build();
    try {
      Target t = Target.builder("signed", signingModel).model("gpt-4.1").build();
      server.enqueue(new MockResponse.Builder().code(503).body("{}").build());
      server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body(
          "{\"id\":\"resp_1\",\"status\":\"completed\",\"output\":[]}").build());
      ModelCall first = call(false).withTarget(t, 1);

      // when: the first attempt fails and a second one is made
      catchThrowable(() -> signingModel.chat(first));
      signingModel.chat(first.withTarget(t, 2));

      // then: each attempt was signed afresh, over the bytes that were sent
      assertThat(signed).containsExactly("POST /openai/v1/responses #1", "POST /openai/v1/responses #2");
      for (int i = 0; i < 2; i++) {
        RecordedRequest sent = server.takeRequest();
        assertThat(sent.getHeaders().get("X-Body-Sha256")).isEqualTo(sent.getBody().sha256().hex());
      }
    } finally {
      signingModel.close();
    }
  }

  @Test
  void givenAnOpenAiStyleBase_thenOperationsResolveUnderIt() {
    Endpoint withSlash = Endpoint.openAiStyle(okhttp3.HttpUrl.get("https://gateway.example/openai/v1/"));
    Endpoint withoutSlash = Endpoint.openAiStyle(okhttp3.HttpUrl.get("https://gateway.example/openai/v1"));

    for (Endpoint e : List.of(withSlash, withoutSlash)) {
      assertThat(e.url(OpenAiApi.CHAT_COMPLETIONS, "m").toString())
          .isEqualTo("https://gateway.example/openai/v1/chat/completions");
      assertThat(e.url(OpenAiApi.RESPONSES, "m").toString()).isEqualTo("https://gateway.example/openai/v1/responses");
    }
  }

  @Test
  void givenTheDecodersDirectly_thenTheyWorkWithoutHttp() throws IOException {
    okio.Buffer body = new okio.Buffer().writeUtf8("{\"id\":\"x\",\"choices\":[{\"index\":0,\"message\":{\"content\":\"hey\"}}]}");
    DecodedResponse decoded = ChatCompletionsDecoder.decode(JsonReader.of(body), ResponseExtension.Reader.NONE);

    assertThat(decoded.response().text()).isEqualTo("hey");
    assertThat(new ChatCompletionsEncoder(WireDialect.OPENAI).encode(ChatRequest.of("a", "b"), "m", true).utf8())
        .isEqualTo("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"b\"}],\"stream\":true,"
            + "\"stream_options\":{\"include_usage\":true}}");
    assertThat(new ErrorMapper("p", s -> s).fromHttp(503, Headers.of(), "r", ""))
        .isInstanceOf(StatelineException.class).satisfies(x -> assertThat(x.isRetryable()).isTrue());
  }
}
