/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.internal;

import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.bedrockagentcore.BedrockAgentCoreServiceClientConfiguration;

/** A request-level plugin that turns an injected AgentCore client's own retries off: Stateline retries. */
final class BedrockAgentCoreRetries {
  static final SdkPlugin OFF = config -> {
    if (config instanceof BedrockAgentCoreServiceClientConfiguration.Builder b) {
      ClientOverrideConfiguration current = b.overrideConfiguration();
      ClientOverrideConfiguration.Builder o = current == null
          ? ClientOverrideConfiguration.builder() : current.toBuilder();
      b.overrideConfiguration(o.retryStrategy(AwsRetryStrategy.doNotRetry()).build());
    }
  };

  private BedrockAgentCoreRetries() {}
}
