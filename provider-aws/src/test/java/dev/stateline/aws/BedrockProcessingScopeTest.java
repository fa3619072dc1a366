/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.Region;
import dev.stateline.Target;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.placement.ProcessingScope;
import dev.stateline.policy.StandardPolicy;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where a Bedrock target may process a call, from the model id it serves the alias with: a system
 * cross-Region inference profile's geography prefix, a foundation model's Region, and an application
 * inference profile that must be declared.
 */
class BedrockProcessingScopeTest {

  static Stream<Arguments> rows() {
    return Stream.of(
        Arguments.of("openai.gpt-oss-120b-1:0", "region aws/eu-central-1", true),
        Arguments.of("eu.anthropic.claude-sonnet-4-5-20250929-v1:0", "zone aws/eu", true),
        Arguments.of("global.openai.gpt-6-sol", "global aws", false),
        Arguments.of("us.openai.gpt-5.6-terra", "zone aws/us", false),
        Arguments.of("apac.amazon.nova-pro-v1:0", "zone aws/apac", false),
        Arguments.of("arn:aws:bedrock:eu-central-1::foundation-model/openai.gpt-oss-120b-1:0",
            "region aws/eu-central-1", true),
        Arguments.of("arn:aws:bedrock:eu-central-1:123456789012:inference-profile/eu.amazon.nova-pro-v1:0",
            "zone aws/eu", true),
        Arguments.of("arn:aws:bedrock:eu-central-1:123456789012:inference-profile/global.amazon.nova-pro-v1:0",
            "global aws", false),
        Arguments.of("arn:aws:bedrock:eu-central-1:123456789012:application-inference-profile/abc123",
            "unknown ('m' is served by an application inference profile whose Regions Stateline cannot know;"
                + " declare processingScope(\"m\", ProcessingScope.region(...) / zone(\"aws\", \"eu\") /"
                + " global(\"aws\")) on Bedrock target 'aws-fra' as the profile's Regions say)", false));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("rows")
  void theModelIdDecidesTheScope_andEuResidencyJudgesIt(String modelId, String scope, boolean inEu) {
    Target t = Bedrock.target("aws-fra").region("eu-central-1").model("m", modelId)
        .credentialsProvider(BedrockFixture.credentials()).build();
    try {
      assertThat(t.processingScope("m").describe()).isEqualTo(scope);
      assertThat(StandardPolicy.residencyVerdict(Jurisdiction.EU, t, "m") == null).isEqualTo(inEu);
    } finally {
      t.chatModel().close();
    }
  }

  @Test
  void anApplicationInferenceProfile_isTakenUnderEu_onceItsScopeIsDeclared() {
    Target t = Bedrock.target("aws-fra").region("eu-central-1")
        .model("m", "arn:aws:bedrock:eu-central-1:123456789012:application-inference-profile/abc123")
        .processingScope("m", ProcessingScope.zone("aws", "eu"))
        .credentialsProvider(BedrockFixture.credentials()).build();
    try {
      assertThat(StandardPolicy.residencyVerdict(Jurisdiction.EU, t, "m")).isNull();
    } finally {
      t.chatModel().close();
    }
  }

  @Test
  void anEuProfileCalledFromLondon_isNotInTheEu() {
    Target t = Bedrock.target("aws-lon").region("eu-west-2").model("m", "eu.amazon.nova-pro-v1:0")
        .credentialsProvider(BedrockFixture.credentials()).build();
    try {
      assertThat(t.processingScope("m")).isEqualTo(ProcessingScope.zone("aws", "eu"));
      assertThat(StandardPolicy.residencyVerdict(Jurisdiction.EU, t, "m")).contains("aws/eu-west-2 is outside EU");
      assertThat(t.region()).isEqualTo(Region.aws("eu-west-2"));
    } finally {
      t.chatModel().close();
    }
  }
}
