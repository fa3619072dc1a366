/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.audit;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Thrown by {@link AuditTrail#toFile(Path)} when the existing file does not verify: an edited,
 * missing or reordered record, a torn last line, or a line that is not a record (one longer than
 * {@link AuditVerifier#MAX_RECORD_BYTES} included). A broken chain is never extended: keep the file
 * as evidence and start a new one. Immutable.
 */
public final class AuditTrailBrokenException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final AuditVerification verification;

  AuditTrailBrokenException(Path file, AuditVerification verification) {
    super("refusing to extend audit trail " + file + ": it is broken at line " + verification.line() + " ("
        + verification.problem() + "); keep it as evidence and start a new file");
    this.file = Objects.requireNonNull(file);
    this.verification = verification;
  }

  /** The audit file that was refused. */
  public Path file() {
    return file;
  }

  /** What the verifier found: the first broken line and its problem. */
  public AuditVerification verification() {
    return verification;
  }
}
