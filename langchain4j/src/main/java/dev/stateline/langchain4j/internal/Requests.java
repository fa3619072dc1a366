/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.langchain4j.internal;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.output.TokenUsage;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.FinishReason;
import dev.stateline.chat.ResponseFormat;
import dev.stateline.chat.ToolChoice;
import dev.stateline.chat.ToolDefinition;
import dev.stateline.chat.Usage;

/**
 * LangChain4j chat requests to Stateline's, Stateline answers to LangChain4j's: model, sampling,
 * stop sequences, tools and tool choice, the response format (text, JSON, JSON schema), finish
 * reasons and usage. Stateless.
 */
public final class Requests {
  private static final String EMPTY_OBJECT_SCHEMA = "{\"type\":\"object\",\"properties\":{}}";

  private Requests() {}

  /**
   * The Stateline request for {@code r}; its model is {@code r.modelName()} or, if unset,
   * {@code defaultModel}.
   *
   * @throws IllegalArgumentException if the request asks for something Stateline cannot carry
   *     (top-k, frequency or presence penalty, audio or video content)
   */
  public static ChatRequest toStateline(dev.langchain4j.model.chat.request.ChatRequest r, String defaultModel) {
    String model = r.modelName() != null ? r.modelName() : defaultModel;
    if (model == null) {
      throw new IllegalArgumentException("no model: set modelName on the request or a default model alias");
    }
    if (r.topK() != null || r.frequencyPenalty() != null || r.presencePenalty() != null) {
      throw new IllegalArgumentException("Stateline's portable request has no top-k, frequency or presence penalty");
    }
    ChatRequest.Builder b = ChatRequest.builder().model(model).messages(Messages.toStateline(r.messages()))
        .temperature(r.temperature()).topP(r.topP()).maxOutputTokens(r.maxOutputTokens());
    if (r.stopSequences() != null && !r.stopSequences().isEmpty()) {
      b.stop(r.stopSequences());
    }
    if (r.toolSpecifications() != null) {
      for (ToolSpecification t : r.toolSpecifications()) {
        JsonObjectSchema p = t.parameters();
        String schema = p == null ? EMPTY_OBJECT_SCHEMA : SchemaJson.of(p);
        b.addTool(new ToolDefinition(t.name(), t.description(), schema, Boolean.TRUE.equals(t.strict())));
      }
    }
    if (r.toolChoice() != null && r.toolSpecifications() != null && !r.toolSpecifications().isEmpty()) {
      b.toolChoice(switch (r.toolChoice()) {
        case REQUIRED -> ToolChoice.REQUIRED;
        case NONE -> ToolChoice.NONE;
        default -> ToolChoice.AUTO;
      });
    }
    dev.langchain4j.model.chat.request.ResponseFormat f = r.responseFormat();
    if (f != null && f.type() == ResponseFormatType.JSON) {
      b.responseFormat(f.jsonSchema() == null ? ResponseFormat.jsonObject()
          : ResponseFormat.jsonSchema(schemaName(f.jsonSchema().name()), SchemaJson.of(f.jsonSchema().rootElement())));
    }
    return b.build();
  }

  /** Stateline's schema names are 1-64 of a-z, A-Z, 0-9, _ and -; LangChain4j's may be any text. */
  private static String schemaName(String name) {
    if (name == null || name.isEmpty()) {
      return "response";
    }
    String clean = name.replaceAll("[^a-zA-Z0-9_-]", "_");
    return clean.length() > 64 ? clean.substring(0, 64) : clean;
  }

  /** The LangChain4j response for Stateline's answer. */
  public static dev.langchain4j.model.chat.response.ChatResponse toLangChain4j(ChatResponse r) {
    Usage u = r.usage();
    return dev.langchain4j.model.chat.response.ChatResponse.builder()
        .aiMessage(Messages.aiMessage(r.message()))
        .id(r.id())
        .modelName(r.model())
        .tokenUsage(u == null ? null : new TokenUsage(Math.toIntExact(Math.min(u.inputTokens(), Integer.MAX_VALUE)),
            Math.toIntExact(Math.min(u.outputTokens(), Integer.MAX_VALUE))))
        .finishReason(finishReason(r.finishReason()))
        .build();
  }

  /** Stateline's finish reason as LangChain4j's; null stays null. */
  public static dev.langchain4j.model.output.FinishReason finishReason(FinishReason f) {
    if (f == null) {
      return null;
    }
    return switch (f) {
      case STOP -> dev.langchain4j.model.output.FinishReason.STOP;
      case LENGTH -> dev.langchain4j.model.output.FinishReason.LENGTH;
      case TOOL_CALLS -> dev.langchain4j.model.output.FinishReason.TOOL_EXECUTION;
      case CONTENT_FILTER -> dev.langchain4j.model.output.FinishReason.CONTENT_FILTER;
      default -> dev.langchain4j.model.output.FinishReason.OTHER;
    };
  }
}
