/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.internal;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.reactivestreams.Subscriber;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.async.SdkHttpContentPublisher;

/**
 * Tells a streamed call the moment its request goes on the wire, which is when its connection is
 * open: the async HTTP client subscribes to a request's body only once it holds a connection (TCP,
 * TLS and HTTP/2 negotiation done). A {@link ConverseEventSource} then waits at most the connect
 * timeout for that moment, and from it at most the read timeout for the response's first bytes,
 * instead of the sum of both.
 *
 * <p>A call asks to be told by putting a callback in its {@link #ON_SENT} execution attribute; this
 * interceptor (on the clients Stateline builds) files it under the request's
 * {@code amz-sdk-invocation-id}, and the HTTP client wrapper ({@link ResponseSizeLimit}) runs it when
 * the body is subscribed. Thread-safe; not API.
 */
public final class RequestSent implements ExecutionInterceptor {
  /** The callback a call wants run when its request is sent. */
  public static final ExecutionAttribute<Runnable> ON_SENT = new ExecutionAttribute<>("stateline.onRequestSent");

  private static final String INVOCATION_ID = "amz-sdk-invocation-id";

  private final Map<String, Runnable> pending = new ConcurrentHashMap<>();

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    Runnable callback = attributes.getAttribute(ON_SENT);
    String id = invocationId(context.httpRequest());
    if (callback != null && id != null) {
      pending.put(id, callback);
    }
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    forget(context.httpRequest());
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    context.httpRequest().ifPresent(this::forget);
  }

  /** {@code body}, running the callback filed for {@code request} (once) when it is subscribed. */
  SdkHttpContentPublisher watch(SdkHttpRequest request, SdkHttpContentPublisher body) {
    String id = invocationId(request);
    Runnable callback = id == null ? null : pending.remove(id);
    if (callback == null || body == null) {
      return body;
    }
    return new SdkHttpContentPublisher() {
      @Override
      public Optional<Long> contentLength() {
        return body.contentLength();
      }

      @Override
      public void subscribe(Subscriber<? super ByteBuffer> subscriber) {
        callback.run();
        body.subscribe(subscriber);
      }
    };
  }

  /** How many callbacks are filed (tests: none may be left behind). */
  int pending() {
    return pending.size();
  }

  private void forget(SdkHttpRequest request) {
    String id = invocationId(request);
    if (id != null) {
      pending.remove(id);
    }
  }

  private static String invocationId(SdkHttpRequest request) {
    return request == null ? null : request.firstMatchingHeader(INVOCATION_ID).orElse(null);
  }
}
