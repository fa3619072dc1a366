/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.chat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A request for embedding vectors: a model alias, one or many input texts, and optionally the
 * vectors' dimension count, the wire encoding and an end-user id.
 *
 * <p>Any number of inputs may be given: the client splits them into batches the placed provider
 * accepts, sends them with bounded concurrency and returns the vectors in input order (see
 * {@code StatelineClient.embed}). Immutable and thread-safe; build with {@link #builder(String)}.
 * {@code toString()} shows the shape, never the texts.
 */
public final class EmbeddingRequest {
  private final String model;
  private final List<String> inputs;
  private final Integer dimensions;
  private final EmbeddingEncoding encoding;
  private final String user;

  private EmbeddingRequest(Builder b) {
    if (b.model == null || b.model.isBlank()) {
      throw new IllegalArgumentException("model alias must be non-blank");
    }
    if (b.inputs.isEmpty()) {
      throw new IllegalArgumentException("an embedding request needs at least one input");
    }
    for (int i = 0; i < b.inputs.size(); i++) {
      String in = b.inputs.get(i);
      if (in == null) {
        throw new NullPointerException("input " + i + " is null");
      }
      if (in.isEmpty()) {
        throw new IllegalArgumentException("input " + i + " is empty; providers reject empty inputs");
      }
    }
    if (b.dimensions != null && b.dimensions <= 0) {
      throw new IllegalArgumentException("dimensions must be positive; was " + b.dimensions);
    }
    this.model = b.model;
    this.inputs = Collections.unmodifiableList(new ArrayList<>(b.inputs));
    this.dimensions = b.dimensions;
    this.encoding = b.encoding == null ? EmbeddingEncoding.BASE64 : b.encoding;
    this.user = b.user;
  }

  /** A builder for a request to the model alias {@code model}. */
  public static Builder builder(String model) {
    return new Builder(model);
  }

  /** A request embedding {@code inputs} with {@code model}, with the defaults otherwise. */
  public static EmbeddingRequest of(String model, List<String> inputs) {
    return builder(model).inputs(inputs).build();
  }

  /** A builder holding this request's values. */
  public Builder toBuilder() {
    return new Builder(model).inputs(inputs).dimensions(dimensions).encoding(encoding).user(user);
  }

  /** The model alias asked for. */
  public String model() {
    return model;
  }

  /** The input texts, in order; never empty, no element null or empty. */
  public List<String> inputs() {
    return inputs;
  }

  /** The dimension count asked for, or null for the model's own. */
  public Integer dimensions() {
    return dimensions;
  }

  /** The wire encoding; {@link EmbeddingEncoding#BASE64} unless set. */
  public EmbeddingEncoding encoding() {
    return encoding;
  }

  /** The end user's id, passed to providers that take one, or null. */
  public String user() {
    return user;
  }

  /** A copy with {@code inputs}, the rest unchanged (the client sends batches with it). */
  public EmbeddingRequest withInputs(List<String> inputs) {
    return new Builder(model).inputs(inputs).dimensions(dimensions).encoding(encoding).user(user).build();
  }

  @Override
  public String toString() {
    return "EmbeddingRequest[model=" + model + ", " + inputs.size() + " inputs"
        + (dimensions == null ? "" : ", dimensions=" + dimensions) + ", " + encoding + "]";
  }

  /** Builds an {@link EmbeddingRequest}. Not thread-safe. */
  public static final class Builder {
    private final String model;
    private final List<String> inputs = new ArrayList<>();
    private Integer dimensions;
    private EmbeddingEncoding encoding;
    private String user;

    private Builder(String model) {
      this.model = model;
    }

    /** Adds one input text. */
    public Builder input(String input) {
      inputs.add(Objects.requireNonNull(input, "input"));
      return this;
    }

    /** Adds the texts, in order. */
    public Builder inputs(List<String> inputs) {
      for (String s : inputs) {
        this.inputs.add(s);
      }
      return this;
    }

    /** The vectors' dimension count; null (the default) for the model's own. */
    public Builder dimensions(Integer dimensions) {
      this.dimensions = dimensions;
      return this;
    }

    /** The wire encoding; null means {@link EmbeddingEncoding#BASE64}. */
    public Builder encoding(EmbeddingEncoding encoding) {
      this.encoding = encoding;
      return this;
    }

    /** The end user's id, or null. */
    public Builder user(String user) {
      this.user = user;
      return this;
    }

    /**
     * @throws IllegalArgumentException if the alias is blank, there is no input, an input is empty
     *     or dimensions is not positive
     * @throws NullPointerException if an input is null
     */
    public EmbeddingRequest build() {
      return new EmbeddingRequest(this);
    }
  }
}
