/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.fuzz;

import dev.stateline.testing.fuzz.FuzzJson;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ResponseFormat;
import dev.stateline.error.StatelineException;
import dev.stateline.spi.EventSource;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * Fuzzes a streamed Bedrock call from the bytes of its AWS event-stream body up.
 *
 * <p>The frames are decoded by the SDK ({@code software.amazon.eventstream.MessageDecoder}, then its
 * JSON unmarshaller into {@code ConverseStreamOutput} events); what Stateline owns is the bridge
 * after it ({@code ConverseEventSource}: back-pressure, the mapping of events to deltas, tool-call
 * indices, the output tool, stop reason and usage, the end of the stream, errors mid-stream). So the
 * body is mostly well-framed (valid preludes and checksums, to get past the SDK's CRC checks) with
 * fuzzed headers and JSON payloads: Converse events in any order, exception frames, frames of
 * unknown or wrong message types and content types, plus cut frames and raw garbage. It arrives in
 * pieces of varying size on a transport thread.
 *
 * <p>Contract checked: {@code stream} and {@code next} throw nothing but {@link StatelineException}
 * (see {@link Findings} for the bugs such an exception must not hide, a hang among them); a stream
 * that ends normally ends with exactly one {@link ChatEvent.Completed}, whose text is the text
 * deltas joined; no error comes after it.
 */
class ConverseStreamFuzzTest {
  static final InMemoryBedrock BEDROCK = new InMemoryBedrock();

  static final String[] EVENT_TYPES = {
    "messageStart", "contentBlockStart", "contentBlockDelta", "contentBlockStop", "messageStop",
    "metadata", "somethingNew"
  };
  static final String[] EXCEPTION_TYPES = {
    "throttlingException", "validationException", "internalServerException",
    "modelStreamErrorException", "serviceUnavailableException", "accessDeniedException", "weirdException"
  };
  static final String[] MESSAGE_TYPES = {"event", "exception", "error", "bogus"};
  static final String[] CONTENT_TYPES = {"application/json", "text/plain", "application/octet-stream"};
  static final String[] NAMES = {
    "role", "assistant", "contentBlockIndex", "start", "toolUse", "toolUseId", "name", "input",
    "delta", "text", "reasoningContent", "signature", "redactedContent", "citation", "stopReason",
    "end_turn", "tool_use", "max_tokens", "stop_sequence", "guardrail_intervened", "content_filtered",
    "additionalModelResponseFields", "usage", "inputTokens", "outputTokens", "totalTokens",
    "cacheReadInputTokens", "cacheWriteInputTokens", "metrics", "latencyMs", "trace", "message",
    "p", "answer", "get_weather", "originalMessage"
  };
  private static final int[] PIECES = {0, 1, 3, 16, 100, 1000};
  private static final int MAX_EVENTS = 10_000;

  @FuzzTest(maxDuration = "10m")
  void converseStream(FuzzedDataProvider data) {
    ChatRequest.Builder request = ChatRequest.builder().model(InMemoryBedrock.ALIAS).userMessage("Hello");
    if (data.consumeBoolean()) {
      request.responseFormat(ResponseFormat.jsonSchema("answer", "{\"type\":\"object\"}"));
    }
    BEDROCK.answer(data.consumeInt(0, 7) == 0 ? ConverseFuzzTest.reply(data, NAMES) : streamReply(data));

    EventSource source;
    try {
      source = BEDROCK.target.chatModel().stream(BEDROCK.callOnTarget(request.build(), true));
    } catch (StatelineException documented) {
      Findings.requireNoBug(documented);
      return;
    }
    List<ChatEvent> events = new ArrayList<>();
    try {
      ChatEvent e;
      while ((e = source.next()) != null) {
        events.add(e);
        assertThat(events.size()).as("events from a finite body").isLessThan(MAX_EVENTS);
      }
      assertThat(events).as("a stream that ended normally").isNotEmpty();
      assertThat(events.get(events.size() - 1)).isInstanceOf(ChatEvent.Completed.class);
      assertThat(events.stream().filter(ChatEvent.Completed.class::isInstance).count()).isEqualTo(1);
      StringBuilder text = new StringBuilder();
      events.stream().filter(ChatEvent.TextDelta.class::isInstance)
          .forEach(t -> text.append(((ChatEvent.TextDelta) t).text()));
      assertThat(((ChatEvent.Completed) events.get(events.size() - 1)).response().text()).isEqualTo(text.toString());
    } catch (StatelineException documented) {
      Findings.requireNoBug(documented);
      assertThat(events).as("an error after Completed").noneMatch(ChatEvent.Completed.class::isInstance);
    } finally {
      source.close();
    }
  }

  /** A 200 event-stream response: frames built from fuzz data, sent in pieces. */
  static InMemoryBedrock.Reply streamReply(FuzzedDataProvider data) {
    List<byte[]> frames = new ArrayList<>();
    int count = data.consumeInt(0, 12);
    for (int i = 0; i < count; i++) {
      switch (data.consumeInt(0, 9)) {
        case 6 -> frames.add(frame(headers("exception", ":exception-type", data.pickValue(EXCEPTION_TYPES)), payload(data)));
        case 7 -> frames.add(frame(oddHeaders(data), payload(data)));
        case 8 -> frames.add(WireInput.bytes(data, 64));
        case 9 -> {
          byte[] whole = frame(headers("event", ":event-type", data.pickValue(EVENT_TYPES)), payload(data));
          frames.add(Arrays.copyOf(whole, data.consumeInt(0, whole.length - 1)));
        }
        default -> frames.add(frame(headers("event", ":event-type", data.pickValue(EVENT_TYPES)), payload(data)));
      }
    }
    int piece = data.pickValue(PIECES);
    return new InMemoryBedrock.Reply(200,
        InMemoryBedrock.headers("Content-Type", "application/vnd.amazon.eventstream",
            "x-amzn-RequestId", "req-stream"),
        split(frames, piece));
  }

  private static Map<String, HeaderValue> headers(String messageType, String typeHeader, String type) {
    Map<String, HeaderValue> h = new LinkedHashMap<>();
    h.put(typeHeader, HeaderValue.fromString(type));
    h.put(":content-type", HeaderValue.fromString("application/json"));
    h.put(":message-type", HeaderValue.fromString(messageType));
    return h;
  }

  /** Headers as a server should not send them: missing, of other types, of odd values. */
  private static Map<String, HeaderValue> oddHeaders(FuzzedDataProvider data) {
    Map<String, HeaderValue> h = new LinkedHashMap<>();
    if (data.consumeBoolean()) {
      h.put(":message-type", HeaderValue.fromString(data.pickValue(MESSAGE_TYPES)));
    }
    if (data.consumeBoolean()) {
      h.put(":event-type", HeaderValue.fromString(data.pickValue(EVENT_TYPES)));
    }
    if (data.consumeBoolean()) {
      h.put(":exception-type", HeaderValue.fromString(data.pickValue(EXCEPTION_TYPES)));
    }
    if (data.consumeBoolean()) {
      h.put(":content-type", HeaderValue.fromString(data.pickValue(CONTENT_TYPES)));
    }
    String name = data.consumeBoolean() ? ":event-type" : "x-" + WireInput.text(data, 8);
    if (!name.isEmpty()) {
      h.put(name, switch (data.consumeInt(0, 6)) {
        case 0 -> HeaderValue.fromInteger(data.consumeInt());
        case 1 -> HeaderValue.fromBoolean(data.consumeBoolean());
        case 2 -> HeaderValue.fromByteArray(nonEmpty(WireInput.bytes(data, 16)));
        case 3 -> HeaderValue.fromTimestamp(Instant.ofEpochMilli(data.consumeLong(-1L << 40, 1L << 40)));
        case 4 -> HeaderValue.fromUuid(new UUID(data.consumeLong(), data.consumeLong()));
        case 5 -> HeaderValue.fromLong(data.consumeLong());
        default -> HeaderValue.fromString(nonEmpty(WireInput.text(data, 32)));
      });
    }
    return h;
  }

  /** The event-stream codec refuses empty byte arrays and strings as header values. */
  private static byte[] nonEmpty(byte[] b) {
    return b.length == 0 ? new byte[] {0} : b;
  }

  private static String nonEmpty(String s) {
    return s.isEmpty() ? "-" : s;
  }

  private static byte[] payload(FuzzedDataProvider data) {
    String json = data.consumeInt(0, 3) == 0 ? WireInput.text(data, 1024) : FuzzJson.document(data, NAMES);
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] frame(Map<String, HeaderValue> headers, byte[] payload) {
    ByteBuffer b = new Message(headers, payload).toByteBuffer();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  /** The body in pieces of {@code piece} bytes, or frame by frame for 0. */
  private static List<byte[]> split(List<byte[]> frames, int piece) {
    if (piece == 0) {
      return frames;
    }
    int total = frames.stream().mapToInt(f -> f.length).sum();
    byte[] all = new byte[total];
    int at = 0;
    for (byte[] f : frames) {
      System.arraycopy(f, 0, all, at, f.length);
      at += f.length;
    }
    List<byte[]> pieces = new ArrayList<>();
    for (int i = 0; i < total; i += piece) {
      pieces.add(Arrays.copyOfRange(all, i, Math.min(total, i + piece)));
    }
    return pieces;
  }
}
