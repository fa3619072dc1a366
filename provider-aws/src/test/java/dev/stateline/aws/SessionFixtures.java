/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import dev.stateline.chat.ContentPart;
import dev.stateline.chat.ImagePart;
import dev.stateline.chat.Message;
import dev.stateline.chat.ToolCall;
import dev.stateline.session.SessionTurn;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Turns for store tests: simple ones, and one of every message shape. */
final class SessionFixtures {
  static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

  private SessionFixtures() {}

  /** A user question and its answer. */
  static SessionTurn turn(String text) {
    return new SessionTurn(UUID.randomUUID().toString(), List.of(Message.user(text), Message.assistant("re: " + text)),
        "aws-fra", "resp-" + text, AT);
  }

  /** Every shape a message can take: roles, names, text, image URL and bytes with details, tool calls and results. */
  static List<Message> everyShape() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff};
    return List.of(
        Message.system("You are careful. \"Quotes\", \\backslashes\\, newlines\n and unicode: \u00e9\u4e2d\ud83d\ude00"),
        Message.developer("Answer in JSON."),
        Message.user("plain question").withName("alice"),
        Message.user(List.<ContentPart>of(ContentPart.text("look at these"),
            ImagePart.fromUrl("https://example.com/a.png?x=1&y=2", ImagePart.Detail.HIGH),
            ImagePart.fromBytes(png, "image/png", ImagePart.Detail.LOW),
            ImagePart.fromBytes(new byte[] {1, 2, 3}, "image/webp"),
            ContentPart.text(""))),
        Message.assistant(null, List.of(new ToolCall("call_1", "weather", "{\"city\":\"Oslo\",\"n\":1.50}"),
            new ToolCall("call_2", "time", "not even json"))),
        Message.tool("call_1", "{\"temp\":-3}"),
        Message.tool("call_2", "12:00").withName("clock"),
        Message.assistant("Partly: calling one more.", List.of(new ToolCall("call_3", "news", "{}"))),
        Message.tool("call_3", ""),
        Message.assistant(""),
        Message.assistant("Final answer."));
  }
}
