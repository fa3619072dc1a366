/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.stateline.CallOptions;
import dev.stateline.StatelineClient;
import dev.stateline.langchain4j.internal.Errors;
import dev.stateline.langchain4j.internal.Requests;
import java.util.Objects;
import java.util.Set;

/**
 * A LangChain4j {@link ChatModel} backed by a {@link StatelineClient}: every call, from an AI
 * service, a chain or your own code, is a Stateline call, placed by the client's policy (residency,
 * health, preferences, failover) on whichever target is eligible.
 *
 * <pre>{@code
 * ChatModel model = StatelineChatModel.builder(client).defaultModel("gpt-4.1").build();
 * Assistant assistant = AiServices.builder(Assistant.class)
 *     .chatModel(model)
 *     .chatMemoryProvider(id -> MessageWindowChatMemory.builder().id(id).maxMessages(20)
 *         .chatMemoryStore(StatelineChatMemoryStore.of(client.sessionStore())).build())
 *     .tools(new OrderTools())
 *     .build();
 * }</pre>
 *
 * <p>What is mapped: system, user (text and images), AI (text and tool calls) and tool-result
 * messages; the model name (the request's, else {@link Builder#defaultModel}, a Stateline model
 * alias), temperature, top-p, max output tokens, stop sequences; tools with their JSON-schema
 * parameters and the tool choice; the response format (text, JSON, JSON schema); back the AI
 * message, response id, model, token usage and finish reason. Top-k and the penalties have no
 * portable form and are rejected. Errors become LangChain4j's exception types with the Stateline
 * exception as cause (see {@link #chat(ChatRequest)}).
 *
 * <p>Calls are stateless Stateline calls (LangChain4j sends the whole conversation each time), so
 * the standard policy places them on stateless hosts (Azure OpenAI). Immutable and thread-safe;
 * the client is the caller's and is not closed here.
 */
public final class StatelineChatModel implements ChatModel {
  private final StatelineClient client;
  private final String defaultModel;
  private final CallOptions options;

  private StatelineChatModel(Builder b) {
    this.client = b.client;
    this.defaultModel = b.defaultModel;
    this.options = b.options;
  }

  /** A builder over {@code client}, which must not be null. */
  public static Builder builder(StatelineClient client) {
    return new Builder(Objects.requireNonNull(client, "client"));
  }

  /**
   * Sends the request through the client.
   *
   * @throws dev.langchain4j.exception.RateLimitException and the other LangChain4j exception types,
   *     each with the Stateline exception as its cause
   * @throws IllegalArgumentException if the request has no model and there is no default, or asks
   *     for what Stateline cannot carry
   */
  @Override
  public ChatResponse doChat(ChatRequest request) {
    dev.stateline.chat.ChatRequest r = Requests.toStateline(request, defaultModel);
    try {
      return Requests.toLangChain4j(client.chat(r, options));
    } catch (RuntimeException e) {
      throw Errors.toLangChain4j(e);
    }
  }

  @Override
  public Set<Capability> supportedCapabilities() {
    return Set.of(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
  }

  /** {@link ModelProvider#OTHER}: the provider is chosen per call by Stateline's placement. */
  @Override
  public ModelProvider provider() {
    return ModelProvider.OTHER;
  }

  /** Builds a {@link StatelineChatModel}. Not thread-safe. */
  public static final class Builder {
    private final StatelineClient client;
    private String defaultModel;
    private CallOptions options = CallOptions.defaults();

    private Builder(StatelineClient client) {
      this.client = client;
    }

    /** The Stateline model alias of requests that name no model. */
    public Builder defaultModel(String alias) {
      this.defaultModel = alias;
      return this;
    }

    /** The options of every call (residency, tenant, tags, timeouts); {@link CallOptions#defaults()} by default. */
    public Builder callOptions(CallOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    public StatelineChatModel build() {
      return new StatelineChatModel(this);
    }
  }
}
