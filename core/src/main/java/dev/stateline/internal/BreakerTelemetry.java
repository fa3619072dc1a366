/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.internal;

import dev.stateline.Target;
import dev.stateline.placement.CallKind;
import java.util.List;
import dev.stateline.spi.ModelCall;
import dev.stateline.telemetry.CallInfo;
import dev.stateline.telemetry.TelemetryEvent;

/**
 * Reports every circuit-breaker state change of a pipeline's targets to its telemetry as a
 * {@link TelemetryEvent.CircuitStateChanged}, attributed to the call whose attempt caused it
 * ({@link CallScope#current()}). A client without telemetry has no hub and does not attach it.
 */
public final class BreakerTelemetry {
  private BreakerTelemetry() {}

  /** Listens to the breakers of {@code targets} on behalf of {@code hub}. */
  public static void attach(List<TargetState> targets, TelemetryHub hub) {
    for (TargetState state : targets) {
      Target target = state.target();
      state.breaker().onStateChange((from, to, reason) -> hub.emit(new TelemetryEvent.CircuitStateChanged(
          info(CallScope.current()), hub.clock().instant(), target, from, to, reason)));
    }
  }

  private static CallInfo info(ModelCall call) {
    if (call == null) {
      // Breakers move only inside a call's attempts, which CallScope covers; this is a safety net.
      return new CallInfo("-", CallInfo.CHAT, CallKind.STATELESS, false, "-", null, null, null);
    }
    return new CallInfo(call.callId(), call.operation().otelName(), call.kind(), call.streaming(), call.model(), null,
        call.options().tenant(), call.options().tags());
  }
}
