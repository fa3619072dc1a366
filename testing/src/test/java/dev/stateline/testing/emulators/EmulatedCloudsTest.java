/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.emulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.Region;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.aws.Bedrock;
import dev.stateline.azure.AzureOpenAi;
import dev.stateline.chat.ChatRequest;
import dev.stateline.openai.OpenAi;
import dev.stateline.testing.Conditions;
import dev.stateline.testing.azure.AzureReply;
import dev.stateline.testing.bedrock.BedrockReply;
import dev.stateline.testing.openai.Reply;
import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The clouds as a whole, without provider modules (this module cannot see them; the samples module
 * builds real targets on them).
 */
class EmulatedCloudsTest {
  private static final String CHAT = "{\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";

  private final OkHttpClient http = new OkHttpClient();

  @AfterEach
  void stop() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private Response azureChat(EmulatedClouds clouds, String region) throws IOException {
    return http.newCall(new Request.Builder()
        .url(clouds.azure(region).url("/openai/deployments/" + EmulatedClouds.AZURE_DEPLOYMENT
            + "/chat/completions?api-version=2024-10-21"))
        .header("api-key", clouds.azure(region).apiKey())
        .post(RequestBody.create(CHAT, MediaType.get("application/json")))
        .build()).execute();
  }

  @Test
  void connectionCount_countsConnections_notRequests() throws IOException {
    try (EmulatedClouds clouds = EmulatedClouds.start()) {
      // Given three requests on one kept-alive connection,
      for (int i = 0; i < 3; i++) {
        try (Response r = azureChat(clouds, "swedencentral")) {
          r.body().string();
        }
      }
      assertThat(clouds.azure("swedencentral").connectionCount()).isEqualTo(1);

      // when the pool is emptied, the next request needs a new connection.
      http.connectionPool().evictAll();
      try (Response r = azureChat(clouds, "swedencentral")) {
        r.body().string();
      }
      assertThat(clouds.azure("swedencentral").connectionCount()).isEqualTo(2);
      assertThat(clouds.azure("westeurope").connectionCount()).isZero();
      assertThat(clouds.requestCount()).isEqualTo(4);
      assertThat(clouds.connectionCount()).isEqualTo(2);
    }
  }

  @Test
  void start_bringsUpTwoAzureRegions_oneBedrockRegion_andOpenAi_eachWithItsIdentity() throws IOException {
    try (EmulatedClouds clouds = EmulatedClouds.start()) {
      assertThat(clouds.azureRegions()).containsExactly("swedencentral", "westeurope");
      assertThat(clouds.bedrockRegions()).containsExactly("eu-central-1");
      assertThat(clouds.hasOpenAi()).isTrue();
      assertThat(clouds.openAi().region()).isEqualTo("us");
      assertThat(clouds.bedrock("eu-central-1").region()).isEqualTo("eu-central-1");

      try (Response swc = azureChat(clouds, "swedencentral"); Response weu = azureChat(clouds, "westeurope")) {
        assertThat(swc.header("x-ms-region")).isEqualTo("Sweden Central");
        assertThat(weu.header("x-ms-region")).isEqualTo("West Europe");
        assertThat(swc.body().string()).contains("\"model\":\"" + EmulatedClouds.AZURE_MODEL + "\"");
      }
      assertThat(clouds.azure("swedencentral").endpoint()).isNotEqualTo(clouds.azure("westeurope").endpoint());
      assertThat(clouds.requestCount()).isEqualTo(2);
      assertThat(clouds.toString()).contains("azure/swedencentral=http://127.0.0.1:", "aws/eu-central-1=",
          "openai/us=").doesNotContain(clouds.azure("westeurope").apiKey());
    }
  }

  @Test
  void builder_startsExactlyTheCloudsAsked_forExampleAUsRegionForResidencyDemos() throws IOException {
    try (EmulatedClouds clouds = EmulatedClouds.builder().azure("swedencentral").azure("EastUS").start()) {
      assertThat(clouds.azureRegions()).containsExactly("swedencentral", "eastus");
      assertThat(clouds.bedrockRegions()).isEmpty();
      assertThat(clouds.hasOpenAi()).isFalse();
      try (Response us = azureChat(clouds, "eastus")) {
        assertThat(us.header("x-ms-region")).isEqualTo("East US");
      }
      assertThatThrownBy(clouds::openAi).isInstanceOf(IllegalStateException.class).hasMessageContaining("openAi(");
      assertThatThrownBy(() -> clouds.bedrock("eu-central-1")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no Bedrock emulator in region 'eu-central-1'");
      assertThatThrownBy(() -> clouds.azure("westeurope"))
          .hasMessageContaining("[swedencentral, eastus]");
    }
  }

  @Test
  void conditions_applyToEveryEmulator() throws IOException {
    try (EmulatedClouds clouds = EmulatedClouds.start()) {
      Conditions down = Conditions.outage();
      clouds.conditions(down);

      assertThat(clouds.bedrock("eu-central-1").conditions()).isSameAs(down);
      assertThat(clouds.openAi().conditions()).isSameAs(down);
      assertThat(clouds.azure("swedencentral").conditions()).isSameAs(down);
      try (Response r = azureChat(clouds, "westeurope")) {
        assertThat(r.code()).isEqualTo(503);
      }
    }
  }

  @Test
  void targets_areBuiltByTheProviderModules_andAnswerFromTheirEmulator() {
    try (EmulatedClouds clouds = EmulatedClouds.start()) {
      Target azure = clouds.azureTarget("azure-swc", "swedencentral");
      Target bedrock = clouds.bedrockTarget("aws-fra", "eu-central-1");
      Target openAi = clouds.openAiTarget("openai");

      assertThat(azure.provider()).isEqualTo(AzureOpenAi.PROVIDER);
      assertThat(azure.region()).isEqualTo(Region.azure("swedencentral"));
      assertThat(azure.hosting()).isEqualTo(Target.Hosting.STATELESS_HOST);
      assertThat(bedrock.provider()).isEqualTo(Bedrock.PROVIDER);
      assertThat(bedrock.hosting()).isEqualTo(Target.Hosting.STATEFUL_RUNTIME);
      assertThat(openAi.provider()).isEqualTo(OpenAi.PROVIDER);
      assertThat(openAi.models()).containsEntry(EmulatedClouds.MODEL_ALIAS, EmulatedClouds.OPENAI_MODEL);

      clouds.azure("swedencentral").enqueue(AzureReply.text("from Azure"));
      clouds.bedrock("eu-central-1").enqueue(BedrockReply.text("from Bedrock"));
      clouds.openAi().enqueue(Reply.text("from OpenAI"));
      for (Target t : new Target[] {azure, bedrock, openAi}) {
        try (StatelineClient client = StatelineClient.builder().target(t).build()) {
          assertThat(client.chat(ChatRequest.of(EmulatedClouds.MODEL_ALIAS, "Hi")).text()).as(t.name())
              .isEqualTo("from " + (t == azure ? "Azure" : t == bedrock ? "Bedrock" : "OpenAI"));
        }
      }
      assertThat(clouds.requestCount()).isEqualTo(3);
    }
  }

  @Test
  void badRegions_andNoClouds_areRefused() {
    assertThatThrownBy(() -> EmulatedClouds.builder().bedrock("Frankfurt"))
        .hasMessageContaining("not an AWS region name");
    assertThatThrownBy(() -> EmulatedClouds.builder().azure(" ")).hasMessageContaining("non-blank");
    assertThatThrownBy(() -> EmulatedClouds.builder().start()).hasMessageContaining("at least one cloud");
  }

  @Test
  void bedrockManagedAgents_runInThePreviewsRegionsOnly_andCountWithTheOthers() throws Exception {
    assertThatThrownBy(() -> EmulatedClouds.builder().bedrockAgents("eu-central-1"))
        .hasMessageContaining("us-east-1, us-west-2 and us-east-2");
    try (EmulatedClouds clouds = EmulatedClouds.builder().bedrockAgents("us-east-1").start()) {
      assertThat(clouds.bedrockAgentsRegions()).containsExactly("us-east-1");
      assertThat(clouds.bedrockAgents("us-east-1").region()).isEqualTo("us-east-1");
      assertThat(clouds.toString()).contains("aws-agents/us-east-1=http://127.0.0.1:");
      assertThat(clouds.requestCount()).isZero();
    }
  }

  @Test
  void close_stopsEveryEmulator_andIsIdempotent() {
    EmulatedClouds clouds = EmulatedClouds.start();
    clouds.azure("swedencentral").endpoint();
    clouds.close();
    clouds.close();

    assertThatThrownBy(() -> azureChat(clouds, "swedencentral")).isInstanceOf(IOException.class);
  }
}
