/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.internal;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.stateline.aws.AgentCoreRuntime;
import dev.stateline.chat.Message;
import dev.stateline.chat.Role;
import dev.stateline.chat.ToolCall;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okio.Buffer;

/**
 * The standard payload codec of AgentCore Runtime targets (see {@link AgentCoreRuntime.PayloadCodec#standard()}).
 * Stateless and thread-safe.
 */
public final class AgentCorePayloads implements AgentCoreRuntime.PayloadCodec {
  public static final AgentCorePayloads STANDARD = new AgentCorePayloads();
  private static final List<String> TEXT_MEMBERS = List.of("result", "response", "output", "answer", "text", "content",
      "message", "delta", "data");

  private AgentCorePayloads() {}

  @Override
  public String contentType() {
    return "application/json";
  }

  @Override
  public byte[] encode(List<Message> messages) {
    String prompt = "";
    for (int i = messages.size() - 1; i >= 0; i--) {
      Role r = messages.get(i).role();
      if (r == Role.USER || r == Role.TOOL) {
        prompt = messages.get(i).text();
        break;
      }
    }
    Buffer out = new Buffer();
    try (JsonWriter w = JsonWriter.of(out)) {
      w.beginObject();
      w.name("prompt").value(prompt);
      w.name("messages").beginArray();
      for (Message m : messages) {
        w.beginObject();
        w.name("role").value(m.role().name().toLowerCase(Locale.ROOT));
        w.name("content").value(m.text());
        if (m.toolCallId() != null) {
          w.name("toolCallId").value(m.toolCallId());
        }
        if (!m.toolCalls().isEmpty()) {
          w.name("toolCalls").beginArray();
          for (ToolCall c : m.toolCalls()) {
            w.beginObject().name("id").value(c.id()).name("name").value(c.name())
                .name("arguments").value(c.argumentsJson()).endObject();
          }
          w.endArray();
        }
        w.endObject();
      }
      w.endArray();
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.readByteArray();
  }

  @Override
  public String answer(String contentType, byte[] body) {
    return fromJsonOrText(new String(body, StandardCharsets.UTF_8));
  }

  @Override
  public String streamed(String data) {
    return fromJsonOrText(data);
  }

  /** The text in a JSON answer (a string, or a member named like one), else the body as it is. */
  static String fromJsonOrText(String body) {
    Object json;
    try {
      JsonReader r = JsonReader.of(new Buffer().writeUtf8(body));
      json = r.readJsonValue();
      if (r.peek() != JsonReader.Token.END_DOCUMENT) {
        return body;
      }
    } catch (IOException | RuntimeException e) {
      return body;
    }
    String text = text(json, 0);
    return text != null ? text : body;
  }

  private static String text(Object json, int depth) {
    if (depth > 8) {
      return null;
    }
    if (json instanceof String s) {
      return s;
    }
    if (json instanceof List<?> list) {
      StringBuilder sb = new StringBuilder();
      boolean any = false;
      for (Object o : list) {
        String t = text(o, depth + 1);
        if (t != null) {
          sb.append(t);
          any = true;
        }
      }
      return any ? sb.toString() : null;
    }
    if (json instanceof Map<?, ?> map) {
      for (String member : TEXT_MEMBERS) {
        if (map.containsKey(member)) {
          String t = text(map.get(member), depth + 1);
          if (t != null) {
            return t;
          }
        }
      }
    }
    return null;
  }
}
