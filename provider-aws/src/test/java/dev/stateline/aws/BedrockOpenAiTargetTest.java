/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.Price;
import dev.stateline.Region;
import dev.stateline.Target;
import dev.stateline.openai.OpenAiApi;
import java.net.URI;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Building a Bedrock OpenAI-compatible target: what it declares to placement, and the endpoints'
 * rules, enforced before anything is sent, as a table of what is refused and what the error says to
 * change.
 */
class BedrockOpenAiTargetTest {

  private static BedrockOpenAi.Builder runtime() {
    return BedrockOpenAi.target("aws-use1").region("us-east-1").credentialsProvider(BedrockOpenAiFixture.credentials())
        .environment(v -> null);
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        row("no region", b -> BedrockOpenAi.target("x").model("gpt", "us.openai.gpt-5.6-sol"),
            "needs a region"),
        row("no model", b -> BedrockOpenAi.target("x").region("us-east-1"), "serves no model"),
        row("a key and a credentials provider", b -> b.model("gpt", "us.openai.gpt-5.6-sol").apiKey("k-123"),
            "both an apiKey and a credentialsProvider"),
        row("a foundation id with the Responses API on runtime", b -> b.model("gpt", "openai.gpt-5.6-sol"),
            "no in-Region inference on bedrock-runtime; name the profile instead, such as us.openai.gpt-5.6-sol"),
        row("an OpenAI GPT foundation id with Chat Completions on runtime",
            b -> b.model("gpt", "openai.gpt-5.6-sol").api(OpenAiApi.CHAT_COMPLETIONS), "no in-Region inference"),
        row("the Responses API of GPT OSS on runtime", b -> b.model("oss", "openai.gpt-oss-120b-1:0"),
            "does not serve the Responses API of GPT OSS models"),
        row("an application inference profile with the Responses API on runtime",
            b -> b.model("gpt", "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2"),
            "refuses application inference profiles"),
        row("a profile of another geography", b -> b.region("eu-central-1").model("gpt", "us.openai.gpt-5.6-sol"),
            "can be called only from a Region of that geography, not from eu-central-1"),
        row("a global profile from GovCloud", b -> b.region("us-gov-west-1").model("gpt", "global.openai.gpt-5.6-sol"),
            "commercial AWS Region"),
        row("mantle in a Region it does not serve", b -> b.endpoint(BedrockEndpoint.MANTLE).region("ca-central-1")
            .model("oss", "openai.gpt-oss-120b"), "bedrock-mantle is not served in ca-central-1"),
        row("another project on runtime", b -> b.model("gpt", "us.openai.gpt-5.6-sol").project("team-a"),
            "supports only the default project"),
        row("plain http to a remote host", b -> b.model("gpt", "us.openai.gpt-5.6-sol")
            .endpointOverride(URI.create("http://bedrock.proxy.example")), "refusing plain http"),
        row("a mantle path prefix that does not exist", b -> b.mantlePathPrefix("openai.gpt-oss-120b", "/v2"),
            "under /v1 or /openai/v1"),
        row("a key with a newline", b -> b.apiKey("k-123\n"), "printable ASCII"),
        row("a project that would split its header", b -> b.project("default\r\nX-Evil: 1"),
            "project is sent as an HTTP header"),
        row("a response limit below 1 KiB", b -> b.maxResponseBytes(10), "maxResponseBytes must be at least 1024"),
        row("a negative bulkhead", b -> b.maxConcurrentCalls(-1), "maxConcurrentCalls must not be negative"));
  }

  private static Arguments row(String what, UnaryOperator<BedrockOpenAi.Builder> builder, String says) {
    return Arguments.of(what, builder, says);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refusedBeforeSending_withAMessageThatSaysWhatToChange(String what, UnaryOperator<BedrockOpenAi.Builder> change,
      String says) {
    assertThatThrownBy(() -> change.apply(runtime()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(says);
  }

  @Test
  void theSettingsEveryOpenAiWireTargetHas_reachTheTarget_andChainInAnyOrder() {
    Price price = Price.perMillionTokens("2.50", "10.00");
    Target t = runtime().price(price).model("gpt", "us.openai.gpt-5.6-sol").maxConcurrentCalls(4)
        .maxResponseBytes(4096).project("default").allowInsecureHttp()
        .endpointOverride(URI.create("http://bedrock.proxy.example")).build();
    try {
      assertThat(t.price()).isEqualTo(price);
      assertThat(t.maxConcurrentCalls()).isEqualTo(4);
      assertThat(t.serverAddress()).isEqualTo("bedrock.proxy.example");
    } finally {
      t.chatModel().close();
    }
  }

  @Test
  void aRuntimeTarget_isAStatefulRuntimeOnAws_holdingServerState_inItsRegion() {
    Target t = runtime().model("gpt", "us.openai.gpt-5.6-sol").build();
    try {
      assertThat(t.provider()).isEqualTo("aws.bedrock");
      assertThat(t.region()).isEqualTo(Region.aws("us-east-1"));
      assertThat(t.hosting()).isEqualTo(Target.Hosting.STATEFUL_RUNTIME);
      assertThat(t.capabilities().serverState()).isTrue();
      assertThat(t.capabilities().tools()).isTrue();
      assertThat(t.capabilities().jsonSchema()).isTrue();
      assertThat(t.capabilities().imageInput()).isTrue();
      assertThat(t.serverAddress()).isEqualTo("bedrock-runtime.us-east-1.amazonaws.com");
      assertThat(t.serverPort()).isEqualTo(443);
      assertThat(t.chatModel().toString()).contains("RUNTIME", "us-east-1", "SigV4Auth[bedrock, us-east-1]");
    } finally {
      t.chatModel().close();
    }
  }

  @Test
  void aMantleTarget_withChatCompletions_holdsNoServerState_andNamesItsHost() {
    Target t = BedrockOpenAi.target("aws-fra").endpoint(BedrockEndpoint.MANTLE).region("eu-central-1")
        .model("oss", "openai.gpt-oss-120b").api(OpenAiApi.CHAT_COMPLETIONS).apiKey("bedrock-key-abcdef0123")
        .build();
    try {
      assertThat(t.capabilities().serverState()).isFalse();
      assertThat(t.serverAddress()).isEqualTo("bedrock-mantle.eu-central-1.api.aws");
      assertThat(t.chatModel().toString()).contains("MANTLE", "Bearer ***").doesNotContain("abcdef0123");
    } finally {
      t.chatModel().close();
    }
  }

  @Test
  void withoutACredential_theKeyInAwsBearerTokenBedrockIsUsed_elseSigV4FromTheDefaultChain() {
    for (String key : new String[] {"bedrock-key-from-env-01", null}) {
      Target t = BedrockOpenAi.target("aws-use1").region("us-east-1").model("gpt", "us.openai.gpt-5.6-sol")
          .environment(v -> v.equals("AWS_BEARER_TOKEN_BEDROCK") ? key : null).build();
      try {
        assertThat(t.chatModel().toString())
            .contains(key != null ? "BedrockApiKeyAuth[Bearer ***]" : "SigV4Auth[bedrock, us-east-1]")
            .doesNotContain("from-env");
      } finally {
        t.chatModel().close();
      }
    }
  }

  @Test
  void theBuildersToString_neverShowsTheKey() {
    BedrockOpenAi.Builder b = runtime().model("gpt", "us.openai.gpt-5.6-sol");
    assertThat(b.toString()).contains("aws-use1", "RUNTIME", "sigv4");
    BedrockOpenAi.Builder keyed = BedrockOpenAi.target("k").region("us-east-1").apiKey("secret-bedrock-key-0000");
    assertThat(keyed.toString()).contains("api-key ***").doesNotContain("secret-bedrock-key");
    assertThat(List.of(BedrockEndpoint.values())).extracting(BedrockEndpoint::signingName)
        .containsExactly("bedrock", "bedrock-mantle");
  }
}
