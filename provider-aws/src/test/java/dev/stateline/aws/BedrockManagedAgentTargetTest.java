/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import static dev.stateline.aws.ManagedAgentFixture.ROLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.Target;
import dev.stateline.aws.BedrockManagedAgent.Agent;
import dev.stateline.aws.BedrockManagedAgent.Environment;
import dev.stateline.aws.BedrockManagedAgent.McpServer;
import java.net.URI;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The rules a Bedrock managed agent target checks when it is built, each with the message that says what to change. */
class BedrockManagedAgentTargetTest {
  private static final String RUNTIME_EAST =
      "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/support_tools-AbCdE12345";

  static Agent.Builder agent() {
    return Agent.builder("support").model("openai.gpt-5.6-luna").environment(Environment.selfHosted("/work/ws"));
  }

  static BedrockManagedAgent.Builder target() {
    return BedrockManagedAgent.target("aws-agents").region("us-east-1").roleArn(ROLE)
        .credentialsProvider(ManagedAgentFixture.credentials()).agent("support", agent().build());
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        row("no region", () -> BedrockManagedAgent.target("t").agent("a", agent().build()).build(), "needs a region"),
        row("no agent", () -> BedrockManagedAgent.target("t").region("us-east-1").build(), "serves no agent"),
        row("a Region the preview does not serve", () -> target().region("eu-central-1").build(),
            "not offered in eu-central-1"),
        row("no session role anywhere", () -> BedrockManagedAgent.target("t").region("us-east-1")
            .agent("a", agent().build()).build(), "has no session role"),
        row("a role that is no IAM role ARN", () -> target().roleArn("BedrockManagedAgentsPreviewInferenceServiceRole"),
            "is not an IAM role ARN"),
        row("a cross-Region inference profile", () -> agent().model("us.openai.gpt-5.6-luna"),
            "cross-Region inference profile"),
        row("an agent without model", () -> Agent.builder("a").environment(Environment.selfHosted("/w")).build(),
            "needs a model"),
        row("an agent without environment", () -> Agent.builder("a").model("openai.gpt-5.6-luna").build(),
            "needs an execution environment"),
        row("a malformed agent name", () -> Agent.builder("support agent"), "must be 1-64"),
        row("a relative workspace", () -> Environment.selfHosted("workspace"), "absolute path"),
        row("33 capability directories", () -> Environment.selfHosted("/w",
            IntStream.range(0, 33).mapToObj(i -> "/w/skills" + i).toArray(String[]::new)), "at most 32"),
        row("an AgentCore Runtime in another Region", () -> target().agent("support", agent().environment(
            Environment.agentCore("arn:aws:bedrock-agentcore:us-west-2:123456789012:runtime/tools-AbCdE12345",
                "/mnt/workspace")).build()).build(), "Region of its Runtime"),
        row("no Runtime ARN", () -> Environment.agentCore("tools", "/mnt/workspace"), "not an AgentCore Runtime ARN"),
        row("a relative MCP command", () -> McpServer.stdio("tools", "python3"), "absolute path"),
        row("two MCP servers with one label", () -> agent().tool(McpServer.stdio("t", "/usr/bin/a").build())
            .tool(McpServer.stdio("t", "/usr/bin/b").build()).build(), "labelled 't'"),
        row("an API key and a credentials provider", () -> target().apiKey("bedrock-api-key-0123456789").build(),
            "keep one"),
        row("plain http to another host", () -> target().endpointOverride(URI.create("http://proxy.internal:8080"))
            .build(), "refusing plain http"));
  }

  private static Arguments row(String name, Supplier<Object> build, String message) {
    return Arguments.of(name, build, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void isRefusedWithAMessageThatSaysWhatToChange(String name, Supplier<Object> build, String message) {
    assertThatThrownBy(build::get).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
  }

  @Test
  void aRegionAddedSince_isReachedThroughAnEndpointOverride() {
    Target t = target().region("eu-central-1").endpointOverride(URI.create("https://bedrock-mantle.eu-central-1.api.aws"))
        .build();
    try (var model = t.chatModel()) {
      assertThat(t.region().name()).isEqualTo("eu-central-1");
    }
  }

  @Test
  void theRegionalEndpoint_isBedrockMantle() {
    Target t = target().build();
    try (var model = t.chatModel()) {
      assertThat(t.serverAddress()).isEqualTo("bedrock-mantle.us-east-1.api.aws");
      assertThat(t.serverPort()).isEqualTo(443);
    }
  }

  @Test
  void anAgentCoreEnvironment_usesTheDefaultEndpointUnlessToldOtherwise() {
    Environment e = Environment.agentCore(RUNTIME_EAST, "/mnt/workspace", "/mnt/workspace/skills");
    assertThat(e.runtimeQualifier()).isEqualTo("DEFAULT");
    assertThat(e.withRuntimeQualifier("canary").runtimeQualifier()).isEqualTo("canary");
    assertThat(e.runtimeRegion()).isEqualTo("us-east-1");
    assertThatThrownBy(() -> Environment.selfHosted("/w").withRuntimeQualifier("x"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void noKeyOrSecretInAnyToString() {
    BedrockManagedAgent.Builder b = BedrockManagedAgent.target("aws-agents").region("us-east-1").roleArn(ROLE)
        .apiKey("bedrock-api-key-SECRET-0123456789").agent("support", agent().instructions("Internal: x").build());
    Target t = b.build();
    try (var model = t.chatModel()) {
      assertThat(b + " " + t + " " + model + " " + agent().instructions("Internal: x").build())
          .doesNotContain("SECRET").doesNotContain("Internal: x").contains("api-key ***");
    }
  }
}
