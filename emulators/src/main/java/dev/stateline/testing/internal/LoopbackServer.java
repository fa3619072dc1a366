/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * The MockWebServer under an emulator: on loopback, with Nagle off, every request answered by one
 * handler, and the connections that carried requests counted. Started once; URLs name
 * {@code 127.0.0.1} (or the loopback address) rather than a host name.
 *
 * <p>Not an API: for the emulators of this module only. Thread-safe.
 */
public final class LoopbackServer implements AutoCloseable {
  private final MockWebServer server = new MockWebServer();
  private final AtomicInteger connections = new AtomicInteger();
  private boolean started;

  /** @param handler answers every request; runs on the server's connection threads */
  public LoopbackServer(Function<RecordedRequest, MockResponse> handler) {
    server.setServerSocketFactory(NoDelayServerSockets.FACTORY);
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        connections.accumulateAndGet(request.getConnectionIndex() + 1, Math::max);
        return handler.apply(request);
      }
    });
  }

  /** Starts listening on a free loopback port. Idempotent. */
  public synchronized void start() {
    if (!started) {
      try {
        server.start(InetAddress.getLoopbackAddress(), 0);
      } catch (IOException e) {
        throw new UncheckedIOException("the emulator could not start", e);
      }
      started = true;
    }
  }

  /** True once started. */
  public synchronized boolean started() {
    return started;
  }

  /**
   * An absolute URL on the server.
   *
   * @throws IllegalStateException before {@link #start()}
   */
  public HttpUrl url(String path) {
    if (!started()) {
      throw new IllegalStateException("start() the emulator first");
    }
    return server.url(path).newBuilder().host(InetAddress.getLoopbackAddress().getHostAddress()).build();
  }

  /** How many connections have carried requests so far. */
  public int connectionCount() {
    return connections.get();
  }

  @Override
  public void close() {
    server.close();
  }
}
