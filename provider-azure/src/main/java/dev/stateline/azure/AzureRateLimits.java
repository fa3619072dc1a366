/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.azure;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The latest rate-limit headroom an Azure OpenAI target reported, per deployment: the
 * {@code x-ratelimit-remaining-requests} and {@code x-ratelimit-remaining-tokens} response headers
 * (Azure counts requests and tokens per minute against each deployment's quota). Every response
 * that carries either header, successful or not (a 429 included), replaces the snapshot of its
 * deployment.
 *
 * <p>Read it with {@link AzureOpenAi#rateLimits(dev.stateline.Target)}. It is a hint for placement
 * and dashboards (a target close to its quota can be ranked lower), not a guarantee: other clients
 * share the quota, and the values are as old as {@link Snapshot#observedAt()}.
 *
 * <p>Thread-safe: written by concurrent calls, read from any thread, never blocking.
 */
public final class AzureRateLimits {
  private final Clock clock;
  private final AtomicReference<Snapshot> latest = new AtomicReference<>();
  private final Map<String, Snapshot> byDeployment = new ConcurrentHashMap<>();

  /** An empty record, stamping snapshots with {@code clock}. */
  public AzureRateLimits(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * What one response said.
   *
   * @param deployment the deployment that answered
   * @param remainingRequests requests left in the current window, if reported
   * @param remainingTokens tokens left in the current window, if reported
   * @param observedAt when the response's headers arrived
   */
  public record Snapshot(String deployment, OptionalLong remainingRequests, OptionalLong remainingTokens,
      Instant observedAt) {
    public Snapshot {
      Objects.requireNonNull(deployment, "deployment");
      Objects.requireNonNull(remainingRequests, "remainingRequests");
      Objects.requireNonNull(remainingTokens, "remainingTokens");
      Objects.requireNonNull(observedAt, "observedAt");
    }
  }

  /**
   * Records the headers of one response. Values that are missing, not numbers or negative (Azure
   * sends {@code -1} where it does not track a limit) count as not reported; a response with
   * neither value changes nothing.
   *
   * @param deployment the deployment that answered
   * @param remainingRequests the {@code x-ratelimit-remaining-requests} header, or null
   * @param remainingTokens the {@code x-ratelimit-remaining-tokens} header, or null
   */
  public void record(String deployment, String remainingRequests, String remainingTokens) {
    OptionalLong requests = parse(remainingRequests);
    OptionalLong tokens = parse(remainingTokens);
    if (deployment == null || (requests.isEmpty() && tokens.isEmpty())) {
      return;
    }
    Snapshot snapshot = new Snapshot(deployment, requests, tokens, clock.instant());
    byDeployment.put(deployment, snapshot);
    latest.set(snapshot);
  }

  /** The most recent snapshot of any deployment, if any response reported limits yet. */
  public Optional<Snapshot> latest() {
    return Optional.ofNullable(latest.get());
  }

  /** The most recent snapshot of {@code deployment}, if it reported limits yet. */
  public Optional<Snapshot> latest(String deployment) {
    return Optional.ofNullable(byDeployment.get(deployment));
  }

  /** The most recent snapshot of every deployment that reported limits, as an immutable copy. */
  public Map<String, Snapshot> byDeployment() {
    return Map.copyOf(byDeployment);
  }

  private static OptionalLong parse(String value) {
    if (value == null) {
      return OptionalLong.empty();
    }
    try {
      long n = Long.parseLong(value.trim());
      return n < 0 ? OptionalLong.empty() : OptionalLong.of(n);
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  @Override
  public String toString() {
    Snapshot s = latest.get();
    return "AzureRateLimits[" + (s == null ? "nothing reported" : s) + "]";
  }
}
