/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stateline.chat.Message;
import dev.stateline.error.SessionConflictException;
import dev.stateline.session.SessionState;
import dev.stateline.session.SessionStore;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockagentcore.BedrockAgentCoreClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Opt-in tests against real AWS: they run only when {@code STATELINE_AWS_REGION}, AWS credentials
 * (the SDK's default chain: {@code AWS_ACCESS_KEY_ID} or {@code AWS_PROFILE}, ...) and the resource
 * of each test are set, and skip otherwise:
 *
 * <ul>
 *   <li>{@code STATELINE_DYNAMODB_TABLE}: a table with string keys {@code pk} (partition) and
 *       {@code sk} (sort), TTL on attribute {@code ttl};
 *   <li>{@code STATELINE_AGENTCORE_MEMORY_ID}: an AgentCore Memory.
 * </ul>
 *
 * Each test works in a session of its own (a random id) and deletes it at the end.
 */
class AwsSessionsLiveTest {

  private static String env(String name) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static Region region() {
    String region = env("STATELINE_AWS_REGION");
    assumeTrue(region != null, "STATELINE_AWS_REGION is not set: live AWS tests skipped");
    boolean credentials = env("AWS_ACCESS_KEY_ID") != null || env("AWS_PROFILE") != null
        || env("AWS_WEB_IDENTITY_TOKEN_FILE") != null || env("AWS_CONTAINER_CREDENTIALS_FULL_URI") != null
        || env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") != null;
    assumeTrue(credentials, "no AWS credentials in the environment: live AWS tests skipped");
    return Region.of(region);
  }

  @Test
  void given_a_real_table_then_the_dynamodb_store_round_trips_conflicts_and_deletes() {
    Region region = region();
    String table = env("STATELINE_DYNAMODB_TABLE");
    assumeTrue(table != null, "STATELINE_DYNAMODB_TABLE is not set: live DynamoDB test skipped");
    try (DynamoDbClient dynamo = DynamoDbClient.builder().region(region)
        .credentialsProvider(DefaultCredentialsProvider.builder().build()).build()) {
      SessionStore store = DynamoDbSessionStore.builder(dynamo, table).keyPrefix("stateline-live#")
          .ttl(Duration.ofHours(1)).build();
      exercise(store);
    }
  }

  @Test
  void given_a_real_memory_then_the_agentcore_store_round_trips_conflicts_and_deletes() {
    Region region = region();
    String memory = env("STATELINE_AGENTCORE_MEMORY_ID");
    assumeTrue(memory != null, "STATELINE_AGENTCORE_MEMORY_ID is not set: live AgentCore Memory test skipped");
    try (BedrockAgentCoreClient agentCore = BedrockAgentCoreClient.builder().region(region)
        .credentialsProvider(DefaultCredentialsProvider.builder().build()).build()) {
      exercise(AgentCoreMemorySessionStore.builder(agentCore, memory).actorId("stateline-live").build());
    }
  }

  private static void exercise(SessionStore store) {
    String id = "live-" + UUID.randomUUID();
    try {
      SessionState one = store.append(id, 0, new dev.stateline.session.SessionTurn("t1",
          SessionFixtures.everyShape(), "aws", null, SessionFixtures.AT));
      SessionState two = store.append(id, 1, SessionFixtures.turn("second"));
      assertThat(store.load(id)).contains(two);
      assertThat(one.messages()).isEqualTo(SessionFixtures.everyShape());
      assertThatThrownBy(() -> store.append(id, 1, SessionFixtures.turn("stale")))
          .isInstanceOf(SessionConflictException.class);
      assertThat(store.list()).contains(id);
      assertThat(store.load(id).orElseThrow().messages()).extracting(Message::text).endsWith("second", "re: second");
    } finally {
      assertThat(store.delete(id)).isTrue();
    }
    assertThat(store.load(id)).isEmpty();
  }
}
