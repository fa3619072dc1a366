/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.placement;

/**
 * What a call asks a model to do. Both operations are stateless calls and run down the same
 * pipeline (placement, residency, retries, failover, circuit breaker, bulkhead, cost, telemetry);
 * the operation decides which of a target's aliases count ({@code Target.serves} for chat,
 * {@code Target.embeds} for embeddings) and which model interface the target is called through.
 */
public enum Operation {
  /** A chat completion ({@code StatelineClient.chat}, {@code stream}, session turns). */
  CHAT("chat"),
  /** Embedding vectors for texts ({@code StatelineClient.embed}). */
  EMBEDDINGS("embeddings");

  private final String otelName;

  Operation(String otelName) {
    this.otelName = otelName;
  }

  /** The name OpenTelemetry's GenAI conventions give the operation ({@code gen_ai.operation.name}). */
  public String otelName() {
    return otelName;
  }
}
