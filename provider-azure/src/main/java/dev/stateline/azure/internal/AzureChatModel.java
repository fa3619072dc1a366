/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.azure.internal;

import dev.stateline.azure.AzureRateLimits;
import dev.stateline.azure.AzureUrlForm;
import dev.stateline.chat.ChatResponse;
import dev.stateline.openai.wire.HttpChatModel;
import dev.stateline.chat.EmbeddingRequest;
import dev.stateline.chat.EmbeddingResponse;
import dev.stateline.spi.ChatModel;
import dev.stateline.spi.EmbeddingModel;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;

/**
 * An Azure OpenAI target's model: the OpenAI-wire {@link HttpChatModel}, composed with Azure's URL
 * layout, credential and extension, plus the target's {@link AzureRateLimits}.
 *
 * <p>Not API (reach the limits with {@code AzureOpenAi.rateLimits(target)}). Thread-safe.
 */
public final class AzureChatModel implements ChatModel, EmbeddingModel {
  private final HttpChatModel wire;
  private final AzureRateLimits rateLimits;
  private final AzureUrlForm form;
  private final String apiVersion;

  public AzureChatModel(HttpChatModel wire, AzureRateLimits rateLimits, AzureUrlForm form, String apiVersion) {
    this.wire = wire;
    this.rateLimits = rateLimits;
    this.form = form;
    this.apiVersion = apiVersion;
  }

  @Override
  public ChatResponse chat(ModelCall call) {
    return wire.chat(call);
  }

  @Override
  public EventSource stream(ModelCall call) {
    return wire.stream(call);
  }

  @Override
  public EmbeddingResponse embed(ModelCall call, EmbeddingRequest batch) {
    return wire.embed(call, batch);
  }

  /** Azure OpenAI documents the OpenAI limit for its embedding models: 2048 inputs per request. */
  @Override
  public int maxInputsPerRequest(String providerModel) {
    return wire.maxInputsPerRequest(providerModel);
  }

  public AzureRateLimits rateLimits() {
    return rateLimits;
  }

  /** The wire model (its OkHttp client, API). */
  public HttpChatModel wire() {
    return wire;
  }

  @Override
  public void close() {
    wire.close();
  }

  @Override
  public String toString() {
    return "AzureChatModel[" + wire.provider() + ", " + form + ", " + wire.api()
        + (apiVersion == null ? "" : ", api-version=" + apiVersion) + "]";
  }
}
