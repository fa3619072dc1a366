/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.audit;

/**
 * The result of {@link AuditVerifier#verify}: whether the chain is intact, and if not, the first
 * record that is broken or missing.
 *
 * @param intact true if every record is present, unaltered and in order
 * @param records how many records were verified intact (before the first problem)
 * @param head the hash of the last intact record ({@link AuditRecord#GENESIS} if none): compare it
 *     with a copy kept elsewhere to detect a chain rewritten from some point on, or cut short
 * @param line the 1-based line of the first problem, or 0 if intact
 * @param problem what is wrong there, or null if intact
 */
public record AuditVerification(boolean intact, long records, String head, long line, String problem) {

  static AuditVerification ok(long records, String head) {
    return new AuditVerification(true, records, head, 0, null);
  }

  static AuditVerification broken(long records, String head, long line, String problem) {
    return new AuditVerification(false, records, head, line, problem);
  }

  @Override
  public String toString() {
    return intact ? "intact: " + records + " record(s), head " + head
        : "broken at line " + line + ": " + problem + " (" + records + " record(s) before it intact)";
  }
}
