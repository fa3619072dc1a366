/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stateline.ChatStream;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.ProviderUnavailableException;
import dev.stateline.error.StatelineException;
import dev.stateline.placement.Attempt;
import dev.stateline.testing.openai.OpenAiEmulator;
import dev.stateline.testing.openai.Reply;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Throttling and server errors are retried by the client's pipeline, one HTTP attempt at a time. */
class RetryTest {
  private OpenAiEmulator emulator;
  private StatelineClient client;

  @BeforeEach
  void start() {
    emulator = OpenAiEmulator.create().start();
  }

  @AfterEach
  void stop() {
    client.close();
    emulator.close();
  }

  private StatelineClient client(RetryPolicy retries) {
    client = Fixtures.client(OpenAi.target("openai").apiKey(emulator.apiKey()).baseUrl(emulator.baseUrl())
        .model("gpt-4.1").build(), retries);
    return client;
  }

  @Test
  void givenA429WithRetryAfterMs_whenRetried_thenTheProvidersWaitIsTheRecordedDelayAndTheCallSucceeds() {
    emulator.enqueue(Reply.rateLimited(Duration.ofMillis(30)), Reply.text("finally"));

    ChatResponse answer = client(Fixtures.fastRetries(3)).chat(ChatRequest.of("gpt-4.1", "hi"));

    assertThat(answer.text()).isEqualTo("finally");
    assertThat(answer.attempts()).hasSize(2);
    Attempt throttled = answer.attempts().get(0);
    assertThat(throttled.errorType()).isEqualTo("RateLimitedException");
    assertThat(throttled.retryDelay()).isEqualTo(Duration.ofMillis(30));
    assertThat(answer.attempts().get(1).succeeded()).isTrue();
    assertThat(emulator.requestCount()).isEqualTo(2);
  }

  @Test
  void givenA500ThenA503_whenRetried_thenTheThirdAttemptAnswers() {
    emulator.enqueue(Reply.serverError(500), Reply.serverError(503), Reply.text("up again"));

    ChatResponse answer = client(Fixtures.fastRetries(3)).chat(ChatRequest.of("gpt-4.1", "hi"));

    assertThat(answer.text()).isEqualTo("up again");
    assertThat(answer.attempts()).extracting(Attempt::errorType)
        .containsExactly("ProviderUnavailableException", "ProviderUnavailableException", null);
  }

  @Test
  void givenTheServiceStaysDown_whenRetriesRunOut_thenTheTypedErrorCarriesEveryAttempt() {
    emulator.enqueue(Reply.serverError(503), Reply.serverError(503), Reply.serverError(503));

    ProviderUnavailableException e = catchThrowableOfType(ProviderUnavailableException.class,
        () -> client(Fixtures.fastRetries(3)).chat(ChatRequest.of("gpt-4.1", "hi")));

    assertThat(e.statusCode()).isEqualTo(503);
    assertThat(e.requestId()).startsWith("req_emu_");
    assertThat(e.target()).isEqualTo("openai");
    assertThat(e.attempts()).hasSize(3).allSatisfy(a -> assertThat(a.succeeded()).isFalse());
    assertThat(emulator.requestCount()).isEqualTo(3);
  }

  @Test
  void givenInsufficientQuota_thenItIsNotRetried() {
    emulator.enqueue(Reply.insufficientQuota(), Reply.text("never"));

    StatelineException e = catchThrowableOfType(StatelineException.class,
        () -> client(Fixtures.fastRetries(3)).chat(ChatRequest.of("gpt-4.1", "hi")));

    assertThat(e.getClass()).isEqualTo(StatelineException.class);
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.info().errorCode()).isEqualTo("insufficient_quota");
    assertThat(e.attempts()).hasSize(1);
    assertThat(emulator.requestCount()).isEqualTo(1);
  }

  @Test
  void givenAStreamThrottledBeforeItsFirstToken_thenItIsRetriedAndStreams() {
    emulator.enqueue(Reply.rateLimited(Duration.ofMillis(5)), Reply.text("streamed after all"));

    ChatResponse whole;
    try (ChatStream stream = client(Fixtures.fastRetries(2)).stream(ChatRequest.of("gpt-4.1", "hi"))) {
      whole = stream.response();
    }

    assertThat(whole.text()).isEqualTo("streamed after all");
    assertThat(whole.attempts()).hasSize(2);
    assertThat(whole.attempts().get(0).retryDelay()).isEqualTo(Duration.ofMillis(5));
  }
}
