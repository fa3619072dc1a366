/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stateline.Cancellation;
import dev.stateline.Timeouts;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.FinishReason;
import dev.stateline.chat.ResponseFormat;
import dev.stateline.chat.ToolCall;
import dev.stateline.chat.Usage;
import dev.stateline.error.CallCancelledException;
import dev.stateline.error.CallTimeoutException;
import dev.stateline.error.ProtocolException;
import dev.stateline.error.RateLimitedException;
import dev.stateline.spi.EventSource;
import dev.stateline.testing.bedrock.BedrockRecordedRequest;
import dev.stateline.testing.bedrock.BedrockReply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Streamed calls: ConverseStream through the real async SDK client, event-stream framing included. */
class BedrockStreamTest {
  private final BedrockFixture f = new BedrockFixture();

  @AfterEach
  void tearDown() {
    f.close();
  }

  private EventSource open(ChatRequest request) {
    return f.target.chatModel().stream(f.call(request, true));
  }

  static String sha256Hex(String body) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static List<ChatEvent> drain(EventSource source) {
    List<ChatEvent> events = new ArrayList<>();
    ChatEvent e;
    while ((e = source.next()) != null) {
      events.add(e);
    }
    return events;
  }

  private static String text(List<ChatEvent> events) {
    StringBuilder sb = new StringBuilder();
    for (ChatEvent e : events) {
      if (e instanceof ChatEvent.TextDelta t) {
        sb.append(t.text());
      }
    }
    return sb.toString();
  }

  private static ChatResponse completed(List<ChatEvent> events) {
    assertThat(events).last().isInstanceOf(ChatEvent.Completed.class);
    assertThat(events).filteredOn(e -> e instanceof ChatEvent.Completed).hasSize(1);
    return ((ChatEvent.Completed) events.get(events.size() - 1)).response();
  }

  @Test
  void givenATextAnswer_whenStreaming_thenDeltasUsageAndOneCompletedArrive() {
    f.emulator.enqueue(BedrockReply.builder().text("The quick brown fox jumps.").chunkSize(5)
        .usage(12, 5).requestId("req-stream-1").build());

    try (EventSource source = open(ChatRequest.of("gpt-oss", "tell me"))) {
      List<ChatEvent> events = drain(source);

      assertThat(events).filteredOn(e -> e instanceof ChatEvent.TextDelta).hasSizeGreaterThan(1);
      assertThat(text(events)).isEqualTo("The quick brown fox jumps.");
      assertThat(events).filteredOn(e -> e instanceof ChatEvent.UsageReport)
          .extracting(e -> ((ChatEvent.UsageReport) e).usage()).containsExactly(new Usage(12, 0, 5, 0));
      ChatResponse response = completed(events);
      assertThat(response.text()).isEqualTo("The quick brown fox jumps.");
      assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
      assertThat(response.rawFinishReason()).isEqualTo("end_turn");
      assertThat(response.usage()).isEqualTo(new Usage(12, 0, 5, 0));
      assertThat(response.requestId()).isEqualTo("req-stream-1");
      assertThat(response.provider()).isEqualTo("aws.bedrock");
      assertThat(response.model()).isEqualTo(BedrockFixture.MODEL_ID);
      assertThat(source.next()).as("nothing after the end").isNull();
    }
    BedrockRecordedRequest sent = f.emulator.takeRequest();
    assertThat(sent.operation()).isEqualTo("ConverseStream");
    assertThat(sent.path()).isEqualTo("/model/openai.gpt-oss-120b-1%3A0/converse-stream");
    assertThat(sent.at("messages", 0, "content", 0, "text")).isEqualTo("tell me");
    // what the SDK signs for ConverseStream (the emulator recomputed it): the body's SHA-256, signed;
    // no chunked (STREAMING-...) or UNSIGNED-PAYLOAD convention on the request side
    assertThat(sent.sigV4().signedHeaders()).contains("host", "x-amz-content-sha256", "x-amz-date");
    assertThat(sent.header("x-amz-content-sha256")).isEqualTo(sha256Hex(sent.body()));
  }

  @Test
  void givenFarMoreEventsThanAreAskedForAtOnce_whenReadSlowly_thenEveryDeltaArrivesInOrder() throws Exception {
    // 500 one-character deltas: the subscriber asks for 32 up front and renews its demand in batches.
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      text.append((char) ('a' + i % 26));
    }
    f.emulator.enqueue(BedrockReply.builder().text(text.toString()).chunkSize(1).build());

    try (EventSource source = open(ChatRequest.of("gpt-oss", "spell it"))) {
      List<ChatEvent> events = new ArrayList<>();
      for (ChatEvent e = source.next(); e != null; e = source.next()) {
        events.add(e);
        if (events.size() % 100 == 0) {
          Thread.sleep(20); // a slow reader: the emulator is held back, nothing is dropped
        }
      }

      assertThat(events).filteredOn(e -> e instanceof ChatEvent.TextDelta).hasSize(500);
      assertThat(text(events)).isEqualTo(text.toString());
      assertThat(completed(events).text()).isEqualTo(text.toString());
    }
  }

  @Test
  void givenTextAndTwoToolUses_whenStreaming_thenToolCallDeltasAssembleIntoToolCalls() {
    String args1 = "{\"city\":\"Berlin\",\"days\":3}";
    String args2 = "{\"city\":\"Paris\",\"units\":[\"C\"]}";
    f.emulator.enqueue(BedrockReply.builder()
        .text("Checking both.")
        .toolUse("tooluse_a", "get_weather", args1)
        .toolUse("tooluse_b", "get_weather", args2)
        .chunkSize(6)
        .build());

    try (EventSource source = open(ChatRequest.of("gpt-oss", "weather in Berlin and Paris?"))) {
      List<ChatEvent> events = drain(source);

      List<ChatEvent.ToolCallDelta> deltas = events.stream()
          .filter(e -> e instanceof ChatEvent.ToolCallDelta).map(e -> (ChatEvent.ToolCallDelta) e).toList();
      assertThat(deltas).filteredOn(d -> d.id() != null)
          .extracting(ChatEvent.ToolCallDelta::index, ChatEvent.ToolCallDelta::id, ChatEvent.ToolCallDelta::name)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(0, "tooluse_a", "get_weather"),
              org.assertj.core.groups.Tuple.tuple(1, "tooluse_b", "get_weather"));
      assertThat(deltas.stream().filter(d -> d.index() == 0).count()).as("arguments arrive in pieces").isGreaterThan(2);
      ChatResponse response = completed(events);
      assertThat(response.text()).isEqualTo("Checking both.");
      assertThat(response.toolCalls()).containsExactly(
          new ToolCall("tooluse_a", "get_weather", args1), new ToolCall("tooluse_b", "get_weather", args2));
      assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
      assertThat(response.rawFinishReason()).isEqualTo("tool_use");
    }
  }

  @Test
  void givenAJsonSchemaFormat_whenStreaming_thenTheForcedToolInputStreamsAsText() {
    f.emulator.enqueue(BedrockReply.builder().toolUse("t1", "person", "{\"name\":\"Ada\",\"born\":1815}").chunkSize(4).build());

    try (EventSource source = open(ChatRequest.builder().model("gpt-oss").userMessage("who?")
        .responseFormat(ResponseFormat.jsonSchema("person", "{\"type\":\"object\"}")).build())) {
      List<ChatEvent> events = drain(source);

      assertThat(events).noneMatch(e -> e instanceof ChatEvent.ToolCallDelta);
      assertThat(text(events)).isEqualTo("{\"name\":\"Ada\",\"born\":1815}");
      ChatResponse response = completed(events);
      assertThat(response.text()).isEqualTo("{\"name\":\"Ada\",\"born\":1815}");
      assertThat(response.toolCalls()).isEmpty();
      assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    }
  }

  @Test
  void givenAStreamCutMidFrame_whenReading_thenAProtocolExceptionKeepsThePartialText() {
    // frames: messageStart, then deltas of 4 chars: "Hell", "o wo", "rld,", ...; cut inside frame 4
    f.emulator.enqueue(BedrockReply.builder().text("Hello world, this is cut").chunkSize(4).truncateAfterEvents(4).build());

    try (EventSource source = open(ChatRequest.of("gpt-oss", "hi"))) {
      List<ChatEvent> seen = new ArrayList<>();
      ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> {
        ChatEvent ev;
        while ((ev = source.next()) != null) {
          seen.add(ev);
        }
      });

      assertThat(text(seen)).isEqualTo("Hello world,");
      assertThat(e.partialText()).isEqualTo("Hello world,");
      assertThat(e.partialResponse().finishReason()).isEqualTo(FinishReason.OTHER);
      assertThat(e.isRetryable()).as("content was already delivered").isFalse();
      assertThat(e.provider()).isEqualTo("aws.bedrock");
    }
  }

  @Test
  void givenAThrottlingErrorBeforeTheStream_whenOpening_thenStreamThrowsRateLimited() {
    f.emulator.enqueue(BedrockReply.throttling("Too many requests, please wait before trying again."));

    RateLimitedException e = catchThrowableOfType(RateLimitedException.class, () -> open(ChatRequest.of("gpt-oss", "hi")));

    assertThat(e.statusCode()).isEqualTo(429);
    assertThat(e.isRetryable()).isTrue();
    assertThat(e).hasMessageContaining("Too many requests");
  }

  @Test
  void givenAnExceptionEventBeforeAnyContent_whenReading_thenItIsTheTypedError() {
    f.emulator.enqueue(BedrockReply.builder().text("never").exceptionAfterEvents(1, "throttlingException", "Slow down").build());

    try (EventSource source = open(ChatRequest.of("gpt-oss", "hi"))) {
      RateLimitedException e = catchThrowableOfType(RateLimitedException.class, source::next);

      assertThat(e).hasMessageContaining("Slow down");
      assertThat(e.isRetryable()).isTrue();
    }
  }

  @Test
  void givenAnExceptionEventAfterContent_whenReading_thenAProtocolExceptionKeepsTextAndCause() {
    f.emulator.enqueue(BedrockReply.builder().text("Partial answer here").chunkSize(8)
        .exceptionAfterEvents(3, "modelStreamErrorException", "The model stream broke").build());

    try (EventSource source = open(ChatRequest.of("gpt-oss", "hi"))) {
      assertThat(source.next()).isEqualTo(new ChatEvent.TextDelta("Partial "));
      assertThat(source.next()).isEqualTo(new ChatEvent.TextDelta("answer h"));
      ProtocolException e = catchThrowableOfType(ProtocolException.class, source::next);

      assertThat(e.partialText()).isEqualTo("Partial answer h");
      assertThat(e).hasMessageContaining("The model stream broke");
      assertThat(e.getCause()).isInstanceOf(dev.stateline.error.ProviderUnavailableException.class);
      assertThat(e.isRetryable()).isFalse();
    }
  }

  @Test
  void givenALongStream_whenClosedEarly_thenTheConnectionIsDroppedAndReadingStops() {
    f.emulator.enqueue(BedrockReply.builder().text("Start").endless().build());

    EventSource source = open(ChatRequest.of("gpt-oss", "go on forever"));
    assertThat(source.next()).isInstanceOf(ChatEvent.TextDelta.class);
    assertThat(source.next()).isInstanceOf(ChatEvent.TextDelta.class);

    source.close();
    source.close(); // idempotent

    assertThatThrownBy(source::next).isInstanceOf(CallCancelledException.class);
    assertThat(f.emulator.awaitStreamAbandoned(Duration.ofSeconds(10)))
        .as("the emulator sees the client go away").isTrue();
  }

  @Test
  void givenALongStream_whenTheCallIsCancelled_thenReadingFailsAsCancelledAndTheConnectionIsDropped() {
    f.emulator.enqueue(BedrockReply.builder().text("Start").endless().build());
    Cancellation cancellation = new Cancellation();

    try (EventSource source = f.target.chatModel().stream(
        f.call(ChatRequest.of("gpt-oss", "go"), true, BedrockFixture.FAST, cancellation))) {
      assertThat(source.next()).isInstanceOf(ChatEvent.TextDelta.class);

      cancellation.cancel();

      assertThatThrownBy(() -> drain(source)).isInstanceOf(CallCancelledException.class);
      assertThat(f.emulator.awaitStreamAbandoned(Duration.ofSeconds(10))).isTrue();
    }
  }

  @Test
  void givenAStreamThatGoesSilentMidway_whenTheReadTimeoutPasses_thenAProtocolExceptionKeepsThePartialText() {
    f.emulator.enqueue(BedrockReply.builder().text("Hello there").chunkSize(5).stallAfterEvents(2).build());
    Timeouts tight = new Timeouts(Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofSeconds(10));

    try (EventSource source = f.target.chatModel().stream(
        f.call(ChatRequest.of("gpt-oss", "hi"), true, tight, new Cancellation()))) {
      assertThat(source.next()).isEqualTo(new ChatEvent.TextDelta("Hello"));
      ProtocolException e = catchThrowableOfType(ProtocolException.class, source::next);

      assertThat(e).as("a mid-stream timeout is a truncated answer").isNotNull();
      assertThat(e.getMessage()).contains("timed out mid-stream").contains("read timeout");
      assertThat(e.partialText()).isEqualTo("Hello");
      assertThat(e.isRetryable()).isFalse();
      assertThat(e.getCause()).isInstanceOfSatisfying(CallTimeoutException.class,
          t -> assertThat(t.kind()).isEqualTo(CallTimeoutException.Kind.READ));
    }
  }

  @Test
  void givenAStreamThatGoesSilentMidway_whenTheTotalTimeoutPasses_thenAProtocolExceptionKeepsThePartialText() {
    f.emulator.enqueue(BedrockReply.builder().text("Hello there").chunkSize(5).stallAfterEvents(2).build());
    Timeouts tight = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMillis(1500));

    try (EventSource source = f.target.chatModel().stream(
        f.call(ChatRequest.of("gpt-oss", "hi"), true, tight, new Cancellation()))) {
      assertThat(source.next()).isEqualTo(new ChatEvent.TextDelta("Hello"));
      ProtocolException e = catchThrowableOfType(ProtocolException.class, source::next);

      assertThat(e).as("a mid-stream timeout is a truncated answer").isNotNull();
      assertThat(e.getMessage()).contains("timed out mid-stream").contains("total timeout")
          .doesNotContain("read timeout");
      assertThat(e.partialText()).isEqualTo("Hello");
      assertThat(e.isRetryable()).isFalse();
      assertThat(e.getCause()).isInstanceOfSatisfying(CallTimeoutException.class,
          t -> assertThat(t.kind()).isEqualTo(CallTimeoutException.Kind.TOTAL));
    }
  }

  @Test
  void givenAStreamThatNeverStarts_whenTheTotalTimeoutPasses_thenOpeningTimesOut() {
    f.emulator.enqueue(BedrockReply.builder().text("late").headersDelay(Duration.ofSeconds(3)).build());
    Timeouts tight = new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMillis(400));

    CallTimeoutException e = catchThrowableOfType(CallTimeoutException.class, () -> f.target.chatModel().stream(
        f.call(ChatRequest.of("gpt-oss", "hi"), true, tight, new Cancellation())));

    assertThat(e.kind()).isEqualTo(CallTimeoutException.Kind.TOTAL);
  }
}
