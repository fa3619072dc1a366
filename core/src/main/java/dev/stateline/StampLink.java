/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.EmbeddingResponse;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.ResidencyViolationException;
import dev.stateline.error.StatelineException;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stamp link: puts on the answer where the call ran and what it cost, read from the call's
 * {@link RealCall} when the answer completes: the target that answered and its provider, the
 * {@code Placement}, every attempt, and the cost, the price of that target for the call's alias
 * (the client's {@link PriceBook}, else the target's own {@link Price}) applied to the usage. A
 * failure that passes gets the same route ({@code StatelineException.placement()},
 * {@code attempts()}).
 *
 * <p>It also checks the provider's evidence of where it processed the call
 * ({@link ChatResponse#processingRegion()}) against the call's jurisdiction: a region outside it is
 * a residency breach (a WARN log, the listener's {@code residencyBreach}, and with the strict option
 * a {@link ResidencyViolationException} carrying the answer).
 */
final class StampLink implements Interceptor {
  private static final Logger LOG = LoggerFactory.getLogger("dev.stateline.residency");

  private final PriceBook priceBook;
  private final boolean strict;

  /**
   * @param priceBook the prices to cost answers with, or null for the targets' own
   * @param strict true to refuse an answer processed outside the call's jurisdiction
   */
  StampLink(PriceBook priceBook, boolean strict) {
    this.priceBook = priceBook;
    this.strict = strict;
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
    return new Stamped(source, realCall, call.model(), call.options().residency());
  }

  /** The price of {@code alias} on {@code target}: the price book's, else the target's own, else null. */
  private Price priceOf(Target target, String alias) {
    return priceBook != null ? priceBook.priceFor(target, alias) : target.price();
  }

  private ChatResponse stamp(ChatResponse r, RealCall realCall, String alias, Jurisdiction callJ) {
    Target target = realCall.target();
    Price price = priceOf(target, alias);
    ChatResponse stamped = r.toBuilder()
        .target(target.name())
        .provider(r.provider() == null ? target.provider() : r.provider())
        .placement(realCall.placement())
        .attempts(realCall.attempts())
        .cost(price == null ? null : price.cost(r.usage()))
        .build();
    String reported = stamped.processingRegion();
    Jurisdiction j = Jurisdiction.narrowed(stamped.placement() == null ? null : stamped.placement().residency(), callJ);
    if (reported == null || j == null) {
      return stamped;
    }
    Region region = reportedRegion(target, reported);
    if (j.allows(region)) {
      return stamped;
    }
    LOG.atWarn().addKeyValue("call", realCall.info.callId()).addKeyValue("target", target.name())
        .addKeyValue("processingRegion", reported).addKeyValue("jurisdiction", j.name())
        .log("residency breach: {} says it processed the call in {} ({}), outside {}{}", target.name(), reported,
            region, j.name(), strict ? "; the answer is refused" : "");
    realCall.listener.residencyBreach(realCall, target, reported, region, j, strict);
    if (!strict) {
      return stamped;
    }
    ResidencyViolationException e = new ResidencyViolationException("target " + target.name()
        + " answered, but says it processed the call in " + reported + " (" + region + "), outside " + j.name()
        + "; the answer is refused (strict residency evidence) and kept on answer()", stamped,
        new ErrorInfo(stamped.provider(), 0, stamped.id(), "residency_breach", reported));
    realCall.route(e);
    throw e;
  }

  /**
   * The region a provider's report names, in the target's cloud: {@code Sweden Central} on an Azure
   * target is {@code azure/swedencentral}, {@code eu-central-1} on an AWS one {@code aws/eu-central-1}.
   * A report that is no region name stays as given, lower case, so that no jurisdiction holds it.
   */
  static Region reportedRegion(Target target, String reported) {
    String cloud = target.region() != null ? target.region().cloud() : target.processingScope(null).cloud();
    StringBuilder b = new StringBuilder(reported.length());
    for (int i = 0; i < reported.length(); i++) {
      char c = reported.charAt(i);
      if (c != ' ' && c != '\t') {
        b.append(Character.toLowerCase(c));
      }
    }
    String name = b.length() == 0 ? "unnamed" : b.toString().toLowerCase(Locale.ROOT);
    return new Region(cloud == null ? "unknown" : cloud, name);
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
    private final Jurisdiction jurisdiction;

    Stamped(EventSource delegate, RealCall realCall, String alias, Jurisdiction jurisdiction) {
      this.delegate = delegate;
      this.realCall = realCall;
      this.alias = alias;
      this.jurisdiction = jurisdiction;
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
      return e instanceof ChatEvent.Completed c ? new ChatEvent.Completed(stamp(c.response(), realCall, alias, jurisdiction)) : e;
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
