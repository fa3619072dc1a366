/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.cost;

import dev.stateline.Target;
import dev.stateline.policy.BudgetGuard;
import dev.stateline.policy.PlacementContext;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Spend ceilings read from a {@link CostLedger}, as the standard placement policy's
 * {@link BudgetGuard}: once a tenant or a tag has spent its ceiling, placement excludes targets for
 * its calls (rule {@code budget}).
 *
 * <pre>{@code
 * SpendCeiling ceiling = SpendCeiling.builder(ledger)
 *     .tenant("acme", new BigDecimal("100.00"))                      // acme: 100 on all targets together
 *     .tenantOnTarget("acme", "openai-direct", new BigDecimal("10"))  // ... of which 10 on OpenAI directly
 *     .tag("batch", new BigDecimal("25"))
 *     .build();
 * PlacementPolicy policy = PlacementPolicy.standard().budget(ceiling);
 * }</pre>
 *
 * <p>A ceiling on a tenant, a tag or {@linkplain Builder#total the whole client} excludes every
 * target once reached, so the call fails with a {@link dev.stateline.error.NoEligibleTargetException}
 * whose placement names the ceiling; a ceiling on a tenant or tag <em>on one target</em> excludes
 * that target only, and the call runs on the others. A ceiling is reached when the ledger's amount
 * is at or above it; a ceiling of zero refuses everything.
 *
 * <p>The check runs before a call, against what finished calls cost: calls already running when the
 * ceiling is reached still complete and are booked, so spend may end slightly above a ceiling.
 * The ledger must be registered as telemetry on the same client, or it never fills.
 *
 * <p>Immutable and thread-safe; a check reads a few atomic values and allocates only its refusal.
 */
public final class SpendCeiling implements BudgetGuard {
  private final CostLedger ledger;
  private final BigDecimal total;
  private final Map<String, BigDecimal> tenants;
  private final Map<String, BigDecimal> tags;
  private final Map<String, Map<String, BigDecimal>> tenantTargets;
  private final Map<String, Map<String, BigDecimal>> tagTargets;

  private SpendCeiling(Builder b) {
    this.ledger = b.ledger;
    this.total = b.total;
    this.tenants = Map.copyOf(b.tenants);
    this.tags = Map.copyOf(b.tags);
    this.tenantTargets = copy(b.tenantTargets);
    this.tagTargets = copy(b.tagTargets);
  }

  private static Map<String, Map<String, BigDecimal>> copy(Map<String, Map<String, BigDecimal>> m) {
    Map<String, Map<String, BigDecimal>> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, Map.copyOf(v)));
    return Map.copyOf(out);
  }

  /** A builder of ceilings over {@code ledger}. */
  public static Builder builder(CostLedger ledger) {
    return new Builder(Objects.requireNonNull(ledger, "ledger"));
  }

  @Override
  public String refuse(PlacementContext call, Target target) {
    if (total != null) {
      BigDecimal spent = ledger.totalAmount();
      if (spent.compareTo(total) >= 0) {
        return reason("the client", spent, total);
      }
    }
    String tenant = call.options().tenant();
    if (tenant != null) {
      BigDecimal ceiling = tenants.get(tenant);
      if (ceiling != null) {
        BigDecimal spent = ledger.tenantAmount(tenant);
        if (spent.compareTo(ceiling) >= 0) {
          return reason("tenant '" + tenant + "'", spent, ceiling);
        }
      }
      Map<String, BigDecimal> perTarget = tenantTargets.get(tenant);
      BigDecimal onTarget = perTarget == null ? null : perTarget.get(target.name());
      if (onTarget != null) {
        BigDecimal spent = ledger.tenantOnTargetAmount(tenant, target.name());
        if (spent.compareTo(onTarget) >= 0) {
          return reason("tenant '" + tenant + "' on this target", spent, onTarget);
        }
      }
    }
    if (!tags.isEmpty() || !tagTargets.isEmpty()) {
      for (String tag : call.options().tags()) {
        BigDecimal ceiling = tags.get(tag);
        if (ceiling != null) {
          BigDecimal spent = ledger.tagAmount(tag);
          if (spent.compareTo(ceiling) >= 0) {
            return reason("tag '" + tag + "'", spent, ceiling);
          }
        }
        Map<String, BigDecimal> perTarget = tagTargets.get(tag);
        BigDecimal onTarget = perTarget == null ? null : perTarget.get(target.name());
        if (onTarget != null) {
          BigDecimal spent = ledger.tagOnTargetAmount(tag, target.name());
          if (spent.compareTo(onTarget) >= 0) {
            return reason("tag '" + tag + "' on this target", spent, onTarget);
          }
        }
      }
    }
    return null;
  }

  private String reason(String who, BigDecimal spent, BigDecimal ceiling) {
    return who + " has spent " + spent.toPlainString() + " " + ledger.currency() + " of its ceiling of "
        + ceiling.toPlainString() + " " + ledger.currency();
  }

  @Override
  public String toString() {
    return "SpendCeiling[" + ledger.currency() + (total == null ? "" : ", total=" + total.toPlainString())
        + ", tenants=" + tenants.keySet() + ", tags=" + tags.keySet() + "]";
  }

  /** Builds a {@link SpendCeiling}. Not thread-safe. */
  public static final class Builder {
    private final CostLedger ledger;
    private BigDecimal total;
    private final Map<String, BigDecimal> tenants = new LinkedHashMap<>();
    private final Map<String, BigDecimal> tags = new LinkedHashMap<>();
    private final Map<String, Map<String, BigDecimal>> tenantTargets = new LinkedHashMap<>();
    private final Map<String, Map<String, BigDecimal>> tagTargets = new LinkedHashMap<>();

    private Builder(CostLedger ledger) {
      this.ledger = ledger;
    }

    /** A ceiling on everything the ledger books. */
    public Builder total(BigDecimal ceiling) {
      this.total = check(ceiling);
      return this;
    }

    /** A ceiling on {@code tenant}'s calls, on all targets together. */
    public Builder tenant(String tenant, BigDecimal ceiling) {
      tenants.put(name(tenant, "tenant"), check(ceiling));
      return this;
    }

    /** A ceiling on {@code tenant}'s calls answered by the target named {@code target}. */
    public Builder tenantOnTarget(String tenant, String target, BigDecimal ceiling) {
      tenantTargets.computeIfAbsent(name(tenant, "tenant"), k -> new LinkedHashMap<>())
          .put(name(target, "target"), check(ceiling));
      return this;
    }

    /** A ceiling on calls tagged {@code tag}, on all targets together. */
    public Builder tag(String tag, BigDecimal ceiling) {
      tags.put(name(tag, "tag"), check(ceiling));
      return this;
    }

    /** A ceiling on calls tagged {@code tag} answered by the target named {@code target}. */
    public Builder tagOnTarget(String tag, String target, BigDecimal ceiling) {
      tagTargets.computeIfAbsent(name(tag, "tag"), k -> new LinkedHashMap<>())
          .put(name(target, "target"), check(ceiling));
      return this;
    }

    private static BigDecimal check(BigDecimal ceiling) {
      Objects.requireNonNull(ceiling, "ceiling");
      if (ceiling.signum() < 0) {
        throw new IllegalArgumentException("a spend ceiling cannot be negative");
      }
      return ceiling;
    }

    private static String name(String s, String what) {
      if (s == null || s.isBlank()) {
        throw new IllegalArgumentException(what + " must be non-blank");
      }
      return s;
    }

    public SpendCeiling build() {
      return new SpendCeiling(this);
    }
  }
}
