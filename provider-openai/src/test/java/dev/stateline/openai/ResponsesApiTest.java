/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai;

import static dev.stateline.openai.Fixtures.call;
import static dev.stateline.openai.Fixtures.compact;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stateline.ChatStream;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.ChatEvent;
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
import dev.stateline.error.InvalidRequestException;
import dev.stateline.error.ProtocolException;
import dev.stateline.error.ProviderUnavailableException;
import dev.stateline.error.RateLimitedException;
import dev.stateline.error.StoredResponseNotFoundException;
import dev.stateline.spi.EventSource;
import dev.stateline.testing.openai.OpenAiEmulator;
import dev.stateline.testing.openai.Reply;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Responses API: input items, typed stream events, and server-held state. */
class ResponsesApiTest {
  @StartStop
  final MockWebServer server = new MockWebServer();

  private OpenAiEmulator emulator;
  private StatelineClient client;
  private Target rawTarget;

  @BeforeEach
  void start() {
    emulator = OpenAiEmulator.create().start();
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (rawTarget != null) {
      rawTarget.chatModel().close();
    }
    emulator.close();
  }

  private StatelineClient client() {
    client = Fixtures.client(OpenAi.target("openai").apiKey(emulator.apiKey()).baseUrl(emulator.baseUrl())
        .model("gpt-4.1").api(OpenAiApi.RESPONSES).build(), RetryPolicy.none());
    return client;
  }

  private Target rawTarget() {
    rawTarget = Fixtures.target(server).api(OpenAiApi.RESPONSES).build();
    return rawTarget;
  }

  private static List<ChatEvent> drain(ChatStream stream) {
    List<ChatEvent> events = new ArrayList<>();
    stream.forEach(events::add);
    return events;
  }

  private List<ChatEvent> streamRaw(String sse) {
    server.enqueue(Fixtures.sse(sse));
    Target t = rawTarget();
    List<ChatEvent> events = new ArrayList<>();
    try (EventSource source = t.chatModel().stream(call(t, ChatRequest.of("gpt-4.1", "hi"), true))) {
      ChatEvent e;
      while ((e = source.next()) != null) {
        events.add(e);
      }
    }
    return events;
  }

  @Test
  void givenAConversationWithToolHistory_thenItIsSentAsInputItemsAndTheOutputIsRead() throws Exception {
    server.enqueue(Fixtures.json(200, compact("""
        {"id": "resp_67cb", "object": "response", "created_at": 1741476542, "status": "completed",
         "error": null, "incomplete_details": null, "model": "gpt-4.1-2025-04-14",
         "output": [
           {"type": "reasoning", "id": "rs_1", "summary": []},
           {"type": "message", "id": "msg_1", "status": "completed", "role": "assistant",
            "content": [{"type": "output_text", "text": "Checking the weather.", "annotations": []}]},
           {"type": "function_call", "id": "fc_1", "call_id": "call_9", "name": "weather",
            "arguments": "{\\"city\\":\\"Oslo\\"}", "status": "completed"}],
         "parallel_tool_calls": true, "store": true,
         "usage": {"input_tokens": 36, "input_tokens_details": {"cached_tokens": 20},
                   "output_tokens": 87, "output_tokens_details": {"reasoning_tokens": 64}, "total_tokens": 123},
         "metadata": {}}
        """)));
    Target t = rawTarget();

    ChatResponse answer = t.chatModel().chat(call(t, ChatRequest.builder()
        .model("gpt-4.1")
        .systemMessage("Be brief.")
        .addMessage(Message.user(ContentPart.text("What is this?"),
            ImagePart.fromUrl("https://example.com/cat.png", ImagePart.Detail.HIGH)))
        .addMessage(Message.assistant("Let me look.", List.of(new ToolCall("call_1", "lookup", "{\"q\":\"cat\"}"))))
        .addMessage(Message.tool("call_1", "{\"found\":true}"))
        .addTool(ToolDefinition.of("lookup", "Looks things up", "{\"type\":\"object\"}"))
        .toolChoice(ToolChoice.tool("lookup"))
        .responseFormat(ResponseFormat.jsonSchema("answer", "{\"type\":\"object\"}"))
        .temperature(0.5)
        .maxOutputTokens(200)
        .user("u-1")
        .putMetadata("k", "v")
        .store(true)
        .previousResponseId("resp_prev")
        .build(), false));

    var sent = server.takeRequest();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/responses");
    assertThat(sent.getBody().utf8()).isEqualTo(compact("""
        {"model": "gpt-4.1-2025-04-14",
         "input": [
           {"type": "message", "role": "system", "content": [{"type": "input_text", "text": "Be brief."}]},
           {"type": "message", "role": "user", "content": [
             {"type": "input_text", "text": "What is this?"},
             {"type": "input_image", "image_url": "https://example.com/cat.png", "detail": "high"}]},
           {"type": "message", "role": "assistant", "content": "Let me look."},
           {"type": "function_call", "call_id": "call_1", "name": "lookup", "arguments": "{\\"q\\":\\"cat\\"}"},
           {"type": "function_call_output", "call_id": "call_1", "output": "{\\"found\\":true}"}],
         "tools": [{"type": "function", "name": "lookup", "description": "Looks things up",
                    "parameters": {"type": "object"}, "strict": false}],
         "tool_choice": {"type": "function", "name": "lookup"},
         "text": {"format": {"type": "json_schema", "name": "answer", "schema": {"type": "object"}, "strict": true}},
         "temperature": 0.5,
         "max_output_tokens": 200,
         "safety_identifier": "u-1",
         "metadata": {"k": "v"},
         "store": true,
         "previous_response_id": "resp_prev"}
        """));

    assertThat(answer.id()).isEqualTo("resp_67cb");
    assertThat(answer.text()).isEqualTo("Checking the weather.");
    assertThat(answer.toolCalls()).containsExactly(new ToolCall("call_9", "weather", "{\"city\":\"Oslo\"}"));
    assertThat(answer.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(answer.rawFinishReason()).isEqualTo("completed");
    assertThat(answer.usage()).isEqualTo(new Usage(36, 20, 87, 64));
    assertThat(answer.requestId()).isEqualTo("req_123");
  }

  @Test
  void givenAStoredResponse_whenTheNextTurnNamesIt_thenPreviousResponseIdIsSentAndTheServerContinues() {
    ChatResponse first = client().chat(ChatRequest.builder().model("gpt-4.1").userMessage("My name is Ada.")
        .store(true).build());
    assertThat(first.id()).startsWith("resp_emu_");
    assertThat(emulator.isStored(first.id())).isTrue();

    ChatResponse second = client.chat(ChatRequest.builder().model("gpt-4.1").userMessage("What is my name?")
        .previousResponseId(first.id()).build());

    assertThat(emulator.lastRequest().at("previous_response_id")).isEqualTo(first.id());
    assertThat(emulator.lastRequest().at("input.0.content.0.text")).isEqualTo("What is my name?");
    assertThat(second.text()).isEqualTo("echo: What is my name? (continuing " + first.id() + ")");
  }

  @Test
  void givenAnUnknownPreviousResponse_thenStoredResponseNotFoundNamingTheParameter() {
    StoredResponseNotFoundException e = catchThrowableOfType(StoredResponseNotFoundException.class, () -> client()
        .chat(ChatRequest.builder().model("gpt-4.1").userMessage("x").previousResponseId("resp_gone").build()));

    assertThat(e).isInstanceOf(InvalidRequestException.class);
    assertThat(e.param()).isEqualTo("previous_response_id");
    assertThat(e.info().errorCode()).isEqualTo("previous_response_not_found");
    assertThat(e.isRetryable()).isFalse();
  }

  @Test
  void givenStatelessCallsThatDoNotAskForStorage_thenStoreFalseIsSentAndTheServerKeepsNothing() {
    // when: a plain and a streamed stateless call, neither asking for storage
    ChatResponse plain = client().chat(ChatRequest.of("gpt-4.1", "forget me"));
    assertThat(emulator.lastRequest().at("store")).isEqualTo(false);
    ChatResponse streamed;
    try (ChatStream stream = client.stream(ChatRequest.of("gpt-4.1", "forget me too"))) {
      streamed = stream.response();
    }
    assertThat(emulator.lastRequest().at("store")).isEqualTo(false);

    // then: the Responses API, which stores by default, kept neither
    assertThat(emulator.isStored(plain.id())).isFalse();
    assertThat(emulator.isStored(streamed.id())).isFalse();

    // and a call that asks for storage explicitly is stored
    ChatResponse kept = client.chat(ChatRequest.builder().model("gpt-4.1").userMessage("keep").store(true).build());
    assertThat(emulator.lastRequest().at("store")).isEqualTo(true);
    assertThat(emulator.isStored(kept.id())).isTrue();
  }

  @Test
  void givenAStreamedAnswer_thenTextDeltasUsageAndTheResponseIdFromResponseCompleted() {
    List<ChatEvent> events;
    try (ChatStream stream = client().stream(ChatRequest.of("gpt-4.1", "stream this please"))) {
      events = drain(stream);
    }

    assertThat(emulator.lastRequest().at("stream")).isEqualTo(true);
    assertThat(emulator.lastRequest().at("stream_options")).isNull();
    assertThat(events.stream().filter(ChatEvent.TextDelta.class::isInstance).count()).isGreaterThan(1);
    assertThat(events.get(events.size() - 2)).isInstanceOf(ChatEvent.UsageReport.class);
    ChatResponse whole = ((ChatEvent.Completed) events.get(events.size() - 1)).response();
    assertThat(whole.text()).isEqualTo("echo: stream this please");
    assertThat(whole.id()).startsWith("resp_emu_");
    assertThat(whole.usage().outputTokens()).isEqualTo(4);
    assertThat(whole.finishReason()).isEqualTo(FinishReason.STOP);
  }

  @Test
  void givenStreamedFunctionCalls_thenTheFirstDeltaCarriesIdAndNameAndCallsAreAssembled() {
    emulator.enqueue(Reply.toolCalls(Reply.call("call_a", "weather", "{\"city\":\"Bergen\",\"days\":3}"),
        Reply.call("call_b", "time", "{\"zone\":\"CET\"}")));

    List<ChatEvent> events;
    try (ChatStream stream = client().stream(ChatRequest.of("gpt-4.1", "x"))) {
      events = drain(stream);
    }

    List<ChatEvent.ToolCallDelta> deltas = events.stream().filter(ChatEvent.ToolCallDelta.class::isInstance)
        .map(ChatEvent.ToolCallDelta.class::cast).toList();
    assertThat(deltas.get(0)).isEqualTo(new ChatEvent.ToolCallDelta(0, "call_a", "weather", ""));
    assertThat(deltas.get(1).id()).isNull();
    ChatResponse whole = ((ChatEvent.Completed) events.get(events.size() - 1)).response();
    assertThat(whole.toolCalls()).containsExactly(
        new ToolCall("call_a", "weather", "{\"city\":\"Bergen\",\"days\":3}"),
        new ToolCall("call_b", "time", "{\"zone\":\"CET\"}"));
    assertThat(whole.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
  }

  @Test
  void givenAnIncompleteResponse_thenLengthWhetherStreamedOrNot() {
    emulator.enqueue(Reply.text("cut").withFinishReason("length"), Reply.text("cut").withFinishReason("length"));

    ChatResponse whole = client().chat(ChatRequest.of("gpt-4.1", "x"));
    ChatResponse streamed;
    try (ChatStream stream = client.stream(ChatRequest.of("gpt-4.1", "x"))) {
      streamed = stream.response();
    }

    for (ChatResponse r : List.of(whole, streamed)) {
      assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH);
      assertThat(r.rawFinishReason()).isEqualTo("max_output_tokens");
      assertThat(r.text()).isEqualTo("cut");
    }
  }

  @Test
  void givenAnErrorEventInTheStream_thenTheTypedError() {
    emulator.enqueue(Reply.streamError("so far", null, "server_error", "Something broke"));

    ProviderUnavailableException e = catchThrowableOfType(ProviderUnavailableException.class, () -> {
      try (ChatStream stream = client().stream(ChatRequest.of("gpt-4.1", "x"))) {
        drain(stream);
      }
    });

    assertThat(e.info().errorCode()).isEqualTo("server_error");
    assertThat(e.getMessage()).contains("Something broke");
  }

  @Test
  void givenResponseFailed_thenTheTypedErrorFromItsError() {
    RateLimitedException e = catchThrowableOfType(RateLimitedException.class, () -> streamRaw("""
        event: response.created
        data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_1","status":"in_progress","output":[]}}

        event: response.failed
        data: {"type":"response.failed","sequence_number":1,"response":{"id":"resp_1","status":"failed","error":{"code":"rate_limit_exceeded","message":"Too many tokens"},"output":[]}}

        """));

    assertThat(e.info().errorCode()).isEqualTo("rate_limit_exceeded");
  }

  @Test
  void givenAStreamWithoutATerminalEvent_thenProtocolExceptionWithThePartialText() {
    emulator.enqueue(Reply.truncatedStream("half an"));

    ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> {
      try (ChatStream stream = client().stream(ChatRequest.of("gpt-4.1", "x"))) {
        drain(stream);
      }
    });

    assertThat(e.partialText()).isEqualTo("half an");
    assertThat(e.isRetryable()).isFalse();
  }

  @Test
  void givenOnlyTheFinalEventWithOutput_thenTheAnswerIsTakenFromIt() {
    List<ChatEvent> events = streamRaw("""
        data: {"type":"response.completed","response":{"id":"resp_2","model":"m","status":"completed","output":[{"type":"message","content":[{"type":"output_text","text":"All at once"}]}],"usage":{"input_tokens":1,"output_tokens":3}}}

        """);

    ChatResponse whole = ((ChatEvent.Completed) events.get(events.size() - 1)).response();
    assertThat(whole.text()).isEqualTo("All at once");
    assertThat(whole.id()).isEqualTo("resp_2");
    assertThat(whole.usage()).isEqualTo(new Usage(1, 0, 3, 0));
  }

  @Test
  void givenAFailedStatusInAWholeResponse_thenTheTypedError() {
    server.enqueue(Fixtures.json(200, "{\"id\":\"resp_3\",\"object\":\"response\",\"status\":\"failed\","
        + "\"error\":{\"code\":\"server_error\",\"message\":\"The model failed\"},\"output\":[]}"));
    Target t = rawTarget();

    Throwable e = catchThrowable(() -> t.chatModel().chat(call(t, ChatRequest.of("gpt-4.1", "x"), false)));

    assertThat(e).isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("The model failed");
  }

  @Test
  void givenWhatTheResponsesApiLacks_thenAClearErrorAndNothingIsSent() {
    assertThat(catchThrowableOfType(InvalidRequestException.class, () -> client().chat(
        ChatRequest.builder().model("gpt-4.1").userMessage("x").stop(List.of("END")).build())).param())
        .isEqualTo("stop");
    assertThat(catchThrowableOfType(InvalidRequestException.class, () -> client.chat(
        ChatRequest.builder().model("gpt-4.1").userMessage("x").seed(1L).build())).param())
        .isEqualTo("seed");
    assertThat(emulator.requestCount()).isZero();
  }

  @Test
  void givenPreviousResponseIdOnAChatCompletionsTarget_thenAClearErrorAndNothingIsSent() {
    client = Fixtures.client(OpenAi.target("openai").apiKey(emulator.apiKey()).baseUrl(emulator.baseUrl())
        .model("gpt-4.1").build(), RetryPolicy.none());

    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class, () -> client.chat(
        ChatRequest.builder().model("gpt-4.1").userMessage("x").previousResponseId("resp_1").build()));

    assertThat(e).hasMessageContaining("Responses API");
    assertThat(emulator.requestCount()).isZero();
  }
}
