/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.fuzz;

import dev.stateline.testing.fuzz.FuzzJson;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.Message;
import dev.stateline.chat.ResponseFormat;
import dev.stateline.chat.ToolCall;
import dev.stateline.chat.ToolDefinition;
import dev.stateline.error.StatelineException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzzes a non-streamed Bedrock call from the HTTP response bytes up: the SDK unmarshals the fuzzed
 * status, headers and body (a {@code Converse} answer or an AWS error), and
 * {@code ConverseResponseMapper} / {@code BedrockErrors} turn it into a {@link ChatResponse} or a
 * {@link StatelineException}, the only exception {@code ChatModel.chat} may throw; see
 * {@link Findings} for the bugs such an exception must not hide. The request varies too: plain,
 * with a JSON response format (answered through an output tool), or with a tool call in its history
 * whose arguments are fuzzed text (so {@code JsonDocuments.parse} on the request side is covered).
 */
class ConverseFuzzTest {
  static final InMemoryBedrock BEDROCK = new InMemoryBedrock();

  static final String[] NAMES = {
    "output", "message", "role", "assistant", "user", "content", "text", "toolUse", "toolUseId",
    "name", "input", "answer", "get_weather", "reasoningContent", "reasoningText", "signature",
    "stopReason", "end_turn", "tool_use", "max_tokens", "stop_sequence", "guardrail_intervened",
    "content_filtered", "model_context_window_exceeded", "usage", "inputTokens", "outputTokens",
    "totalTokens", "cacheReadInputTokens", "cacheWriteInputTokens", "metrics", "latencyMs", "__type",
    "additionalModelResponseFields", "trace", "performanceConfig", "image", "citationsContent",
    "ThrottlingException", "ValidationException", "Input is too long for requested model."
  };
  static final int[] ERROR_STATUSES = {400, 403, 404, 408, 409, 424, 429, 500, 503, 200};
  static final String[] ERROR_TYPES = {
    "ThrottlingException", "ValidationException", "AccessDeniedException", "ResourceNotFoundException",
    "ModelTimeoutException", "ModelErrorException", "ModelNotReadyException", "ServiceUnavailableException",
    "InternalServerException", "ServiceQuotaExceededException", "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/",
    "UnknownOperationException", ""
  };

  @FuzzTest(maxDuration = "10m")
  void converse(FuzzedDataProvider data) {
    ChatRequest request = request(data);
    BEDROCK.answer(reply(data, NAMES));
    ChatResponse response;
    try {
      response = BEDROCK.target.chatModel().chat(BEDROCK.callOnTarget(request, false));
    } catch (StatelineException documented) {
      Findings.requireNoBug(documented);
      return;
    }
    assertThat(response.provider()).isEqualTo("aws.bedrock");
    assertThat(response.model()).isEqualTo(InMemoryBedrock.MODEL_ID);
    assertThat(response.finishReason()).isNotNull();
    for (ToolCall call : response.toolCalls()) {
      assertThat(call.name()).isNotEqualTo("answer"); // the output tool's answer is text, not a call
    }
  }

  static ChatRequest request(FuzzedDataProvider data) {
    ChatRequest.Builder b = ChatRequest.builder().model(InMemoryBedrock.ALIAS);
    switch (data.consumeInt(0, 3)) {
      case 1 -> b.userMessage("Answer in JSON.")
          .responseFormat(ResponseFormat.jsonSchema("answer", "{\"type\":\"object\"}"));
      case 2 -> b.addTool(ToolDefinition.of("get_weather", "Weather", "{\"type\":\"object\"}"))
          .userMessage("Weather in Oslo?")
          .addMessage(Message.assistant(null, List.of(new ToolCall("call_1", "get_weather", WireInput.text(data, 512)))))
          .addMessage(Message.tool("call_1", WireInput.text(data, 512)))
          .userMessage("Thanks.");
      default -> b.userMessage("Hello");
    }
    return b.build();
  }

  /** An HTTP response: mostly a 200 with a Converse body, sometimes an AWS error. */
  static InMemoryBedrock.Reply reply(FuzzedDataProvider data, String[] names) {
    boolean error = data.consumeInt(0, 4) == 0;
    int status = error ? data.pickValue(ERROR_STATUSES) : 200;
    var headers = InMemoryBedrock.headers("Content-Type", "application/json",
        "x-amzn-RequestId", "req-" + Integer.toHexString(data.consumeInt()));
    if (error && data.consumeBoolean()) {
      headers.put("x-amzn-ErrorType", data.pickValue(ERROR_TYPES));
    }
    if (data.consumeInt(0, 7) == 0) {
      headers.put("Retry-After", Integer.toString(data.consumeInt(-2, 100)));
    }
    String body = data.consumeInt(0, 3) == 0 ? WireInput.text(data) : FuzzJson.document(data, names);
    return new InMemoryBedrock.Reply(status, headers, List.of(body.getBytes(StandardCharsets.UTF_8)));
  }
}
