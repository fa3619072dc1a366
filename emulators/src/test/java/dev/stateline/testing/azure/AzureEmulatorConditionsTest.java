/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.testing.Conditions;
import dev.stateline.testing.openai.Reply;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Conditions on the Azure emulator: Azure-shaped faults, latency, and slow replies that do not block others. */
class AzureEmulatorConditionsTest {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final String PATH = "/openai/deployments/gpt41-prod/chat/completions?api-version=2024-10-21";
  private static final String CHAT = "{\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}";
  private static final String STREAM = "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}";

  private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(5)).build();
  private final AzureOpenAiEmulator azure = AzureOpenAiEmulator.builder()
      .deployment("gpt41-prod", "gpt-4.1-2025-04-14").region("West Europe").build().start();

  @AfterEach
  void stop() {
    azure.close();
    http.dispatcher().cancelAll();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private Call call(OkHttpClient client, String body) {
    return client.newCall(new Request.Builder().url(azure.url(PATH)).header("api-key", azure.apiKey())
        .post(RequestBody.create(body, JSON)).build());
  }

  @Test
  void givenABurst_thenAzuresThrottlingAnswer_withRetryAfterMsAndTheRegion() throws IOException {
    azure.conditions(Conditions.builder().rateLimitBursts(1, 1, Duration.ofMillis(250)).build());

    try (Response r = call(http, CHAT).execute()) {
      assertThat(r.code()).isEqualTo(429);
      assertThat(r.header("retry-after-ms")).isEqualTo("250");
      assertThat(r.header("retry-after")).isEqualTo("1");
      assertThat(r.header("x-ms-region")).isEqualTo("West Europe");
      assertThat(r.header("x-ratelimit-remaining-requests")).isEqualTo("0");
      assertThat(r.body().string()).contains("\"code\":\"429\"", "exceeded call rate limit");
    }
  }

  @Test
  void givenServerErrors_thenAzuresErrorBody_503Or500() throws IOException {
    azure.conditions(Conditions.outage());
    try (Response r = call(http, CHAT).execute()) {
      assertThat(r.code()).isEqualTo(503);
      assertThat(r.body().string()).contains("\"code\":\"ServiceUnavailable\"");
      assertThat(r.header("apim-request-id")).startsWith("apim-emu-");
    }
    azure.conditions(Conditions.builder().serverErrors(1.0, 500).build());
    try (Response r = call(http, CHAT).execute()) {
      assertThat(r.code()).isEqualTo(500);
      assertThat(r.body().string()).contains("\"code\":\"InternalServerError\"");
    }
  }

  @Test
  void givenTruncatedStreams_thenTheAnnotatedStreamStopsAfterSomeText() throws IOException {
    azure.conditions(Conditions.builder().truncatedStreams(1.0).build());

    try (Response r = call(http, STREAM).execute()) {
      assertThat(r.code()).isEqualTo(200);
      String sse = r.body().string();
      assertThat(sse).contains("prompt_filter_results", "\"content\":\"echo:\"").doesNotContain("[DONE]");
    }
  }

  @Test
  void givenLatencyLongerThanTheClientWaits_thenTheClientTimesOut_andWithoutItTheAnswerComes() throws IOException {
    OkHttpClient impatient = http.newBuilder().readTimeout(Duration.ofMillis(300)).build();
    azure.conditions(Conditions.latency(Duration.ofSeconds(20)));
    assertThatThrownBy(() -> call(impatient, CHAT).execute().close()).isInstanceOf(InterruptedIOException.class);

    azure.conditions(Conditions.none());
    try (Response r = call(http, CHAT).execute()) {
      assertThat(r.code()).isEqualTo(200);
    }
  }

  @Test
  void givenASlowScriptedReply_thenOtherRequestsAreAnsweredMeanwhile() throws Exception {
    azure.enqueue(AzureReply.of(Reply.text("slow").withHeadersDelay(Duration.ofSeconds(30))));
    Call slow = call(http, CHAT);
    Thread waiting = new Thread(() -> {
      try (Response r = slow.execute()) {
        r.body().string();
      } catch (IOException cancelled) {
        // cancelled at the end of the test
      }
    });
    waiting.start();
    while (azure.requestCount() < 1) {
      Thread.sleep(5);
    }

    try (Response fast = call(http, CHAT).execute()) {
      assertThat(fast.code()).isEqualTo(200);
      assertThat(fast.body().string()).contains("echo: hello there");
    }
    assertThat(waiting.isAlive()).as("the slow one is still waiting for its headers").isTrue();
    slow.cancel();
    waiting.join(5_000);
  }
}
