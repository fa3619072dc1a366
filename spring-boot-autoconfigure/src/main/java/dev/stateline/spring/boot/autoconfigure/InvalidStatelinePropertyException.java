/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.spring.boot.autoconfigure;

/**
 * A {@code stateline.*} property whose value cannot work: thrown while the application context
 * starts, its message naming the property ({@code stateline.targets.azure-swc.endpoint}) and what
 * is wrong, never the value of a secret. Immutable.
 */
public final class InvalidStatelinePropertyException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** The property's full name. */
  private final String property;

  /** A problem with {@code property} (its full name), described by {@code reason}. */
  public InvalidStatelinePropertyException(String property, String reason) {
    super(property + ": " + reason);
    this.property = property;
  }

  /** The property's full name, such as {@code stateline.targets.azure-swc.endpoint}. */
  public String property() {
    return property;
  }
}
