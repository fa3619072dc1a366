/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stateline.CallOptions;
import dev.stateline.ChatStream;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.Timeouts;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatResponse;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.session.SessionOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Opt-in test against the real Amazon Bedrock Managed Agents preview: it runs only when
 * {@code STATELINE_BEDROCK_AGENT_ROLE_ARN} (the session role), a preview Region ({@code AWS_REGION}
 * or {@code AWS_DEFAULT_REGION}: us-east-1, us-west-2 or us-east-2), an execution environment
 * ({@code STATELINE_BEDROCK_AGENT_RUNTIME_ARN}, an AgentCore Runtime running the exec server, or
 * {@code STATELINE_BEDROCK_AGENT_WORKSPACE}, a workspace on a host whose exec server you attach) and
 * a credential (AWS credentials of the SDK's default chain, or {@code AWS_BEARER_TOKEN_BEDROCK}) are
 * set, and skips otherwise. {@code STATELINE_BEDROCK_AGENT_MODEL} overrides the model
 * ({@code openai.gpt-5.6-luna}). The agent session it creates is deleted at the end.
 */
class ManagedAgentLiveTest {

  private static String env(String name) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static Target liveTarget() {
    String role = env("STATELINE_BEDROCK_AGENT_ROLE_ARN");
    assumeTrue(role != null, "STATELINE_BEDROCK_AGENT_ROLE_ARN is not set: live Bedrock Managed Agents tests skipped");
    String region = env("AWS_REGION") != null ? env("AWS_REGION") : env("AWS_DEFAULT_REGION");
    assumeTrue(region != null && BedrockManagedAgent.PREVIEW_REGIONS.contains(region),
        "AWS_REGION is not one of the preview's Regions " + BedrockManagedAgent.PREVIEW_REGIONS + ": skipped");
    String runtime = env("STATELINE_BEDROCK_AGENT_RUNTIME_ARN");
    String workspace = env("STATELINE_BEDROCK_AGENT_WORKSPACE");
    assumeTrue(runtime != null || workspace != null, "neither STATELINE_BEDROCK_AGENT_RUNTIME_ARN nor"
        + " STATELINE_BEDROCK_AGENT_WORKSPACE is set: no execution environment, skipped");
    boolean aws = env("AWS_ACCESS_KEY_ID") != null || env("AWS_PROFILE") != null
        || env("AWS_WEB_IDENTITY_TOKEN_FILE") != null || env("AWS_CONTAINER_CREDENTIALS_FULL_URI") != null
        || env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") != null;
    String key = env("AWS_BEARER_TOKEN_BEDROCK");
    assumeTrue(aws || key != null, "no AWS credentials or Bedrock API key in the environment: skipped");
    String model = env("STATELINE_BEDROCK_AGENT_MODEL") != null ? env("STATELINE_BEDROCK_AGENT_MODEL")
        : "openai.gpt-5.6-luna";
    BedrockManagedAgent.Environment environment = runtime != null
        ? BedrockManagedAgent.Environment.agentCore(runtime, "/mnt/workspace")
        : BedrockManagedAgent.Environment.selfHosted(workspace);
    BedrockManagedAgent.Builder b = BedrockManagedAgent.target("aws-agents-live").region(region).roleArn(role)
        .agent("support", BedrockManagedAgent.Agent.builder("stateline_live").model(model)
            .instructions("Answer briefly.").environment(environment).build());
    if (!aws) {
      b.apiKey(key);
    }
    return b.build();
  }

  @Test
  void givenTheRealPreview_thenASessionKeepsItsContextAcrossTurns_andStreamsItsTurn() {
    Timeouts patient = new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMinutes(5));
    try (StatelineClient client = StatelineClient.builder().target(liveTarget())
        .placement(PlacementPolicy.standard()).build()) {
      ManagedAgentSession session = (ManagedAgentSession) client.session("live-" + UUID.randomUUID(),
          SessionOptions.builder().model("support").callOptions(CallOptions.builder().timeouts(patient).build())
              .build());
      try {
        ChatResponse first = session.send("Remember the number 4711. Reply with OK.");
        List<ChatEvent> events = new ArrayList<>();
        ChatResponse second;
        try (ChatStream stream = session.stream("Which number did I ask you to remember?")) {
          stream.forEach(events::add);
          second = stream.response();
        }

        assertThat(second.id()).isEqualTo(first.id()).isEqualTo(session.agentSessionId());
        assertThat(second.text()).contains("4711");
        assertThat(events.get(0)).isInstanceOf(ChatEvent.TurnAccepted.class);
        assertThat(session.history()).hasSizeGreaterThanOrEqualTo(4);
      } finally {
        session.delete();
      }
    }
  }
}
