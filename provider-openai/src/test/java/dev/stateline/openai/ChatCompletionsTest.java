/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai;

import static dev.stateline.openai.Fixtures.call;
import static dev.stateline.openai.Fixtures.compact;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.Target;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.ContentPart;
import dev.stateline.chat.FinishReason;
import dev.stateline.chat.ImagePart;
import dev.stateline.chat.Message;
import dev.stateline.chat.ResponseFormat;
import dev.stateline.chat.ToolCall;
import dev.stateline.chat.ToolChoice;
import dev.stateline.chat.ToolDefinition;
import dev.stateline.chat.Usage;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Chat Completions, non-streamed: the exact request on the wire and the answer read back. */
class ChatCompletionsTest {
  @StartStop
  final MockWebServer server = new MockWebServer();

  private Target target;

  @AfterEach
  void close() {
    if (target != null) {
      target.chatModel().close();
    }
  }

  private ChatResponse chat(ChatRequest request) {
    target = target == null ? Fixtures.target(server).organization("org-42").project("proj-7").build() : target;
    return target.chatModel().chat(call(target, request, false));
  }

  @Test
  void givenASimpleRequest_whenChatting_thenTheExactJsonIsSentAndTheAnswerIsRead() throws Exception {
    server.enqueue(Fixtures.json(200, compact("""
        {
          "id": "chatcmpl-abc",
          "object": "chat.completion",
          "created": 1741569952,
          "model": "gpt-4.1-2025-04-14",
          "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": "Hello! How can I help?", "refusal": null, "annotations": []},
            "logprobs": null,
            "finish_reason": "stop"
          }],
          "usage": {
            "prompt_tokens": 19, "completion_tokens": 10, "total_tokens": 29,
            "prompt_tokens_details": {"cached_tokens": 12, "audio_tokens": 0},
            "completion_tokens_details": {"reasoning_tokens": 4, "audio_tokens": 0}
          },
          "service_tier": "default"
        }
        """)));

    ChatResponse answer = chat(ChatRequest.builder()
        .model("gpt-4.1")
        .systemMessage("Be brief.")
        .userMessage("Hi")
        .temperature(0.2)
        .maxOutputTokens(100)
        .build());

    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getMethod()).isEqualTo("POST");
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + Fixtures.KEY);
    assertThat(sent.getHeaders().get("OpenAI-Organization")).isEqualTo("org-42");
    assertThat(sent.getHeaders().get("OpenAI-Project")).isEqualTo("proj-7");
    assertThat(sent.getHeaders().get("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(sent.getHeaders().get("Accept")).isEqualTo("application/json");
    // The provider model is sent, not the alias; only what was set; max_completion_tokens, not max_tokens.
    assertThat(sent.getBody().utf8()).isEqualTo(compact("""
        {"model": "gpt-4.1-2025-04-14",
         "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}],
         "temperature": 0.2,
         "max_completion_tokens": 100}
        """));

    assertThat(answer.text()).isEqualTo("Hello! How can I help?");
    assertThat(answer.id()).isEqualTo("chatcmpl-abc");
    assertThat(answer.model()).isEqualTo("gpt-4.1-2025-04-14");
    assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(answer.rawFinishReason()).isEqualTo("stop");
    assertThat(answer.usage()).isEqualTo(new Usage(19, 12, 10, 4));
    assertThat(answer.requestId()).isEqualTo("req_123");
    assertThat(answer.provider()).isEqualTo("openai");
  }

  @Test
  void givenEveryKindOfInput_whenChatting_thenEachMapsToItsChatCompletionsShape() throws Exception {
    server.enqueue(Fixtures.json(200, Fixtures.CHAT_OK));
    chat(ChatRequest.builder()
        .model("gpt-4.1")
        .developerMessage("Answer in JSON.")
        .addMessage(Message.user(ContentPart.text("What is this?"),
            ImagePart.fromUrl("https://example.com/cat.png", ImagePart.Detail.LOW),
            ImagePart.fromBytes(new byte[] {1, 2, 3}, "image/png")))
        .addMessage(Message.assistant(null, List.of(new ToolCall("call_1", "lookup", "{\"q\":\"cat\"}"))))
        .addMessage(Message.tool("call_1", "{\"found\":true}"))
        .addMessage(Message.assistant("It is a cat.").withName("bot"))
        .addTool(new ToolDefinition("lookup", "Looks things up",
            "{\"type\": \"object\", \"properties\": {\"q\": {\"type\": \"string\", \"default\": null}}, \"required\": [\"q\"]}",
            true))
        .toolChoice(ToolChoice.tool("lookup"))
        .parallelToolCalls(false)
        .responseFormat(ResponseFormat.jsonSchema("answer",
            "{\"type\":\"object\",\"properties\":{\"score\":{\"type\":\"number\",\"maximum\":1.50}}}"))
        .topP(0.9)
        .stop(List.of("END"))
        .seed(42L)
        .user("user-123")
        .putMetadata("case", "4711")
        .store(false)
        .build());

    assertThat(server.takeRequest().getBody().utf8()).isEqualTo(compact("""
        {"model": "gpt-4.1-2025-04-14",
         "messages": [
           {"role": "developer", "content": "Answer in JSON."},
           {"role": "user", "content": [
             {"type": "text", "text": "What is this?"},
             {"type": "image_url", "image_url": {"url": "https://example.com/cat.png", "detail": "low"}},
             {"type": "image_url", "image_url": {"url": "data:image/png;base64,AQID", "detail": "auto"}}]},
           {"role": "assistant", "tool_calls": [
             {"id": "call_1", "type": "function", "function": {"name": "lookup", "arguments": "{\\"q\\":\\"cat\\"}"}}]},
           {"role": "tool", "tool_call_id": "call_1", "content": "{\\"found\\":true}"},
           {"role": "assistant", "content": "It is a cat.", "name": "bot"}],
         "tools": [{"type": "function", "function": {
           "name": "lookup", "description": "Looks things up",
           "parameters": {"type": "object", "properties": {"q": {"type": "string", "default": null}}, "required": ["q"]},
           "strict": true}}],
         "tool_choice": {"type": "function", "function": {"name": "lookup"}},
         "parallel_tool_calls": false,
         "response_format": {"type": "json_schema", "json_schema": {
           "name": "answer",
           "schema": {"type": "object", "properties": {"score": {"type": "number", "maximum": 1.50}}},
           "strict": true}},
         "top_p": 0.9,
         "stop": ["END"],
         "seed": 42,
         "safety_identifier": "user-123",
         "metadata": {"case": "4711"},
         "store": false}
        """));
  }

  @Test
  void givenJsonObjectModeAndToolChoiceRequired_thenTheirShortFormsAreSent() throws Exception {
    server.enqueue(Fixtures.json(200, Fixtures.CHAT_OK));
    chat(ChatRequest.builder().model("gpt-4.1").userMessage("x")
        .addTool(ToolDefinition.of("t", null, "{\"type\":\"object\"}"))
        .toolChoice(ToolChoice.REQUIRED)
        .responseFormat(ResponseFormat.jsonObject())
        .build());

    assertThat(server.takeRequest().getBody().utf8()).isEqualTo(compact("""
        {"model": "gpt-4.1-2025-04-14",
         "messages": [{"role": "user", "content": "x"}],
         "tools": [{"type": "function", "function": {"name": "t", "parameters": {"type": "object"}, "strict": false}}],
         "tool_choice": "required",
         "response_format": {"type": "json_object"}}
        """));
  }

  @Test
  void givenAToolCallAnswerFullOfUnknownFields_thenTheCallsAreReadAndTheRestIgnored() {
    server.enqueue(Fixtures.json(200, compact("""
        {"id": "chatcmpl-2", "object": "chat.completion", "brand_new_field": {"nested": [1, {"a": null}]},
         "choices": [{"index": 0, "future": true,
           "message": {"role": "assistant", "content": null, "audio": null, "extra": [1, 2],
             "tool_calls": [
               {"id": "call_a", "type": "function", "function": {"name": "weather", "arguments": "{\\"city\\":\\"Oslo\\"}", "x": 1}},
               {"id": "call_b", "type": "function", "function": {"name": "time", "arguments": "{}"}}]},
           "finish_reason": "tool_calls"}],
         "usage": {"prompt_tokens": 5, "completion_tokens": 7, "prompt_tokens_details": null, "new_counter": 3}}
        """)));

    ChatResponse answer = chat(ChatRequest.of("gpt-4.1", "weather and time?"));

    assertThat(answer.toolCalls()).containsExactly(
        new ToolCall("call_a", "weather", "{\"city\":\"Oslo\"}"),
        new ToolCall("call_b", "time", "{}"));
    assertThat(answer.text()).isEmpty();
    assertThat(answer.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(answer.usage()).isEqualTo(new Usage(5, 0, 7, 0));
  }

  @ParameterizedTest(name = "finish_reason {0} -> {1}")
  @CsvSource({"stop,STOP", "length,LENGTH", "tool_calls,TOOL_CALLS", "function_call,TOOL_CALLS",
      "content_filter,CONTENT_FILTER", "something_new,OTHER"})
  void givenEachFinishReason_thenItMapsAndTheRawValueIsKept(String raw, FinishReason expected) {
    server.enqueue(Fixtures.json(200, "{\"id\":\"c\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
        + "\"content\":\"x\"},\"finish_reason\":\"" + raw + "\"}]}"));

    ChatResponse answer = chat(ChatRequest.of("gpt-4.1", "hi"));

    assertThat(answer.finishReason()).isEqualTo(expected);
    assertThat(answer.rawFinishReason()).isEqualTo(raw);
  }

  @Test
  void givenARefusal_thenItsTextBecomesTheAnswer() {
    server.enqueue(Fixtures.json(200, "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
        + "\"content\":null,\"refusal\":\"I can't help with that.\"},\"finish_reason\":\"stop\"}]}"));

    assertThat(chat(ChatRequest.of("gpt-4.1", "hi")).text()).isEqualTo("I can't help with that.");
  }
}
