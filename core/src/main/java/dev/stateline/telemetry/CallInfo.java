/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.telemetry;

import dev.stateline.placement.CallKind;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What every event of one call shares: the call's id and what kind of call it is. One instance per
 * call.
 *
 * @param callId the client's id of the call, unique within the client ({@code ModelCall.callId()})
 * @param operation the GenAI operation, {@code chat} or {@code embeddings}
 * @param kind stateless or stateful
 * @param streaming true for a streamed answer
 * @param alias the model alias the application asked for
 * @param sessionId the session of a session turn (a conversation id), or null
 * @param tenant the tenant from the call options, or null
 * @param tags the tags from the call options, never null
 */
public record CallInfo(String callId, String operation, CallKind kind, boolean streaming, String alias,
    String sessionId, String tenant, Set<String> tags) {
  /** The operation name of chat calls, as in OpenTelemetry's {@code gen_ai.operation.name}. */
  public static final String CHAT = "chat";
  /** The operation name of embedding calls, as in OpenTelemetry's {@code gen_ai.operation.name}. */
  public static final String EMBEDDINGS = "embeddings";

  public CallInfo {
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(alias, "alias");
    tags = tags == null || tags.isEmpty() ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(tags));
  }
}
