/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

/**
 * What a {@link Target} can do, as far as placement needs to know: whether it streams, calls tools,
 * follows a JSON schema, reads images, holds conversation state server-side, and how long a context
 * it takes.
 *
 * <p>Placement excludes a target from calls it cannot serve (the {@code capabilities} rule of
 * {@link dev.stateline.policy.StandardPolicy}), so a request with an image never lands on a
 * text-only deployment. The default, {@link #all()}, claims everything and an unknown context
 * length, so a target that declares nothing is never excluded for capabilities.
 *
 * <p>Immutable and thread-safe.
 */
public final class Capabilities {
  private static final Capabilities ALL = builder().build();

  private final boolean streaming;
  private final boolean tools;
  private final boolean jsonSchema;
  private final boolean imageInput;
  private final boolean serverState;
  private final int maxContextTokens;

  private Capabilities(Builder b) {
    if (b.maxContextTokens < 0) {
      throw new IllegalArgumentException("maxContextTokens must be positive, or 0 for unknown; was "
          + b.maxContextTokens);
    }
    this.streaming = b.streaming;
    this.tools = b.tools;
    this.jsonSchema = b.jsonSchema;
    this.imageInput = b.imageInput;
    this.serverState = b.serverState;
    this.maxContextTokens = b.maxContextTokens;
  }

  /** Everything supported, context length unknown: the default of every target. */
  public static Capabilities all() {
    return ALL;
  }

  /** A builder starting from {@link #all()}. */
  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .streaming(streaming)
        .tools(tools)
        .jsonSchema(jsonSchema)
        .imageInput(imageInput)
        .serverState(serverState)
        .maxContextTokens(maxContextTokens);
  }

  /** Answers streamed calls. */
  public boolean streaming() {
    return streaming;
  }

  /** Accepts tool definitions and returns tool calls. */
  public boolean tools() {
    return tools;
  }

  /** Enforces a JSON schema on the answer (structured output). */
  public boolean jsonSchema() {
    return jsonSchema;
  }

  /** Accepts images in user messages. */
  public boolean imageInput() {
    return imageInput;
  }

  /**
   * Holds conversation state server-side: accepts {@code previousResponseId} and {@code store}
   * (the OpenAI Responses API).
   */
  public boolean serverState() {
    return serverState;
  }

  /** The context window in tokens (prompt plus output), or 0 if unknown. */
  public int maxContextTokens() {
    return maxContextTokens;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Capabilities c
        && streaming == c.streaming
        && tools == c.tools
        && jsonSchema == c.jsonSchema
        && imageInput == c.imageInput
        && serverState == c.serverState
        && maxContextTokens == c.maxContextTokens;
  }

  @Override
  public int hashCode() {
    int h = Boolean.hashCode(streaming);
    h = 31 * h + Boolean.hashCode(tools);
    h = 31 * h + Boolean.hashCode(jsonSchema);
    h = 31 * h + Boolean.hashCode(imageInput);
    h = 31 * h + Boolean.hashCode(serverState);
    return 31 * h + maxContextTokens;
  }

  @Override
  public String toString() {
    return "Capabilities[streaming=" + streaming + ", tools=" + tools + ", jsonSchema=" + jsonSchema
        + ", imageInput=" + imageInput + ", serverState=" + serverState
        + ", maxContextTokens=" + (maxContextTokens == 0 ? "unknown" : maxContextTokens) + "]";
  }

  /** Builds {@link Capabilities}; starts with everything supported. Not thread-safe. */
  public static final class Builder {
    private boolean streaming = true;
    private boolean tools = true;
    private boolean jsonSchema = true;
    private boolean imageInput = true;
    private boolean serverState = true;
    private int maxContextTokens;

    private Builder() {}

    public Builder streaming(boolean streaming) {
      this.streaming = streaming;
      return this;
    }

    public Builder tools(boolean tools) {
      this.tools = tools;
      return this;
    }

    public Builder jsonSchema(boolean jsonSchema) {
      this.jsonSchema = jsonSchema;
      return this;
    }

    public Builder imageInput(boolean imageInput) {
      this.imageInput = imageInput;
      return this;
    }

    public Builder serverState(boolean serverState) {
      this.serverState = serverState;
      return this;
    }

    /** The context window in tokens; 0 for unknown (never excluded for length). */
    public Builder maxContextTokens(int maxContextTokens) {
      this.maxContextTokens = maxContextTokens;
      return this;
    }

    /** @throws IllegalArgumentException if {@code maxContextTokens} is negative */
    public Capabilities build() {
      return new Capabilities(this);
    }
  }
}
