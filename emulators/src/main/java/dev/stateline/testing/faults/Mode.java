/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.faults;

/** How a call of the fault matrix is made. */
public enum Mode {
  /** A non-streamed call: {@code client.chat(...)} or {@code session.send(...)}. */
  PLAIN,
  /** A streamed call read to its end: {@code client.stream(...)} or {@code session.stream(...)}. */
  STREAM
}
