/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.guardrail;

import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.EmbeddingRequest;
import dev.stateline.chat.Message;
import dev.stateline.chat.Role;
import dev.stateline.chat.TextPart;
import dev.stateline.spi.ModelCall;
import java.util.ArrayList;
import java.util.List;

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
 * <p><b>Embeddings.</b> An embedding call's inputs go through {@link #beforeEmbedding}, whose
 * default hands them to {@link #beforeRequest} as a chat request of one user message per input, so
 * a guardrail written for chat (a PII check, say) also checks what is embedded: its block blocks
 * the embedding call, its redaction replaces the inputs. Override {@code beforeEmbedding} to treat
 * embeddings differently. Vectors have no after-hook.
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

  /**
   * Checks an embedding call's inputs before placement. The default asks {@link #beforeRequest}
   * about a chat request on the same alias holding one user message per input, in order: its pass
   * passes, its block blocks, and its redaction replaces the inputs with the redacted messages'
   * texts; a redaction that changes the number of messages, or leaves one that is not a plain user
   * text, cannot be mapped back onto the inputs and blocks the call (fail closed). On an embedding
   * call {@link ModelCall#request()} throws; use {@link ModelCall#embeddingRequest()}.
   *
   * @param call the embedding call (not yet placed)
   * @param request the embedding request as the previous guardrails left it
   */
  default GuardrailVerdict<EmbeddingRequest> beforeEmbedding(ModelCall call, EmbeddingRequest request) {
    ChatRequest.Builder asChat = ChatRequest.builder().model(request.model());
    for (String input : request.inputs()) {
      asChat.addMessage(Message.user(input));
    }
    GuardrailVerdict<ChatRequest> v = beforeRequest(call, asChat.build());
    if (v == null) {
      return null;
    }
    switch (v.action()) {
      case BLOCK:
        return GuardrailVerdict.block(v.reason());
      case REDACT:
        List<Message> messages = v.replacement().messages();
        if (messages.size() != request.inputs().size()) {
          return GuardrailVerdict.block("redacted an embedding call's " + request.inputs().size()
              + " inputs into " + messages.size() + " messages, which cannot be mapped back onto them");
        }
        List<String> inputs = new ArrayList<>(messages.size());
        for (Message m : messages) {
          if (m.role() != Role.USER || !m.content().stream().allMatch(part -> part instanceof TextPart)) {
            return GuardrailVerdict.block("redacted an embedding input into something other than user text");
          }
          inputs.add(m.text());
        }
        return GuardrailVerdict.redact(request.withInputs(inputs));
      default:
        return GuardrailVerdict.pass();
    }
  }
}
