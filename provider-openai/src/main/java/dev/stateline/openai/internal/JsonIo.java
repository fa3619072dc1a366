/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.internal;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.EOFException;
import java.io.IOException;
import okio.Buffer;
import okio.BufferedSink;

/**
 * Small streaming-JSON helpers shared by the wire codecs. Not API: may change without notice.
 *
 * <p>Stateless and thread-safe.
 */
public final class JsonIo {
  private JsonIo() {}

  /** The next value as a string, or null for JSON null; numbers and booleans as their literal text. */
  public static String nextStringOrNull(JsonReader reader) throws IOException {
    switch (reader.peek()) {
      case NULL:
        return reader.nextNull();
      case STRING:
      case NUMBER:
        return reader.nextString();
      case BOOLEAN:
        return Boolean.toString(reader.nextBoolean());
      default:
        reader.skipValue();
        return null;
    }
  }

  /** The next value as a long; null, non-numbers and fractions read as 0 (token counts are tolerant). */
  public static long nextLongOrZero(JsonReader reader) throws IOException {
    if (reader.peek() != JsonReader.Token.NUMBER) {
      reader.skipValue();
      return 0;
    }
    try {
      return Math.max(0, reader.nextLong());
    } catch (JsonDataException e) {
      // A fraction or an out-of-range number: tolerate it as "unknown".
      reader.skipValue();
      return 0;
    }
  }

  /** The next value as an int, or {@code fallback} if it is not an integer. */
  public static int nextIntOr(JsonReader reader, int fallback) throws IOException {
    if (reader.peek() != JsonReader.Token.NUMBER) {
      reader.skipValue();
      return fallback;
    }
    try {
      return reader.nextInt();
    } catch (JsonDataException e) {
      reader.skipValue();
      return fallback;
    }
  }

  /** True (and consumes it) if the next value is JSON null. */
  public static boolean skipNull(JsonReader reader) throws IOException {
    if (reader.peek() == JsonReader.Token.NULL) {
      reader.nextNull();
      return true;
    }
    return false;
  }

  /**
   * Writes {@code json}, a complete JSON text held by a core value (a tool's parameter schema, a
   * response schema), as the next value of {@code writer}, checking that it is one well-formed JSON
   * value on the way.
   *
   * @throws IllegalArgumentException if {@code json} is not one well-formed JSON value
   */
  public static void writeRawJson(JsonWriter writer, String json) throws IOException {
    JsonReader reader = JsonReader.of(new Buffer().writeUtf8(json));
    try {
      copyValue(reader, writer);
      if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
        throw new IllegalArgumentException("unexpected content after the JSON value");
      }
    } catch (JsonDataException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    } catch (JsonEncodingException | EOFException e) {
      // Reading from a Buffer fails only on malformed or incomplete input.
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static void copyValue(JsonReader reader, JsonWriter writer) throws IOException {
    switch (reader.peek()) {
      case BEGIN_OBJECT:
        reader.beginObject();
        writer.beginObject();
        while (reader.hasNext()) {
          writer.name(reader.nextName());
          copyValue(reader, writer);
        }
        reader.endObject();
        writer.endObject();
        break;
      case BEGIN_ARRAY:
        reader.beginArray();
        writer.beginArray();
        while (reader.hasNext()) {
          copyValue(reader, writer);
        }
        reader.endArray();
        writer.endArray();
        break;
      case STRING:
        writer.value(reader.nextString());
        break;
      case NUMBER:
        // Keep the number's literal text exactly as given (no double rounding).
        String literal = reader.nextString();
        try (BufferedSink sink = writer.valueSink()) {
          sink.writeUtf8(literal);
        }
        break;
      case BOOLEAN:
        writer.value(reader.nextBoolean());
        break;
      case NULL:
        reader.nextNull();
        boolean serializeNulls = writer.getSerializeNulls();
        writer.setSerializeNulls(true);
        writer.nullValue();
        writer.setSerializeNulls(serializeNulls);
        break;
      default:
        throw new IllegalArgumentException("expected a JSON value but found " + reader.peek());
    }
  }
}
