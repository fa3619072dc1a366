/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.internal;

import dev.stateline.openai.wire.RequestAuth;
import dev.stateline.spi.ModelCall;
import okhttp3.Request;

/**
 * OpenAI's credential: {@code Authorization: Bearer <key>}, plus {@code OpenAI-Organization} and
 * {@code OpenAI-Project} when set. Redacts its key from provider text. Not API; immutable and
 * thread-safe; {@code toString()} hides the key.
 */
public final class OpenAiAuth implements RequestAuth {
  private final String apiKey;
  private final String organization;
  private final String project;

  public OpenAiAuth(String apiKey, String organization, String project) {
    this.apiKey = apiKey;
    this.organization = organization;
    this.project = project;
  }

  @Override
  public void apply(Request.Builder request, ModelCall call) {
    request.header("Authorization", "Bearer " + apiKey);
    if (organization != null) {
      request.header("OpenAI-Organization", organization);
    }
    if (project != null) {
      request.header("OpenAI-Project", project);
    }
  }

  @Override
  public String redact(String text) {
    return text == null ? null : text.replace(apiKey, "***");
  }

  @Override
  public String toString() {
    return "OpenAiAuth[key=***" + (organization == null ? "" : ", organization=" + organization)
        + (project == null ? "" : ", project=" + project) + "]";
  }
}
