/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.StatelineClient;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.Message;
import dev.stateline.chat.Role;
import dev.stateline.chat.ToolCall;
import dev.stateline.placement.ScriptedTestModel;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.session.file.FileSessionStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A session on the file store (moved here from core's {@code SessionBehaviourTest}). */
class FileSessionBehaviourTest {
  @TempDir
  Path dir;
  private final SessionBehaviourTest sessions = new SessionBehaviourTest();

  @AfterEach
  void close() {
    sessions.close();
  }

  private StatelineClient client(PlacementPolicy policy, dev.stateline.Target... targets) {
    return sessions.client(policy, targets);
  }

  private static dev.stateline.Target runtime(String name, ScriptedTestModel model, String awsRegion) {
    return SessionBehaviourTest.runtime(name, model, awsRegion);
  }

  @Test
  void given_a_tool_call_then_the_tool_result_is_the_next_turn_and_both_survive_the_file_store() {
    ScriptedTestModel model = new ScriptedTestModel("runtime");
    model.then(call -> ChatResponse.builder().id("r1")
        .message(Message.assistant(null, List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Oslo\"}"))))
        .build());
    StatelineClient client = client(PlacementPolicy.standard(), runtime("aws-fra", model, "eu-central-1"));
    Session session = client.session("tools", SessionOptions.builder().store(FileSessionStore.open(dir)).build());

    ChatResponse ask = session.send("Weather in Oslo?");
    session.send(Message.tool(ask.toolCalls().get(0).id(), "{\"temp\":-3}"));

    List<Message> sent = model.calls().get(1).request().messages();
    assertThat(sent).extracting(Message::role).containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL);
    List<Message> reloaded = FileSessionStore.open(dir).load("tools").orElseThrow().messages();
    assertThat(reloaded).hasSize(4);
    assertThat(reloaded.get(1).toolCalls()).containsExactly(new ToolCall("call_1", "get_weather", "{\"city\":\"Oslo\"}"));
    assertThat(reloaded.get(3).text()).isEqualTo("runtime: {\"temp\":-3}");
  }
}
