/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.guardrail;

import dev.stateline.Interceptor;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import java.util.List;
import java.util.Objects;

/**
 * A list of {@link Guardrail}s as one call {@link Interceptor}: the request hooks run in list order
 * before the call goes on (to placement), the response hooks in list order on the complete
 * response. {@code StatelineClient.Builder.guardrail(...)} installs one after your own call
 * interceptors, so it sees the request as it will be placed; add one with {@code addInterceptor}
 * to put it elsewhere.
 *
 * <p>Immutable and thread-safe.
 */
public final class Guardrails implements Interceptor {
  private final List<Guardrail> guardrails;

  private Guardrails(List<Guardrail> guardrails) {
    this.guardrails = List.copyOf(guardrails);
    for (Guardrail g : this.guardrails) {
      if (g.name() == null || g.name().isBlank()) {
        throw new IllegalArgumentException("every guardrail needs a non-blank name");
      }
    }
  }

  /** The guardrails, in order. */
  public static Guardrails of(Guardrail... guardrails) {
    return new Guardrails(List.of(guardrails));
  }

  /** The guardrails, in order. */
  public static Guardrails of(List<Guardrail> guardrails) {
    return new Guardrails(guardrails);
  }

  /** The guardrails, in order. */
  public List<Guardrail> guardrails() {
    return guardrails;
  }

  /**
   * @throws GuardrailBlockedException if a request hook blocks (then nothing is sent); a response
   *     hook's block is thrown from the answer's source instead of its completion
   */
  @Override
  public EventSource intercept(Chain chain) {
    ModelCall call = chain.call();
    if (call.embeddingRequest() != null) {
      return chain.proceed(checkedEmbedding(call));
    }
    ChatRequest request = call.request();
    for (Guardrail g : guardrails) {
      GuardrailVerdict<ChatRequest> v = Objects.requireNonNull(g.beforeRequest(call, request),
          "guardrail '" + g.name() + "' returned no verdict");
      switch (v.action()) {
        case BLOCK -> throw new GuardrailBlockedException(g.name(), v.reason(), false);
        case REDACT -> request = v.replacement();
        default -> { }
      }
    }
    ModelCall sent = request == call.request() ? call : call.withRequest(request);
    return new Checked(chain.proceed(sent), sent);
  }

  /** The request hooks on an embedding call's inputs ({@link Guardrail#beforeEmbedding}). */
  private ModelCall checkedEmbedding(ModelCall call) {
    dev.stateline.chat.EmbeddingRequest request = call.embeddingRequest();
    for (Guardrail g : guardrails) {
      GuardrailVerdict<dev.stateline.chat.EmbeddingRequest> v = Objects.requireNonNull(
          g.beforeEmbedding(call, request), "guardrail '" + g.name() + "' returned no verdict");
      switch (v.action()) {
        case BLOCK -> throw new GuardrailBlockedException(g.name(), v.reason(), false);
        case REDACT -> request = v.replacement();
        default -> { }
      }
    }
    return request == call.embeddingRequest() ? call : call.withEmbeddingRequest(request);
  }

  private ChatResponse check(ModelCall call, ChatResponse response) {
    ChatResponse r = response;
    for (Guardrail g : guardrails) {
      GuardrailVerdict<ChatResponse> v = Objects.requireNonNull(g.afterResponse(call, r),
          "guardrail '" + g.name() + "' returned no verdict");
      switch (v.action()) {
        case BLOCK -> throw new GuardrailBlockedException(g.name(), v.reason(), true);
        case REDACT -> r = v.replacement();
        default -> { }
      }
    }
    return r;
  }

  @Override
  public String toString() {
    return "Guardrails" + guardrails.stream().map(Guardrail::name).toList();
  }

  /** Runs the response hooks on the completion; deltas pass through untouched. */
  private final class Checked implements EventSource {
    private final EventSource delegate;
    private final ModelCall call;

    Checked(EventSource delegate, ModelCall call) {
      this.delegate = delegate;
      this.call = call;
    }

    @Override
    public ChatEvent next() {
      ChatEvent e = delegate.next();
      if (e instanceof ChatEvent.Completed c) {
        ChatResponse checked;
        try {
          checked = check(call, c.response());
        } catch (RuntimeException ex) {
          delegate.close();
          throw ex;
        }
        return checked == c.response() ? e : new ChatEvent.Completed(checked);
      }
      return e;
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
