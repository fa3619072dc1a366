/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.governance.dynamodb;

import dev.stateline.chat.Cost;
import dev.stateline.telemetry.CallInfo;
import dev.stateline.telemetry.Telemetry;
import dev.stateline.telemetry.TelemetryEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * A cost ledger that a whole fleet shares: every instance books its finished calls into counters in
 * one DynamoDB table ({@link GovernanceTable}), per {@linkplain SpendPeriod period} and per scope
 * (the fleet, each target, tenant, tag, tenant on a target, tag on a target), with atomic
 * {@code ADD} updates, so no booking is lost to a concurrent one and every instance reads the same
 * sums. Register it as telemetry on every client, and use {@link DynamoDbSpendCeiling} to cap spend:
 *
 * <pre>{@code
 * GovernanceTable table = GovernanceTable.builder(dynamoDb, "stateline-governance").build();
 * DynamoDbSpendLedger ledger = DynamoDbSpendLedger.builder(table, "USD").periods(SpendPeriod.MONTH).build();
 * StatelineClient client = StatelineClient.builder()...telemetry(ledger)
 *     .placement(PlacementPolicy.standard().budget(DynamoDbSpendCeiling.builder(ledger, SpendPeriod.MONTH)
 *         .ceiling(SpendScope.tenant("acme"), new BigDecimal("500")).build()))
 *     .build();
 * }</pre>
 *
 * <p><b>Cost per call.</b> One {@code UpdateItem} per counter the call touches and period: for a call
 * with a tenant and {@code n} tags, {@code 4 + 2n} per period (fleet, target, tenant, tenant on
 * target, and per tag: tag, tag on target); each is one write unit. The updates are made on the
 * thread that ends the call, after the caller has its answer. A booking that fails (the SDK retries
 * throttling first) is thrown to the client, which logs the listener error: that call's cost is then
 * missing from the shared counters; counters already updated stay.
 *
 * <p>Counters of a period expire {@link Builder#retention retention} after it ends (DynamoDB TTL on
 * {@value GovernanceTable#TTL_ATTRIBUTE}). The in-memory {@link dev.stateline.cost.CostLedger} stays
 * the default for one process. Thread-safe.
 */
public final class DynamoDbSpendLedger implements Telemetry {
  private final GovernanceTable table;
  private final String currency;
  private final Set<SpendPeriod> periods;
  private final Duration retention;

  private DynamoDbSpendLedger(Builder b) {
    this.table = b.table;
    this.currency = b.currency;
    this.periods = Set.copyOf(b.periods);
    this.retention = b.retention;
  }

  /**
   * A builder of a ledger in {@code currency} (ISO 4217, as {@link Cost#currency()}) over
   * {@code table}.
   */
  public static Builder builder(GovernanceTable table, String currency) {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(currency, "currency");
    if (!currency.matches("[A-Z]{3}")) {
      throw new IllegalArgumentException("currency must be an ISO 4217 code such as USD (got '" + currency + "')");
    }
    return new Builder(table, currency);
  }

  /** The ledger's currency. */
  public String currency() {
    return currency;
  }

  /** The periods it counts. */
  public Set<SpendPeriod> periods() {
    return periods;
  }

  GovernanceTable table() {
    return table;
  }

  /** When the counters of the period that {@code at} falls in expire (epoch seconds). */
  long expiry(SpendPeriod period, Instant at) {
    return period.end(at).plus(retention).getEpochSecond();
  }

  /**
   * Books every {@link TelemetryEvent.CallFinished}; other events are ignored.
   *
   * @throws IllegalStateException if the call's cost is in another currency
   * @throws software.amazon.awssdk.core.exception.SdkException if the table cannot be updated
   */
  @Override
  public void onEvent(TelemetryEvent event) {
    if (!(event instanceof TelemetryEvent.CallFinished f) || f.target() == null) {
      return;
    }
    Cost cost = f.cost();
    if (cost != null && !cost.currency().equals(currency)) {
      throw new IllegalStateException("the shared ledger is in " + currency + " and cannot book a cost in "
          + cost.currency());
    }
    BigDecimal amount = cost == null ? BigDecimal.ZERO : cost.amount();
    Instant now = table.clock().instant(); // the same clock as the ceilings, whatever the client's
    for (SpendPeriod period : periods) {
      for (SpendScope scope : scopes(f.call(), f.target().name())) {
        book(period, now, scope, amount, cost == null, f.usage().inputTokens(), f.usage().outputTokens());
      }
    }
  }

  /** Every counter a call of {@code call} answered by {@code target} adds to. */
  static List<SpendScope> scopes(CallInfo call, String target) {
    List<SpendScope> out = new ArrayList<>();
    out.add(SpendScope.total());
    out.add(SpendScope.target(target));
    if (call.tenant() != null && !call.tenant().isBlank()) {
      out.add(SpendScope.tenant(call.tenant()));
      out.add(SpendScope.tenantOnTarget(call.tenant(), target));
    }
    for (String tag : new LinkedHashSet<>(call.tags())) {
      if (!tag.isBlank()) {
        out.add(SpendScope.tag(tag));
        out.add(SpendScope.tagOnTarget(tag, target));
      }
    }
    return out;
  }

  private void book(SpendPeriod period, Instant now, SpendScope scope, BigDecimal amount, boolean unpriced,
      long input, long output) {
    Map<String, String> names = Map.of("#amount", "amount", "#calls", "calls", "#unpriced", "unpriced",
        "#in", "inputTokens", "#out", "outputTokens", "#exp", GovernanceTable.TTL_ATTRIBUTE);
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":amount", AttributeValue.fromN(amount.toPlainString()));
    values.put(":one", AttributeValue.fromN("1"));
    values.put(":unpriced", AttributeValue.fromN(unpriced ? "1" : "0"));
    values.put(":in", AttributeValue.fromN(Long.toString(input)));
    values.put(":out", AttributeValue.fromN(Long.toString(output)));
    values.put(":exp", AttributeValue.fromN(Long.toString(expiry(period, now))));
    table.client().updateItem(r -> r.tableName(table.tableName())
        .key(key(period, now, scope))
        .updateExpression("ADD #amount :amount, #calls :one, #unpriced :unpriced, #in :in, #out :out"
            + " SET #exp = if_not_exists(#exp, :exp)")
        .expressionAttributeNames(names)
        .expressionAttributeValues(values)
        .returnValues(ReturnValue.NONE));
  }

  /** The key of the counter of {@code scope} in the period that {@code at} falls in. */
  Map<String, AttributeValue> key(SpendPeriod period, Instant at, SpendScope scope) {
    return Map.of(GovernanceTable.PARTITION_KEY,
        AttributeValue.fromS("spend#" + currency + "#" + period.word() + "#" + period.id(at) + "#" + scope.key()),
        GovernanceTable.SORT_KEY, AttributeValue.fromS("S"));
  }

  /**
   * The fleet-wide counter of {@code scope} in the current {@code period}, read strongly consistent.
   *
   * @throws software.amazon.awssdk.core.exception.SdkException if the table cannot be read
   */
  public SharedSpend spend(SpendPeriod period, SpendScope scope) {
    return spend(period, table.clock().instant(), scope);
  }

  /** The counter of {@code scope} in the period that {@code at} falls in. */
  public SharedSpend spend(SpendPeriod period, Instant at, SpendScope scope) {
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(scope, "scope");
    GetItemResponse r = table.client().getItem(g -> g.tableName(table.tableName()).key(key(period, at, scope))
        .consistentRead(true));
    return r.hasItem() ? spend(r.item()) : SharedSpend.NONE;
  }

  static SharedSpend spend(Map<String, AttributeValue> item) {
    return new SharedSpend(decimal(item.get("amount")), number(item.get("calls")), number(item.get("unpriced")),
        number(item.get("inputTokens")), number(item.get("outputTokens")), number(item.get("admitted")));
  }

  static BigDecimal decimal(AttributeValue v) {
    return v == null || v.n() == null ? BigDecimal.ZERO : new BigDecimal(v.n());
  }

  private static long number(AttributeValue v) {
    return v == null || v.n() == null ? 0 : new BigDecimal(v.n()).longValueExact();
  }

  @Override
  public String toString() {
    return "DynamoDbSpendLedger[" + table + ", " + currency + ", " + periods.toString().toLowerCase(Locale.ROOT) + "]";
  }

  /** Builds a {@link DynamoDbSpendLedger}. Not thread-safe. */
  public static final class Builder {
    private final GovernanceTable table;
    private final String currency;
    private final EnumSet<SpendPeriod> periods = EnumSet.of(SpendPeriod.DAY, SpendPeriod.MONTH);
    private Duration retention = Duration.ofDays(400);

    private Builder(GovernanceTable table, String currency) {
      this.table = table;
      this.currency = currency;
    }

    /** The periods to count (default: day and month). Each period is one more update per counter. */
    public Builder periods(SpendPeriod first, SpendPeriod... more) {
      periods.clear();
      periods.add(Objects.requireNonNull(first, "first"));
      for (SpendPeriod p : more) {
        periods.add(Objects.requireNonNull(p, "periods"));
      }
      return this;
    }

    /** How long after its period ends a counter is kept (DynamoDB TTL; default 400 days). */
    public Builder retention(Duration retention) {
      Objects.requireNonNull(retention, "retention");
      if (retention.isNegative() || retention.compareTo(Duration.ofDays(3650)) > 0) {
        throw new IllegalArgumentException("retention must be between 0 and 3650 days");
      }
      this.retention = retention;
      return this;
    }

    /** The ledger. */
    public DynamoDbSpendLedger build() {
      return new DynamoDbSpendLedger(this);
    }
  }
}
