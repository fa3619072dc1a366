/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.guardrail;

import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.spi.ModelCall;

/**
 * A check on what goes to a model and what comes back: before the request, and after the response,
 * it may let the call pass, rewrite (redact) what it saw, or block the call.
 *
 * <pre>{@code
 * Guardrail noCardNumbers = new Guardrail() {
 *   public String name() { return "card-numbers"; }
 *   public GuardrailVerdict<ChatRequest> beforeRequest(ModelCall call, ChatRequest request) {
 *     return containsCardNumber(request) ? GuardrailVerdict.redact(masked(request)) : GuardrailVerdict.pass();
 *   }
 *   public GuardrailVerdict<ChatResponse> afterResponse(ModelCall call, ChatResponse response) {
 *     return leaksSecrets(response) ? GuardrailVerdict.block("answer mentions an internal host") : GuardrailVerdict.pass();
 *   }
 * };
 * StatelineClient client = StatelineClient.builder().target(...).guardrail(noCardNumbers).build();
 * }</pre>
 *
 * <p>Guardrails run in the client's pipeline as a call interceptor ({@link Guardrails}), once per
 * call, before placement: a redacted request is what every target and retry receives, a blocked
 * request reaches no target. A block fails the call with a {@link GuardrailBlockedException} that
 * names the guardrail and its reason.
 *
 * <p><b>Streams.</b> The after-hook sees the <em>completed</em> response, just before the stream's
 * final {@code Completed} event. Deltas the caller has read by then cannot be recalled: a redaction
 * replaces the response in the {@code Completed} event (and what a session commits), a block makes
 * the stream fail instead of completing. To keep unsafe text from ever reaching a reader, use
 * {@code chat} rather than {@code stream} where a guardrail may block.
 *
 * <p>The after-hook receives the whole {@link ChatResponse}, so whatever a provider reports on it
 * (finish reason {@code CONTENT_FILTER}, and portable content-filter results where a provider maps
 * them onto the response) is there to decide on.
 *
 * <p>Implementations must be thread-safe and should be fast: they run inline on every call. A
 * reason must not contain prompt or completion content: it goes into exception messages and logs.
 */
public interface Guardrail {

  /** A short, stable name, shown in {@link GuardrailBlockedException#guardrail()}. */
  String name();

  /**
   * Checks a request before placement. The default passes.
   *
   * @param call the call (its options say tenant and tags; it is not placed yet)
   * @param request the request as the previous guardrails left it
   */
  default GuardrailVerdict<ChatRequest> beforeRequest(ModelCall call, ChatRequest request) {
    return GuardrailVerdict.pass();
  }

  /**
   * Checks a complete response before the caller gets it. The default passes.
   *
   * @param call the call as it was sent (after the request guardrails)
   * @param response the response as the previous guardrails left it
   */
  default GuardrailVerdict<ChatResponse> afterResponse(ModelCall call, ChatResponse response) {
    return GuardrailVerdict.pass();
  }
}
