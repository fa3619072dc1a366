/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import dev.stateline.testing.agentcore.AgentCoreEmulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockagentcore.BedrockAgentCoreClient;

/** Shared set-up: an AgentCore emulator with one memory, and real SDK clients pointed at it. */
final class AgentCoreFixture implements AutoCloseable {
  static final String MEMORY = "support_memory-AbCdE12345";
  static final String RUNTIME_ARN = "arn:aws:bedrock-agentcore:eu-central-1:123456789012:runtime/support_agent-XyZ1234567";

  final AgentCoreEmulator emulator = AgentCoreEmulator.start().createMemory(MEMORY)
      .acceptCredentials(BedrockFixture.ACCESS_KEY_ID, BedrockFixture.SECRET_KEY);
  final DynamoDbFixture.TestClock clock = new DynamoDbFixture.TestClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final List<BedrockAgentCoreClient> clients = new CopyOnWriteArrayList<>();

  BedrockAgentCoreClient client() {
    BedrockAgentCoreClient c = BedrockAgentCoreClient.builder()
        .region(Region.EU_CENTRAL_1)
        .credentialsProvider(BedrockFixture.credentials())
        .endpointOverride(emulator.endpoint())
        .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
            .socketTimeout(Duration.ofSeconds(10)).build())
        .build();
    clients.add(c);
    return c;
  }

  AgentCoreMemorySessionStore store(Duration ttl) {
    return AgentCoreMemorySessionStore.builder(client(), MEMORY).ttl(ttl).clock(clock).build();
  }

  AgentCoreMemorySessionStore store() {
    return store(null);
  }

  @Override
  public void close() {
    clients.forEach(BedrockAgentCoreClient::close);
    emulator.close();
  }
}
