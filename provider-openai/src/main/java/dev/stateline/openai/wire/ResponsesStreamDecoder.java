/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.wire;

import com.squareup.moshi.JsonReader;
import dev.stateline.chat.ChatEvent;
import dev.stateline.openai.internal.JsonIo;
import dev.stateline.spi.ResponseAssembler;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import okio.Buffer;

/**
 * Decodes a streamed Responses API answer: typed events, each {@code event: <type>} plus
 * {@code data: {"type": "<type>", ...}}. There is no {@code [DONE]}: the stream ends with a terminal
 * event.
 *
 * <ul>
 *   <li>{@code response.created} / {@code response.in_progress}: the response id and model;
 *   <li>{@code response.output_text.delta} (and {@code response.refusal.delta}):
 *       {@link ChatEvent.TextDelta};
 *   <li>{@code response.output_item.added} with a {@code function_call} item: the call's first
 *       {@link ChatEvent.ToolCallDelta}, with its {@code call_id} and {@code name};
 *   <li>{@code response.function_call_arguments.delta}: more of that call's arguments, matched by
 *       {@code item_id} (or {@code output_index});
 *   <li>{@code response.completed} and {@code response.incomplete}: the end; the final id, model,
 *       status, incomplete reason and usage are taken from its {@code response}. An incomplete
 *       response (say {@code max_output_tokens}) ends the stream normally with finish reason
 *       {@code LENGTH} (or {@code CONTENT_FILTER}), exactly as a whole response with that status
 *       decodes, so that streamed and unstreamed calls agree;
 *   <li>{@code response.failed} (its {@code response.error}) and {@code error}
 *       ({@code code}, {@code message}, {@code param}): the stream fails with that error.
 * </ul>
 *
 * Every other event is one Stateline does not use, and is skipped whatever its data: an event named
 * by its SSE {@code event:} field as one of those is not even parsed, and one without that field
 * whose data does not parse but whose {@code type} can still be read as an unused one is skipped too,
 * so a new or malformed event type the service adds cannot fail a stream. An event Stateline uses
 * that does not parse fails the stream loudly. The event type is read from the data's {@code type},
 * or from the SSE {@code event:} field when the data has none.
 *
 * <p>Part of the provider SPI. Not thread-safe: one per stream.
 */
public final class ResponsesStreamDecoder implements StreamDecoder {
  private static final JsonReader.Options EVENT = JsonReader.Options.of(
      "type", "delta", "output_index", "item_id", "item", "response", "code", "message", "param", "error");
  private static final JsonReader.Options TYPE = JsonReader.Options.of("type");

  /** The event types this decoder reads; every other one is skipped unparsed. */
  static final java.util.Set<String> USED = java.util.Set.of("response.created", "response.in_progress",
      "response.queued", "response.output_item.added", "response.function_call_arguments.delta",
      "response.output_text.delta", "response.refusal.delta", "response.completed", "response.incomplete",
      "response.failed", "error");

  private final ResponseAssembler assembler;
  private final ResponseExtension.Reader ext;
  private final Map<String, Integer> toolByItemId = new HashMap<>();
  private final Map<Integer, Integer> toolByOutputIndex = new HashMap<>();
  private int nextTool;
  private boolean sawContent;
  private ProviderError error;

  /**
   * @param assembler the stream's assembler; this decoder sets its id, model and finish reason
   * @param ext offered unknown fields of the {@code response} objects
   */
  public ResponsesStreamDecoder(ResponseAssembler assembler, ResponseExtension.Reader ext) {
    this.assembler = Objects.requireNonNull(assembler, "assembler");
    this.ext = Objects.requireNonNull(ext, "ext");
  }

  @Override
  public Progress decode(SseEvent event, Consumer<ChatEvent> out) throws IOException {
    String data = event.data();
    if (data.isBlank() || event.isDone()) {
      return Progress.MORE;
    }
    if (event.event() != null && !USED.contains(event.event())) {
      return Progress.MORE; // an event Stateline does not use: not parsed, so it cannot fail the stream
    }
    try {
      return decodeUsed(event, data, out);
    } catch (IOException | RuntimeException e) {
      String type = event.event() != null ? event.event() : typeOf(data);
      if (type != null && !USED.contains(type)) {
        return Progress.MORE; // unused, and broken: skipped
      }
      throw e;
    }
  }

  /** The top-level {@code type} of an event's data, read as far as the data allows; null if not found. */
  private static String typeOf(String data) {
    try {
      JsonReader reader = JsonReader.of(new Buffer().writeUtf8(data));
      reader.beginObject();
      while (reader.hasNext()) {
        if (reader.selectName(TYPE) == 0) {
          return reader.peek() == JsonReader.Token.STRING ? reader.nextString() : null;
        }
        reader.skipName();
        reader.skipValue();
      }
    } catch (IOException | RuntimeException e) {
      // as far as it went
    }
    return null;
  }

  private Progress decodeUsed(SseEvent event, String data, Consumer<ChatEvent> out) throws IOException {
    String type = null;
    String delta = null;
    int outputIndex = -1;
    String itemId = null;
    ResponsesDecoder.Item item = null;
    ResponsesDecoder.Parsed response = null;
    String code = null;
    String message = null;
    String param = null;
    ProviderError nested = null;
    JsonReader reader = JsonReader.of(new Buffer().writeUtf8(data));
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(EVENT)) {
        case 0 -> type = JsonIo.nextStringOrNull(reader);
        case 1 -> delta = JsonIo.nextStringOrNull(reader);
        case 2 -> outputIndex = JsonIo.nextIntOr(reader, -1);
        case 3 -> itemId = JsonIo.nextStringOrNull(reader);
        case 4 -> item = ResponsesDecoder.readItem(reader);
        case 5 -> response = JsonIo.skipNull(reader) ? null : ResponsesDecoder.readResponse(reader, ext, true);
        case 6 -> code = JsonIo.nextStringOrNull(reader);
        case 7 -> message = JsonIo.nextStringOrNull(reader);
        case 8 -> param = JsonIo.nextStringOrNull(reader);
        case 9 -> nested = ProviderError.read(reader);
        default -> {
          reader.skipName();
          reader.skipValue();
        }
      }
    }
    reader.endObject();
    ChatCompletionsDecoder.requireEnd(reader);

    String kind = type != null ? type : event.event();
    if (kind == null) {
      return Progress.MORE;
    }
    switch (kind) {
      case "response.created", "response.in_progress", "response.queued" -> {
        if (response != null) {
          assembler.id(response.id).model(response.model);
        }
        return Progress.MORE;
      }
      case "response.output_item.added" -> {
        if (item != null && item.isFunctionCall()) {
          int index = toolIndex(item.id, outputIndex);
          String callId = item.callId != null ? item.callId : item.id;
          out.accept(new ChatEvent.ToolCallDelta(index, callId, item.name,
              item.arguments == null ? "" : item.arguments));
          sawContent = true;
        }
        return Progress.MORE;
      }
      case "response.function_call_arguments.delta" -> {
        if (delta != null && !delta.isEmpty()) {
          out.accept(new ChatEvent.ToolCallDelta(toolIndex(itemId, outputIndex), null, null, delta));
          sawContent = true;
        }
        return Progress.MORE;
      }
      case "response.output_text.delta", "response.refusal.delta" -> {
        if (delta != null && !delta.isEmpty()) {
          out.accept(new ChatEvent.TextDelta(delta));
          sawContent = true;
        }
        return Progress.MORE;
      }
      case "response.completed", "response.incomplete" -> {
        finish(kind, response, out);
        return Progress.DONE;
      }
      case "response.failed" -> {
        error = response != null && response.error != null ? response.error
            : new ProviderError("the response failed without details", null, null, null);
        return Progress.FAILED;
      }
      case "error" -> {
        error = nested != null && !nested.isEmpty() ? nested : new ProviderError(message, null, param, code);
        return Progress.FAILED;
      }
      default -> {
        return Progress.MORE;
      }
    }
  }

  private void finish(String kind, ResponsesDecoder.Parsed response, Consumer<ChatEvent> out) {
    String status = "response.incomplete".equals(kind) ? "incomplete" : "completed";
    String reason = null;
    boolean toolCalls = nextTool > 0;
    if (response != null) {
      assembler.id(response.id).model(response.model);
      if (response.status != null) {
        status = response.status;
      }
      reason = response.incompleteReason;
      if (!sawContent) {
        // Nothing was streamed as deltas: take the output from the final response.
        int position = 0;
        for (ResponsesDecoder.Item i : response.output) {
          if ("message".equals(i.type) && i.text.length() > 0) {
            out.accept(new ChatEvent.TextDelta(i.text.toString()));
          } else if (i.isFunctionCall()) {
            var call = i.toToolCall(position);
            out.accept(new ChatEvent.ToolCallDelta(position++, call.id(), call.name(), call.argumentsJson()));
          }
        }
        toolCalls = position > 0;
      }
      toolCalls = toolCalls || response.hasToolCalls();
    }
    assembler.finishReason(WireReads.responsesFinishReason(status, reason, toolCalls),
        WireReads.responsesRawFinishReason(status, reason));
    if (response != null && response.usage != null) {
      out.accept(new ChatEvent.UsageReport(response.usage));
    }
  }

  private int toolIndex(String itemId, int outputIndex) {
    Integer index = itemId == null ? null : toolByItemId.get(itemId);
    if (index == null && outputIndex >= 0) {
      index = toolByOutputIndex.get(outputIndex);
    }
    if (index == null) {
      index = nextTool++;
    }
    if (itemId != null) {
      toolByItemId.put(itemId, index);
    }
    if (outputIndex >= 0) {
      toolByOutputIndex.put(outputIndex, index);
    }
    return index;
  }

  @Override
  public ProviderError error() {
    return error;
  }

  @Override
  public boolean completeAtEof() {
    return false;
  }
}
