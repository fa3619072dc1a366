/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.guardrail;

import java.util.Objects;

/**
 * What a {@link Guardrail} decided about a request or a response: let it pass, replace it with a
 * redacted copy, or block the call.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <T> {@link dev.stateline.chat.ChatRequest} or {@link dev.stateline.chat.ChatResponse}
 */
public final class GuardrailVerdict<T> {
  private static final GuardrailVerdict<Object> PASS = new GuardrailVerdict<>(Action.PASS, null, null);

  /** The three outcomes. */
  public enum Action {
    /** Go on unchanged. */
    PASS,
    /** Go on with {@link #replacement()}. */
    REDACT,
    /** Fail the call with a {@link GuardrailBlockedException}. */
    BLOCK
  }

  private final Action action;
  private final T replacement;
  private final String reason;

  private GuardrailVerdict(Action action, T replacement, String reason) {
    this.action = action;
    this.replacement = replacement;
    this.reason = reason;
  }

  /** Go on unchanged. */
  @SuppressWarnings("unchecked")
  public static <T> GuardrailVerdict<T> pass() {
    return (GuardrailVerdict<T>) PASS;
  }

  /** Go on with {@code replacement} (a redacted copy) instead. */
  public static <T> GuardrailVerdict<T> redact(T replacement) {
    return new GuardrailVerdict<>(Action.REDACT, Objects.requireNonNull(replacement, "replacement"), null);
  }

  /**
   * Block the call.
   *
   * @param reason why, in a few words, without prompt or completion content (it goes into the
   *     exception message and logs)
   */
  public static <T> GuardrailVerdict<T> block(String reason) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("a block needs a reason");
    }
    return new GuardrailVerdict<>(Action.BLOCK, null, reason);
  }

  public Action action() {
    return action;
  }

  /** The redacted value for {@link Action#REDACT}, else null. */
  public T replacement() {
    return replacement;
  }

  /** Why the call is blocked, for {@link Action#BLOCK}; else null. */
  public String reason() {
    return reason;
  }

  @Override
  public String toString() {
    return action == Action.BLOCK ? "GuardrailVerdict[BLOCK: " + reason + "]" : "GuardrailVerdict[" + action + "]";
  }
}
