/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.azure;

import static dev.stateline.azure.AzureFixtures.ALIAS;
import static dev.stateline.azure.AzureFixtures.DEPLOYMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stateline.ChatStream;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.InvalidRequestException;
import dev.stateline.error.RateLimitedException;
import dev.stateline.placement.Attempt;
import dev.stateline.testing.FakeChatModel;
import dev.stateline.testing.azure.AzureOpenAiEmulator;
import dev.stateline.testing.azure.AzureReply;
import dev.stateline.testing.openai.Reply;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Azure's 429s feed the client's retry policy; rate-limit headers land in the target's snapshot. */
class AzureThrottlingTest {
  private AzureOpenAiEmulator azure;
  private StatelineClient client;
  private Target target;

  @BeforeEach
  void start() {
    azure = AzureOpenAiEmulator.builder().deployment(DEPLOYMENT, AzureFixtures.MODEL)
        .deployment("mini-prod", "gpt-4.1-mini-2025-04-14").quota(100, 50_000).build().start();
    target = AzureFixtures.target(azure).deployment("gpt-4.1-mini", "mini-prod").build();
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    azure.close();
  }

  @Test
  void givenA429WithRetryAfterMs_whenRetried_thenTheProvidersWaitIsHonouredAndTheCallSucceeds() {
    client = AzureFixtures.client(target, AzureFixtures.fastRetries(3));
    azure.enqueue(AzureReply.rateLimited(Duration.ofMillis(25)), AzureReply.text("after the wait"));

    ChatResponse answer = client.chat(ChatRequest.of(ALIAS, "hi"));

    assertThat(answer.text()).isEqualTo("after the wait");
    assertThat(answer.attempts()).hasSize(2);
    Attempt throttled = answer.attempts().get(0);
    assertThat(throttled.errorType()).isEqualTo("RateLimitedException");
    // retry-after-ms (25) wins over the coarser retry-after (1 s) and over the 1-2 ms backoff.
    assertThat(throttled.retryDelay()).isEqualTo(Duration.ofMillis(25));
    assertThat(azure.requestCount()).isEqualTo(2);
  }

  @Test
  void givenOnly429s_thenTheLastRateLimitedExceptionCarriesRetryAfterAndTheRequestId() {
    client = AzureFixtures.client(target, AzureFixtures.fastRetries(2));
    azure.enqueue(AzureReply.rateLimited(Duration.ofMillis(3)), AzureReply.rateLimited(Duration.ofMillis(4)));

    RateLimitedException limited = catchThrowableOfType(RateLimitedException.class,
        () -> client.chat(ChatRequest.of(ALIAS, "hi")));

    assertThat(limited.retryAfter()).contains(Duration.ofMillis(4));
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.requestId()).startsWith("apim-emu-");
    assertThat(limited.getMessage()).contains("exceeded call rate limit");
    assertThat(limited.attempts()).hasSize(2);
  }

  @Test
  void givenA429WithOnlyRetryAfterSeconds_thenThatIsTheWait() {
    client = AzureFixtures.client(target, RetryPolicy.none());
    azure.enqueue(AzureReply.of(Reply.error(429, null, "429", "Rate limit is exceeded. Try again in 7 seconds.")
        .withHeader("retry-after", "7")));

    RateLimitedException limited = catchThrowableOfType(RateLimitedException.class,
        () -> client.chat(ChatRequest.of(ALIAS, "hi")));

    assertThat(limited.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(limited.isRetryable()).isTrue();
  }

  @Test
  void givenAnAliasMappedToADeploymentTheResourceDoesNotHave_thenItIsAnInvalidRequest() {
    client = AzureFixtures.client(AzureFixtures.target(azure).deployment("ghost", "no-such-deployment").build(),
        AzureFixtures.fastRetries(3));

    InvalidRequestException missing = catchThrowableOfType(InvalidRequestException.class,
        () -> client.chat(ChatRequest.of("ghost", "hi")));

    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.info().errorCode()).isEqualTo("DeploymentNotFound");
    assertThat(missing.getMessage()).contains("the model or deployment was not found");
    assertThat(azure.requestCount()).isEqualTo(1); // not retried
  }

  @Test
  void givenAThrottledStream_whenRetried_thenTheStreamAnswers() {
    client = AzureFixtures.client(target, AzureFixtures.fastRetries(3));
    azure.enqueue(AzureReply.rateLimited(Duration.ofMillis(2)), AzureReply.text("streamed"));

    try (ChatStream stream = client.stream(ChatRequest.of(ALIAS, "hi"))) {
      stream.forEach(e -> { });
      assertThat(stream.response().text()).isEqualTo("streamed");
      assertThat(stream.response().attempts()).hasSize(2);
    }
  }

  @Test
  void rateLimitHeaders_areRecordedPerDeployment_latestWins_and429sCountToo() {
    client = AzureFixtures.client(target, RetryPolicy.none());
    AzureRateLimits limits = AzureOpenAi.rateLimits(target);
    assertThat(limits.latest()).isEmpty();

    client.chat(ChatRequest.of(ALIAS, "one"));
    AzureRateLimits.Snapshot first = limits.latest(DEPLOYMENT).orElseThrow();
    assertThat(first.remainingRequests()).isEqualTo(OptionalLong.of(99));
    assertThat(first.remainingTokens().getAsLong()).isLessThan(50_000).isPositive();
    assertThat(first.observedAt()).isNotNull();

    client.chat(ChatRequest.of(ALIAS, "two"));
    assertThat(limits.latest(DEPLOYMENT).orElseThrow().remainingRequests()).isEqualTo(OptionalLong.of(98));

    client.chat(ChatRequest.of("gpt-4.1-mini", "other deployment"));
    assertThat(limits.latest("mini-prod").orElseThrow().remainingRequests()).isEqualTo(OptionalLong.of(99));
    assertThat(limits.latest().orElseThrow().deployment()).isEqualTo("mini-prod");
    assertThat(limits.byDeployment()).containsOnlyKeys(DEPLOYMENT, "mini-prod");

    azure.enqueue(AzureReply.rateLimited(Duration.ofMillis(1)));
    assertThatThrownBy(() -> client.chat(ChatRequest.of(ALIAS, "throttled"))).isInstanceOf(RateLimitedException.class);
    assertThat(limits.latest(DEPLOYMENT).orElseThrow().remainingRequests()).isEqualTo(OptionalLong.of(0));
  }

  @Test
  void untrackedLimits_minusOne_doNotOverwriteWhatWasKnown() {
    client = AzureFixtures.client(target, RetryPolicy.none());
    AzureRateLimits limits = AzureOpenAi.rateLimits(target);
    client.chat(ChatRequest.of(ALIAS, "one"));
    AzureRateLimits.Snapshot known = limits.latest(DEPLOYMENT).orElseThrow();

    azure.enqueue(AzureReply.text("x").withRateLimitHeaders(-1, -1));
    client.chat(ChatRequest.of(ALIAS, "two"));

    assertThat(limits.latest(DEPLOYMENT)).contains(known);
  }

  @Test
  void concurrentCalls_recordWithoutLosingTheSnapshot() throws Exception {
    client = AzureFixtures.client(target, RetryPolicy.none());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch done = new CountDownLatch(40);
    for (int i = 0; i < 40; i++) {
      pool.execute(() -> {
        try {
          client.chat(ChatRequest.of(ALIAS, "parallel"));
        } finally {
          done.countDown();
        }
      });
    }
    assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
    pool.shutdown();

    // 40 requests from a budget of 100: every response reported a value in [60, 99].
    long remaining = AzureOpenAi.rateLimits(target).latest(DEPLOYMENT).orElseThrow().remainingRequests().getAsLong();
    assertThat(remaining).isBetween(60L, 99L);
    assertThat(azure.requestCount()).isEqualTo(40);
  }

  @Test
  void rateLimitsOfATargetThatIsNotAzure_isAClearError() {
    Target other = Target.builder("fake", new FakeChatModel()).model("m").build();

    assertThatThrownBy(() -> AzureOpenAi.rateLimits(other)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'fake' is not an Azure OpenAI target");
  }
}
