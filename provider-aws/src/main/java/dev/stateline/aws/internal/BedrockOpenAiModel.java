/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.internal;

import dev.stateline.chat.ChatResponse;
import dev.stateline.openai.wire.HttpChatModel;
import dev.stateline.spi.ChatModel;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * A Bedrock OpenAI-compatible target's model: the OpenAI-wire {@link HttpChatModel} composed with
 * Bedrock's URLs, credential (SigV4 or an API key) and error extension. Closing it closes the wire
 * model and what the target's builder created for it (a default credentials chain); it is idempotent.
 *
 * <p>Not API. Thread-safe. {@code toString()} holds no secret.
 */
public final class BedrockOpenAiModel implements ChatModel {
  private final HttpChatModel wire;
  private final List<SdkAutoCloseable> owned;
  private final String description;
  private final AtomicBoolean closed = new AtomicBoolean();

  public BedrockOpenAiModel(HttpChatModel wire, List<SdkAutoCloseable> owned, String description) {
    this.wire = wire;
    this.owned = List.copyOf(owned);
    this.description = description;
  }

  @Override
  public ChatResponse chat(ModelCall call) {
    return wire.chat(call);
  }

  @Override
  public EventSource stream(ModelCall call) {
    return wire.stream(call);
  }

  /** The wire model (its OkHttp client, API). */
  public HttpChatModel wire() {
    return wire;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      wire.close();
    } finally {
      owned.forEach(SdkAutoCloseable::close);
    }
  }

  @Override
  public String toString() {
    return "BedrockOpenAiModel[" + description + ", " + wire.api() + "]";
  }
}
