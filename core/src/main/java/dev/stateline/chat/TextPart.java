/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.chat;

import java.util.Objects;

/**
 * A run of text inside a message.
 *
 * @param text the text, never null (may be empty)
 */
public record TextPart(String text) implements ContentPart {
  public TextPart {
    Objects.requireNonNull(text, "text");
  }

  @Override
  public String toString() {
    return "TextPart[" + text.length() + " chars]";
  }
}
