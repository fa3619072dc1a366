/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.internal;

import dev.stateline.spi.ProviderTargetBuilder;
import dev.stateline.spi.ResponseTooLargeException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpResponseHandler;

/**
 * The largest response body a Bedrock target reads, whole or streamed, applied below the SDK: on the
 * sync client's input stream and on the async client's body publisher. A body that grows past it
 * fails with the shared {@link ResponseTooLargeException}, which {@link BedrockErrors} reports as a non-retryable
 * {@code ProtocolException} (the same answer would be as large again), so a runaway or hostile
 * response cannot exhaust the heap. Stateless; the wrappers it makes are thread-safe as far as their
 * delegates are.
 */
public final class ResponseSizeLimit {
  /** 16 MiB, as for every provider ({@link ProviderTargetBuilder#DEFAULT_MAX_RESPONSE_BYTES}). */
  public static final long DEFAULT_MAX_BYTES = ProviderTargetBuilder.DEFAULT_MAX_RESPONSE_BYTES;

  private ResponseSizeLimit() {}

  /** An exchange whose response body fails once more than {@code maxBytes} were read from it. */
  static ExecutableHttpRequest limit(ExecutableHttpRequest exchange, long maxBytes) {
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() throws IOException {
        HttpExecuteResponse r = exchange.call();
        if (r.responseBody().isEmpty()) {
          return r;
        }
        AbortableInputStream body = r.responseBody().get();
        return HttpExecuteResponse.builder()
            .response(r.httpResponse())
            .responseBody(AbortableInputStream.create(new LimitedInputStream(body, maxBytes), body))
            .build();
      }

      @Override
      public void abort() {
        exchange.abort();
      }
    };
  }

  /**
   * An async client whose response bodies fail once more than {@code maxBytes} arrived, and which
   * tells {@code sent} when each request's body is subscribed (its connection is open).
   */
  public static SdkAsyncHttpClient limit(SdkAsyncHttpClient client, long maxBytes, RequestSent sent) {
    return new SdkAsyncHttpClient() {
      @Override
      public CompletableFuture<Void> execute(AsyncExecuteRequest request) {
        SdkAsyncHttpResponseHandler handler = request.responseHandler();
        AsyncExecuteRequest.Builder b = AsyncExecuteRequest.builder()
            .request(request.request())
            .requestContentPublisher(sent.watch(request.request(), request.requestContentPublisher()))
            .fullDuplex(request.fullDuplex())
            .httpExecutionAttributes(request.httpExecutionAttributes())
            .responseHandler(new SdkAsyncHttpResponseHandler() {
              @Override
              public void onHeaders(SdkHttpResponse headers) {
                handler.onHeaders(headers);
              }

              @Override
              public void onStream(Publisher<ByteBuffer> stream) {
                handler.onStream(subscriber -> stream.subscribe(new LimitedSubscriber(subscriber, maxBytes)));
              }

              @Override
              public void onError(Throwable error) {
                handler.onError(error);
              }
            });
        request.metricCollector().ifPresent(b::metricCollector);
        return client.execute(b.build());
      }

      @Override
      public String clientName() {
        return client.clientName();
      }

      @Override
      public void close() {
        client.close();
      }
    };
  }

  private static final class LimitedInputStream extends FilterInputStream {
    private final long maxBytes;
    private long read;

    LimitedInputStream(InputStream in, long maxBytes) {
      super(in);
      this.maxBytes = maxBytes;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count(skipped);
      return skipped;
    }

    private void count(long n) throws IOException {
      read += n;
      if (read > maxBytes) {
        throw new ResponseTooLargeException(maxBytes);
      }
    }
  }

  /** Passes buffers on until the total passes the limit, then cancels upstream and fails once. */
  private static final class LimitedSubscriber implements Subscriber<ByteBuffer> {
    private final Subscriber<? super ByteBuffer> downstream;
    private final long maxBytes;
    private Subscription upstream;
    private long received;
    private boolean failed;

    LimitedSubscriber(Subscriber<? super ByteBuffer> downstream, long maxBytes) {
      this.downstream = downstream;
      this.maxBytes = maxBytes;
    }

    @Override
    public void onSubscribe(Subscription s) {
      upstream = s;
      downstream.onSubscribe(s);
    }

    @Override
    public void onNext(ByteBuffer buffer) {
      if (failed) {
        return;
      }
      received += buffer.remaining();
      if (received > maxBytes) {
        failed = true;
        upstream.cancel();
        downstream.onError(new ResponseTooLargeException(maxBytes));
        return;
      }
      downstream.onNext(buffer);
    }

    @Override
    public void onError(Throwable t) {
      if (!failed) {
        downstream.onError(t);
      }
    }

    @Override
    public void onComplete() {
      if (!failed) {
        downstream.onComplete();
      }
    }
  }
}
