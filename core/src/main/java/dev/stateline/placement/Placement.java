package dev.stateline.placement;

import java.util.List;
import java.util.Objects;

/**
 * Where a call runs and why: the primary target, the fallbacks in order, and a {@link Decision}
 * for every target considered, eligible or not.
 *
 * <p>Attached to every response ({@code ChatResponse.placement()}) and every failure
 * ({@code StatelineException.placement()}). Immutable and thread-safe.
 */
public final class Placement {
  private final String alias;
  private final CallKind kind;
  private final List<String> order;
  private final List<Decision> decisions;

  /**
   * @param alias the model alias the call asked for
   * @param kind stateless or stateful
   * @param order eligible targets' names, best first; may be empty only for a failed placement
   * @param decisions one per target considered
   */
  public Placement(String alias, CallKind kind, List<String> order, List<Decision> decisions) {
    this.alias = Objects.requireNonNull(alias, "alias");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.order = List.copyOf(order);
    this.decisions = List.copyOf(decisions);
  }

  public String alias() {
    return alias;
  }

  public CallKind kind() {
    return kind;
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

  /** Why each target was included or excluded. */
  public List<Decision> decisions() {
    return decisions;
  }

  /** The decisions that excluded a target. */
  public List<Decision> exclusions() {
    return decisions.stream().filter(d -> !d.eligible()).toList();
  }

  /** True if at least one target may take the call. */
  public boolean hasEligibleTarget() {
    return !order.isEmpty();
  }

  @Override
  public String toString() {
    return "Placement[" + alias + " " + kind + " -> " + order + ", excluded="
        + exclusions().stream().map(d -> d.target() + " (" + d.reason() + ")").toList() + "]";
  }

  /**
   * The verdict on one target.
   *
   * @param target the target's name
   * @param eligible whether it may take the call
   * @param rule the rule that decided (for exclusions) or ranked it
   * @param reason a human-readable explanation, without secrets or content
   */
  public record Decision(String target, boolean eligible, String rule, String reason) {
    public Decision {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
