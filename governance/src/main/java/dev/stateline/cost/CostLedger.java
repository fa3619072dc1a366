/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.cost;

import dev.stateline.chat.Cost;
import dev.stateline.chat.Usage;
import dev.stateline.telemetry.Telemetry;
import dev.stateline.telemetry.TelemetryEvent;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sums what calls cost, exactly, by target, by tenant, by tag, and by tenant or tag on each target.
 * Register it as a telemetry listener and it books every finished call
 * ({@link TelemetryEvent.CallFinished}) to its target, its tenant and each of its tags
 * ({@code CallOptions.tenant()}, {@code CallOptions.tags()}):
 *
 * <pre>{@code
 * CostLedger ledger = CostLedger.create("USD");
 * StatelineClient client = StatelineClient.builder()
 *     .target(...)
 *     .priceBook(book)
 *     .telemetry(ledger)
 *     .placement(PlacementPolicy.standard().budget(SpendCeiling.builder(ledger).tenant("acme", new BigDecimal("100")).build()))
 *     .build();
 * ledger.tenant("acme").amount();     // what acme spent so far
 * }</pre>
 *
 * <p>A call answered without reaching a target (by a caching interceptor, say) is booked to target
 * {@code -}. A call without a price is counted (calls, tokens, {@link Spend#unpricedCalls()}) but adds no
 * amount. A cost in another currency than the ledger's is refused with an
 * {@link IllegalArgumentException} (a listener error the client logs; it never mixes currencies).
 *
 * <p>Thread-safe and lock-free: amounts are {@link BigDecimal}s added with compare-and-set, so totals
 * are exact under any concurrency. In memory only: {@link #reset()} starts a new period (a month, say);
 * persist {@link #byTenant()} and the like yourself if you need history.
 */
public final class CostLedger implements Telemetry {
  private final String currency;
  private final Totals total = new Totals();
  private final ConcurrentHashMap<String, Totals> targets = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Totals> tenants = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Totals> tags = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Pair, Totals> tenantTargets = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Pair, Totals> tagTargets = new ConcurrentHashMap<>();

  private CostLedger(String currency) {
    this.currency = Cost.requireCurrency(currency);
  }

  /** An empty ledger in {@code currency} (ISO 4217, such as {@code USD}). */
  public static CostLedger create(String currency) {
    return new CostLedger(currency);
  }

  /** The ledger's currency. */
  public String currency() {
    return currency;
  }

  /** Books every {@link TelemetryEvent.CallFinished}; ignores other events. */
  @Override
  public void onEvent(TelemetryEvent event) {
    if (event instanceof TelemetryEvent.CallFinished f) {
      record(f.target() == null ? "-" : f.target().name(), f.call().tenant(), f.call().tags(), f.usage(), f.cost());
    }
  }

  /**
   * Books one call.
   *
   * @param target the target that answered
   * @param tenant the tenant, or null
   * @param tags the tags, possibly empty
   * @param usage the tokens used
   * @param cost what it cost, or null if unpriced
   * @throws IllegalArgumentException if {@code cost} is in another currency
   */
  public void record(String target, String tenant, Collection<String> tags, Usage usage, Cost cost) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(usage, "usage");
    if (cost != null && !cost.currency().equals(currency)) {
      throw new IllegalArgumentException("the ledger is in " + currency + "; refusing a cost in " + cost.currency()
          + " for target '" + target + "'");
    }
    BigDecimal amount = cost == null ? null : cost.amount();
    total.add(usage, amount);
    targets.computeIfAbsent(target, k -> new Totals()).add(usage, amount);
    if (tenant != null) {
      tenants.computeIfAbsent(tenant, k -> new Totals()).add(usage, amount);
      tenantTargets.computeIfAbsent(new Pair(tenant, target), k -> new Totals()).add(usage, amount);
    }
    if (tags != null) {
      for (String tag : tags) {
        this.tags.computeIfAbsent(tag, k -> new Totals()).add(usage, amount);
        tagTargets.computeIfAbsent(new Pair(tag, target), k -> new Totals()).add(usage, amount);
      }
    }
  }

  /** Everything booked. */
  public Spend total() {
    return total.snapshot(currency);
  }

  /** What calls answered by {@code target} cost. */
  public Spend target(String target) {
    return snapshot(targets.get(target));
  }

  /** What {@code tenant}'s calls cost. */
  public Spend tenant(String tenant) {
    return snapshot(tenants.get(tenant));
  }

  /** What calls tagged {@code tag} cost. */
  public Spend tag(String tag) {
    return snapshot(tags.get(tag));
  }

  /** What {@code tenant}'s calls answered by {@code target} cost. */
  public Spend tenantOnTarget(String tenant, String target) {
    return snapshot(tenantTargets.get(new Pair(tenant, target)));
  }

  /** What calls tagged {@code tag} answered by {@code target} cost. */
  public Spend tagOnTarget(String tag, String target) {
    return snapshot(tagTargets.get(new Pair(tag, target)));
  }

  /** The amount alone of {@link #tenant(String)}, without a snapshot; zero if none. */
  BigDecimal tenantAmount(String tenant) {
    return amount(tenants.get(tenant));
  }

  BigDecimal tagAmount(String tag) {
    return amount(tags.get(tag));
  }

  BigDecimal tenantOnTargetAmount(String tenant, String target) {
    return amount(tenantTargets.get(new Pair(tenant, target)));
  }

  BigDecimal tagOnTargetAmount(String tag, String target) {
    return amount(tagTargets.get(new Pair(tag, target)));
  }

  BigDecimal totalAmount() {
    return total.amount.get();
  }

  private static BigDecimal amount(Totals t) {
    return t == null ? BigDecimal.ZERO : t.amount.get();
  }

  /** Spend per target, sorted by name. */
  public Map<String, Spend> byTarget() {
    return snapshot(targets);
  }

  /** Spend per tenant, sorted by name. */
  public Map<String, Spend> byTenant() {
    return snapshot(tenants);
  }

  /** Spend per tag, sorted by name. */
  public Map<String, Spend> byTag() {
    return snapshot(tags);
  }

  /** Forgets everything booked, to start a new period. Calls booked concurrently may land in either. */
  public void reset() {
    targets.clear();
    tenants.clear();
    tags.clear();
    tenantTargets.clear();
    tagTargets.clear();
    total.reset();
  }

  private Spend snapshot(Totals t) {
    return t == null ? Spend.none(currency) : t.snapshot(currency);
  }

  private Map<String, Spend> snapshot(ConcurrentHashMap<String, Totals> map) {
    Map<String, Spend> out = new TreeMap<>();
    map.forEach((k, v) -> out.put(k, v.snapshot(currency)));
    return java.util.Collections.unmodifiableMap(out);
  }

  @Override
  public String toString() {
    return "CostLedger[" + total() + "]";
  }

  /**
   * What a set of calls cost.
   *
   * @param amount the sum of their costs
   * @param currency the ledger's currency
   * @param calls how many calls were booked (priced or not)
   * @param unpricedCalls how many of them had no price
   * @param inputTokens their prompt tokens (cached ones included)
   * @param cachedInputTokens their prompt tokens served from cache
   * @param outputTokens their completion tokens
   */
  public record Spend(BigDecimal amount, String currency, long calls, long unpricedCalls, long inputTokens,
      long cachedInputTokens, long outputTokens) {
    static Spend none(String currency) {
      return new Spend(BigDecimal.ZERO, currency, 0, 0, 0, 0, 0);
    }

    /** The amount as a {@link Cost}. */
    public Cost cost() {
      return new Cost(amount, currency);
    }

    @Override
    public String toString() {
      return amount.toPlainString() + " " + currency + " over " + calls + " call(s)";
    }
  }

  private record Pair(String key, String target) {}

  private static final class Totals {
    final AtomicReference<BigDecimal> amount = new AtomicReference<>(BigDecimal.ZERO);
    final LongAdder calls = new LongAdder();
    final LongAdder unpriced = new LongAdder();
    final LongAdder input = new LongAdder();
    final LongAdder cached = new LongAdder();
    final LongAdder output = new LongAdder();

    void add(Usage usage, BigDecimal cost) {
      calls.increment();
      input.add(usage.inputTokens());
      cached.add(usage.cachedInputTokens());
      output.add(usage.outputTokens());
      if (cost == null) {
        unpriced.increment();
      } else if (cost.signum() != 0) {
        amount.accumulateAndGet(cost, BigDecimal::add);
      }
    }

    void reset() {
      amount.set(BigDecimal.ZERO);
      calls.reset();
      unpriced.reset();
      input.reset();
      cached.reset();
      output.reset();
    }

    Spend snapshot(String currency) {
      return new Spend(amount.get(), currency, calls.sum(), unpriced.sum(), input.sum(), cached.sum(), output.sum());
    }
  }
}
