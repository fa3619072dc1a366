/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.chat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A portable chat request: the model alias, the conversation, and how to answer.
 *
 * <p>The {@link #model() model} is an <em>alias</em> ({@code "gpt-4.1"}); each target maps it to its
 * own deployment name or model id, so that moving a call between clouds changes configuration, not
 * code.
 *
 * <p>Immutable and thread-safe; validated when built, with messages that say what to fix. Use
 * {@link #toBuilder()} to derive a changed copy. {@code toString()} shows the shape of the request,
 * never message content.
 */
public final class ChatRequest {
  private final String model;
  private final List<Message> messages;
  private final List<ToolDefinition> tools;
  private final ToolChoice toolChoice;
  private final Boolean parallelToolCalls;
  private final ResponseFormat responseFormat;
  private final Double temperature;
  private final Double topP;
  private final Integer maxOutputTokens;
  private final List<String> stop;
  private final Long seed;
  private final String user;
  private final Map<String, String> metadata;
  private final String previousResponseId;
  private final Boolean store;

  private ChatRequest(Builder b) {
    this.model = requireText(b.model, "model");
    this.messages = List.copyOf(b.messages);
    this.tools = List.copyOf(b.tools);
    this.toolChoice = b.toolChoice;
    this.parallelToolCalls = b.parallelToolCalls;
    this.responseFormat = b.responseFormat == null ? ResponseFormat.text() : b.responseFormat;
    this.temperature = b.temperature;
    this.topP = b.topP;
    this.maxOutputTokens = b.maxOutputTokens;
    this.stop = List.copyOf(b.stop);
    this.seed = b.seed;
    this.user = b.user;
    this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
    this.previousResponseId = b.previousResponseId;
    this.store = b.store;

    if (messages.isEmpty() && previousResponseId == null) {
      throw new IllegalArgumentException(
          "a chat request needs at least one message (add one with addMessage or userMessage)");
    }
    if (temperature != null && (temperature < 0 || temperature > 2 || temperature.isNaN())) {
      throw new IllegalArgumentException("temperature must be between 0 and 2, was " + temperature);
    }
    if (topP != null && (!(topP > 0) || topP > 1)) {
      throw new IllegalArgumentException("topP must be in (0, 1], was " + topP);
    }
    if (maxOutputTokens != null && maxOutputTokens < 1) {
      throw new IllegalArgumentException("maxOutputTokens must be at least 1, was " + maxOutputTokens);
    }
    for (String s : stop) {
      if (s == null || s.isEmpty()) {
        throw new IllegalArgumentException("stop sequences must be non-empty strings");
      }
    }
    if (toolChoice != null && toolChoice.mode() != ToolChoice.Mode.NONE && tools.isEmpty()) {
      throw new IllegalArgumentException("toolChoice " + toolChoice.mode() + " needs at least one tool");
    }
    if (toolChoice != null && toolChoice.mode() == ToolChoice.Mode.TOOL
        && tools.stream().noneMatch(t -> t.name().equals(toolChoice.toolName()))) {
      throw new IllegalArgumentException("toolChoice names '" + toolChoice.toolName()
          + "', which is not among the request's tools");
    }
    long distinctTools = tools.stream().map(ToolDefinition::name).distinct().count();
    if (distinctTools != tools.size()) {
      throw new IllegalArgumentException("tool names must be unique within a request");
    }
    if (metadata.size() > 16) {
      throw new IllegalArgumentException("at most 16 metadata entries are allowed, got " + metadata.size());
    }
  }

  private static String requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is required");
    }
    return value;
  }

  /** A request for {@code model} with one user message. */
  public static ChatRequest of(String model, String userText) {
    return builder().model(model).userMessage(userText).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised with this request's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The model alias; targets map it to their own model names. */
  public String model() {
    return model;
  }

  public List<Message> messages() {
    return messages;
  }

  public List<ToolDefinition> tools() {
    return tools;
  }

  /** How the model may use tools, or null for the provider's default. */
  public ToolChoice toolChoice() {
    return toolChoice;
  }

  /** Whether the model may ask for several tool calls at once, or null for the default. */
  public Boolean parallelToolCalls() {
    return parallelToolCalls;
  }

  /** The answer's format; never null ({@link ResponseFormat#text()} by default). */
  public ResponseFormat responseFormat() {
    return responseFormat;
  }

  public Double temperature() {
    return temperature;
  }

  public Double topP() {
    return topP;
  }

  /** The most tokens to produce, or null for the provider's default. */
  public Integer maxOutputTokens() {
    return maxOutputTokens;
  }

  public List<String> stop() {
    return stop;
  }

  public Long seed() {
    return seed;
  }

  /** A stable id of the end user, for the provider's abuse monitoring; null if not set. */
  public String user() {
    return user;
  }

  /** Tags sent with the request where the provider stores them (at most 16). */
  public Map<String, String> metadata() {
    return metadata;
  }

  /**
   * For providers that hold conversation state server-side (the OpenAI Responses API): the
   * response this request continues. Null for a self-contained request.
   */
  public String previousResponseId() {
    return previousResponseId;
  }

  /** For providers with server-held state: whether to keep this response; null for the default. */
  public Boolean store() {
    return store;
  }

  /** True if the request needs a provider that can hold conversation state. */
  public boolean usesServerState() {
    return previousResponseId != null || Boolean.TRUE.equals(store);
  }

  /** True if any message carries an image. */
  public boolean hasImages() {
    for (Message m : messages) {
      if (m.hasImages()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChatRequest r
        && model.equals(r.model)
        && messages.equals(r.messages)
        && tools.equals(r.tools)
        && Objects.equals(toolChoice, r.toolChoice)
        && Objects.equals(parallelToolCalls, r.parallelToolCalls)
        && responseFormat.equals(r.responseFormat)
        && Objects.equals(temperature, r.temperature)
        && Objects.equals(topP, r.topP)
        && Objects.equals(maxOutputTokens, r.maxOutputTokens)
        && stop.equals(r.stop)
        && Objects.equals(seed, r.seed)
        && Objects.equals(user, r.user)
        && metadata.equals(r.metadata)
        && Objects.equals(previousResponseId, r.previousResponseId)
        && Objects.equals(store, r.store);
  }

  @Override
  public int hashCode() {
    return Objects.hash(model, messages, tools, toolChoice, responseFormat, temperature, topP,
        maxOutputTokens, stop, seed, user, metadata, previousResponseId, store);
  }

  /** The request's shape (model, counts); never message text. */
  @Override
  public String toString() {
    return "ChatRequest[model=" + model + ", messages=" + messages.size() + ", tools=" + tools.size()
        + ", responseFormat=" + responseFormat.getClass().getSimpleName() + "]";
  }

  /** Builds a {@link ChatRequest}. Not thread-safe. */
  public static final class Builder {
    private String model;
    private final List<Message> messages = new ArrayList<>();
    private final List<ToolDefinition> tools = new ArrayList<>();
    private ToolChoice toolChoice;
    private Boolean parallelToolCalls;
    private ResponseFormat responseFormat;
    private Double temperature;
    private Double topP;
    private Integer maxOutputTokens;
    private final List<String> stop = new ArrayList<>();
    private Long seed;
    private String user;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private String previousResponseId;
    private Boolean store;

    private Builder() {}

    private Builder(ChatRequest r) {
      model = r.model;
      messages.addAll(r.messages);
      tools.addAll(r.tools);
      toolChoice = r.toolChoice;
      parallelToolCalls = r.parallelToolCalls;
      responseFormat = r.responseFormat;
      temperature = r.temperature;
      topP = r.topP;
      maxOutputTokens = r.maxOutputTokens;
      stop.addAll(r.stop);
      seed = r.seed;
      user = r.user;
      metadata.putAll(r.metadata);
      previousResponseId = r.previousResponseId;
      store = r.store;
    }

    /** The model alias (required). */
    public Builder model(String model) {
      this.model = model;
      return this;
    }

    /** Replaces the conversation. */
    public Builder messages(List<Message> messages) {
      this.messages.clear();
      messages.forEach(this::addMessage);
      return this;
    }

    public Builder addMessage(Message message) {
      this.messages.add(Objects.requireNonNull(message, "message"));
      return this;
    }

    public Builder systemMessage(String text) {
      return addMessage(Message.system(text));
    }

    public Builder developerMessage(String text) {
      return addMessage(Message.developer(text));
    }

    public Builder userMessage(String text) {
      return addMessage(Message.user(text));
    }

    /** Replaces the tools. */
    public Builder tools(List<ToolDefinition> tools) {
      this.tools.clear();
      tools.forEach(this::addTool);
      return this;
    }

    public Builder addTool(ToolDefinition tool) {
      this.tools.add(Objects.requireNonNull(tool, "tool"));
      return this;
    }

    public Builder toolChoice(ToolChoice toolChoice) {
      this.toolChoice = toolChoice;
      return this;
    }

    public Builder parallelToolCalls(Boolean parallelToolCalls) {
      this.parallelToolCalls = parallelToolCalls;
      return this;
    }

    public Builder responseFormat(ResponseFormat responseFormat) {
      this.responseFormat = responseFormat;
      return this;
    }

    /** Sampling temperature, 0 to 2. */
    public Builder temperature(Double temperature) {
      this.temperature = temperature;
      return this;
    }

    /** Nucleus sampling mass, in (0, 1]. */
    public Builder topP(Double topP) {
      this.topP = topP;
      return this;
    }

    public Builder maxOutputTokens(Integer maxOutputTokens) {
      this.maxOutputTokens = maxOutputTokens;
      return this;
    }

    /** Replaces the stop sequences. */
    public Builder stop(List<String> stop) {
      this.stop.clear();
      this.stop.addAll(stop);
      return this;
    }

    public Builder seed(Long seed) {
      this.seed = seed;
      return this;
    }

    public Builder user(String user) {
      this.user = user;
      return this;
    }

    public Builder putMetadata(String key, String value) {
      if (key == null || key.isEmpty() || value == null) {
        throw new IllegalArgumentException("metadata keys and values must be non-null, keys non-empty");
      }
      metadata.put(key, value);
      return this;
    }

    /** See {@link ChatRequest#previousResponseId()}. */
    public Builder previousResponseId(String previousResponseId) {
      this.previousResponseId = previousResponseId;
      return this;
    }

    /** See {@link ChatRequest#store()}. */
    public Builder store(Boolean store) {
      this.store = store;
      return this;
    }

    /**
     * Builds the request.
     *
     * @throws IllegalArgumentException if a value is missing or out of range; the message says which
     */
    public ChatRequest build() {
      return new ChatRequest(this);
    }
  }
}
