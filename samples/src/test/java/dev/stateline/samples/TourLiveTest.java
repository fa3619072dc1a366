/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.aws.DynamoDbSessionStore;
import dev.stateline.testing.bedrock.BedrockRecordedRequest;
import dev.stateline.testing.dynamodb.DynamoDbEmulator;
import dev.stateline.testing.emulators.EmulatedClouds;
import dev.stateline.testing.openai.RecordedCall;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tour's live path: given an "environment" whose endpoints are emulators this test started
 * (standing in for the real services), when the tour runs, then it builds its targets from that
 * environment — api-key on Azure, SigV4 with the given keys on Bedrock, the DynamoDB session table —
 * says which clouds are live, skips the fault it may only inject into emulators, and prints no secret.
 */
class TourLiveTest {
  private static final String AZURE_KEY = "canary-azure-key-7f3a";
  // the Bedrock emulator checks the access key id; the secret only enters the signature
  private static final String AWS_ACCESS_KEY_ID = EmulatedClouds.AWS_ACCESS_KEY_ID;
  private static final String AWS_SECRET = EmulatedClouds.AWS_SECRET_ACCESS_KEY;
  private static final String OPENAI_KEY = "sk-canary-openai-4d2c";

  @Test
  void everyCloudLive_theTourTakesTheLivePath_andPrintsNoSecret(@TempDir Path dir) {
    try (EmulatedClouds services = EmulatedClouds.builder()
            .azure("swedencentral").bedrock("eu-central-1").bedrockMantle("eu-central-1").openAi("us").start();
        DynamoDbEmulator dynamo = DynamoDbEmulator.start().acceptCredentials(AWS_ACCESS_KEY_ID, AWS_SECRET)
            .createTable("tour-sessions", DynamoDbSessionStore.PARTITION_KEY, DynamoDbSessionStore.SORT_KEY)) {
      String azureEndpoint = services.azure("swedencentral").endpoint().toString();
      Map<String, String> env = new HashMap<>();
      env.put("AZURE_OPENAI_ENDPOINT", azureEndpoint);
      env.put("AZURE_OPENAI_DEPLOYMENT", EmulatedClouds.AZURE_DEPLOYMENT);
      env.put("AZURE_OPENAI_REGION", "swedencentral");
      env.put("AZURE_OPENAI_DEPLOYMENT_TYPE", "Standard");
      env.put("AZURE_OPENAI_API_KEY", services.azure("swedencentral").apiKey());
      env.put("STATELINE_BEDROCK_MODEL", "openai.gpt-oss-20b-1:0");
      env.put("AWS_REGION", "eu-central-1");
      env.put("AWS_ACCESS_KEY_ID", AWS_ACCESS_KEY_ID);
      env.put("AWS_SECRET_ACCESS_KEY", AWS_SECRET);
      env.put("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", services.bedrock("eu-central-1").endpoint().toString());
      env.put("STATELINE_BEDROCK_OPENAI_MODEL", EmulatedClouds.BEDROCK_MANTLE_MODEL_ID);
      env.put("STATELINE_BEDROCK_OPENAI_ENDPOINT", "mantle");
      env.put("AWS_ENDPOINT_URL_BEDROCK_MANTLE", services.bedrockMantle("eu-central-1").endpoint().toString());
      env.put("STATELINE_DYNAMODB_TABLE", "tour-sessions");
      env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint().toString());
      env.put("OPENAI_API_KEY", OPENAI_KEY);
      env.put("OPENAI_BASE_URL", services.openAi().baseUrl().toString());

      String out = SampleOutput.of(o -> Tour.run(o, dir, env::get));

      // the start says, per cloud, that it is live and where, never with a key
      assertThat(out)
          .contains("Azure OpenAI : live, " + azureEndpoint + " in swedencentral, deployment gpt41-prod, api-key")
          .contains("AWS Bedrock  : live, http://")
          .contains("model openai.gpt-oss-20b-1:0, credentials from AWS_ACCESS_KEY_ID")
          .contains("AWS Responses: live, " + services.bedrockMantle("eu-central-1").endpoint()
              + " in eu-central-1, model openai.gpt-oss-120b, SigV4 from AWS_ACCESS_KEY_ID")
          .contains("OpenAI       : live, " + services.openAi().baseUrl())
          .contains("sessions     : DynamoDB table tour-sessions in eu-central-1");
      // stateless calls went to the live Azure target with its api-key header
      assertThat(out).contains("STATELESS -> primary azure-live").contains("ran on     : azure-live");
      assertThat(services.azure("swedencentral").requests())
          .isNotEmpty()
          .allSatisfy(r -> assertThat(r.header("api-key")).isEqualTo(services.azure("swedencentral").apiKey()));
      // session turns went to the live Bedrock target, signed with the environment's keys, model from env
      assertThat(out.lines().filter(l -> l.startsWith("  turn       : aws-live (STATEFUL)"))).hasSize(3);
      assertThat(services.bedrock("eu-central-1").requests()).hasSize(3).allSatisfy((BedrockRecordedRequest r) -> {
        assertThat(r.header("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=" + AWS_ACCESS_KEY_ID + "/");
        assertThat(r.modelId()).isEqualTo("openai.gpt-oss-20b-1:0");
      });
      // the server-held session's turns went to bedrock-mantle, signed for it, each continuing the last
      assertThat(out.lines().filter(l -> l.startsWith("  turn       : aws-held (STATEFUL)"))).hasSize(3);
      List<RecordedCall> held = services.bedrockMantle("eu-central-1").requests();
      assertThat(held).hasSize(3).allSatisfy(r -> assertThat(r.header("Authorization"))
          .contains("/eu-central-1/bedrock-mantle/aws4_request"));
      assertThat(held.get(1).at("previous_response_id")).isNotNull();
      // and both sessions were committed to the DynamoDB table
      assertThat(dynamo.requestCount("PutItem")).isEqualTo(6);
      assertThat(dynamo.itemCount("tour-sessions")).isEqualTo(2);
      // the fault that only an emulator may get is skipped, and said so
      assertThat(out).contains("skipped    : Azure is live (azure-live); throttling is injected only on emulated Azure")
          .doesNotContain("failover   :");
      assertThat(out).contains("refused    : ResidencyViolationException").contains("chain intact: true")
          .contains("Tour complete: every cloud was live, no emulator ran.");
      // the OpenAI target is built but, outside the EU, never called
      assertThat(services.openAi().requests()).extracting(RecordedCall::toString).isEmpty();
      // no secret anywhere in what the tour printed
      assertThat(out).doesNotContain(services.azure("swedencentral").apiKey(), AWS_SECRET, OPENAI_KEY);
    }
  }

  @Test
  void onlyAwsLive_azureStaysEmulated_andTheFailoverDemoStillRuns(@TempDir Path dir) {
    try (EmulatedClouds services = EmulatedClouds.builder().bedrock("eu-central-1").start()) {
      Map<String, String> env = Map.of(
          "STATELINE_BEDROCK_MODEL", EmulatedClouds.BEDROCK_MODEL_ID,
          "AWS_REGION", "eu-central-1",
          "AWS_ACCESS_KEY_ID", AWS_ACCESS_KEY_ID,
          "AWS_SECRET_ACCESS_KEY", AWS_SECRET,
          "AWS_ENDPOINT_URL_BEDROCK_RUNTIME", services.bedrock("eu-central-1").endpoint().toString(),
          "AZURE_OPENAI_ENDPOINT", "https://my-resource.openai.azure.com",
          "AZURE_OPENAI_API_KEY", AZURE_KEY);

      String out = SampleOutput.of(o -> Tour.run(o, dir, env::get));

      assertThat(out)
          .contains("Azure OpenAI : emulated (AZURE_OPENAI_ENDPOINT is set but AZURE_OPENAI_DEPLOYMENT is not)")
          .contains("AWS Bedrock  : live")
          .contains("OpenAI       : emulated (OPENAI_API_KEY not set)")
          .contains("sessions     : in memory");
      assertThat(out.lines().filter(l -> l.startsWith("  turn       : aws-live (STATEFUL)"))).hasSize(3);
      assertThat(services.bedrock("eu-central-1").requests()).hasSize(3);
      assertThat(out).contains("failover   : azure-swc -> azure-weu after RateLimitedException")
          .contains("HTTP requests served by the emulators, the rest by live services.")
          .doesNotContain(AZURE_KEY, AWS_SECRET);
    }
  }

  @Test
  void aGlobalDeploymentType_keepsAzureEmulated_andSaysWhy(@TempDir Path dir) {
    Map<String, String> env = Map.of(
        "AZURE_OPENAI_ENDPOINT", "https://my-resource.openai.azure.com",
        "AZURE_OPENAI_DEPLOYMENT", "gpt41-prod",
        "AZURE_OPENAI_REGION", "swedencentral",
        "AZURE_OPENAI_DEPLOYMENT_TYPE", "GlobalStandard");

    String out = SampleOutput.of(o -> Tour.run(o, dir, env::get));

    assertThat(out).contains("Azure OpenAI : emulated (AZURE_OPENAI_DEPLOYMENT_TYPE GlobalStandard may be processed"
        + " anywhere, outside the EU)");
  }

  @Test
  void aRegionOutsideTheEu_keepsTheCloudEmulated_andSaysWhy(@TempDir Path dir) {
    Map<String, String> env = Map.of(
        "AZURE_OPENAI_ENDPOINT", "https://my-resource.openai.azure.com",
        "AZURE_OPENAI_DEPLOYMENT", "gpt41-prod",
        "AZURE_OPENAI_REGION", "eastus",
        "STATELINE_BEDROCK_MODEL", "openai.gpt-oss-120b-1:0");

    String out = SampleOutput.of(o -> Tour.run(o, dir, env::get));

    assertThat(out)
        .contains("Azure OpenAI : emulated (AZURE_OPENAI_REGION eastus is outside the EU")
        .contains("AWS Bedrock  : emulated (STATELINE_BEDROCK_MODEL is set but AWS_REGION is not)")
        .contains("Tour complete: 13 HTTP requests served by the emulators.");
  }
}
