/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.policy;

import dev.stateline.placement.Operation;
import dev.stateline.Price;
import dev.stateline.Target;

/**
 * {@value StandardPolicy#PRICE}: cheaper calls first, by the estimated cost of the call on each
 * target; a target without a {@link Price} after the priced ones. A ranking; each target's rates are
 * read once, when the rule binds.
 */
final class PriceRule extends StandardRule {
  /** Output tokens assumed for ranking by price when the request sets no maximum. */
  static final int EXPECTED_OUTPUT_TOKENS = 512;

  @Override
  public String name() {
    return StandardPolicy.PRICE;
  }

  @Override
  public long rank(PlacementContext call, Target target) {
    Price p = target.price();
    return p == null ? Long.MAX_VALUE
        : key(call, p.inputPerMillion().doubleValue(), p.outputPerMillion().doubleValue());
  }

  /** The estimated cost of the call at these rates, in millionths of the price's currency. */
  static long key(PlacementContext call, double inputPerMillion, double outputPerMillion) {
    if (call.operation() == Operation.EMBEDDINGS) {
      return (long) (call.estimatedInputTokens() * inputPerMillion); // embeddings have no output tokens
    }
    Integer max = call.request().maxOutputTokens();
    double output = max == null ? EXPECTED_OUTPUT_TOKENS : max;
    return (long) (call.estimatedInputTokens() * inputPerMillion + output * outputPerMillion);
  }

  @Override
  BoundRule bind(Fleet fleet) {
    int n = fleet.size();
    double[] in = new double[n];
    double[] out = new double[n];
    boolean differ = false;
    for (int i = 0; i < n; i++) {
      Price p = fleet.targets[i].price();
      in[i] = p == null ? -1 : p.inputPerMillion().doubleValue();
      out[i] = p == null ? -1 : p.outputPerMillion().doubleValue();
      differ |= i > 0 && (in[i] != in[0] || out[i] != out[0]);
    }
    boolean pricesDiffer = differ;
    return new BoundRule(name()) {
      @Override
      boolean ranks() {
        return true;
      }

      @Override
      boolean ranksCall(PlacementContext call) {
        return pricesDiffer;
      }

      @Override
      long rank(PlacementContext call, int i) {
        return in[i] < 0 ? Long.MAX_VALUE : key(call, in[i], out[i]);
      }
    };
  }
}
