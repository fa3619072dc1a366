/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import static dev.stateline.aws.ManagedAgentFixture.SUPPORT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.StatelineClient;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.Message;
import dev.stateline.session.Session;
import dev.stateline.testing.bedrock.agents.AgentTurn;
import dev.stateline.testing.bedrock.agents.BedrockManagedAgentsEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stories of a session with a Bedrock managed agent, on the emulator. */
class ManagedAgentSessionTest {
  private final ManagedAgentFixture fx = new ManagedAgentFixture();

  @AfterEach
  void close() throws Exception {
    fx.close();
  }

  @Test
  void aSessionOfTheAgentsAliasIsTheAgentsSession_andItsTurnsContinueOneAgentSession() {
    StatelineClient client = fx.client(fx.builder().build());
    fx.emulator.enqueue(AgentTurn.text("Contract 4711 is with Acme."), AgentTurn.text("Clause 7 is about notice."));

    try (Session session = client.session("case-4711", SUPPORT)) {
      assertThat(session).isInstanceOf(ManagedAgentSession.class);
      ChatResponse first = session.send("Which contract is case 4711?");
      ChatResponse second = session.send("And clause 7?");

      assertThat(first.text()).isEqualTo("Contract 4711 is with Acme.");
      assertThat(second.text()).isEqualTo("Clause 7 is about notice.");
      assertThat(first.id()).startsWith("sess_").isEqualTo(second.id());
      assertThat(fx.emulator.sessionIds()).containsExactly(first.id());
      assertThat(fx.emulator.userMessages(first.id())).containsExactly("Which contract is case 4711?", "And clause 7?");
      assertThat(session.history()).containsExactly(
          Message.user("Which contract is case 4711?"), Message.assistant("Contract 4711 is with Acme."),
          Message.user("And clause 7?"), Message.assistant("Clause 7 is about notice."));
      assertThat(session.target()).isEqualTo("aws-agents");
      assertThat(((ManagedAgentSession) session).agentSessionId()).isEqualTo(first.id());
    }
  }
}
