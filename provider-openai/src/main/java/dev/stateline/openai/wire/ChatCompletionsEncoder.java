/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.wire;

import com.squareup.moshi.JsonWriter;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ContentPart;
import dev.stateline.chat.ImagePart;
import dev.stateline.chat.Message;
import dev.stateline.chat.ResponseFormat;
import dev.stateline.chat.Role;
import dev.stateline.chat.TextPart;
import dev.stateline.chat.ToolCall;
import dev.stateline.chat.ToolChoice;
import dev.stateline.chat.ToolDefinition;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.InvalidRequestException;
import dev.stateline.openai.internal.JsonIo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import okio.Buffer;
import okio.ByteString;

/**
 * Writes a {@link ChatRequest} as a Chat Completions request body ({@code POST .../chat/completions}),
 * streaming JSON straight into a buffer with no reflection.
 *
 * <p>Only what the request sets is sent. Mapping: messages of every role ({@code system},
 * {@code developer}, {@code user} with {@code text} and {@code image_url} parts, {@code assistant}
 * with {@code tool_calls}, {@code tool} with {@code tool_call_id}); {@code tools} (type
 * {@code function}, with {@code strict} always explicit), {@code tool_choice},
 * {@code parallel_tool_calls}; {@code response_format} ({@code json_object} or {@code json_schema};
 * text, the default, is not sent); {@code temperature}, {@code top_p},
 * {@code max_completion_tokens} (the deprecated {@code max_tokens} is never sent), {@code stop},
 * {@code seed}, the end-user id in {@link WireDialect#endUserField()}, {@code metadata},
 * {@code store}; for streams {@code stream: true} and, per the dialect,
 * {@code stream_options: {"include_usage": true}}.
 *
 * <p>Part of the provider SPI. Immutable and thread-safe.
 */
public final class ChatCompletionsEncoder {
  private final WireDialect dialect;

  public ChatCompletionsEncoder(WireDialect dialect) {
    this.dialect = Objects.requireNonNull(dialect, "dialect");
  }

  /**
   * Encodes {@code request}.
   *
   * @param model the provider model name to send (ignored if the dialect does not send it)
   * @param stream whether to ask for a stream
   * @return the UTF-8 JSON body
   * @throws InvalidRequestException if the request asks for what Chat Completions cannot do
   *     ({@code previousResponseId}) or holds malformed JSON (a tool's parameters, a schema)
   */
  public ByteString encode(ChatRequest request, String model, boolean stream) {
    if (request.previousResponseId() != null) {
      throw invalid("previousResponseId needs server-held state, which Chat Completions does not have;"
          + " use the Responses API (OpenAiApi.RESPONSES) for this target", "previous_response_id");
    }
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.setSerializeNulls(true);
      w.beginObject();
      if (dialect.sendModel()) {
        w.name("model").value(model);
      }
      w.name("messages").beginArray();
      List<Message> messages = request.messages();
      for (int i = 0; i < messages.size(); i++) {
        writeMessage(w, messages.get(i));
      }
      w.endArray();
      writeTools(w, request);
      writeResponseFormat(w, request.responseFormat());
      if (request.temperature() != null) {
        w.name("temperature").value(request.temperature());
      }
      if (request.topP() != null) {
        w.name("top_p").value(request.topP());
      }
      if (request.maxOutputTokens() != null) {
        w.name("max_completion_tokens").value(request.maxOutputTokens().longValue());
      }
      if (!request.stop().isEmpty()) {
        w.name("stop").beginArray();
        for (String s : request.stop()) {
          w.value(s);
        }
        w.endArray();
      }
      if (request.seed() != null) {
        w.name("seed").value(request.seed().longValue());
      }
      if (request.user() != null) {
        w.name(dialect.endUserField()).value(request.user());
      }
      writeMetadata(w, request.metadata());
      if (request.store() != null) {
        w.name("store").value(request.store().booleanValue());
      }
      if (stream) {
        w.name("stream").value(true);
        if (dialect.streamIncludeUsage()) {
          w.name("stream_options").beginObject().name("include_usage").value(true).endObject();
        }
      }
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a memory buffer failed", e);
    }
    return buffer.readByteString();
  }

  private void writeMessage(JsonWriter w, Message m) throws IOException {
    w.beginObject();
    switch (m.role()) {
      case SYSTEM -> {
        w.name("role").value("system");
        w.name("content").value(m.text());
      }
      case DEVELOPER -> {
        w.name("role").value("developer");
        w.name("content").value(m.text());
      }
      case USER -> {
        w.name("role").value("user");
        writeUserContent(w, m.content());
      }
      case ASSISTANT -> {
        w.name("role").value("assistant");
        String text = m.text();
        if (!text.isEmpty() || m.toolCalls().isEmpty()) {
          w.name("content").value(text);
        }
        if (!m.toolCalls().isEmpty()) {
          w.name("tool_calls").beginArray();
          for (ToolCall call : m.toolCalls()) {
            w.beginObject();
            w.name("id").value(call.id());
            w.name("type").value("function");
            w.name("function").beginObject();
            w.name("name").value(call.name());
            w.name("arguments").value(call.argumentsJson());
            w.endObject();
            w.endObject();
          }
          w.endArray();
        }
      }
      case TOOL -> {
        w.name("role").value("tool");
        w.name("tool_call_id").value(m.toolCallId());
        w.name("content").value(m.text());
      }
    }
    if (m.name() != null && m.role() != Role.TOOL) {
      w.name("name").value(m.name());
    }
    w.endObject();
  }

  private static void writeUserContent(JsonWriter w, List<ContentPart> parts) throws IOException {
    w.name("content");
    if (parts.size() == 1 && parts.get(0) instanceof TextPart t) {
      w.value(t.text());
      return;
    }
    w.beginArray();
    for (ContentPart part : parts) {
      w.beginObject();
      if (part instanceof TextPart t) {
        w.name("type").value("text");
        w.name("text").value(t.text());
      } else if (part instanceof ImagePart image) {
        w.name("type").value("image_url");
        w.name("image_url").beginObject();
        w.name("url").value(image.toUrlOrDataUrl());
        w.name("detail").value(image.detail().name().toLowerCase(Locale.ROOT));
        w.endObject();
      }
      w.endObject();
    }
    w.endArray();
  }

  private void writeTools(JsonWriter w, ChatRequest request) throws IOException {
    if (!request.tools().isEmpty()) {
      w.name("tools").beginArray();
      for (ToolDefinition tool : request.tools()) {
        w.beginObject();
        w.name("type").value("function");
        w.name("function").beginObject();
        w.name("name").value(tool.name());
        if (tool.description() != null) {
          w.name("description").value(tool.description());
        }
        w.name("parameters");
        writeJson(w, tool.parametersSchemaJson(), "tools[" + tool.name() + "].function.parameters");
        w.name("strict").value(tool.strict());
        w.endObject();
        w.endObject();
      }
      w.endArray();
    }
    ToolChoice choice = request.toolChoice();
    if (choice != null) {
      w.name("tool_choice");
      switch (choice.mode()) {
        case AUTO -> w.value("auto");
        case NONE -> w.value("none");
        case REQUIRED -> w.value("required");
        case TOOL -> {
          w.beginObject();
          w.name("type").value("function");
          w.name("function").beginObject().name("name").value(choice.toolName()).endObject();
          w.endObject();
        }
      }
    }
    if (request.parallelToolCalls() != null) {
      w.name("parallel_tool_calls").value(request.parallelToolCalls().booleanValue());
    }
  }

  private void writeResponseFormat(JsonWriter w, ResponseFormat format) throws IOException {
    if (format instanceof ResponseFormat.JsonObject) {
      w.name("response_format").beginObject().name("type").value("json_object").endObject();
    } else if (format instanceof ResponseFormat.JsonSchema schema) {
      w.name("response_format").beginObject();
      w.name("type").value("json_schema");
      w.name("json_schema").beginObject();
      w.name("name").value(schema.name());
      w.name("schema");
      writeJson(w, schema.schemaJson(), "response_format.json_schema.schema");
      w.name("strict").value(schema.strict());
      w.endObject();
      w.endObject();
    }
  }

  static void writeMetadata(JsonWriter w, Map<String, String> metadata) throws IOException {
    if (metadata.isEmpty()) {
      return;
    }
    w.name("metadata").beginObject();
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      w.name(e.getKey()).value(e.getValue());
    }
    w.endObject();
  }

  void writeJson(JsonWriter w, String json, String param) throws IOException {
    writeJson(w, json, param, dialect.provider());
  }

  static void writeJson(JsonWriter w, String json, String param, String provider) throws IOException {
    try {
      JsonIo.writeRawJson(w, json);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(param + " is not valid JSON: " + e.getMessage(),
          ErrorInfo.of(provider), param, e);
    }
  }

  private InvalidRequestException invalid(String message, String param) {
    return new InvalidRequestException(message, ErrorInfo.of(dialect.provider()), param, null);
  }
}
