/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.audit;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Thrown by {@link AuditTrail#toFile(Path)} when another writer already has the file open: another
 * trail in this process, another process, or the previous instance of an application that is
 * restarting while the old one still runs. Two writers on one file would fork its chain, so the
 * second is refused instead of waiting.
 *
 * <p>Give each instance its own file, close the other trail first, or, for a fleet, use a shared
 * sink (see {@code docs/governance.md}, "A fleet"). Immutable.
 */
public final class AuditTrailLockedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final transient Path lockFile;

  AuditTrailLockedException(Path file, Path lockFile) {
    super("audit trail " + file + " is already open by another writer (in this process or another: the lock "
        + "on " + lockFile + " is held); one writer per file: close the other trail, give each instance its own "
        + "file, or use a shared sink for a fleet");
    this.file = Objects.requireNonNull(file);
    this.lockFile = Objects.requireNonNull(lockFile);
  }

  /** The audit file that could not be opened. */
  public Path file() {
    return file;
  }

  /** The lock file whose lock another writer holds ({@code NAME.lock} beside the audit file). */
  public Path lockFile() {
    return lockFile;
  }
}
