/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.chat.Message;
import dev.stateline.session.SessionState;
import dev.stateline.session.SessionStore;
import dev.stateline.session.SessionTurn;
import dev.stateline.testing.SessionIdEdges;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every id the docs call valid works in the AWS stores, each on its wire emulator (which refuses what
 * the service refuses: AgentCore's session id alphabet and length, DynamoDB's key sizes), and two
 * distinct ids never share a session.
 */
class AwsSessionIdEdgesTest {
  private final DynamoDbFixture dynamo = new DynamoDbFixture();
  private final AgentCoreFixture agentCore = new AgentCoreFixture();

  @AfterEach
  void close() {
    dynamo.close();
    agentCore.close();
  }

  @Test
  void givenTheEdgeIds_thenEachWorksInDynamoDb_andKeepsItsOwnTurn() {
    everyIdWorks(dynamo.store());
  }

  @Test
  void givenTheEdgeIds_thenEachWorksInAgentCoreMemory_andKeepsItsOwnTurn() {
    everyIdWorks(agentCore.store());
  }

  private static void everyIdWorks(SessionStore store) {
    List<String> ids = SessionIdEdges.all();
    for (String id : ids) {
      store.append(id, 0, new SessionTurn(UUID.randomUUID().toString(), List.of(Message.user("for " + id)), null,
          null, Instant.parse("2026-03-01T10:00:00Z")));
    }
    for (String id : ids) {
      SessionState s = store.load(id).orElseThrow(() -> new AssertionError("lost " + id));
      assertThat(s.id()).isEqualTo(id);
      assertThat(s.messages()).extracting(Message::text).containsExactly("for " + id);
    }
    assertThat(store.list()).containsExactlyInAnyOrderElementsOf(ids);
    for (String id : ids) {
      assertThat(store.delete(id)).as("deletes " + id).isTrue();
    }
    assertThat(store.list()).isEmpty();
  }
}
