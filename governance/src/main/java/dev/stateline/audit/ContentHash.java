/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.audit;

import dev.stateline.chat.ContentPart;
import dev.stateline.chat.ImagePart;
import dev.stateline.chat.Message;
import dev.stateline.chat.TextPart;
import dev.stateline.chat.ToolCall;
import java.util.List;
import java.util.Locale;

/**
 * SHA-256 fingerprints of prompts and completions, so that an audit record can prove what was sent
 * and answered without holding it.
 *
 * <p>The hash is over a canonical JSON form (the same escaping as audit records, members in this
 * order, absent members left out): a message is
 * {@code {"role":"user","content":[PART,...],"toolCalls":[{"id":..,"name":..,"arguments":..}],"toolCallId":..,"name":..}}
 * where a part is {@code {"type":"text","text":..}}, {@code {"type":"image","url":..}} or
 * {@code {"type":"image","mediaType":..,"sha256":HEX_OF_BYTES}}; a prompt is the array of its
 * messages, a completion the one assistant message. Anyone holding the text can recompute it.
 *
 * <p>Stateless and thread-safe.
 */
public final class ContentHash {
  private ContentHash() {}

  /** The hex SHA-256 of the canonical form of {@code messages} (a prompt). */
  public static String of(List<Message> messages) {
    StringBuilder sb = new StringBuilder(256);
    sb.append('[');
    for (int i = 0; i < messages.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      message(sb, messages.get(i));
    }
    sb.append(']');
    return Json.sha256Hex(sb.toString());
  }

  /** The hex SHA-256 of the canonical form of one message (a completion). */
  public static String of(Message message) {
    StringBuilder sb = new StringBuilder(256);
    message(sb, message);
    return Json.sha256Hex(sb.toString());
  }

  private static void message(StringBuilder sb, Message m) {
    Json j = new Json(sb);
    sb.append('{');
    j.field("role", m.role().name().toLowerCase(Locale.ROOT));
    j.name("content");
    sb.append('[');
    boolean firstPart = true;
    for (ContentPart p : m.content()) {
      if (!firstPart) {
        sb.append(',');
      }
      firstPart = false;
      Json pj = new Json(sb);
      sb.append('{');
      if (p instanceof TextPart t) {
        pj.field("type", "text").field("text", t.text());
      } else if (p instanceof ImagePart img) {
        pj.field("type", "image");
        if (img.isInline()) {
          pj.field("mediaType", img.mediaType()).field("sha256", Json.sha256Hex(img.data()));
        } else {
          pj.field("url", img.url());
        }
      } else {
        pj.field("type", p.getClass().getSimpleName());
      }
      sb.append('}');
    }
    sb.append(']');
    if (!m.toolCalls().isEmpty()) {
      j.name("toolCalls");
      sb.append('[');
      for (int i = 0; i < m.toolCalls().size(); i++) {
        ToolCall tc = m.toolCalls().get(i);
        if (i > 0) {
          sb.append(',');
        }
        sb.append('{');
        new Json(sb).field("id", tc.id()).field("name", tc.name()).field("arguments", tc.argumentsJson());
        sb.append('}');
      }
      sb.append(']');
    }
    if (m.toolCallId() != null) {
      j.field("toolCallId", m.toolCallId());
    }
    if (m.name() != null) {
      j.field("name", m.name());
    }
    sb.append('}');
  }
}
