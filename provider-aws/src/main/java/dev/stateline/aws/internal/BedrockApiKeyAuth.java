/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.internal;

import dev.stateline.openai.wire.RequestAuth;
import dev.stateline.spi.ModelCall;
import okhttp3.Request;

/**
 * An Amazon Bedrock API key, sent as {@code Authorization: Bearer <key>} (the user guide's "Use an
 * Amazon Bedrock API key"). Redacts the key from provider text. Not API; immutable and thread-safe;
 * {@code toString()} hides the key.
 */
public final class BedrockApiKeyAuth implements RequestAuth {
  private final String header;
  private final String key;

  public BedrockApiKeyAuth(String key) {
    this.key = key;
    this.header = "Bearer " + key;
  }

  @Override
  public void apply(Request.Builder request, ModelCall call) {
    request.header("Authorization", header);
  }

  @Override
  public String redact(String text) {
    return text == null ? null : text.replace(key, "***");
  }

  @Override
  public String toString() {
    return "BedrockApiKeyAuth[Bearer ***]";
  }
}
