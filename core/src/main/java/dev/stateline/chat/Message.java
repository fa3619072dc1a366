/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.chat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One message of a conversation: who said it ({@link Role}), what it says ({@link ContentPart
 * parts}), and for assistant messages the {@link ToolCall tool calls} the model asked for.
 *
 * <p>Immutable and thread-safe. Build with the static factories ({@link #user(String)},
 * {@link #tool(String, String)}, ...). {@code toString()} never includes content, so a message can
 * be logged without leaking prompts.
 */
public final class Message {
  private final Role role;
  private final List<ContentPart> content;
  private final List<ToolCall> toolCalls;
  private final String toolCallId;
  private final String name;

  private Message(
      Role role, List<ContentPart> content, List<ToolCall> toolCalls, String toolCallId, String name) {
    this.role = Objects.requireNonNull(role, "role");
    this.content = List.copyOf(content);
    this.toolCalls = List.copyOf(toolCalls);
    this.toolCallId = toolCallId;
    this.name = name;
    if (role != Role.ASSISTANT && !this.toolCalls.isEmpty()) {
      throw new IllegalArgumentException("only assistant messages carry tool calls");
    }
    if (role == Role.TOOL && (toolCallId == null || toolCallId.isBlank())) {
      throw new IllegalArgumentException("a tool message must name the toolCallId it answers");
    }
    if (role != Role.USER && hasImages()) {
      throw new IllegalArgumentException("images are only allowed in user messages");
    }
    if (role != Role.ASSISTANT && this.content.isEmpty()) {
      throw new IllegalArgumentException(role + " message needs content");
    }
  }

  /** A system message. */
  public static Message system(String text) {
    return new Message(Role.SYSTEM, List.of(new TextPart(text)), List.of(), null, null);
  }

  /** A developer message (instructions; preferred to system by newer OpenAI models). */
  public static Message developer(String text) {
    return new Message(Role.DEVELOPER, List.of(new TextPart(text)), List.of(), null, null);
  }

  /** A user message of plain text. */
  public static Message user(String text) {
    return new Message(Role.USER, List.of(new TextPart(text)), List.of(), null, null);
  }

  /** A user message of several parts, for example text and images. */
  public static Message user(ContentPart... parts) {
    return user(Arrays.asList(parts));
  }

  /** A user message of several parts, for example text and images. */
  public static Message user(List<? extends ContentPart> parts) {
    return new Message(Role.USER, new ArrayList<>(parts), List.of(), null, null);
  }

  /** An assistant message of plain text, for replaying history. */
  public static Message assistant(String text) {
    return new Message(Role.ASSISTANT, List.of(new TextPart(text)), List.of(), null, null);
  }

  /**
   * An assistant message that asked for tool calls, for replaying history.
   *
   * @param text the text that came with the calls, or null
   * @param toolCalls the calls, possibly empty
   */
  public static Message assistant(String text, List<ToolCall> toolCalls) {
    List<ContentPart> parts = text == null || text.isEmpty() ? List.of() : List.of(new TextPart(text));
    return new Message(Role.ASSISTANT, parts, toolCalls, null, null);
  }

  /**
   * The result of a tool call.
   *
   * @param toolCallId the {@link ToolCall#id()} this answers
   * @param result the tool's output, usually JSON text
   */
  public static Message tool(String toolCallId, String result) {
    return new Message(Role.TOOL, List.of(new TextPart(result)), List.of(), toolCallId, null);
  }

  /** A copy of this message with a participant name (providers that lack names ignore it). */
  public Message withName(String name) {
    return new Message(role, content, toolCalls, toolCallId, name);
  }

  public Role role() {
    return role;
  }

  /** The content parts, never null; empty for an assistant message that only calls tools. */
  public List<ContentPart> content() {
    return content;
  }

  /** The text parts joined together; empty when there are none. */
  public String text() {
    if (content.size() == 1 && content.get(0) instanceof TextPart t) {
      return t.text();
    }
    StringBuilder sb = new StringBuilder();
    for (ContentPart p : content) {
      if (p instanceof TextPart t) {
        sb.append(t.text());
      }
    }
    return sb.toString();
  }

  /** True if any part is an image. */
  public boolean hasImages() {
    for (ContentPart p : content) {
      if (p instanceof ImagePart) {
        return true;
      }
    }
    return false;
  }

  /** Tool calls of an assistant message; empty otherwise. */
  public List<ToolCall> toolCalls() {
    return toolCalls;
  }

  /** For a {@link Role#TOOL} message, the call it answers; null otherwise. */
  public String toolCallId() {
    return toolCallId;
  }

  /** An optional participant name, or null. */
  public String name() {
    return name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Message m
        && role == m.role
        && content.equals(m.content)
        && toolCalls.equals(m.toolCalls)
        && Objects.equals(toolCallId, m.toolCallId)
        && Objects.equals(name, m.name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(role, content, toolCalls, toolCallId, name);
  }

  /** Describes the shape of the message, never its content. */
  @Override
  public String toString() {
    return "Message[" + role + ", " + content.size() + " part(s)"
        + (toolCalls.isEmpty() ? "" : ", " + toolCalls.size() + " tool call(s)") + "]";
  }
}
