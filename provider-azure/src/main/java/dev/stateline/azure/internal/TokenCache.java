/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.azure.internal;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import dev.stateline.error.AuthenticationException;
import dev.stateline.error.CallCancelledException;
import dev.stateline.error.ErrorInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caches a Microsoft Entra ID access token from a {@link TokenCredential} and renews it before it
 * expires.
 *
 * <ul>
 *   <li><b>Fresh</b> (before its refresh time): returned at once, no lock.
 *   <li><b>Due</b> (past its refresh time, not expired): one caller renews it while every other
 *       caller keeps using the current token; a failed renewal is logged (without secrets) and retried
 *       no sooner than {@value #RETRY_SECONDS} s later, the current token staying in use until it
 *       expires. The refresh time is the expiry minus the margin (5 minutes by default), or the
 *       token's own {@link AccessToken#getRefreshAt() refresh-at} if earlier; for a token that lives
 *       shorter than the margin, half its remaining life.
 *   <li><b>Missing or expired</b>: callers queue on one lock and exactly one fetches; the others take
 *       its token, or its failure, without fetching again (single flight).
 * </ul>
 *
 * <p>A failed fetch is an {@link AuthenticationException} naming the scope and the credential's
 * error type and message (a credential never echoes a token it did not issue; strings shaped like
 * JWTs are masked anyway). The token never appears in logs, messages or {@code toString()}.
 *
 * <p>Not API. Thread-safe. The clock is injectable so tests can move time without sleeping.
 */
public final class TokenCache {
  /** The default renewal margin before expiry. */
  public static final Duration DEFAULT_REFRESH_MARGIN = Duration.ofMinutes(5);
  /** The wait between renewal attempts while the current token is still valid. */
  static final long RETRY_SECONDS = 30;

  private static final Logger LOG = LoggerFactory.getLogger(TokenCache.class);
  private static final Pattern JWT_LIKE = Pattern.compile("eyJ[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]*");

  private final String provider;
  private final TokenCredential credential;
  private final String scope;
  private final Clock clock;
  private final Duration margin;
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicLong fetches = new AtomicLong();
  private volatile Cached cached;
  private volatile Instant nextRenewal = Instant.MIN;
  /** Bumped after every fetch; with {@link #lastFailure}, lets queued callers share one outcome. */
  private volatile long generation;
  private volatile Failure lastFailure;

  private record Cached(String token, Instant expiresAt, Instant refreshAt) {
    @Override
    public String toString() {
      return "Cached[expiresAt=" + expiresAt + ", refreshAt=" + refreshAt + "]";
    }
  }

  private record Failure(long generation, String message, RuntimeException cause) {}

  /**
   * @param provider the provider name for errors
   * @param credential where tokens come from
   * @param scope the scope to ask for, such as {@code https://cognitiveservices.azure.com/.default}
   * @param clock the time source
   * @param margin renew this long before expiry
   */
  public TokenCache(String provider, TokenCredential credential, String scope, Clock clock, Duration margin) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.credential = Objects.requireNonNull(credential, "credential");
    this.scope = Objects.requireNonNull(scope, "scope");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.margin = Objects.requireNonNull(margin, "margin");
    if (margin.isNegative()) {
      throw new IllegalArgumentException("the refresh margin cannot be negative");
    }
  }

  /**
   * A valid token, fetching or renewing it as needed.
   *
   * @throws AuthenticationException if no valid token can be had
   * @throws CallCancelledException if the thread is interrupted while waiting for another fetch
   */
  public String token() {
    Cached current = cached;
    Instant now = clock.instant();
    if (current != null && now.isBefore(current.refreshAt)) {
      return current.token;
    }
    if (current != null && now.isBefore(current.expiresAt)) {
      return renewWhileValid(current, now);
    }
    return fetchBlocking();
  }

  /** Due but still valid: one caller renews, everyone else goes on with the current token. */
  private String renewWhileValid(Cached current, Instant now) {
    if (now.isBefore(nextRenewal) || !lock.tryLock()) {
      return current.token;
    }
    try {
      Cached latest = cached;
      if (latest != current && clock.instant().isBefore(latest.refreshAt)) {
        return latest.token; // Renewed while we were getting the lock.
      }
      try {
        return fetch().token;
      } catch (AuthenticationException e) {
        nextRenewal = clock.instant().plusSeconds(RETRY_SECONDS);
        LOG.warn("{}: renewing the Microsoft Entra ID token failed; the current one stays in use until it"
            + " expires at {} ({})", provider, latest.expiresAt, e.getMessage());
        return latest.token;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Missing or expired: one fetch, shared by every caller queued behind it. */
  private String fetchBlocking() {
    long seen = generation;
    try {
      lock.lockInterruptibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CallCancelledException(provider + ": interrupted while waiting for a Microsoft Entra ID token", e);
    }
    try {
      Cached latest = cached;
      if (latest != null && clock.instant().isBefore(latest.expiresAt)) {
        return latest.token; // Another caller fetched it while we waited.
      }
      Failure failed = lastFailure;
      if (generation != seen && failed != null && failed.generation == generation) {
        // The fetch we queued behind failed: share its outcome rather than hammer the identity service.
        throw new AuthenticationException(failed.message, ErrorInfo.of(provider), failed.cause);
      }
      return fetch().token;
    } finally {
      lock.unlock();
    }
  }

  /** Fetches a token; the caller holds the lock. */
  private Cached fetch() {
    fetches.incrementAndGet();
    AccessToken token;
    RuntimeException failure = null;
    try {
      token = credential.getTokenSync(new TokenRequestContext().addScopes(scope));
    } catch (RuntimeException e) {
      token = null;
      failure = e;
    }
    Instant now = clock.instant();
    if (token == null || token.getToken() == null || token.getToken().isBlank() || token.getExpiresAt() == null) {
      String why = failure == null ? "the credential returned no token"
          : failure.getClass().getSimpleName() + ": " + clip(failure.getMessage());
      String message = provider + ": could not get a Microsoft Entra ID token for scope " + scope + " (" + why + ")";
      generation++;
      lastFailure = new Failure(generation, message, failure);
      throw new AuthenticationException(message, ErrorInfo.of(provider), failure);
    }
    Instant expiresAt = token.getExpiresAt().toInstant();
    if (!now.isBefore(expiresAt)) {
      String message = provider + ": the credential returned a Microsoft Entra ID token for scope " + scope
          + " that had already expired (at " + expiresAt + ")";
      generation++;
      lastFailure = new Failure(generation, message, null);
      throw new AuthenticationException(message, ErrorInfo.of(provider), null);
    }
    Cached fresh = new Cached(token.getToken(), expiresAt, refreshAt(now, expiresAt, token.getRefreshAt()));
    cached = fresh;
    nextRenewal = Instant.MIN;
    lastFailure = null;
    generation++;
    if (LOG.isDebugEnabled()) {
      LOG.debug("{}: got a Microsoft Entra ID token for scope {}; expires at {}, renewed from {}", provider, scope,
          fresh.expiresAt, fresh.refreshAt);
    }
    return fresh;
  }

  private Instant refreshAt(Instant now, Instant expiresAt, OffsetDateTime suggested) {
    Instant at = expiresAt.minus(margin);
    if (suggested != null && suggested.toInstant().isBefore(at)) {
      at = suggested.toInstant();
    }
    if (!at.isAfter(now)) {
      // Shorter-lived than the margin: renew halfway through its remaining life.
      at = now.plus(Duration.between(now, expiresAt).dividedBy(2));
    }
    return at;
  }

  /** Replaces the current token, if any, with {@code ***} in {@code text}; also masks JWT-like strings. */
  public String redact(String text) {
    if (text == null) {
      return null;
    }
    Cached c = cached;
    String r = c == null ? text : text.replace(c.token, "***");
    return JWT_LIKE.matcher(r).replaceAll("***");
  }

  /** How many times the credential was asked for a token (diagnostics and tests). */
  public long fetchCount() {
    return fetches.get();
  }

  /** The scope tokens are asked for. */
  public String scope() {
    return scope;
  }

  private static String clip(String s) {
    if (s == null) {
      return "no message";
    }
    String oneLine = JWT_LIKE.matcher(s.replace('\r', ' ').replace('\n', ' ')).replaceAll("***");
    return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
  }

  @Override
  public String toString() {
    Cached c = cached;
    return "TokenCache[scope=" + scope + ", credential=" + credential.getClass().getSimpleName()
        + (c == null ? ", no token" : ", token expires at " + c.expiresAt) + "]";
  }
}
