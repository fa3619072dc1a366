/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a call runs and why: the primary target, the fallbacks in order, and a {@link Decision}
 * for every target considered, eligible or not.
 *
 * <pre>{@code
 * Placement p = response.placement();
 * p.primary();                 // "az-swc"
 * p.fallbacks();               // ["az-weu"]
 * p.decision("aws-lon");       // Decision[aws-lon, excluded, rule=residency, reason=...]
 * }</pre>
 *
 * <p>Attached to every response ({@code ChatResponse.placement()}) and every failure
 * ({@code StatelineException.placement()}); where the call actually ran is
 * {@code ChatResponse.target()}, and every failover is in {@code ChatResponse.failovers()}.
 * Immutable and thread-safe.
 */
public final class Placement {
  /** The name of the standard residency rule ({@code StandardPolicy.RESIDENCY}). */
  private static final String RESIDENCY_RULE = "residency";

  private final String alias;
  private final CallKind kind;
  private final List<String> order;
  private final List<Decision> decisions;
  private final Jurisdiction residency;
  private final String affinity;
  private final boolean blockedByResidency;
  private final Operation operation;

  /**
   * A placement without residency or affinity; it counts as {@linkplain #blockedByResidency()
   * blocked by residency} if no target is eligible and some decision of rule {@code residency}
   * excluded a target.
   *
   * @param alias the model alias the call asked for
   * @param kind stateless or stateful
   * @param order eligible targets' names, best first; may be empty only for a failed placement
   * @param decisions one per target considered
   */
  public Placement(String alias, CallKind kind, List<String> order, List<Decision> decisions) {
    this(alias, kind, order, decisions, null, null, order.isEmpty() && anyResidencyExclusion(decisions),
        Operation.CHAT);
  }

  private Placement(String alias, CallKind kind, List<String> order, List<Decision> decisions,
      Jurisdiction residency, String affinity, boolean blockedByResidency, Operation operation) {
    this.operation = Objects.requireNonNull(operation, "operation");
    this.alias = Objects.requireNonNull(alias, "alias");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.order = List.copyOf(order);
    this.decisions = List.copyOf(decisions);
    this.residency = residency;
    this.affinity = affinity;
    this.blockedByResidency = blockedByResidency && this.order.isEmpty();
  }

  /**
   * A builder for a placement with every detail: the order and decisions, and the jurisdiction and
   * affinity the policy kept to.
   */
  public static Builder builder(String alias, CallKind kind) {
    return new Builder(alias, kind);
  }

  /** A builder holding this placement's details. */
  public Builder toBuilder() {
    return new Builder(alias, kind).order(order).decisions(decisions).residency(residency).affinity(affinity)
        .blockedByResidency(blockedByResidency).operation(operation);
  }

  private static boolean anyResidencyExclusion(List<Decision> decisions) {
    for (Decision d : decisions) {
      if (!d.eligible() && RESIDENCY_RULE.equals(d.rule())) {
        return true;
      }
    }
    return false;
  }

  public String alias() {
    return alias;
  }

  public CallKind kind() {
    return kind;
  }

  /** What the call asked for: a chat completion or embeddings; {@link Operation#CHAT} unless set. */
  public Operation operation() {
    return operation;
  }

  /** The target tried first, or null if no target was eligible. */
  public String primary() {
    return order.isEmpty() ? null : order.get(0);
  }

  /** The targets to fail over to, in order. */
  public List<String> fallbacks() {
    return order.isEmpty() ? List.of() : order.subList(1, order.size());
  }

  /** Primary then fallbacks. */
  public List<String> order() {
    return order;
  }

  /** Why each target was included or excluded, in the client's declaration order. */
  public List<Decision> decisions() {
    return decisions;
  }

  /** The decision on {@code target}, or null if it was not considered. */
  public Decision decision(String target) {
    for (Decision d : decisions) {
      if (d.target().equals(target)) {
        return d;
      }
    }
    return null;
  }

  /** The decisions that excluded a target. */
  public List<Decision> exclusions() {
    List<Decision> out = new ArrayList<>();
    for (Decision d : decisions) {
      if (!d.eligible()) {
        out.add(d);
      }
    }
    return out;
  }

  /** True if at least one target may take the call. */
  public boolean hasEligibleTarget() {
    return !order.isEmpty();
  }

  /** The jurisdiction every target in {@link #order()} lies in, or null if none applied. */
  public Jurisdiction residency() {
    return residency;
  }

  /** The target the call had affinity to (a session's target), or null. */
  public String affinity() {
    return affinity;
  }

  /**
   * True if the call had affinity to a target that is not the primary: a session moving to another
   * target. {@link #decision(String) decision(affinity())} says why.
   */
  public boolean movesAwayFromAffinity() {
    return affinity != null && !order.isEmpty() && !affinity.equals(order.get(0));
  }

  /**
   * True if no target is eligible and at least one would have been but for residency: the call
   * could only have run by leaving its jurisdiction.
   */
  public boolean blockedByResidency() {
    return blockedByResidency;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Placement[").append(alias).append(' ').append(kind);
    if (operation != Operation.CHAT) {
      sb.append(" (an embedding call)");
    }
    if (residency != null) {
      sb.append(" in ").append(residency.name());
    }
    if (affinity != null) {
      sb.append(", affinity=").append(affinity);
    }
    sb.append(" -> ").append(order).append(", excluded=[");
    boolean first = true;
    for (Decision d : decisions) {
      if (!d.eligible()) {
        sb.append(first ? "" : ", ").append(d.target()).append(" (").append(d.rule()).append(": ")
            .append(d.reason()).append(')');
        first = false;
      }
    }
    return sb.append("]]").toString();
  }

  /** Builds a {@link Placement}. Not thread-safe. */
  public static final class Builder {
    private final String alias;
    private final CallKind kind;
    private List<String> order = List.of();
    private List<Decision> decisions = List.of();
    private Jurisdiction residency;
    private String affinity;
    private Boolean blockedByResidency;
    private Operation operation = Operation.CHAT;

    private Builder(String alias, CallKind kind) {
      this.alias = Objects.requireNonNull(alias, "alias");
      this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** The eligible targets' names, best first; empty (the default) for a failed placement. */
    public Builder order(List<String> order) {
      this.order = Objects.requireNonNull(order, "order");
      return this;
    }

    /** One decision per target considered, in the client's declaration order. */
    public Builder decisions(List<Decision> decisions) {
      this.decisions = Objects.requireNonNull(decisions, "decisions");
      return this;
    }

    /** The jurisdiction every target of the order lies in, or null (the default) if none applied. */
    public Builder residency(Jurisdiction residency) {
      this.residency = residency;
      return this;
    }

    /** The target the call had affinity to, or null (the default). */
    public Builder affinity(String affinity) {
      this.affinity = affinity;
      return this;
    }

    /**
     * Whether no target is eligible and some target would have been but for residency (the call
     * then fails with a {@link dev.stateline.error.ResidencyViolationException}). Unset, it is
     * inferred as by {@link Placement#Placement(String, CallKind, List, List)}: an empty order and
     * some target excluded by the {@code residency} rule.
     */
    public Builder blockedByResidency(boolean blockedByResidency) {
      this.blockedByResidency = blockedByResidency;
      return this;
    }

    /** What the call asked for; {@link Operation#CHAT} (the default) or {@link Operation#EMBEDDINGS}. */
    public Builder operation(Operation operation) {
      this.operation = Objects.requireNonNull(operation, "operation");
      return this;
    }

    public Placement build() {
      boolean blocked = blockedByResidency != null ? blockedByResidency
          : order.isEmpty() && anyResidencyExclusion(decisions);
      return new Placement(alias, kind, order, decisions, residency, affinity, blocked, operation);
    }
  }

  /**
   * The verdict on one target.
   *
   * @param target the target's name
   * @param eligible whether it may take the call
   * @param rule the rule that excluded it, or for an eligible target the rule that admitted it
   * @param reason a human-readable explanation, without secrets or content
   */
  public record Decision(String target, boolean eligible, String rule, String reason) {
    public Decision {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(reason, "reason");
    }

    /** An eligible target. */
    public static Decision eligible(String target, String rule, String reason) {
      return new Decision(target, true, rule, reason);
    }

    /** An excluded target. */
    public static Decision excluded(String target, String rule, String reason) {
      return new Decision(target, false, rule, reason);
    }

    @Override
    public String toString() {
      return eligible ? target + " eligible: " + reason : target + " excluded by " + rule + ": " + reason;
    }
  }
}
