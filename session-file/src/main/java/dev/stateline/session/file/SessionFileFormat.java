/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.session.file;

import dev.stateline.chat.ContentPart;
import dev.stateline.chat.ImagePart;
import dev.stateline.chat.Message;
import dev.stateline.chat.Role;
import dev.stateline.chat.TextPart;
import dev.stateline.chat.ToolCall;
import dev.stateline.error.SessionCorruptedException;
import dev.stateline.session.SessionState;
import dev.stateline.session.SessionTurn;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The text format of one session file. Line based, UTF-8, versioned, every string escaped, the
 * whole protected by a CRC-32 in the last line, so a torn or edited file is detected rather than
 * half-read:
 *
 * <pre>
 * stateline-session 1
 * session 'case-4711
 * version 2
 * created 2026-03-01T10:00:00Z
 * updated 2026-03-01T10:05:00Z
 * expires -
 * turns 2
 * turn 'f3a9... 'aws-fra 'resp_1 2026-03-01T10:00:00Z 2
 * message USER - - 1 0
 * text 'Hello%2C%20world
 * message ASSISTANT - - 0 1
 * tool-call 'call_1 'get_weather '%7B%22city%22%3A%22Oslo%22%7D
 * ...
 * end 5c1f02aa
 * </pre>
 *
 * <p>Tokens are separated by one space. A string token is {@code -} for null, or {@code '}
 * followed by the UTF-8 bytes of the string percent-encoded (all but {@code A-Z a-z 0-9 - . _ ~
 * : / @}), so no token contains a space, a newline or a non-ASCII character. Counts (turns,
 * messages per turn, parts and tool calls per message) are checked while reading.
 */
final class SessionFileFormat {
  static final String MAGIC = "stateline-session";
  static final int VERSION = 1;

  private SessionFileFormat() {}

  // ------------------------------------------------------------------ writing

  static byte[] encode(SessionState s) {
    StringBuilder sb = new StringBuilder(256);
    line(sb, MAGIC, Integer.toString(VERSION));
    line(sb, "session", str(s.id()));
    line(sb, "version", Long.toString(s.version()));
    line(sb, "created", s.createdAt().toString());
    line(sb, "updated", s.updatedAt().toString());
    line(sb, "expires", s.expiresAt() == null ? "-" : s.expiresAt().toString());
    line(sb, "turns", Integer.toString(s.turns().size()));
    for (SessionTurn t : s.turns()) {
      line(sb, "turn", str(t.id()), str(t.target()), str(t.responseId()), t.at().toString(),
          Integer.toString(t.messages().size()));
      for (Message m : t.messages()) {
        line(sb, "message", m.role().name(), str(m.name()), str(m.toolCallId()),
            Integer.toString(m.content().size()), Integer.toString(m.toolCalls().size()));
        for (ContentPart p : m.content()) {
          if (p instanceof TextPart tp) {
            line(sb, "text", str(tp.text()));
          } else if (p instanceof ImagePart ip) {
            if (ip.isInline()) {
              line(sb, "image-data", ip.detail().name(), str(ip.mediaType()),
                  Base64.getEncoder().encodeToString(ip.data()));
            } else {
              line(sb, "image-url", ip.detail().name(), str(ip.url()));
            }
          } else {
            throw new IllegalStateException("unknown content part " + p.getClass().getName());
          }
        }
        for (ToolCall c : m.toolCalls()) {
          line(sb, "tool-call", str(c.id()), str(c.name()), str(c.argumentsJson()));
        }
      }
    }
    byte[] body = sb.toString().getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(body);
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 16);
    out.writeBytes(body);
    out.writeBytes(("end " + String.format("%08x", crc.getValue()) + "\n").getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  private static void line(StringBuilder sb, String... tokens) {
    for (int i = 0; i < tokens.length; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(tokens[i]);
    }
    sb.append('\n');
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  static String str(String value) {
    if (value == null) {
      return "-";
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(bytes.length + 1).append('\'');
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
          || c == '-' || c == '.' || c == '_' || c == '~' || c == ':' || c == '/' || c == '@') {
        sb.append((char) c);
      } else {
        sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return sb.toString();
  }

  // ------------------------------------------------------------------ reading

  /** Thrown inside the reader; turned into a {@link SessionCorruptedException} with the location. */
  private static final class Bad extends Exception {
    private static final long serialVersionUID = 1L;

    Bad(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Reads a session file.
   *
   * @param expectedId the id the file should hold (its name says so), or null to accept any
   * @param location the file, for error messages
   * @throws SessionCorruptedException if the bytes are not a complete, intact session file
   */
  static SessionState decode(byte[] data, String expectedId, String location) {
    Reader r = new Reader(data);
    try {
      return r.read(expectedId);
    } catch (Bad e) {
      throw new SessionCorruptedException("session file is corrupt: " + e.getMessage(), expectedId,
          location + ", line " + r.lineNo, null);
    } catch (RuntimeException e) {
      // Values the data model rejects (a tool message without an id, an image URL that is not http).
      throw new SessionCorruptedException("session file holds an invalid value: " + e.getClass().getSimpleName(),
          expectedId, location + ", line " + r.lineNo, e);
    }
  }

  /**
   * Reads only the header, up to the expiry, for listing.
   *
   * @return the expiry, null if none
   * @throws SessionCorruptedException if the header is bad
   */
  static Instant readExpiry(byte[] head, String location) {
    Reader r = new Reader(head);
    try {
      r.header();
      r.expect("session", 2);
      r.expect("version", 2);
      r.expect("created", 2);
      r.expect("updated", 2);
      String[] e = r.expect("expires", 2);
      return e[1].equals("-") ? null : instant(e[1]);
    } catch (Bad e) {
      throw new SessionCorruptedException("session file is corrupt: " + e.getMessage(), null,
          location + ", line " + r.lineNo, null);
    }
  }

  /**
   * Reads the session id from the start of a session file, or null if the header is bad.
   *
   * @param head the first bytes of the file (the id comes right after the magic line)
   */
  static String readId(byte[] head) {
    Reader r = new Reader(head);
    try {
      r.header();
      return r.string(r.expect("session", 2)[1]);
    } catch (Bad e) {
      return null;
    }
  }

  private static final class Reader {
    private final byte[] data;
    private int pos;
    int lineNo;

    Reader(byte[] data) {
      this.data = data;
    }

    String nextLine() throws Bad {
      if (pos >= data.length) {
        throw new Bad("the file ends early (truncated?)");
      }
      int start = pos;
      while (pos < data.length && data[pos] != '\n') {
        byte b = data[pos];
        if (b < 0x20 || b > 0x7e) {
          lineNo++;
          throw new Bad("unexpected byte 0x" + Integer.toHexString(b & 0xff));
        }
        pos++;
      }
      if (pos >= data.length) {
        lineNo++;
        throw new Bad("the last line is incomplete (truncated?)");
      }
      String line = new String(data, start, pos - start, StandardCharsets.US_ASCII);
      pos++;
      lineNo++;
      return line;
    }

    String[] expect(String keyword, int tokens) throws Bad {
      String[] t = nextLine().split(" ", -1);
      if (!t[0].equals(keyword)) {
        throw new Bad("expected a '" + keyword + "' line");
      }
      if (t.length != tokens) {
        throw new Bad("a '" + keyword + "' line needs " + tokens + " tokens, has " + t.length);
      }
      return t;
    }

    void header() throws Bad {
      String[] t = nextLine().split(" ", -1);
      if (t.length != 2 || !t[0].equals(MAGIC)) {
        throw new Bad("not a Stateline session file");
      }
      int v = integer(t[1]);
      if (v != VERSION) {
        throw new Bad("format version " + v + " is not supported by this Stateline (it reads version "
            + VERSION + "); upgrade Stateline to read it");
      }
    }

    SessionState read(String expectedId) throws Bad {
      header();
      String id = nonNull(string(expect("session", 2)[1]), "session id");
      if (expectedId != null && !expectedId.equals(id)) {
        throw new Bad("the file holds another session's id");
      }
      long version = number(expect("version", 2)[1]);
      Instant created = instant(expect("created", 2)[1]);
      Instant updated = instant(expect("updated", 2)[1]);
      String exp = expect("expires", 2)[1];
      Instant expires = exp.equals("-") ? null : instant(exp);
      int turnCount = count(expect("turns", 2)[1]);
      List<SessionTurn> turns = new ArrayList<>(Math.min(turnCount, 1024));
      for (int i = 0; i < turnCount; i++) {
        turns.add(turn());
      }
      int bodyEnd = pos;
      String[] end = expect("end", 2);
      if (pos != data.length) {
        throw new Bad("data after the end line");
      }
      CRC32 crc = new CRC32();
      crc.update(data, 0, bodyEnd);
      if (!String.format("%08x", crc.getValue()).equals(end[1])) {
        throw new Bad("checksum mismatch: the file was changed or damaged");
      }
      if (version < 1) {
        throw new Bad("version must be at least 1");
      }
      return new SessionState(id, version, turns, created, updated, expires);
    }

    SessionTurn turn() throws Bad {
      String[] t = expect("turn", 6);
      String id = nonNull(string(t[1]), "turn id");
      String target = string(t[2]);
      String responseId = string(t[3]);
      Instant at = instant(t[4]);
      int n = count(t[5]);
      if (n == 0) {
        throw new Bad("a turn needs at least one message");
      }
      List<Message> messages = new ArrayList<>(Math.min(n, 1024));
      for (int i = 0; i < n; i++) {
        messages.add(message());
      }
      return new SessionTurn(id, messages, target, responseId, at);
    }

    Message message() throws Bad {
      String[] t = expect("message", 6);
      Role role;
      try {
        role = Role.valueOf(t[1]);
      } catch (IllegalArgumentException e) {
        throw new Bad("unknown role");
      }
      String name = string(t[2]);
      String toolCallId = string(t[3]);
      int parts = count(t[4]);
      int calls = count(t[5]);
      List<ContentPart> content = new ArrayList<>(Math.min(parts, 1024));
      for (int i = 0; i < parts; i++) {
        content.add(part());
      }
      List<ToolCall> toolCalls = new ArrayList<>(Math.min(calls, 1024));
      for (int i = 0; i < calls; i++) {
        String[] c = expect("tool-call", 4);
        toolCalls.add(new ToolCall(nonNull(string(c[1]), "tool call id"), nonNull(string(c[2]), "tool name"),
            nonNull(string(c[3]), "tool arguments")));
      }
      Message m = build(role, content, toolCalls, toolCallId);
      return name == null ? m : m.withName(name);
    }

    private Message build(Role role, List<ContentPart> content, List<ToolCall> calls, String toolCallId)
        throws Bad {
      switch (role) {
        case USER:
          requireNone(calls, toolCallId, role);
          return Message.user(content);
        case ASSISTANT:
          if (toolCallId != null) {
            throw new Bad("an assistant message has no tool call id");
          }
          if (content.size() == 1 && calls.isEmpty()) {
            return Message.assistant(text(content.get(0)));
          }
          if (content.size() > 1) {
            throw new Bad("an assistant message has at most one text part");
          }
          return Message.assistant(content.isEmpty() ? null : text(content.get(0)), calls);
        case TOOL:
          if (content.size() != 1 || !calls.isEmpty() || toolCallId == null) {
            throw new Bad("a tool message has one text part and a tool call id");
          }
          return Message.tool(toolCallId, text(content.get(0)));
        case SYSTEM:
        case DEVELOPER:
          requireNone(calls, toolCallId, role);
          if (content.size() != 1) {
            throw new Bad("a " + role + " message has one text part");
          }
          return role == Role.SYSTEM ? Message.system(text(content.get(0))) : Message.developer(text(content.get(0)));
        default:
          throw new Bad("unknown role");
      }
    }

    private void requireNone(List<ToolCall> calls, String toolCallId, Role role) throws Bad {
      if (!calls.isEmpty() || toolCallId != null) {
        throw new Bad("a " + role + " message has no tool calls and no tool call id");
      }
    }

    private String text(ContentPart p) throws Bad {
      if (p instanceof TextPart t) {
        return t.text();
      }
      throw new Bad("expected a text part");
    }

    ContentPart part() throws Bad {
      String[] t = nextLine().split(" ", -1);
      switch (t[0]) {
        case "text":
          if (t.length != 2) {
            throw new Bad("a text line has 2 tokens");
          }
          return new TextPart(nonNull(string(t[1]), "text"));
        case "image-url":
          if (t.length != 3) {
            throw new Bad("an image-url line has 3 tokens");
          }
          return ImagePart.fromUrl(nonNull(string(t[2]), "image url"), detail(t[1]));
        case "image-data":
          if (t.length != 4) {
            throw new Bad("an image-data line has 4 tokens");
          }
          byte[] bytes;
          try {
            bytes = Base64.getDecoder().decode(t[3]);
          } catch (IllegalArgumentException e) {
            throw new Bad("image data is not valid base64");
          }
          return ImagePart.fromBytes(bytes, nonNull(string(t[2]), "media type"), detail(t[1]));
        default:
          throw new Bad("expected a content part");
      }
    }

    private ImagePart.Detail detail(String s) throws Bad {
      try {
        return ImagePart.Detail.valueOf(s);
      } catch (IllegalArgumentException e) {
        throw new Bad("unknown image detail");
      }
    }

    private String nonNull(String s, String what) throws Bad {
      if (s == null) {
        throw new Bad(what + " is missing");
      }
      return s;
    }

    String string(String token) throws Bad {
      if (token.equals("-")) {
        return null;
      }
      if (token.isEmpty() || token.charAt(0) != '\'') {
        throw new Bad("malformed string token");
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream(token.length());
      for (int i = 1; i < token.length(); i++) {
        char c = token.charAt(i);
        if (c == '%') {
          if (i + 2 >= token.length()) {
            throw new Bad("malformed escape");
          }
          int hi = Character.digit(token.charAt(i + 1), 16);
          int lo = Character.digit(token.charAt(i + 2), 16);
          if (hi < 0 || lo < 0) {
            throw new Bad("malformed escape");
          }
          out.write(hi << 4 | lo);
          i += 2;
        } else if (c == '\'' || c == ' ') {
          throw new Bad("malformed string token");
        } else {
          out.write(c);
        }
      }
      byte[] bytes = out.toByteArray();
      java.nio.charset.CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder();
      try {
        return dec.decode(java.nio.ByteBuffer.wrap(bytes)).toString();
      } catch (java.nio.charset.CharacterCodingException e) {
        throw new Bad("string is not valid UTF-8");
      }
    }
  }

  static Instant instant(String s) throws Bad {
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new Bad("malformed timestamp");
    }
  }

  static long number(String s) throws Bad {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new Bad("malformed number");
    }
  }

  static int integer(String s) throws Bad {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new Bad("malformed number");
    }
  }

  static int count(String s) throws Bad {
    int n = integer(s);
    if (n < 0) {
      throw new Bad("negative count");
    }
    return n;
  }
}
