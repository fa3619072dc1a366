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
import dev.stateline.chat.TextPart;
import dev.stateline.chat.ToolCall;
import dev.stateline.chat.ToolChoice;
import dev.stateline.chat.ToolDefinition;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.InvalidRequestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Objects;
import okio.Buffer;
import okio.ByteString;

/**
 * Writes a {@link ChatRequest} as a Responses API request body ({@code POST .../responses}),
 * streaming JSON straight into a buffer with no reflection.
 *
 * <p>The conversation becomes {@code input} items:
 *
 * <ul>
 *   <li>system and developer messages: {@code {"type": "message", "role": "system"|"developer",
 *       "content": [{"type": "input_text", ...}]}}. They are deliberately <em>not</em> sent as
 *       {@code instructions}: instructions are not carried over to a response that continues with
 *       {@code previous_response_id}, while input items are, so items keep the same meaning as in
 *       Chat Completions;
 *   <li>user messages: a message item with {@code input_text} and {@code input_image}
 *       ({@code image_url} holding the URL or a {@code data:} URL, and {@code detail}) parts;
 *   <li>assistant messages: {@code {"type": "message", "role": "assistant", "content": "<text>"}} (the
 *       input form of an earlier answer; the output form with {@code output_text} parts needs the
 *       output item's {@code id} and {@code status}), then one
 *       {@code {"type": "function_call", "call_id", "name", "arguments"}} item per tool call;
 *   <li>tool results: {@code {"type": "function_call_output", "call_id", "output"}}.
 * </ul>
 *
 * <p>Also: {@code tools} in the flat shape {@code {"type": "function", "name", "description",
 * "parameters", "strict"}} ({@code strict} always explicit: the Responses API defaults it to true),
 * {@code tool_choice}, {@code parallel_tool_calls}, {@code text.format} for JSON output,
 * {@code temperature}, {@code top_p}, {@code max_output_tokens}, the end-user id,
 * {@code metadata}, {@code store}, {@code previous_response_id} and {@code stream}. {@code store} is
 * always sent, {@code false} unless the request asks for storage ({@link ChatRequest#store()}): the
 * Responses API keeps every response by default, and Stateline keeps nothing the caller did not ask
 * to keep (server-held sessions ask for it on every turn). Stop sequences
 * and seeds do not exist in the Responses API and are refused rather than dropped.
 *
 * <p>Part of the provider SPI. Immutable and thread-safe.
 */
public final class ResponsesEncoder {
  private final WireDialect dialect;

  public ResponsesEncoder(WireDialect dialect) {
    this.dialect = Objects.requireNonNull(dialect, "dialect");
  }

  /**
   * Encodes {@code request}.
   *
   * @param model the provider model name (ignored if the dialect does not send it)
   * @param stream whether to ask for a stream of typed events
   * @return the UTF-8 JSON body
   * @throws InvalidRequestException if the request uses what the Responses API lacks (stop
   *     sequences, seed) or holds malformed JSON
   */
  public ByteString encode(ChatRequest request, String model, boolean stream) {
    if (!request.stop().isEmpty()) {
      throw invalid("the Responses API has no stop sequences; remove stop() or use Chat Completions", "stop");
    }
    if (request.seed() != null) {
      throw invalid("the Responses API has no seed; remove seed() or use Chat Completions", "seed");
    }
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.setSerializeNulls(true);
      w.beginObject();
      if (dialect.sendModel()) {
        w.name("model").value(model);
      }
      w.name("input").beginArray();
      for (Message m : request.messages()) {
        writeItems(w, m);
      }
      w.endArray();
      writeTools(w, request);
      writeFormat(w, request.responseFormat());
      if (request.temperature() != null) {
        w.name("temperature").value(request.temperature());
      }
      if (request.topP() != null) {
        w.name("top_p").value(request.topP());
      }
      if (request.maxOutputTokens() != null) {
        w.name("max_output_tokens").value(request.maxOutputTokens().longValue());
      }
      if (request.user() != null) {
        w.name(dialect.endUserField()).value(request.user());
      }
      ChatCompletionsEncoder.writeMetadata(w, request.metadata());
      // The Responses API stores every response unless told not to (OpenAI, Azure and Bedrock
      // alike): a call that did not ask for storage leaves nothing behind.
      w.name("store").value(request.store() != null && request.store());
      if (request.previousResponseId() != null) {
        w.name("previous_response_id").value(request.previousResponseId());
      }
      if (stream) {
        w.name("stream").value(true);
      }
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a memory buffer failed", e);
    }
    return buffer.readByteString();
  }

  private static void writeItems(JsonWriter w, Message m) throws IOException {
    switch (m.role()) {
      case SYSTEM -> textMessage(w, "system", "input_text", m.text());
      case DEVELOPER -> textMessage(w, "developer", "input_text", m.text());
      case USER -> {
        w.beginObject();
        w.name("type").value("message");
        w.name("role").value("user");
        w.name("content").beginArray();
        for (ContentPart part : m.content()) {
          w.beginObject();
          if (part instanceof TextPart t) {
            w.name("type").value("input_text");
            w.name("text").value(t.text());
          } else if (part instanceof ImagePart image) {
            w.name("type").value("input_image");
            w.name("image_url").value(image.toUrlOrDataUrl());
            w.name("detail").value(image.detail().name().toLowerCase(Locale.ROOT));
          }
          w.endObject();
        }
        w.endArray();
        w.endObject();
      }
      case ASSISTANT -> {
        String text = m.text();
        if (!text.isEmpty() || m.toolCalls().isEmpty()) {
          // The input form of an earlier answer (EasyInputMessage: role and text). The output form,
          // content [{"type": "output_text", ...}], is valid input only with the output item's id and
          // status, which a client-held history does not have.
          w.beginObject();
          w.name("type").value("message");
          w.name("role").value("assistant");
          w.name("content").value(text);
          w.endObject();
        }
        for (ToolCall call : m.toolCalls()) {
          w.beginObject();
          w.name("type").value("function_call");
          w.name("call_id").value(call.id());
          w.name("name").value(call.name());
          w.name("arguments").value(call.argumentsJson());
          w.endObject();
        }
      }
      case TOOL -> {
        w.beginObject();
        w.name("type").value("function_call_output");
        w.name("call_id").value(m.toolCallId());
        w.name("output").value(m.text());
        w.endObject();
      }
    }
  }

  private static void textMessage(JsonWriter w, String role, String partType, String text) throws IOException {
    w.beginObject();
    w.name("type").value("message");
    w.name("role").value(role);
    w.name("content").beginArray();
    w.beginObject();
    w.name("type").value(partType);
    w.name("text").value(text);
    w.endObject();
    w.endArray();
    w.endObject();
  }

  private void writeTools(JsonWriter w, ChatRequest request) throws IOException {
    if (!request.tools().isEmpty()) {
      w.name("tools").beginArray();
      for (ToolDefinition tool : request.tools()) {
        w.beginObject();
        w.name("type").value("function");
        w.name("name").value(tool.name());
        if (tool.description() != null) {
          w.name("description").value(tool.description());
        }
        w.name("parameters");
        ChatCompletionsEncoder.writeJson(w, tool.parametersSchemaJson(),
            "tools[" + tool.name() + "].parameters", dialect.provider());
        w.name("strict").value(tool.strict());
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
        case TOOL -> w.beginObject().name("type").value("function").name("name").value(choice.toolName()).endObject();
      }
    }
    if (request.parallelToolCalls() != null) {
      w.name("parallel_tool_calls").value(request.parallelToolCalls().booleanValue());
    }
  }

  private void writeFormat(JsonWriter w, ResponseFormat format) throws IOException {
    if (format instanceof ResponseFormat.JsonObject) {
      w.name("text").beginObject();
      w.name("format").beginObject().name("type").value("json_object").endObject();
      w.endObject();
    } else if (format instanceof ResponseFormat.JsonSchema schema) {
      w.name("text").beginObject();
      w.name("format").beginObject();
      w.name("type").value("json_schema");
      w.name("name").value(schema.name());
      w.name("schema");
      ChatCompletionsEncoder.writeJson(w, schema.schemaJson(), "text.format.schema", dialect.provider());
      w.name("strict").value(schema.strict());
      w.endObject();
      w.endObject();
    }
  }

  private InvalidRequestException invalid(String message, String param) {
    return new InvalidRequestException(message, ErrorInfo.of(dialect.provider()), param, null);
  }
}
