/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageTest {

  @Test
  void toolMessageWithoutTheCallItAnswers_isRejected() {
    assertThatIllegalArgumentException().isThrownBy(() -> Message.tool(null, "{}"))
        .withMessageContaining("toolCallId");
    assertThatIllegalArgumentException().isThrownBy(() -> Message.tool("  ", "{}"))
        .withMessageContaining("toolCallId");

    Message ok = Message.tool("call_1", "{\"temp\":21}");
    assertThat(ok.role()).isEqualTo(Role.TOOL);
    assertThat(ok.toolCallId()).isEqualTo("call_1");
    assertThat(ok.text()).isEqualTo("{\"temp\":21}");
  }

  @Test
  void userMessageWithoutParts_isRejected() {
    assertThatIllegalArgumentException().isThrownBy(() -> Message.user(List.of()))
        .withMessage("USER message needs content");
  }

  @Test
  void nullText_isRejected() {
    assertThatNullPointerException().isThrownBy(() -> Message.user((String) null));
    assertThatNullPointerException().isThrownBy(() -> Message.system(null));
  }

  @Test
  void imagesGoInUserMessages_andTextJoinsOnlyTheTextParts() {
    Message m = Message.user(ContentPart.text("Look: "), ImagePart.fromUrl("https://example.com/a.png"),
        ContentPart.text("what is it?"));

    assertThat(m.hasImages()).isTrue();
    assertThat(m.text()).isEqualTo("Look: what is it?");
    assertThat(m.content()).hasSize(3);
  }

  @Test
  void assistantToolCallMessage_mayHaveNoText() {
    ToolCall call = new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}");

    Message m = Message.assistant(null, List.of(call));

    assertThat(m.role()).isEqualTo(Role.ASSISTANT);
    assertThat(m.content()).isEmpty();
    assertThat(m.text()).isEmpty();
    assertThat(m.toolCalls()).containsExactly(call);
  }

  @Test
  void toolCallsAndImages_areOnlyReachableThroughTheRolesThatAllowThem() {
    // The factories are the only way in: tool calls only via assistant(...), images only via user(...).
    // withName keeps the role, so it cannot smuggle either into another role.
    Message user = Message.user(ImagePart.fromUrl("https://example.com/a.png")).withName("alice");

    assertThat(user.role()).isEqualTo(Role.USER);
    assertThat(user.name()).isEqualTo("alice");
    assertThat(Message.system("s").toolCalls()).isEmpty();
    assertThat(Message.tool("id", "r").toolCalls()).isEmpty();
  }

  @Test
  void message_copiesItsParts() {
    List<ContentPart> parts = new ArrayList<>(List.of(ContentPart.text("a")));
    Message m = Message.user(parts);

    parts.add(ContentPart.text("b"));

    assertThat(m.content()).hasSize(1);
    assertThat(m.text()).isEqualTo("a");
  }

  @Test
  void equalMessages_areEqual_andNamesMatter() {
    assertThat(Message.user("x")).isEqualTo(Message.user("x")).hasSameHashCodeAs(Message.user("x"));
    assertThat(Message.user("x")).isNotEqualTo(Message.assistant("x"));
    assertThat(Message.user("x").withName("bob")).isNotEqualTo(Message.user("x"));
  }

  @Test
  void toolCallsNeedIdNameAndArguments() {
    assertThatNullPointerException().isThrownBy(() -> new ToolCall(null, "n", "{}"));
    assertThatNullPointerException().isThrownBy(() -> new ToolCall("id", null, "{}"));
    assertThatNullPointerException().isThrownBy(() -> new ToolCall("id", "n", null));
  }
}
