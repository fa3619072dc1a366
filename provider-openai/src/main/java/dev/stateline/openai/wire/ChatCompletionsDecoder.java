/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.wire;

import com.squareup.moshi.JsonDataException;
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
 * Reads a whole Chat Completions response body ({@code object: "chat.completion"}) with a streaming
 * JSON reader: {@code id}, {@code model}, the first choice's {@code message} ({@code content},
 * {@code refusal}, {@code tool_calls}, the legacy {@code function_call}) and {@code finish_reason},
 * and {@code usage} ({@code prompt_tokens}, {@code prompt_tokens_details.cached_tokens},
 * {@code completion_tokens}, {@code completion_tokens_details.reasoning_tokens}). Unknown fields are
 * offered to the {@link ResponseExtension.Reader} and otherwise skipped; a body whose top level
 * holds an {@code error} object decodes to that error.
 *
 * <p>Part of the provider SPI. Stateless and thread-safe.
 */
public final class ChatCompletionsDecoder {
  private static final JsonReader.Options TOP =
      JsonReader.Options.of("id", "model", "choices", "usage", "error");
  private static final JsonReader.Options CHOICE =
      JsonReader.Options.of("index", "message", "finish_reason");
  private static final JsonReader.Options MESSAGE =
      JsonReader.Options.of("content", "tool_calls", "refusal", "function_call");
  private static final JsonReader.Options TOOL_CALL = JsonReader.Options.of("id", "function");
  private static final JsonReader.Options FUNCTION = JsonReader.Options.of("name", "arguments");
  private static final JsonReader.Options TEXT = JsonReader.Options.of("text");

  private ChatCompletionsDecoder() {}

  /**
   * Decodes one response body.
   *
   * @param reader positioned at the start of the document
   * @param ext offered unknown fields
   * @throws IOException on malformed JSON
   * @throws JsonDataException on JSON of the wrong shape (say an array at the top)
   */
  public static DecodedResponse decode(JsonReader reader, ResponseExtension.Reader ext) throws IOException {
    return decode(reader, ext, null, null);
  }

  /** {@link #decode(JsonReader, ResponseExtension.Reader)}, stamping the request id and provider on the answer. */
  static DecodedResponse decode(JsonReader reader, ResponseExtension.Reader ext, String requestId, String provider)
      throws IOException {
    String id = null;
    String model = null;
    Usage usage = null;
    ProviderError error = null;
    Choice chosen = null;
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(TOP)) {
        case 0 -> id = JsonIo.nextStringOrNull(reader);
        case 1 -> model = JsonIo.nextStringOrNull(reader);
        case 2 -> {
          if (!JsonIo.skipNull(reader)) {
            reader.beginArray();
            int position = 0;
            while (reader.hasNext()) {
              Choice c = readChoice(reader, position++, ext);
              if (chosen == null || (chosen.index != 0 && c.index == 0)) {
                chosen = c;
              }
            }
            reader.endArray();
          }
        }
        case 3 -> usage = WireReads.chatUsage(reader);
        case 4 -> error = ProviderError.read(reader);
        default -> unknown(reader, ext, ResponseExtension.Scope.RESPONSE, -1);
      }
    }
    reader.endObject();
    requireEnd(reader);
    if (error != null && chosen == null) {
      return DecodedResponse.failed(error);
    }
    if (chosen == null) {
      throw new JsonDataException("the response holds no choices");
    }
    return DecodedResponse.of(ChatResponse.builder()
        .id(id)
        .model(model)
        .message(Message.assistant(chosen.text, chosen.toolCalls))
        .finishReason(WireReads.chatFinishReason(chosen.finishReason))
        .rawFinishReason(chosen.finishReason)
        .usage(usage)
        .requestId(requestId)
        .provider(provider)
        .build());
  }

  private static Choice readChoice(JsonReader reader, int position, ResponseExtension.Reader ext)
      throws IOException {
    Choice c = new Choice();
    c.index = position;
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(CHOICE)) {
        case 0 -> c.index = JsonIo.nextIntOr(reader, position);
        case 1 -> readMessage(reader, c);
        case 2 -> c.finishReason = JsonIo.nextStringOrNull(reader);
        default -> unknown(reader, ext, ResponseExtension.Scope.CHOICE, position);
      }
    }
    reader.endObject();
    if (c.text == null) {
      c.text = c.refusal;
    }
    return c;
  }

  private static void readMessage(JsonReader reader, Choice c) throws IOException {
    if (JsonIo.skipNull(reader)) {
      return;
    }
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(MESSAGE)) {
        case 0 -> c.text = readContent(reader);
        case 1 -> {
          if (!JsonIo.skipNull(reader)) {
            reader.beginArray();
            while (reader.hasNext()) {
              ToolCall call = readToolCall(reader, c.toolCalls.size());
              if (call != null) {
                c.toolCalls.add(call);
              }
            }
            reader.endArray();
          }
        }
        case 2 -> c.refusal = JsonIo.nextStringOrNull(reader);
        case 3 -> {
          // The legacy single function call: kept as a tool call with a positional id.
          String[] fn = readFunction(reader);
          if (fn != null && fn[0] != null) {
            c.toolCalls.add(new ToolCall("call_" + c.toolCalls.size(), fn[0], fn[1] == null ? "" : fn[1]));
          }
        }
        default -> {
          reader.skipName();
          reader.skipValue();
        }
      }
    }
    reader.endObject();
  }

  /** Message content: a string, null, or (from some compatible servers) an array of text parts. */
  static String readContent(JsonReader reader) throws IOException {
    switch (reader.peek()) {
      case STRING:
        return reader.nextString();
      case BEGIN_ARRAY:
        StringBuilder sb = new StringBuilder();
        reader.beginArray();
        while (reader.hasNext()) {
          if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
            reader.skipValue();
            continue;
          }
          reader.beginObject();
          while (reader.hasNext()) {
            if (reader.selectName(TEXT) == 0) {
              String t = JsonIo.nextStringOrNull(reader);
              if (t != null) {
                sb.append(t);
              }
            } else {
              reader.skipName();
              reader.skipValue();
            }
          }
          reader.endObject();
        }
        reader.endArray();
        return sb.toString();
      default:
        reader.skipValue();
        return null;
    }
  }

  private static ToolCall readToolCall(JsonReader reader, int position) throws IOException {
    if (JsonIo.skipNull(reader)) {
      return null;
    }
    String id = null;
    String[] fn = null;
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(TOOL_CALL)) {
        case 0 -> id = JsonIo.nextStringOrNull(reader);
        case 1 -> fn = readFunction(reader);
        default -> {
          reader.skipName();
          reader.skipValue();
        }
      }
    }
    reader.endObject();
    String name = fn == null || fn[0] == null ? "" : fn[0];
    String args = fn == null || fn[1] == null ? "" : fn[1];
    return new ToolCall(id == null ? "call_" + position : id, name, args);
  }

  /** Reads {@code {"name", "arguments"}} into a two-element array, or null for JSON null. */
  static String[] readFunction(JsonReader reader) throws IOException {
    if (JsonIo.skipNull(reader)) {
      return null;
    }
    String[] fn = new String[2];
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(FUNCTION)) {
        case 0 -> fn[0] = JsonIo.nextStringOrNull(reader);
        case 1 -> fn[1] = JsonIo.nextStringOrNull(reader);
        default -> {
          reader.skipName();
          reader.skipValue();
        }
      }
    }
    reader.endObject();
    return fn;
  }

  /** Offers an unknown field to the extension, else skips it. */
  static void unknown(JsonReader reader, ResponseExtension.Reader ext, ResponseExtension.Scope scope,
      int index) throws IOException {
    unknown(reader, ext, scope, index, false);
  }

  static void unknown(JsonReader reader, ResponseExtension.Reader ext, ResponseExtension.Scope scope,
      int index, boolean streaming) throws IOException {
    if (ext == ResponseExtension.Reader.NONE) {
      reader.skipName();
      reader.skipValue();
      return;
    }
    String name = reader.nextName();
    if (!ext.readField(scope, index, name, reader, streaming)) {
      reader.skipValue();
    }
  }

  /** Fails on anything after the top-level value. */
  static void requireEnd(JsonReader reader) throws IOException {
    if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
      throw new JsonDataException("unexpected content after the JSON document");
    }
  }

  private static final class Choice {
    int index;
    String text;
    String refusal;
    String finishReason;
    final List<ToolCall> toolCalls = new ArrayList<>(0);
  }
}
