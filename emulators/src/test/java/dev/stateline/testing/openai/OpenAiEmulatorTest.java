/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.openai;

import static org.assertj.core.api.Assertions.assertThat;

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

/** The emulator speaks OpenAI's wire format; checked here with a bare HTTP client. */
class OpenAiEmulatorTest {
  private static final MediaType JSON = MediaType.get("application/json");

  private final OkHttpClient http = new OkHttpClient();
  private OpenAiEmulator emulator;

  @BeforeEach
  void start() {
    emulator = OpenAiEmulator.create().start();
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private Response post(String path, String key, String body) throws IOException {
    return http.newCall(new Request.Builder()
        .url(emulator.baseUrl().resolve(path))
        .header("Authorization", "Bearer " + key)
        .post(RequestBody.create(body, JSON))
        .build()).execute();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String json) throws IOException {
    return (Map<String, Object>) OpenAiEmulator.JSON.fromJson(json);
  }

  private static List<String> dataLines(String sse) {
    List<String> out = new ArrayList<>();
    for (String line : sse.split("\n")) {
      if (line.startsWith("data: ")) {
        out.add(line.substring(6));
      }
    }
    return out;
  }

  @Test
  void givenNoScript_whenChatting_thenItEchoesTheLastUserMessageWithUsageAndRequestId() throws IOException {
    try (Response r = post("chat/completions", emulator.apiKey(),
        "{\"model\":\"gpt-4.1\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief\"},"
            + "{\"role\":\"user\",\"content\":\"Hello there\"}]}")) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("x-request-id")).startsWith("req_emu_");
      Map<String, Object> body = parse(r.body().string());
      assertThat(body.get("object")).isEqualTo("chat.completion");
      assertThat(body.get("model")).isEqualTo("gpt-4.1");
      Map<?, ?> choice = (Map<?, ?>) ((List<?>) body.get("choices")).get(0);
      assertThat(((Map<?, ?>) choice.get("message")).get("content")).isEqualTo("echo: Hello there");
      assertThat(choice.get("finish_reason")).isEqualTo("stop");
      Map<?, ?> usage = (Map<?, ?>) body.get("usage");
      assertThat(usage.get("prompt_tokens")).isEqualTo(4.0);
      assertThat(usage.get("completion_tokens")).isEqualTo(3.0);
    }
    assertThat(emulator.lastRequest().at("messages.1.content")).isEqualTo("Hello there");
    assertThat(emulator.lastRequest().operation()).isEqualTo(OpenAiEmulator.Operation.CHAT_COMPLETIONS);
  }

  @Test
  void givenAWrongKey_whenCalling_then401WithOpenAisErrorBodyAndAMaskedKey() throws IOException {
    try (Response r = post("chat/completions", "sk-wrong-key-123456789", "{\"messages\":[]}")) {
      assertThat(r.code()).isEqualTo(401);
      Map<?, ?> error = (Map<?, ?>) parse(r.body().string()).get("error");
      assertThat(error.get("code")).isEqualTo("invalid_api_key");
      assertThat((String) error.get("message")).startsWith("Incorrect API key provided: sk-wr")
          .doesNotContain("sk-wrong-key-123456789");
    }
  }

  @Test
  void givenAStreamWithIncludeUsage_thenChunksEndWithAUsageChunkAndDone() throws IOException {
    String body;
    try (Response r = post("chat/completions", emulator.apiKey(),
        "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"one two\"}]}")) {
      assertThat(r.header("Content-Type")).startsWith("text/event-stream");
      body = r.body().string();
    }
    List<String> data = dataLines(body);
    assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
    Map<String, Object> usageChunk = parse(data.get(data.size() - 2));
    assertThat((List<?>) usageChunk.get("choices")).isEmpty();
    assertThat(((Map<?, ?>) usageChunk.get("usage")).get("completion_tokens")).isEqualTo(3.0);
    StringBuilder text = new StringBuilder();
    for (String d : data.subList(0, data.size() - 2)) {
      Map<?, ?> choice = (Map<?, ?>) ((List<?>) parse(d).get("choices")).get(0);
      Object content = ((Map<?, ?>) choice.get("delta")).get("content");
      if (content != null) {
        text.append(content);
      }
    }
    assertThat(text.toString()).isEqualTo("echo: one two");
  }

  @Test
  void givenParallelToolCalls_whenStreamed_thenFragmentsInterleaveByIndex() throws IOException {
    emulator.enqueue(Reply.toolCalls(Reply.call("call_a", "weather", "{\"city\":\"Oslo\"}"),
        Reply.call("call_b", "time", "{\"zone\":\"CET\"}")));
    String body;
    try (Response r = post("chat/completions", emulator.apiKey(),
        "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")) {
      body = r.body().string();
    }
    List<Integer> order = new ArrayList<>();
    StringBuilder[] args = {new StringBuilder(), new StringBuilder()};
    for (String d : dataLines(body)) {
      if (d.equals("[DONE]")) {
        continue;
      }
      Map<?, ?> choice = (Map<?, ?>) ((List<?>) parse(d).get("choices")).get(0);
      Object calls = ((Map<?, ?>) choice.get("delta")).get("tool_calls");
      if (calls != null) {
        Map<?, ?> call = (Map<?, ?>) ((List<?>) calls).get(0);
        int index = ((Double) call.get("index")).intValue();
        order.add(index);
        args[index].append(((Map<?, ?>) call.get("function")).get("arguments"));
      }
    }
    assertThat(args[0].toString()).isEqualTo("{\"city\":\"Oslo\"}");
    assertThat(args[1].toString()).isEqualTo("{\"zone\":\"CET\"}");
    assertThat(order).containsSubsequence(0, 1, 0, 1);
  }

  @Test
  void givenARateLimitScripted_thenA429WithRetryHeadersThenTheEcho() throws IOException {
    emulator.enqueue(Reply.rateLimited(Duration.ofMillis(1500)));
    try (Response r = post("chat/completions", emulator.apiKey(), "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")) {
      assertThat(r.code()).isEqualTo(429);
      assertThat(r.header("retry-after-ms")).isEqualTo("1500");
      assertThat(r.header("retry-after")).isEqualTo("2");
      assertThat(((Map<?, ?>) parse(r.body().string()).get("error")).get("code")).isEqualTo("rate_limit_exceeded");
    }
    try (Response r = post("chat/completions", emulator.apiKey(), "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")) {
      assertThat(r.code()).isEqualTo(200);
    }
  }

  @Test
  void givenAStoredResponse_whenAFollowUpNamesIt_thenItIsAcceptedAndAnUnknownIdIsRefused() throws IOException {
    String firstId;
    try (Response r = post("responses", emulator.apiKey(), "{\"model\":\"m\",\"input\":\"first\"}")) {
      Map<String, Object> body = parse(r.body().string());
      assertThat(body.get("object")).isEqualTo("response");
      assertThat(body.get("status")).isEqualTo("completed");
      firstId = (String) body.get("id");
    }
    assertThat(emulator.isStored(firstId)).isTrue();
    try (Response r = post("responses", emulator.apiKey(),
        "{\"model\":\"m\",\"previous_response_id\":\"" + firstId + "\",\"input\":[{\"type\":\"message\","
            + "\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"second\"}]}]}")) {
      Map<?, ?> out = (Map<?, ?>) ((List<?>) parse(r.body().string()).get("output")).get(0);
      Map<?, ?> part = (Map<?, ?>) ((List<?>) out.get("content")).get(0);
      assertThat(part.get("text")).isEqualTo("echo: second (continuing " + firstId + ")");
    }
    try (Response r = post("responses", emulator.apiKey(), "{\"model\":\"m\",\"previous_response_id\":\"resp_nope\",\"input\":\"x\"}")) {
      assertThat(r.code()).isEqualTo(400);
      assertThat(((Map<?, ?>) parse(r.body().string()).get("error")).get("code")).isEqualTo("previous_response_not_found");
    }
  }

  @Test
  void givenAStreamedResponsesCall_thenTypedEventsEndWithResponseCompleted() throws IOException {
    String body;
    try (Response r = post("responses", emulator.apiKey(), "{\"model\":\"m\",\"stream\":true,\"input\":\"a b\"}")) {
      body = r.body().string();
    }
    List<String> types = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (line.startsWith("event: ")) {
        types.add(line.substring(7));
      }
    }
    assertThat(types).startsWith("response.created", "response.in_progress", "response.output_item.added")
        .contains("response.output_text.delta").endsWith("response.completed");
    assertThat(body).doesNotContain("[DONE]");
  }

  @Test
  void givenATruncatedStream_thenItStopsWithoutFinishOrDone() throws IOException {
    emulator.enqueue(Reply.truncatedStream("partial answer"));
    String body;
    try (Response r = post("chat/completions", emulator.apiKey(),
        "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")) {
      body = r.body().string();
    }
    assertThat(body).contains("partial").doesNotContain("[DONE]").doesNotContain("\"finish_reason\":\"stop\"");
  }
}
