package dev.stateline;

import dev.stateline.error.CallCancelledException;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A one-way signal that a call should stop. Pass one in {@link CallOptions} to cancel a call from
 * another thread; the futures of {@link StatelineClient#chatAsync} cancel theirs when cancelled.
 *
 * <p>Providers {@linkplain #onCancel(Runnable) register} what stops their work (cancelling the HTTP
 * call); the pipeline checks it between attempts and wakes from backoff waits when it fires.
 * Thread-safe; cancelling twice is harmless.
 */
public final class Cancellation {
  private final CountDownLatch latch = new CountDownLatch(1);
  private final CopyOnWriteArrayList<Runnable> hooks = new CopyOnWriteArrayList<>();

  /** A new, not yet cancelled signal. */
  public Cancellation() {}

  /**
   * Fires the signal: runs every registered hook once, on this thread.
   *
   * @return true if this call cancelled it, false if it was cancelled already
   */
  public boolean cancel() {
    synchronized (this) {
      if (latch.getCount() == 0) {
        return false;
      }
      latch.countDown();
    }
    for (Runnable hook : hooks) {
      runQuietly(hook);
    }
    hooks.clear();
    return true;
  }

  public boolean isCancelled() {
    return latch.getCount() == 0;
  }

  /**
   * Registers {@code hook} to run when the signal fires; runs it at once if it has fired already.
   *
   * @return a handle whose {@code close()} removes the hook
   */
  public Registration onCancel(Runnable hook) {
    synchronized (this) {
      if (latch.getCount() != 0) {
        hooks.add(hook);
        return () -> hooks.remove(hook);
      }
    }
    runQuietly(hook);
    return () -> {};
  }

  /** @throws CallCancelledException if the signal has fired */
  public void throwIfCancelled() {
    if (isCancelled()) {
      throw new CallCancelledException("the call was cancelled", null);
    }
  }

  /**
   * Waits up to {@code timeout}, waking early if the signal fires.
   *
   * @throws CallCancelledException if the signal fires or the thread is interrupted while waiting
   */
  public void sleep(Duration timeout) {
    try {
      if (latch.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new CallCancelledException("the call was cancelled while waiting to retry", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CallCancelledException("interrupted while waiting to retry", e);
    }
  }

  private static void runQuietly(Runnable hook) {
    try {
      hook.run();
    } catch (RuntimeException ignored) {
      // A failing hook must not stop the others from running.
    }
  }

  /** Removes a hook registered with {@link #onCancel(Runnable)}. */
  @FunctionalInterface
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }
}
