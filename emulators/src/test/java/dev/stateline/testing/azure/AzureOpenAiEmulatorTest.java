/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import dev.stateline.chat.ContentFilterCategory;
import dev.stateline.chat.ContentFilterCategory.Severity;
import dev.stateline.testing.openai.OpenAiEmulator;
import dev.stateline.testing.openai.Reply;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Azure emulator at the wire: paths, api-version, credentials, annotations, errors and headers. */
@SuppressWarnings("unchecked")
class AzureOpenAiEmulatorTest {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final String CHAT = "{\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}";

  private final OkHttpClient http = new OkHttpClient();
  private AzureOpenAiEmulator azure;

  @BeforeEach
  void start() {
    azure = AzureOpenAiEmulator.builder().deployment("gpt41-prod", "gpt-4.1-2025-04-14").region("Sweden Central")
        .quota(10, 10_000).build().start();
  }

  @AfterEach
  void stop() {
    azure.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private Response post(String path, String body, String header, String value) throws IOException {
    Request.Builder b = new Request.Builder().url(azure.url(path)).post(RequestBody.create(body, JSON));
    if (header != null) {
      b.header(header, value);
    }
    return http.newCall(b.build()).execute();
  }

  private Response postWithKey(String path, String body) throws IOException {
    return post(path, body, "api-key", azure.apiKey());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(String text) throws IOException {
    return (Map<String, Object>) new Moshi.Builder().build().adapter(Object.class).fromJson(text);
  }

  @Test
  void deploymentForm_withoutApiVersion_isAzures404_andWithOne_answersAsTheDeploymentsModel() throws IOException {
    try (Response missing = postWithKey("/openai/deployments/gpt41-prod/chat/completions", CHAT)) {
      assertThat(missing.code()).isEqualTo(404);
      assertThat(missing.body().string()).contains("\"code\":\"404\"", "Resource not found");
    }
    try (Response ok = postWithKey("/openai/deployments/gpt41-prod/chat/completions?api-version=2024-10-21", CHAT)) {
      assertThat(ok.code()).isEqualTo(200);
      assertThat(ok.header("apim-request-id")).startsWith("apim-emu-");
      assertThat(ok.header("x-request-id")).isNotBlank();
      assertThat(ok.header("x-ms-region")).isEqualTo("Sweden Central");
      Map<String, Object> body = json(ok.body().string());
      assertThat(body.get("model")).isEqualTo("gpt-4.1-2025-04-14");
      assertThat(body.get("created")).isInstanceOf(Double.class).isEqualTo(1.76e9);
      Map<String, Object> choice = (Map<String, Object>) ((List<Object>) body.get("choices")).get(0);
      assertThat(((Map<String, Object>) choice.get("message")).get("content")).isEqualTo("echo: hello there");
      assertThat((Map<String, Object>) choice.get("content_filter_results"))
          .containsKeys("hate", "self_harm", "sexual", "violence", "protected_material_code", "protected_material_text");
      List<Object> prompt = (List<Object>) body.get("prompt_filter_results");
      assertThat((Map<String, Object>) prompt.get(0)).containsEntry("prompt_index", 0.0);
      assertThat(((Map<String, Object>) ((Map<String, Object>) prompt.get(0)).get("content_filter_results")))
          .containsEntry("jailbreak", Map.of("filtered", false, "detected", false))
          .containsEntry("hate", Map.of("filtered", false, "severity", "safe"));
    }
    assertThat(azure.requests()).extracting(r -> r.path()).containsExactly(
        "/openai/deployments/gpt41-prod/chat/completions",
        "/openai/deployments/gpt41-prod/chat/completions?api-version=2024-10-21");
  }

  @Test
  void v1Form_takesTheDeploymentFromTheBodysModel() throws IOException {
    try (Response ok = postWithKey("/openai/v1/chat/completions",
        "{\"model\":\"gpt41-prod\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")) {
      assertThat(ok.code()).isEqualTo(200);
      assertThat(json(ok.body().string()).get("model")).isEqualTo("gpt-4.1-2025-04-14");
    }
    try (Response unknown = postWithKey("/openai/v1/chat/completions",
        "{\"model\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")) {
      assertThat(unknown.code()).isEqualTo(404);
      assertThat(unknown.body().string()).contains("DeploymentNotFound");
    }
    try (Response noModel = postWithKey("/openai/v1/chat/completions", CHAT)) {
      assertThat(noModel.code()).isEqualTo(400);
    }
    try (Response badVersion = postWithKey("/openai/v1/chat/completions?api-version=2024-10-21",
        "{\"model\":\"gpt41-prod\",\"messages\":[]}")) {
      assertThat(badVersion.code()).isEqualTo(404);
    }
    try (Response responses = postWithKey("/openai/v1/responses", "{\"model\":\"gpt41-prod\",\"input\":\"hi\"}")) {
      assertThat(responses.code()).isEqualTo(200);
      Map<String, Object> body = json(responses.body().string());
      assertThat(body.get("object")).isEqualTo("response");
      assertThat(body).doesNotContainKey("prompt_filter_results");
    }
    assertThat(azure.requests().get(4).operation()).isEqualTo(OpenAiEmulator.Operation.RESPONSES);
  }

  @Test
  void credentials_apiKeyOrAcceptedBearerToken_elseAzures401() throws IOException {
    String path = "/openai/deployments/gpt41-prod/chat/completions?api-version=2024-10-21";
    try (Response none = post(path, CHAT, null, null)) {
      assertThat(none.code()).isEqualTo(401);
      assertThat(none.body().string()).contains("Access denied due to invalid subscription key");
    }
    try (Response wrongKey = post(path, CHAT, "api-key", "not-the-key")) {
      assertThat(wrongKey.code()).isEqualTo(401);
    }
    try (Response token = post(path, CHAT, "Authorization", "Bearer " + AzureOpenAiEmulator.DEFAULT_BEARER_TOKEN)) {
      assertThat(token.code()).isEqualTo(200);
    }
    try (Response unknownToken = post(path, CHAT, "Authorization", "Bearer renewed-token")) {
      assertThat(unknownToken.code()).isEqualTo(401);
      assertThat(unknownToken.body().string()).contains("Access token is missing, invalid");
    }
    azure.acceptBearerToken("renewed-token");
    try (Response renewed = post(path, CHAT, "Authorization", "Bearer renewed-token")) {
      assertThat(renewed.code()).isEqualTo(200);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void streams_leadWithThePromptAnnotation_andAnnotateEveryChoiceChunk() throws IOException {
    azure.enqueue(AzureReply.of(Reply.text("one two three").withFinishReason("content_filter"))
        .withCompletionAnnotations(ContentFilterCategory.ofSeverity("violence", true, Severity.HIGH)));
    List<Map<String, Object>> chunks = new ArrayList<>();
    try (Response stream = postWithKey("/openai/deployments/gpt41-prod/chat/completions?api-version=2024-10-21",
        "{\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")) {
      assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
      String text = stream.body().string();
      assertThat(text).endsWith("data: [DONE]\n\n");
      for (String event : text.split("\n\n")) {
        if (!event.equals("data: [DONE]")) {
          chunks.add(json(event.substring("data: ".length())));
        }
      }
    }
    Map<String, Object> first = chunks.get(0);
    assertThat((List<Object>) first.get("choices")).isEmpty();
    assertThat(first).containsKey("prompt_filter_results");
    Map<String, Object> roleChoice = (Map<String, Object>) ((List<Object>) chunks.get(1).get("choices")).get(0);
    assertThat((Map<String, Object>) roleChoice.get("content_filter_results")).isEmpty();
    Map<String, Object> content = (Map<String, Object>) ((List<Object>) chunks.get(2).get("choices")).get(0);
    assertThat((Map<String, Object>) content.get("content_filter_results"))
        .containsEntry("violence", Map.of("filtered", false, "severity", "safe"));
    Map<String, Object> finish = chunks.stream()
        .flatMap(c -> ((List<Object>) c.get("choices")).stream())
        .map(c -> (Map<String, Object>) c)
        .filter(c -> c.get("finish_reason") != null)
        .findFirst().orElseThrow();
    assertThat(finish.get("finish_reason")).isEqualTo("content_filter");
    assertThat((Map<String, Object>) finish.get("content_filter_results"))
        .containsEntry("violence", Map.of("filtered", true, "severity", "high"));
    assertThat(chunks.get(chunks.size() - 1)).containsKey("usage");
  }

  @Test
  @SuppressWarnings("unchecked")
  void contentFilterError_isA400WithTheInnerErrorsResults() throws IOException {
    azure.enqueue(AzureReply.contentFilterError(ContentFilterCategory.ofDetection("jailbreak", true, true),
        ContentFilterCategory.ofDetection("custom_blocklist", true, true).withId("banned-words")));
    try (Response refused = postWithKey("/openai/deployments/gpt41-prod/chat/completions?api-version=2024-10-21", CHAT)) {
      assertThat(refused.code()).isEqualTo(400);
      Map<String, Object> error = (Map<String, Object>) json(refused.body().string()).get("error");
      assertThat(error).containsEntry("code", "content_filter").containsEntry("param", "prompt");
      Map<String, Object> inner = (Map<String, Object>) error.get("innererror");
      assertThat(inner).containsEntry("code", "ResponsibleAIPolicyViolation");
      assertThat((Map<String, Object>) inner.get("content_filter_result"))
          .containsEntry("jailbreak", Map.of("filtered", true, "detected", true))
          .containsEntry("custom_blocklists", List.of(Map.of("filtered", true, "id", "banned-words")));
    }
  }

  @Test
  void throttling_and_rateLimitHeaders() throws IOException {
    String path = "/openai/deployments/gpt41-prod/chat/completions?api-version=2024-10-21";
    try (Response first = postWithKey(path, CHAT)) {
      assertThat(first.header("x-ratelimit-remaining-requests")).isEqualTo("9");
      assertThat(Long.parseLong(first.header("x-ratelimit-remaining-tokens"))).isLessThan(10_000);
    }
    try (Response second = postWithKey(path, CHAT)) {
      assertThat(second.header("x-ratelimit-remaining-requests")).isEqualTo("8");
    }
    azure.enqueue(AzureReply.rateLimited(Duration.ofMillis(1500)));
    try (Response throttled = postWithKey(path, CHAT)) {
      assertThat(throttled.code()).isEqualTo(429);
      assertThat(throttled.header("retry-after-ms")).isEqualTo("1500");
      assertThat(throttled.header("retry-after")).isEqualTo("2");
      assertThat(throttled.header("x-ratelimit-remaining-requests")).isEqualTo("0");
      assertThat(throttled.body().string()).contains("\"code\":\"429\"", "Please retry after 2 seconds");
    }
    azure.enqueue(AzureReply.text("x").withRateLimitHeaders(-1, -1));
    try (Response untracked = postWithKey(path, CHAT)) {
      assertThat(untracked.header("x-ratelimit-remaining-tokens")).isEqualTo("-1");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void scriptedOpenAiFaultsPassThrough_andAnnotationsCanBeTurnedOff() throws IOException {
    String path = "/openai/deployments/gpt41-prod/chat/completions?api-version=2024-10-21";
    azure.enqueue(AzureReply.of(Reply.serverError(503)), AzureReply.text("plain").withoutAnnotations(),
        AzureReply.text("err").withCompletionFilterError());
    try (Response failed = postWithKey(path, CHAT)) {
      assertThat(failed.code()).isEqualTo(503);
      assertThat(failed.header("apim-request-id")).isNotNull();
    }
    try (Response plain = postWithKey(path, CHAT)) {
      String body = plain.body().string();
      assertThat(body).doesNotContain("content_filter_results", "prompt_filter_results").contains("plain");
    }
    try (Response errored = postWithKey(path, CHAT)) {
      Map<String, Object> choice = (Map<String, Object>) ((List<Object>) json(errored.body().string()).get("choices")).get(0);
      assertThat((Map<String, Object>) choice.get("content_filter_results")).containsEntry("error",
          Map.of("code", "content_filter_error", "message", "The contents are not filtered"));
    }
  }
}
