/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.internal;

import dev.stateline.openai.wire.RequestAuth;
import dev.stateline.spi.ModelCall;
import dev.stateline.spi.Redactor;
import okhttp3.Request;

/**
 * An Amazon Bedrock API key, sent as {@code Authorization: Bearer <key>} (the user guide's "Use an
 * Amazon Bedrock API key"). Redacts the key from provider text with the shared {@link Redactor}. Not
 * API; immutable and thread-safe;
 * {@code toString()} hides the key.
 */
public final class BedrockApiKeyAuth implements RequestAuth {
  private final String header;
  private final Redactor redactor;

  public BedrockApiKeyAuth(String key) {
    this.header = "Bearer " + key;
    this.redactor = Redactor.standard().withSecrets(key);
  }

  @Override
  public void apply(Request.Builder request, ModelCall call) {
    request.header("Authorization", header);
  }

  @Override
  public String redact(String text) {
    return redactor.redact(text);
  }

  @Override
  public String toString() {
    return "BedrockApiKeyAuth[Bearer ***]";
  }
}
