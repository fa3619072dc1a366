/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.policy;

import dev.stateline.placement.Operation;
import dev.stateline.Capabilities;
import dev.stateline.Target;
import dev.stateline.chat.ChatRequest;

/**
 * {@value StandardPolicy#CAPABILITIES}: the target can stream, call tools, follow a JSON schema,
 * read images, hold server-side state and fit the prompt in its context window, as the call needs.
 * A filter.
 */
final class CapabilitiesRule extends StandardRule {

  @Override
  public String name() {
    return StandardPolicy.CAPABILITIES;
  }

  @Override
  public String exclude(PlacementContext call, Target target) {
    if (call.operation() == Operation.EMBEDDINGS) {
      return null; // what a chat call needs does not apply; the model rule checked that the target embeds the alias
    }
    Capabilities c = target.capabilities();
    ChatRequest r = call.request();
    if (call.streaming() && !c.streaming()) {
      return "does not stream";
    }
    if (!c.tools() && !r.tools().isEmpty()) {
      return "does not support tools";
    }
    if (!c.jsonSchema() && call.needsJsonSchema()) {
      return "does not support JSON-schema output";
    }
    if (!c.imageInput() && call.needsImages()) {
      return "does not accept images";
    }
    if (!c.serverState() && r.usesServerState()) {
      return "holds no server-side state (previousResponseId/store)";
    }
    int max = c.maxContextTokens();
    if (max > 0) {
      long need = (long) call.estimatedInputTokens() + (r.maxOutputTokens() == null ? 0 : r.maxOutputTokens());
      if (need > max) {
        return "needs about " + need + " tokens; its context window is " + max;
      }
    }
    return null;
  }

  @Override
  BoundRule bind(Fleet fleet) {
    return new BoundRule(name()) {
      @Override
      boolean filters() {
        return true;
      }

      @Override
      String exclude(PlacementContext call, int i) {
        return CapabilitiesRule.this.exclude(call, fleet.targets[i]);
      }
    };
  }
}
