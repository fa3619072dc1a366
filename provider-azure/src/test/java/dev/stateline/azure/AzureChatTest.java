/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.azure;

import static dev.stateline.azure.AzureFixtures.ALIAS;
import static dev.stateline.azure.AzureFixtures.DEPLOYMENT;
import static dev.stateline.azure.AzureFixtures.MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.ChatStream;
import dev.stateline.StatelineClient;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.FinishReason;
import dev.stateline.chat.ImagePart;
import dev.stateline.chat.Message;
import dev.stateline.chat.ResponseFormat;
import dev.stateline.chat.TextPart;
import dev.stateline.chat.ToolChoice;
import dev.stateline.chat.ToolDefinition;
import dev.stateline.error.InvalidRequestException;
import dev.stateline.error.StoredResponseNotFoundException;
import dev.stateline.openai.OpenAiApi;
import dev.stateline.testing.azure.AzureOpenAiEmulator;
import dev.stateline.testing.azure.AzureReply;
import dev.stateline.testing.openai.RecordedCall;
import dev.stateline.testing.openai.Reply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Chat on both URL forms, whole and streamed, with tools, JSON schema and images; Responses on v1. */
class AzureChatTest {
  private AzureOpenAiEmulator azure;
  private StatelineClient client;

  @BeforeEach
  void start() {
    azure = AzureFixtures.emulator();
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    azure.close();
  }

  private StatelineClient client(AzureOpenAi.TargetBuilder target) {
    client = AzureFixtures.client(target.build());
    return client;
  }

  @Test
  void deploymentForm_sendsTheDeploymentInThePath_withTheDefaultApiVersion_andNoModelInTheBody() {
    ChatResponse answer = client(AzureFixtures.target(azure).urlForm(AzureUrlForm.DEPLOYMENT))
        .chat(ChatRequest.builder().model(ALIAS).userMessage("hello azure").user("end-user-7").build());

    RecordedCall sent = azure.lastRequest();
    assertThat(sent.path()).isEqualTo("/openai/deployments/" + DEPLOYMENT + "/chat/completions?api-version="
        + AzureOpenAi.DEFAULT_API_VERSION);
    assertThat(sent.json()).doesNotContainKey("model");
    assertThat(sent.at("user")).isEqualTo("end-user-7");
    assertThat(sent.header("api-key")).isEqualTo(azure.apiKey());
    assertThat(sent.header("Authorization")).isNull();
    assertThat(answer.text()).isEqualTo("echo: hello azure");
    assertThat(answer.model()).isEqualTo(MODEL);
    assertThat(answer.provider()).isEqualTo("azure.ai.openai");
    assertThat(answer.target()).isEqualTo("azure-swc");
    assertThat(answer.requestId()).startsWith("apim-emu-");
    assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(answer.usage().outputTokens()).isPositive();
    assertThat(answer.contentFilter()).isNotNull();
    assertThat(answer.contentFilter().filtered()).isFalse();
  }

  @Test
  void deploymentForm_honoursAnApiVersionOverride() {
    client(AzureFixtures.target(azure).urlForm(AzureUrlForm.DEPLOYMENT).apiVersion("2025-04-01-preview"))
        .chat(ChatRequest.of(ALIAS, "hi"));

    assertThat(azure.lastRequest().path()).endsWith("?api-version=2025-04-01-preview");
  }

  @Test
  void deploymentFormOn2024_10_21_sendsADeveloperMessageAsSystem_andRefusesMetadata_beforeSending() {
    StatelineClient c = client(AzureFixtures.target(azure).urlForm(AzureUrlForm.DEPLOYMENT));

    c.chat(ChatRequest.builder().model(ALIAS).developerMessage("Answer briefly.").userMessage("hi").build());
    assertThat(azure.lastRequest().at("messages.0.role")).isEqualTo("system");
    assertThat(azure.lastRequest().at("messages.0.content")).isEqualTo("Answer briefly.");

    int sent = azure.requestCount();
    assertThatThrownBy(() -> c.chat(ChatRequest.builder().model(ALIAS).userMessage("hi").putMetadata("case", "4711")
        .build()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("api-version 2024-10-21", "metadata", "urlForm(AzureUrlForm.V1)");
    assertThat(azure.requestCount()).as("nothing sent").isEqualTo(sent);
  }

  @Test
  void theV1Form_sendsDeveloperMessagesAsThey_are() {
    client(AzureFixtures.target(azure)).chat(ChatRequest.builder().model(ALIAS).developerMessage("Answer briefly.")
        .userMessage("hi").build());
    assertThat(azure.lastRequest().at("messages.0.role")).isEqualTo("developer");
  }

  @Test
  void v1Form_isTheDefault_andSendsTheDeploymentNameAsTheModel_withoutApiVersion() {
    ChatResponse answer = client(AzureFixtures.target(azure)).chat(ChatRequest.of(ALIAS, "over v1"));

    assertThat(azure.lastRequest().path()).isEqualTo("/openai/v1/chat/completions");
    assertThat(azure.lastRequest().at("model")).isEqualTo(DEPLOYMENT);
    assertThat(answer.text()).isEqualTo("echo: over v1");
    assertThat(answer.model()).isEqualTo(MODEL);
  }

  @Test
  void v1Form_sendsAnApiVersionOnlyWhenSet() {
    client(AzureFixtures.target(azure).urlForm(AzureUrlForm.V1).apiVersion("preview"))
        .chat(ChatRequest.of(ALIAS, "hi"));

    assertThat(azure.lastRequest().path()).isEqualTo("/openai/v1/chat/completions?api-version=preview");
  }

  @Test
  void toolsJsonSchemaAndImages_goOutInTheOpenAiShape_andToolCallsComeBack() {
    azure.enqueue(AzureReply.of(Reply.toolCalls(Reply.call("call_1", "weather", "{\"city\":\"Oslo\"}"))));
    ChatRequest request = ChatRequest.builder().model(ALIAS)
        .addMessage(Message.user(new TextPart("What is in this picture, and the weather there?"),
            ImagePart.fromUrl("https://example.test/oslo.png")))
        .addTool(ToolDefinition.of("weather", "Current weather",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}"))
        .toolChoice(ToolChoice.AUTO)
        .build();

    ChatResponse answer = client(AzureFixtures.target(azure)).chat(request);

    RecordedCall sent = azure.lastRequest();
    assertThat(sent.at("tools.0.type")).isEqualTo("function");
    assertThat(sent.at("tools.0.function.name")).isEqualTo("weather");
    assertThat(sent.at("tool_choice")).isEqualTo("auto");
    assertThat(sent.at("messages.0.content.1.type")).isEqualTo("image_url");
    assertThat(sent.at("messages.0.content.1.image_url.url")).isEqualTo("https://example.test/oslo.png");
    assertThat(answer.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(answer.toolCalls()).singleElement().satisfies(call -> {
      assertThat(call.name()).isEqualTo("weather");
      assertThat(call.argumentsJson()).isEqualTo("{\"city\":\"Oslo\"}");
    });

    azure.enqueue(AzureReply.text("{\"city\":\"Oslo\"}"));
    ChatResponse json = client.chat(ChatRequest.builder().model(ALIAS).userMessage("city?")
        .responseFormat(ResponseFormat.jsonSchema("place",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"],"
                + "\"additionalProperties\":false}"))
        .build());
    assertThat(azure.lastRequest().at("response_format.type")).isEqualTo("json_schema");
    assertThat(azure.lastRequest().at("response_format.json_schema.name")).isEqualTo("place");
    assertThat(json.text()).isEqualTo("{\"city\":\"Oslo\"}");
  }

  @Test
  void streamedOnTheDeploymentForm_deltasArriveAndTheAnswerIsAssembledWithUsage() {
    azure.enqueue(AzureReply.text("one two three"));
    List<String> deltas = new ArrayList<>();
    ChatResponse done;
    try (ChatStream stream = client(AzureFixtures.target(azure)).stream(ChatRequest.of(ALIAS, "count"))) {
      for (ChatEvent e : stream) {
        if (e instanceof ChatEvent.TextDelta t) {
          deltas.add(t.text());
        }
      }
      done = stream.response();
    }

    assertThat(String.join("", deltas)).isEqualTo("one two three");
    assertThat(done.text()).isEqualTo("one two three");
    assertThat(done.id()).startsWith("chatcmpl-"); // the leading annotation chunk's empty id is not kept
    assertThat(done.model()).isEqualTo(MODEL);
    assertThat(done.usage().outputTokens()).isEqualTo(3);
    assertThat(done.requestId()).startsWith("apim-emu-");
    assertThat(done.contentFilter()).isNotNull();
    assertThat(azure.lastRequest().at("stream")).isEqualTo(true);
    assertThat(azure.lastRequest().at("stream_options.include_usage")).isEqualTo(true);
  }

  @Test
  void streamedOnTheV1Form_withToolCalls() {
    azure.enqueue(AzureReply.of(Reply.toolCalls(Reply.call("call_a", "lookup", "{\"q\":\"azure regions\"}"),
        Reply.call("call_b", "lookup", "{\"q\":\"quotas\"}"))));
    ChatResponse done;
    try (ChatStream stream = client(AzureFixtures.target(azure).urlForm(AzureUrlForm.V1))
        .stream(ChatRequest.builder().model(ALIAS).userMessage("look up")
            .addTool(ToolDefinition.of("lookup", "Search", "{\"type\":\"object\"}")).build())) {
      stream.forEach(e -> { });
      done = stream.response();
    }

    assertThat(azure.lastRequest().path()).isEqualTo("/openai/v1/chat/completions");
    assertThat(azure.lastRequest().at("model")).isEqualTo(DEPLOYMENT);
    assertThat(done.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(done.toolCalls()).extracting(c -> c.id() + " " + c.argumentsJson())
        .containsExactly("call_a {\"q\":\"azure regions\"}", "call_b {\"q\":\"quotas\"}");
  }

  @Test
  void responsesApiOnV1_wholeAndStreamed() {
    client(AzureFixtures.target(azure).urlForm(AzureUrlForm.V1).api(OpenAiApi.RESPONSES));
    azure.enqueue(AzureReply.text("from responses"));

    ChatResponse answer = client.chat(ChatRequest.builder().model(ALIAS).userMessage("hi").store(true).build());

    assertThat(azure.lastRequest().path()).isEqualTo("/openai/v1/responses");
    assertThat(azure.lastRequest().at("store")).isEqualTo(true);
    assertThat(azure.lastRequest().at("model")).isEqualTo(DEPLOYMENT);
    assertThat(answer.text()).isEqualTo("from responses");
    assertThat(answer.id()).startsWith("resp_");

    azure.enqueue(AzureReply.text("streamed responses"));
    try (ChatStream stream = client.stream(ChatRequest.builder().model(ALIAS).userMessage("again")
        .previousResponseId(answer.id()).build())) {
      stream.forEach(e -> { });
      assertThat(stream.response().text()).isEqualTo("streamed responses");
    }
    assertThat(azure.lastRequest().at("previous_response_id")).isEqualTo(answer.id());
    assertThat(azure.lastRequest().at("stream")).isEqualTo(true);
  }

  @Test
  void responsesApiOnV1_aStatelessCallSendsStoreFalse_soNothingIsLeftToContinueFrom() {
    client(AzureFixtures.target(azure).urlForm(AzureUrlForm.V1).api(OpenAiApi.RESPONSES));

    ChatResponse answer = client.chat(ChatRequest.of(ALIAS, "forget this"));
    assertThat(azure.lastRequest().at("store")).isEqualTo(false);
    try (ChatStream stream = client.stream(ChatRequest.of(ALIAS, "and this"))) {
      stream.forEach(e -> { });
    }
    assertThat(azure.lastRequest().at("store")).isEqualTo(false);

    // the service kept nothing: continuing from the answer finds no stored response
    assertThatThrownBy(() -> client.chat(ChatRequest.builder().model(ALIAS).userMessage("more")
        .previousResponseId(answer.id()).build()))
        .isInstanceOfSatisfying(StoredResponseNotFoundException.class,
            e -> assertThat(e.param()).isEqualTo("previous_response_id"));
  }
}
