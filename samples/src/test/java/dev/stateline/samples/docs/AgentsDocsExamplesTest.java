/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.CallOptions;
import dev.stateline.ChatStream;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.Timeouts;
import dev.stateline.aws.BedrockManagedAgent;
import dev.stateline.aws.ManagedAgentSession;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.AgentTurnFailedException;
import dev.stateline.error.AgentUnreachableException;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.session.Session;
import dev.stateline.session.SessionOptions;
import dev.stateline.testing.bedrock.agents.AgentTurn;
import dev.stateline.testing.bedrock.agents.BedrockManagedAgentsEmulator;
import dev.stateline.testing.emulators.EmulatedClouds;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The code of docs/agents.md. The target on the real service (the default credentials chain, a real
 * Runtime) is compiled and built offline; the session blocks run on the Bedrock Managed Agents
 * emulator.
 */
class AgentsDocsExamplesTest {

  static Target agentTarget() {
    Target agents = BedrockManagedAgent.target("aws-agents")
        .region("us-east-1")                         // a preview Region: us-east-1, us-west-2, us-east-2
        .roleArn("arn:aws:iam::123456789012:role/BedrockManagedAgentsPreviewInferenceServiceRole")
        .agent("support", BedrockManagedAgent.Agent.builder("support")
            .model("openai.gpt-5.6-luna")
            .instructions("Use the workspace tools to answer questions about contracts.")
            .environment(BedrockManagedAgent.Environment.agentCore(
                "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/contract_tools-AbCdE12345",
                "/mnt/workspace", "/mnt/workspace/skills"))
            .tool(BedrockManagedAgent.McpServer.stdio("word_tools", "/usr/bin/python3")
                .args("/opt/tools/word_count.py").allowedTools("word_count").build())
            .build())
        .build();                                    // SigV4 (bedrock-mantle) from the default chain
    return agents;
  }

  @Test
  void theAgentTarget_buildsOffline_asAStatefulRuntimeInItsRegion() {
    Target agents = agentTarget();
    try {
      assertThat(agents.hosting()).isEqualTo(Target.Hosting.STATEFUL_RUNTIME);
      assertThat(agents.serverAddress()).isEqualTo("bedrock-mantle.us-east-1.api.aws");
      assertThat(agents.modelFor("support")).isEqualTo("bedrock-managed-agent:support:openai.gpt-5.6-luna");
    } finally {
      agents.chatModel().close();
    }
  }

  @Test
  void aSessionAndAStreamedTurn_runOnTheEmulator() {
    try (EmulatedClouds clouds = EmulatedClouds.builder().bedrockAgents("us-east-1").start()) {
      clouds.bedrockAgents("us-east-1").enqueue(AgentTurn.text("Clause 7 sets a 90-day notice period."),
          AgentTurn.builder().command("ls /workspace", "4711-acme.md\n", 0).text("One contract: 4711-acme.md.")
              .build());
      Target agents = clouds.bedrockAgentTarget("aws-agents", "us-east-1"); // alias "support", as above

      StatelineClient client = StatelineClient.builder()
          .target(agents)
          .placement(PlacementPolicy.standard())     // honours affinity: an agent session never moves
          .build();
      try (Session session = client.session("case-4711", SessionOptions.builder().model("support")
          .callOptions(CallOptions.builder()
              .timeouts(new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMinutes(30)))
              .build())
          .build())) {
        ChatResponse answer = session.send("What does clause 7 of contract 4711 say?");

        try (ChatStream stream = session.stream("Which contracts are in the workspace?")) {
          for (ChatEvent event : stream) {
            if (event instanceof ChatEvent.TurnAccepted accepted) {
              System.out.println("the agent works on turn " + accepted.turnId());
            } else if (event instanceof ChatEvent.ToolActivity tool) {
              System.out.println(tool.kind() + " " + tool.name() + ": " + tool.status());
            } else if (event instanceof ChatEvent.TextDelta text) {
              System.out.print(text.text());
            }
          }
        }

        ManagedAgentSession agent = (ManagedAgentSession) session;
        System.out.println(answer.text() + " / " + agent.agentSessionId() + ": " + session.history().size());
      }

      ManagedAgentSession again = (ManagedAgentSession) client.session("case-4711",
          SessionOptions.builder().model("support").build());
      assertThat(again.history()).hasSize(4);
      assertThat(clouds.bedrockAgents("us-east-1").userMessages(again.agentSessionId()))
          .containsExactly("What does clause 7 of contract 4711 say?", "Which contracts are in the workspace?");
      client.close();
    }
  }

  @Test
  void whatATurnCanFailWith_isTyped() {
    try (BedrockManagedAgentsEmulator bma = BedrockManagedAgentsEmulator.builder()
        .credentials("AKIDTEST", "test-secret-key").build().start()) {
      Target target = BedrockManagedAgent.target("aws-agents").region("us-east-1")
          .roleArn("arn:aws:iam::123456789012:role/BedrockManagedAgentsPreviewInferenceServiceRole")
          .agent("support", BedrockManagedAgent.Agent.builder("support").model("openai.gpt-5.6-luna")
              .environment(BedrockManagedAgent.Environment.selfHosted("/work/ws")).build())
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret-key")))
          .endpointOverride(URI.create(bma.endpoint().toString()))
          .build();
      bma.enqueue(AgentTurn.failing("sandbox_error", "The exec server is not connected."));
      try (StatelineClient client = StatelineClient.builder().target(target).placement(PlacementPolicy.standard())
          .build();
          Session session = client.session("case-1", SessionOptions.builder().model("support").build())) {
        String outcome;
        try {
          session.send("Run uname -a.");
          outcome = "answered";
        } catch (AgentTurnFailedException e) {
          outcome = "failed at the agent (" + e.code() + "); the turn is kept there, not resent";
        } catch (AgentUnreachableException e) {
          outcome = "did not run: target " + e.target() + " cannot take it" + (e.isRetryable() ? "; try later" : "");
        }
        assertThat(outcome).isEqualTo("failed at the agent (sandbox_error); the turn is kept there, not resent");
      }
    }
  }
}
