/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.chat;


/** {@link TokenEstimator#approximate()}. */
final class ApproximateTokenEstimator implements TokenEstimator {
  static final ApproximateTokenEstimator INSTANCE = new ApproximateTokenEstimator();

  private ApproximateTokenEstimator() {}

  static long chars(long n) {
    return (n + 3) / 4;
  }

  @Override
  public int estimate(Message message) {
    long total = 4;
    for (ContentPart p : message.content()) {
      if (p instanceof TextPart t) {
        total += chars(t.text().length());
      } else if (p instanceof ImagePart i) {
        total += i.detail() == ImagePart.Detail.LOW ? 85 : 765;
      }
    }
    for (ToolCall c : message.toolCalls()) {
      total += 4 + chars(c.name().length() + c.argumentsJson().length());
    }
    return (int) Math.min(Integer.MAX_VALUE, total);
  }

  @Override
  public String toString() {
    return "TokenEstimator.approximate()";
  }
}
