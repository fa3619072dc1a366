/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.benchmarks;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSource;

/**
 * The floor: the least a Java program must do to make the same Chat Completions call over OkHttp +
 * Moshi, by hand. It writes the same request body Stateline writes for {@code ChatRequest.of(model,
 * prompt)} with a streaming {@link JsonWriter}, and reads the same fields Stateline reads (id, model,
 * the first choice's content and finish_reason, usage) with a streaming {@link JsonReader} and
 * {@link JsonReader.Options}. No retries, no placement, no telemetry, no validation beyond the status
 * code. Thread-safe (the OkHttpClient is).
 */
final class FloorClient {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final JsonReader.Options TOP = JsonReader.Options.of("id", "model", "choices", "usage");
  private static final JsonReader.Options CHOICE = JsonReader.Options.of("index", "message", "delta", "finish_reason");
  private static final JsonReader.Options MESSAGE = JsonReader.Options.of("content");
  private static final JsonReader.Options USAGE =
      JsonReader.Options.of("prompt_tokens", "completion_tokens", "total_tokens");

  private final OkHttpClient http;
  private final okhttp3.HttpUrl url;
  private final String authorization;
  private final String model;

  FloorClient(OkHttpClient http, String baseUrl, String apiKey, String model) {
    this.http = http;
    this.url = okhttp3.HttpUrl.get(baseUrl + "/chat/completions");
    this.authorization = "Bearer " + apiKey;
    this.model = model;
  }

  /** What the floor extracts from a response; the same facts Stateline's ChatResponse carries. */
  record Result(String id, String model, String text, String finishReason, int inputTokens, int outputTokens) {}

  Result chat(String prompt) {
    return chat(prompt, 0);
  }

  /**
   * The call with an OkHttp call timeout of {@code callTimeoutNanos} (0: none), as Stateline sets one
   * for the caller's total budget: isolates what Okio's {@code AsyncTimeout} costs per call.
   */
  Result chat(String prompt, long callTimeoutNanos) {
    Call call;
    try {
      call = call(prompt, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (callTimeoutNanos > 0) {
      call.timeout().timeout(callTimeoutNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
    try (Response response = call.execute()) {
      if (!response.isSuccessful()) {
        throw new IllegalStateException("HTTP " + response.code());
      }
      return parse(JsonReader.of(response.body().source()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Streams the answer: reads the SSE lines and assembles the deltas into one text. */
  Result stream(String prompt) {
    try (Response response = call(prompt, true).execute()) {
      if (!response.isSuccessful()) {
        throw new IllegalStateException("HTTP " + response.code());
      }
      BufferedSource source = response.body().source();
      StringBuilder text = new StringBuilder();
      String id = null;
      String m = null;
      String finish = null;
      int in = 0;
      int out = 0;
      Buffer data = new Buffer();
      String line;
      while ((line = source.readUtf8Line()) != null) {
        if (!line.startsWith("data:")) {
          continue; // blank separators, comments
        }
        int start = line.length() > 5 && line.charAt(5) == ' ' ? 6 : 5;
        if (line.regionMatches(start, "[DONE]", 0, 6)) {
          break;
        }
        data.writeUtf8(line, start, line.length());
        Result chunk = parse(JsonReader.of(data), text);
        data.clear();
        id = chunk.id() != null ? chunk.id() : id;
        m = chunk.model() != null ? chunk.model() : m;
        finish = chunk.finishReason() != null ? chunk.finishReason() : finish;
        if (chunk.outputTokens() > 0) {
          in = chunk.inputTokens();
          out = chunk.outputTokens();
        }
      }
      return new Result(id, m, text.toString(), finish, in, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Call call(String prompt, boolean stream) throws IOException {
    Buffer body = new Buffer();
    try (JsonWriter w = JsonWriter.of(body)) {
      w.beginObject();
      w.name("model").value(model);
      w.name("messages").beginArray();
      w.beginObject().name("role").value("user").name("content").value(prompt).endObject();
      w.endArray();
      if (stream) {
        w.name("stream").value(true);
        w.name("stream_options").beginObject().name("include_usage").value(true).endObject();
      }
      w.endObject();
    }
    Request request = new Request.Builder()
        .url(url)
        .header("Authorization", authorization)
        .post(RequestBody.create(body.readByteString(), JSON))
        .build();
    return http.newCall(request);
  }

  private static Result parse(JsonReader r) throws IOException {
    StringBuilder text = new StringBuilder();
    Result res = parse(r, text);
    return new Result(res.id(), res.model(), text.toString(), res.finishReason(), res.inputTokens(),
        res.outputTokens());
  }

  /** Reads a completion or a chunk; the first choice's content (or delta content) goes to {@code text}. */
  private static Result parse(JsonReader r, StringBuilder text) throws IOException {
    String id = null;
    String m = null;
    String finish = null;
    int in = 0;
    int out = 0;
    r.beginObject();
    while (r.hasNext()) {
      switch (r.selectName(TOP)) {
        case 0 -> id = r.nextString();
        case 1 -> m = r.nextString();
        case 2 -> {
          r.beginArray();
          while (r.hasNext()) {
            r.beginObject();
            while (r.hasNext()) {
              switch (r.selectName(CHOICE)) {
                case 1, 2 -> {
                  if (r.peek() == JsonReader.Token.NULL) {
                    r.skipValue();
                    continue;
                  }
                  r.beginObject();
                  while (r.hasNext()) {
                    int f = r.selectName(MESSAGE);
                    if (f == 0 && r.peek() == JsonReader.Token.STRING) {
                      text.append(r.nextString());
                    } else {
                      if (f < 0) {
                        r.skipName();
                      }
                      r.skipValue();
                    }
                  }
                  r.endObject();
                }
                case 3 -> {
                  if (r.peek() == JsonReader.Token.NULL) {
                    r.skipValue();
                  } else {
                    finish = r.nextString();
                  }
                }
                case 0 -> r.skipValue();
                default -> {
                  r.skipName();
                  r.skipValue();
                }
              }
            }
            r.endObject();
          }
          r.endArray();
        }
        case 3 -> {
          if (r.peek() == JsonReader.Token.NULL) {
            r.skipValue();
            continue;
          }
          r.beginObject();
          while (r.hasNext()) {
            switch (r.selectName(USAGE)) {
              case 0 -> in = r.nextInt();
              case 1 -> out = r.nextInt();
              case 2 -> r.skipValue();
              default -> {
                r.skipName();
                r.skipValue();
              }
            }
          }
          r.endObject();
        }
        default -> {
          r.skipName();
          r.skipValue();
        }
      }
    }
    r.endObject();
    return new Result(id, m, null, finish, in, out);
  }
}
