/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.opentelemetry;

import dev.stateline.chat.ContentPart;
import dev.stateline.chat.ImagePart;
import dev.stateline.chat.Message;
import dev.stateline.chat.Role;
import dev.stateline.chat.TextPart;
import dev.stateline.chat.ToolCall;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Messages as the GenAI conventions' input and output message JSON schemas shape them, as JSON text:
 * {@code [{"role":"user","parts":[{"type":"text","content":"..."}]}]}. Parts: {@code text};
 * {@code blob} (an inline image: {@code modality} {@code image}, {@code mime_type}, the bytes in
 * base64 as {@code content}); {@code uri} (an image by URL: {@code modality}, {@code uri}, and
 * {@code mime_type} when known); {@code tool_call} ({@code id}, {@code name}, {@code arguments} as a
 * JSON value when the model's text is valid JSON, else as a string); {@code tool_call_response}
 * ({@code id}, {@code response}, likewise). Output messages carry {@code finish_reason}.
 */
final class ContentJson {
  private ContentJson() {}

  static String input(List<Message> messages) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < messages.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      message(sb, messages.get(i), null);
    }
    return sb.append(']').toString();
  }

  static String output(Message message, String finishReason) {
    StringBuilder sb = new StringBuilder("[");
    message(sb, message, finishReason == null ? "stop" : finishReason);
    return sb.append(']').toString();
  }

  private static void message(StringBuilder sb, Message m, String finishReason) {
    sb.append("{\"role\":");
    string(sb, m.role().name().toLowerCase(Locale.ROOT));
    sb.append(",\"parts\":[");
    boolean first = true;
    if (m.role() == Role.TOOL) {
      sb.append("{\"type\":\"tool_call_response\",\"id\":");
      string(sb, m.toolCallId());
      sb.append(",\"response\":");
      value(sb, m.text());
      sb.append('}');
      first = false;
    } else {
      for (ContentPart p : m.content()) {
        if (p instanceof TextPart t) {
          sb.append(first ? "" : ",");
          sb.append("{\"type\":\"text\",\"content\":");
          string(sb, t.text());
          sb.append('}');
          first = false;
        } else if (p instanceof ImagePart img) {
          sb.append(first ? "" : ",");
          image(sb, img);
          first = false;
        }
      }
    }
    for (ToolCall tc : m.toolCalls()) {
      sb.append(first ? "" : ",");
      first = false;
      sb.append("{\"type\":\"tool_call\",\"id\":");
      string(sb, tc.id());
      sb.append(",\"name\":");
      string(sb, tc.name());
      sb.append(",\"arguments\":");
      value(sb, tc.argumentsJson());
      sb.append('}');
    }
    sb.append(']');
    if (finishReason != null) {
      sb.append(",\"finish_reason\":");
      string(sb, finishReason);
    }
    sb.append('}');
  }

  /** A BlobPart for inline bytes, a UriPart for a URL (a data: URL is inline, so a blob). */
  private static void image(StringBuilder sb, ImagePart img) {
    if (img.isInline()) {
      sb.append("{\"type\":\"blob\",\"modality\":\"image\",\"mime_type\":");
      string(sb, img.mediaType());
      sb.append(",\"content\":\"").append(Base64.getEncoder().encodeToString(img.data())).append("\"}");
      return;
    }
    sb.append("{\"type\":\"uri\",\"modality\":\"image\"");
    if (img.mediaType() != null) {
      sb.append(",\"mime_type\":");
      string(sb, img.mediaType());
    }
    sb.append(",\"uri\":");
    string(sb, img.url());
    sb.append('}');
  }

  /** {@code text} as it is when it is one valid JSON value, else as a JSON string. */
  private static void value(StringBuilder sb, String text) {
    if (text != null && JsonCheck.isValue(text)) {
      sb.append(text.strip());
    } else {
      string(sb, text);
    }
  }

  static void string(StringBuilder sb, String s) {
    if (s == null) {
      sb.append("null");
      return;
    }
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /**
   * Whether a text is exactly one JSON value (RFC 8259), so it can be embedded as it is. A strict
   * recursive-descent check, nesting limited to 64 levels (deeper text is embedded as a string).
   */
  static final class JsonCheck {
    private static final int MAX_DEPTH = 64;
    private final String s;
    private int i;

    private JsonCheck(String s) {
      this.s = s;
    }

    static boolean isValue(String text) {
      JsonCheck c = new JsonCheck(text);
      try {
        c.ws();
        if (!c.value(0)) {
          return false;
        }
        c.ws();
        return c.i == c.s.length();
      } catch (IndexOutOfBoundsException e) {
        return false;
      }
    }

    private void ws() {
      while (i < s.length()) {
        char c = s.charAt(i);
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
          return;
        }
        i++;
      }
    }

    private boolean value(int depth) {
      if (depth > MAX_DEPTH || i >= s.length()) {
        return false;
      }
      char c = s.charAt(i);
      switch (c) {
        case '{':
          return object(depth + 1);
        case '[':
          return array(depth + 1);
        case '"':
          return string();
        case 't':
          return literal("true");
        case 'f':
          return literal("false");
        case 'n':
          return literal("null");
        default:
          return number();
      }
    }

    private boolean object(int depth) {
      i++;
      ws();
      if (s.charAt(i) == '}') {
        i++;
        return true;
      }
      while (true) {
        ws();
        if (s.charAt(i) != '"' || !string()) {
          return false;
        }
        ws();
        if (s.charAt(i++) != ':') {
          return false;
        }
        ws();
        if (!value(depth)) {
          return false;
        }
        ws();
        char c = s.charAt(i++);
        if (c == '}') {
          return true;
        }
        if (c != ',') {
          return false;
        }
      }
    }

    private boolean array(int depth) {
      i++;
      ws();
      if (s.charAt(i) == ']') {
        i++;
        return true;
      }
      while (true) {
        ws();
        if (!value(depth)) {
          return false;
        }
        ws();
        char c = s.charAt(i++);
        if (c == ']') {
          return true;
        }
        if (c != ',') {
          return false;
        }
      }
    }

    private boolean string() {
      i++;
      while (true) {
        char c = s.charAt(i++);
        if (c == '"') {
          return true;
        }
        if (c < 0x20) {
          return false;
        }
        if (c == '\\') {
          char e = s.charAt(i++);
          if (e == 'u') {
            for (int k = 0; k < 4; k++) {
              if (Character.digit(s.charAt(i++), 16) < 0) {
                return false;
              }
            }
          } else if ("\"\\/bfnrt".indexOf(e) < 0) {
            return false;
          }
        }
      }
    }

    private boolean literal(String word) {
      if (s.startsWith(word, i)) {
        i += word.length();
        return true;
      }
      return false;
    }

    private boolean number() {
      int start = i;
      if (i < s.length() && s.charAt(i) == '-') {
        i++;
      }
      if (i >= s.length()) {
        return false;
      }
      if (s.charAt(i) == '0') {
        i++;
      } else if (!digits()) {
        return false;
      }
      if (i < s.length() && s.charAt(i) == '.') {
        i++;
        if (!digits()) {
          return false;
        }
      }
      if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
        i++;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
          i++;
        }
        if (!digits()) {
          return false;
        }
      }
      return i > start;
    }

    private boolean digits() {
      int start = i;
      while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      return i > start;
    }
  }
}
