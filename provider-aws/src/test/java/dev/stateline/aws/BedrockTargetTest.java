/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.Region;
import dev.stateline.Target;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/** Building Bedrock targets: what is required, what is derived, what is refused. */
class BedrockTargetTest {

  @Test
  void givenRegionAndModels_whenBuilt_thenTheTargetIsAnAwsBedrockTargetInThatRegion() {
    Target target = Bedrock.target("aws-fra")
        .region("eu-central-1")
        .model("gpt-oss", "openai.gpt-oss-120b-1:0")
        .model("gpt-oss-small", "openai.gpt-oss-20b-1:0")
        .credentialsProvider(BedrockFixture.credentials())
        .build();
    try {
      assertThat(target.name()).isEqualTo("aws-fra");
      assertThat(target.provider()).isEqualTo("aws.bedrock").isEqualTo(Bedrock.PROVIDER);
      assertThat(target.region()).isEqualTo(Region.aws("eu-central-1"));
      assertThat(target.models()).containsExactly(
          Map.entry("gpt-oss", "openai.gpt-oss-120b-1:0"), Map.entry("gpt-oss-small", "openai.gpt-oss-20b-1:0"));
      assertThat(target.modelFor("gpt-oss")).isEqualTo("openai.gpt-oss-120b-1:0");
      // The standard placement policy sends session turns here.
      assertThat(target.hosting()).isEqualTo(Target.Hosting.STATEFUL_RUNTIME);
      assertThat(target.serverAddress()).isEqualTo("bedrock-runtime.eu-central-1.amazonaws.com");
      assertThat(target.serverPort()).isEqualTo(443);
      assertThat(target.capabilities().serverState()).isFalse();
    } finally {
      target.chatModel().close();
    }
  }

  @Test
  void givenNoRegion_whenBuilt_thenItAsksForOne() {
    assertThatThrownBy(() -> Bedrock.target("aws").model("a", "b").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("needs a region");
  }

  @Test
  void givenSomethingThatIsNotARegion_whenSet_thenItIsRefused() {
    assertThatThrownBy(() -> Bedrock.target("aws").region("Frankfurt"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an AWS region name");
  }

  @Test
  void givenNoModel_whenBuilt_thenItSaysHowToAddOne() {
    assertThatThrownBy(() -> Bedrock.target("aws").region("eu-central-1").credentialsProvider(BedrockFixture.credentials()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("serves no model")
        .hasMessageContaining("model(");
  }

  @Test
  void givenAnEndpointThatIsNotHttp_whenSet_thenItIsRefused() {
    assertThatThrownBy(() -> Bedrock.target("aws").endpointOverride(URI.create("ftp://example.com")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void givenAnInjectedClientInAnotherRegion_whenBuilt_thenTheMismatchIsRefusedForResidencySafety() {
    try (BedrockRuntimeClient usEast = BedrockRuntimeClient.builder()
        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .credentialsProvider(BedrockFixture.credentials()).build()) {
      assertThatThrownBy(() -> Bedrock.target("aws-fra").region("eu-central-1").model("a", "b")
          .credentialsProvider(BedrockFixture.credentials()).client(usEast).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("us-east-1")
          .hasMessageContaining("eu-central-1");
    }
  }

  @Test
  @SuppressWarnings("unchecked") // the SDK's Consumer... varargs builders
  void givenAnInjectedSyncClient_whenTheModelIsClosed_thenTheInjectedClientStaysOpen() {
    try (BedrockFixture f = new BedrockFixture();
        BedrockRuntimeClient mine = BedrockRuntimeClient.builder()
            .region(software.amazon.awssdk.regions.Region.EU_CENTRAL_1)
            .credentialsProvider(BedrockFixture.credentials())
            .endpointOverride(f.emulator.endpoint()).build()) {
      Target target = f.builder().client(mine).build();

      target.chatModel().close();

      String answer = mine.converse(r -> r.modelId("m").messages(m -> m.role("user").content(c -> c.text("ping"))))
          .output().message().content().get(0).text();
      assertThat(answer).isEqualTo("Echo: ping");
    }
  }

  @Test
  void givenATarget_whenPrinted_thenNoCredentialAppears() {
    try (BedrockFixture f = new BedrockFixture()) {
      assertThat(f.target.toString()).doesNotContain(BedrockFixture.SECRET_KEY).contains("aws-fra");
      assertThat(f.target.chatModel().toString())
          .doesNotContain(BedrockFixture.SECRET_KEY)
          .doesNotContain(BedrockFixture.ACCESS_KEY_ID)
          .contains("eu-central-1");
    }
  }
}
