/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stateline.Cancellation;
import dev.stateline.Timeouts;
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
import dev.stateline.error.AuthenticationException;
import dev.stateline.error.CallCancelledException;
import dev.stateline.error.CallTimeoutException;
import dev.stateline.error.ContextLengthExceededException;
import dev.stateline.error.InvalidRequestException;
import dev.stateline.error.ProviderUnavailableException;
import dev.stateline.error.RateLimitedException;
import dev.stateline.error.StatelineException;
import dev.stateline.testing.bedrock.BedrockRecordedRequest;
import dev.stateline.testing.bedrock.BedrockReply;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Non-streamed calls: Converse through the real SDK client against the emulator. */
class BedrockConverseTest {
  private final BedrockFixture f = new BedrockFixture();

  @AfterEach
  void tearDown() {
    f.close();
  }

  private ChatResponse chat(ChatRequest request) {
    return f.target.chatModel().chat(f.call(request, false));
  }

  @Test
  void givenAFullConversation_whenChatting_thenBedrockReceivesItInConverseShape() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
    ChatRequest request = ChatRequest.builder()
        .model("gpt-oss")
        .systemMessage("You are terse.")
        .developerMessage("Answer in English.")
        .addMessage(Message.user(ContentPart.text("What is on this image, and the weather?"),
            ImagePart.fromBytes(png, "image/png")))
        .addMessage(Message.assistant("Checking.",
            List.of(new ToolCall("tooluse_1", "get_weather", "{\"city\":\"Berlin\",\"days\":2}"))))
        .addMessage(Message.tool("tooluse_1", "{\"temp\":21.5,\"sky\":\"clear\"}"))
        .userMessage("Thanks. Summarise.")
        .addTool(ToolDefinition.of("get_weather", "Weather for a city",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}"))
        .toolChoice(ToolChoice.tool("get_weather"))
        .maxOutputTokens(256)
        .temperature(0.5)
        .topP(0.9)
        .stop(List.of("STOP"))
        .putMetadata("tenant", "acme")
        .build();

    ChatResponse response = chat(request);

    BedrockRecordedRequest sent = f.emulator.takeRequest();
    assertThat(sent.operation()).isEqualTo("Converse");
    assertThat(sent.modelId()).isEqualTo("openai.gpt-oss-120b-1:0");
    assertThat(sent.path()).isEqualTo("/model/openai.gpt-oss-120b-1%3A0/converse");
    // system and developer messages become system blocks
    assertThat(sent.at("system")).isEqualTo(List.of(Map.of("text", "You are terse."), Map.of("text", "Answer in English.")));
    // user text and image
    assertThat(sent.at("messages", 0, "role")).isEqualTo("user");
    assertThat(sent.at("messages", 0, "content", 0, "text")).isEqualTo("What is on this image, and the weather?");
    assertThat(sent.at("messages", 0, "content", 1, "image", "format")).isEqualTo("png");
    assertThat(sent.at("messages", 0, "content", 1, "image", "source", "bytes"))
        .isEqualTo(Base64.getEncoder().encodeToString(png));
    // the assistant's tool call is a toolUse block with a JSON input
    assertThat(sent.at("messages", 1, "role")).isEqualTo("assistant");
    assertThat(sent.at("messages", 1, "content", 0, "text")).isEqualTo("Checking.");
    assertThat(sent.at("messages", 1, "content", 1, "toolUse"))
        .isEqualTo(Map.of("toolUseId", "tooluse_1", "name", "get_weather", "input", Map.of("city", "Berlin", "days", 2.0)));
    // the tool result and the next user text share one user message (roles must alternate)
    assertThat(sent.at("messages", 2, "role")).isEqualTo("user");
    assertThat(sent.at("messages", 2, "content", 0, "toolResult"))
        .isEqualTo(Map.of("toolUseId", "tooluse_1", "content", List.of(Map.of("json", Map.of("temp", 21.5, "sky", "clear")))));
    assertThat(sent.at("messages", 2, "content", 1, "text")).isEqualTo("Thanks. Summarise.");
    assertThat((List<?>) sent.at("messages")).hasSize(3);
    // tools, tool choice and inference parameters
    assertThat(sent.at("toolConfig", "tools", 0, "toolSpec", "name")).isEqualTo("get_weather");
    assertThat(sent.at("toolConfig", "tools", 0, "toolSpec", "description")).isEqualTo("Weather for a city");
    assertThat(sent.at("toolConfig", "tools", 0, "toolSpec", "inputSchema", "json"))
        .isEqualTo(Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string")), "required", List.of("city")));
    assertThat(sent.at("toolConfig", "toolChoice")).isEqualTo(Map.of("tool", Map.of("name", "get_weather")));
    assertThat(sent.at("inferenceConfig", "maxTokens")).isEqualTo(256.0);
    assertThat(((Number) sent.at("inferenceConfig", "temperature")).doubleValue()).isEqualTo(0.5);
    assertThat(((Number) sent.at("inferenceConfig", "topP")).doubleValue()).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(sent.at("inferenceConfig", "stopSequences")).isEqualTo(List.of("STOP"));
    assertThat(sent.at("requestMetadata")).isEqualTo(Map.of("tenant", "acme"));

    // the deterministic default reply echoes the last user text
    assertThat(response.text()).isEqualTo("Echo: Thanks. Summarise.");
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(response.rawFinishReason()).isEqualTo("end_turn");
    assertThat(response.provider()).isEqualTo("aws.bedrock");
    assertThat(response.model()).isEqualTo("openai.gpt-oss-120b-1:0");
    assertThat(response.usage().outputTokens()).isEqualTo(3);
  }

  @Test
  void givenAScriptedRequestId_whenChatting_thenTheResponseKeepsTheAwsRequestId() {
    f.emulator.enqueue(BedrockReply.builder().text("ok").requestId("req-1234-abcd").build());

    ChatResponse response = chat(ChatRequest.of("gpt-oss", "hi"));

    assertThat(response.requestId()).isEqualTo("req-1234-abcd");
  }

  @Test
  void givenAToolUseAnswer_whenChatting_thenItIsAToolCallWithTheInputRenderedAsJson() {
    String input = "{\"city\":\"Zürich\",\"days\":3,\"ratio\":-0.25,\"big\":12345678901234567890,"
        + "\"units\":[\"C\",null,true],\"note\":\"say \\\"hi\\\"\\n\"}";
    f.emulator.enqueue(BedrockReply.builder()
        .text("Let me check.")
        .toolUse("tooluse_42", "get_weather", input)
        .build());

    ChatResponse response = chat(ChatRequest.builder().model("gpt-oss").userMessage("weather?")
        .addTool(ToolDefinition.of("get_weather", null, "{\"type\":\"object\"}")).build());

    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(response.rawFinishReason()).isEqualTo("tool_use");
    assertThat(response.text()).isEqualTo("Let me check.");
    assertThat(response.toolCalls()).containsExactly(new ToolCall("tooluse_42", "get_weather", input));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "end_turn, STOP",
      "stop_sequence, STOP",
      "max_tokens, LENGTH",
      "model_context_window_exceeded, LENGTH",
      "tool_use, TOOL_CALLS",
      "guardrail_intervened, CONTENT_FILTER",
      "content_filtered, CONTENT_FILTER",
      "some_future_reason, OTHER"})
  void givenAStopReason_whenChatting_thenItMapsToAFinishReasonAndTheRawValueIsKept(String raw, FinishReason expected) {
    f.emulator.enqueue(BedrockReply.builder().text("x").stopReason(raw).build());

    ChatResponse response = chat(ChatRequest.of("gpt-oss", "hi"));

    assertThat(response.finishReason()).isEqualTo(expected);
    assertThat(response.rawFinishReason()).isEqualTo(raw);
  }

  @Test
  void givenPromptCacheCounts_whenChatting_thenInputIncludesCacheTrafficAndCacheReadsAreCachedInput() {
    f.emulator.enqueue(BedrockReply.builder().text("x").usage(100, 7)
        .cacheReadInputTokens(40).cacheWriteInputTokens(10).build());

    ChatResponse response = chat(ChatRequest.of("gpt-oss", "hi"));

    assertThat(response.usage()).isEqualTo(new Usage(150, 40, 7, 0));
  }

  @Test
  void givenAJsonSchemaFormat_whenChatting_thenAForcedToolCarriesTheAnswerAsText() {
    String schema = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},\"required\":[\"name\"]}";
    f.emulator.enqueue(BedrockReply.builder()
        .toolUse("tooluse_9", "person", "{\"name\":\"Ada\"}")
        .stopReason("tool_use")
        .build());

    ChatResponse response = chat(ChatRequest.builder().model("gpt-oss").userMessage("Who wrote the first program?")
        .responseFormat(ResponseFormat.jsonSchema("person", schema)).build());

    BedrockRecordedRequest sent = f.emulator.takeRequest();
    assertThat(sent.at("toolConfig", "tools", 0, "toolSpec", "name")).isEqualTo("person");
    assertThat(sent.at("toolConfig", "tools", 0, "toolSpec", "inputSchema", "json", "required")).isEqualTo(List.of("name"));
    assertThat(sent.at("toolConfig", "toolChoice")).isEqualTo(Map.of("tool", Map.of("name", "person")));
    assertThat(response.text()).isEqualTo("{\"name\":\"Ada\"}");
    assertThat(response.toolCalls()).isEmpty();
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(response.rawFinishReason()).isEqualTo("tool_use");
  }

  @Test
  void givenJsonSchemaAndOwnTools_whenChatting_thenTheModelMustUseSomeToolAndRealToolCallsStayToolCalls() {
    f.emulator.enqueue(BedrockReply.builder().toolUse("t1", "lookup", "{\"q\":\"x\"}").build());

    ChatResponse response = chat(ChatRequest.builder().model("gpt-oss").userMessage("go")
        .addTool(ToolDefinition.of("lookup", "Search", "{\"type\":\"object\"}"))
        .responseFormat(ResponseFormat.jsonSchema("answer", "{\"type\":\"object\"}")).build());

    BedrockRecordedRequest sent = f.emulator.takeRequest();
    assertThat((List<?>) sent.at("toolConfig", "tools")).hasSize(2);
    assertThat(sent.at("toolConfig", "toolChoice")).isEqualTo(Map.of("any", Map.of()));
    assertThat(response.toolCalls()).extracting(ToolCall::name).containsExactly("lookup");
    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"AUTO, auto", "REQUIRED, any"})
  void givenAToolChoiceMode_whenChatting_thenItIsTheConverseToolChoice(ToolChoice.Mode mode, String wire) {
    chat(ChatRequest.builder().model("gpt-oss").userMessage("hi")
        .addTool(ToolDefinition.of("lookup", null, "{\"type\":\"object\"}"))
        .toolChoice(new ToolChoice(mode, null)).build());

    assertThat(f.emulator.takeRequest().at("toolConfig", "toolChoice")).isEqualTo(Map.of(wire, Map.of()));
  }

  @Test
  void givenJsonObjectMode_whenChatting_thenAForcedJsonObjectToolCarriesTheAnswer() {
    f.emulator.enqueue(BedrockReply.builder().toolUse("t1", "json_object", "{\"ok\":true}").build());

    ChatResponse response = chat(ChatRequest.builder().model("gpt-oss").userMessage("answer in JSON")
        .responseFormat(ResponseFormat.jsonObject()).build());

    BedrockRecordedRequest sent = f.emulator.takeRequest();
    assertThat(sent.at("toolConfig", "tools", 0, "toolSpec", "inputSchema", "json")).isEqualTo(Map.of("type", "object"));
    assertThat(sent.at("toolConfig", "toolChoice")).isEqualTo(Map.of("tool", Map.of("name", "json_object")));
    assertThat(response.text()).isEqualTo("{\"ok\":true}");
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
  }

  @Test
  void givenToolChoiceNoneAndNoToolHistory_whenChatting_thenNoToolsAreSent() {
    chat(ChatRequest.builder().model("gpt-oss").userMessage("hi")
        .addTool(ToolDefinition.of("lookup", null, "{\"type\":\"object\"}"))
        .toolChoice(ToolChoice.NONE).build());

    assertThat(f.emulator.takeRequest().json()).doesNotContainKey("toolConfig");
  }

  @Test
  void givenAnImageByUrl_whenChatting_thenItFailsClearlyAndNothingIsSent() {
    ChatRequest request = ChatRequest.builder().model("gpt-oss")
        .addMessage(Message.user(ContentPart.text("look"), ImagePart.fromUrl("https://example.com/cat.png")))
        .build();

    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class, () -> chat(request));

    assertThat(e).hasMessageContaining("does not fetch images by URL").hasMessageContaining("ImagePart.fromBytes");
    assertThat(e.param()).isEqualTo("messages[0].content[1]");
    assertThat(f.emulator.requestCount()).isZero();
  }

  @Test
  void givenToolCallArgumentsThatAreNotJson_whenChatting_thenItFailsNamingTheField() {
    ChatRequest request = ChatRequest.builder().model("gpt-oss").userMessage("hi")
        .addMessage(Message.assistant(null, List.of(new ToolCall("t1", "f", "{not json"))))
        .addMessage(Message.tool("t1", "done"))
        .build();

    assertThatThrownBy(() -> chat(request))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("not valid JSON")
        .satisfies(e -> assertThat(((InvalidRequestException) e).param()).isEqualTo("messages[1].toolCalls[0].argumentsJson"));
  }

  @ParameterizedTest(name = "{1} ({0}) -> {2}")
  @CsvSource({
      "429, ThrottlingException, RateLimitedException, true",
      "400, ServiceQuotaExceededException, RateLimitedException, true",
      "400, ValidationException, InvalidRequestException, false",
      "503, ServiceUnavailableException, ProviderUnavailableException, true",
      "429, ModelNotReadyException, ProviderUnavailableException, true",
      "500, InternalServerException, ProviderUnavailableException, true",
      "408, ModelTimeoutException, ProviderUnavailableException, true",
      "424, ModelErrorException, ProviderUnavailableException, true",
      "403, AccessDeniedException, AuthenticationException, false",
      "404, ResourceNotFoundException, InvalidRequestException, false",
      "502, SomethingNewException, ProviderUnavailableException, true"})
  void givenABedrockError_whenChatting_thenItMapsToTheStatelineTypeWithItsDetails(
      int status, String type, String expected, boolean retryable) {
    f.emulator.enqueue(BedrockReply.builder().httpError(status, type, "it failed: " + type).requestId("req-err-1").build());

    StatelineException e = catchThrowableOfType(StatelineException.class, () -> chat(ChatRequest.of("gpt-oss", "hi")));

    assertThat(e.getClass().getSimpleName()).isEqualTo(expected);
    assertThat(e.isRetryable()).isEqualTo(retryable);
    assertThat(e.statusCode()).isEqualTo(status);
    assertThat(e.requestId()).isEqualTo("req-err-1");
    assertThat(e.info().errorCode()).isEqualTo(type);
    assertThat(e.provider()).isEqualTo("aws.bedrock");
    assertThat(e).hasMessageContaining(type).hasMessageContaining("it failed: " + type);
    assertThat(f.emulator.requestCount()).as("the SDK itself must not retry").isEqualTo(1);
  }

  @Test
  void givenAValidationErrorAboutInputLength_whenChatting_thenItIsContextLengthExceeded() {
    f.emulator.enqueue(BedrockReply.validation("Input is too long for requested model."));

    assertThatThrownBy(() -> chat(ChatRequest.of("gpt-oss", "a very long prompt")))
        .isInstanceOf(ContextLengthExceededException.class)
        .hasMessageContaining("Input is too long");
  }

  @Test
  void givenThrottlingWithRetryAfter_whenChatting_thenTheWaitIsKept() {
    f.emulator.enqueue(BedrockReply.builder().httpError(429, "ThrottlingException", "slow down").retryAfter("2").build());

    RateLimitedException e = catchThrowableOfType(RateLimitedException.class, () -> chat(ChatRequest.of("gpt-oss", "hi")));

    assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
  }

  @Test
  void givenAnotherAccessKey_whenChatting_thenBedrockRefusesItAsAnAuthenticationFailure() {
    f.emulator.requireAccessKeyId("AKIDSOMEONEELSE");

    AuthenticationException e = catchThrowableOfType(AuthenticationException.class, () -> chat(ChatRequest.of("gpt-oss", "hi")));

    assertThat(e.statusCode()).isEqualTo(403);
    assertThat(e.info().errorCode()).isEqualTo("UnrecognizedClientException");
  }

  @Test
  void givenASlowAnswer_whenTheReadTimeoutIsShort_thenTheCallTimesOutAsARead() {
    f.emulator.enqueue(BedrockReply.builder().text("late").headersDelay(Duration.ofSeconds(3)).build());
    Timeouts tight = new Timeouts(Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofSeconds(10));

    CallTimeoutException e = catchThrowableOfType(CallTimeoutException.class, () -> f.target.chatModel().chat(f.call(ChatRequest.of("gpt-oss", "hi"), false, tight, new Cancellation())));

    assertThat(e.kind()).isEqualTo(CallTimeoutException.Kind.READ);
    assertThat(e.isRetryable()).isTrue();
  }

  @Test
  void givenASlowAnswer_whenTheTotalTimeoutIsShorter_thenTheCallTimesOutInTotal() {
    f.emulator.enqueue(BedrockReply.builder().text("late").headersDelay(Duration.ofSeconds(3)).build());
    Timeouts tight = new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMillis(400));

    CallTimeoutException e = catchThrowableOfType(CallTimeoutException.class, () -> f.target.chatModel().chat(f.call(ChatRequest.of("gpt-oss", "hi"), false, tight, new Cancellation())));

    assertThat(e.kind()).isEqualTo(CallTimeoutException.Kind.TOTAL);
    assertThat(e.isRetryable()).isFalse();
  }

  @Test
  void givenNoServerListening_whenChatting_thenTheProviderIsUnavailable() throws Exception {
    java.net.URI dead;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      dead = java.net.URI.create("http://127.0.0.1:" + s.getLocalPort());
    }
    dev.stateline.Target target = f.builder().endpointOverride(dead).build();
    try {
      StatelineException e = catchThrowableOfType(StatelineException.class, () -> target.chatModel().chat(f.call(ChatRequest.of("gpt-oss", "hi"), false).withTarget(target, 1)));

      assertThat(e).isInstanceOf(ProviderUnavailableException.class);
      assertThat(e.isRetryable()).isTrue();
    } finally {
      target.chatModel().close();
    }
  }

  @Test
  void givenACancelledCall_whenChatting_thenNothingIsSent() {
    Cancellation cancelled = new Cancellation();
    cancelled.cancel();

    assertThatThrownBy(() -> f.target.chatModel().chat(f.call(ChatRequest.of("gpt-oss", "hi"), false, BedrockFixture.FAST, cancelled)))
        .isInstanceOf(CallCancelledException.class);
    assertThat(f.emulator.requestCount()).isZero();
  }

  @Test
  void givenAnAnswerThatTakesLong_whenTheCallIsCancelledInFlight_thenTheExchangeIsAbortedAndTheCallEndsCancelled()
      throws Exception {
    f.emulator.enqueue(BedrockReply.builder().text("far too late").headersDelay(Duration.ofSeconds(20)).build());
    Timeouts patient = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(60));
    Cancellation cancellation = new Cancellation();
    java.util.concurrent.CompletableFuture<Throwable> outcome = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        f.target.chatModel().chat(f.call(ChatRequest.of("gpt-oss", "hi"), false, patient, cancellation));
        return null;
      } catch (RuntimeException e) {
        return e;
      }
    });
    f.emulator.takeRequest(); // the request is on the wire

    cancellation.cancel();

    // A guard against a hang, not a timing assertion: the answer itself would take 20 s.
    Throwable t = outcome.get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(t).isInstanceOf(CallCancelledException.class);
  }

  @Test
  void givenStaticCredentials_whenChatting_thenTheRequestIsSigV4SignedForBedrockInTheRegion() {
    chat(ChatRequest.of("gpt-oss", "hi"));

    BedrockRecordedRequest sent = f.emulator.takeRequest();
    BedrockRecordedRequest.SigV4 sig = sent.sigV4();
    assertThat(sig).isNotNull();
    assertThat(sig.accessKeyId()).isEqualTo(BedrockFixture.ACCESS_KEY_ID);
    assertThat(sig.region()).isEqualTo("eu-central-1");
    assertThat(sig.service()).isEqualTo("bedrock");
    assertThat(sig.signedHeaders()).contains("host", "x-amz-date");
    assertThat(sig.signature()).hasSize(64);
    assertThat(sent.header("X-Amz-Date")).startsWith(sig.date()).endsWith("Z");
    assertThat(sent.header("Authorization")).doesNotContain(BedrockFixture.SECRET_KEY);
    assertThat(sent.body()).doesNotContain(BedrockFixture.SECRET_KEY);
  }

  /**
   * Regression (fault matrix): the SDK's JSON parser reports a malformed body as an IOException,
   * which was mapped to a retryable "could not reach Bedrock" ProviderUnavailableException.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "application/json | {\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[]}},\"stopReason\":end_turn}",
      "text/html        | <html><body>Bad gateway</body></html>"})
  void givenA200WhoseBodyIsNotValidJson_thenAProtocolException_notAnUnreachableProvider(String type, String body) {
    f.emulator.enqueue(BedrockReply.builder().text("x")
        .wireFault(r -> dev.stateline.testing.faults.WireFaults.withBody(r, type, body)).build());

    StatelineException e = catchThrowableOfType(StatelineException.class, () -> chat(ChatRequest.of("gpt-oss", "hi")));

    assertThat(e).isInstanceOf(dev.stateline.error.ProtocolException.class);
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage()).contains("could not be read").doesNotContain("could not reach");
  }

  /**
   * Regression (fault matrix): the SDK's attempt timeout only interrupts the thread, which a socket
   * read blocked in a trickling body ignores, so the call lasted as long as the trickle (here
   * minutes); now each connection has the call's read timeout. The {@code @Timeout} is a hang guard,
   * not a timing assertion.
   */
  @Test
  @org.junit.jupiter.api.Timeout(value = 20, unit = java.util.concurrent.TimeUnit.SECONDS)
  void givenABodyThatTricklesSlowerThanTheReadTimeout_thenAReadTimeout_notACallAsLongAsTheTrickle() {
    chat(ChatRequest.of("gpt-oss", "warm up: the trickle then comes on a kept-alive connection"));
    f.emulator.enqueue(BedrockReply.builder().text("one two three")
        .wireFault(r -> dev.stateline.testing.faults.WireFaults.trickle(r, 16, Duration.ofSeconds(30))).build());

    CallTimeoutException e = catchThrowableOfType(CallTimeoutException.class, () -> f.target.chatModel().chat(
        f.call(ChatRequest.of("gpt-oss", "hi"), false,
            new Timeouts(Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofSeconds(60)), new Cancellation())));

    assertThat(e.kind()).isEqualTo(CallTimeoutException.Kind.READ);
    assertThat(e.isRetryable()).isTrue();
  }
}
