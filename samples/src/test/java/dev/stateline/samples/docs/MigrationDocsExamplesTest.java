/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.ChatStream;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.aws.Bedrock;
import dev.stateline.azure.AzureDeploymentType;
import dev.stateline.azure.AzureOpenAi;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.ContentFilterCategory;
import dev.stateline.error.ContentFilteredException;
import dev.stateline.error.ProviderUnavailableException;
import dev.stateline.error.RateLimitedException;
import dev.stateline.openai.OpenAi;
import dev.stateline.openai.OpenAiApi;
import dev.stateline.placement.CallKind;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.session.Session;
import dev.stateline.session.SessionOptions;
import dev.stateline.testing.Conditions;
import dev.stateline.testing.azure.AzureReply;
import dev.stateline.testing.emulators.EmulatedClouds;
import dev.stateline.testing.junit.StatelineTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The Stateline side ("after") of docs/migration.md, run against the emulated clouds. Every tagged
 * region is quoted in the doc (DocsSnippetsTest checks that).
 */
@StatelineTest
class MigrationDocsExamplesTest {

  // ---------------------------------------------------------------- from the Azure OpenAI SDK

  // tag::azure-target[]
  static Target azureTarget(String endpoint, String apiKey) {
    return AzureOpenAi.target("azure-swc")
        .endpoint(endpoint)                      // https://my-resource.openai.azure.com
        .apiKey(apiKey)                          // or .credential(tokenCredential) for Entra ID
        .deployment("gpt-4.1", "gpt41-prod")     // the alias your code uses -> your deployment
        .region("swedencentral")                 // where the resource is, for residency rules
        .deploymentType(AzureDeploymentType.STANDARD) // processed in that region, for residency rules
        .build();
  }
  // end::azure-target[]

  // tag::azure-calls[]
  static String summarise(StatelineClient client, String contract) {
    ChatResponse answer = client.chat(ChatRequest.builder()
        .model("gpt-4.1")
        .systemMessage("You summarise contracts in three sentences.")
        .userMessage(contract)
        .maxOutputTokens(300)
        .temperature(0.2)
        .build());
    return answer.text();
  }

  static String streamAnswer(StatelineClient client, String question) {
    StringBuilder text = new StringBuilder();
    try (ChatStream stream = client.stream(ChatRequest.of("gpt-4.1", question))) {
      for (ChatEvent event : stream) {
        if (event instanceof ChatEvent.TextDelta delta) {
          text.append(delta.text());   // render as it arrives
        }
      }
    }
    return text.toString();
  }
  // end::azure-calls[]

  // tag::azure-errors[]
  static String summariseOrExplain(StatelineClient client, String contract) {
    try {
      return summarise(client, contract);
    } catch (ContentFilteredException e) {
      return "blocked: " + e.contentFilter().prompt().stream()
          .filter(ContentFilterCategory::filtered).map(ContentFilterCategory::name).toList();
    } catch (RateLimitedException | ProviderUnavailableException e) {
      // Already retried (honouring retry-after-ms) and failed over as the policy allows.
      return "busy everywhere after " + e.attempts().size() + " attempts";
    }
  }
  // end::azure-errors[]

  @Test
  void fromTheAzureSdk(EmulatedClouds clouds) {
    Target target = azureTarget(clouds.azure("swedencentral").endpoint().toString(),
        clouds.azure("swedencentral").apiKey());
    try (StatelineClient client = StatelineClient.builder().target(target).build()) {
      assertThat(summarise(client, "The tenant pays rent monthly.")).isEqualTo("echo: The tenant pays rent monthly.");
      assertThat(streamAnswer(client, "Stream this")).isEqualTo("echo: Stream this");

      clouds.azure("swedencentral").enqueue(AzureReply.contentFilterError(
          ContentFilterCategory.ofSeverity("violence", true, ContentFilterCategory.Severity.HIGH)));
      assertThat(summariseOrExplain(client, "...")).isEqualTo("blocked: [violence]");

      clouds.azure("swedencentral").conditions(Conditions.builder().rateLimitBursts(1, 1,
          java.time.Duration.ofMillis(1)).build());
      assertThat(summariseOrExplain(client, "...")).isEqualTo("busy everywhere after 3 attempts");
    }
  }

  // ---------------------------------------------------------------- from the AWS SDK (Bedrock Converse)

  // tag::bedrock-target[]
  static Bedrock.Builder bedrockTarget() {
    return Bedrock.target("aws-fra")
        .region("eu-central-1")                              // the region it signs for and calls
        .model("gpt-4.1", "openai.gpt-oss-120b-1:0");        // alias -> Bedrock model id
  }                                                          // credentials: the SDK's default chain
  // end::bedrock-target[]

  // tag::bedrock-session[]
  static List<String> interview(StatelineClient client, List<String> questions) {
    List<String> answers = new ArrayList<>();
    try (Session session = client.session("interview-42")) {
      for (String question : questions) {
        answers.add(session.send(question).text());   // the history goes with every turn, and is kept
      }
    }
    return answers;
  }
  // end::bedrock-session[]

  @Test
  void fromTheAwsSdk(EmulatedClouds clouds) {
    Target bedrock = bedrockTarget()
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            EmulatedClouds.AWS_ACCESS_KEY_ID, EmulatedClouds.AWS_SECRET_ACCESS_KEY)))
        .endpointOverride(clouds.bedrock("eu-central-1").endpoint())
        .build();
    Target azure = azureTarget(clouds.azure("swedencentral").endpoint().toString(),
        clouds.azure("swedencentral").apiKey());
    if (azure.hosting() == Target.Hosting.UNSPECIFIED) {
      // provider-azure does not declare Azure OpenAI a stateless host yet; harmless once it does.
      azure = azure.toBuilder().hosting(Target.Hosting.STATELESS_HOST).build();
    }
    // tag::bedrock-client[]
    StatelineClient client = StatelineClient.builder()
        .target(bedrock)     // session turns: stateful, on the stateful runtime
        .target(azure)       // one-off calls: stateless, on Azure OpenAI
        .placement(PlacementPolicy.standard().residency(Jurisdiction.EU))
        .build();
    // end::bedrock-client[]
    try (client) {
      assertThat(interview(client, List.of("Who are you?", "And before that?")))
          .containsExactly("Echo: Who are you?", "Echo: And before that?");
      assertThat(client.sessionStore().load("interview-42").orElseThrow().messages()).hasSize(4);
      assertThat(clouds.bedrock("eu-central-1").requests().get(1).at("messages")).asList().hasSize(3);
      assertThat(client.chat(ChatRequest.of("gpt-4.1", "A one-off")).target()).isEqualTo("azure-swc");
    }
  }

  // ---------------------------------------------------------------- from the OpenAI Java SDK

  // tag::openai-target[]
  static OpenAi.TargetBuilder openAiTarget(String apiKey) {
    return OpenAi.target("openai")
        .apiKey(apiKey)                  // System.getenv("OPENAI_API_KEY")
        .model("gpt-4.1")                // the alias, served under its own name
        .api(OpenAiApi.RESPONSES);       // or CHAT_COMPLETIONS, the default
  }
  // end::openai-target[]

  // tag::openai-server-held[]
  static ChatResponse continueConversation(StatelineClient client) {
    try (Session session = client.session("support-42", SessionOptions.builder().serverHeld(true).build())) {
      session.send("My order has not arrived.");
      return session.send("It was order 1234.");   // sent with previous_response_id
    }
  }
  // end::openai-server-held[]

  @Test
  void fromTheOpenAiSdk(EmulatedClouds clouds) {
    Target openai = openAiTarget(clouds.openAi().apiKey()).baseUrl(clouds.openAi().baseUrl()).build();
    // tag::openai-client[]
    StatelineClient client = StatelineClient.builder()
        .target(openai)
        .placement(PlacementPolicy.standard()
            .allowProvider(CallKind.STATELESS, "openai")     // OpenAI is a direct host: allow it
            .allowProvider(CallKind.STATEFUL, "openai"))     // also for server-held conversations
        .build();
    // end::openai-client[]
    try (client) {
      assertThat(client.chat(ChatRequest.of("gpt-4.1", "Hello")).text()).isEqualTo("echo: Hello");
      ChatResponse next = continueConversation(client);
      assertThat(next.text()).startsWith("echo: It was order 1234. (continuing resp_emu_");
      assertThat(clouds.openAi().lastRequest().at("previous_response_id")).asString().startsWith("resp_emu_");
    }
  }
}
