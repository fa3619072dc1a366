/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.error;

import dev.stateline.placement.Attempt;
import dev.stateline.placement.Failover;
import dev.stateline.placement.Placement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The root of every error Stateline throws. Unchecked, as on every hot path of the Azure and AWS
 * SDKs; catch the subtypes that call for different handling:
 *
 * <ul>
 *   <li>{@link RateLimitedException}: throttled (retryable, after {@link #retryAfter()});
 *   <li>{@link ProviderUnavailableException}: 5xx or the network failed (retryable);
 *   <li>{@link CallTimeoutException}: a connect, read or total timeout;
 *   <li>{@link AuthenticationException}: the credential was refused;
 *   <li>{@link InvalidRequestException} and its {@link ContextLengthExceededException};
 *   <li>{@link ContentFilteredException}: the provider's content policy blocked the call;
 *   <li>{@link ProtocolException}: a malformed or truncated response;
 *   <li>{@link NoEligibleTargetException} and {@link ResidencyViolationException}: placement refused
 *       the call;
 *   <li>{@link CallCancelledException}: the caller cancelled;
 *   <li>{@link AgentTurnFailedException}: an agent accepted the turn and it failed there (never
 *       resent); {@link AgentUnreachableException}: the target holding an agent session cannot take
 *       its turn, which does not move elsewhere.
 * </ul>
 *
 * <p>Messages, {@link #toString()} and every accessor are free of secrets and prompt content. The
 * client records where the call went ({@link #target()}, {@link #placement()}, {@link #attempts()})
 * before the failure reaches the caller.
 */
public class StatelineException extends RuntimeException {
  private final ErrorInfo info;
  private final boolean retryable;
  private volatile String target;
  private volatile Placement placement;
  private volatile List<Attempt> attempts = List.of();

  public StatelineException(String message, ErrorInfo info, boolean retryable, Throwable cause) {
    super(message, cause);
    this.info = info == null ? ErrorInfo.NONE : info;
    this.retryable = retryable;
  }

  /** The provider's details: status, request id, error code. */
  public ErrorInfo info() {
    return info;
  }

  /** The HTTP status, or 0 when no response arrived. */
  public int statusCode() {
    return info.statusCode();
  }

  /** The provider's request id, or null. */
  public String requestId() {
    return info.requestId();
  }

  /** The provider's name, or null. */
  public String provider() {
    return info.provider();
  }

  /** Whether trying the same call again may succeed. */
  public boolean isRetryable() {
    return retryable;
  }

  /** How long the provider asked us to wait before trying again, if it said. */
  public Optional<Duration> retryAfter() {
    return Optional.empty();
  }

  /** The name of the target that failed last, or null if none was tried. */
  public String target() {
    return target;
  }

  /** Where the call was placed, or null if it failed before placement. */
  public Placement placement() {
    return placement;
  }

  /** Every attempt the call made before it failed, in order. */
  public List<Attempt> attempts() {
    return attempts;
  }

  /** Every move from one target to the next before the call failed. */
  public List<Failover> failovers() {
    return Failover.of(attempts);
  }

  /**
   * Records where the failed call went; the first target recorded is kept, placement and attempts
   * are replaced. Not public: the client's pipeline records the route of a failure once, as it
   * leaves the pipeline ({@code dev.stateline.RealCall}); no application code can rewrite it.
   */
  final void route(String target, Placement placement, List<Attempt> attempts) {
    if (this.target == null) {
      this.target = target;
    }
    if (placement != null) {
      this.placement = placement;
    }
    if (attempts != null) {
      this.attempts = List.copyOf(attempts);
    }
  }

  @Override
  public String getMessage() {
    String base = super.getMessage();
    StringBuilder sb = new StringBuilder(base == null ? getClass().getSimpleName() : base);
    if (target != null) {
      sb.append(" [target=").append(target);
      if (info.statusCode() != 0) {
        sb.append(", status=").append(info.statusCode());
      }
      if (info.requestId() != null) {
        sb.append(", requestId=").append(info.requestId());
      }
      sb.append(']');
    } else if (info.statusCode() != 0 || info.requestId() != null) {
      sb.append(" [status=").append(info.statusCode());
      if (info.requestId() != null) {
        sb.append(", requestId=").append(info.requestId());
      }
      sb.append(']');
    }
    return sb.toString();
  }
}
