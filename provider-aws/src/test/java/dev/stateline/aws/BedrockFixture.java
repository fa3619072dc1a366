/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import dev.stateline.Cancellation;
import dev.stateline.Target;
import dev.stateline.Timeouts;
import dev.stateline.chat.ChatRequest;
import dev.stateline.placement.CallKind;
import dev.stateline.spi.ModelCall;
import dev.stateline.testing.bedrock.BedrockEmulator;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Shared set-up: an emulator and a Bedrock target pointed at it with static fake credentials. */
final class BedrockFixture implements AutoCloseable {
  static final String ACCESS_KEY_ID = "AKIDSTATELINETEST01";
  static final String SECRET_KEY = "sEcReT/StatelineFakeSecretKey+DoNotLeak0123";
  static final String MODEL_ID = "openai.gpt-oss-120b-1:0";
  // Generous on purpose: tests that expect a timeout set their own; these must never fire on a
  // loaded machine (the first stream on a new Netty event loop took >3 s under a load average of 10).
  static final Timeouts FAST = new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60));

  private static final AtomicInteger CALLS = new AtomicInteger();

  final BedrockEmulator emulator = BedrockEmulator.start().acceptCredentials(ACCESS_KEY_ID, SECRET_KEY);
  final Target target;

  BedrockFixture() {
    this.target = builder().build();
  }

  Bedrock.Builder builder() {
    return Bedrock.target("aws-fra")
        .region("eu-central-1")
        .model("gpt-oss", MODEL_ID)
        .credentialsProvider(credentials())
        .endpointOverride(emulator.endpoint());
  }

  static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_KEY));
  }

  ModelCall call(ChatRequest request, boolean streaming) {
    return call(request, streaming, FAST, new Cancellation());
  }

  ModelCall call(ChatRequest request, boolean streaming, Timeouts timeouts, Cancellation cancellation) {
    return ModelCall.create("call-" + CALLS.incrementAndGet(), request, streaming, CallKind.STATELESS,
        timeouts, cancellation).withTarget(target, 1);
  }

  @Override
  public void close() {
    try {
      target.chatModel().close();
    } finally {
      emulator.close();
    }
  }
}
