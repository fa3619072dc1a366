/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.benchmarks;

import dev.stateline.ChatStream;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.aws.Bedrock;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.placement.CallKind;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.workload.WorkloadMap;
import java.net.URI;
import java.util.concurrent.TimeUnit;
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
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

/**
 * Bedrock Converse and ConverseStream, SigV4-signed, over loopback HTTP/1.1 (the same server and
 * the same canned answers for every client):
 *
 * <ul>
 *   <li>{@code sdk}: the raw AWS SDK {@link BedrockRuntimeClient} on {@link UrlConnectionHttpClient}
 *       (the sync transport Stateline builds on), static credentials, endpoint override, SDK
 *       defaults otherwise; {@code sdkApache}: the same on {@link ApacheHttpClient} (its defaults);
 *   <li>{@code stateline}: a {@link StatelineClient} with one {@code Bedrock} target (static
 *       credentials, endpoint override), stateless calls allowed on {@code aws.bedrock}, the default
 *       retry policy and a {@link WorkloadMap} listener;
 *   <li>{@code sdkStream}: the raw {@link BedrockRuntimeAsyncClient} on Netty (HTTP/1.1, SDK
 *       defaults), its handler's visitor appending each text delta, joined;
 *   <li>{@code statelineStream}: {@code client.stream(...)} read to its end, the text assembled.
 * </ul>
 * Throughput, with the GC profiler and {@link ClientCostProfiler}; at 1 thread (group
 * {@code converse}) and 32 threads (group {@code converse32}, the sync transports under many callers).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BedrockConverseBenchmark {
  static final String MODEL_ID = "anthropic.claude-3-haiku-20240307-v1:0";
  private static final AwsBasicCredentials CREDENTIALS =
      AwsBasicCredentials.create("AKIDLOOPBACKBENCH001", "loopback-benchmark-secret-key-000000000");

  private LoopbackServer server;
  private SdkHttpClient urlConnection;
  private SdkHttpClient apache;
  private BedrockRuntimeClient sdk;
  private BedrockRuntimeClient sdkApache;
  private BedrockRuntimeAsyncClient sdkAsync;
  private StatelineClient stateline;
  private ChatRequest request;
  private ConverseRequest converse;
  private ConverseStreamRequest converseStream;

  @Setup
  public void setUp() {
    server = LoopbackServer.start();
    String root = server.baseUrl().substring(0, server.baseUrl().length() - "/v1".length());
    URI endpoint = URI.create(root);
    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(CREDENTIALS);
    urlConnection = UrlConnectionHttpClient.create();
    apache = ApacheHttpClient.create();
    sdk = BedrockRuntimeClient.builder().region(Region.US_EAST_1).credentialsProvider(credentials)
        .endpointOverride(endpoint).httpClient(urlConnection).build();
    sdkApache = BedrockRuntimeClient.builder().region(Region.US_EAST_1).credentialsProvider(credentials)
        .endpointOverride(endpoint).httpClient(apache).build();
    sdkAsync = BedrockRuntimeAsyncClient.builder().region(Region.US_EAST_1).credentialsProvider(credentials)
        .endpointOverride(endpoint)
        .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1))
        .build();
    Target target = Bedrock.target("aws-loopback")
        .region("us-east-1")
        .model("claude", MODEL_ID)
        .credentialsProvider(credentials)
        .endpointOverride(endpoint)
        .build();
    stateline = StatelineClient.builder()
        .target(target)
        .placement(PlacementPolicy.standard().allowProvider(CallKind.STATELESS, "aws.bedrock"))
        .retryPolicy(RetryPolicy.defaults())
        .telemetry(new WorkloadMap())
        .build();
    request = ChatRequest.of("claude", Canned.PROMPT);
    Message user = Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(Canned.PROMPT)).build();
    converse = ConverseRequest.builder().modelId(MODEL_ID).messages(user).build();
    converseStream = ConverseStreamRequest.builder().modelId(MODEL_ID).messages(user).build();
    verify();
  }

  /** Fails unless every client gets the canned answer: a benchmark of a broken call is worthless. */
  private void verify() {
    int expected = Canned.ANSWER.length();
    for (String text : new String[] {sdk(), sdkApache(), stateline()}) {
      if (text == null || text.length() != expected) {
        throw new IllegalStateException("expected " + expected + " characters of answer, got " + text);
      }
    }
    for (String text : new String[] {sdkStream(), statelineStream()}) {
      if (text == null || text.length() != Canned.STREAM_TEXT_LENGTH) {
        throw new IllegalStateException("expected " + Canned.STREAM_TEXT_LENGTH + " characters streamed, got "
            + (text == null ? null : text.length()));
      }
    }
  }

  @TearDown
  public void tearDown() {
    stateline.close();
    sdk.close();
    sdkApache.close();
    sdkAsync.close();
    urlConnection.close();
    apache.close();
    server.close();
  }

  @Benchmark
  public String sdk() {
    return sdk.converse(converse).output().message().content().get(0).text();
  }

  @Benchmark
  public String sdkApache() {
    return sdkApache.converse(converse).output().message().content().get(0).text();
  }

  @Benchmark
  public String stateline() {
    return stateline.chat(request).text();
  }

  @Benchmark
  public String sdkStream() {
    StringBuilder text = new StringBuilder();
    ConverseStreamResponseHandler handler = ConverseStreamResponseHandler.builder()
        .subscriber(ConverseStreamResponseHandler.Visitor.builder()
            .onContentBlockDelta(e -> {
              if (e.delta() != null && e.delta().text() != null) {
                text.append(e.delta().text());
              }
            })
            .build())
        .build();
    sdkAsync.converseStream(converseStream, handler).join();
    return text.toString();
  }

  @Benchmark
  public String statelineStream() {
    try (ChatStream stream = stateline.stream(request)) {
      for (ChatEvent ignored : stream) {
        // read to the end
      }
      return stream.response().text();
    }
  }
}
