/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.azure.internal;

import dev.stateline.azure.AzureRateLimits;
import dev.stateline.azure.AzureUrlForm;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.Message;
import dev.stateline.chat.Role;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.InvalidRequestException;
import dev.stateline.openai.wire.HttpChatModel;
import dev.stateline.chat.EmbeddingRequest;
import dev.stateline.chat.EmbeddingResponse;
import dev.stateline.spi.ChatModel;
import dev.stateline.spi.EmbeddingModel;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import java.util.ArrayList;
import java.util.List;

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
  /** The first dated api-version that knows the {@code developer} role. */
  static final String FIRST_DEVELOPER_VERSION = "2024-12-01";

  public AzureChatModel(HttpChatModel wire, AzureRateLimits rateLimits, AzureUrlForm form, String apiVersion) {
    this.wire = wire;
    this.rateLimits = rateLimits;
    this.form = form;
    this.apiVersion = apiVersion;
  }

  @Override
  public ChatResponse chat(ModelCall call) {
    return wire.chat(fit(call));
  }

  @Override
  public EventSource stream(ModelCall call) {
    return wire.stream(fit(call));
  }

  /**
   * What the deployment form's dated {@code api-version} can take: a version older than
   * {@value #FIRST_DEVELOPER_VERSION} (such as the default {@code 2024-10-21}) knows neither the
   * {@code developer} role (introduced with the o-series models, which need 2024-12-01-preview or
   * later) nor request {@code metadata}. A developer message is sent as the system message it
   * stands for; metadata, which cannot be mapped, is refused before anything is sent. The v1 form
   * takes both as they are.
   */
  private ModelCall fit(ModelCall call) {
    if (form != AzureUrlForm.DEPLOYMENT || apiVersion == null || apiVersion.compareTo(FIRST_DEVELOPER_VERSION) >= 0) {
      return call;
    }
    ChatRequest r = call.request();
    if (!r.metadata().isEmpty()) {
      throw new InvalidRequestException("api-version " + apiVersion + " of the deployment URL form does not know"
          + " request metadata, so it is not sent: use urlForm(AzureUrlForm.V1), or an api-version of "
          + FIRST_DEVELOPER_VERSION + "-preview or later, or drop the metadata", ErrorInfo.of(wire.provider()),
          "metadata", null);
    }
    List<Message> messages = null;
    for (int i = 0; i < r.messages().size(); i++) {
      Message m = r.messages().get(i);
      if (m.role() == Role.DEVELOPER) {
        if (messages == null) {
          messages = new ArrayList<>(r.messages());
        }
        Message system = Message.system(m.text());
        messages.set(i, m.name() == null ? system : system.withName(m.name()));
      }
    }
    return messages == null ? call : call.withRequest(r.toBuilder().messages(messages).build());
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
