/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.Timeouts;
import dev.stateline.testing.bedrock.openai.BedrockOpenAiEmulator;
import dev.stateline.testing.faults.FaultMatrix;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Shared set-up for Bedrock's OpenAI-compatible targets: emulators of bedrock-runtime (and, when
 * asked, bedrock-mantle) that verify SigV4 against these fake credentials, and targets on them.
 */
final class BedrockOpenAiFixture implements AutoCloseable {
  static final String ACCESS_KEY_ID = "AKIDSTATELINEOPENAI1";
  static final String SECRET_KEY = "sEcReT/StatelineOpenAiFakeSecret+DoNotLeak42";
  static final String ALIAS = "gpt";
  static final String PROFILE = "us.openai.gpt-5.6-sol";
  static final Timeouts FAST = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30));
  /** Three attempts, backoffs of a few milliseconds: the fault matrix's policy. */
  static final RetryPolicy RETRIES = FaultMatrix.RETRIES;

  final BedrockOpenAiEmulator emulator;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  BedrockOpenAiFixture() {
    this(emulator(BedrockOpenAiEmulator.Surface.RUNTIME, "us-east-1"));
  }

  BedrockOpenAiFixture(BedrockOpenAiEmulator emulator) {
    this.emulator = emulator;
    closeables.add(emulator);
  }

  static BedrockOpenAiEmulator emulator(BedrockOpenAiEmulator.Surface surface, String region) {
    return BedrockOpenAiEmulator.builder().surface(surface).region(region).credentials(ACCESS_KEY_ID, SECRET_KEY)
        .build().start();
  }

  static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_KEY));
  }

  /** A runtime target named aws-use1 on the emulator: alias {@value #ALIAS} on {@value #PROFILE}, SigV4. */
  BedrockOpenAi.Builder builder() {
    return builder("aws-use1", emulator);
  }

  static BedrockOpenAi.Builder builder(String name, BedrockOpenAiEmulator e) {
    BedrockOpenAi.Builder b = BedrockOpenAi.target(name)
        .region(e.region())
        .credentialsProvider(credentials())
        .endpointOverride(URI.create(e.endpoint().toString()))
        .environment(variable -> null);
    if (e.surface() == BedrockOpenAiEmulator.Surface.MANTLE) {
      b.endpoint(BedrockEndpoint.MANTLE).model(ALIAS, "openai.gpt-oss-120b");
    } else {
      b.model(ALIAS, e.region().startsWith("us-") ? PROFILE : "global.openai.gpt-5.6-sol");
    }
    return b;
  }

  /** A client over {@code targets}, fast retries, closed with the fixture. */
  StatelineClient client(Target... targets) {
    StatelineClient.Builder b = StatelineClient.builder().retryPolicy(RETRIES).timeouts(FAST);
    for (Target t : targets) {
      b.target(t);
    }
    StatelineClient client = b.build();
    closeables.add(0, client);
    return client;
  }

  /** Closes {@code c} with the fixture (before the emulators). */
  <T extends AutoCloseable> T closeLater(T c) {
    closeables.add(0, c);
    return c;
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }
}
