/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.governance.dynamodb;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A period that shared spend is counted and capped over, in UTC. A new period starts with fresh
 * counters (the counters are keyed by the period's id), so rollover needs no job and no reset.
 */
public enum SpendPeriod {
  /** A UTC calendar day, id {@code 2026-03-01}. */
  DAY,
  /** A UTC calendar month, id {@code 2026-03}. */
  MONTH;

  /** The id of the period that {@code at} falls in. */
  public String id(Instant at) {
    LocalDate d = LocalDate.ofInstant(at, ZoneOffset.UTC);
    return this == DAY ? d.toString() : d.toString().substring(0, 7);
  }

  /** When the period that {@code at} falls in ends (exclusive). */
  public Instant end(Instant at) {
    LocalDate d = LocalDate.ofInstant(at, ZoneOffset.UTC);
    LocalDate next = this == DAY ? d.plusDays(1) : d.withDayOfMonth(1).plusMonths(1);
    return next.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** {@code day} or {@code month}, as in keys and reasons. */
  String word() {
    return this == DAY ? "day" : "month";
  }
}
