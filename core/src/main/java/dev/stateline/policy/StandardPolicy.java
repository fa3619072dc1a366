/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.policy;

import dev.stateline.Price;
import dev.stateline.Target;
import dev.stateline.chat.TokenEstimator;
import dev.stateline.placement.Affinity;
import dev.stateline.placement.CallKind;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.placement.Placement;
import dev.stateline.spi.ModelCall;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The standard placement policy: a list of small {@link Rule}s, as an immutable fluent value.
 *
 * <pre>{@code
 * PlacementPolicy policy = PlacementPolicy.standard()
 *     .residency(Jurisdiction.EU)
 *     .allowProvider("gpt-4.1", CallKind.STATELESS, "openai")
 *     .prefer("az-swc");
 * }</pre>
 *
 * <p>Hard rules (filters), each excluding targets with a reason:
 *
 * <ol>
 *   <li>{@value #MODEL}: the target serves the call's model alias;
 *   <li>{@value #HOSTING}: stateless calls go to {@link Target.Hosting#STATELESS_HOST} targets
 *       (Azure OpenAI), stateful ones (session turns, agent runs) to
 *       {@link Target.Hosting#STATEFUL_RUNTIME} targets (Bedrock); {@link #allow},
 *       {@link #allowProvider(CallKind, String)} and {@link #allowProvider(String, CallKind, String)}
 *       widen this per kind, provider and alias;
 *   <li>{@value #RESIDENCY}: the target's region lies in the call's jurisdiction: the policy's
 *       {@link #residency(Jurisdiction)}, narrowed by the call's
 *       {@link dev.stateline.CallOptions#residency()} (a region must be allowed by both; a call
 *       can narrow the policy's jurisdiction, never widen it); targets without a region are
 *       excluded whenever a jurisdiction applies;
 *   <li>{@value #CAPABILITIES}: the target can stream, call tools, follow a JSON schema, read
 *       images, hold server-side state, and fit the request in its context window, as the call needs
 *       (the prompt's size comes from the {@link TokenEstimator});
 *   <li>{@value #HEALTH}: the target's circuit breaker is not open;
 *   <li>{@value #BUDGET}: the {@link BudgetGuard} allows the spend;
 *   <li>{@value #AFFINITY}: a call {@linkplain Affinity#pin pinned} to a target runs there only.
 * </ol>
 *
 * <p>Ranking of the eligible targets, each rule breaking the ties of the ones before:
 * {@value #AFFINITY} (the call's affinity target first), {@value #PREFERENCE} (targets named in
 * {@link #prefer}, in that order, before all others), {@value #LATENCY} (lower observed latency
 * first, in bands of 50% so that small differences do not count; an unmeasured target first, so it
 * gets measured), {@value #PRICE} (lower estimated cost of the call first; a target without a
 * {@link Price} after priced ones), then declaration order.
 *
 * <p>Each rule is one class, and one list holds them all ({@link #rules()}): built-in rules and
 * yours alike. When the client is built it {@linkplain #bind binds} the policy to its targets, and
 * each built-in rule binds itself there, precomputing what does not change between calls (a
 * target's place in {@link #prefer}, its price). The {@value #MODEL}, {@value #HOSTING} and
 * {@value #RESIDENCY} verdicts depend only on the alias, the kind of call and the jurisdiction, so
 * they are computed once per alias and kind (and once per narrower jurisdiction a call asks for);
 * the other rules run per call, one rule over all candidate targets at a time, without I/O and
 * with little allocation. Your own rules ({@link #withRule}, {@link #withRuleBefore}) run after
 * the static ones, and filter and rank where they sit in {@link #rules()}.
 *
 * <p>Immutable and thread-safe: every method returns a new policy.
 */
public final class StandardPolicy implements PlacementPolicy {
  /** Rule name: the target serves the alias. */
  public static final String MODEL = "model";
  /** Rule name: stateless and stateful calls go to the hosts meant for them. */
  public static final String HOSTING = "hosting";
  /** Rule name: the call stays in its jurisdiction. */
  public static final String RESIDENCY = "residency";
  /** Rule name: the target can do what the call needs. */
  public static final String CAPABILITIES = "capabilities";
  /** Rule name: the target's circuit is not open. */
  public static final String HEALTH = "health";
  /** Rule name: the budget guard allows the spend. */
  public static final String BUDGET = "budget";
  /** Rule name: the quota guard has quota for the target ({@link #quota(QuotaGuard)}). */
  public static final String QUOTA = "quota";
  /** Rule name: a call's affinity target first; a pinned call there only. */
  public static final String AFFINITY = "affinity";
  /** Rule name: targets named in {@link #prefer} first. */
  public static final String PREFERENCE = "preference";
  /** Rule name: faster targets first. */
  public static final String LATENCY = "latency";
  /** Rule name: cheaper targets first. */
  public static final String PRICE = "price";

  private static final Set<String> REMOVABLE =
      Set.of(HOSTING, CAPABILITIES, HEALTH, BUDGET, AFFINITY, PREFERENCE, LATENCY, PRICE);

  static final StandardPolicy DEFAULT = new StandardPolicy(null, defaultHosting(), List.of(), List.of(),
      BudgetGuard.unlimited(), TokenEstimator.approximate(), List.of(), Set.of());

  private final Jurisdiction residency;
  private final Map<CallKind, Set<Target.Hosting>> hosting;
  private final List<HostingRule.Allowance> allowances;
  private final List<String> preferred;
  private final BudgetGuard budget;
  private final TokenEstimator estimator;
  /** Custom rules with the built-in rule each goes before (null: at the end). */
  private final List<Placed> custom;
  private final Set<String> removed;
  private final List<Rule> rules;

  private StandardPolicy(Jurisdiction residency, Map<CallKind, Set<Target.Hosting>> hosting,
      List<HostingRule.Allowance> allowances, List<String> preferred, BudgetGuard budget, TokenEstimator estimator,
      List<Placed> custom, Set<String> removed) {
    this.residency = residency;
    this.hosting = hosting;
    this.allowances = allowances;
    this.preferred = preferred;
    this.budget = budget;
    this.estimator = estimator;
    this.custom = custom;
    this.removed = removed;
    this.rules = assemble();
  }

  private static Map<CallKind, Set<Target.Hosting>> defaultHosting() {
    Map<CallKind, Set<Target.Hosting>> m = new EnumMap<>(CallKind.class);
    m.put(CallKind.STATELESS, Collections.unmodifiableSet(EnumSet.of(Target.Hosting.STATELESS_HOST)));
    m.put(CallKind.STATEFUL, Collections.unmodifiableSet(EnumSet.of(Target.Hosting.STATEFUL_RUNTIME)));
    return Collections.unmodifiableMap(m);
  }

  private StandardPolicy copy(Jurisdiction residency, Map<CallKind, Set<Target.Hosting>> hosting,
      List<HostingRule.Allowance> allowances, List<String> preferred, BudgetGuard budget, TokenEstimator estimator,
      List<Placed> custom, Set<String> removed) {
    return new StandardPolicy(residency, hosting, allowances, preferred, budget, estimator, custom, removed);
  }

  // ---------------------------------------------------------------- fluent configuration

  /**
   * The jurisdiction every call stays in; null (the default) for none. A call's
   * {@link dev.stateline.CallOptions#residency()} can only narrow it: the call runs where both
   * allow, so no call or session option can take a call outside what is configured here.
   */
  public StandardPolicy residency(Jurisdiction residency) {
    return copy(residency, hosting, allowances, preferred, budget, estimator, custom, removed);
  }

  /** Lets {@code kind} calls run on targets of {@code hosting}, for every alias. */
  public StandardPolicy allow(CallKind kind, Target.Hosting hosting) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(hosting, "hosting");
    Map<CallKind, Set<Target.Hosting>> m = new EnumMap<>(this.hosting);
    EnumSet<Target.Hosting> set = EnumSet.copyOf(m.get(kind));
    set.add(hosting);
    m.put(kind, Collections.unmodifiableSet(set));
    return copy(residency, Collections.unmodifiableMap(m), allowances, preferred, budget, estimator, custom, removed);
  }

  /**
   * Lets {@code kind} calls run on targets of {@code provider} (as in {@link Target#provider()}),
   * for every alias. For example {@code allowProvider(CallKind.STATELESS, "openai")}.
   */
  public StandardPolicy allowProvider(CallKind kind, String provider) {
    return addAllowance(new HostingRule.Allowance(null, Objects.requireNonNull(kind, "kind"), requireText(provider, "provider")));
  }

  /**
   * Lets {@code kind} calls for model {@code alias} run on targets of {@code provider}. For example
   * {@code allowProvider("gpt-4.1", CallKind.STATELESS, "openai")} sends stateless gpt-4.1 calls to
   * OpenAI directly as well as to Azure.
   */
  public StandardPolicy allowProvider(String alias, CallKind kind, String provider) {
    return addAllowance(new HostingRule.Allowance(requireText(alias, "alias"), Objects.requireNonNull(kind, "kind"),
        requireText(provider, "provider")));
  }

  private StandardPolicy addAllowance(HostingRule.Allowance a) {
    List<HostingRule.Allowance> list = new ArrayList<>(allowances);
    list.add(a);
    return copy(residency, hosting, List.copyOf(list), preferred, budget, estimator, custom, removed);
  }

  /**
   * Ranks the named targets first, in this order, ahead of all others (replacing any earlier
   * preference). Names must belong to the client's targets.
   */
  public StandardPolicy prefer(String... targets) {
    List<String> list = new ArrayList<>();
    for (String t : targets) {
      list.add(requireText(t, "preferred target"));
    }
    if (new LinkedHashSet<>(list).size() != list.size()) {
      throw new IllegalArgumentException("prefer() names a target twice: " + list);
    }
    return copy(residency, hosting, allowances, List.copyOf(list), budget, estimator, custom, removed);
  }

  /** The spend guard consulted for every eligible target; {@link BudgetGuard#unlimited()} by default. */
  public StandardPolicy budget(BudgetGuard budget) {
    return copy(residency, hosting, allowances, preferred, Objects.requireNonNull(budget, "budget"), estimator,
        custom, removed);
  }

  /**
   * Adds (or replaces) the {@value #QUOTA} rule over {@code guard}: a target whose quota is used up
   * is excluded, and targets with little quota left rank after the others, just before
   * {@value #PREFERENCE} (at the end if that rule was removed).
   */
  public StandardPolicy quota(QuotaGuard guard) {
    QuotaRule rule = new QuotaRule(Objects.requireNonNull(guard, "guard"));
    StandardPolicy p = this;
    for (Placed placed : custom) {
      if (placed.rule.name().equals(QUOTA)) {
        p = without(QUOTA);
        break;
      }
    }
    return p.ruleNames().contains(PREFERENCE) ? p.withRuleBefore(PREFERENCE, rule) : p.withRule(rule);
  }

  /** How prompts are measured for context windows and price; {@link TokenEstimator#approximate()} by default. */
  public StandardPolicy tokenEstimator(TokenEstimator estimator) {
    return copy(residency, hosting, allowances, preferred, budget, Objects.requireNonNull(estimator, "estimator"),
        custom, removed);
  }

  /**
   * Adds a rule at the end of the list: its filter runs after the built-in ones, its ranking breaks
   * ties after price.
   *
   * @throws IllegalArgumentException if a rule of that name exists
   */
  public StandardPolicy withRule(Rule rule) {
    return insert(rule, null);
  }

  /**
   * Adds a rule just before the named one (built-in or yours), to rank ahead of it; for example
   * {@code withRuleBefore(StandardPolicy.LATENCY, myRule)}.
   *
   * @throws IllegalArgumentException if no rule has that name, or one has the new rule's name
   */
  public StandardPolicy withRuleBefore(String existing, Rule rule) {
    boolean found = false;
    for (Rule r : rules) {
      if (r.name().equals(existing)) {
        found = true;
        break;
      }
    }
    if (!found) {
      throw new IllegalArgumentException("there is no rule named '" + existing + "'; rules are " + ruleNames());
    }
    return insert(rule, existing);
  }

  private StandardPolicy insert(Rule rule, String before) {
    Objects.requireNonNull(rule, "rule");
    String name = requireText(rule.name(), "rule name");
    for (Rule r : rules) {
      if (r.name().equals(name)) {
        throw new IllegalArgumentException("a rule named '" + name + "' exists already");
      }
    }
    if (REMOVABLE.contains(name) || MODEL.equals(name) || RESIDENCY.equals(name)) {
      throw new IllegalArgumentException("'" + name + "' is the name of a built-in rule; pick another");
    }
    List<Placed> list = new ArrayList<>(custom);
    list.add(new Placed(rule, before));
    return copy(residency, hosting, allowances, preferred, budget, estimator, List.copyOf(list), removed);
  }

  /**
   * Removes a rule: one of yours, or a built-in one of {@value #HOSTING}, {@value #CAPABILITIES},
   * {@value #HEALTH}, {@value #BUDGET}, {@value #AFFINITY}, {@value #PREFERENCE}, {@value #LATENCY},
   * {@value #PRICE}. The {@value #MODEL} and {@value #RESIDENCY} rules cannot be removed (set
   * {@code residency(null)} for no default jurisdiction).
   *
   * @throws IllegalArgumentException for an unknown or irremovable rule
   */
  public StandardPolicy without(String ruleName) {
    List<Placed> list = new ArrayList<>(custom);
    if (list.removeIf(p -> p.rule.name().equals(ruleName))) {
      return copy(residency, hosting, allowances, preferred, budget, estimator, List.copyOf(list), removed);
    }
    if (!REMOVABLE.contains(ruleName)) {
      throw new IllegalArgumentException("cannot remove rule '" + ruleName + "'; removable rules are "
          + new java.util.TreeSet<>(REMOVABLE) + " and your own");
    }
    Set<String> set = new LinkedHashSet<>(removed);
    set.add(ruleName);
    return copy(residency, hosting, allowances, preferred, budget, estimator, custom, Set.copyOf(set));
  }

  // ---------------------------------------------------------------- accessors

  /** The default jurisdiction, or null. */
  public Jurisdiction residency() {
    return residency;
  }

  /** The targets ranked first, in order. */
  public List<String> preferred() {
    return preferred;
  }

  public BudgetGuard budget() {
    return budget;
  }

  public TokenEstimator tokenEstimator() {
    return estimator;
  }

  /**
   * The rules in order: filters run in this order (the {@value #MODEL}, {@value #HOSTING} and
   * {@value #RESIDENCY} verdicts, precomputed, come first regardless), and ranking keys compare in
   * this order.
   */
  public List<Rule> rules() {
    return rules;
  }

  private List<String> ruleNames() {
    List<String> names = new ArrayList<>();
    for (Rule r : rules) {
      names.add(r.name());
    }
    return names;
  }

  private List<Rule> assemble() {
    List<Rule> builtIn = new ArrayList<>();
    builtIn.add(new ModelRule());
    if (!removed.contains(HOSTING)) {
      builtIn.add(new HostingRule(hosting, allowances));
    }
    builtIn.add(new ResidencyRule(residency));
    if (!removed.contains(CAPABILITIES)) {
      builtIn.add(new CapabilitiesRule());
    }
    if (!removed.contains(HEALTH)) {
      builtIn.add(new HealthRule());
    }
    if (!removed.contains(BUDGET)) {
      builtIn.add(new BudgetRule(budget));
    }
    if (!removed.contains(AFFINITY)) {
      builtIn.add(new AffinityRule());
    }
    if (!removed.contains(PREFERENCE)) {
      builtIn.add(new PreferenceRule(preferred));
    }
    if (!removed.contains(LATENCY)) {
      builtIn.add(new LatencyRule());
    }
    if (!removed.contains(PRICE)) {
      builtIn.add(new PriceRule());
    }
    List<Rule> out = new ArrayList<>(builtIn);
    for (Placed p : custom) {
      int at = out.size();
      if (p.before != null) {
        for (int i = 0; i < out.size(); i++) {
          if (out.get(i).name().equals(p.before)) {
            at = i;
            break;
          }
        }
      }
      out.add(at, p.rule);
    }
    return List.copyOf(out);
  }

  private static String requireText(String s, String what) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException(what + " must be non-blank");
    }
    return s;
  }

  // ---------------------------------------------------------------- placing

  /** Binds to {@code targets} on the fly; clients bind once instead (see {@link #bind}). */
  @Override
  public Placement place(ModelCall call, List<Target> targets) {
    return place(PlacementContext.of(call, targets));
  }

  /** Binds to the context's targets on the fly; clients bind once instead (see {@link #bind}). */
  @Override
  public Placement place(PlacementContext context) {
    return bind(context.targets()).place(context);
  }

  /**
   * Binds every rule to {@code targets}: what the client places its calls with.
   *
   * @throws IllegalArgumentException if {@link #prefer} names a target that is not among them
   */
  @Override
  public PlacementPolicy bind(List<Target> targets) {
    return new BoundPolicy(this, targets);
  }

  /**
   * The {@value #RESIDENCY} rule's verdict: null if {@code target} may take a call bound to
   * {@code jurisdiction} (or to none), otherwise why not. The client applies the same verdict to the
   * order of whatever policy it has (fail closed), so that what "in the jurisdiction" means is
   * decided in one place. Judges the target's region and every
   * {@linkplain Target#processingScope(String) processing scope} it declares.
   */
  public static String residencyVerdict(Jurisdiction jurisdiction, Target target) {
    return ResidencyRule.verdict(jurisdiction, Objects.requireNonNull(target, "target"), null);
  }

  /**
   * The {@value #RESIDENCY} rule's verdict on a call for model {@code alias}: null if
   * {@code target} may take it under {@code jurisdiction} (or none), judging the target's region and
   * the scope it may process that alias in ({@link Target#processingScope(String)}); otherwise why
   * not. What the client applies to every placement, and so to every failover.
   */
  public static String residencyVerdict(Jurisdiction jurisdiction, Target target, String alias) {
    return ResidencyRule.verdict(jurisdiction, Objects.requireNonNull(target, "target"), alias);
  }

  @Override
  public String toString() {
    return "StandardPolicy[rules=" + ruleNames() + (residency == null ? "" : ", residency=" + residency.name())
        + (preferred.isEmpty() ? "" : ", prefer=" + preferred) + "]";
  }

  private record Placed(Rule rule, String before) {}
}
