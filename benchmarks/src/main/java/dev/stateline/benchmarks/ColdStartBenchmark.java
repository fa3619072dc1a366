/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.benchmarks;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.chat.ChatRequest;
import dev.stateline.openai.OpenAi;
import dev.stateline.placement.CallKind;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.workload.WorkloadMap;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Cold start: in a fresh JVM (one fork per measurement), build the client and make its first
 * non-streaming call. Only the loopback server is started beforehand. Single-shot time; the suite
 * runs several forks and no warm-up. Clients are not closed inside the measurement.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ColdStartBenchmark {
  private LoopbackServer server;
  private String base;

  @Setup
  public void setUp() {
    server = LoopbackServer.start();
    base = server.baseUrl();
  }

  @TearDown
  public void tearDown() {
    server.close();
  }

  @Benchmark
  public String floor() {
    return new FloorClient(new OkHttpClient(), base, Clients.KEY, Clients.MODEL).chat(Canned.PROMPT).text();
  }

  @Benchmark
  public String stateline() {
    StatelineClient client = StatelineClient.builder()
        .target(OpenAi.target("openai-loopback").baseUrl(base).apiKey(Clients.KEY).model(Clients.MODEL).build())
        .placement(PlacementPolicy.standard().allowProvider(CallKind.STATELESS, "openai"))
        .retryPolicy(RetryPolicy.defaults())
        .telemetry(new WorkloadMap())
        .build();
    return client.chat(ChatRequest.of(Clients.MODEL, Canned.PROMPT)).text();
  }

  @Benchmark
  public String openai() {
    OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(base).apiKey(Clients.KEY).build();
    return client.chat().completions().create(ChatCompletionCreateParams.builder().model(Clients.MODEL)
        .addUserMessage(Canned.PROMPT).build()).choices().get(0).message().content().orElse("");
  }

  @Benchmark
  public String langchain4j() {
    return OpenAiChatModel.builder().baseUrl(base).apiKey(Clients.KEY).modelName(Clients.MODEL).build()
        .chat(Canned.PROMPT);
  }
}
