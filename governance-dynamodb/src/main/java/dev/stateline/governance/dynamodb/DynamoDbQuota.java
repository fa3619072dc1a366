/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.governance.dynamodb;

import dev.stateline.Interceptor;
import dev.stateline.Target;
import dev.stateline.chat.TokenEstimator;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.ProviderUnavailableException;
import dev.stateline.error.RateLimitedException;
import dev.stateline.policy.PlacementContext;
import dev.stateline.policy.QuotaGuard;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Provider quotas shared by a fleet: requests and tokens per minute per target, as Azure OpenAI and
 * Bedrock count theirs, kept in the shared {@link GovernanceTable}. Install it twice on every
 * client, as the placement rule and as the target interceptor that takes quota:
 *
 * <pre>{@code
 * DynamoDbQuota quota = DynamoDbQuota.builder(table)
 *     .limit("az-swc", 600, 100_000)        // the deployment's RPM and TPM, for the whole fleet
 *     .build();
 * StatelineClient client = StatelineClient.builder()...
 *     .placement(PlacementPolicy.standard().quota(quota))
 *     .addTargetInterceptor(quota)
 *     .build();
 * }</pre>
 *
 * <p><b>One conditional write per attempt.</b> Before each attempt on a limited target, the
 * interceptor makes one {@code UpdateItem} on the target's counter for the current UTC minute:
 * {@code ADD requests 1, tokens t} on condition that both stay within the limits. DynamoDB applies
 * it atomically across the fleet, so a configured quota is never exceeded; an attempt that does not
 * fit fails with a {@link RateLimitedException} (retry after the minute ends), which the pipeline
 * retries or fails over like a provider's 429. {@code t} is the request's estimated input tokens
 * ({@link TokenEstimator#approximate()}) plus its {@code maxOutputTokens} (Azure counts a request
 * the same way); set {@code maxOutputTokens} to count output. The bucket refills in full at each
 * minute boundary: a fixed window, which one conditional update can keep exactly (a sliding refill
 * would need a read before every write).
 *
 * <p><b>Placement, without I/O.</b> {@link #refuse} excludes a target whose counter, as this
 * instance last saw it (the answer to its own last write), is full for the current minute;
 * {@link #low} ranks a target with less than 20% left after the others. Another instance's use is
 * seen at this instance's next write.
 *
 * <p>If the table cannot be reached, the attempt fails closed with a retryable
 * {@link ProviderUnavailableException} naming the store (error code and status only). Thread-safe.
 */
public final class DynamoDbQuota implements QuotaGuard, Interceptor {
  /** Below this share of a limit left, a target is {@linkplain #low low}. */
  private static final double LOW = 0.2;

  private final GovernanceTable table;
  private final Map<String, Limit> limits;
  private final TokenEstimator estimator = TokenEstimator.approximate();
  private final ConcurrentHashMap<String, Seen> seen = new ConcurrentHashMap<>();

  /** A target's limits per minute. */
  private record Limit(long requests, long tokens) {}

  /** A target's counter as last seen: the minute and what was used in it. */
  private record Seen(String minute, long requests, long tokens) {}

  private DynamoDbQuota(Builder b) {
    this.table = b.table;
    this.limits = Map.copyOf(b.limits);
  }

  /** A builder of quotas in {@code table}. */
  public static Builder builder(GovernanceTable table) {
    return new Builder(Objects.requireNonNull(table, "table"));
  }

  private static String minute(Instant now) {
    return now.truncatedTo(ChronoUnit.MINUTES).toString();
  }

  private long tokens(ModelCall call) {
    if (call.embeddingRequest() != null) {
      long chars = 0; // an embedding call: its texts, about four characters a token, no output
      for (String input : call.embeddingRequest().inputs()) {
        chars += input.length();
      }
      return (chars + 3) / 4;
    }
    Integer max = call.request().maxOutputTokens();
    return Math.max(0, estimator.estimate(call.request())) + (max == null ? 0 : Math.max(0, max));
  }

  @Override
  public String refuse(PlacementContext call, Target target) {
    Limit limit = limits.get(target.name());
    if (limit == null) {
      return null;
    }
    Seen s = seen.get(target.name());
    String minute = minute(table.clock().instant());
    if (s == null || !s.minute().equals(minute)) {
      return null;
    }
    if (s.requests() >= limit.requests() || s.tokens() >= limit.tokens()) {
      return "its shared quota is used up for the minute " + minute + " (" + s.requests() + " of " + limit.requests()
          + " requests, " + s.tokens() + " of " + limit.tokens() + " tokens, as last seen)";
    }
    return null;
  }

  @Override
  public boolean low(PlacementContext call, Target target) {
    Limit limit = limits.get(target.name());
    Seen s = limit == null ? null : seen.get(target.name());
    if (s == null || !s.minute().equals(minute(table.clock().instant()))) {
      return false;
    }
    return s.requests() > limit.requests() * (1 - LOW) || s.tokens() > limit.tokens() * (1 - LOW);
  }

  /** Takes quota for the attempt, then proceeds; an attempt that does not fit never reaches the provider. */
  @Override
  public EventSource intercept(Chain chain) {
    ModelCall call = chain.call();
    Target target = call.target();
    Limit limit = target == null ? null : limits.get(target.name());
    if (limit != null) {
      take(target.name(), limit, tokens(call));
    }
    return chain.proceed(call);
  }

  private void take(String target, Limit limit, long tokens) {
    Instant now = table.clock().instant();
    String minute = minute(now);
    Instant next = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
    if (tokens > limit.tokens()) {
      throw refused(target, limit, "a request of " + tokens + " tokens never fits its " + limit.tokens()
          + " tokens per minute", Duration.between(now, next));
    }
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":one", AttributeValue.fromN("1"));
    values.put(":t", AttributeValue.fromN(Long.toString(tokens)));
    values.put(":maxRequests", AttributeValue.fromN(Long.toString(limit.requests())));
    values.put(":maxTokens", AttributeValue.fromN(Long.toString(limit.tokens() - tokens)));
    values.put(":exp", AttributeValue.fromN(Long.toString(next.plus(Duration.ofHours(1)).getEpochSecond())));
    try {
      UpdateItemResponse r = table.client().updateItem(u -> u.tableName(table.tableName())
          .key(Map.of(GovernanceTable.PARTITION_KEY, AttributeValue.fromS("quota#" + GovernanceTable.keyPart(target)
              + "#" + minute), GovernanceTable.SORT_KEY, AttributeValue.fromS("S")))
          .updateExpression("ADD #r :one, #t :t SET #exp = if_not_exists(#exp, :exp)")
          .conditionExpression("(attribute_not_exists(#r) OR #r < :maxRequests)"
              + " AND (attribute_not_exists(#t) OR #t <= :maxTokens)")
          .expressionAttributeNames(Map.of("#r", "requests", "#t", "tokens", "#exp", GovernanceTable.TTL_ATTRIBUTE))
          .expressionAttributeValues(values)
          .returnValues(ReturnValue.UPDATED_NEW)
          .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
      seen.put(target, new Seen(minute, count(r.attributes(), "requests"), count(r.attributes(), "tokens")));
    } catch (ConditionalCheckFailedException e) {
      Map<String, AttributeValue> item = e.hasItem() ? e.item() : Map.of();
      long requests = count(item, "requests");
      long used = count(item, "tokens");
      // full as far as placement is concerned: no request fits for the rest of this minute
      seen.put(target, new Seen(minute, Math.max(requests, limit.requests()), used));
      throw refused(target, limit, requests + " of " + limit.requests() + " requests and " + used + " of "
          + limit.tokens() + " tokens used this minute, across the fleet", Duration.between(now, next));
    } catch (SdkException e) {
      throw new ProviderUnavailableException("the shared quota of target '" + target + "' cannot be checked: "
          + GovernanceTable.describe(e) + "; not sending rather than exceeding it",
          new ErrorInfo("stateline.quota", 0, null, "quota_store_unavailable"), null, null);
    }
  }

  private static RateLimitedException refused(String target, Limit limit, String why, Duration retryAfter) {
    return new RateLimitedException("the shared quota of target '" + target + "' has no room for this request: "
        + why, new ErrorInfo("stateline.quota", 429, null, "quota_exceeded"), retryAfter, null);
  }

  private static long count(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item == null ? null : item.get(name);
    return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
  }

  @Override
  public String toString() {
    return "DynamoDbQuota[" + limits.keySet() + "]";
  }

  /** Builds a {@link DynamoDbQuota}. Not thread-safe. */
  public static final class Builder {
    private final GovernanceTable table;
    private final Map<String, Limit> limits = new LinkedHashMap<>();

    private Builder(GovernanceTable table) {
      this.table = table;
    }

    /**
     * Limits the target named {@code target}, across the fleet, to {@code requestsPerMinute}
     * requests and {@code tokensPerMinute} tokens in each UTC minute.
     */
    public Builder limit(String target, long requestsPerMinute, long tokensPerMinute) {
      if (target == null || target.isBlank()) {
        throw new IllegalArgumentException("target must be non-blank");
      }
      if (requestsPerMinute < 1 || tokensPerMinute < 1 || requestsPerMinute > 1_000_000_000L
          || tokensPerMinute > 1_000_000_000_000L) {
        throw new IllegalArgumentException("limits must be at least 1 per minute (and at most 10^9 requests,"
            + " 10^12 tokens)");
      }
      limits.put(target, new Limit(requestsPerMinute, tokensPerMinute));
      return this;
    }

    /** The quota. */
    public DynamoDbQuota build() {
      return new DynamoDbQuota(this);
    }
  }
}
