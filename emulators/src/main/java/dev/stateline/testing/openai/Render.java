/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.openai;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import okio.BufferedSink;

/** Renders {@link Reply replies} in OpenAI's wire formats. Package-private; stateless. */
final class Render {
  private static final long CREATED = 1_760_000_000L;
  private static final String FINGERPRINT = "fp_emulator";

  private Render() {}

  /** What a rendering needs from the request and the emulator. */
  record Context(Function<String, String> ids, String requestId, String model, boolean stream,
      boolean includeUsage, long inputWords, String previousResponseId, AtomicInteger disconnects) {
    String modelOrDefault() {
      return model == null ? "gpt-emulator" : model;
    }
  }

  // ------------------------------------------------------------------ errors

  static MockResponse error(String requestId, int status, String type, String code, String param, String message,
      Map<String, String> headers) {
    Map<String, Object> error = obj("message", message, "type", type, "param", param, "code", code);
    MockResponse.Builder b = new MockResponse.Builder()
        .code(status)
        .addHeader("Content-Type", "application/json")
        .addHeader("x-request-id", requestId)
        .body(OpenAiEmulator.JSON.toJson(obj("error", error)));
    headers.forEach(b::addHeader);
    return b.build();
  }

  // ------------------------------------------------------------------ Chat Completions

  static MockResponse chat(Context ctx, Reply reply) {
    String id = ctx.ids().apply("chatcmpl-emu-");
    if (!ctx.stream()) {
      if (reply.kind == Reply.Kind.MALFORMED_JSON || reply.kind == Reply.Kind.TRUNCATED) {
        return json(ctx, reply, "{\"id\":\"" + id + "\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"" + reply.text);
      }
      Map<String, Object> message = obj("role", "assistant",
          "content", reply.calls.isEmpty() ? reply.text : null, "refusal", null);
      if (!reply.calls.isEmpty()) {
        List<Object> calls = new ArrayList<>();
        for (Reply.Call c : reply.calls) {
          calls.add(obj("id", c.id(), "type", "function", "function", obj("name", c.name(), "arguments", c.arguments())));
        }
        message.put("tool_calls", calls);
      }
      message.put("annotations", List.of());
      Map<String, Object> body = obj(
          "id", id,
          "object", "chat.completion",
          "created", CREATED,
          "model", ctx.modelOrDefault(),
          "choices", List.of(obj("index", 0, "message", message, "logprobs", null,
              "finish_reason", chatFinish(reply))),
          "usage", chatUsage(ctx, reply),
          "service_tier", "default",
          "system_fingerprint", FINGERPRINT);
      return json(ctx, reply, OpenAiEmulator.JSON.toJson(body));
    }

    List<String> events = new ArrayList<>();
    events.add(chunk(ctx, id, obj("role", "assistant", "content", "", "refusal", null), null));
    for (String piece : pieces(reply.text)) {
      events.add(chunk(ctx, id, obj("content", piece), null));
    }
    switch (reply.kind) {
      case TRUNCATED -> {
        return sse(ctx, reply, events);
      }
      case MALFORMED_JSON -> {
        events.add("data: {\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"delta\":{\"content\":\"lo\n\n");
        return sse(ctx, reply, events);
      }
      case STREAM_ERROR -> {
        events.add("data: " + OpenAiEmulator.JSON.toJson(obj("error", obj("message", reply.errorMessage,
            "type", reply.errorType, "param", null, "code", reply.errorCode))) + "\n\n");
        return sse(ctx, reply, events);
      }
      default -> {
        // text or tool calls, below
      }
    }
    if (!reply.calls.isEmpty()) {
      for (int i = 0; i < reply.calls.size(); i++) {
        Reply.Call c = reply.calls.get(i);
        events.add(chunk(ctx, id, obj("tool_calls", List.of(obj("index", i, "id", c.id(), "type", "function",
            "function", obj("name", c.name(), "arguments", "")))), null));
      }
      // Argument fragments of all calls, interleaved by index.
      List<List<String>> fragments = new ArrayList<>();
      int longest = 0;
      for (Reply.Call c : reply.calls) {
        List<String> f = fragments(c.arguments(), 7);
        fragments.add(f);
        longest = Math.max(longest, f.size());
      }
      for (int round = 0; round < longest; round++) {
        for (int i = 0; i < fragments.size(); i++) {
          if (round < fragments.get(i).size()) {
            events.add(chunk(ctx, id, obj("tool_calls", List.of(obj("index", i,
                "function", obj("arguments", fragments.get(i).get(round))))), null));
          }
        }
      }
    }
    events.add(chunk(ctx, id, obj(), chatFinish(reply)));
    if (ctx.includeUsage()) {
      Map<String, Object> usageChunk = obj("id", id, "object", "chat.completion.chunk", "created", CREATED,
          "model", ctx.modelOrDefault(), "system_fingerprint", FINGERPRINT, "choices", List.of(),
          "usage", chatUsage(ctx, reply));
      events.add("data: " + OpenAiEmulator.JSON.toJson(usageChunk) + "\n\n");
    }
    events.add("data: [DONE]\n\n");
    return sse(ctx, reply, events);
  }

  private static String chunk(Context ctx, String id, Map<String, Object> delta, String finishReason) {
    Map<String, Object> c = obj("id", id, "object", "chat.completion.chunk", "created", CREATED,
        "model", ctx.modelOrDefault(), "system_fingerprint", FINGERPRINT,
        "choices", List.of(obj("index", 0, "delta", delta, "logprobs", null, "finish_reason", finishReason)));
    if (ctx.includeUsage()) {
      c.put("usage", null);
    }
    return "data: " + OpenAiEmulator.JSON.toJson(c) + "\n\n";
  }

  private static String chatFinish(Reply reply) {
    if (reply.finishReason != null) {
      return reply.finishReason;
    }
    return reply.calls.isEmpty() ? "stop" : "tool_calls";
  }

  private static Map<String, Object> chatUsage(Context ctx, Reply reply) {
    long[] u = usage(ctx, reply);
    return obj("prompt_tokens", u[0], "completion_tokens", u[2], "total_tokens", u[0] + u[2],
        "prompt_tokens_details", obj("cached_tokens", u[1], "audio_tokens", 0),
        "completion_tokens_details", obj("reasoning_tokens", u[3], "audio_tokens", 0,
            "accepted_prediction_tokens", 0, "rejected_prediction_tokens", 0));
  }

  // ------------------------------------------------------------------ Responses API

  static MockResponse responses(Context ctx, Reply reply, BiConsumer<String, String> store) {
    String id = ctx.ids().apply("resp_emu_");
    if (!ctx.stream()) {
      if (reply.kind == Reply.Kind.MALFORMED_JSON || reply.kind == Reply.Kind.TRUNCATED) {
        return json(ctx, reply, "{\"id\":\"" + id + "\",\"object\":\"response\",\"output\":[{\"type\":\"message\","
            + "\"content\":[{\"type\":\"output_text\",\"text\":\"" + reply.text);
      }
      List<Object> output = output(ctx, reply, id);
      store.accept(id, reply.text);
      return json(ctx, reply, OpenAiEmulator.JSON.toJson(response(ctx, reply, id, finalStatus(reply), output, true)));
    }

    Seq seq = new Seq();
    List<String> events = new ArrayList<>();
    events.add(seq.event("response.created", obj("response",
        response(ctx, reply, id, "in_progress", List.of(), false))));
    events.add(seq.event("response.in_progress", obj("response",
        response(ctx, reply, id, "in_progress", List.of(), false))));
    int outputIndex = 0;
    List<Object> finalOutput = new ArrayList<>();
    boolean text = reply.calls.isEmpty();
    if (text) {
      String msgId = ctx.ids().apply("msg_emu_");
      events.add(seq.event("response.output_item.added", obj("output_index", outputIndex, "item",
          obj("id", msgId, "type", "message", "status", "in_progress", "role", "assistant", "content", List.of()))));
      events.add(seq.event("response.content_part.added", obj("item_id", msgId, "output_index", outputIndex,
          "content_index", 0, "part", obj("type", "output_text", "annotations", List.of(), "text", ""))));
      for (String piece : pieces(reply.text)) {
        events.add(seq.event("response.output_text.delta", obj("item_id", msgId, "output_index", outputIndex,
            "content_index", 0, "delta", piece, "logprobs", List.of())));
      }
      switch (reply.kind) {
        case TRUNCATED -> {
          return sse(ctx, reply, events);
        }
        case MALFORMED_JSON -> {
          events.add("event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"delta\":\"lo\n\n");
          return sse(ctx, reply, events);
        }
        case STREAM_ERROR -> {
          events.add(seq.event("error", obj("code", reply.errorCode, "message", reply.errorMessage, "param", null)));
          return sse(ctx, reply, events);
        }
        default -> {
          // complete below
        }
      }
      Map<String, Object> part = obj("type", "output_text", "annotations", List.of(), "text", reply.text);
      events.add(seq.event("response.output_text.done", obj("item_id", msgId, "output_index", outputIndex,
          "content_index", 0, "text", reply.text, "logprobs", List.of())));
      events.add(seq.event("response.content_part.done", obj("item_id", msgId, "output_index", outputIndex,
          "content_index", 0, "part", part)));
      Map<String, Object> item = obj("id", msgId, "type", "message", "status", "completed", "role", "assistant",
          "content", List.of(part));
      events.add(seq.event("response.output_item.done", obj("output_index", outputIndex, "item", item)));
      finalOutput.add(item);
    } else {
      for (Reply.Call c : reply.calls) {
        String itemId = ctx.ids().apply("fc_emu_");
        events.add(seq.event("response.output_item.added", obj("output_index", outputIndex, "item",
            obj("id", itemId, "type", "function_call", "status", "in_progress", "arguments", "",
                "call_id", c.id(), "name", c.name()))));
        for (String f : fragments(c.arguments(), 7)) {
          events.add(seq.event("response.function_call_arguments.delta", obj("item_id", itemId,
              "output_index", outputIndex, "delta", f)));
        }
        events.add(seq.event("response.function_call_arguments.done", obj("item_id", itemId,
            "output_index", outputIndex, "arguments", c.arguments())));
        Map<String, Object> item = obj("id", itemId, "type", "function_call", "status", "completed",
            "arguments", c.arguments(), "call_id", c.id(), "name", c.name());
        events.add(seq.event("response.output_item.done", obj("output_index", outputIndex, "item", item)));
        finalOutput.add(item);
        outputIndex++;
      }
    }
    String status = finalStatus(reply);
    store.accept(id, reply.text);
    events.add(seq.event("incomplete".equals(status) ? "response.incomplete" : "response.completed",
        obj("response", response(ctx, reply, id, status, finalOutput, true))));
    return sse(ctx, reply, events);
  }

  private static List<Object> output(Context ctx, Reply reply, String responseId) {
    List<Object> output = new ArrayList<>();
    if (reply.calls.isEmpty()) {
      output.add(obj("id", ctx.ids().apply("msg_emu_"), "type", "message", "status", "completed",
          "role", "assistant", "content", List.of(obj("type", "output_text", "annotations", List.of(),
              "logprobs", List.of(), "text", reply.text))));
    } else {
      for (Reply.Call c : reply.calls) {
        output.add(obj("id", ctx.ids().apply("fc_emu_"), "type", "function_call", "status", "completed",
            "arguments", c.arguments(), "call_id", c.id(), "name", c.name()));
      }
    }
    return output;
  }

  private static String finalStatus(Reply reply) {
    return "length".equals(reply.finishReason) || "content_filter".equals(reply.finishReason)
        ? "incomplete" : "completed";
  }

  private static Map<String, Object> response(Context ctx, Reply reply, String id, String status,
      List<Object> output, boolean withUsage) {
    Object incomplete = null;
    if ("incomplete".equals(status)) {
      incomplete = obj("reason", "length".equals(reply.finishReason) ? "max_output_tokens" : "content_filter");
    }
    Map<String, Object> r = obj(
        "id", id,
        "object", "response",
        "created_at", CREATED,
        "status", status,
        "background", false,
        "error", null,
        "incomplete_details", incomplete,
        "instructions", null,
        "max_output_tokens", null,
        "model", ctx.modelOrDefault(),
        "output", output,
        "parallel_tool_calls", true,
        "previous_response_id", ctx.previousResponseId(),
        "store", true,
        "temperature", 1.0,
        "text", obj("format", obj("type", "text")),
        "tool_choice", "auto",
        "tools", List.of(),
        "top_p", 1.0,
        "truncation", "disabled");
    if (withUsage) {
      long[] u = usage(ctx, reply);
      r.put("usage", obj("input_tokens", u[0], "input_tokens_details", obj("cached_tokens", u[1]),
          "output_tokens", u[2], "output_tokens_details", obj("reasoning_tokens", u[3]),
          "total_tokens", u[0] + u[2]));
    } else {
      r.put("usage", null);
    }
    r.put("metadata", obj());
    return r;
  }

  /** Numbers Responses API events with {@code sequence_number}. */
  private static final class Seq {
    int next;

    String event(String type, Map<String, Object> fields) {
      Map<String, Object> data = obj("type", type);
      data.putAll(fields);
      data.put("sequence_number", next++);
      return "event: " + type + "\ndata: " + OpenAiEmulator.JSON.toJson(data) + "\n\n";
    }
  }

  // ------------------------------------------------------------------ shared

  private static long[] usage(Context ctx, Reply reply) {
    if (reply.usage != null) {
      return reply.usage;
    }
    long output = reply.calls.isEmpty() ? Math.max(1, OpenAiEmulator.words(reply.text)) : 5L * reply.calls.size();
    return new long[] {ctx.inputWords(), 0, output, 0};
  }

  private static MockResponse json(Context ctx, Reply reply, String body) {
    MockResponse.Builder b = new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json")
        .addHeader("x-request-id", ctx.requestId())
        .addHeader("openai-processing-ms", "1")
        .addHeader("x-ratelimit-remaining-requests", "9999")
        .body(body);
    reply.headers.forEach(b::addHeader);
    return b.build();
  }

  /** A chunked {@code text/event-stream} body written event by event, optionally with pauses. */
  private static MockResponse sse(Context ctx, Reply reply, List<String> events) {
    MockResponse.Builder b = new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "text/event-stream; charset=utf-8")
        .addHeader("x-request-id", ctx.requestId())
        .addHeader("openai-processing-ms", "1")
        .body(new EventStreamBody(events, reply.eventDelay, ctx.disconnects()))
        .removeHeader("Content-Length")
        .addHeader("Transfer-Encoding", "chunked");
    reply.headers.forEach(b::addHeader);
    return b.build();
  }

  /** Writes each event as one HTTP chunk and flushes it, so the client sees it at once. */
  private static final class EventStreamBody implements MockResponseBody {
    private final List<String> events;
    private final Duration delay;
    private final AtomicInteger disconnects;

    EventStreamBody(List<String> events, Duration delay, AtomicInteger disconnects) {
      this.events = List.copyOf(events);
      this.delay = delay;
      this.disconnects = disconnects;
    }

    @Override
    public long getContentLength() {
      return -1;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      try {
        for (String event : events) {
          if (!delay.isZero()) {
            Thread.sleep(delay.toMillis());
          }
          byte[] bytes = event.getBytes(java.nio.charset.StandardCharsets.UTF_8);
          sink.writeUtf8(Integer.toHexString(bytes.length)).writeUtf8("\r\n").write(bytes).writeUtf8("\r\n");
          sink.flush();
        }
        // The last chunk; MockWebServer itself writes the (empty) trailers and the final CRLF.
        sink.writeUtf8("0\r\n");
        sink.flush();
      } catch (IOException e) {
        disconnects.incrementAndGet();
        throw e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
  }

  /** Splits text into word-sized deltas that keep their leading spaces. */
  static List<String> pieces(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == ' ') {
        if (i > start) {
          out.add(text.substring(start, i));
        }
        start = i;
      }
    }
    return out;
  }

  private static List<String> fragments(String s, int size) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < s.length(); i += size) {
      out.add(s.substring(i, Math.min(s.length(), i + size)));
    }
    return out;
  }

  /** A mutable, ordered JSON object from alternating keys and values. */
  static Map<String, Object> obj(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }
}
