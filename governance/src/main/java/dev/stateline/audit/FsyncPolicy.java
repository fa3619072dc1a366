/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.audit;

/** When the file sink of an {@link AuditTrail} forces its records to disk. */
public enum FsyncPolicy {
  /**
   * After every record ({@code FileChannel.force}): a record is on disk before the call that wrote
   * it returns to its caller. Safest; costs a disk flush per call.
   */
  EVERY_RECORD,
  /**
   * Only when the trail is closed: records are handed to the operating system at once (they survive
   * the JVM crashing) but may be lost if the machine fails. For high call rates.
   */
  ON_CLOSE
}
