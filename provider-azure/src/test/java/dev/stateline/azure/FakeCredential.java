/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * A {@link TokenCredential} for tests: checks the requested scope, counts requests, issues
 * numbered tokens that expire {@code lifetime} after the (controllable) clock's now, and can be made
 * to fail or to block until released. Only the reactive {@code getToken} is implemented, so callers
 * go through {@code TokenCredential}'s default {@code getTokenSync} as with most third-party
 * credentials.
 */
public final class FakeCredential implements TokenCredential {
  private final String expectedScope;
  private final Clock clock;
  private final AtomicInteger calls = new AtomicInteger();
  private final List<List<String>> scopesSeen = new CopyOnWriteArrayList<>();
  private final List<String> issued = new CopyOnWriteArrayList<>();
  private volatile Duration lifetime = Duration.ofHours(1);
  private volatile RuntimeException failure;
  private volatile CountDownLatch gate;
  private volatile Consumer<String> onIssue = t -> {};
  /** Counted down when a request enters, before it waits on the gate. */
  public final CountDownLatch entered = new CountDownLatch(1);

  public FakeCredential(String expectedScope, Clock clock) {
    this.expectedScope = Objects.requireNonNull(expectedScope);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public Mono<AccessToken> getToken(TokenRequestContext request) {
    return Mono.fromCallable(() -> issue(request));
  }

  private AccessToken issue(TokenRequestContext request) throws InterruptedException {
    int n = calls.incrementAndGet();
    scopesSeen.add(List.copyOf(request.getScopes()));
    entered.countDown();
    CountDownLatch g = gate;
    if (g != null) {
      g.await();
    }
    if (!request.getScopes().equals(List.of(expectedScope))) {
      throw new IllegalStateException("asked for scopes " + request.getScopes() + ", expected " + expectedScope);
    }
    RuntimeException f = failure;
    if (f != null) {
      throw f;
    }
    // Shaped like a JWT so that pattern-based masking is exercised too.
    String token = "eyJ0eXAiOiJKV1QifQ.eyJuIjoi" + n + "In0.fake-signature-" + n;
    issued.add(token);
    onIssue.accept(token);
    return new AccessToken(token, clock.instant().plus(lifetime).atOffset(ZoneOffset.UTC));
  }

  public FakeCredential lifetime(Duration lifetime) {
    this.lifetime = lifetime;
    return this;
  }

  /** Every later request fails with {@code failure} (null to succeed again). */
  public FakeCredential failWith(RuntimeException failure) {
    this.failure = failure;
    return this;
  }

  /** Requests block until the returned latch is counted down. */
  public CountDownLatch block() {
    CountDownLatch g = new CountDownLatch(1);
    gate = g;
    return g;
  }

  public FakeCredential unblock() {
    CountDownLatch g = gate;
    gate = null;
    if (g != null) {
      g.countDown();
    }
    return this;
  }

  /** Called with each token as it is issued (to tell the emulator to accept it). */
  public FakeCredential onIssue(Consumer<String> onIssue) {
    this.onIssue = onIssue;
    return this;
  }

  public int calls() {
    return calls.get();
  }

  public List<List<String>> scopesSeen() {
    return scopesSeen;
  }

  public List<String> issued() {
    return issued;
  }

  /** A clock tests move by hand. */
  public static final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;

    public MutableClock(Instant start) {
      this.now = new AtomicReference<>(start);
    }

    public void advance(Duration by) {
      now.updateAndGet(t -> t.plus(by));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
