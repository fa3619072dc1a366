/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.placement;

/** Whether a call needs state kept between calls; placement sends the two kinds to different hosts. */
public enum CallKind {
  /** One self-contained request and response. */
  STATELESS,
  /** A turn of a session, or an agent run, whose state lives on between calls. */
  STATEFUL
}
