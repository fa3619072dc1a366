/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.azure.internal;

import dev.stateline.openai.wire.RequestAuth;
import dev.stateline.spi.ModelCall;
import okhttp3.Request;

/**
 * Azure OpenAI's key credential: the {@code api-key} request header. Redacts the key from provider
 * text. Not API; immutable and thread-safe; {@code toString()} hides the key.
 */
public final class ApiKeyAuth implements RequestAuth {
  private final String apiKey;

  public ApiKeyAuth(String apiKey) {
    this.apiKey = apiKey;
  }

  @Override
  public void apply(Request.Builder request, ModelCall call) {
    request.header("api-key", apiKey);
  }

  @Override
  public String redact(String text) {
    return text == null ? null : text.replace(apiKey, "***");
  }

  @Override
  public String toString() {
    return "ApiKeyAuth[api-key=***]";
  }
}
