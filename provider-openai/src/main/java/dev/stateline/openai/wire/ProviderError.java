/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.wire;

import com.squareup.moshi.JsonReader;
import dev.stateline.openai.internal.JsonIo;
import java.io.IOException;

/**
 * An error as the provider described it: the OpenAI shape
 * {@code {"error": {"message", "type", "param", "code"}}}, the Responses API's
 * {@code {"type": "error", "code", "message", "param"}} stream event, or a gateway's
 * {@code {"statusCode", "message"}}.
 *
 * <p>Part of the provider SPI. Immutable and thread-safe. The message is the provider's text and is
 * not yet truncated or redacted: {@link ErrorMapper} does that before it goes into an exception.
 *
 * @param message the provider's message, or null
 * @param type the error type ({@code invalid_request_error}, {@code server_error}), or null
 * @param param the request parameter the provider blamed, or null
 * @param code the provider's error code ({@code context_length_exceeded}, {@code 429}), or null
 */
public record ProviderError(String message, String type, String param, String code) {

  private static final JsonReader.Options FIELDS =
      JsonReader.Options.of("message", "type", "param", "code");

  /** True if no field is known. */
  public boolean isEmpty() {
    return message == null && type == null && param == null && code == null;
  }

  /**
   * Reads the value of an {@code "error"} field: an object with message/type/param/code (unknown
   * fields skipped), a plain string (taken as the message), or null.
   *
   * @return the error, or null if the value was JSON null
   */
  public static ProviderError read(JsonReader reader) throws IOException {
    switch (reader.peek()) {
      case NULL:
        reader.nextNull();
        return null;
      case STRING:
        return new ProviderError(reader.nextString(), null, null, null);
      case BEGIN_OBJECT:
        break;
      default:
        reader.skipValue();
        return new ProviderError(null, null, null, null);
    }
    String message = null;
    String type = null;
    String param = null;
    String code = null;
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(FIELDS)) {
        case 0 -> message = JsonIo.nextStringOrNull(reader);
        case 1 -> type = JsonIo.nextStringOrNull(reader);
        case 2 -> param = JsonIo.nextStringOrNull(reader);
        case 3 -> code = JsonIo.nextStringOrNull(reader);
        default -> {
          reader.skipName();
          reader.skipValue();
        }
      }
    }
    reader.endObject();
    return new ProviderError(message, type, param, code);
  }

  /** Describes the error without its message (for logs). */
  @Override
  public String toString() {
    return "ProviderError[type=" + type + ", code=" + code + ", param=" + param + "]";
  }
}
