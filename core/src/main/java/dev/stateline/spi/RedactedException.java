/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.spi;

/**
 * Stands in for an exception of a provider's HTTP stack or SDK whose message held a credential or
 * control characters (see {@link Redactor#cleanCause(Throwable)}): it keeps the original's type
 * name ({@link #originalType()}), its stack trace and its causes (cleaned the same way), with the
 * message {@linkplain Redactor#clean(String) cleaned}. Stateline errors carry it as their cause
 * instead of the original, so that {@code getCause().getMessage()} and a printed stack trace show no
 * secret.
 *
 * <p>Immutable once built.
 */
public final class RedactedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String originalType;

  RedactedException(String originalType, String message, Throwable cause) {
    super(message, cause);
    this.originalType = originalType;
  }

  /** The fully qualified class name of the exception this one replaces. */
  public String originalType() {
    return originalType;
  }

  @Override
  public String toString() {
    String m = getMessage();
    return originalType + " (redacted)" + (m == null ? "" : ": " + m);
  }
}
