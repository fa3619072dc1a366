/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.Timeouts;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.session.SessionOptions;
import dev.stateline.testing.bedrock.agents.BedrockManagedAgentsEmulator;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Shared set-up for Bedrock Managed Agents targets: an emulator in us-east-1 that verifies SigV4
 * (signing name bedrock-mantle) against these fake credentials, an agent "support" on it, and a
 * client under the standard policy (which pins a session's turns to its target).
 */
final class ManagedAgentFixture implements AutoCloseable {
  static final String ACCESS_KEY_ID = "AKIDSTATELINEAGENTS1";
  static final String SECRET_KEY = "sEcReT/StatelineAgentsFakeSecret+DoNotLeak42";
  static final String ALIAS = "support";
  static final String ROLE = "arn:aws:iam::123456789012:role/BedrockManagedAgentsPreviewInferenceServiceRole";
  static final Timeouts FAST = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30));
  static final RetryPolicy RETRIES = RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(1))
      .maxBackoff(Duration.ofMillis(4)).build();
  static final SessionOptions SUPPORT = SessionOptions.builder().model(ALIAS).build();

  final BedrockManagedAgentsEmulator emulator;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  ManagedAgentFixture() {
    this(emulator("us-east-1"));
  }

  ManagedAgentFixture(BedrockManagedAgentsEmulator emulator) {
    this.emulator = emulator;
    closeables.add(emulator);
  }

  static BedrockManagedAgentsEmulator emulator(String region) {
    return BedrockManagedAgentsEmulator.builder().region(region).credentials(ACCESS_KEY_ID, SECRET_KEY).build().start();
  }

  static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_KEY));
  }

  static BedrockManagedAgent.Agent agent() {
    return BedrockManagedAgent.Agent.builder("support")
        .model(BedrockManagedAgentsEmulator.DEFAULT_MODEL)
        .instructions("Use the workspace tools to answer.")
        .environment(BedrockManagedAgent.Environment.selfHosted("/work/ws", "/work/ws/skills"))
        .build();
  }

  /** A target named aws-agents on the emulator: alias {@value #ALIAS} on the agent "support", SigV4. */
  BedrockManagedAgent.Builder builder() {
    return builder("aws-agents", emulator);
  }

  static BedrockManagedAgent.Builder builder(String name, BedrockManagedAgentsEmulator e) {
    return BedrockManagedAgent.target(name)
        .region(e.region())
        .roleArn(ROLE)
        .agent(ALIAS, agent())
        .credentialsProvider(credentials())
        .endpointOverride(URI.create(e.endpoint().toString()))
        .pollInterval(Duration.ofMillis(20));
  }

  /** A client over {@code targets} under the standard policy, fast retries, closed with the fixture. */
  StatelineClient client(Target... targets) {
    return client(b -> b, targets);
  }

  StatelineClient client(UnaryOperator<StatelineClient.Builder> custom, Target... targets) {
    StatelineClient.Builder b = StatelineClient.builder().retryPolicy(RETRIES).timeouts(FAST)
        .placement(PlacementPolicy.standard());
    for (Target t : targets) {
      b.target(t);
    }
    StatelineClient client = custom.apply(b).build();
    closeables.add(0, client);
    return client;
  }

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
