package dev.stateline.placement;

import dev.stateline.Target;
import dev.stateline.spi.ModelCall;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides, for one call, which targets may take it and in what order.
 *
 * <p>The client asks its policy once per call, before the first attempt, and tries the resulting
 * {@link Placement#order()} in turn (the primary, then each fallback). A placement with no eligible
 * target fails the call with a {@link dev.stateline.error.NoEligibleTargetException}; it is never
 * silently routed elsewhere.
 *
 * <p>Implementations must be thread-safe, fast, and free of I/O: this runs on every call.
 */
@FunctionalInterface
public interface PlacementPolicy {

  /**
   * @param call the call, not yet placed ({@link ModelCall#target()} is null)
   * @param targets every target of the client, in the order they were declared
   * @return a placement naming only targets from {@code targets}
   */
  Placement place(ModelCall call, List<Target> targets);

  /**
   * The simplest policy: every target that serves the alias, in the order they were declared to the
   * client; the first is the primary, the rest are fallbacks.
   */
  static PlacementPolicy declarationOrder() {
    return (call, targets) -> {
      String alias = call.request().model();
      List<String> order = new ArrayList<>(targets.size());
      List<Placement.Decision> decisions = new ArrayList<>(targets.size());
      for (Target t : targets) {
        if (t.serves(alias)) {
          order.add(t.name());
          decisions.add(new Placement.Decision(t.name(), true, "declaration-order",
              "serves '" + alias + "' as '" + t.modelFor(alias) + "', declared #" + order.size()));
        } else {
          decisions.add(new Placement.Decision(t.name(), false, "model",
              "does not serve model alias '" + alias + "'"));
        }
      }
      return new Placement(alias, call.kind(), order, decisions);
    };
  }
}
