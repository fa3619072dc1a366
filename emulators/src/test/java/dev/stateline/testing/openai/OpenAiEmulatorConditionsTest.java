/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.testing.Conditions;
import java.io.IOException;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Conditions on the OpenAI emulator: faults in OpenAI's wire shapes, the script first, a region. */
class OpenAiEmulatorConditionsTest {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final String CHAT = "{\"model\":\"gpt-4.1\",\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}";
  private static final String STREAM = "{\"model\":\"gpt-4.1\",\"stream\":true,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}";

  private final OkHttpClient http = new OkHttpClient();
  private final OpenAiEmulator emulator = OpenAiEmulator.builder().region("eu").build().start();

  @AfterEach
  void stop() {
    emulator.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private Response post(String body) throws IOException {
    return http.newCall(new Request.Builder()
        .url(emulator.baseUrl().resolve("chat/completions"))
        .header("Authorization", "Bearer " + emulator.apiKey())
        .post(RequestBody.create(body, JSON))
        .build()).execute();
  }

  @Test
  void givenABurstEveryThirdRequest_thenTheThirdIsA429WithRetryAfter_andTheOthersAnswer() throws IOException {
    emulator.conditions(Conditions.builder().rateLimitBursts(3, 1, Duration.ofMillis(20)).build());

    for (int i = 1; i <= 2; i++) {
      try (Response ok = post(CHAT)) {
        assertThat(ok.code()).isEqualTo(200);
      }
    }
    try (Response throttled = post(CHAT)) {
      assertThat(throttled.code()).isEqualTo(429);
      assertThat(throttled.header("retry-after-ms")).isEqualTo("20");
      assertThat(throttled.header("retry-after")).isEqualTo("1");
      assertThat(throttled.body().string()).contains("\"code\":\"rate_limit_exceeded\"");
    }
  }

  @Test
  void givenAnOutage_thenRequestsAre503_untilTheConditionsAreLifted_andAScriptedReplyStillWins() throws IOException {
    emulator.conditions(Conditions.outage());
    try (Response down = post(CHAT)) {
      assertThat(down.code()).isEqualTo(503);
      assertThat(down.body().string()).contains("\"type\":\"server_error\"");
    }
    emulator.enqueue(Reply.text("scripted"));
    try (Response scripted = post(CHAT)) {
      assertThat(scripted.code()).isEqualTo(200);
      assertThat(scripted.body().string()).contains("scripted");
    }

    emulator.conditions(Conditions.none());
    try (Response up = post(CHAT)) {
      assertThat(up.code()).isEqualTo(200);
      assertThat(up.body().string()).contains("echo: hello there");
    }
    assertThat(emulator.conditions()).isSameAs(Conditions.none());
  }

  @Test
  void givenTruncatedStreams_thenAStreamStopsWithoutItsEnd_butAWholeAnswerIsWhole() throws IOException {
    emulator.conditions(Conditions.builder().truncatedStreams(1.0).build());

    try (Response stream = post(STREAM)) {
      String sse = stream.body().string();
      assertThat(sse).contains("\"content\":\"echo:\"").doesNotContain("[DONE]").doesNotContain("\"finish_reason\":\"stop\"");
    }
    try (Response whole = post(CHAT)) {
      assertThat(whole.body().string()).contains("\"content\":\"echo: hello there\"");
    }
  }

  @Test
  void theRegionIsAnIdentity_usByDefault() {
    assertThat(emulator.region()).isEqualTo("eu");
    try (OpenAiEmulator plain = OpenAiEmulator.create()) {
      assertThat(plain.region()).isEqualTo(OpenAiEmulator.DEFAULT_REGION).isEqualTo("us");
    }
  }
}
