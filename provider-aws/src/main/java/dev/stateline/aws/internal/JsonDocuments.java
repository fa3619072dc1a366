/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.internal;

import dev.stateline.spi.JsonStrings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.document.Document;

/**
 * Converts between JSON text and the AWS SDK's {@link Document} tree, which Converse uses for tool
 * input schemas and tool-call arguments.
 *
 * <p>Written here rather than borrowed: the SDK's own JSON parser ({@code json-utils}) is marked as
 * SDK-internal API and may change in any release, and the provider must not add a JSON library just
 * for this. The parser follows RFC 8259 strictly (no comments, no trailing commas, no leading zeros,
 * no control characters in strings), keeps numbers as their exact text, keeps object member order,
 * and lets a repeated member name override the earlier one. Nesting is capped at
 * {@value #MAX_DEPTH} levels so hostile input cannot exhaust the stack.
 *
 * <p>Stateless and thread-safe.
 */
public final class JsonDocuments {
  /** The deepest nesting of arrays and objects accepted. */
  public static final int MAX_DEPTH = 256;

  private JsonDocuments() {}

  /**
   * Parses one JSON value.
   *
   * @throws IllegalArgumentException if {@code json} is not exactly one well-formed JSON value; the
   *     message gives the offset and what was expected, never the text itself
   */
  public static Document parse(String json) {
    if (json == null) {
      throw new IllegalArgumentException("JSON text is null");
    }
    Parser p = new Parser(json);
    p.skipWhitespace();
    Document d = p.value(0);
    p.skipWhitespace();
    if (p.pos != json.length()) {
      throw p.error("unexpected text after the JSON value");
    }
    return d;
  }

  /** Renders a document as compact JSON text. */
  public static String render(Document document) {
    StringBuilder sb = new StringBuilder();
    write(document, sb, 0);
    return sb.toString();
  }

  private static void write(Document d, StringBuilder sb, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("document nests deeper than " + MAX_DEPTH + " levels");
    }
    if (d == null || d.isNull()) {
      sb.append("null");
    } else if (d.isString()) {
      quote(d.asString(), sb);
    } else if (d.isBoolean()) {
      sb.append(d.asBoolean());
    } else if (d.isNumber()) {
      String n = d.asNumber().stringValue();
      if (n.equals("NaN") || n.contains("Infinity")) {
        throw new IllegalArgumentException("JSON cannot represent the number " + n);
      }
      sb.append(n);
    } else if (d.isList()) {
      sb.append('[');
      boolean first = true;
      for (Document item : d.asList()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        write(item, sb, depth + 1);
      }
      sb.append(']');
    } else if (d.isMap()) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<String, Document> e : d.asMap().entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        quote(e.getKey(), sb);
        sb.append(':');
        write(e.getValue(), sb, depth + 1);
      }
      sb.append('}');
    } else {
      throw new IllegalArgumentException("unknown document kind " + d.getClass().getName());
    }
  }

  /** Appends {@code s} as a JSON string literal: {@link JsonStrings#append}. */
  static void quote(String s, StringBuilder sb) {
    JsonStrings.append(sb, s);
  }

  private static final class Parser {
    private final String s;
    private int pos;

    Parser(String s) {
      this.s = s;
    }

    IllegalArgumentException error(String what) {
      return new IllegalArgumentException("malformed JSON at offset " + pos + ": " + what);
    }

    void skipWhitespace() {
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
          pos++;
        } else {
          break;
        }
      }
    }

    Document value(int depth) {
      if (pos >= s.length()) {
        throw error("expected a value but the text ended");
      }
      char c = s.charAt(pos);
      switch (c) {
        case '{':
          return object(depth + 1);
        case '[':
          return array(depth + 1);
        case '"':
          return Document.fromString(string());
        case 't':
          literal("true");
          return Document.fromBoolean(true);
        case 'f':
          literal("false");
          return Document.fromBoolean(false);
        case 'n':
          literal("null");
          return Document.fromNull();
        default:
          if (c == '-' || (c >= '0' && c <= '9')) {
            return Document.fromNumber(number());
          }
          throw error("expected a value, found '" + printable(c) + "'");
      }
    }

    private void checkDepth(int depth) {
      if (depth > MAX_DEPTH) {
        throw error("nesting deeper than " + MAX_DEPTH + " levels");
      }
    }

    private Document object(int depth) {
      checkDepth(depth);
      pos++; // '{'
      Map<String, Document> members = new LinkedHashMap<>();
      skipWhitespace();
      if (peek() == '}') {
        pos++;
        return Document.fromMap(members);
      }
      while (true) {
        skipWhitespace();
        if (peek() != '"') {
          throw error("expected a member name in double quotes");
        }
        String name = string();
        skipWhitespace();
        expect(':');
        skipWhitespace();
        members.put(name, value(depth));
        skipWhitespace();
        char c = next("',' or '}'");
        if (c == '}') {
          return Document.fromMap(members);
        }
        if (c != ',') {
          pos--;
          throw error("expected ',' or '}' after an object member");
        }
      }
    }

    private Document array(int depth) {
      checkDepth(depth);
      pos++; // '['
      List<Document> items = new ArrayList<>();
      skipWhitespace();
      if (peek() == ']') {
        pos++;
        return Document.fromList(items);
      }
      while (true) {
        skipWhitespace();
        items.add(value(depth));
        skipWhitespace();
        char c = next("',' or ']'");
        if (c == ']') {
          return Document.fromList(items);
        }
        if (c != ',') {
          pos--;
          throw error("expected ',' or ']' after an array element");
        }
      }
    }

    private String string() {
      pos++; // opening quote
      StringBuilder sb = null;
      int start = pos;
      while (true) {
        if (pos >= s.length()) {
          throw error("unterminated string");
        }
        char c = s.charAt(pos);
        if (c == '"') {
          String result = sb == null ? s.substring(start, pos) : sb.append(s, start, pos).toString();
          pos++;
          return result;
        }
        if (c < 0x20) {
          throw error("control character in a string must be escaped");
        }
        if (c != '\\') {
          pos++;
          continue;
        }
        if (sb == null) {
          sb = new StringBuilder();
        }
        sb.append(s, start, pos);
        pos++;
        char e = next("an escape character");
        switch (e) {
          case '"' -> sb.append('"');
          case '\\' -> sb.append('\\');
          case '/' -> sb.append('/');
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'u' -> sb.append(hex4());
          default -> {
            pos--;
            throw error("invalid escape '\\" + printable(e) + "'");
          }
        }
        start = pos;
      }
    }

    private char hex4() {
      if (pos + 4 > s.length()) {
        throw error("incomplete \\u escape");
      }
      int v = 0;
      for (int i = 0; i < 4; i++) {
        int d = Character.digit(s.charAt(pos + i), 16);
        if (d < 0) {
          throw error("invalid hex digit in \\u escape");
        }
        v = v * 16 + d;
      }
      pos += 4;
      return (char) v;
    }

    private String number() {
      int start = pos;
      if (peek() == '-') {
        pos++;
      }
      if (peek() == '0') {
        pos++;
        if (isDigit(peek())) {
          throw error("leading zeros are not allowed in numbers");
        }
      } else if (isDigit(peek())) {
        digits();
      } else {
        throw error("expected a digit");
      }
      if (peek() == '.') {
        pos++;
        if (!isDigit(peek())) {
          throw error("expected a digit after the decimal point");
        }
        digits();
      }
      if (peek() == 'e' || peek() == 'E') {
        pos++;
        if (peek() == '+' || peek() == '-') {
          pos++;
        }
        if (!isDigit(peek())) {
          throw error("expected a digit in the exponent");
        }
        digits();
      }
      return s.substring(start, pos);
    }

    private void digits() {
      while (isDigit(peek())) {
        pos++;
      }
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }

    private void literal(String word) {
      if (!s.startsWith(word, pos)) {
        throw error("expected '" + word + "'");
      }
      pos += word.length();
    }

    private char peek() {
      return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private char next(String expected) {
      if (pos >= s.length()) {
        throw error("expected " + expected + " but the text ended");
      }
      return s.charAt(pos++);
    }

    private void expect(char c) {
      if (pos >= s.length() || s.charAt(pos) != c) {
        throw error("expected '" + c + "'");
      }
      pos++;
    }

    private static String printable(char c) {
      return c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
  }
}
