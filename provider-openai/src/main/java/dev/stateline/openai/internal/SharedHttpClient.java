/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * The process-wide OkHttp client that models use unless given their own: one connection pool and one
 * dispatcher for every OpenAI-wire model in the JVM. Reference-counted: each model
 * {@linkplain #acquire() acquires} it when built and {@linkplain #release releases} it when closed;
 * when the last lease goes, idle connections are evicted and the dispatcher's executor is shut
 * down, and the next acquire builds a fresh client. Not API; thread-safe.
 *
 * <p>Its pool keeps up to {@value #MAX_IDLE_CONNECTIONS} idle connections for 5 minutes (OkHttp's
 * default keeps 5): under hundreds of concurrent callers, 5 idle connections meant about one request
 * in seven opening a new connection (a TLS handshake each, in production), see docs/reliability.md.
 */
public final class SharedHttpClient {
  /** Idle connections kept for reuse, across all hosts. */
  public static final int MAX_IDLE_CONNECTIONS = 64;

  private static OkHttpClient client;
  private static int leases;

  private SharedHttpClient() {}

  /** The shared client, with one more lease on it. */
  public static synchronized OkHttpClient acquire() {
    if (client == null) {
      client = new OkHttpClient.Builder()
          .connectionPool(new ConnectionPool(MAX_IDLE_CONNECTIONS, 5, TimeUnit.MINUTES))
          .connectTimeout(Duration.ofSeconds(10))
          .readTimeout(Duration.ofSeconds(120))
          .writeTimeout(Duration.ofSeconds(120))
          .build();
    }
    leases++;
    return client;
  }

  /**
   * Gives one lease on {@code leased} back. Releasing a client that is no longer the shared one (a
   * stale lease) does nothing.
   */
  public static synchronized void release(OkHttpClient leased) {
    if (leased != client || leases == 0) {
      return;
    }
    leases--;
    if (leases == 0) {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
      client = null;
    }
  }

  /** How many leases are open (for tests and diagnostics). */
  public static synchronized int leases() {
    return leases;
  }
}
