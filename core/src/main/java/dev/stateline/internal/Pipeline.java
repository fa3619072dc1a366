package dev.stateline.internal;

import dev.stateline.Interceptor;
import dev.stateline.RetryPolicy;
import dev.stateline.Target;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.NoEligibleTargetException;
import dev.stateline.error.StatelineException;
import dev.stateline.placement.Placement;
import dev.stateline.placement.PlacementPolicy;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's call pipeline: call interceptors, then placement and failover, then per target the
 * retry interceptor, the target interceptors and the model.
 *
 * <pre>
 *   call interceptors ──▶ placement + failover ──▶ for each target in order:
 *                                                  retry ──▶ target interceptors ──▶ model
 * </pre>
 *
 * Immutable and thread-safe; one per client.
 */
public final class Pipeline {
  private static final Logger LOG = LoggerFactory.getLogger("dev.stateline.failover");

  private final List<Target> targets;
  private final Map<String, Target> byName;
  private final List<Interceptor> callChain;
  private final List<Interceptor> targetInterceptors;
  private final PlacementPolicy placement;
  private final RetryPolicy retryPolicy;

  public Pipeline(List<Target> targets, List<Interceptor> callInterceptors,
      List<Interceptor> targetInterceptors, PlacementPolicy placement, RetryPolicy retryPolicy) {
    this.targets = List.copyOf(targets);
    Map<String, Target> map = new LinkedHashMap<>();
    for (Target t : this.targets) {
      if (map.put(t.name(), t) != null) {
        throw new IllegalArgumentException("two targets are named '" + t.name() + "'; names must be unique");
      }
    }
    this.byName = map;
    List<Interceptor> chain = new ArrayList<>(callInterceptors);
    chain.add(chain2 -> route(chain2.call()));
    this.callChain = List.copyOf(chain);
    this.targetInterceptors = List.copyOf(targetInterceptors);
    this.placement = placement;
    this.retryPolicy = retryPolicy;
  }

  public List<Target> targets() {
    return targets;
  }

  /** Runs {@code call} through the whole pipeline. */
  public EventSource execute(ModelCall call) {
    return RealChain.run(callChain, call);
  }

  private EventSource route(ModelCall call) {
    Placement decided = placement.place(call, targets);
    if (decided == null) {
      throw new IllegalStateException("the placement policy returned null");
    }
    if (!decided.hasEligibleTarget()) {
      throw new NoEligibleTargetException(decided);
    }
    AttemptLog log = new AttemptLog();
    List<String> order = decided.order();
    for (int i = 0; i < order.size(); i++) {
      Target target = byName.get(order.get(i));
      if (target == null) {
        throw new IllegalStateException("the placement policy named unknown target '" + order.get(i) + "'");
      }
      try {
        call.cancellation().throwIfCancelled();
        List<Interceptor> links = new ArrayList<>(targetInterceptors.size() + 2);
        links.add(new RetryInterceptor(retryPolicy, log));
        links.addAll(targetInterceptors);
        links.add(ModelLink.INSTANCE);
        EventSource source = RealChain.run(links, call.withTarget(target, 1));
        return new Routed(source, target, decided, log);
      } catch (StatelineException e) {
        e.recordRoute(target.name(), decided, log.snapshot());
        boolean last = i == order.size() - 1;
        if (!e.isRetryable() || last) {
          throw e;
        }
        LOG.info("call={} failing over from target={} to target={} after {}",
            call.callId(), target.name(), order.get(i + 1), e.getClass().getSimpleName());
      }
    }
    throw new AssertionError("unreachable");
  }

  /** Stamps where the call ran on its answer, or on the error that ends it. */
  private static final class Routed implements EventSource {
    private final EventSource delegate;
    private final Target target;
    private final Placement placement;
    private final AttemptLog log;

    Routed(EventSource delegate, Target target, Placement placement, AttemptLog log) {
      this.delegate = delegate;
      this.target = target;
      this.placement = placement;
      this.log = log;
    }

    @Override
    public ChatEvent next() {
      ChatEvent e;
      try {
        e = delegate.next();
      } catch (StatelineException ex) {
        throw ex.recordRoute(target.name(), placement, log.snapshot());
      }
      if (e instanceof ChatEvent.Completed c) {
        ChatResponse r = c.response();
        return new ChatEvent.Completed(r.toBuilder()
            .target(target.name())
            .provider(r.provider() == null ? target.provider() : r.provider())
            .placement(placement)
            .attempts(log.snapshot())
            .build());
      }
      return e;
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
