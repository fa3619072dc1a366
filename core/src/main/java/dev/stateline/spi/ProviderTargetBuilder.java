/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.spi;

import dev.stateline.Price;
import dev.stateline.Target;
import dev.stateline.placement.ProcessingScope;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What every provider's target builder has, written once: the target's name, its
 * {@linkplain #price(Price) price}, its {@linkplain #maxConcurrentCalls(int) bulkhead} and its
 * {@linkplain #maxResponseBytes(long) response size limit}, its declared
 * {@linkplain #processingScope(ProcessingScope) processing scope}, plus the checks provider settings share
 * (credentials and header values refused when built, with messages that never show a secret).
 * Provider modules extend it ({@code OpenAi.TargetBuilder}, {@code AzureOpenAi.TargetBuilder},
 * {@code BedrockOpenAi.Builder}, {@code Bedrock.Builder}, {@code AgentCoreRuntime.Builder}); the HTTP
 * client a provider sends through is provider-specific and set on the subclass (OkHttp for the
 * OpenAI wire, the AWS SDK's clients for AWS).
 *
 * <p>Timeouts are not a target setting: connect, read and total timeouts belong to the client and
 * to each call ({@code StatelineClient.Builder.timeouts}, {@code CallOptions}), and every provider
 * enforces them per attempt.
 *
 * <p>Not thread-safe, like every builder.
 *
 * @param <B> the concrete builder, returned by the setters
 */
public abstract class ProviderTargetBuilder<B extends ProviderTargetBuilder<B>> {
  /** The default response body limit of every provider: 16 MiB. */
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 16L * 1024 * 1024;

  /** The smallest response body limit a target accepts: 1 KiB. */
  public static final long MIN_MAX_RESPONSE_BYTES = 1024;

  private final String name;
  private Price price;
  private int maxConcurrentCalls;
  private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
  private ProcessingScope scope;
  private final Map<String, ProcessingScope> scopes = new LinkedHashMap<>();

  /** @param name the target's name (checked when built: letters, digits, {@code . _ -}, 1 to 64) */
  protected ProviderTargetBuilder(String name) {
    this.name = name;
  }

  /** This builder, as its concrete type. */
  @SuppressWarnings("unchecked")
  protected final B self() {
    return (B) this;
  }

  /** The target's name as given. */
  protected final String name() {
    return name;
  }

  /** What a million tokens cost on this target, for placement's price ranking; null (the default) for unpriced. */
  public B price(Price price) {
    this.price = price;
    return self();
  }

  /**
   * The most calls in flight on this target at once (a bulkhead); 0, the default, means no limit.
   *
   * @throws IllegalArgumentException if negative
   */
  public B maxConcurrentCalls(int maxConcurrentCalls) {
    if (maxConcurrentCalls < 0) {
      throw new IllegalArgumentException("maxConcurrentCalls must not be negative, was " + maxConcurrentCalls);
    }
    this.maxConcurrentCalls = maxConcurrentCalls;
    return self();
  }

  /**
   * The largest response body the target reads, whole or streamed; 16 MiB by default. A larger one
   * fails the call with a {@code ProtocolException} (not retried) instead of filling the heap.
   *
   * @throws IllegalArgumentException if below 1024
   */
  public B maxResponseBytes(long maxResponseBytes) {
    if (maxResponseBytes < MIN_MAX_RESPONSE_BYTES) {
      throw new IllegalArgumentException("maxResponseBytes must be at least 1024, was " + maxResponseBytes);
    }
    this.maxResponseBytes = maxResponseBytes;
    return self();
  }

  /**
   * Declares where the target may process its calls, in place of what the provider module derives
   * (from a Bedrock model id, an Azure deployment type, an OpenAI host); residency rules judge it.
   * Declare it where the provider cannot know, such as a Bedrock application inference profile.
   * Null (the default) leaves the derived scope.
   */
  public B processingScope(ProcessingScope scope) {
    this.scope = scope;
    return self();
  }

  /** Declares where the target may process calls for {@code alias}; overrides the target-wide one. */
  public B processingScope(String alias, ProcessingScope scope) {
    if (alias == null || alias.isBlank()) {
      throw new IllegalArgumentException("a processing scope needs a non-blank model alias");
    }
    if (scope == null) {
      scopes.remove(alias);
    } else {
      scopes.put(alias, scope);
    }
    return self();
  }

  /**
   * Puts on {@code target} the scope the provider derived for {@code alias}, unless the user
   * declared one for it or for the whole target.
   */
  protected final void derivedScope(Target.Builder target, String alias, ProcessingScope derived) {
    if (derived != null && scope == null && !scopes.containsKey(alias)) {
      target.processingScope(alias, derived);
    }
  }

  /**
   * Puts on {@code target} the scope the provider derived for the whole target (an OpenAI host's),
   * unless the user declared one for the whole target; scopes declared per alias still win.
   */
  protected final void derivedScope(Target.Builder target, ProcessingScope derived) {
    if (derived != null && scope == null) {
      target.processingScope(derived);
    }
  }

  /** The price set, or null. */
  protected final Price price() {
    return price;
  }

  /** The bulkhead set, or 0. */
  protected final int maxConcurrentCalls() {
    return maxConcurrentCalls;
  }

  /** The response size limit. */
  protected final long maxResponseBytes() {
    return maxResponseBytes;
  }

  /**
   * A {@link Target.Builder} for {@code model} with what this base holds: the name, the provider,
   * the price, the bulkhead and the declared processing scopes.
   */
  protected final Target.Builder target(ChatModel model, String provider) {
    Target.Builder t = Target.builder(name, model)
        .provider(provider)
        .price(price)
        .maxConcurrentCalls(maxConcurrentCalls)
        .processingScope(scope);
    scopes.forEach(t::processingScope);
    return t;
  }

  /** Builds the target and its model. */
  public abstract Target build();

  /**
   * Checks a secret (an API key, a token): non-blank printable ASCII without spaces, the shape of
   * every credential sent in an HTTP header. The message never holds the value.
   *
   * @param what the setting's name, such as {@code apiKey}
   * @throws IllegalArgumentException if it is not one
   */
  protected static String requireSecret(String what, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must be non-blank");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        throw new IllegalArgumentException(what + " must be printable ASCII without spaces (check for a stray newline)");
      }
    }
    return value;
  }

  /**
   * Checks a value sent as an HTTP header (an organization, a project, a user id): non-blank
   * printable ASCII (spaces allowed), so no CR or LF can split the header and no HTTP client refuses
   * it at call time.
   *
   * @param what the setting's name, such as {@code organization}
   * @return {@code value}, or null if it is null
   * @throws IllegalArgumentException if blank or not printable ASCII
   */
  protected static String requireHeaderValue(String what, String value) {
    if (value == null) {
      return null;
    }
    if (value.isBlank()) {
      throw new IllegalArgumentException(what + " must be non-blank when set");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < ' ' || c >= 0x7f) {
        throw new IllegalArgumentException(what + " is sent as an HTTP header and must be printable ASCII, without"
            + " CR, LF or other control characters (found U+" + String.format("%04X", (int) c) + " at index " + i + ")");
      }
    }
    return value;
  }

  /** {@link Objects#requireNonNull(Object, String)} with a message naming the argument and saying so. */
  protected static <T> T requireArgument(T value, String what) {
    return Objects.requireNonNull(value, () -> what + " must not be null");
  }
}
