/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.spring.boot.autoconfigure.internal;

import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.placement.TargetHealth;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What both health indicators (Spring Boot 4's and 3.5's) report: per target its provider, region,
 * circuit state, whether it accepts calls and its calls in flight; never a credential or an
 * endpoint. Immutable.
 *
 * @param up true while at least one target accepts calls
 * @param targets the details by target name, in the client's order
 */
public record TargetHealthDetails(boolean up, Map<String, Object> targets) {
  /** A snapshot of {@code client}'s targets. */
  public static TargetHealthDetails of(StatelineClient client) {
    boolean any = false;
    Map<String, Object> targets = new LinkedHashMap<>();
    for (Target t : client.targets()) {
      TargetHealth h = client.health(t.name());
      any |= h.acceptsCalls();
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("provider", t.provider());
      d.put("region", t.region() == null ? "none" : t.region().toString());
      d.put("circuit", h.circuitState().name().toLowerCase(Locale.ROOT));
      d.put("acceptsCalls", h.acceptsCalls());
      d.put("inFlight", h.inFlight());
      targets.put(t.name(), d);
    }
    return new TargetHealthDetails(any, targets);
  }
}
