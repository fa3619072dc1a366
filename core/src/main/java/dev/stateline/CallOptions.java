/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import dev.stateline.placement.Affinity;
import dev.stateline.placement.Jurisdiction;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Per-call settings that are not part of the model request: timeouts, cancellation, and what
 * placement needs to know about the call (its jurisdiction, its affinity to a target, and the
 * tenant and tags its spend is booked to).
 *
 * <p>Immutable and thread-safe. Unset values fall back to the client's defaults; a residency set
 * here narrows the placement policy's jurisdiction, it never replaces or widens it.
 */
public final class CallOptions {
  private static final CallOptions DEFAULTS = builder().build();

  private final Timeouts timeouts;
  private final Cancellation cancellation;
  private final Jurisdiction residency;
  private final Affinity affinity;
  private final String tenant;
  private final Set<String> tags;

  private CallOptions(Builder b) {
    this.timeouts = b.timeouts;
    this.cancellation = b.cancellation;
    this.residency = b.residency;
    this.affinity = b.affinity;
    this.tenant = b.tenant;
    this.tags = b.tags.isEmpty() ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(b.tags));
  }

  /** Options that override nothing. */
  public static CallOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().timeouts(timeouts).cancellation(cancellation).residency(residency)
        .affinity(affinity).tenant(tenant).tags(tags);
  }

  /** The call's timeouts, or null for the client's. */
  public Timeouts timeouts() {
    return timeouts;
  }

  /** A signal that cancels the call, or null. */
  public Cancellation cancellation() {
    return cancellation;
  }

  /**
   * The jurisdiction this call must stay in, or null for the placement policy's alone. It narrows
   * the policy's jurisdiction, never widens it: the call may run only in regions both allow (a
   * jurisdiction outside the policy's leaves the call nowhere to run, and it fails with a
   * {@link dev.stateline.error.ResidencyViolationException}).
   */
  public Jurisdiction residency() {
    return residency;
  }

  /** The target this call prefers or is pinned to, or null. */
  public Affinity affinity() {
    return affinity;
  }

  /** The tenant the call's spend is booked to, or null. */
  public String tenant() {
    return tenant;
  }

  /** Tags the call's spend is booked to (for budgets and the cost ledger); never null. */
  public Set<String> tags() {
    return tags;
  }

  @Override
  public String toString() {
    return "CallOptions[timeouts=" + timeouts + ", cancellable=" + (cancellation != null)
        + (residency == null ? "" : ", residency=" + residency.name())
        + (affinity == null ? "" : ", affinity=" + affinity)
        + (tenant == null ? "" : ", tenant=" + tenant)
        + (tags.isEmpty() ? "" : ", tags=" + tags) + "]";
  }

  /** Builds {@link CallOptions}. Not thread-safe. */
  public static final class Builder {
    private Timeouts timeouts;
    private Cancellation cancellation;
    private Jurisdiction residency;
    private Affinity affinity;
    private String tenant;
    private final Set<String> tags = new LinkedHashSet<>();

    private Builder() {}

    public Builder timeouts(Timeouts timeouts) {
      this.timeouts = timeouts;
      return this;
    }

    public Builder cancellation(Cancellation cancellation) {
      this.cancellation = cancellation;
      return this;
    }

    /** The jurisdiction the call must stay in, within the policy's; null for the policy's alone. */
    public Builder residency(Jurisdiction residency) {
      this.residency = residency;
      return this;
    }

    /** The target the call prefers or is pinned to; null for none. */
    public Builder affinity(Affinity affinity) {
      this.affinity = affinity;
      return this;
    }

    /** The tenant the call's spend is booked to; null for none. */
    public Builder tenant(String tenant) {
      this.tenant = tenant;
      return this;
    }

    /** Replaces the tags. */
    public Builder tags(Collection<String> tags) {
      this.tags.clear();
      for (String t : tags) {
        tag(t);
      }
      return this;
    }

    /** Adds a tag. */
    public Builder tag(String tag) {
      if (tag == null || tag.isBlank()) {
        throw new IllegalArgumentException("tags must be non-blank");
      }
      tags.add(tag);
      return this;
    }

    public CallOptions build() {
      return new CallOptions(this);
    }
  }
}
