/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import static dev.stateline.aws.BedrockOpenAiFixture.ALIAS;
import static dev.stateline.aws.BedrockOpenAiFixture.PROFILE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stateline.ChatStream;
import dev.stateline.StatelineClient;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.ContentPart;
import dev.stateline.chat.ImagePart;
import dev.stateline.chat.Message;
import dev.stateline.chat.ResponseFormat;
import dev.stateline.chat.ToolCall;
import dev.stateline.chat.ToolDefinition;
import dev.stateline.error.AuthenticationException;
import dev.stateline.error.InvalidRequestException;
import dev.stateline.error.ProviderUnavailableException;
import dev.stateline.error.RateLimitedException;
import dev.stateline.error.StoredResponseNotFoundException;
import dev.stateline.openai.OpenAiApi;
import dev.stateline.placement.Attempt;
import dev.stateline.testing.aws.SigV4Verifier;
import dev.stateline.testing.bedrock.openai.BedrockOpenAiEmulator;
import dev.stateline.testing.openai.RecordedCall;
import dev.stateline.testing.openai.Reply;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Calls through a Bedrock OpenAI-compatible target, against the emulator that recomputes every
 * SigV4 signature: the Responses API and Chat Completions, whole and streamed, tools, JSON schema and
 * images; the credential on every attempt; and Bedrock's errors mapped to Stateline's types.
 */
class BedrockOpenAiTest {
  private final BedrockOpenAiFixture f = new BedrockOpenAiFixture();

  @AfterEach
  void close() throws Exception {
    f.close();
  }

  @Test
  void givenAResponsesTarget_thenAStatelessCallIsSignedAnswered_andLeavesNothingStored() {
    StatelineClient client = f.client(f.builder().build());

    ChatResponse plain = client.chat(ChatRequest.of(ALIAS, "hello there"));
    ChatResponse streamed;
    try (ChatStream stream = client.stream(ChatRequest.of(ALIAS, "and streamed"))) {
      streamed = stream.response();
    }

    assertThat(plain.text()).isEqualTo("echo: hello there");
    assertThat(streamed.text()).isEqualTo("echo: and streamed");
    assertThat(plain.provider()).isEqualTo("aws.bedrock");
    assertThat(plain.requestId()).startsWith("bedrock-emu-");
    for (RecordedCall sent : f.emulator.requests()) {
      assertThat(sent.path()).isEqualTo("/openai/v1/responses");
      assertThat(sent.at("model")).isEqualTo(PROFILE);
      assertThat(sent.at("store")).as("a stateless call leaves no state behind").isEqualTo(false);
      assertThat(SigV4Verifier.accessKeyId(sent.header("Authorization"))).isEqualTo(BedrockOpenAiFixture.ACCESS_KEY_ID);
      assertThat(sent.header("x-amz-content-sha256")).hasSize(64);
    }
    assertThat(f.emulator.isStored(plain.id())).isFalse();
    assertThat(f.emulator.isStored(streamed.id())).isFalse();
  }

  @Test
  void givenToolsJsonSchemaAndAnImage_thenTheyAreSentAsResponsesItems_andToolCallsComeBack() {
    StatelineClient client = f.client(f.builder().build());
    f.emulator.enqueue(Reply.toolCalls(Reply.call("call_1", "weather", "{\"city\":\"Oslo\"}")));

    ChatResponse answer = client.chat(ChatRequest.builder().model(ALIAS)
        .addMessage(Message.user(ContentPart.text("Weather here?"),
            ImagePart.fromUrl("https://example.com/sky.png", ImagePart.Detail.LOW)))
        .addTool(ToolDefinition.of("weather", "Weather by city", "{\"type\":\"object\"}"))
        .responseFormat(ResponseFormat.jsonSchema("report", "{\"type\":\"object\"}"))
        .build());

    RecordedCall sent = f.emulator.lastRequest();
    assertThat(sent.at("tools.0.type")).isEqualTo("function");
    assertThat(sent.at("input.0.content.1.type")).isEqualTo("input_image");
    assertThat(sent.at("text.format.type")).isEqualTo("json_schema");
    assertThat(answer.toolCalls()).containsExactly(new ToolCall("call_1", "weather", "{\"city\":\"Oslo\"}"));
  }

  @Test
  void givenChatCompletions_thenTheyGoToOpenAiV1ChatCompletions_wholeAndStreamed() {
    StatelineClient client = f.client(f.builder().model("oss", "openai.gpt-oss-120b-1:0")
        .api(OpenAiApi.CHAT_COMPLETIONS).build());

    ChatResponse whole = client.chat(ChatRequest.of("oss", "hi"));
    try (ChatStream stream = client.stream(ChatRequest.of("oss", "streamed hi"))) {
      List<ChatEvent> events = new java.util.ArrayList<>();
      stream.forEach(events::add);
      assertThat(events).anyMatch(ChatEvent.TextDelta.class::isInstance);
    }

    assertThat(whole.text()).isEqualTo("echo: hi");
    assertThat(f.emulator.requests()).extracting(RecordedCall::path).containsOnly("/openai/v1/chat/completions");
    assertThat(f.emulator.lastRequest().at("model")).isEqualTo("openai.gpt-oss-120b-1:0");
  }

  @Test
  void givenTemporaryCredentialsThatRotate_thenEveryAttemptIsSignedAfresh_withTheCurrentOnes() {
    // given: session credentials that rotate after each use; the emulator knows both
    AwsSessionCredentials first = AwsSessionCredentials.create("ASIAROTATEFIRST00001", "first-secret-000000000000",
        "token-one");
    AwsSessionCredentials second = AwsSessionCredentials.create("ASIAROTATESECOND0002", "second-secret-00000000000",
        "token-two");
    f.emulator.acceptCredentials(first.accessKeyId(), first.secretAccessKey(), first.sessionToken())
        .acceptCredentials(second.accessKeyId(), second.secretAccessKey(), second.sessionToken());
    AtomicInteger resolutions = new AtomicInteger();
    AwsCredentialsProvider rotating = () -> resolutions.getAndIncrement() == 0 ? first : second;
    StatelineClient client = f.client(f.builder().credentialsProvider(rotating).build());
    // and a first attempt the service cannot serve
    f.emulator.enqueue(Reply.serverError(503));

    // when
    ChatResponse answer = client.chat(ChatRequest.of(ALIAS, "retry me"));

    // then: retried, and the retry was signed again, with the rotated credentials and their token
    assertThat(answer.attempts()).extracting(Attempt::errorType).containsExactly("ProviderUnavailableException", null);
    List<RecordedCall> sent = f.emulator.requests();
    assertThat(sent).extracting(r -> SigV4Verifier.accessKeyId(r.header("Authorization")))
        .containsExactly("ASIAROTATEFIRST00001", "ASIAROTATESECOND0002");
    assertThat(sent).extracting(r -> r.header("X-Amz-Security-Token")).containsExactly("token-one", "token-two");
    assertThat(resolutions).hasValue(2);
  }

  @Test
  void givenABedrockApiKey_thenItIsSentAsBearer_andAWrongOneIsAnAuthenticationErrorThatHidesIt() {
    f.emulator.acceptApiKey("bedrock-api-key-right-0001");
    StatelineClient good = f.client(BedrockOpenAi.target("aws-key").region("us-east-1").model(ALIAS, PROFILE)
        .apiKey("bedrock-api-key-right-0001").endpointOverride(URI.create(f.emulator.endpoint().toString())).build());
    StatelineClient bad = f.client(BedrockOpenAi.target("aws-bad").region("us-east-1").model(ALIAS, PROFILE)
        .apiKey("bedrock-api-key-wrong-0002").endpointOverride(URI.create(f.emulator.endpoint().toString())).build());

    assertThat(good.chat(ChatRequest.of(ALIAS, "hi")).text()).isEqualTo("echo: hi");
    assertThat(f.emulator.lastRequest().header("Authorization")).isEqualTo("Bearer bedrock-api-key-right-0001");
    AuthenticationException e = catchThrowableOfType(AuthenticationException.class,
        () -> bad.chat(ChatRequest.of(ALIAS, "hi")));

    assertThat(e.statusCode()).isEqualTo(403);
    assertThat(e.attempts()).as("not retried").hasSize(1);
    assertThat(e.getMessage()).contains("API Key is valid").doesNotContain("wrong-0002");
  }

  @Test
  void givenAWrongSecretKey_thenSignatureDoesNotMatch_isAnAuthenticationErrorWithoutTheSecret() {
    StatelineClient client = f.client(f.builder().credentialsProvider(() ->
        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(BedrockOpenAiFixture.ACCESS_KEY_ID,
            "not-the-secret-key-000000000000")).build());

    AuthenticationException e = catchThrowableOfType(AuthenticationException.class,
        () -> client.chat(ChatRequest.of(ALIAS, "hi")));

    assertThat(e.getMessage()).contains("SignatureDoesNotMatch").doesNotContain("not-the-secret-key");
    assertThat(e.info().requestId()).startsWith("bedrock-emu-");
  }

  @Test
  void givenAContinuationOfAResponseTheRegionNoLongerHas_thenStoredResponseNotFound_namingIt() {
    StatelineClient client = f.client(f.builder().build());
    ChatResponse kept = client.chat(ChatRequest.builder().model(ALIAS).userMessage("keep").store(true).build());
    assertThat(f.emulator.isStored(kept.id())).isTrue();
    f.emulator.elapse(BedrockOpenAiEmulator.RETENTION.plusHours(1));

    StoredResponseNotFoundException e = catchThrowableOfType(StoredResponseNotFoundException.class,
        () -> client.chat(ChatRequest.builder().model(ALIAS).userMessage("more").previousResponseId(kept.id()).build()));

    assertThat(e.responseId()).isEqualTo(kept.id());
    assertThat(e.statusCode()).isEqualTo(404);
    assertThat(e.getMessage()).contains(kept.id(), "us-east-1", "30 days");
    assertThat(e.attempts()).as("not retried").hasSize(1);
  }

  @Test
  void givenThrottlingAndCapacityPressure_thenRateLimitedAndUnavailable_retried() {
    StatelineClient client = f.client(f.builder().build());
    f.emulator.enqueue(Reply.error(429, "rate_limit_error", "ThrottlingException", "Too many tokens"),
        Reply.serverError(503));

    ChatResponse answer = client.chat(ChatRequest.of(ALIAS, "busy"));

    assertThat(answer.attempts()).extracting(Attempt::errorType)
        .containsExactly("RateLimitedException", "ProviderUnavailableException", null);
    f.emulator.enqueue(Reply.error(429, "rate_limit_error", "ThrottlingException", "Too many tokens"),
        Reply.error(429, "rate_limit_error", "ThrottlingException", "Too many tokens"),
        Reply.error(429, "rate_limit_error", "ThrottlingException", "Too many tokens"));
    RateLimitedException e = catchThrowableOfType(RateLimitedException.class,
        () -> client.chat(ChatRequest.of(ALIAS, "busy")));
    assertThat(e.attempts()).hasSize(3);
    assertThat(catchThrowableOfType(ProviderUnavailableException.class, () -> {
      f.emulator.enqueue(Reply.serverError(503), Reply.serverError(503), Reply.serverError(503));
      client.chat(ChatRequest.of(ALIAS, "down"));
    }).statusCode()).isEqualTo(503);
  }

  @Test
  void givenMantle_thenGptOssGoesUnderV1_gptUnderOpenAiV1_andAWrongPrefixErrorSaysHowToFixIt() throws Exception {
    BedrockOpenAiEmulator mantle = f.closeLater(BedrockOpenAiFixture.emulator(BedrockOpenAiEmulator.Surface.MANTLE,
        "eu-central-1"));
    StatelineClient client = f.client(BedrockOpenAiFixture.builder("aws-fra", mantle)
        .model("sol", "openai.gpt-5.6-sol").build());

    client.chat(ChatRequest.of(ALIAS, "oss"));
    assertThat(mantle.lastRequest().path()).isEqualTo("/v1/responses");
    assertThat(mantle.lastRequest().header("Authorization")).contains("/eu-central-1/bedrock-mantle/aws4_request");
    client.chat(ChatRequest.of("sol", "gpt"));
    assertThat(mantle.lastRequest().path()).isEqualTo("/openai/v1/responses");

    StatelineClient misrouted = f.client(BedrockOpenAiFixture.builder("aws-fra2", mantle)
        .mantlePathPrefix("openai.gpt-oss-120b", "/openai/v1").build());
    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
        () -> misrouted.chat(ChatRequest.of(ALIAS, "x")));
    assertThat(e.getMessage()).contains("isn't supported on this route", "mantlePathPrefix");
  }
}
