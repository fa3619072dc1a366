/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.ChatStream;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.chat.ChatRequest;
import dev.stateline.error.RateLimitedException;
import dev.stateline.telemetry.TelemetryEvent;
import dev.stateline.testing.FakeChatModel;
import dev.stateline.testing.FakeErrors;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The recorder with the fake model: the whole life of calls, as a test would assert it. */
class TelemetryRecorderTest {
  private final FakeChatModel fake = new FakeChatModel();
  private final TelemetryRecorder recorder = new TelemetryRecorder();

  private StatelineClient client(TelemetryRecorder r) {
    return StatelineClient.builder().target(fake.asTarget("fake")).telemetry(r)
        .retryPolicy(RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(1))
            .maxBackoff(Duration.ofMillis(1)).build())
        .build();
  }

  @Test
  void aRetriedCall_isRecordedInOrder() {
    fake.failWith(FakeErrors.rateLimited(Duration.ofMillis(1))).replyWith("Hello");

    client(recorder).chat(ChatRequest.of("gpt-4.1", "Hi"));

    assertThat(recorder.names()).containsExactly("call.started", "placement.decided", "attempt.started",
        "attempt.failed", "attempt.started", "call.finished");
    assertThat(recorder.last(TelemetryEvent.AttemptFailed.class).next()).isEqualTo(TelemetryEvent.Next.RETRY);
    assertThat(recorder.last(TelemetryEvent.CallFinished.class).target().provider()).isEqualTo(FakeChatModel.PROVIDER);
    assertThat(recorder.callIds()).hasSize(1);
  }

  @Test
  void aStreamedCall_recordsItsFirstToken() {
    fake.streamChunks("Hel", "lo");

    try (ChatStream stream = client(recorder).stream(ChatRequest.of("gpt-4.1", "Hi"))) {
      assertThat(stream.response().text()).isEqualTo("Hello");
    }

    assertThat(recorder.events(TelemetryEvent.FirstToken.class)).hasSize(1);
    assertThat(recorder.names()).endsWith("first.token", "call.finished");
  }

  @Test
  void aFailedCall_endsWithCallFailed() {
    fake.failWith(FakeErrors.rateLimited(Duration.ofMillis(1))).failWith(FakeErrors.rateLimited(Duration.ofMillis(1)));

    assertThatThrownBy(() -> client(recorder).chat(ChatRequest.of("gpt-4.1", "Hi")))
        .isInstanceOf(RateLimitedException.class);

    assertThat(recorder.last(TelemetryEvent.AttemptFailed.class).next()).isEqualTo(TelemetryEvent.Next.GIVE_UP);
    assertThat(recorder.last(TelemetryEvent.CallFailed.class).errorType()).isEqualTo("RateLimitedException");
  }

  @Test
  void contentIsRecordedOnlyByACapturingRecorder() throws Exception {
    TelemetryRecorder capturing = TelemetryRecorder.capturingContent();
    StatelineClient client = StatelineClient.builder().target(fake.asTarget("fake")).telemetry(recorder)
        .telemetry(capturing).build();

    client.chatAsync(ChatRequest.of("gpt-4.1", "secret question")).get();
    assertThat(capturing.awaitEndedCalls(1, Duration.ofSeconds(5))).isTrue();

    assertThat(recorder.last(TelemetryEvent.CallFinished.class).input()).isNull();
    assertThat(capturing.last(TelemetryEvent.CallFinished.class).input().get(0).text()).isEqualTo("secret question");
    assertThat(capturing.last(TelemetryEvent.CallFinished.class).output().text()).isEqualTo("secret question");
  }
}
