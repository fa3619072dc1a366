/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.langchain4j.internal;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.image.Image;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.stateline.chat.ContentPart;
import dev.stateline.chat.ImagePart;
import dev.stateline.chat.Message;
import dev.stateline.chat.TextPart;
import dev.stateline.chat.ToolCall;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * LangChain4j's chat messages to Stateline's and back: system, user (text and images, by URL or
 * inline), AI (text and tool execution requests), tool execution results. A tool result remembers
 * its tool's name only where the assistant turn before it names it (Stateline's tool message has
 * the call id only). Stateless.
 */
public final class Messages {
  private Messages() {}

  /** LangChain4j to Stateline. */
  public static List<Message> toStateline(List<ChatMessage> messages) {
    List<Message> out = new ArrayList<>(messages.size());
    for (ChatMessage m : messages) {
      out.add(toStateline(m));
    }
    return out;
  }

  /** One LangChain4j message as Stateline's. */
  public static Message toStateline(ChatMessage m) {
    if (m instanceof SystemMessage s) {
      return Message.system(s.text());
    }
    if (m instanceof UserMessage u) {
      List<ContentPart> parts = new ArrayList<>();
      for (Content c : u.contents()) {
        if (c instanceof TextContent t) {
          parts.add(new TextPart(t.text()));
        } else if (c instanceof ImageContent i) {
          parts.add(image(i));
        } else {
          throw new IllegalArgumentException("Stateline carries text and images; this user message has "
              + c.type().name().toLowerCase(java.util.Locale.ROOT) + " content");
        }
      }
      Message msg = Message.user(parts);
      return u.name() == null ? msg : msg.withName(u.name());
    }
    if (m instanceof AiMessage a) {
      List<ToolCall> calls = new ArrayList<>();
      if (a.hasToolExecutionRequests()) {
        for (ToolExecutionRequest r : a.toolExecutionRequests()) {
          calls.add(new ToolCall(r.id(), r.name(), r.arguments() == null || r.arguments().isBlank() ? "{}"
              : r.arguments()));
        }
      }
      return calls.isEmpty() ? Message.assistant(a.text() == null ? "" : a.text())
          : Message.assistant(a.text(), calls);
    }
    if (m instanceof ToolExecutionResultMessage t) {
      return Message.tool(t.id(), t.text());
    }
    throw new IllegalArgumentException("a chat message Stateline cannot carry: " + m.type());
  }

  private static ImagePart image(ImageContent i) {
    Image img = i.image();
    ImagePart.Detail detail = switch (i.detailLevel() == null ? ImageContent.DetailLevel.AUTO : i.detailLevel()) {
      case LOW -> ImagePart.Detail.LOW;
      case HIGH, ULTRA_HIGH -> ImagePart.Detail.HIGH;
      default -> ImagePart.Detail.AUTO;
    };
    if (img.url() != null) {
      return ImagePart.fromUrl(img.url().toString(), detail);
    }
    if (img.base64Data() != null) {
      return ImagePart.fromBytes(Base64.getDecoder().decode(img.base64Data()), img.mimeType(), detail);
    }
    throw new IllegalArgumentException("an image with neither a URL nor data");
  }

  /** Stateline to LangChain4j, for a memory read back from a session. */
  public static List<ChatMessage> toLangChain4j(List<Message> messages) {
    List<ChatMessage> out = new ArrayList<>(messages.size());
    java.util.Map<String, String> toolNames = new java.util.HashMap<>();
    for (Message m : messages) {
      switch (m.role()) {
        case SYSTEM, DEVELOPER -> out.add(SystemMessage.from(m.text()));
        case USER -> {
          List<Content> contents = new ArrayList<>();
          for (ContentPart p : m.content()) {
            if (p instanceof TextPart t) {
              contents.add(TextContent.from(t.text()));
            } else if (p instanceof ImagePart i) {
              contents.add(image(i));
            }
          }
          out.add(m.name() == null ? UserMessage.from(contents) : UserMessage.from(m.name(), contents));
        }
        case ASSISTANT -> out.add(aiMessage(m));
        case TOOL -> out.add(ToolExecutionResultMessage.from(m.toolCallId(),
            toolNames.getOrDefault(m.toolCallId(), ""), m.text()));
        default -> throw new IllegalArgumentException("a message role LangChain4j has no message for: " + m.role());
      }
      for (ToolCall c : m.toolCalls()) {
        toolNames.put(c.id(), c.name());
      }
    }
    return out;
  }

  /** A Stateline assistant message as LangChain4j's AI message. */
  public static AiMessage aiMessage(Message m) {
    String text = m.text();
    List<ToolExecutionRequest> requests = new ArrayList<>();
    for (ToolCall c : m.toolCalls()) {
      requests.add(ToolExecutionRequest.builder().id(c.id()).name(c.name()).arguments(c.argumentsJson()).build());
    }
    if (requests.isEmpty()) {
      return AiMessage.from(text == null ? "" : text);
    }
    return text == null || text.isEmpty() ? AiMessage.from(requests) : AiMessage.from(text, requests);
  }

  private static ImageContent image(ImagePart i) {
    ImageContent.DetailLevel detail = switch (i.detail()) {
      case LOW -> ImageContent.DetailLevel.LOW;
      case HIGH -> ImageContent.DetailLevel.HIGH;
      default -> ImageContent.DetailLevel.AUTO;
    };
    if (!i.isInline()) {
      return ImageContent.from(i.url(), detail);
    }
    return ImageContent.from(Base64.getEncoder().encodeToString(i.data()), i.mediaType(), detail);
  }
}
