/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.telemetry;

/**
 * A listener to what the client's pipeline does with every call: typed {@link TelemetryEvent}s,
 * from {@link TelemetryEvent.CallStarted} to exactly one {@link TelemetryEvent.CallFinished} or
 * {@link TelemetryEvent.CallFailed}.
 *
 * <pre>{@code
 * StatelineClient client = StatelineClient.builder()
 *     .target(...)
 *     .telemetry(Telemetry.slf4j())            // one log line per event
 *     .telemetry(ledger)                       // a CostLedger sums spend (stateline-governance)
 *     .telemetry(AuditTrail.toFile(path))      // a hash-chained audit trail (stateline-governance)
 *     .build();
 * }</pre>
 *
 * <p>Events are emitted by the one call pipeline, for every call, stream, async call and session
 * turn alike, on the thread that drives the call (the caller's, the client executor's, or the one
 * reading a stream). Implementations must be thread-safe and quick: they run inline. A listener
 * that throws never breaks a call: the client logs its first failure (at WARN on logger
 * {@code dev.stateline.telemetry}) and later ones at DEBUG, and carries on.
 *
 * <p><b>Content.</b> Events never carry prompt or completion content unless the listener
 * {@linkplain #captureContent() asks for it}; the implementations Stateline ships ask only when
 * their builder's {@code captureContent(true)} is set. Events never carry secrets (credentials,
 * URL signatures): only names, counts, codes and Stateline's own ids.
 *
 * <p>With no telemetry configured, the pipeline creates no event objects at all.
 */
@FunctionalInterface
public interface Telemetry {

  /** Receives one event. Called once per event, in the order of the call's life. */
  void onEvent(TelemetryEvent event);

  /**
   * True if this listener wants the prompt and completion on the call's terminal event
   * ({@link TelemetryEvent.CallFinished#input()}, {@link TelemetryEvent.CallFinished#output()},
   * {@link TelemetryEvent.CallFailed#input()}). False (the default) gets them null.
   */
  default boolean captureContent() {
    return false;
  }

  /** Structured SLF4J logging, one line per event, content off. See {@link Slf4jTelemetry}. */
  static Telemetry slf4j() {
    return Slf4jTelemetry.builder().build();
  }
}
