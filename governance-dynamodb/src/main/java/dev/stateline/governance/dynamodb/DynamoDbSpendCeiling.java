/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.governance.dynamodb;

import dev.stateline.Target;
import dev.stateline.policy.BudgetGuard;
import dev.stateline.policy.PlacementContext;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Spend ceilings that hold across a fleet: the standard placement policy's {@link BudgetGuard}
 * over a {@link DynamoDbSpendLedger}'s shared counters, per {@linkplain SpendPeriod period}.
 *
 * <pre>{@code
 * DynamoDbSpendCeiling ceiling = DynamoDbSpendCeiling.builder(ledger, SpendPeriod.MONTH)
 *     .ceiling(SpendScope.tenant("acme"), new BigDecimal("500"))
 *     .ceiling(SpendScope.tagOnTarget("batch", "az-swc"), BigDecimal.ZERO)
 *     .build();
 * PlacementPolicy policy = PlacementPolicy.standard().budget(ceiling);
 * }</pre>
 *
 * <p><b>Admission is a conditional write.</b> For each ceiling that covers a call, placement makes
 * one {@code UpdateItem} on the counter: {@code ADD admitted 1} (and its TTL if new) on condition
 * {@code attribute_not_exists(amount) OR amount < :ceiling}. DynamoDB evaluates the condition
 * against the counter as every instance has booked it, atomically, so a call is admitted only while
 * the fleet-wide spend is below the ceiling. A ceiling is therefore overshot by at most what the
 * calls admitted before it was reached cost: the calls in flight across the fleet at that moment.
 * A refused condition ({@code ConditionalCheckFailedException}, with the counter returned) excludes
 * the target with the reason, like {@link dev.stateline.cost.SpendCeiling}: a ceiling on the fleet,
 * a tenant or a tag excludes every target; a ceiling on one target only that target. A new period
 * starts at zero.
 *
 * <p><b>Cost.</b> One conditional write per covering ceiling per call (ceilings not tied to a target
 * are checked once per call, not once per target), on the calling thread, before the call is sent;
 * nothing for calls no ceiling covers. Unlike the in-memory guard this does I/O during placement,
 * which is the price of a fleet-wide limit.
 *
 * <p><b>Failure.</b> If the table cannot be reached the guard fails closed: the target is excluded
 * with the reason {@code spend store unavailable: ...} (the error code and status only, never the
 * service's message).
 *
 * <p>Immutable and thread-safe.
 */
public final class DynamoDbSpendCeiling implements BudgetGuard {
  private final DynamoDbSpendLedger ledger;
  private final SpendPeriod period;
  private final Map<SpendScope, BigDecimal> ceilings;
  /** Verdicts of ceilings not tied to a target, for the placement being decided on this thread. */
  private final ThreadLocal<CallVerdicts> verdicts = new ThreadLocal<>();

  private DynamoDbSpendCeiling(Builder b) {
    this.ledger = b.ledger;
    this.period = b.period;
    this.ceilings = Map.copyOf(b.ceilings);
  }

  /** A builder of ceilings over {@code ledger}'s counters of {@code period}. */
  public static Builder builder(DynamoDbSpendLedger ledger, SpendPeriod period) {
    Objects.requireNonNull(ledger, "ledger");
    Objects.requireNonNull(period, "period");
    if (!ledger.periods().contains(period)) {
      throw new IllegalArgumentException("the ledger does not count the period " + period + ": add it to its periods");
    }
    return new Builder(ledger, period);
  }

  @Override
  public String refuse(PlacementContext call, Target target) {
    CallVerdicts cached = verdicts.get();
    if (cached == null || cached.context.get() != call) {
      cached = new CallVerdicts(call);
      verdicts.set(cached);
    }
    Instant now = ledger.table().clock().instant();
    for (Map.Entry<SpendScope, BigDecimal> c : ceilings.entrySet()) {
      SpendScope scope = c.getKey();
      if (!scope.covers(call.options(), target.name())) {
        continue;
      }
      String reason;
      if (scope.onTarget()) {
        reason = admit(scope, c.getValue(), now);
      } else {
        reason = cached.byScope.computeIfAbsent(scope, s -> java.util.Optional.ofNullable(admit(s, c.getValue(), now)))
            .orElse(null);
      }
      if (reason != null) {
        return reason;
      }
    }
    return null;
  }

  /** One conditional write: null if admitted, else why not. */
  private String admit(SpendScope scope, BigDecimal ceiling, Instant now) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":one", AttributeValue.fromN("1"));
    values.put(":ceiling", AttributeValue.fromN(ceiling.toPlainString()));
    values.put(":exp", AttributeValue.fromN(Long.toString(ledger.expiry(period, now))));
    try {
      ledger.table().client().updateItem(r -> r.tableName(ledger.table().tableName())
          .key(ledger.key(period, now, scope))
          .updateExpression("ADD #admitted :one SET #exp = if_not_exists(#exp, :exp)")
          .conditionExpression("attribute_not_exists(#amount) OR #amount < :ceiling")
          .expressionAttributeNames(Map.of("#admitted", "admitted", "#amount", "amount", "#exp",
              GovernanceTable.TTL_ATTRIBUTE))
          .expressionAttributeValues(values)
          .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
      return null;
    } catch (ConditionalCheckFailedException e) {
      BigDecimal spent = e.hasItem() ? DynamoDbSpendLedger.decimal(e.item().get("amount")) : ceiling;
      String currency = ledger.currency();
      return scope.describe() + " has spent " + spent.toPlainString() + " " + currency + " of its ceiling of "
          + ceiling.toPlainString() + " " + currency + " this " + period.word() + " (" + period.id(now)
          + "), across the fleet";
    } catch (SdkException e) {
      return "spend store unavailable: " + GovernanceTable.describe(e) + "; refusing rather than overspending";
    }
  }

  @Override
  public String toString() {
    return "DynamoDbSpendCeiling[" + period + ", " + ceilings.keySet() + "]";
  }

  private static final class CallVerdicts {
    final java.lang.ref.WeakReference<PlacementContext> context; // never keeps a finished call's request alive
    final Map<SpendScope, java.util.Optional<String>> byScope = new HashMap<>();

    CallVerdicts(PlacementContext context) {
      this.context = new java.lang.ref.WeakReference<>(context);
    }
  }

  /** Builds a {@link DynamoDbSpendCeiling}. Not thread-safe. */
  public static final class Builder {
    private final DynamoDbSpendLedger ledger;
    private final SpendPeriod period;
    private final Map<SpendScope, BigDecimal> ceilings = new LinkedHashMap<>();

    private Builder(DynamoDbSpendLedger ledger, SpendPeriod period) {
      this.ledger = ledger;
      this.period = period;
    }

    /**
     * Caps {@code scope}'s spend in each period at {@code ceiling} (in the ledger's currency; zero
     * refuses everything).
     */
    public Builder ceiling(SpendScope scope, BigDecimal ceiling) {
      Objects.requireNonNull(scope, "scope");
      Objects.requireNonNull(ceiling, "ceiling");
      if (ceiling.signum() < 0) {
        throw new IllegalArgumentException("a spend ceiling cannot be negative");
      }
      ceilings.put(scope, ceiling);
      return this;
    }

    /** The guard. */
    public DynamoDbSpendCeiling build() {
      return new DynamoDbSpendCeiling(this);
    }
  }
}
