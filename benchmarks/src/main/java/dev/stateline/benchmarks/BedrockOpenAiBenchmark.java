/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.benchmarks;

import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.aws.BedrockOpenAi;
import dev.stateline.chat.ChatRequest;
import dev.stateline.placement.CallKind;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.workload.WorkloadMap;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okio.ByteString;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * One non-streaming Responses API call to Bedrock's OpenAI-compatible endpoint (bedrock-runtime
 * {@code /openai/v1/responses}), SigV4-signed, over loopback HTTP:
 *
 * <ul>
 *   <li>{@code floor}: {@link SignedFloorClient}, OkHttp + Moshi + the AWS SDK's signer by hand;
 *   <li>{@code floorUnsigned}: the same call without the signature (the floor minus signing);
 *   <li>{@code stateline}: a {@link StatelineClient} with one {@code BedrockOpenAi} target (static
 *       credentials, endpoint override to the loopback server), the standard placement policy with
 *       stateless calls allowed on {@code aws.bedrock}, the default retry policy and a
 *       {@link WorkloadMap} listener; every call signed afresh;
 *   <li>{@code sign}: the signing step alone (the floor's), to report what SigV4 costs per call.
 * </ul>
 * Floor and Stateline share one OkHttpClient. Throughput, 1 thread, with the GC profiler and
 * {@link ClientCostProfiler}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BedrockOpenAiBenchmark {
  static final String PROFILE = "us.openai.gpt-5.6-sol";
  private static final AwsBasicCredentials CREDENTIALS =
      AwsBasicCredentials.create("AKIDLOOPBACKBENCH001", "loopback-benchmark-secret-key-000000000");

  private LoopbackServer server;
  private OkHttpClient okHttp;
  private SignedFloorClient floor;
  private StatelineClient stateline;
  private ChatRequest request;
  private ByteString body;

  @Setup
  public void setUp() {
    server = LoopbackServer.start();
    okHttp = new OkHttpClient.Builder()
        .connectionPool(new ConnectionPool(64, 5, TimeUnit.MINUTES))
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(120))
        .build();
    String root = server.baseUrl().substring(0, server.baseUrl().length() - "/v1".length());
    floor = new SignedFloorClient(okHttp, HttpUrl.get(root + "/openai/v1/responses"), PROFILE, CREDENTIALS,
        "us-east-1");
    Target target = BedrockOpenAi.target("aws-loopback")
        .region("us-east-1")
        .model("gpt", PROFILE)
        .credentialsProvider(StaticCredentialsProvider.create(CREDENTIALS))
        .endpointOverride(URI.create(root + "/"))
        .httpClient(okHttp)
        .build();
    stateline = StatelineClient.builder()
        .target(target)
        .placement(PlacementPolicy.standard().allowProvider(CallKind.STATELESS, "aws.bedrock"))
        .retryPolicy(RetryPolicy.defaults())
        .telemetry(new WorkloadMap())
        .build();
    request = ChatRequest.of("gpt", Canned.PROMPT);
    body = floor.body(Canned.PROMPT);
    verify();
  }

  /** Fails unless both get the canned answer: a benchmark of a broken call is worthless. */
  private void verify() {
    int expected = Canned.ANSWER.length();
    for (String text : new String[] {floor(), floorUnsigned(), stateline()}) {
      if (text == null || text.length() != expected) {
        throw new IllegalStateException("expected " + expected + " characters of answer, got " + text);
      }
    }
  }

  @TearDown
  public void tearDown() {
    stateline.close();
    okHttp.dispatcher().executorService().shutdown();
    okHttp.connectionPool().evictAll();
    server.close();
  }

  @Benchmark
  public String floor() {
    return floor.respond(Canned.PROMPT).text();
  }

  @Benchmark
  public String floorUnsigned() {
    return floor.respondUnsigned(Canned.PROMPT).text();
  }

  @Benchmark
  public String stateline() {
    return stateline.chat(request).text();
  }

  /** SigV4 alone: sign the call's body (what every attempt of both clients does once). */
  @Benchmark
  public Request sign() {
    return floor.signed(body);
  }
}
