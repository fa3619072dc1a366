/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.fuzz;

import dev.stateline.Cancellation;
import dev.stateline.Target;
import dev.stateline.Timeouts;
import dev.stateline.aws.Bedrock;
import dev.stateline.chat.ChatRequest;
import dev.stateline.placement.CallKind;
import dev.stateline.spi.ModelCall;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * A Bedrock target whose SDK clients talk to in-memory HTTP clients instead of the network: every
 * call, sync ({@code Converse}) or async ({@code ConverseStream}), is answered with the reply set by
 * {@link #answer}, its body handed over in the given pieces (on another thread for the async client,
 * as a real transport would). So the fuzz targets drive the whole real path from response bytes:
 * the SDK's HTTP response handling, JSON unmarshalling and event-stream frame decoding, then
 * Stateline's mapping. One call at a time.
 */
final class InMemoryBedrock {
  static final String ALIAS = "gpt-oss";
  static final String MODEL_ID = "openai.gpt-oss-120b-1:0";
  /** Generous: nothing here waits on a network, so a timeout means a hang. */
  static final Timeouts TIMEOUTS = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(20));

  /** An HTTP response: status, headers and the body in pieces. */
  record Reply(int status, Map<String, String> headers, List<byte[]> body) {}

  private static final AtomicInteger CALLS = new AtomicInteger();
  private final ExecutorService transport = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "in-memory-bedrock");
    t.setDaemon(true);
    return t;
  });
  private volatile Reply reply = new Reply(500, Map.of(), List.of());
  final Target target;

  InMemoryBedrock() {
    StaticCredentialsProvider credentials =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDFUZZEXAMPLE", "fuzz/secret/key"));
    URI endpoint = URI.create("http://bedrock-runtime.fuzz.invalid");
    BedrockRuntimeClient sync = BedrockRuntimeClient.builder()
        .httpClient(new SyncHttp())
        .region(Region.EU_CENTRAL_1)
        .credentialsProvider(credentials)
        .endpointOverride(endpoint)
        .build();
    BedrockRuntimeAsyncClient async = BedrockRuntimeAsyncClient.builder()
        .httpClient(new AsyncHttp())
        .region(Region.EU_CENTRAL_1)
        .credentialsProvider(credentials)
        .endpointOverride(endpoint)
        .build();
    target = Bedrock.target("aws-fuzz").model(ALIAS, MODEL_ID).client(sync).asyncClient(async).build();
  }

  /** The reply to the next calls. */
  void answer(Reply reply) {
    this.reply = reply;
  }

  static ModelCall call(ChatRequest request, boolean streaming) {
    return ModelCall.create("fuzz-" + CALLS.incrementAndGet(), request, streaming, CallKind.STATELESS,
        TIMEOUTS, new Cancellation());
  }

  ModelCall callOnTarget(ChatRequest request, boolean streaming) {
    return call(request, streaming).withTarget(target, 1);
  }

  private static SdkHttpFullResponse head(Reply r) {
    SdkHttpFullResponse.Builder b = SdkHttpFullResponse.builder().statusCode(r.status());
    r.headers().forEach(b::putHeader);
    return b.build();
  }

  private static byte[] concat(List<byte[]> pieces) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    pieces.forEach(out::writeBytes);
    return out.toByteArray();
  }

  private final class SyncHttp implements SdkHttpClient {
    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
      Reply r = reply;
      return new ExecutableHttpRequest() {
        @Override
        public HttpExecuteResponse call() {
          return HttpExecuteResponse.builder()
              .response(head(r))
              .responseBody(AbortableInputStream.create(new ByteArrayInputStream(concat(r.body()))))
              .build();
        }

        @Override
        public void abort() {}
      };
    }

    @Override
    public void close() {}
  }

  private final class AsyncHttp implements SdkAsyncHttpClient {
    @Override
    public CompletableFuture<Void> execute(AsyncExecuteRequest request) {
      Reply r = reply;
      CompletableFuture<Void> done = new CompletableFuture<>();
      transport.execute(() -> {
        request.requestContentPublisher().subscribe(new Drain());
        request.responseHandler().onHeaders(head(r));
        List<ByteBuffer> pieces = new ArrayList<>();
        r.body().forEach(p -> pieces.add(ByteBuffer.wrap(p)));
        AsyncRequestBody body = AsyncRequestBody.fromByteBuffers(pieces.toArray(new ByteBuffer[0]));
        request.responseHandler().onStream(subscriber -> body.subscribe(new Subscriber<ByteBuffer>() {
          @Override
          public void onSubscribe(Subscription s) {
            subscriber.onSubscribe(s);
          }

          @Override
          public void onNext(ByteBuffer b) {
            subscriber.onNext(b);
          }

          @Override
          public void onError(Throwable t) {
            subscriber.onError(t);
            done.completeExceptionally(t);
          }

          @Override
          public void onComplete() {
            subscriber.onComplete();
            done.complete(null);
          }
        }));
      });
      return done;
    }

    @Override
    public void close() {
      transport.shutdownNow();
    }
  }

  /** Reads and drops the request body, as a transport sends it. */
  private static final class Drain implements Subscriber<ByteBuffer> {
    @Override
    public void onSubscribe(Subscription s) {
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(ByteBuffer b) {}

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onComplete() {}
  }

  static Map<String, String> headers(String... nameValues) {
    Map<String, String> h = new LinkedHashMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      h.put(nameValues[i], nameValues[i + 1]);
    }
    return h;
  }
}
