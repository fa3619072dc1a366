/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A minimal writer of canonical JSON: members in the order written, no whitespace, and every
 * character outside printable ASCII escaped ({@code \n}, {@code \r}, {@code \t}, {@code \"},
 * {@code \\}, else {@code \}{@code uXXXX}), so a record's bytes are pure ASCII and the same on every
 * platform. Not thread-safe; one per record.
 */
final class Json {
  private final StringBuilder sb;
  private boolean first = true;

  Json(StringBuilder sb) {
    this.sb = sb;
  }

  static Json object() {
    Json j = new Json(new StringBuilder(512));
    j.sb.append('{');
    return j;
  }

  Json name(String name) {
    if (!first) {
      sb.append(',');
    }
    first = false;
    string(sb, name);
    sb.append(':');
    return this;
  }

  Json field(String name, String value) {
    name(name);
    if (value == null) {
      sb.append("null");
    } else {
      string(sb, value);
    }
    return this;
  }

  Json field(String name, long value) {
    name(name).sb.append(value);
    return this;
  }

  Json field(String name, boolean value) {
    name(name).sb.append(value);
    return this;
  }

  /** Appends raw, already canonical JSON as the member's value. */
  Json raw(String name, String json) {
    name(name).sb.append(json);
    return this;
  }

  /** The text so far, without the closing brace. */
  String open() {
    return sb.toString();
  }

  String close() {
    return sb.append('}').toString();
  }

  /** The canonical (printable ASCII) JSON string of {@code s}: {@link dev.stateline.spi.JsonStrings#appendAscii}. */
  static void string(StringBuilder sb, String s) {
    dev.stateline.spi.JsonStrings.appendAscii(sb, s);
  }

  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    string(sb, s);
    return sb.toString();
  }

  static String sha256Hex(String ascii) {
    return sha256Hex(ascii.getBytes(StandardCharsets.UTF_8));
  }

  static String sha256Hex(byte[] bytes) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
      StringBuilder hex = new StringBuilder(64);
      for (byte b : d) {
        hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
