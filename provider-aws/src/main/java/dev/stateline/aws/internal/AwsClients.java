/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * What the AWS clients Stateline builds share: the connect timeout and socket ceilings, and the
 * scheduler each target owns.
 *
 * <p>The scheduler is given to the SDK clients Stateline builds as their
 * {@code scheduledExecutorService} (the SDK runs its call timeouts on it) and runs Stateline's own
 * {@link StreamWatch}es. It is Stateline's, not the SDK's, so that {@code close()} can stop it at
 * once: the SDK's own scheduler is only {@code shutdown()} on close, and a call still in flight (or a
 * stream left open) kept its threads alive until that call's timeout task came due, up to the
 * call's whole total timeout after {@code close()}. Its threads are daemons named
 * {@code stateline-aws-<target>-N}, end after 30 s idle, and are stopped by {@link Scheduler#close()}
 * with {@code shutdownNow()}.
 */
public final class AwsClients {
  /** Connect timeout of the HTTP clients Stateline builds (a ceiling: each call's own is enforced below it). */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** Socket read timeout of the HTTP clients Stateline builds: a ceiling only. */
  public static final Duration SOCKET_TIMEOUT = Duration.ofMinutes(30);

  private AwsClients() {}

  /** A new scheduler for the target {@code target}. */
  public static Scheduler scheduler(String target) {
    return new Scheduler(target);
  }

  /** A target's scheduler: closing it stops it and its threads at once. */
  public static final class Scheduler extends ScheduledThreadPoolExecutor implements SdkAutoCloseable {
    Scheduler(String target) {
      super(2, daemons("stateline-aws-" + target + "-"));
      setRemoveOnCancelPolicy(true);
      setKeepAliveTime(30, TimeUnit.SECONDS);
      allowCoreThreadTimeOut(true);
      setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public void close() {
      shutdownNow();
    }
  }

  private static ThreadFactory daemons(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
