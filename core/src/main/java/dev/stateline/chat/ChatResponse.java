/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.chat;

import dev.stateline.placement.Attempt;
import dev.stateline.placement.Failover;
import dev.stateline.placement.Placement;
import java.util.List;
import java.util.Objects;

/**
 * A model's answer, with what it cost in tokens and where it ran.
 *
 * <p>Providers fill the model-side fields; the client's pipeline adds the {@link #target() target},
 * the {@link #placement() placement}, the {@link #attempts() attempts} it made and the
 * {@link #cost() cost}. Immutable and
 * thread-safe. {@code toString()} shows metadata, never the answer's text.
 */
public final class ChatResponse {
  private final String id;
  private final String model;
  private final Message message;
  private final FinishReason finishReason;
  private final String rawFinishReason;
  private final Usage usage;
  private final ContentFilterResult contentFilter;
  private final String requestId;
  private final String processingRegion;
  private final String target;
  private final String provider;
  private final Placement placement;
  private final List<Attempt> attempts;
  private final Cost cost;

  private ChatResponse(Builder b) {
    this.id = b.id;
    this.model = b.model;
    this.message = Objects.requireNonNull(b.message, "message");
    if (message.role() != Role.ASSISTANT) {
      throw new IllegalArgumentException("a response message must be an assistant message");
    }
    FinishReason reason = b.finishReason == null ? FinishReason.STOP : b.finishReason;
    // The portable rule: an answer that asks for tool calls says so, whatever the API reported
    // (Chat Completions answers "stop" for a forced tool choice); the raw value is kept.
    this.finishReason = reason == FinishReason.STOP && !message.toolCalls().isEmpty() ? FinishReason.TOOL_CALLS : reason;
    this.rawFinishReason = b.rawFinishReason;
    this.usage = b.usage == null ? Usage.ZERO : b.usage;
    this.contentFilter = b.contentFilter;
    this.requestId = b.requestId;
    this.processingRegion = b.processingRegion;
    this.target = b.target;
    this.provider = b.provider;
    this.placement = b.placement;
    this.attempts = b.attempts; // already an unmodifiable copy
    this.cost = b.cost;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The provider's id of this response (for the Responses API, the handle to continue from). */
  public String id() {
    return id;
  }

  /** The model that answered, as the provider reported it (may differ from the alias). */
  public String model() {
    return model;
  }

  /** The assistant message: text and tool calls. */
  public Message message() {
    return message;
  }

  /** Shortcut for {@code message().text()}. */
  public String text() {
    return message.text();
  }

  /** Shortcut for {@code message().toolCalls()}. */
  public List<ToolCall> toolCalls() {
    return message.toolCalls();
  }

  /**
   * Why the answer ended, the same on every provider: {@link FinishReason#TOOL_CALLS} whenever the
   * answer holds tool calls and did not end for another reason (length, content filter), also where
   * the provider said otherwise (Chat Completions reports {@code stop} for a forced tool choice, the
   * Responses API {@code completed}); {@link #rawFinishReason()} keeps what it said.
   */
  public FinishReason finishReason() {
    return finishReason;
  }

  /** The provider's own finish reason string, or null if it sent none. */
  public String rawFinishReason() {
    return rawFinishReason;
  }

  /** Token usage; {@link Usage#ZERO} when the provider reported none. */
  public Usage usage() {
    return usage;
  }

  /**
   * What the provider's content filter reported on the prompt and the completion, or null if the
   * provider reports nothing of the kind (OpenAI) or did not for this call. With
   * {@link FinishReason#CONTENT_FILTER} it says which check cut the answer.
   */
  public ContentFilterResult contentFilter() {
    return contentFilter;
  }

  /** The provider's request id ({@code x-request-id} and the like), for support tickets. */
  public String requestId() {
    return requestId;
  }

  /**
   * Where the provider says it processed the call, as it names it (Azure OpenAI's {@code x-ms-region},
   * such as {@code Sweden Central}), or null if it did not say. Evidence for residency checks: it may
   * differ from the target's declared region for Global and Data Zone deployments.
   */
  public String processingRegion() {
    return processingRegion;
  }

  /** The name of the target that answered. */
  public String target() {
    return target;
  }

  /** The provider that answered ({@code openai}, {@code azure.ai.openai}, {@code aws.bedrock}). */
  public String provider() {
    return provider;
  }

  /** Where the call was placed and why; null only for responses built outside a client. */
  public Placement placement() {
    return placement;
  }

  /** Every attempt the call made, in order; the last one succeeded. */
  public List<Attempt> attempts() {
    return attempts;
  }

  /**
   * What the call cost: the price of the target that answered (from the client's
   * {@link dev.stateline.PriceBook}, else the target's own {@link dev.stateline.Price}) applied to
   * {@link #usage()}. Null when the target has no price, or for responses built outside a client.
   */
  public Cost cost() {
    return cost;
  }

  /** Every move from one target to the next before the answer came; empty if the primary answered. */
  public List<Failover> failovers() {
    return Failover.of(attempts);
  }

  @Override
  public String toString() {
    return "ChatResponse[id=" + id + ", model=" + model + ", target=" + target
        + ", finishReason=" + finishReason + ", usage=" + usage
        + (contentFilter == null ? "" : ", contentFilter=" + (contentFilter.filtered() ? "filtered" : "annotated"))
        + ", toolCalls=" + message.toolCalls().size() + ", attempts=" + attempts.size()
        + (cost == null ? "" : ", cost=" + cost) + "]";
  }

  /** Builds a {@link ChatResponse}. Not thread-safe. */
  public static final class Builder {
    private String id;
    private String model;
    private Message message;
    private FinishReason finishReason;
    private String rawFinishReason;
    private Usage usage;
    private ContentFilterResult contentFilter;
    private String requestId;
    private String processingRegion;
    private String target;
    private String provider;
    private Placement placement;
    private List<Attempt> attempts = List.of();
    private Cost cost;

    private Builder() {}

    private Builder(ChatResponse r) {
      id = r.id;
      model = r.model;
      message = r.message;
      finishReason = r.finishReason;
      rawFinishReason = r.rawFinishReason;
      usage = r.usage;
      contentFilter = r.contentFilter;
      requestId = r.requestId;
      processingRegion = r.processingRegion;
      target = r.target;
      provider = r.provider;
      placement = r.placement;
      attempts = r.attempts;
      cost = r.cost;
    }

    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder model(String model) {
      this.model = model;
      return this;
    }

    public Builder message(Message message) {
      this.message = message;
      return this;
    }

    public Builder finishReason(FinishReason finishReason) {
      this.finishReason = finishReason;
      return this;
    }

    public Builder rawFinishReason(String rawFinishReason) {
      this.rawFinishReason = rawFinishReason;
      return this;
    }

    public Builder usage(Usage usage) {
      this.usage = usage;
      return this;
    }

    /** What the provider's content filter reported; null (the default) if nothing. */
    public Builder contentFilter(ContentFilterResult contentFilter) {
      this.contentFilter = contentFilter;
      return this;
    }

    public Builder requestId(String requestId) {
      this.requestId = requestId;
      return this;
    }

    /** Where the provider says it processed the call; null (the default) if it did not say. */
    public Builder processingRegion(String processingRegion) {
      this.processingRegion = processingRegion;
      return this;
    }

    public Builder target(String target) {
      this.target = target;
      return this;
    }

    public Builder provider(String provider) {
      this.provider = provider;
      return this;
    }

    public Builder placement(Placement placement) {
      this.placement = placement;
      return this;
    }

    /** Replaces the attempts. */
    public Builder attempts(List<Attempt> attempts) {
      this.attempts = List.copyOf(attempts);
      return this;
    }

    /** What the call cost; null if unpriced. */
    public Builder cost(Cost cost) {
      this.cost = cost;
      return this;
    }

    public ChatResponse build() {
      return new ChatResponse(this);
    }
  }
}
