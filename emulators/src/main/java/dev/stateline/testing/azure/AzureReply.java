/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.azure;

import dev.stateline.chat.ContentFilterCategory;
import dev.stateline.testing.openai.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One scripted answer of an {@link AzureOpenAiEmulator}.
 *
 * <ul>
 *   <li>{@link #of(Reply)}: any answer or fault of the OpenAI emulator (text, tool calls, errors,
 *       truncated streams...), rendered by it and annotated the Azure way: the prompt's
 *       {@code prompt_filter_results} and each choice's {@code content_filter_results}, in whole
 *       bodies and in stream chunks;
 *   <li>{@link #contentFilterError}: the HTTP 400 {@code content_filter} error Azure answers when the
 *       prompt is filtered, with {@code innererror.content_filter_result};
 *   <li>{@link #safetySystemError}: the HTTP 400 {@code content_policy_violation} error of Azure's
 *       safety system, with {@code inner_error.content_filter_results} (the published
 *       {@code dalleError} shape);
 *   <li>{@link #rateLimited}: Azure's HTTP 429 with {@code retry-after-ms}, {@code retry-after} and
 *       exhausted {@code x-ratelimit-remaining-*} headers.
 * </ul>
 *
 * <p>Annotations are given as portable {@link ContentFilterCategory} values and rendered in Azure's
 * wire shapes; those given replace the default ("safe", not detected) annotation of the same check.
 *
 * <p>Immutable and thread-safe; the {@code with...} methods return changed copies.
 */
public final class AzureReply {

  /** What a reply is. */
  enum Kind {
    FORWARD,
    CONTENT_FILTER_ERROR,
    SAFETY_SYSTEM_ERROR,
    RATE_LIMITED
  }

  final Kind kind;
  final Reply reply;
  final List<ContentFilterCategory> prompt;
  final List<ContentFilterCategory> completion;
  final boolean annotate;
  final String completionFilterError;
  final Duration retryAfter;
  final long[] rateLimits;

  private AzureReply(Kind kind, Reply reply, List<ContentFilterCategory> prompt, List<ContentFilterCategory> completion,
      boolean annotate, String completionFilterError, Duration retryAfter, long[] rateLimits) {
    this.kind = kind;
    this.reply = reply;
    this.prompt = List.copyOf(prompt);
    this.completion = List.copyOf(completion);
    this.annotate = annotate;
    this.completionFilterError = completionFilterError;
    this.retryAfter = retryAfter;
    this.rateLimits = rateLimits;
  }

  /** {@code reply} as the OpenAI emulator renders it, with Azure's annotations and headers. */
  public static AzureReply of(Reply reply) {
    return new AzureReply(Kind.FORWARD, Objects.requireNonNull(reply, "reply"), List.of(), List.of(), true, null,
        null, null);
  }

  /** An answer of {@code text}; see {@link Reply#text(String)}. */
  public static AzureReply text(String text) {
    return of(Reply.text(text));
  }

  /**
   * The prompt was filtered: HTTP 400, {@code error.code = "content_filter"}, {@code param: "prompt"},
   * and {@code innererror: {code: "ResponsibleAIPolicyViolation", content_filter_result: {...}}} with
   * these checks over the default ones.
   */
  public static AzureReply contentFilterError(ContentFilterCategory... promptChecks) {
    return new AzureReply(Kind.CONTENT_FILTER_ERROR, null, Arrays.asList(promptChecks), List.of(), true, null,
        null, null);
  }

  /**
   * The safety system refused the request: HTTP 400, {@code error.code = "content_policy_violation"},
   * {@code type: "invalid_request_error"}, and {@code inner_error: {code: "ResponsibleAIPolicyViolation",
   * content_filter_results: {...}}} with these checks over the default ones, as the Azure OpenAI
   * reference documents the {@code dalleError} shape.
   */
  public static AzureReply safetySystemError(ContentFilterCategory... promptChecks) {
    return new AzureReply(Kind.SAFETY_SYSTEM_ERROR, null, Arrays.asList(promptChecks), List.of(), true, null,
        null, null);
  }

  /**
   * Azure's throttling answer: HTTP 429 with {@code retry-after-ms}, {@code retry-after} (whole
   * seconds, rounded up) and {@code x-ratelimit-remaining-requests: 0}.
   */
  public static AzureReply rateLimited(Duration retryAfter) {
    if (retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter cannot be negative");
    }
    return new AzureReply(Kind.RATE_LIMITED, null, List.of(), List.of(), true, null, retryAfter,
        new long[] {0, 0});
  }

  /** A copy whose prompt annotations include these checks (replacing defaults of the same check). */
  public AzureReply withPromptAnnotations(ContentFilterCategory... checks) {
    List<ContentFilterCategory> p = new ArrayList<>(prompt);
    p.addAll(Arrays.asList(checks));
    return new AzureReply(kind, reply, p, completion, annotate, completionFilterError, retryAfter, rateLimits);
  }

  /**
   * A copy whose completion annotations include these checks. Streamed, they ride on the last
   * chunk of the answer (the finish chunk); earlier chunks carry the "safe" defaults.
   */
  public AzureReply withCompletionAnnotations(ContentFilterCategory... checks) {
    List<ContentFilterCategory> c = new ArrayList<>(completion);
    c.addAll(Arrays.asList(checks));
    return new AzureReply(kind, reply, prompt, c, annotate, completionFilterError, retryAfter, rateLimits);
  }

  /**
   * A copy whose completion annotations say the filter could not run:
   * {@code "error": {"code": "content_filter_error", "message": "The contents are not filtered"}}.
   */
  public AzureReply withCompletionFilterError() {
    return new AzureReply(kind, reply, prompt, completion, annotate, "The contents are not filtered", retryAfter,
        rateLimits);
  }

  /** A copy with no content-filter annotations at all (as with annotations turned off). */
  public AzureReply withoutAnnotations() {
    return new AzureReply(kind, reply, prompt, completion, false, completionFilterError, retryAfter, rateLimits);
  }

  /**
   * A copy whose response carries these {@code x-ratelimit-remaining-requests} and
   * {@code x-ratelimit-remaining-tokens} values instead of the emulator's running counts ({@code -1}
   * renders as Azure's "not tracked").
   */
  public AzureReply withRateLimitHeaders(long remainingRequests, long remainingTokens) {
    return new AzureReply(kind, reply, prompt, completion, annotate, completionFilterError, retryAfter,
        new long[] {remainingRequests, remainingTokens});
  }

  @Override
  public String toString() {
    return "AzureReply[" + kind + (reply == null ? "" : ", " + reply) + "]";
  }
}
