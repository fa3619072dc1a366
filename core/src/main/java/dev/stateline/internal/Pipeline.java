/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.internal;

import dev.stateline.Interceptor;
import dev.stateline.Price;
import dev.stateline.PriceBook;
import dev.stateline.RetryPolicy;
import dev.stateline.Target;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.BulkheadFullException;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.NoEligibleTargetException;
import dev.stateline.error.ResidencyViolationException;
import dev.stateline.error.StatelineException;
import dev.stateline.placement.Attempt;
import dev.stateline.placement.CircuitBreakerPolicy;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.placement.Placement;
import dev.stateline.placement.TargetHealth;
import dev.stateline.policy.PlacementContext;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.policy.StandardPolicy;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's call pipeline: call interceptors, then placement and failover, then per target the
 * bulkhead, the retry interceptor (with the circuit breaker), the target interceptors and the model.
 *
 * <pre>
 *   call interceptors ──▶ placement + failover ──▶ for each target in order:
 *                                                  bulkhead ──▶ retry + breaker ──▶ target interceptors ──▶ model
 * </pre>
 *
 * <p>Failover: a target is given up, and the next one in the placement's order tried, when its
 * failure is {@linkplain StatelineException#isRetryable() retryable} once its retries are spent
 * (throttling, 5xx, connect and read timeouts), or it is full ({@link BulkheadFullException}) or its
 * circuit is open. A non-retryable failure (an invalid request, a content filter, a credential, the
 * call's total timeout, a cancellation) ends the call. A stream never fails over after its first
 * event, because the retry interceptor returns only once it has one.
 *
 * <p>Telemetry hooks in at three levels: around the whole chain (call started, first token, call
 * finished or failed: {@link #execute(ModelCall, String)}), in placement and failover (placement
 * decided, attempt given up), and in the retry interceptor (attempt started, attempt retried). With
 * no listener configured the pipeline runs the same chain without creating any event.
 *
 * <p>Immutable and thread-safe; one per client.
 */
public final class Pipeline {
  private static final Logger LOG = LoggerFactory.getLogger("dev.stateline.failover");

  private final List<Target> targets;
  private final Map<String, Target> byName;
  private final Map<String, TargetState> stateByName;
  private final List<TargetState> states;
  private final List<Interceptor> callInterceptors;
  private final Interceptor untracedRoute = chain -> route(chain.call(), CallTrace.NONE);
  /** The target interceptors followed by the model link: what the retry link proceeds along. */
  private final List<Interceptor> targetLinks;
  private final PlacementPolicy placement;
  private final RetryPolicy retryPolicy;
  private final TelemetryHub telemetry;
  private final PriceBook priceBook;

  /** A pipeline with the default circuit breakers on the system clock. */
  public Pipeline(List<Target> targets, List<Interceptor> callInterceptors,
      List<Interceptor> targetInterceptors, PlacementPolicy placement, RetryPolicy retryPolicy) {
    this(targets, callInterceptors, targetInterceptors, placement, retryPolicy, CircuitBreakerPolicy.defaults(),
        InstantSource.system());
  }

  public Pipeline(List<Target> targets, List<Interceptor> callInterceptors,
      List<Interceptor> targetInterceptors, PlacementPolicy placement, RetryPolicy retryPolicy,
      CircuitBreakerPolicy circuitBreaker, InstantSource clock) {
    this(targets, callInterceptors, targetInterceptors, placement, retryPolicy, circuitBreaker, clock,
        new TelemetryHub(List.of(), clock), null);
  }

  /**
   * A pipeline with every part.
   *
   * @param telemetry the client's telemetry listeners (possibly none)
   * @param priceBook the prices to put costs on answers with, or null for the targets' own prices
   */
  public Pipeline(List<Target> targets, List<Interceptor> callInterceptors,
      List<Interceptor> targetInterceptors, PlacementPolicy placement, RetryPolicy retryPolicy,
      CircuitBreakerPolicy circuitBreaker, InstantSource clock, TelemetryHub telemetry, PriceBook priceBook) {
    this.targets = List.copyOf(targets);
    Map<String, Target> map = new LinkedHashMap<>();
    Map<String, TargetState> stateMap = new HashMap<>();
    List<TargetState> stateList = new ArrayList<>();
    LatencyClock latencyClock = new LatencyClock(clock);
    for (Target t : this.targets) {
      if (map.put(t.name(), t) != null) {
        throw new IllegalArgumentException("two targets are named '" + t.name() + "'; names must be unique");
      }
      TargetState s = new TargetState(t, circuitBreaker, clock, latencyClock);
      stateMap.put(t.name(), s);
      stateList.add(s);
    }
    this.byName = Collections.unmodifiableMap(map);
    this.stateByName = stateMap;
    this.states = List.copyOf(stateList);
    this.callInterceptors = List.copyOf(callInterceptors);
    List<Interceptor> links = new ArrayList<>(targetInterceptors);
    links.add(ModelLink.INSTANCE);
    this.targetLinks = List.copyOf(links);
    this.placement = placement.bind(this.targets);
    this.retryPolicy = retryPolicy;
    this.telemetry = telemetry;
    this.priceBook = priceBook;
  }

  public List<Target> targets() {
    return targets;
  }

  /** The observed health of the named target, or null if there is no such target. */
  public TargetHealth health(String target) {
    return stateByName.get(target);
  }

  /** Runs {@code call} through the whole pipeline. */
  public EventSource execute(ModelCall call) {
    return execute(call, null);
  }

  /**
   * Runs {@code call} through the whole pipeline.
   *
   * @param sessionId the session a turn belongs to (for telemetry), or null
   */
  public EventSource execute(ModelCall call, String sessionId) {
    if (!telemetry.enabled()) {
      return RealChain.run(callInterceptors, untracedRoute, call);
    }
    CallTrace trace = CallTrace.start(telemetry, byName, call, sessionId);
    EventSource source;
    try {
      source = RealChain.run(callInterceptors, chain -> route(chain.call(), trace), call);
    } catch (RuntimeException | Error e) {
      trace.failed(e);
      throw e;
    }
    return new Observed(source, trace);
  }

  /**
   * Places {@code call} as the pipeline would, without running it.
   *
   * @throws StatelineException if the policy (or one of its rules) throws
   */
  public Placement place(ModelCall call) {
    Placement decided;
    try {
      decided = placement.place(PlacementContext.of(call, targets, states));
    } catch (StatelineException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new StatelineException("the placement policy failed: " + e, ErrorInfo.NONE, false, e);
    }
    if (decided == null) {
      throw new IllegalStateException("the placement policy returned null");
    }
    return guardResidency(call, decided);
  }

  private EventSource route(ModelCall call, CallTrace trace) {
    trace.routed(call);
    Placement decided = place(call);
    trace.placed(decided);
    if (!decided.hasEligibleTarget()) {
      throw decided.blockedByResidency()
          ? new ResidencyViolationException(decided)
          : new NoEligibleTargetException(decided);
    }
    AttemptLog log = new AttemptLog();
    List<String> order = decided.order();
    for (int i = 0; i < order.size(); i++) {
      Target target = byName.get(order.get(i));
      TargetState state = stateByName.get(order.get(i));
      boolean entered = false;
      try {
        call.cancellation().throwIfCancelled();
        if (!state.tryEnter()) {
          log.add(new Attempt(target.name(), 1, Duration.ZERO, BulkheadFullException.class.getSimpleName(),
              Duration.ZERO));
          throw new BulkheadFullException("target '" + target.name() + "' already runs its maximum of "
              + state.maxInFlight() + " concurrent calls", state.maxInFlight());
        }
        entered = true;
        // The retry link runs first; the chain it proceeds along (target interceptors, then the
        // model) is the same for every call, so it is built once.
        ModelCall placed = call.withTarget(target, 1);
        EventSource source = new RetryInterceptor(retryPolicy, log, state, trace)
            .intercept(new RealChain(targetLinks, null, 0, placed));
        return new Routed(source, target, state, decided, log, priceOf(target, call.request().model()));
      } catch (StatelineException e) {
        if (entered) {
          state.exit();
        }
        e.recordRoute(target.name(), decided, log.snapshot());
        boolean last = i == order.size() - 1;
        if (!e.isRetryable() || last) {
          trace.gaveUp(target, log, e, null);
          throw e;
        }
        trace.gaveUp(target, log, e, order.get(i + 1));
        LOG.info("call={} failing over from target={} to target={} after {}",
            call.callId(), target.name(), order.get(i + 1), e.getClass().getSimpleName());
      } catch (RuntimeException | Error e) {
        if (entered) {
          state.exit();
        }
        throw e;
      }
    }
    throw new AssertionError("unreachable");
  }

  /** The price of {@code alias} on {@code target}: the price book's, else the target's own, else null. */
  private Price priceOf(Target target, String alias) {
    return priceBook != null ? priceBook.priceFor(target, alias) : target.price();
  }

  /**
   * Drops from the order any target outside the call's jurisdiction or the placement's, whatever
   * the policy said: residency fails closed even under a faulty custom policy.
   */
  private Placement guardResidency(ModelCall call, Placement p) {
    Jurisdiction callJ = call.options().residency();
    Jurisdiction placedJ = p.residency();
    if (callJ == null && placedJ == null) {
      for (String name : p.order()) {
        if (!byName.containsKey(name)) {
          throw new IllegalStateException("the placement policy named unknown target '" + name + "'");
        }
      }
      return p;
    }
    List<String> kept = null;
    List<Placement.Decision> decisions = null;
    List<String> order = p.order();
    for (int i = 0; i < order.size(); i++) {
      String name = order.get(i);
      Target t = byName.get(name);
      if (t == null) {
        throw new IllegalStateException("the placement policy named unknown target '" + name + "'");
      }
      Jurisdiction violated = callJ != null && !callJ.allows(t.region()) ? callJ
          : placedJ != null && !placedJ.allows(t.region()) ? placedJ : null;
      if (violated == null) {
        if (kept != null) {
          kept.add(name);
        }
        continue;
      }
      if (kept == null) {
        kept = new ArrayList<>(order.subList(0, i));
        decisions = new ArrayList<>(p.decisions());
      }
      LOG.warn("call={} placement policy chose target={} in {}, outside {}: dropped", call.callId(), name,
          t.region(), violated.name());
      Placement.Decision d = Placement.Decision.excluded(name, StandardPolicy.RESIDENCY,
          (t.region() == null ? "declares no region" : "region " + t.region()) + " is outside " + violated.name()
              + " (dropped by the client: the policy had admitted it)");
      boolean replaced = false;
      for (int k = 0; k < decisions.size(); k++) {
        if (decisions.get(k).target().equals(name)) {
          decisions.set(k, d);
          replaced = true;
        }
      }
      if (!replaced) {
        decisions.add(d);
      }
    }
    if (kept == null) {
      return p;
    }
    return p.toBuilder().order(kept).decisions(decisions).blockedByResidency(kept.isEmpty()).build();
  }

  /**
   * Stamps where the call ran on its answer, or on the error that ends it, and gives the target's
   * bulkhead slot back when the answer ends, fails or is closed.
   */
  private static final class Routed implements EventSource {
    private final EventSource delegate;
    private final Target target;
    private final TargetState state;
    private final Placement placement;
    private final AttemptLog log;
    private final Price price;
    private final AtomicBoolean released = new AtomicBoolean();

    Routed(EventSource delegate, Target target, TargetState state, Placement placement, AttemptLog log, Price price) {
      this.delegate = delegate;
      this.target = target;
      this.state = state;
      this.placement = placement;
      this.log = log;
      this.price = price;
    }

    private void release() {
      if (released.compareAndSet(false, true)) {
        state.exit();
      }
    }

    @Override
    public ChatEvent next() {
      ChatEvent e;
      try {
        e = delegate.next();
      } catch (StatelineException ex) {
        release();
        throw ex.recordRoute(target.name(), placement, log.snapshot());
      } catch (RuntimeException | Error ex) {
        release();
        throw ex;
      }
      if (e == null) {
        release();
      } else if (e instanceof ChatEvent.Completed c) {
        release();
        ChatResponse r = c.response();
        return new ChatEvent.Completed(r.toBuilder()
            .target(target.name())
            .provider(r.provider() == null ? target.provider() : r.provider())
            .placement(placement)
            .attempts(log.snapshot())
            .cost(price == null ? null : price.cost(r.usage()))
            .build());
      }
      return e;
    }

    @Override
    public void close() {
      try {
        delegate.close();
      } finally {
        release();
      }
    }
  }

  /**
   * The whole answer as the caller sees it, after the call interceptors: reports the first token,
   * the completion and any failure to the call's trace. Closing it before the answer is complete
   * reports the call as abandoned.
   */
  private static final class Observed implements EventSource {
    private final EventSource delegate;
    private final CallTrace trace;

    Observed(EventSource delegate, CallTrace trace) {
      this.delegate = delegate;
      this.trace = trace;
    }

    @Override
    public ChatEvent next() {
      ChatEvent e;
      try {
        e = delegate.next();
      } catch (RuntimeException | Error ex) {
        trace.failed(ex);
        throw ex;
      }
      if (e == null) {
        trace.endedWithoutCompletion();
      } else if (e instanceof ChatEvent.Completed c) {
        trace.finished(c.response());
      } else if (e instanceof ChatEvent.TextDelta || e instanceof ChatEvent.ToolCallDelta) {
        trace.firstToken();
      }
      return e;
    }

    @Override
    public void close() {
      try {
        delegate.close();
      } finally {
        trace.abandoned();
      }
    }
  }
}
