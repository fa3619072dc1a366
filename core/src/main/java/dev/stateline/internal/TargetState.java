package dev.stateline.internal;

import dev.stateline.Target;
import dev.stateline.placement.CircuitBreakerPolicy;
import dev.stateline.placement.CircuitState;
import dev.stateline.placement.TargetHealth;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one client observes about one target: its circuit breaker, its in-flight calls (the
 * bulkhead) and the smoothed latency of its successful attempts. The pipeline feeds it after every
 * attempt; placement reads it through {@link TargetHealth}. Thread-safe.
 */
public final class TargetState implements TargetHealth {
  /** Weight of a new latency sample in the moving average. */
  static final double ALPHA = 0.3;

  private final Target target;
  private final CircuitBreaker breaker;
  private final int maxInFlight;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong latency = new AtomicLong(Double.doubleToRawLongBits(-1));
  private final AtomicLong streamLatency = new AtomicLong(Double.doubleToRawLongBits(-1));

  public TargetState(Target target, CircuitBreakerPolicy policy, InstantSource clock) {
    this.target = target;
    this.breaker = new CircuitBreaker(policy, clock);
    this.maxInFlight = target.maxConcurrentCalls();
  }

  public Target target() {
    return target;
  }

  public CircuitBreaker breaker() {
    return breaker;
  }

  /** Takes a slot of the bulkhead; false if the target is full. */
  public boolean tryEnter() {
    if (maxInFlight == 0) {
      inFlight.incrementAndGet();
      return true;
    }
    for (;;) {
      int n = inFlight.get();
      if (n >= maxInFlight) {
        return false;
      }
      if (inFlight.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /** Gives a bulkhead slot back. */
  public void exit() {
    inFlight.decrementAndGet();
  }

  /** Adds a latency sample of a successful attempt. */
  public void recordLatency(boolean streaming, long nanos) {
    AtomicLong a = streaming ? streamLatency : latency;
    for (;;) {
      long bits = a.get();
      double old = Double.longBitsToDouble(bits);
      double next = old < 0 ? nanos : old + ALPHA * (nanos - old);
      if (a.compareAndSet(bits, Double.doubleToRawLongBits(next))) {
        return;
      }
    }
  }

  @Override
  public CircuitState circuitState() {
    return breaker.state();
  }

  @Override
  public boolean acceptsCalls() {
    return breaker.acceptsCalls();
  }

  @Override
  public long latencyNanos(boolean streaming) {
    double d = Double.longBitsToDouble((streaming ? streamLatency : latency).get());
    return d < 0 ? -1 : (long) d;
  }

  @Override
  public int inFlight() {
    return inFlight.get();
  }

  @Override
  public int maxInFlight() {
    return maxInFlight;
  }

  @Override
  public String summary() {
    return breaker.summary();
  }

  @Override
  public String toString() {
    long l = latencyNanos(false);
    long s = latencyNanos(true);
    return "TargetState[" + target.name() + ", " + breaker.summary() + ", inFlight=" + inFlight.get()
        + (maxInFlight == 0 ? "" : "/" + maxInFlight)
        + (l < 0 ? "" : ", latency=" + l / 1_000_000 + "ms")
        + (s < 0 ? "" : ", firstEvent=" + s / 1_000_000 + "ms") + "]";
  }
}
