/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.wire;

import com.squareup.moshi.JsonReader;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.Message;
import dev.stateline.chat.ToolCall;
import dev.stateline.chat.Usage;
import dev.stateline.openai.internal.JsonIo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a whole Responses API response object ({@code object: "response"}) with a streaming JSON
 * reader: {@code id} (the handle a follow-up passes as {@code previous_response_id}),
 * {@code model}, {@code status}, {@code incomplete_details.reason}, {@code error}, {@code usage}
 * ({@code input_tokens}, {@code input_tokens_details.cached_tokens}, {@code output_tokens},
 * {@code output_tokens_details.reasoning_tokens}) and the {@code output} items: {@code message}
 * items' {@code output_text} (and {@code refusal}) parts become the text, {@code function_call}
 * items ({@code call_id}, {@code name}, {@code arguments}) the tool calls; other items (reasoning,
 * built-in tool calls) are skipped.
 *
 * <p>Finish reason: {@code completed} is {@code STOP}, or {@code TOOL_CALLS} when the output holds
 * function calls; {@code incomplete} with reason {@code max_output_tokens} is {@code LENGTH}, with
 * {@code content_filter} {@code CONTENT_FILTER}; anything else {@code OTHER}. The raw value kept is
 * the incomplete reason, else the status. A {@code failed} response decodes to its error.
 *
 * <p>Part of the provider SPI. Stateless and thread-safe.
 */
public final class ResponsesDecoder {
  private static final JsonReader.Options TOP = JsonReader.Options.of(
      "id", "model", "status", "output", "usage", "error", "incomplete_details");
  private static final JsonReader.Options ITEM = JsonReader.Options.of(
      "type", "id", "call_id", "name", "arguments", "content");
  private static final JsonReader.Options PART = JsonReader.Options.of("type", "text", "refusal");
  private static final JsonReader.Options REASON = JsonReader.Options.of("reason");

  private ResponsesDecoder() {}

  /**
   * Decodes one response body.
   *
   * @throws IOException on malformed JSON
   * @throws com.squareup.moshi.JsonDataException on JSON of the wrong shape
   */
  public static DecodedResponse decode(JsonReader reader, ResponseExtension.Reader ext) throws IOException {
    return decode(reader, ext, null, null);
  }

  /** {@link #decode(JsonReader, ResponseExtension.Reader)}, stamping the request id and provider on the answer. */
  static DecodedResponse decode(JsonReader reader, ResponseExtension.Reader ext, String requestId, String provider)
      throws IOException {
    Parsed p = readResponse(reader, ext, false);
    ChatCompletionsDecoder.requireEnd(reader);
    if ("failed".equals(p.status) || (p.error != null && p.output.isEmpty())) {
      return DecodedResponse.failed(p.error != null ? p.error
          : new ProviderError("the response failed without details", null, null, null));
    }
    return DecodedResponse.of(p.toResponse(requestId, provider));
  }

  /** Reads a response object (also the {@code response} of stream events). */
  static Parsed readResponse(JsonReader reader, ResponseExtension.Reader ext, boolean streaming)
      throws IOException {
    Parsed p = new Parsed();
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(TOP)) {
        case 0 -> p.id = JsonIo.nextStringOrNull(reader);
        case 1 -> p.model = JsonIo.nextStringOrNull(reader);
        case 2 -> p.status = JsonIo.nextStringOrNull(reader);
        case 3 -> {
          if (!JsonIo.skipNull(reader)) {
            reader.beginArray();
            while (reader.hasNext()) {
              Item item = readItem(reader);
              if (item != null) {
                p.output.add(item);
              }
            }
            reader.endArray();
          }
        }
        case 4 -> p.usage = WireReads.responsesUsage(reader);
        case 5 -> p.error = ProviderError.read(reader);
        case 6 -> p.incompleteReason = readReason(reader);
        default -> ChatCompletionsDecoder.unknown(reader, ext, ResponseExtension.Scope.RESPONSE, -1, streaming);
      }
    }
    reader.endObject();
    return p;
  }

  /** Reads an output item, or null for JSON null. */
  static Item readItem(JsonReader reader) throws IOException {
    if (JsonIo.skipNull(reader)) {
      return null;
    }
    Item item = new Item();
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(ITEM)) {
        case 0 -> item.type = JsonIo.nextStringOrNull(reader);
        case 1 -> item.id = JsonIo.nextStringOrNull(reader);
        case 2 -> item.callId = JsonIo.nextStringOrNull(reader);
        case 3 -> item.name = JsonIo.nextStringOrNull(reader);
        case 4 -> item.arguments = JsonIo.nextStringOrNull(reader);
        case 5 -> readParts(reader, item);
        default -> {
          reader.skipName();
          reader.skipValue();
        }
      }
    }
    reader.endObject();
    return item;
  }

  private static void readParts(JsonReader reader, Item item) throws IOException {
    if (reader.peek() != JsonReader.Token.BEGIN_ARRAY) {
      reader.skipValue();
      return;
    }
    reader.beginArray();
    while (reader.hasNext()) {
      if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
        reader.skipValue();
        continue;
      }
      String type = null;
      String text = null;
      String refusal = null;
      reader.beginObject();
      while (reader.hasNext()) {
        switch (reader.selectName(PART)) {
          case 0 -> type = JsonIo.nextStringOrNull(reader);
          case 1 -> text = JsonIo.nextStringOrNull(reader);
          case 2 -> refusal = JsonIo.nextStringOrNull(reader);
          default -> {
            reader.skipName();
            reader.skipValue();
          }
        }
      }
      reader.endObject();
      if ("output_text".equals(type) && text != null) {
        item.text.append(text);
      } else if ("refusal".equals(type) && refusal != null) {
        item.text.append(refusal);
      }
    }
    reader.endArray();
  }

  private static String readReason(JsonReader reader) throws IOException {
    if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
      reader.skipValue();
      return null;
    }
    String reason = null;
    reader.beginObject();
    while (reader.hasNext()) {
      if (reader.selectName(REASON) == 0) {
        reason = JsonIo.nextStringOrNull(reader);
      } else {
        reader.skipName();
        reader.skipValue();
      }
    }
    reader.endObject();
    return reason;
  }

  /** A response object as read. */
  static final class Parsed {
    String id;
    String model;
    String status;
    String incompleteReason;
    Usage usage;
    ProviderError error;
    final List<Item> output = new ArrayList<>(2);

    boolean hasToolCalls() {
      for (Item i : output) {
        if (i.isFunctionCall()) {
          return true;
        }
      }
      return false;
    }

    ChatResponse toResponse(String requestId, String provider) {
      StringBuilder text = new StringBuilder();
      List<ToolCall> calls = new ArrayList<>(0);
      for (Item i : output) {
        if ("message".equals(i.type)) {
          text.append(i.text);
        } else if (i.isFunctionCall()) {
          calls.add(i.toToolCall(calls.size()));
        }
      }
      return ChatResponse.builder()
          .id(id)
          .model(model)
          .message(Message.assistant(text.toString(), calls))
          .finishReason(WireReads.responsesFinishReason(status, incompleteReason, !calls.isEmpty()))
          .rawFinishReason(WireReads.responsesRawFinishReason(status, incompleteReason))
          .usage(usage)
          .requestId(requestId)
          .provider(provider)
          .build();
    }
  }

  /** An output item as read. */
  static final class Item {
    String type;
    String id;
    String callId;
    String name;
    String arguments;
    final StringBuilder text = new StringBuilder();

    boolean isFunctionCall() {
      return "function_call".equals(type);
    }

    ToolCall toToolCall(int position) {
      String callIdOrItemId = callId != null ? callId : id;
      return new ToolCall(callIdOrItemId == null ? "call_" + position : callIdOrItemId,
          name == null ? "" : name, arguments == null ? "" : arguments);
    }
  }
}
