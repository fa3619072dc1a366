/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.chat;

/**
 * One part of a message's content: {@link TextPart text} or an {@link ImagePart image}.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface ContentPart permits TextPart, ImagePart {

  /** A text part. */
  static TextPart text(String text) {
    return new TextPart(text);
  }
}
