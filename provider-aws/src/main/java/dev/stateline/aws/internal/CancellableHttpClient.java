/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.internal;

import java.util.Objects;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * A sync HTTP client that hands each exchange it prepares to the {@link SyncCall} running on the
 * calling thread, so that cancelling the call can abort the exchange. The SDK's sync clients prepare
 * and run their HTTP exchanges on the calling thread, which is what makes the hand-over work. Response
 * bodies are read through {@link ResponseSizeLimit}.
 *
 * <p>Thread-safe; closing it closes the delegate.
 */
public final class CancellableHttpClient implements SdkHttpClient {
  private final SdkHttpClient delegate;
  private final long maxResponseBytes;

  /** A client whose response bodies may be {@link ResponseSizeLimit#DEFAULT_MAX_BYTES} long. */
  public CancellableHttpClient(SdkHttpClient delegate) {
    this(delegate, ResponseSizeLimit.DEFAULT_MAX_BYTES);
  }

  /** A client whose response bodies may be {@code maxResponseBytes} long. */
  public CancellableHttpClient(SdkHttpClient delegate, long maxResponseBytes) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.maxResponseBytes = maxResponseBytes;
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    ExecutableHttpRequest exchange = ResponseSizeLimit.limit(delegate.prepareRequest(request), maxResponseBytes);
    SyncCall call = SyncCall.current();
    if (call != null) {
      call.attach(exchange);
    }
    return exchange;
  }

  @Override
  public String clientName() {
    return delegate.clientName();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
