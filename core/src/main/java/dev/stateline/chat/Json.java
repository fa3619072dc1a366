/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.chat;

import java.util.Objects;

/** Light checks on JSON text held by core values; core parses no JSON itself. */
final class Json {
  private Json() {}

  static String requireObject(String json, String what) {
    Objects.requireNonNull(json, what);
    String t = json.strip();
    if (t.length() < 2 || t.charAt(0) != '{' || t.charAt(t.length() - 1) != '}') {
      throw new IllegalArgumentException(what + " must be a JSON object, like {\"type\":\"object\"}");
    }
    return t;
  }
}
