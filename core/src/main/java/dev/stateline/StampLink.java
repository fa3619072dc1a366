/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.EmbeddingResponse;
import dev.stateline.error.StatelineException;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;

/**
 * The stamp link: puts on the answer where the call ran and what it cost, read from the call's
 * {@link RealCall} when the answer completes: the target that answered and its provider, the
 * {@code Placement}, every attempt, and the cost, the price of that target for the call's alias
 * (the client's {@link PriceBook}, else the target's own {@link Price}) applied to the usage. A
 * failure that passes gets the same route ({@code StatelineException.placement()},
 * {@code attempts()}).
 */
final class StampLink implements Interceptor {
  private final PriceBook priceBook;

  /** @param priceBook the prices to cost answers with, or null for the targets' own */
  StampLink(PriceBook priceBook) {
    this.priceBook = priceBook;
  }

  @Override
  public EventSource intercept(Chain chain) {
    RealCall realCall = RealChain.realCall(chain);
    ModelCall call = chain.call();
    EventSource source;
    try {
      source = chain.proceed(call);
    } catch (StatelineException e) {
      realCall.route(e);
      throw e;
    }
    return new Stamped(source, realCall, call.model());
  }

  /** The price of {@code alias} on {@code target}: the price book's, else the target's own, else null. */
  private Price priceOf(Target target, String alias) {
    return priceBook != null ? priceBook.priceFor(target, alias) : target.price();
  }

  private ChatResponse stamp(ChatResponse r, RealCall realCall, String alias) {
    Target target = realCall.target();
    Price price = priceOf(target, alias);
    return r.toBuilder()
        .target(target.name())
        .provider(r.provider() == null ? target.provider() : r.provider())
        .placement(realCall.placement())
        .attempts(realCall.attempts())
        .cost(price == null ? null : price.cost(r.usage()))
        .build();
  }

  private EmbeddingResponse stamp(EmbeddingResponse r, RealCall realCall, String alias) {
    Target target = realCall.target();
    Price price = priceOf(target, alias);
    return r.toBuilder()
        .target(target.name())
        .provider(r.provider() == null ? target.provider() : r.provider())
        .placement(realCall.placement())
        .attempts(realCall.attempts())
        .cost(price == null ? null : price.cost(r.usage()))
        .build();
  }

  private final class Stamped implements EventSource {
    private final EventSource delegate;
    private final RealCall realCall;
    private final String alias;

    Stamped(EventSource delegate, RealCall realCall, String alias) {
      this.delegate = delegate;
      this.realCall = realCall;
      this.alias = alias;
    }

    @Override
    public ChatEvent next() {
      ChatEvent e;
      try {
        e = delegate.next();
      } catch (StatelineException ex) {
        realCall.route(ex);
        throw ex;
      }
      if (e instanceof ChatEvent.EmbeddingsCompleted c) {
        return new ChatEvent.EmbeddingsCompleted(stamp(c.response(), realCall, alias));
      }
      return e instanceof ChatEvent.Completed c ? new ChatEvent.Completed(stamp(c.response(), realCall, alias)) : e;
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
