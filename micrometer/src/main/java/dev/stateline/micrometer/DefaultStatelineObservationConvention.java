/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.micrometer;

import dev.stateline.Region;
import dev.stateline.Target;
import dev.stateline.chat.Usage;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * The observation Stateline records per call, named after the OpenTelemetry GenAI semantic
 * conventions where they have a name and {@code stateline.*} where they do not.
 *
 * <p>Name {@value #NAME}; contextual name (the span name) {@code {gen_ai.operation.name}
 * {gen_ai.request.model}}, for example {@code chat gpt41-prod}. As in {@code stateline-opentelemetry},
 * {@code gen_ai.request.model} is the model or deployment the request went to on the target that
 * answered (or was tried last); the application's alias, the same on every target, is
 * {@code stateline.model.alias}. A call that reached no target has its alias as the model.
 *
 * <p>Low-cardinality keys (on metrics and spans; every observation has every key, {@value #NONE}
 * when there is no value): {@code gen_ai.operation.name}, {@code gen_ai.provider.name},
 * {@code gen_ai.request.model}, {@code stateline.model.alias}, {@code stateline.target},
 * {@code stateline.region} ({@code azure/swedencentral}), {@code stateline.call.kind} ({@code stateless} or {@code stateful}),
 * {@code stateline.outcome} ({@code success}, {@code error}, {@code cancelled}) and
 * {@code error.type} (the exception's simple name).
 *
 * <p>High-cardinality keys (on spans only, when there is a value): {@code stateline.call.id},
 * {@code gen_ai.conversation.id} (the session), {@code gen_ai.response.id},
 * {@code gen_ai.response.model}, {@code gen_ai.response.finish_reasons},
 * {@code gen_ai.usage.input_tokens}, {@code gen_ai.usage.output_tokens},
 * {@code stateline.attempts}.
 *
 * <p>Never a prompt, a completion or a secret. Stateless and thread-safe.
 */
public class DefaultStatelineObservationConvention implements StatelineObservationConvention {
  /** The observation's name; with a meter handler, the timer's name. */
  public static final String NAME = "gen_ai.client.operation";
  /** The value of a low-cardinality key that has none. */
  public static final String NONE = "none";

  /** The one instance; the class is open for extension. */
  public static final DefaultStatelineObservationConvention INSTANCE = new DefaultStatelineObservationConvention();

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public String getContextualName(StatelineObservationContext context) {
    return context.call().operation() + " " + requestModel(context);
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(StatelineObservationContext c) {
    Target t = c.target();
    Region region = t == null ? null : t.region();
    String outcome = c.errorType() == null ? "success"
        : "CallCancelledException".equals(c.errorType()) ? "cancelled" : "error";
    return KeyValues.of(
        KeyValue.of("gen_ai.operation.name", c.call().operation()),
        KeyValue.of("gen_ai.provider.name", t == null || t.provider() == null ? NONE : t.provider()),
        KeyValue.of("gen_ai.request.model", requestModel(c)),
        KeyValue.of("stateline.model.alias", c.call().alias()),
        KeyValue.of("stateline.target", t == null ? NONE : t.name()),
        KeyValue.of("stateline.region", region == null ? NONE : region.toString()),
        KeyValue.of("stateline.call.kind", c.call().kind().name().toLowerCase(java.util.Locale.ROOT)),
        KeyValue.of("stateline.outcome", outcome),
        KeyValue.of("error.type", c.errorType() == null ? NONE : c.errorType()));
  }

  @Override
  public KeyValues getHighCardinalityKeyValues(StatelineObservationContext c) {
    KeyValues kv = KeyValues.of(KeyValue.of("stateline.call.id", c.call().callId()),
        KeyValue.of("stateline.attempts", Integer.toString(c.attempts())));
    if (c.call().sessionId() != null) {
      kv = kv.and("gen_ai.conversation.id", c.call().sessionId());
    }
    if (c.responseId() != null) {
      kv = kv.and("gen_ai.response.id", c.responseId());
    }
    if (c.responseModel() != null) {
      kv = kv.and("gen_ai.response.model", c.responseModel());
    }
    if (c.finishReason() != null) {
      kv = kv.and("gen_ai.response.finish_reasons", c.finishReason().name().toLowerCase(java.util.Locale.ROOT));
    }
    Usage u = c.usage();
    if (u != null && c.errorType() == null) {
      kv = kv.and("gen_ai.usage.input_tokens", Long.toString(u.inputTokens()))
          .and("gen_ai.usage.output_tokens", Long.toString(u.outputTokens()));
    }
    return kv;
  }

  private static String requestModel(StatelineObservationContext c) {
    return c.providerModel() != null ? c.providerModel() : c.call().alias();
  }
}
