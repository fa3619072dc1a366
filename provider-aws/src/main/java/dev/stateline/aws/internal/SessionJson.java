/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.internal;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.stateline.chat.ContentPart;
import dev.stateline.chat.ImagePart;
import dev.stateline.chat.Message;
import dev.stateline.chat.Role;
import dev.stateline.chat.TextPart;
import dev.stateline.chat.ToolCall;
import dev.stateline.error.SessionCorruptedException;
import dev.stateline.session.SessionState;
import dev.stateline.session.SessionTurn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import okio.Buffer;

/**
 * The compact JSON form of sessions and turns that the AWS stores keep (a DynamoDB item, an
 * AgentCore Memory event's blob). Every {@link Message} shape round-trips: every role, participant
 * names, text parts, image URLs and inline images (base64) with their detail level, assistant tool
 * calls, and tool results with the call id they answer.
 *
 * <pre>{@code
 * {"format":"stateline-session","formatVersion":1,"id":"case-4711","version":2,
 *  "createdAt":"2026-03-01T10:00:00Z","updatedAt":"2026-03-01T10:05:00Z","expiresAt":null,
 *  "turns":[{"id":"f3a9...","target":"aws-fra","responseId":"resp_1","at":"2026-03-01T10:00:00Z",
 *    "messages":[{"role":"user","content":[{"text":"Hello"},
 *                                          {"imageUrl":"https://...","detail":"auto"},
 *                                          {"imageData":"iVBOR...","mediaType":"image/png","detail":"high"}]},
 *                {"role":"assistant","toolCalls":[{"id":"call_1","name":"weather","arguments":"{...}"}]},
 *                {"role":"tool","toolCallId":"call_1","content":[{"text":"{\"temp\":3}"}]}]}]}
 * }</pre>
 *
 * <p>Null members are left out. Decoding is strict: an unknown format version, a missing member or
 * a message no factory of {@link Message} can build fails with a {@link SessionCorruptedException}
 * that names where the data came from, never its content. Unknown members are skipped, so a newer
 * writer may add some. Stateless and thread-safe.
 */
public final class SessionJson {
  static final String FORMAT = "stateline-session";
  static final String TURN_FORMAT = "stateline-turn";
  static final int FORMAT_VERSION = 1;

  private SessionJson() {}

  // ------------------------------------------------------------------ writing

  /** The session as UTF-8 JSON. */
  public static byte[] encode(SessionState s) {
    Buffer out = new Buffer();
    try (JsonWriter w = JsonWriter.of(out)) {
      w.beginObject();
      w.name("format").value(FORMAT);
      w.name("formatVersion").value(FORMAT_VERSION);
      w.name("id").value(s.id());
      w.name("version").value(s.version());
      w.name("createdAt").value(s.createdAt().toString());
      w.name("updatedAt").value(s.updatedAt().toString());
      if (s.expiresAt() != null) {
        w.name("expiresAt").value(s.expiresAt().toString());
      }
      w.name("turns").beginArray();
      for (SessionTurn t : s.turns()) {
        writeTurn(w, t);
      }
      w.endArray();
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.readByteArray();
  }

  /**
   * One turn as a JSON object, wrapped with the extra members the caller needs (an AgentCore event
   * carries its version and chain links beside the turn).
   */
  public static String encodeTurn(SessionTurn turn, Extra extra) {
    Buffer out = new Buffer();
    try (JsonWriter w = JsonWriter.of(out)) {
      w.beginObject();
      w.name("format").value(TURN_FORMAT);
      w.name("formatVersion").value(FORMAT_VERSION);
      if (extra != null) {
        extra.write(w);
      }
      w.name("turn");
      writeTurn(w, turn);
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.readUtf8();
  }

  /** Writes extra members into an object being written. */
  @FunctionalInterface
  public interface Extra {
    void write(JsonWriter w) throws IOException;
  }

  private static void writeTurn(JsonWriter w, SessionTurn t) throws IOException {
    w.beginObject();
    w.name("id").value(t.id());
    if (t.target() != null) {
      w.name("target").value(t.target());
    }
    if (t.responseId() != null) {
      w.name("responseId").value(t.responseId());
    }
    w.name("at").value(t.at().toString());
    w.name("messages").beginArray();
    for (Message m : t.messages()) {
      writeMessage(w, m);
    }
    w.endArray();
    w.endObject();
  }

  private static void writeMessage(JsonWriter w, Message m) throws IOException {
    w.beginObject();
    w.name("role").value(m.role().name().toLowerCase(Locale.ROOT));
    if (m.name() != null) {
      w.name("name").value(m.name());
    }
    if (m.toolCallId() != null) {
      w.name("toolCallId").value(m.toolCallId());
    }
    if (!m.content().isEmpty()) {
      w.name("content").beginArray();
      for (ContentPart p : m.content()) {
        w.beginObject();
        if (p instanceof TextPart tp) {
          w.name("text").value(tp.text());
        } else if (p instanceof ImagePart ip) {
          if (ip.isInline()) {
            w.name("imageData").value(Base64.getEncoder().encodeToString(ip.data()));
            w.name("mediaType").value(ip.mediaType());
          } else {
            w.name("imageUrl").value(ip.url());
          }
          w.name("detail").value(ip.detail().name().toLowerCase(Locale.ROOT));
        }
        w.endObject();
      }
      w.endArray();
    }
    if (!m.toolCalls().isEmpty()) {
      w.name("toolCalls").beginArray();
      for (ToolCall c : m.toolCalls()) {
        w.beginObject();
        w.name("id").value(c.id());
        w.name("name").value(c.name());
        w.name("arguments").value(c.argumentsJson());
        w.endObject();
      }
      w.endArray();
    }
    w.endObject();
  }

  // ------------------------------------------------------------------ reading

  /**
   * Reads a session written by {@link #encode}.
   *
   * @param where where the data came from (a table and key), for error messages; no content
   * @throws SessionCorruptedException if it is not a session this version can read
   */
  public static SessionState decode(byte[] json, String sessionId, String where) {
    Buffer in = new Buffer().write(json);
    try (JsonReader r = JsonReader.of(in)) {
      String format = null;
      int formatVersion = -1;
      String id = null;
      long version = -1;
      Instant created = null;
      Instant updated = null;
      Instant expires = null;
      List<SessionTurn> turns = null;
      r.beginObject();
      while (r.hasNext()) {
        switch (r.nextName()) {
          case "format" -> format = r.nextString();
          case "formatVersion" -> formatVersion = r.nextInt();
          case "id" -> id = r.nextString();
          case "version" -> version = r.nextLong();
          case "createdAt" -> created = instant(r.nextString());
          case "updatedAt" -> updated = instant(r.nextString());
          case "expiresAt" -> expires = r.peek() == JsonReader.Token.NULL ? r.nextNull() : instant(r.nextString());
          case "turns" -> {
            turns = new ArrayList<>();
            r.beginArray();
            while (r.hasNext()) {
              turns.add(readTurn(r));
            }
            r.endArray();
          }
          default -> r.skipValue();
        }
      }
      r.endObject();
      if (r.peek() != JsonReader.Token.END_DOCUMENT) {
        throw new JsonDataException("data after the session");
      }
      checkFormat(FORMAT, format, formatVersion);
      if (id == null || version < 1 || created == null || updated == null || turns == null) {
        throw new JsonDataException("a member of the session is missing");
      }
      if (!id.equals(sessionId)) {
        throw new JsonDataException("it holds another session");
      }
      return new SessionState(id, version, turns, created, updated, expires);
    } catch (IOException | JsonDataException | IllegalArgumentException | NullPointerException e) {
      throw corrupted(sessionId, where, e);
    }
  }

  /** A turn read by {@link #decodeTurn}, with the extra members its writer put beside it. */
  public record DecodedTurn(SessionTurn turn, java.util.Map<String, Object> extra) {}

  /**
   * Reads a turn written by {@link #encodeTurn}; the extra members come back as strings, numbers
   * ({@link Double}), booleans or null.
   *
   * @throws SessionCorruptedException if it is not a turn this version can read
   */
  public static DecodedTurn decodeTurn(String json, String sessionId, String where) {
    Buffer in = new Buffer().writeUtf8(json);
    try (JsonReader r = JsonReader.of(in)) {
      String format = null;
      int formatVersion = -1;
      SessionTurn turn = null;
      java.util.Map<String, Object> extra = new java.util.LinkedHashMap<>();
      r.beginObject();
      while (r.hasNext()) {
        String name = r.nextName();
        switch (name) {
          case "format" -> format = r.nextString();
          case "formatVersion" -> formatVersion = r.nextInt();
          case "turn" -> turn = readTurn(r);
          default -> extra.put(name, r.readJsonValue());
        }
      }
      r.endObject();
      checkFormat(TURN_FORMAT, format, formatVersion);
      if (turn == null) {
        throw new JsonDataException("the turn is missing");
      }
      return new DecodedTurn(turn, extra);
    } catch (IOException | JsonDataException | IllegalArgumentException | NullPointerException e) {
      throw corrupted(sessionId, where, e);
    }
  }

  /** True if {@code json} looks like a turn this codec wrote (its format member), without reading it all. */
  public static boolean isTurn(String json) {
    Buffer in = new Buffer().writeUtf8(json);
    try (JsonReader r = JsonReader.of(in)) {
      if (r.peek() != JsonReader.Token.BEGIN_OBJECT) {
        return false;
      }
      r.beginObject();
      while (r.hasNext()) {
        if (r.nextName().equals("format")) {
          return r.peek() == JsonReader.Token.STRING && TURN_FORMAT.equals(r.nextString());
        }
        r.skipValue();
      }
      return false;
    } catch (IOException | JsonDataException e) {
      return false;
    }
  }

  private static void checkFormat(String expected, String format, int formatVersion) {
    if (!expected.equals(format)) {
      throw new JsonDataException("it is not a " + expected);
    }
    if (formatVersion != FORMAT_VERSION) {
      throw new JsonDataException(expected + " format version " + formatVersion + " is not supported (this"
          + " version reads " + FORMAT_VERSION + ")");
    }
  }

  private static SessionCorruptedException corrupted(String sessionId, String where, Exception e) {
    // Moshi's messages name JSON paths and token kinds, never values.
    // Values are never quoted: a rejected value (a bad URL, say) could be content.
    String why = e instanceof JsonEncodingException ? "malformed JSON"
        : e instanceof JsonDataException || e instanceof IOException ? e.getMessage()
        : "a value is invalid (" + e.getClass().getSimpleName() + ")";
    return new SessionCorruptedException("session '" + sessionId + "' cannot be read: " + why, sessionId, where, e);
  }

  private static SessionTurn readTurn(JsonReader r) throws IOException {
    String id = null;
    String target = null;
    String responseId = null;
    Instant at = null;
    List<Message> messages = null;
    r.beginObject();
    while (r.hasNext()) {
      switch (r.nextName()) {
        case "id" -> id = r.nextString();
        case "target" -> target = nullableString(r);
        case "responseId" -> responseId = nullableString(r);
        case "at" -> at = instant(r.nextString());
        case "messages" -> {
          messages = new ArrayList<>();
          r.beginArray();
          while (r.hasNext()) {
            messages.add(readMessage(r));
          }
          r.endArray();
        }
        default -> r.skipValue();
      }
    }
    r.endObject();
    if (id == null || at == null || messages == null) {
      throw new JsonDataException("a member of a turn is missing at " + r.getPath());
    }
    return new SessionTurn(id, messages, target, responseId, at);
  }

  private static Message readMessage(JsonReader r) throws IOException {
    Role role = null;
    String name = null;
    String toolCallId = null;
    List<ContentPart> parts = new ArrayList<>();
    List<ToolCall> calls = new ArrayList<>();
    r.beginObject();
    while (r.hasNext()) {
      switch (r.nextName()) {
        case "role" -> role = Role.valueOf(r.nextString().toUpperCase(Locale.ROOT));
        case "name" -> name = nullableString(r);
        case "toolCallId" -> toolCallId = nullableString(r);
        case "content" -> {
          r.beginArray();
          while (r.hasNext()) {
            parts.add(readPart(r));
          }
          r.endArray();
        }
        case "toolCalls" -> {
          r.beginArray();
          while (r.hasNext()) {
            calls.add(readToolCall(r));
          }
          r.endArray();
        }
        default -> r.skipValue();
      }
    }
    r.endObject();
    if (role == null) {
      throw new JsonDataException("a message has no role at " + r.getPath());
    }
    Message m = build(role, parts, calls, toolCallId, r.getPath());
    return name == null ? m : m.withName(name);
  }

  /** Rebuilds a message with the factory that made it; every message is made by one of them. */
  private static Message build(Role role, List<ContentPart> parts, List<ToolCall> calls, String toolCallId,
      String path) {
    switch (role) {
      case USER:
        return Message.user(parts);
      case ASSISTANT:
        if (calls.isEmpty() && parts.size() == 1 && parts.get(0) instanceof TextPart t) {
          return Message.assistant(t.text());
        }
        if (parts.isEmpty()) {
          return Message.assistant(null, calls);
        }
        if (parts.size() == 1 && parts.get(0) instanceof TextPart t && !t.text().isEmpty()) {
          return Message.assistant(t.text(), calls);
        }
        break;
      case TOOL:
        if (parts.size() == 1 && parts.get(0) instanceof TextPart t && calls.isEmpty()) {
          return Message.tool(toolCallId, t.text());
        }
        break;
      case SYSTEM:
      case DEVELOPER:
        if (parts.size() == 1 && parts.get(0) instanceof TextPart t && calls.isEmpty()) {
          return role == Role.SYSTEM ? Message.system(t.text()) : Message.developer(t.text());
        }
        break;
      default:
        break;
    }
    throw new JsonDataException("a " + role + " message of this shape cannot be built, at " + path);
  }

  private static ContentPart readPart(JsonReader r) throws IOException {
    String text = null;
    String url = null;
    String data = null;
    String mediaType = null;
    ImagePart.Detail detail = ImagePart.Detail.AUTO;
    r.beginObject();
    while (r.hasNext()) {
      switch (r.nextName()) {
        case "text" -> text = r.nextString();
        case "imageUrl" -> url = r.nextString();
        case "imageData" -> data = r.nextString();
        case "mediaType" -> mediaType = r.nextString();
        case "detail" -> detail = ImagePart.Detail.valueOf(r.nextString().toUpperCase(Locale.ROOT));
        default -> r.skipValue();
      }
    }
    r.endObject();
    if (text != null && url == null && data == null) {
      return new TextPart(text);
    }
    if (url != null && text == null && data == null) {
      return ImagePart.fromUrl(url, detail);
    }
    if (data != null && text == null && url == null && mediaType != null) {
      return ImagePart.fromBytes(Base64.getDecoder().decode(data), mediaType, detail);
    }
    throw new JsonDataException("a content part is neither text nor an image at " + r.getPath());
  }

  private static ToolCall readToolCall(JsonReader r) throws IOException {
    String id = null;
    String name = null;
    String arguments = null;
    r.beginObject();
    while (r.hasNext()) {
      switch (r.nextName()) {
        case "id" -> id = r.nextString();
        case "name" -> name = r.nextString();
        case "arguments" -> arguments = r.nextString();
        default -> r.skipValue();
      }
    }
    r.endObject();
    return new ToolCall(id, name, arguments);
  }

  private static String nullableString(JsonReader r) throws IOException {
    if (r.peek() == JsonReader.Token.NULL) {
      return r.nextNull();
    }
    return r.nextString();
  }

  private static Instant instant(String s) {
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new JsonDataException("a timestamp is not an ISO-8601 instant");
    }
  }
}
