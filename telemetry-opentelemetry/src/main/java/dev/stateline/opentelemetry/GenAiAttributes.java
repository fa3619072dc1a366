/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/**
 * The attribute keys, metric names and event names this module emits: the OpenTelemetry GenAI
 * semantic conventions' ({@code gen_ai.*}, {@code server.*}, {@code error.type}) and Stateline's own
 * ({@code stateline.*}). See {@code docs/telemetry.md} for where each comes from.
 *
 * <p>Constants only.
 */
public final class GenAiAttributes {
  private GenAiAttributes() {}

  // ---- GenAI semantic conventions (attribute registry "gen_ai", and "server", "error")
  public static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("gen_ai.operation.name");
  public static final AttributeKey<String> PROVIDER_NAME = AttributeKey.stringKey("gen_ai.provider.name");
  /** The model or deployment the request was sent to (the target's name for the alias). */
  public static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
  public static final AttributeKey<Boolean> REQUEST_STREAM = AttributeKey.booleanKey("gen_ai.request.stream");
  public static final AttributeKey<Long> REQUEST_MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
  public static final AttributeKey<Double> REQUEST_TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");
  public static final AttributeKey<Double> REQUEST_TOP_P = AttributeKey.doubleKey("gen_ai.request.top_p");
  public static final AttributeKey<Long> REQUEST_SEED = AttributeKey.longKey("gen_ai.request.seed");
  public static final AttributeKey<String> OUTPUT_TYPE = AttributeKey.stringKey("gen_ai.output.type");
  public static final AttributeKey<String> CONVERSATION_ID = AttributeKey.stringKey("gen_ai.conversation.id");
  public static final AttributeKey<String> AGENT_ID = AttributeKey.stringKey("gen_ai.agent.id");
  public static final AttributeKey<String> AGENT_NAME = AttributeKey.stringKey("gen_ai.agent.name");
  public static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
  public static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");
  public static final AttributeKey<List<String>> RESPONSE_FINISH_REASONS =
      AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
  /** Seconds from the request to a stream's first chunk. */
  public static final AttributeKey<Double> RESPONSE_TIME_TO_FIRST_CHUNK =
      AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk");
  public static final AttributeKey<Long> USAGE_INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
  public static final AttributeKey<Long> USAGE_OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
  public static final AttributeKey<Long> USAGE_CACHE_READ_INPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");
  public static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");
  public static final AttributeKey<String> INPUT_MESSAGES = AttributeKey.stringKey("gen_ai.input.messages");
  public static final AttributeKey<String> OUTPUT_MESSAGES = AttributeKey.stringKey("gen_ai.output.messages");
  public static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  public static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  /** The {@code gen_ai.operation.name} of chat calls. */
  public static final String OPERATION_CHAT = "chat";
  /** The {@code gen_ai.operation.name} of embedding calls. */
  public static final String OPERATION_EMBEDDINGS = "embeddings";
  /** The number of dimensions the embeddings should have (requested), on embedding spans. */
  public static final AttributeKey<Long> EMBEDDINGS_DIMENSION_COUNT =
      AttributeKey.longKey("gen_ai.embeddings.dimension.count");
  /** The {@code gen_ai.operation.name} of calls to an agent runtime (AgentCore Runtime). */
  public static final String OPERATION_INVOKE_AGENT = "invoke_agent";

  /** Histogram, seconds. */
  public static final String METRIC_OPERATION_DURATION = "gen_ai.client.operation.duration";
  /** Histogram, {token}, with {@link #TOKEN_TYPE} {@code input} / {@code output}. */
  public static final String METRIC_TOKEN_USAGE = "gen_ai.client.token.usage";
  /** Histogram, seconds; streamed calls only. */
  public static final String METRIC_TIME_TO_FIRST_CHUNK = "gen_ai.client.operation.time_to_first_chunk";
  /** Histogram, seconds, one value per chunk after the first; streamed calls only. */
  public static final String METRIC_TIME_PER_OUTPUT_CHUNK = "gen_ai.client.operation.time_per_output_chunk";

  // ---- Stateline's own
  /** The model alias the application asked for ({@code gpt-4.1}), the same on every target. */
  public static final AttributeKey<String> MODEL_ALIAS = AttributeKey.stringKey("stateline.model.alias");
  public static final AttributeKey<String> TARGET = AttributeKey.stringKey("stateline.target");
  public static final AttributeKey<String> REGION = AttributeKey.stringKey("stateline.region");
  public static final AttributeKey<String> CALL_KIND = AttributeKey.stringKey("stateline.call.kind");
  public static final AttributeKey<String> CALL_ID = AttributeKey.stringKey("stateline.call.id");
  public static final AttributeKey<String> TENANT = AttributeKey.stringKey("stateline.tenant");
  public static final AttributeKey<List<String>> TAGS = AttributeKey.stringArrayKey("stateline.tags");
  public static final AttributeKey<String> PLACEMENT_PRIMARY = AttributeKey.stringKey("stateline.placement.primary");
  public static final AttributeKey<List<String>> PLACEMENT_FALLBACKS =
      AttributeKey.stringArrayKey("stateline.placement.fallbacks");
  public static final AttributeKey<List<String>> PLACEMENT_EXCLUDED =
      AttributeKey.stringArrayKey("stateline.placement.excluded");
  public static final AttributeKey<String> RESIDENCY = AttributeKey.stringKey("stateline.residency");
  public static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("stateline.attempts");
  public static final AttributeKey<Long> FAILOVERS = AttributeKey.longKey("stateline.failovers");
  public static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("stateline.attempt");
  public static final AttributeKey<String> NEXT = AttributeKey.stringKey("stateline.attempt.next");
  public static final AttributeKey<Long> RETRY_DELAY_MS = AttributeKey.longKey("stateline.attempt.retry_delay_ms");
  public static final AttributeKey<String> NEXT_TARGET = AttributeKey.stringKey("stateline.attempt.next_target");
  public static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("stateline.error.status");
  public static final AttributeKey<String> COST_AMOUNT = AttributeKey.stringKey("stateline.cost.amount");
  public static final AttributeKey<String> COST_CURRENCY = AttributeKey.stringKey("stateline.cost.currency");
  /** Where the provider said it processed the call, as it names it (Azure's {@code x-ms-region}). */
  public static final AttributeKey<String> PROCESSING_REGION = AttributeKey.stringKey("stateline.processing.region");
  /** Where the target may process the call: {@code region azure/swedencentral}, {@code zone aws/eu}, {@code global aws}. */
  public static final AttributeKey<String> PROCESSING_SCOPE = AttributeKey.stringKey("stateline.processing.scope");
  /** A circuit breaker's state: {@code closed}, {@code open}, {@code half_open}. */
  public static final AttributeKey<String> CIRCUIT_STATE = AttributeKey.stringKey("stateline.circuit_breaker.state");
  public static final AttributeKey<String> CIRCUIT_PREVIOUS_STATE =
      AttributeKey.stringKey("stateline.circuit_breaker.previous_state");
  public static final AttributeKey<String> CIRCUIT_REASON = AttributeKey.stringKey("stateline.circuit_breaker.reason");

  /** Counter of call cost (a double, in the cost's currency, named by {@link #COST_CURRENCY}). */
  public static final String METRIC_COST = "stateline.client.cost";
  /**
   * Gauge per target and state: 1 for the state the target's circuit breaker is in, 0 for the two
   * others, with {@link #TARGET} and {@link #CIRCUIT_STATE}.
   */
  public static final String METRIC_CIRCUIT_STATE = "stateline.circuit_breaker.state";

  /** Span event of a started attempt. */
  public static final String EVENT_ATTEMPT_STARTED = "stateline.attempt.started";
  /** Span event of a failed attempt. */
  public static final String EVENT_ATTEMPT_FAILED = "stateline.attempt.failed";
  /**
   * Span event of a residency breach: the provider said it processed the call outside its
   * jurisdiction, with {@link #PROCESSING_REGION}, {@link #REGION} (in Stateline's terms),
   * {@link #RESIDENCY} and {@link #TARGET}.
   */
  public static final String EVENT_RESIDENCY_BREACH = "stateline.residency.breach";
  /** Span event of a stream's first chunk. */
  public static final String EVENT_FIRST_TOKEN = "stateline.first_token";
  /** Span event, and log-record event, of a circuit breaker's state change. */
  public static final String EVENT_CIRCUIT_STATE_CHANGE = "stateline.circuit_breaker.state_change";
}
