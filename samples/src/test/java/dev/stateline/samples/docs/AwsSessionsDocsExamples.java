/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples.docs;

import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.aws.AgentCoreMemorySessionStore;
import dev.stateline.aws.AgentCoreRuntime;
import dev.stateline.aws.DynamoDbSessionStore;
import dev.stateline.session.Session;
import dev.stateline.session.SessionOptions;
import dev.stateline.session.SessionStore;
import java.time.Duration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockagentcore.BedrockAgentCoreClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The session-store and AgentCore blocks of docs/providers/aws.md, apart because they use the AWS
 * SDK's {@code Region}. They need real AWS resources, so they are compiled, not run; the stores' own
 * tests run the same calls against the DynamoDB and AgentCore emulators.
 */
final class AwsSessionsDocsExamples {
  private AwsSessionsDocsExamples() {}

  /** aws.md, sessions in DynamoDB: a real table, so compiled, not run (DynamoDbSessionStore's tests run it). */
  static void dynamoDbSessions(Target fra) {
    DynamoDbClient dynamo = DynamoDbClient.builder().region(Region.EU_CENTRAL_1).build();
    SessionStore store = DynamoDbSessionStore.builder(dynamo, "stateline-sessions")
        .ttl(Duration.ofDays(30))          // forget a session 30 days after its last turn
        .keyPrefix("support#")             // optional: share a table between applications
        .build();
    StatelineClient client = StatelineClient.builder().target(fra).sessionStore(store).build();
  }

  /** aws.md, AgentCore Memory and Runtime: real AWS resources, so compiled, not run. */
  static void agentCore() {
    BedrockAgentCoreClient agentCore = BedrockAgentCoreClient.builder().region(Region.EU_CENTRAL_1).build();
    SessionStore store = AgentCoreMemorySessionStore.builder(agentCore, "support_memory-AbCdE12345")
        .actorId("support-app")            // "stateline" by default
        .conversationalPayload(true)       // also write the text for long-term memory strategies
        .ttl(Duration.ofDays(30))
        .build();

    Target agent = AgentCoreRuntime.target("agentcore-fra")
        .region("eu-central-1")
        .agent("support", "arn:aws:bedrock-agentcore:eu-central-1:123456789012:runtime/support_agent-XyZ1234567")
        .qualifier("prod")                  // optional: the runtime endpoint
        .build();
    StatelineClient client = StatelineClient.builder().target(agent).sessionStore(store).build();

    Session session = client.session("case-4711", SessionOptions.builder().model("support").serverHeld(true).build());
    session.send("My order has not arrived.");
    session.send("It was order 1234.");    // the same runtime session: the agent remembers
  }
}
