/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.azure.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.ClientAuthenticationException;
import dev.stateline.azure.AzureOpenAi;
import dev.stateline.azure.FakeCredential;
import dev.stateline.azure.FakeCredential.MutableClock;
import dev.stateline.error.AuthenticationException;
import dev.stateline.error.CallCancelledException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The Entra ID token cache on a hand-moved clock: fetch once, renew inside the margin before expiry
 * (while the old token still serves), one fetch for many concurrent callers, failures shared and
 * free of secrets.
 */
class TokenCacheTest {
  private static final String SCOPE = AzureOpenAi.DEFAULT_SCOPE;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
  private final FakeCredential credential = new FakeCredential(SCOPE, clock).lifetime(Duration.ofMinutes(60));
  private final TokenCache cache = new TokenCache("azure.ai.openai", credential, SCOPE, clock, Duration.ofMinutes(5));

  @Test
  void givenAFreshToken_whenAskedAgainAndAgain_thenTheCredentialIsAskedOnceForTheRightScope() {
    String first = cache.token();
    for (int i = 0; i < 50; i++) {
      clock.advance(Duration.ofSeconds(30));
      assertThat(cache.token()).isEqualTo(first);
    }
    assertThat(credential.calls()).isEqualTo(1);
    assertThat(credential.scopesSeen()).containsExactly(List.of(SCOPE));
  }

  @Test
  void givenATokenInsideTheRefreshMargin_whenAsked_thenItIsRenewedBeforeItExpires() {
    String first = cache.token();

    clock.advance(Duration.ofMinutes(54));
    assertThat(cache.token()).isEqualTo(first);
    assertThat(credential.calls()).isEqualTo(1);

    clock.advance(Duration.ofMinutes(2)); // 56 min: 4 min before expiry, inside the 5 min margin
    String renewed = cache.token();
    assertThat(renewed).isNotEqualTo(first);
    assertThat(credential.calls()).isEqualTo(2);
    assertThat(credential.issued()).containsExactly(first, renewed);
  }

  @Test
  void givenARenewalThatFails_thenTheStillValidTokenServes_andRenewalIsRetriedOnlyAfterAPause() {
    String first = cache.token();
    clock.advance(Duration.ofMinutes(56));
    credential.failWith(new ClientAuthenticationException("identity endpoint unreachable", null));

    assertThat(cache.token()).isEqualTo(first);
    assertThat(credential.calls()).isEqualTo(2);
    clock.advance(Duration.ofSeconds(10));
    assertThat(cache.token()).isEqualTo(first);
    assertThat(credential.calls()).isEqualTo(2); // no hammering within the retry pause

    clock.advance(Duration.ofSeconds(TokenCache.RETRY_SECONDS));
    credential.failWith(null);
    String renewed = cache.token();
    assertThat(renewed).isNotEqualTo(first);
    assertThat(credential.calls()).isEqualTo(3);
  }

  @Test
  void givenAnExpiredTokenAndAFailingCredential_thenAnAuthenticationErrorNamesTheScopeButNoSecret() {
    String first = cache.token();
    clock.advance(Duration.ofMinutes(61));
    credential.failWith(new ClientAuthenticationException("AADSTS7000215: Invalid client secret provided", null));

    Throwable failure = catchThrowable(cache::token);

    assertThat(failure).isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("could not get a Microsoft Entra ID token for scope " + SCOPE)
        .hasMessageContaining("ClientAuthenticationException: AADSTS7000215")
        .hasMessageNotContaining(first);
    assertThat(((AuthenticationException) failure).isRetryable()).isFalse();
    assertThat(((AuthenticationException) failure).provider()).isEqualTo("azure.ai.openai");
    assertThat(cache.toString()).doesNotContain(first);
  }

  @Test
  void givenThirtyTwoThreadsWithoutAToken_whenTheyAskAtOnce_thenOneFetchServesThemAll() throws Exception {
    CountDownLatch release = credential.block();
    List<Thread> threads = new ArrayList<>();
    Set<String> tokens = ConcurrentHashMap.newKeySet();
    AtomicInteger failures = new AtomicInteger();
    for (int i = 0; i < 32; i++) {
      Thread t = new Thread(() -> {
        try {
          tokens.add(cache.token());
        } catch (RuntimeException e) {
          failures.incrementAndGet();
        }
      }, "token-" + i);
      threads.add(t);
      t.start();
    }
    credential.entered.await();
    awaitAllWaiting(threads); // one thread inside the credential, 31 queued behind it
    release.countDown();
    for (Thread t : threads) {
      t.join();
    }

    assertThat(credential.calls()).isEqualTo(1);
    assertThat(failures).hasValue(0);
    assertThat(tokens).hasSize(1).containsExactly(credential.issued().get(0));
  }

  @Test
  void givenThirtyTwoThreadsQueuedBehindAFailingFetch_thenAllShareItsFailure_andNoneFetchesAgain()
      throws Exception {
    CountDownLatch release = credential.block();
    credential.failWith(new ClientAuthenticationException("no managed identity endpoint", null));
    List<Thread> threads = new ArrayList<>();
    AtomicInteger authFailures = new AtomicInteger();
    for (int i = 0; i < 32; i++) {
      Thread t = new Thread(() -> {
        try {
          cache.token();
        } catch (AuthenticationException e) {
          authFailures.incrementAndGet();
        }
      });
      threads.add(t);
      t.start();
    }
    credential.entered.await();
    awaitAllWaiting(threads);
    release.countDown();
    for (Thread t : threads) {
      t.join();
    }

    assertThat(authFailures).hasValue(32);
    assertThat(credential.calls()).isEqualTo(1);
    // A later call tries again.
    credential.unblock().failWith(null);
    assertThat(cache.token()).isNotBlank();
    assertThat(credential.calls()).isEqualTo(2);
  }

  @Test
  void givenATokenShorterLivedThanTheMargin_thenItIsRenewedHalfwayThroughItsLife() {
    credential.lifetime(Duration.ofMinutes(2));
    String first = cache.token();

    clock.advance(Duration.ofSeconds(59));
    assertThat(cache.token()).isEqualTo(first);
    clock.advance(Duration.ofSeconds(2));
    assertThat(cache.token()).isNotEqualTo(first);
    assertThat(credential.calls()).isEqualTo(2);
  }

  @Test
  void givenTheTokensOwnRefreshAt_whenEarlierThanTheMargin_thenItIsHonoured() {
    TokenCredential withRefreshAt = request -> Mono.just(new AccessToken("eyJa.eyJb.sig-" + clock.instant(),
        clock.instant().plus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC),
        clock.instant().plus(Duration.ofMinutes(30)).atOffset(ZoneOffset.UTC)));
    TokenCache own = new TokenCache("azure.ai.openai", withRefreshAt, SCOPE, clock, Duration.ofMinutes(5));
    String first = own.token();

    clock.advance(Duration.ofMinutes(29));
    assertThat(own.token()).isEqualTo(first);
    clock.advance(Duration.ofMinutes(2));
    assertThat(own.token()).isNotEqualTo(first);
    assertThat(own.fetchCount()).isEqualTo(2);
  }

  @Test
  void givenACredentialReturningAnExpiredToken_thenItIsRefused() {
    TokenCredential stale = request -> Mono.just(new AccessToken("eyJa.eyJb.stale",
        clock.instant().minusSeconds(1).atOffset(ZoneOffset.UTC)));
    TokenCache cache = new TokenCache("azure.ai.openai", stale, SCOPE, clock, Duration.ofMinutes(5));

    assertThat(catchThrowable(cache::token)).isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("already expired").hasMessageNotContaining("eyJa.eyJb.stale");
  }

  @Test
  void givenAThreadWaitingForAnotherThreadsFetch_whenInterrupted_thenTheCallIsCancelled() throws Exception {
    CountDownLatch release = credential.block();
    Thread leader = new Thread(cache::token);
    leader.start();
    credential.entered.await();
    AtomicReference<Throwable> waiterFailure = new AtomicReference<>();
    Thread waiter = new Thread(() -> waiterFailure.set(catchThrowable(cache::token)));
    waiter.start();
    awaitAllWaiting(List.of(waiter));

    waiter.interrupt();
    waiter.join();
    release.countDown();
    leader.join();

    assertThat(waiterFailure.get()).isInstanceOf(CallCancelledException.class);
    assertThat(credential.calls()).isEqualTo(1);
  }

  @Test
  void redactRemovesTheCurrentTokenAndJwtShapedText() {
    String token = cache.token();

    assertThat(cache.redact("server said: bad token " + token + " here")).isEqualTo("server said: bad token *** here");
    assertThat(cache.redact("other eyJhbGciOi.eyJzdWIiOi.c2ln token")).isEqualTo("other *** token");
  }

  /** Waits (without asserting any duration) until every thread is parked. */
  private static void awaitAllWaiting(List<Thread> threads) throws InterruptedException {
    long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING
        || t.getState() == Thread.State.TIMED_WAITING)) {
      if (System.nanoTime() > giveUp) {
        throw new AssertionError("threads never all parked: "
            + threads.stream().map(Thread::getState).toList());
      }
      Thread.sleep(1);
    }
  }
}
