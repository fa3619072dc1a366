/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai;

import static dev.stateline.openai.Fixtures.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stateline.ChatStream;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.FinishReason;
import dev.stateline.chat.ToolCall;
import dev.stateline.chat.ToolDefinition;
import dev.stateline.chat.Usage;
import dev.stateline.error.ProtocolException;
import dev.stateline.error.ProviderUnavailableException;
import dev.stateline.error.RateLimitedException;
import dev.stateline.spi.EventSource;
import dev.stateline.testing.openai.OpenAiEmulator;
import dev.stateline.testing.openai.Reply;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Chat Completions streamed over server-sent events. */
class StreamingTest {
  private OpenAiEmulator emulator;
  private StatelineClient client;

  @StartStop
  final MockWebServer server = new MockWebServer();

  private Target rawTarget;

  @BeforeEach
  void start() {
    emulator = OpenAiEmulator.create().start();
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (rawTarget != null) {
      rawTarget.chatModel().close();
    }
    emulator.close();
  }

  private StatelineClient client(RetryPolicy retries) {
    client = Fixtures.client(OpenAi.target("openai").apiKey(emulator.apiKey()).baseUrl(emulator.baseUrl())
        .model("gpt-4.1").build(), retries);
    return client;
  }

  private static List<ChatEvent> drain(ChatStream stream) {
    List<ChatEvent> events = new ArrayList<>();
    for (ChatEvent e : stream) {
      events.add(e);
    }
    return events;
  }

  /** Streams from the raw server through the model, bypassing the client. */
  private List<ChatEvent> streamRaw(String sse) {
    server.enqueue(Fixtures.sse(sse));
    rawTarget = Fixtures.target(server).build();
    List<ChatEvent> events = new ArrayList<>();
    try (EventSource source = rawTarget.chatModel().stream(call(rawTarget, ChatRequest.of("gpt-4.1", "hi"), true))) {
      ChatEvent e;
      while ((e = source.next()) != null) {
        events.add(e);
      }
    }
    return events;
  }

  @Test
  void givenAStreamedAnswer_thenTextDeltasThenUsageThenOneCompletedWithTheWholeAnswer() {
    List<ChatEvent> events;
    try (ChatStream stream = client(RetryPolicy.none()).stream(ChatRequest.of("gpt-4.1", "tell me a story"))) {
      events = drain(stream);
    }

    assertThat(emulator.lastRequest().at("stream")).isEqualTo(true);
    assertThat(emulator.lastRequest().at("stream_options.include_usage")).isEqualTo(true);
    assertThat(emulator.lastRequest().header("Accept")).isEqualTo("text/event-stream");

    StringBuilder text = new StringBuilder();
    events.stream().filter(ChatEvent.TextDelta.class::isInstance)
        .forEach(e -> text.append(((ChatEvent.TextDelta) e).text()));
    assertThat(text.toString()).isEqualTo("echo: tell me a story");
    assertThat(events.stream().filter(ChatEvent.TextDelta.class::isInstance).count()).isGreaterThan(1);
    assertThat(events.get(events.size() - 2)).isEqualTo(new ChatEvent.UsageReport(new Usage(4, 0, 5, 0)));
    ChatResponse whole = ((ChatEvent.Completed) events.get(events.size() - 1)).response();
    assertThat(whole.text()).isEqualTo("echo: tell me a story");
    assertThat(whole.usage()).isEqualTo(new Usage(4, 0, 5, 0));
    assertThat(whole.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(whole.id()).startsWith("chatcmpl-emu-");
    assertThat(whole.requestId()).startsWith("req_emu_");
    assertThat(whole.target()).isEqualTo("openai");
  }

  @Test
  void givenParallelToolCallsInterleavedByIndex_thenEachCallIsAssembledWhole() {
    emulator.enqueue(Reply.toolCalls(
        Reply.call("call_w", "weather", "{\"city\":\"Oslo\",\"unit\":\"celsius\"}"),
        Reply.call("call_t", "time", "{\"zone\":\"Europe/Oslo\"}")));
    ChatRequest request = ChatRequest.builder().model("gpt-4.1").userMessage("weather and time in Oslo?")
        .addTool(ToolDefinition.of("weather", "Weather", "{\"type\":\"object\"}"))
        .addTool(ToolDefinition.of("time", "Time", "{\"type\":\"object\"}"))
        .build();

    List<ChatEvent> events;
    try (ChatStream stream = client(RetryPolicy.none()).stream(request)) {
      events = drain(stream);
    }

    List<ChatEvent.ToolCallDelta> deltas = events.stream().filter(ChatEvent.ToolCallDelta.class::isInstance)
        .map(ChatEvent.ToolCallDelta.class::cast).toList();
    assertThat(deltas.get(0)).isEqualTo(new ChatEvent.ToolCallDelta(0, "call_w", "weather", ""));
    assertThat(deltas.get(1)).isEqualTo(new ChatEvent.ToolCallDelta(1, "call_t", "time", ""));
    assertThat(deltas.stream().map(ChatEvent.ToolCallDelta::index).toList()).containsSubsequence(0, 1, 0, 1);
    ChatResponse whole = ((ChatEvent.Completed) events.get(events.size() - 1)).response();
    assertThat(whole.toolCalls()).containsExactly(
        new ToolCall("call_w", "weather", "{\"city\":\"Oslo\",\"unit\":\"celsius\"}"),
        new ToolCall("call_t", "time", "{\"zone\":\"Europe/Oslo\"}"));
    assertThat(whole.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
  }

  @Test
  void givenAStreamCutAfterSomeText_thenProtocolExceptionKeepsThePartialTextAndIsNotRetried() {
    emulator.enqueue(Reply.truncatedStream("The quick brown"));
    ProtocolException e;
    List<String> seen = new ArrayList<>();
    try (ChatStream stream = client(Fixtures.fastRetries(3)).stream(ChatRequest.of("gpt-4.1", "x"))) {
      e = catchThrowableOfType(ProtocolException.class, () -> {
        for (ChatEvent event : stream) {
          if (event instanceof ChatEvent.TextDelta d) {
            seen.add(d.text());
          }
        }
      });
    }

    assertThat(e).isNotNull();
    assertThat(String.join("", seen)).isEqualTo("The quick brown");
    assertThat(e.partialText()).isEqualTo("The quick brown");
    assertThat(e.partialResponse().finishReason()).isEqualTo(FinishReason.OTHER);
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.requestId()).startsWith("req_emu_");
    assertThat(emulator.requestCount()).isEqualTo(1);
  }

  @Test
  void givenAStreamCutBeforeAnyEvent_thenItIsRetryableAndTheRetrySucceeds() {
    emulator.enqueue(Reply.truncatedStream(""), Reply.text("second time lucky"));

    ChatResponse whole;
    try (ChatStream stream = client(Fixtures.fastRetries(2)).stream(ChatRequest.of("gpt-4.1", "x"))) {
      whole = stream.response();
    }

    assertThat(whole.text()).isEqualTo("second time lucky");
    assertThat(whole.attempts()).hasSize(2);
    assertThat(whole.attempts().get(0).errorType()).isEqualTo("ProtocolException");
    assertThat(emulator.requestCount()).isEqualTo(2);
  }

  @Test
  void givenAMalformedChunk_thenProtocolExceptionNotRetryableWithTheTextSoFar() {
    emulator.enqueue(Reply.malformedJson());
    ProtocolException e;
    try (ChatStream stream = client(Fixtures.fastRetries(3)).stream(ChatRequest.of("gpt-4.1", "x"))) {
      e = catchThrowableOfType(ProtocolException.class, () -> drain(stream));
    }

    assertThat(e.getMessage()).contains("malformed JSON");
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.partialText()).isEqualTo("Hel");
  }

  @Test
  void givenAnErrorInsideTheStream_thenTheTypedErrorWithItsCode() {
    emulator.enqueue(Reply.streamError("partial", "server_error", "server_error", "The server had an error"));
    ProviderUnavailableException e;
    try (ChatStream stream = client(RetryPolicy.none()).stream(ChatRequest.of("gpt-4.1", "x"))) {
      e = catchThrowableOfType(ProviderUnavailableException.class, () -> drain(stream));
    }

    assertThat(e.info().errorCode()).isEqualTo("server_error");
    assertThat(e.getMessage()).contains("The server had an error");
    assertThat(e.requestId()).startsWith("req_emu_");
  }

  @Test
  void givenARateLimitErrorInsideTheStream_thenRateLimitedException() {
    List<ChatEvent> before = new ArrayList<>();
    RateLimitedException e = catchThrowableOfType(RateLimitedException.class, () -> before.addAll(streamRaw("""
        data: {"id":"c1","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}

        data: {"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}}

        """)));

    assertThat(e.info().errorCode()).isEqualTo("rate_limit_exceeded");
    assertThat(e.requestId()).isEqualTo("req_sse");
  }

  @Test
  void givenSseVariants_thenDataWithoutSpaceCommentsEventFieldsAndCrlfAreAllRead() {
    List<ChatEvent> events = streamRaw(String.join("\r\n",
        ": keep-alive comment",
        "event: message",
        "data:{\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"A\"}}]}",
        "",
        "id: 7",
        "retry: 1000",
        "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"B\"},\"finish_reason\":\"length\"}],",
        "data:  \"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}",
        "",
        "data: [DONE]",
        "",
        ""));

    assertThat(events).containsExactly(
        new ChatEvent.TextDelta("A"),
        new ChatEvent.TextDelta("B"),
        new ChatEvent.UsageReport(new Usage(3, 0, 2, 0)),
        events.get(3));
    ChatResponse whole = ((ChatEvent.Completed) events.get(3)).response();
    assertThat(whole.text()).isEqualTo("AB");
    assertThat(whole.finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(whole.model()).isEqualTo("m");
  }

  @Test
  void givenFinishReasonAndUsageButNoDone_thenTheAnswerIsCompleteAndAccepted() {
    List<ChatEvent> events = streamRaw("""
        data: {"id":"c1","choices":[{"index":0,"delta":{"content":"Done"},"finish_reason":null}],"usage":null}

        data: {"id":"c1","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":null}

        data: {"id":"c1","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":1}}

        """);

    assertThat(((ChatEvent.Completed) events.get(events.size() - 1)).response().text()).isEqualTo("Done");
  }

  @Test
  void givenFinishReasonButNeitherUsageNorDone_thenTheStreamCountsAsTruncated() {
    ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> streamRaw("""
        data: {"id":"c1","choices":[{"index":0,"delta":{"content":"Almost"},"finish_reason":"stop"}]}

        """));

    assertThat(e.partialText()).isEqualTo("Almost");
    assertThat(e.getMessage()).contains("ended before the answer was complete");
  }

  @Test
  void givenUnknownFieldsAndOtherChoicesInChunks_thenOnlyChoiceZeroCountsAndTheRestIsIgnored() {
    List<ChatEvent> events = streamRaw("""
        data: {"id":"c1","novel":{"deep":[1,2,{"x":null}]},"choices":[{"delta":{"content":"ok","mystery":1},"index":0,"logprobs":null,"finish_reason":null}]}

        data: {"id":"c1","choices":[{"index":1,"delta":{"content":"IGNORED"},"finish_reason":null}]}

        data: {"id":"c1","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"completion_tokens_details":{"reasoning_tokens":0,"new":5}}}

        data: [DONE]

        """);

    assertThat(((ChatEvent.Completed) events.get(events.size() - 1)).response().text()).isEqualTo("ok");
  }
}
