/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.azure;

import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.Timeouts;
import dev.stateline.testing.azure.AzureOpenAiEmulator;
import java.time.Duration;

/** Shared test helpers: an emulator with one deployment, targets on it, clients with fast retries. */
public final class AzureFixtures {
  /** The deployment the emulator serves, and the model behind it. */
  public static final String DEPLOYMENT = "gpt41-prod";
  public static final String MODEL = "gpt-4.1-2025-04-14";
  /** The alias applications call. */
  public static final String ALIAS = "gpt-4.1";

  static final Timeouts FAST = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5));

  private AzureFixtures() {}

  public static AzureOpenAiEmulator emulator() {
    return AzureOpenAiEmulator.builder().deployment(DEPLOYMENT, MODEL).build().start();
  }

  /** A key-authenticated target on the emulator, deployment form, alias gpt-4.1 -> gpt41-prod. */
  public static AzureOpenAi.TargetBuilder target(AzureOpenAiEmulator azure) {
    return AzureOpenAi.target("azure-swc")
        .endpoint(azure.endpoint().toString())
        .apiKey(azure.apiKey())
        .deployment(ALIAS, DEPLOYMENT)
        .region("swedencentral");
  }

  static StatelineClient client(Target target) {
    return client(target, fastRetries(3));
  }

  static StatelineClient client(Target target, RetryPolicy retries) {
    return StatelineClient.builder().target(target).retryPolicy(retries).timeouts(FAST).build();
  }

  /** Retries with backoffs of a millisecond or so. */
  static RetryPolicy fastRetries(int maxAttempts) {
    return RetryPolicy.builder().maxAttempts(maxAttempts).initialBackoff(Duration.ofMillis(1))
        .maxBackoff(Duration.ofMillis(2)).build();
  }
}
