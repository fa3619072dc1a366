/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.chat;

import dev.stateline.placement.Attempt;
import dev.stateline.placement.Placement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The vectors for an {@link EmbeddingRequest}, one per input and in input order
 * ({@code embeddings().get(i).index() == i}), with the tokens used and, as the client stamps it,
 * where the call ran: the target, its provider, the {@link Placement}, every {@link Attempt} and the
 * cost.
 *
 * <p>A provider's {@code EmbeddingModel} returns one for the batch it was sent (indexes within the
 * batch, no placement); the client reassembles the batches and stamps the result. Immutable and
 * thread-safe; {@code toString()} never shows vectors.
 */
public final class EmbeddingResponse {
  private final List<Embedding> embeddings;
  private final String model;
  private final Usage usage;
  private final String target;
  private final String provider;
  private final Placement placement;
  private final List<Attempt> attempts;
  private final Cost cost;
  private final int batches;

  private EmbeddingResponse(Builder b) {
    List<Embedding> list = List.copyOf(b.embeddings);
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).index() != i) {
        throw new IllegalArgumentException("embedding " + i + " has index " + list.get(i).index()
            + "; embeddings must be in input order");
      }
    }
    this.embeddings = list;
    this.model = b.model;
    this.usage = b.usage == null ? Usage.ZERO : b.usage;
    this.target = b.target;
    this.provider = b.provider;
    this.placement = b.placement;
    this.attempts = b.attempts == null ? List.of() : List.copyOf(b.attempts);
    this.cost = b.cost;
    this.batches = b.batches;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder().model(model).usage(usage).target(target).provider(provider).placement(placement)
        .attempts(attempts).cost(cost).batches(batches);
    b.embeddings.addAll(embeddings);
    return b;
  }

  /** The vectors, in input order. */
  public List<Embedding> embeddings() {
    return embeddings;
  }

  /** A copy of input {@code i}'s vector. */
  public float[] vector(int i) {
    return embeddings.get(i).vector();
  }

  /** The dimension count of the vectors (of the first one), or 0 if there is none. */
  public int dimensions() {
    return embeddings.isEmpty() ? 0 : embeddings.get(0).dimensions();
  }

  /** The model that made the vectors, as the provider named it, or null if it did not say. */
  public String model() {
    return model;
  }

  /** The tokens the inputs used ({@link Usage#inputTokens()}); {@link Usage#ZERO} if not reported. */
  public Usage usage() {
    return usage;
  }

  /** The target that made the vectors; null on a provider's own answer, before the client stamps it. */
  public String target() {
    return target;
  }

  /** The target's provider, or null before the client stamps it. */
  public String provider() {
    return provider;
  }

  /** Where the call was placed, or null before the client stamps it. */
  public Placement placement() {
    return placement;
  }

  /** Every attempt of the call, in order (failed ones first). */
  public List<Attempt> attempts() {
    return attempts;
  }

  /** The cost of the call at the target's input price, or null if the target has no price. */
  public Cost cost() {
    return cost;
  }

  /** How many provider requests the inputs were sent in, on the target that answered (0 if unknown). */
  public int batches() {
    return batches;
  }

  @Override
  public String toString() {
    return "EmbeddingResponse[" + embeddings.size() + " x " + dimensions() + ", model=" + model + ", target="
        + target + ", usage=" + usage + (cost == null ? "" : ", cost=" + cost) + "]";
  }

  /** Builds an {@link EmbeddingResponse}. Not thread-safe. */
  public static final class Builder {
    private final List<Embedding> embeddings = new ArrayList<>();
    private String model;
    private Usage usage;
    private String target;
    private String provider;
    private Placement placement;
    private List<Attempt> attempts;
    private Cost cost;
    private int batches;

    private Builder() {}

    /** Adds an embedding; they must come in input order. */
    public Builder add(Embedding embedding) {
      embeddings.add(Objects.requireNonNull(embedding, "embedding"));
      return this;
    }

    /** Replaces the embeddings. */
    public Builder embeddings(List<Embedding> embeddings) {
      this.embeddings.clear();
      this.embeddings.addAll(embeddings);
      return this;
    }

    public Builder model(String model) {
      this.model = model;
      return this;
    }

    public Builder usage(Usage usage) {
      this.usage = usage;
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

    public Builder attempts(List<Attempt> attempts) {
      this.attempts = attempts == null ? null : Collections.unmodifiableList(new ArrayList<>(attempts));
      return this;
    }

    public Builder cost(Cost cost) {
      this.cost = cost;
      return this;
    }

    public Builder batches(int batches) {
      this.batches = batches;
      return this;
    }

    /** @throws IllegalArgumentException if the embeddings are not in input order */
    public EmbeddingResponse build() {
      return new EmbeddingResponse(this);
    }
  }
}
