/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.wire;

import java.util.Objects;

/**
 * The small ways in which providers that speak the OpenAI wire format differ in what they accept in
 * a request body.
 *
 * <p>Part of the provider SPI in {@code dev.stateline.openai.wire}, not for applications. Immutable
 * and thread-safe.
 *
 * @param provider the provider's name for errors and responses ({@code openai},
 *     {@code azure.ai.openai}); never null
 * @param sendModel whether to put the model name in the body; false for URL forms that name the
 *     model themselves (Azure's {@code /openai/deployments/{deployment}/...})
 * @param endUserField the body field that carries {@link dev.stateline.chat.ChatRequest#user()}:
 *     {@code safety_identifier} (OpenAI's current name, which supersedes the deprecated {@code user})
 *     or {@code user} for endpoints that only know the old name; never null
 * @param streamIncludeUsage whether a streamed Chat Completions request asks for usage with
 *     {@code stream_options: {"include_usage": true}}
 */
public record WireDialect(
    String provider, boolean sendModel, String endUserField, boolean streamIncludeUsage) {

  /** OpenAI's own API: model in the body, {@code safety_identifier}, usage in streams. */
  public static final WireDialect OPENAI = new WireDialect("openai", true, "safety_identifier", true);

  public WireDialect {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(endUserField, "endUserField");
    if (provider.isBlank() || endUserField.isBlank()) {
      throw new IllegalArgumentException("provider and endUserField must be non-blank");
    }
  }

  /** A copy for another provider name. */
  public WireDialect withProvider(String provider) {
    return new WireDialect(provider, sendModel, endUserField, streamIncludeUsage);
  }

  /** A copy that does or does not send the model name in the body. */
  public WireDialect withSendModel(boolean sendModel) {
    return new WireDialect(provider, sendModel, endUserField, streamIncludeUsage);
  }

  /** A copy that sends the end-user id in another field. */
  public WireDialect withEndUserField(String endUserField) {
    return new WireDialect(provider, sendModel, endUserField, streamIncludeUsage);
  }

  /** A copy that does or does not ask for usage in streams. */
  public WireDialect withStreamIncludeUsage(boolean streamIncludeUsage) {
    return new WireDialect(provider, sendModel, endUserField, streamIncludeUsage);
  }
}
