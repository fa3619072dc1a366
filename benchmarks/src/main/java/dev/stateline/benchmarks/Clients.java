/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.benchmarks;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.stateline.ChatStream;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.openai.OpenAi;
import dev.stateline.placement.CallKind;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.workload.WorkloadMap;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The four clients under test, all pointed at one {@link LoopbackServer}, each making the same call
 * (model gpt-4.1, one user message {@link Canned#PROMPT}) and returning the answer's text:
 * <ul>
 *   <li>floor: {@link FloorClient}, OkHttp + Moshi by hand;
 *   <li>stateline: a {@link StatelineClient} with one OpenAI target, the standard placement policy
 *       (with {@code allowProvider(STATELESS, "openai")}, as OpenAI-direct is not a stateless host by
 *       default), the default retry policy and a {@link WorkloadMap} telemetry listener;
 *   <li>openai: the official OpenAI Java SDK ({@code com.openai:openai-java}, OkHttp transport);
 *   <li>langchain4j: LangChain4j's {@code OpenAiChatModel} / {@code OpenAiStreamingChatModel}.
 * </ul>
 * Floor and Stateline share one OkHttpClient whose pool keeps 64 idle connections (so 32 threads do
 * not churn connections); the peers use their own defaults, as an application would.
 */
final class Clients implements AutoCloseable {
  static final String MODEL = "gpt-4.1";
  static final String KEY = "sk-loopback-benchmark";

  final OkHttpClient okHttp;
  final FloorClient floor;
  final StatelineClient stateline;
  final WorkloadMap workloadMap = new WorkloadMap();
  final OpenAIClient openai;
  final ChatCompletionCreateParams openaiParams;
  final OpenAiChatModel lc4j;
  final OpenAiStreamingChatModel lc4jStreaming;
  private final ChatRequest request = ChatRequest.of(MODEL, Canned.PROMPT);

  Clients(String baseUrl) {
    this(baseUrl, 64);
  }

  /** Clients whose shared OkHttp pool keeps up to {@code idleConnections} idle connections. */
  Clients(String baseUrl, int idleConnections) {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(256);
    dispatcher.setMaxRequestsPerHost(256);
    okHttp = new OkHttpClient.Builder()
        .connectionPool(new ConnectionPool(idleConnections, 5, TimeUnit.MINUTES))
        .dispatcher(dispatcher)
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(120))
        .build();
    floor = new FloorClient(okHttp, baseUrl, KEY, MODEL);
    Target target = OpenAi.target("openai-loopback")
        .baseUrl(baseUrl)
        .apiKey(KEY)
        .model(MODEL)
        .httpClient(okHttp)
        .build();
    stateline = StatelineClient.builder()
        .target(target)
        .placement(PlacementPolicy.standard().allowProvider(CallKind.STATELESS, "openai"))
        .retryPolicy(RetryPolicy.defaults())
        .telemetry(workloadMap)
        .build();
    openai = OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey(KEY).build();
    openaiParams = ChatCompletionCreateParams.builder().model(MODEL).addUserMessage(Canned.PROMPT).build();
    lc4j = OpenAiChatModel.builder().baseUrl(baseUrl).apiKey(KEY).modelName(MODEL).build();
    lc4jStreaming = OpenAiStreamingChatModel.builder().baseUrl(baseUrl).apiKey(KEY).modelName(MODEL).build();
  }

  String floorChat() {
    return floor.chat(Canned.PROMPT).text();
  }

  /** The floor with a 10-minute OkHttp call timeout (Stateline's default total budget). */
  String floorTimeoutChat() {
    return floor.chat(Canned.PROMPT, TimeUnit.MINUTES.toNanos(10)).text();
  }

  String statelineChat() {
    return stateline.chat(request).text();
  }

  String openaiChat() {
    ChatCompletion c = openai.chat().completions().create(openaiParams);
    return c.choices().get(0).message().content().orElse("");
  }

  String lc4jChat() {
    return lc4j.chat(Canned.PROMPT);
  }

  String floorStream() {
    return floor.stream(Canned.PROMPT).text();
  }

  /** Iterates every event of the stream; the text is the assembled response's. */
  String statelineStream() {
    try (ChatStream stream = stateline.stream(request)) {
      ChatResponse done = null;
      for (ChatEvent e : stream) {
        if (e instanceof ChatEvent.Completed c) {
          done = c.response();
        }
      }
      return done == null ? "" : done.text();
    }
  }

  String openaiStream() {
    StringBuilder text = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> stream =
             openai.chat().completions().createStreaming(openaiParams)) {
      stream.stream().forEach(chunk -> {
        if (!chunk.choices().isEmpty()) {
          chunk.choices().get(0).delta().content().ifPresent(text::append);
        }
      });
    }
    return text.toString();
  }

  String lc4jStream() {
    CompletableFuture<String> done = new CompletableFuture<>();
    lc4jStreaming.chat(Canned.PROMPT, new StreamingChatResponseHandler() {
      @Override
      public void onPartialResponse(String partialResponse) {
        // the model assembles the text itself; the handler sees each delta
      }

      @Override
      public void onCompleteResponse(dev.langchain4j.model.chat.response.ChatResponse response) {
        done.complete(response.aiMessage().text());
      }

      @Override
      public void onError(Throwable error) {
        done.completeExceptionally(error);
      }
    });
    return done.join();
  }

  /** Fails unless every client gets the canned answer back: a benchmark of a broken call is worthless. */
  void verify() {
    check("floor chat", floorChat(), Canned.ANSWER.length());
    check("floor chat with call timeout", floorTimeoutChat(), Canned.ANSWER.length());
    check("stateline chat", statelineChat(), Canned.ANSWER.length());
    check("openai chat", openaiChat(), Canned.ANSWER.length());
    check("langchain4j chat", lc4jChat(), Canned.ANSWER.length());
    check("floor stream", floorStream(), Canned.STREAM_TEXT_LENGTH);
    check("stateline stream", statelineStream(), Canned.STREAM_TEXT_LENGTH);
    check("openai stream", openaiStream(), Canned.STREAM_TEXT_LENGTH);
    check("langchain4j stream", lc4jStream(), Canned.STREAM_TEXT_LENGTH);
  }

  private static void check(String what, String text, int expectedLength) {
    if (text == null || text.length() != expectedLength) {
      throw new IllegalStateException(what + ": expected " + expectedLength + " characters of answer, got "
          + (text == null ? "null" : text.length() + ": " + text.substring(0, Math.min(80, text.length()))));
    }
  }

  @Override
  public void close() {
    stateline.close();
    openai.close();
    okHttp.dispatcher().executorService().shutdown();
    okHttp.connectionPool().evictAll();
  }
}
