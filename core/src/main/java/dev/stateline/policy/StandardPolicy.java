/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.policy;

import dev.stateline.Capabilities;
import dev.stateline.Price;
import dev.stateline.Target;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.TokenEstimator;
import dev.stateline.placement.Affinity;
import dev.stateline.placement.CallKind;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.placement.Placement.Decision;
import dev.stateline.placement.Placement;
import dev.stateline.placement.TargetHealth;
import dev.stateline.spi.ModelCall;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
 * <p>The {@value #MODEL}, {@value #HOSTING} and {@value #RESIDENCY} verdicts depend only on the
 * alias, the kind of call and the jurisdiction, so they are computed once per alias when the client
 * is built ({@link #bind}); the other rules run per call, without I/O and with little allocation.
 * Your own rules ({@link #withRule}, {@link #withRuleBefore}) run after the built-in filters, and
 * rank where they sit in {@link #rules()}.
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
  /** Rule name: a call's affinity target first; a pinned call there only. */
  public static final String AFFINITY = "affinity";
  /** Rule name: targets named in {@link #prefer} first. */
  public static final String PREFERENCE = "preference";
  /** Rule name: faster targets first. */
  public static final String LATENCY = "latency";
  /** Rule name: cheaper targets first. */
  public static final String PRICE = "price";

  /** Output tokens assumed for ranking by price when the request sets no maximum. */
  static final int EXPECTED_OUTPUT_TOKENS = 512;
  private static final double LOG_LATENCY_BAND = Math.log(1.5);
  private static final int MAX_LAZY_PLANS = 1024;
  private static final Set<String> REMOVABLE =
      Set.of(HOSTING, CAPABILITIES, HEALTH, BUDGET, AFFINITY, PREFERENCE, LATENCY, PRICE);

  static final StandardPolicy DEFAULT = new StandardPolicy(null, defaultHosting(), List.of(), List.of(),
      BudgetGuard.unlimited(), TokenEstimator.approximate(), List.of(), Set.of());

  private final Jurisdiction residency;
  private final Map<CallKind, Set<Target.Hosting>> hosting;
  private final List<Allowance> allowances;
  private final List<String> preferred;
  private final BudgetGuard budget;
  private final TokenEstimator estimator;
  /** Custom rules with the built-in rule each goes before (null: at the end). */
  private final List<Placed> custom;
  private final Set<String> removed;
  private final List<Rule> rules;

  private StandardPolicy(Jurisdiction residency, Map<CallKind, Set<Target.Hosting>> hosting,
      List<Allowance> allowances, List<String> preferred, BudgetGuard budget, TokenEstimator estimator,
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
      List<Allowance> allowances, List<String> preferred, BudgetGuard budget, TokenEstimator estimator,
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
    return addAllowance(new Allowance(null, Objects.requireNonNull(kind, "kind"), requireText(provider, "provider")));
  }

  /**
   * Lets {@code kind} calls for model {@code alias} run on targets of {@code provider}. For example
   * {@code allowProvider("gpt-4.1", CallKind.STATELESS, "openai")} sends stateless gpt-4.1 calls to
   * OpenAI directly as well as to Azure.
   */
  public StandardPolicy allowProvider(String alias, CallKind kind, String provider) {
    return addAllowance(new Allowance(requireText(alias, "alias"), Objects.requireNonNull(kind, "kind"),
        requireText(provider, "provider")));
  }

  private StandardPolicy addAllowance(Allowance a) {
    List<Allowance> list = new ArrayList<>(allowances);
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
   * Precomputes the per-alias verdicts for {@code targets}.
   *
   * @throws IllegalArgumentException if {@link #prefer} names a target that is not among them
   */
  @Override
  public PlacementPolicy bind(List<Target> targets) {
    return new Bound(this, targets);
  }

  @Override
  public String toString() {
    return "StandardPolicy[rules=" + ruleNames() + (residency == null ? "" : ", residency=" + residency.name())
        + (preferred.isEmpty() ? "" : ", prefer=" + preferred) + "]";
  }

  private record Allowance(String alias, CallKind kind, String provider) {}

  private record Placed(Rule rule, String before) {}

  // ---------------------------------------------------------------- built-in rules

  /** The target serves the call's alias. */
  static final class ModelRule implements Rule {
    @Override
    public String name() {
      return MODEL;
    }

    @Override
    public String exclude(PlacementContext call, Target target) {
      return target.serves(call.alias()) ? null : "does not serve model alias '" + call.alias() + "'";
    }
  }

  /** Stateless calls to stateless hosts, stateful calls to stateful runtimes, plus allowances. */
  static final class HostingRule implements Rule {
    private final Map<CallKind, Set<Target.Hosting>> hosting;
    private final List<Allowance> allowances;

    HostingRule(Map<CallKind, Set<Target.Hosting>> hosting, List<Allowance> allowances) {
      this.hosting = hosting;
      this.allowances = allowances;
    }

    @Override
    public String name() {
      return HOSTING;
    }

    @Override
    public String exclude(PlacementContext call, Target target) {
      return verdict(call.alias(), call.kind(), target);
    }

    String verdict(String alias, CallKind kind, Target target) {
      Set<Target.Hosting> allowed = hosting.get(kind);
      if (allowed.contains(target.hosting())) {
        return null;
      }
      List<String> providers = new ArrayList<>();
      for (Allowance a : allowances) {
        if (a.kind == kind && (a.alias == null || a.alias.equals(alias))) {
          if (a.provider.equals(target.provider())) {
            return null;
          }
          providers.add(a.provider);
        }
      }
      return target.hosting() + " target (provider " + target.provider() + ") does not take " + kind
          + " calls; they go to " + allowed + (providers.isEmpty() ? "" : " or providers " + providers);
    }

    @Override
    public String toString() {
      return "Rule[hosting " + hosting + (allowances.isEmpty() ? "" : " + " + allowances) + "]";
    }
  }

  /** The target's region lies in the call's jurisdiction. */
  static final class ResidencyRule implements Rule {
    private final Jurisdiction residency;

    ResidencyRule(Jurisdiction residency) {
      this.residency = residency;
    }

    @Override
    public String name() {
      return RESIDENCY;
    }

    /** The policy's jurisdiction narrowed by the call's (never widened). */
    Jurisdiction effective(PlacementContext call) {
      return Jurisdiction.narrowed(residency, call.options().residency());
    }

    @Override
    public String exclude(PlacementContext call, Target target) {
      return verdict(effective(call), target);
    }

    static String verdict(Jurisdiction j, Target target) {
      if (j == null || j.allows(target.region())) {
        return null;
      }
      return target.region() == null
          ? "declares no region; calls bound to " + j.name() + " need one inside it"
          : "region " + target.region() + " is outside " + j.name();
    }
  }

  /** The target can do what the call needs. */
  static final class CapabilitiesRule implements Rule {
    @Override
    public String name() {
      return CAPABILITIES;
    }

    @Override
    public String exclude(PlacementContext call, Target target) {
      Capabilities c = target.capabilities();
      ChatRequest r = call.request();
      if (call.streaming() && !c.streaming()) {
        return "does not stream";
      }
      if (!c.tools() && !r.tools().isEmpty()) {
        return "does not support tools";
      }
      if (!c.jsonSchema() && call.needsJsonSchema()) {
        return "does not support JSON-schema output";
      }
      if (!c.imageInput() && call.needsImages()) {
        return "does not accept images";
      }
      if (!c.serverState() && r.usesServerState()) {
        return "holds no server-side state (previousResponseId/store)";
      }
      int max = c.maxContextTokens();
      if (max > 0) {
        long need = (long) call.estimatedInputTokens() + (r.maxOutputTokens() == null ? 0 : r.maxOutputTokens());
        if (need > max) {
          return "needs about " + need + " tokens; its context window is " + max;
        }
      }
      return null;
    }
  }

  /** The target's circuit is not open. */
  static final class HealthRule implements Rule {
    @Override
    public String name() {
      return HEALTH;
    }

    @Override
    public String exclude(PlacementContext call, Target target) {
      TargetHealth h = call.health(target);
      return h.acceptsCalls() ? null : "circuit breaker open: " + h.summary();
    }
  }

  /** The budget guard allows the spend. */
  static final class BudgetRule implements Rule {
    final BudgetGuard guard;

    BudgetRule(BudgetGuard guard) {
      this.guard = guard;
    }

    @Override
    public String name() {
      return BUDGET;
    }

    @Override
    public String exclude(PlacementContext call, Target target) {
      return guard.refuse(call, target);
    }
  }

  /** The affinity target first; a pinned call there only. */
  static final class AffinityRule implements Rule {
    @Override
    public String name() {
      return AFFINITY;
    }

    @Override
    public String exclude(PlacementContext call, Target target) {
      Affinity a = call.options().affinity();
      if (a != null && a.pinned() && !a.target().equals(target.name())) {
        return "the call is pinned to target '" + a.target() + "'";
      }
      return null;
    }

    @Override
    public long rank(PlacementContext call, Target target) {
      Affinity a = call.options().affinity();
      return a == null || a.target().equals(target.name()) ? 0 : 1;
    }
  }

  /** Targets named in prefer() first, in that order. */
  static final class PreferenceRule implements Rule {
    private final List<String> preferred;

    PreferenceRule(List<String> preferred) {
      this.preferred = preferred;
    }

    @Override
    public String name() {
      return PREFERENCE;
    }

    @Override
    public long rank(PlacementContext call, Target target) {
      int i = preferred.indexOf(target.name());
      return i < 0 ? preferred.size() : i;
    }
  }

  /** Faster targets first, in bands of 50%; unmeasured targets first. */
  static final class LatencyRule implements Rule {
    @Override
    public String name() {
      return LATENCY;
    }

    @Override
    public long rank(PlacementContext call, Target target) {
      return band(call.health(target).latencyNanos(call.streaming()));
    }

    static long band(long nanos) {
      return nanos <= 0 ? 0 : 1 + (long) (Math.log(nanos) / LOG_LATENCY_BAND);
    }
  }

  /** Cheaper calls first; unpriced targets after priced ones. */
  static final class PriceRule implements Rule {
    @Override
    public String name() {
      return PRICE;
    }

    @Override
    public long rank(PlacementContext call, Target target) {
      Price p = target.price();
      if (p == null) {
        return Long.MAX_VALUE;
      }
      return cost(call, p.inputPerMillion().doubleValue(), p.outputPerMillion().doubleValue());
    }

    static long cost(PlacementContext call, double inPerMillion, double outPerMillion) {
      Integer max = call.request().maxOutputTokens();
      double out = max == null ? EXPECTED_OUTPUT_TOKENS : max;
      // micro-units of the price currency per call
      return (long) ((call.estimatedInputTokens() * inPerMillion + out * outPerMillion));
    }
  }

  // ---------------------------------------------------------------- the bound policy

  /** The policy bound to one client's targets, with per-alias verdicts precomputed. */
  static final class Bound implements PlacementPolicy {
    private static final int CUSTOM = 0;
    private static final int CAPS = 1;
    private static final int HEALTH_CHECK = 2;
    private static final int BUDGET_CHECK = 3;
    private static final int AFFINITY_RULE = 4;
    private static final int PREFERENCE_RANK = 5;
    private static final int LATENCY_RANK = 6;
    private static final int PRICE_RANK = 7;

    private final StandardPolicy policy;
    private final List<Target> targetList;
    private final Target[] targets;
    private final String[] names;
    private final Map<String, Integer> index;
    private final HostingRule hosting;
    private final Jurisdiction residency;
    private final CapabilitiesRule capabilities = new CapabilitiesRule();
    private final BudgetGuard budget;
    private final Rule[] filters;
    private final int[] filterKinds;
    private final Rule[] rankers;
    private final int[] rankerKinds;
    private final long[] preference;
    private final boolean anyPreference;
    private final double[] inPrice;
    private final double[] outPrice;
    private final boolean pricesDiffer;
    private final ConcurrentHashMap<String, AliasPlan> plans = new ConcurrentHashMap<>();
    private volatile Narrowing lastNarrowing;

    Bound(StandardPolicy policy, List<Target> targetList) {
      this.policy = policy;
      this.targetList = targetList;
      this.targets = targetList.toArray(new Target[0]);
      int n = targets.length;
      this.names = new String[n];
      Map<String, Integer> idx = new HashMap<>();
      for (int i = 0; i < n; i++) {
        names[i] = targets[i].name();
        idx.put(names[i], i);
      }
      this.index = idx;
      HostingRule h = null;
      List<Rule> dyn = new ArrayList<>();
      List<Integer> dynKinds = new ArrayList<>();
      List<Rule> rank = new ArrayList<>();
      List<Integer> rankKinds = new ArrayList<>();
      BudgetGuard guard = BudgetGuard.unlimited();
      for (Rule r : policy.rules) {
        if (r instanceof HostingRule hr) {
          h = hr;
        } else if (r instanceof ModelRule || r instanceof ResidencyRule) {
          continue;
        } else if (r instanceof PreferenceRule) {
          rank.add(r);
          rankKinds.add(PREFERENCE_RANK);
        } else if (r instanceof LatencyRule) {
          rank.add(r);
          rankKinds.add(LATENCY_RANK);
        } else if (r instanceof PriceRule) {
          rank.add(r);
          rankKinds.add(PRICE_RANK);
        } else if (r instanceof AffinityRule) {
          dyn.add(r);
          dynKinds.add(AFFINITY_RULE);
          rank.add(r);
          rankKinds.add(AFFINITY_RULE);
        } else if (r instanceof BudgetRule b) {
          guard = b.guard;
          if (b.guard != BudgetGuard.unlimited()) {
            dyn.add(r);
            dynKinds.add(BUDGET_CHECK);
          }
        } else if (r instanceof CapabilitiesRule) {
          dyn.add(r);
          dynKinds.add(CAPS);
        } else if (r instanceof HealthRule) {
          dyn.add(r);
          dynKinds.add(HEALTH_CHECK);
        } else {
          dyn.add(r);
          dynKinds.add(CUSTOM);
          rank.add(r);
          rankKinds.add(CUSTOM);
        }
      }
      this.hosting = h;
      this.residency = policy.residency;
      this.budget = guard;
      this.filters = dyn.toArray(new Rule[0]);
      this.filterKinds = dynKinds.stream().mapToInt(Integer::intValue).toArray();
      this.rankers = rank.toArray(new Rule[0]);
      this.rankerKinds = rankKinds.stream().mapToInt(Integer::intValue).toArray();
      this.preference = new long[n];
      Arrays.fill(preference, policy.preferred.size());
      for (int p = 0; p < policy.preferred.size(); p++) {
        Integer i = idx.get(policy.preferred.get(p));
        if (i == null) {
          throw new IllegalArgumentException("prefer() names target '" + policy.preferred.get(p)
              + "', which is not one of the client's targets " + Arrays.toString(names));
        }
        preference[i] = p;
      }
      this.anyPreference = !policy.preferred.isEmpty();
      this.inPrice = new double[n];
      this.outPrice = new double[n];
      boolean differ = false;
      for (int i = 0; i < n; i++) {
        Price p = targets[i].price();
        inPrice[i] = p == null ? -1 : p.inputPerMillion().doubleValue();
        outPrice[i] = p == null ? -1 : p.outputPerMillion().doubleValue();
        differ |= i > 0 && (inPrice[i] != inPrice[0] || outPrice[i] != outPrice[0]);
      }
      this.pricesDiffer = differ;
      Set<String> aliases = new LinkedHashSet<>();
      for (Target t : targets) {
        aliases.addAll(t.models().keySet());
      }
      for (String alias : aliases) {
        plans.put(alias, new AliasPlan(alias));
      }
    }

    @Override
    public Placement place(ModelCall call, List<Target> targets) {
      return place(PlacementContext.of(call, targets));
    }

    @Override
    public PlacementPolicy bind(List<Target> targets) {
      return policy.bind(targets);
    }

    /**
     * The policy's jurisdiction narrowed by the call's ({@link Jurisdiction#narrowed}); the last
     * result is kept, as a session or a client passes the same jurisdiction call after call.
     */
    private Jurisdiction effectiveResidency(Jurisdiction callJ) {
      if (callJ == null) {
        return residency;
      }
      Narrowing last = lastNarrowing;
      if (last != null && last.call() == callJ) {
        return last.effective();
      }
      Jurisdiction j = Jurisdiction.narrowed(residency, callJ);
      lastNarrowing = new Narrowing(callJ, j);
      return j;
    }

    private AliasPlan plan(String alias) {
      AliasPlan p = plans.get(alias);
      if (p == null) {
        p = new AliasPlan(alias);
        if (plans.size() < MAX_LAZY_PLANS) {
          AliasPlan raced = plans.putIfAbsent(alias, p);
          if (raced != null) {
            p = raced;
          }
        }
      }
      return p;
    }

    @Override
    public Placement place(PlacementContext ctx) {
      if (ctx.targets() != targetList && !ctx.targets().equals(targetList)) {
        return policy.bind(ctx.targets()).place(ctx);
      }
      ctx.estimator(policy.estimator);
      String alias = ctx.alias();
      CallKind kind = ctx.kind();
      KindPlan kp = plan(alias).forKind(kind);
      Jurisdiction j = effectiveResidency(ctx.options().residency());
      boolean override = j != residency && !j.equals(residency);
      Affinity affinity = ctx.options().affinity();
      int affinityIndex = -1;
      if (affinity != null) {
        Integer a = index.get(affinity.target());
        affinityIndex = a == null ? -2 : a;
      }

      int n = targets.length;
      Decision[] dynamic = null;
      int[] eligible = new int[n];
      int m = 0;
      for (int i = 0; i < n; i++) {
        if (kp.staticExclusion[i] != null) {
          continue;
        }
        if (override) {
          String why = ResidencyRule.verdict(j, targets[i]);
          if (why != null) {
            if (dynamic == null) {
              dynamic = new Decision[n];
            }
            dynamic[i] = Decision.excluded(names[i], RESIDENCY, why);
            continue;
          }
        } else if (kp.residencyExclusion[i] != null) {
          continue;
        }
        Decision excluded = runFilters(ctx, i, affinity, affinityIndex);
        if (excluded != null) {
          if (dynamic == null) {
            dynamic = new Decision[n];
          }
          dynamic[i] = excluded;
          continue;
        }
        eligible[m++] = i;
      }
      if (m > 1 && rankers.length > 0) {
        rank(ctx, eligible, m, affinityIndex);
      }
      List<String> order = kp.order(eligible, m, names);
      List<Decision> decisions;
      if (dynamic == null && !override) {
        decisions = kp.decisions;
      } else {
        Decision[] all = new Decision[n];
        for (int i = 0; i < n; i++) {
          Decision d = kp.staticExclusion[i];
          if (d == null && !override) {
            d = kp.residencyExclusion[i];
          }
          if (d == null && dynamic != null) {
            d = dynamic[i];
          }
          all[i] = d != null ? d : kp.eligible[i];
        }
        decisions = Arrays.asList(all);
      }
      boolean blocked = m == 0 && blockedByResidency(ctx, kp, j, override, dynamic, affinity, affinityIndex);
      return Placement.builder(alias, kind).order(order).decisions(decisions).residency(j)
          .affinity(affinity == null ? null : affinity.target()).blockedByResidency(blocked).build();
    }

    /** The dynamic filters in list order; built-in ones dispatched without virtual calls. */
    private Decision runFilters(PlacementContext ctx, int i, Affinity affinity, int affinityIndex) {
      ctx.at(i);
      Target t = targets[i];
      for (int k = 0; k < filters.length; k++) {
        String why;
        switch (filterKinds[k]) {
          case CAPS:
            why = capabilities.exclude(ctx, t);
            break;
          case HEALTH_CHECK: {
            TargetHealth h = ctx.healthAt(i);
            why = h.acceptsCalls() ? null : "circuit breaker open: " + h.summary();
            break;
          }
          case BUDGET_CHECK:
            why = budget.refuse(ctx, t);
            break;
          case AFFINITY_RULE:
            why = affinity != null && affinity.pinned() && affinityIndex != i
                ? "the call is pinned to target '" + affinity.target() + "'" : null;
            break;
          default:
            why = filters[k].exclude(ctx, t);
        }
        if (why != null) {
          return Decision.excluded(names[i], filters[k].name(), why);
        }
      }
      return null;
    }

    /**
     * True if some target excluded by residency passes every other rule: the call could have run,
     * but only outside its jurisdiction. Runs only when nothing is eligible.
     */
    private boolean blockedByResidency(PlacementContext ctx, KindPlan kp, Jurisdiction j, boolean override,
        Decision[] dynamic, Affinity affinity, int affinityIndex) {
      if (j == null) {
        return false;
      }
      for (int i = 0; i < targets.length; i++) {
        if (kp.staticExclusion[i] != null) {
          continue;
        }
        boolean outside = override
            ? dynamic != null && dynamic[i] != null && RESIDENCY.equals(dynamic[i].rule())
            : kp.residencyExclusion[i] != null;
        if (outside && runFilters(ctx, i, affinity, affinityIndex) == null) {
          return true;
        }
      }
      return false;
    }

    /**
     * Sorts eligible[0..m) by the rankers' keys, then by declaration order. Rankers that cannot tell
     * targets apart on this call are skipped; the sort is an insertion sort, as m is small.
     */
    private void rank(PlacementContext ctx, int[] eligible, int m, int affinityIndex) {
      int r = rankers.length;
      long[] keys = new long[m * r];
      boolean any = false;
      double expectedOut = -1;
      for (int k = 0; k < r; k++) {
        int kind = rankerKinds[k];
        if (kind == AFFINITY_RULE && affinityIndex < 0 || kind == PREFERENCE_RANK && !anyPreference
            || kind == PRICE_RANK && !pricesDiffer) {
          continue;
        }
        if (kind == PRICE_RANK) {
          Integer max = ctx.request().maxOutputTokens();
          expectedOut = max == null ? EXPECTED_OUTPUT_TOKENS : max;
        }
        for (int e = 0; e < m; e++) {
          int i = eligible[e];
          long key;
          switch (kind) {
            case AFFINITY_RULE:
              key = i == affinityIndex ? 0 : 1;
              break;
            case PREFERENCE_RANK:
              key = preference[i];
              break;
            case LATENCY_RANK:
              key = LatencyRule.band(ctx.healthAt(i).latencyNanos(ctx.streaming()));
              break;
            case PRICE_RANK:
              key = inPrice[i] < 0 ? Long.MAX_VALUE
                  : (long) (ctx.estimatedInputTokens() * inPrice[i] + expectedOut * outPrice[i]);
              break;
            default:
              ctx.at(i);
              key = rankers[k].rank(ctx, targets[i]);
          }
          keys[e * r + k] = key;
          any |= key != keys[k];
        }
      }
      if (!any) {
        return;
      }
      for (int a = 1; a < m; a++) {
        int cur = eligible[a];
        long[] row = Arrays.copyOfRange(keys, a * r, a * r + r);
        int b = a - 1;
        while (b >= 0 && compare(keys, b * r, row, eligible[b], cur, r) > 0) {
          eligible[b + 1] = eligible[b];
          System.arraycopy(keys, b * r, keys, (b + 1) * r, r);
          b--;
        }
        eligible[b + 1] = cur;
        System.arraycopy(row, 0, keys, (b + 1) * r, r);
      }
    }

    private static int compare(long[] keys, int offset, long[] row, int left, int right, int r) {
      for (int k = 0; k < r; k++) {
        int c = Long.compare(keys[offset + k], row[k]);
        if (c != 0) {
          return c;
        }
      }
      return Integer.compare(left, right);
    }

    /** Verdicts for one alias. */
    private final class AliasPlan {
      private final KindPlan stateless;
      private final KindPlan stateful;

      AliasPlan(String alias) {
        this.stateless = new KindPlan(alias, CallKind.STATELESS);
        this.stateful = new KindPlan(alias, CallKind.STATEFUL);
      }

      KindPlan forKind(CallKind kind) {
        return kind == CallKind.STATEFUL ? stateful : stateless;
      }
    }

    /** Verdicts for one alias and kind of call, under the policy's default jurisdiction. */
    private final class KindPlan {
      final Decision[] staticExclusion;
      final Decision[] residencyExclusion;
      final Decision[] eligible;
      final List<Decision> decisions;
      private volatile CachedOrder cachedOrder;

      KindPlan(String alias, CallKind kind) {
        int n = targets.length;
        staticExclusion = new Decision[n];
        residencyExclusion = new Decision[n];
        eligible = new Decision[n];
        Decision[] all = new Decision[n];
        List<String> passed = new ArrayList<>();
        if (hosting != null) {
          passed.add(HOSTING);
        }
        passed.add(RESIDENCY);
        for (Rule f : filters) {
          passed.add(f.name());
        }
        String passedText = "passed " + String.join(", ", passed);
        for (int i = 0; i < n; i++) {
          Target t = targets[i];
          if (!t.serves(alias)) {
            staticExclusion[i] = Decision.excluded(names[i], MODEL, "does not serve model alias '" + alias + "'");
          } else {
            String why = hosting == null ? null : hosting.verdict(alias, kind, t);
            if (why != null) {
              staticExclusion[i] = Decision.excluded(names[i], HOSTING, why);
            } else {
              String res = ResidencyRule.verdict(residency, t);
              if (res != null) {
                residencyExclusion[i] = Decision.excluded(names[i], RESIDENCY, res);
              }
            }
          }
          eligible[i] = t.serves(alias)
              ? Decision.eligible(names[i], "placement", "serves '" + alias + "' as '" + t.modelFor(alias) + "'; "
                  + passedText)
              : null;
          Decision d = staticExclusion[i] != null ? staticExclusion[i] : residencyExclusion[i];
          all[i] = d != null ? d : eligible[i];
        }
        decisions = List.of(all);
      }

      /** The names of eligible[0..m), reusing the last list if the order is the same. */
      List<String> order(int[] eligibleIdx, int m, String[] names) {
        CachedOrder c = cachedOrder;
        if (c != null && c.idx.length == m) {
          boolean same = true;
          for (int e = 0; e < m; e++) {
            if (c.idx[e] != eligibleIdx[e]) {
              same = false;
              break;
            }
          }
          if (same) {
            return c.names;
          }
        }
        if (m == 0) {
          return List.of();
        }
        String[] out = new String[m];
        for (int e = 0; e < m; e++) {
          out[e] = names[eligibleIdx[e]];
        }
        List<String> list = List.of(out);
        cachedOrder = new CachedOrder(Arrays.copyOf(eligibleIdx, m), list);
        return list;
      }
    }

    private record CachedOrder(int[] idx, List<String> names) {}

    private record Narrowing(Jurisdiction call, Jurisdiction effective) {}
  }
}
