/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.aws.BedrockEndpoint;
import dev.stateline.aws.BedrockOpenAi;
import dev.stateline.chat.ChatResponse;
import dev.stateline.session.Session;
import dev.stateline.session.SessionOptions;
import dev.stateline.testing.bedrock.openai.BedrockOpenAiEmulator;
import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The code of docs/providers/aws.md, "Bedrock's OpenAI-compatible endpoints". The blocks that need
 * AWS (the default credentials chain, a real Region, a key from the environment) are compiled only;
 * the target built offline and the emulator block run.
 */
class BedrockOpenAiDocsExamplesTest {

  /** Needs AWS credentials and the real endpoint: compiled, not run. */
  static void serverHeldOnRuntime() {
    Target use1 = BedrockOpenAi.target("aws-use1")
        .region("us-east-1")                                 // the Region that serves and stores
        .model("gpt", "us.openai.gpt-5.6-sol")               // alias -> cross-Region inference profile
        .build();                                            // SigV4, credentials from the default chain

    try (StatelineClient client = StatelineClient.builder().target(use1).build();
        Session session = client.session("claim-4711", SessionOptions.builder().model("gpt").serverHeld(true).build())) {
      session.send("Open a claim for contract 4711.");       // stored by Bedrock in us-east-1
      session.send("Add: water damage in the kitchen.");     // sends only this message, continuing the last response
    }
  }

  /** Needs AWS_BEARER_TOKEN_BEDROCK: compiled, not run. */
  static Target migrated() {
    Target migrated = BedrockOpenAi.target("aws-use1")
        .region("us-east-1")
        .model("gpt", "us.openai.gpt-5.6-sol")
        .apiKey(System.getenv("AWS_BEARER_TOKEN_BEDROCK"))   // the key the OpenAI SDK had as OPENAI_API_KEY
        .build();
    return migrated;
  }

  @Test
  void aMantleTarget_buildsOffline_andServesItsModelInFrankfurt() {
    Target fra = BedrockOpenAi.target("aws-fra")
        .endpoint(BedrockEndpoint.MANTLE)
        .region("eu-central-1")                              // stored responses stay in Frankfurt
        .model("gpt-oss", "openai.gpt-oss-120b")             // served under /v1
        .mantlePathPrefix("openai.gpt-oss-120b", "/v1")      // only where the model card says otherwise
        .build();
    try {
      assertThat(fra.serverAddress()).isEqualTo("bedrock-mantle.eu-central-1.api.aws");
      assertThat(fra.capabilities().serverState()).isTrue();
    } finally {
      fra.chatModel().close();
    }
  }

  @Test
  void theEmulatorExample_runs() {
    try (BedrockOpenAiEmulator bedrock = BedrockOpenAiEmulator.builder().region("us-east-1")
        .credentials("AKIDTEST", "test-secret-key").build().start()) {
      Target target = BedrockOpenAi.target("aws-test").region("us-east-1").model("gpt", "us.openai.gpt-5.6-sol")
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret-key")))
          .endpointOverride(URI.create(bedrock.endpoint().toString()))
          .build();
      try (StatelineClient client = StatelineClient.builder().target(target).build();
          Session session = client.session("s-1", SessionOptions.builder().model("gpt").serverHeld(true).build())) {
        ChatResponse first = session.send("Remember 4711.");
        session.send("Which number?");
        assertThat(bedrock.lastRequest().at("previous_response_id")).isEqualTo(first.id());
      }
    }
  }
}
