/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import dev.stateline.aws.BedrockManagedAgent;
import dev.stateline.chat.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okio.Buffer;

/**
 * The JSON of Bedrock Managed Agents' session API: the bodies Stateline sends (create a session,
 * submit a message or a cancel event) and typed reads of what comes back (sessions, items, events),
 * as the user guide's "BMA preview REST API reference" and OpenAI's Agents API reference describe
 * them. Reads are lenient about what they do not use and strict about what they do: a value of the
 * wrong type reads as absent. Not API; stateless and thread-safe.
 */
public final class ManagedAgentJson {
  private static final JsonAdapter<Object> ANY = new Moshi.Builder().build().adapter(Object.class);

  private ManagedAgentJson() {}

  // ---------------------------------------------------------------- requests

  /** {@code POST /openai/v1/agents/sessions}: the agent, its environment and role, no input, not streamed. */
  static byte[] createSession(BedrockManagedAgent.Agent agent, String roleArn) {
    return write(w -> {
      w.beginObject();
      w.name("agent").beginObject();
      w.name("model").value(agent.model());
      if (agent.instructions() != null) {
        w.name("instructions").value(agent.instructions());
      }
      if (!agent.tools().isEmpty()) {
        w.name("tools").beginArray();
        for (BedrockManagedAgent.McpServer s : agent.tools()) {
          w.beginObject();
          w.name("type").value("mcp");
          w.name("server_label").value(s.label());
          w.name("transport").beginObject();
          w.name("type").value("stdio");
          w.name("command").value(s.command());
          strings(w.name("args"), s.args());
          if (s.cwd() != null) {
            w.name("cwd").value(s.cwd());
          }
          strings(w.name("env_vars"), s.envVars());
          w.endObject();
          if (s.allowedTools() != null) {
            strings(w.name("allowed_tools"), s.allowedTools());
          }
          w.endObject();
        }
        w.endArray();
      }
      w.endObject();
      BedrockManagedAgent.Environment e = agent.environment();
      w.name("environment").beginObject();
      w.name("type").value(e.type().wire());
      if (e.runtimeArn() != null) {
        w.name("runtime_arn").value(e.runtimeArn());
        w.name("runtime_qualifier").value(e.runtimeQualifier());
      }
      w.name("workspace_directory").value(e.workspaceDirectory());
      if (!e.capabilityDirectories().isEmpty()) {
        strings(w.name("capability_directories"), e.capabilityDirectories());
      }
      w.endObject();
      w.name("role_arn").value(roleArn);
      w.name("stream").value(false);
      w.endObject();
    });
  }

  /** {@code POST .../{id}/events}: one input-message event carrying each text as a user message. */
  static byte[] message(List<String> userTexts) {
    return write(w -> {
      w.beginObject().name("events").beginArray().beginObject();
      w.name("type").value("agent.session.input.message");
      w.name("input").beginArray();
      for (String text : userTexts) {
        w.beginObject().name("role").value("user").name("content").beginArray()
            .beginObject().name("type").value("input_text").name("text").value(text).endObject()
            .endArray().endObject();
      }
      w.endArray();
      w.endObject().endArray().endObject();
    });
  }

  /** {@code POST .../{id}/events}: the cancel event. */
  static byte[] cancel() {
    return write(w -> w.beginObject().name("events").beginArray().beginObject()
        .name("type").value("agent.session.input.cancel").endObject().endArray().endObject());
  }

  private interface Body {
    void write(JsonWriter w) throws IOException;
  }

  private static byte[] write(Body body) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      body.write(w);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a Buffer does not fail
    }
    return buffer.readByteArray();
  }

  private static void strings(JsonWriter w, List<String> values) throws IOException {
    w.beginArray();
    for (String v : values) {
      w.value(v);
    }
    w.endArray();
  }

  // ---------------------------------------------------------------- reads

  /**
   * Parses a JSON object.
   *
   * @return the object, or null if {@code json} is not a JSON object
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> object(String json) {
    if (json == null || json.isBlank()) {
      return null;
    }
    try {
      Object v = ANY.fromJson(json);
      return v instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    } catch (IOException | JsonDataException | IllegalStateException e) {
      return null;
    }
  }

  /** The string at {@code key}, or null if absent or not a string. */
  static String string(Map<String, Object> json, String key) {
    return json != null && json.get(key) instanceof String s ? s : null;
  }

  /** The object at {@code key}, or null if absent or not an object. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Map<String, Object> json, String key) {
    return json != null && json.get(key) instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
  }

  /** The objects of the array at {@code key}, skipping anything else; empty if absent. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> objects(Map<String, Object> json, String key) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (json != null && json.get(key) instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> m) {
          out.add((Map<String, Object>) m);
        }
      }
    }
    return out;
  }

  /** The boolean at {@code key}, or false. */
  static boolean bool(Map<String, Object> json, String key) {
    return json != null && Boolean.TRUE.equals(json.get(key));
  }

  /** The non-negative whole number at {@code key}, or -1 if absent, negative or not a number. */
  static long count(Map<String, Object> json, String key) {
    if (json != null && json.get(key) instanceof Number n) {
      double d = n.doubleValue();
      if (d >= 0 && d <= Long.MAX_VALUE && d == Math.floor(d)) {
        return (long) d;
      }
    }
    return -1;
  }

  /**
   * A {@code TokenUsage} object ({@code input_tokens}, {@code input_tokens_details.cached_tokens},
   * {@code output_tokens}, {@code output_tokens_details.reasoning_tokens}), or null if absent or
   * without usable counts. Inconsistent details (more cached than input tokens) are capped.
   */
  static Usage usage(Map<String, Object> usage) {
    if (usage == null) {
      return null;
    }
    long in = count(usage, "input_tokens");
    long out = count(usage, "output_tokens");
    if (in < 0 && out < 0) {
      return null;
    }
    in = Math.max(0, in);
    out = Math.max(0, out);
    long cached = Math.min(in, Math.max(0, count(object(usage, "input_tokens_details"), "cached_tokens")));
    long reasoning = Math.min(out, Math.max(0, count(object(usage, "output_tokens_details"), "reasoning_tokens")));
    return new Usage(in, cached, out, reasoning);
  }

  /** The text of a message item's content parts of type {@code partType}, joined; empty if none. */
  static String text(Map<String, Object> message, String partType) {
    StringBuilder sb = new StringBuilder();
    for (Map<String, Object> part : objects(message, "content")) {
      if (partType.equals(string(part, "type")) && string(part, "text") != null) {
        sb.append(string(part, "text"));
      }
    }
    return sb.toString();
  }

  /** The summary text of a reasoning item, its parts joined by blank lines; empty if none. */
  static String summary(Map<String, Object> reasoning) {
    StringBuilder sb = new StringBuilder();
    for (Map<String, Object> part : objects(reasoning, "summary")) {
      String t = string(part, "text");
      if (t != null && !t.isEmpty()) {
        if (sb.length() > 0) {
          sb.append("\n\n");
        }
        sb.append(t);
      }
    }
    return sb.toString();
  }

  /** Writes any parsed JSON value back as JSON text (MCP arguments and outputs), or null for null. */
  static String json(Object value) {
    if (value == null) {
      return null;
    }
    return value instanceof String s ? s : ANY.toJson(value);
  }
}
