/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.policy;

import dev.stateline.CallOptions;
import dev.stateline.Target;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ResponseFormat;
import dev.stateline.chat.TokenEstimator;
import dev.stateline.placement.Affinity;
import dev.stateline.placement.CallKind;
import dev.stateline.placement.Operation;
import dev.stateline.placement.Placement.Decision;
import dev.stateline.placement.TargetHealth;
import dev.stateline.spi.ModelCall;
import java.util.List;
import java.util.Objects;

/**
 * What a placement decision sees: the call (request, kind, options), every target of the client in
 * declaration order, and each target's observed {@link TargetHealth}.
 *
 * <p>One context per call, used on the placing thread only (it memoises request facts such as the
 * {@linkplain #estimatedInputTokens() token estimate}); not thread-safe. The client makes it;
 * tests and custom policies may make their own with {@link #of}.
 */
public final class PlacementContext {
  private final ModelCall call;
  private final List<Target> targets;
  private final List<? extends TargetHealth> health;
  private int cursor = -1;
  private TokenEstimator estimator = TokenEstimator.approximate();
  private int estimatedTokens = -1;
  private byte images = -1;
  /** The standard policy's work on this call: the targets still eligible, and why others are not. */
  private int[] candidates;
  private int count;
  private Decision[] excluded;
  private int affinityIndex = -2;

  private PlacementContext(ModelCall call, List<Target> targets, List<? extends TargetHealth> health) {
    this.call = Objects.requireNonNull(call, "call");
    this.targets = Objects.requireNonNull(targets, "targets");
    if (health != null && health.size() != targets.size()) {
      throw new IllegalArgumentException("health must have one entry per target, in the same order");
    }
    this.health = health;
  }

  /** A context in which nothing is known about the targets' health. */
  public static PlacementContext of(ModelCall call, List<Target> targets) {
    return new PlacementContext(call, targets, null);
  }

  /**
   * A context with observed health.
   *
   * @param health one entry per target, in the order of {@code targets}
   * @throws IllegalArgumentException if the sizes differ
   */
  public static PlacementContext of(ModelCall call, List<Target> targets, List<? extends TargetHealth> health) {
    return new PlacementContext(call, targets, health);
  }

  /** The call being placed ({@link ModelCall#target()} is null). */
  public ModelCall call() {
    return call;
  }

  /**
   * The chat request.
   *
   * @throws IllegalStateException on an embedding call (see {@link #operation()})
   */
  public ChatRequest request() {
    return call.request();
  }

  /** The model alias asked for, whatever the operation. */
  public String alias() {
    return call.model();
  }

  /** What the call asks for: a chat completion or embeddings. */
  public Operation operation() {
    return call.operation();
  }

  public CallKind kind() {
    return call.kind();
  }

  /** True for a streamed call. */
  public boolean streaming() {
    return call.streaming();
  }

  /** The call's options: residency, affinity, tenant and tags. Never null. */
  public CallOptions options() {
    return call.options();
  }

  /** Every target of the client, in declaration order. */
  public List<Target> targets() {
    return targets;
  }

  /** What the client observed about {@code target}; {@link TargetHealth#UNKNOWN} if nothing. */
  public TargetHealth health(Target target) {
    if (health == null) {
      return TargetHealth.UNKNOWN;
    }
    int c = cursor;
    if (c >= 0 && c < targets.size() && targets.get(c) == target) {
      return health.get(c);
    }
    for (int i = 0, n = targets.size(); i < n; i++) {
      if (targets.get(i) == target) {
        return health.get(i);
      }
    }
    return TargetHealth.UNKNOWN;
  }

  /**
   * The estimated prompt tokens of the request, computed once per call with the policy's
   * {@link TokenEstimator}.
   */
  public int estimatedInputTokens() {
    int e = estimatedTokens;
    if (e < 0) {
      e = Math.max(0, call.embeddingRequest() != null ? estimateInputs(call.embeddingRequest().inputs())
          : estimator.estimate(call.request()));
      estimatedTokens = e;
    }
    return e;
  }

  /** The estimated tokens of an embedding call's texts (text only, no message framing). */
  private int estimateInputs(List<String> inputs) {
    long chars = 0;
    for (int i = 0, n = inputs.size(); i < n; i++) {
      chars += inputs.get(i).length();
    }
    return (int) Math.min(Integer.MAX_VALUE, (chars + 3) / 4);
  }

  /** True if the request carries an image (memoised). */
  boolean needsImages() {
    if (call.embeddingRequest() != null) {
      return false;
    }
    byte b = images;
    if (b < 0) {
      b = (byte) (call.request().hasImages() ? 1 : 0);
      images = b;
    }
    return b == 1;
  }

  boolean needsJsonSchema() {
    return call.embeddingRequest() == null && call.request().responseFormat() instanceof ResponseFormat.JsonSchema;
  }

  /** The health of the target at {@code index} in {@link #targets()}. */
  TargetHealth healthAt(int index) {
    return health == null ? TargetHealth.UNKNOWN : health.get(index);
  }

  /** Tells {@link #health(Target)} which target comes next, so it need not search. */
  void at(int index) {
    this.cursor = index;
  }

  void estimator(TokenEstimator estimator) {
    if (estimator != this.estimator) {
      this.estimator = estimator;
      this.estimatedTokens = -1;
    }
  }

  // ------------------------------------------------------------ the standard policy's work

  /** Starts a pass over the target indexes in {@code from} (reusing the candidate buffer). */
  void begin(int[] from) {
    if (candidates == null || candidates.length < from.length) {
      candidates = from.clone();
    } else {
      System.arraycopy(from, 0, candidates, 0, from.length);
    }
    count = from.length;
  }

  /** How many candidates are left. */
  int count() {
    return count;
  }

  /** The index (in {@link #targets()}) of candidate {@code e}. */
  int candidate(int e) {
    return candidates[e];
  }

  /** The candidates, of which the first {@link #count()} are left. */
  int[] candidates() {
    return candidates;
  }

  /**
   * Starts a filter: returns how many candidates there are; the filter then calls
   * {@link #keepUnless} once for each of them, in order.
   */
  int filtering() {
    int n = count;
    count = 0;
    return n;
  }

  /** Keeps target {@code i} a candidate if {@code reason} is null, else excludes it by {@code rule}. */
  void keepUnless(int i, String rule, String reason) {
    if (reason == null) {
      candidates[count++] = i;
      return;
    }
    if (excluded == null) {
      excluded = new Decision[targets.size()];
    }
    excluded[i] = Decision.excluded(targets.get(i).name(), rule, reason);
  }

  /** The index of the call's affinity target in {@link #targets()}, or -1 if none (memoised). */
  int affinityIndex() {
    int a = affinityIndex;
    if (a == -2) {
      a = -1;
      Affinity affinity = call.options().affinity();
      for (int i = 0, n = affinity == null ? 0 : targets.size(); i < n; i++) {
        if (targets.get(i).name().equals(affinity.target())) {
          a = i;
          break;
        }
      }
      affinityIndex = a;
    }
    return a;
  }

  /** True if some filter excluded a target on this call. */
  boolean anyExcluded() {
    return excluded != null;
  }

  /** Why a filter excluded target {@code i} on this call, or null. */
  Decision excluded(int i) {
    return excluded == null ? null : excluded[i];
  }

  @Override
  public String toString() {
    return "PlacementContext[" + call + ", targets=" + targets.size() + "]";
  }
}
