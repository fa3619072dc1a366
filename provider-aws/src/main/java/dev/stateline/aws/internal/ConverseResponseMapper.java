/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.internal;

import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.FinishReason;
import dev.stateline.chat.Message;
import dev.stateline.chat.ToolCall;
import dev.stateline.chat.Usage;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.ProtocolException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

/**
 * Turns a Converse response into a portable {@link ChatResponse}, and holds the stop-reason and
 * usage mappings that the streamed path shares.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConverseResponseMapper {

  private ConverseResponseMapper() {}

  /**
   * Maps a Converse response.
   *
   * @param modelId the model id the request was sent to (Converse does not echo it)
   * @param outputTool the tool that carries a JSON answer, or null
   * @throws ProtocolException if the response holds no message
   */
  public static ChatResponse map(ConverseResponse r, String modelId, ConverseRequestMapper.OutputTool outputTool) {
    String requestId = r.responseMetadata() == null ? null : r.responseMetadata().requestId();
    if (r.output() == null || r.output().message() == null) {
      throw new ProtocolException("Bedrock answered without an output message",
          new ErrorInfo(BedrockErrors.PROVIDER, 200, requestId, null), false, null, null);
    }
    StringBuilder text = new StringBuilder();
    List<ToolCall> calls = new ArrayList<>();
    boolean answeredThroughOutputTool = false;
    for (ContentBlock b : r.output().message().content()) {
      if (b.text() != null) {
        text.append(b.text());
      } else if (b.toolUse() != null) {
        ToolUseBlock use = b.toolUse();
        String args = use.input() == null ? "{}" : JsonDocuments.render(use.input());
        if (outputTool != null && outputTool.name().equals(use.name())) {
          text.append(args);
          answeredThroughOutputTool = true;
        } else {
          calls.add(new ToolCall(use.toolUseId() == null ? "" : use.toolUseId(),
              use.name() == null ? "" : use.name(), args));
        }
      }
      // Reasoning, citations and guard content are not part of the portable answer.
    }
    String raw = r.stopReasonAsString();
    FinishReason reason = finishReason(raw, answeredThroughOutputTool && calls.isEmpty());
    return ChatResponse.builder()
        .model(modelId)
        .message(Message.assistant(text.toString(), calls))
        .finishReason(reason)
        .rawFinishReason(raw)
        .usage(usage(r.usage()))
        .requestId(requestId)
        .provider(BedrockErrors.PROVIDER)
        .build();
  }

  /**
   * Maps a Converse stop reason.
   *
   * @param raw the wire value ({@code end_turn}, {@code tool_use}, ...), or null
   * @param answeredThroughOutputTool true if the only tool the model used carried the JSON answer;
   *     that is a finished answer, not a request for tool calls
   */
  public static FinishReason finishReason(String raw, boolean answeredThroughOutputTool) {
    if (raw == null) {
      return null;
    }
    switch (raw.toLowerCase(Locale.ROOT)) {
      case "end_turn":
      case "stop_sequence":
        return FinishReason.STOP;
      case "max_tokens":
      case "model_context_window_exceeded":
        return FinishReason.LENGTH;
      case "tool_use":
        return answeredThroughOutputTool ? FinishReason.STOP : FinishReason.TOOL_CALLS;
      case "guardrail_intervened":
      case "content_filtered":
        return FinishReason.CONTENT_FILTER;
      default:
        return FinishReason.OTHER;
    }
  }

  /**
   * Maps Bedrock's token usage. Bedrock counts cache reads and writes apart from {@code inputTokens};
   * Stateline's input count includes them, with the cache reads also given as cached input.
   */
  public static Usage usage(TokenUsage u) {
    if (u == null) {
      return Usage.ZERO;
    }
    long read = nonNegative(u.cacheReadInputTokens());
    long write = nonNegative(u.cacheWriteInputTokens());
    long input = nonNegative(u.inputTokens()) + read + write;
    return new Usage(input, read, nonNegative(u.outputTokens()), 0);
  }

  private static long nonNegative(Integer v) {
    return v == null || v < 0 ? 0 : v;
  }
}
