/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.internal;

import dev.stateline.Cancellation;
import dev.stateline.openai.wire.ResponseExtension;
import dev.stateline.spi.ModelCall;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;
import okhttp3.Protocol;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;

/**
 * One HTTP exchange of one attempt: the OkHttp call, its response, the cancellation hook that
 * cancels it, and the extension reader for it. {@link #close()} releases the response and removes
 * the hook and the call from its model's {@link InFlightCalls}, once. Not API; {@link #cancel()} and {@link #close()} may be called from any thread.
 */
public final class Exchange implements AutoCloseable {
  private final ModelCall call;
  private final Call http;
  private final Response response;
  private final Cancellation.Registration registration;
  private final String requestId;
  private final ResponseExtension.Reader ext;
  private final long maxBytes;
  private final DeadlineWatch watch;
  private final String processingRegion;
  private final dev.stateline.openai.wire.ErrorMapper errors;
  private final InFlightCalls inFlight;
  private final AtomicBoolean closed = new AtomicBoolean();
  private BufferedSource body;

  public Exchange(ModelCall call, Call http, Response response, Cancellation.Registration registration,
      String requestId, ResponseExtension.Reader ext, long maxBytes, DeadlineWatch watch, String processingRegion,
      dev.stateline.openai.wire.ErrorMapper errors, InFlightCalls inFlight) {
    this.call = call;
    this.inFlight = inFlight;
    this.watch = watch;
    this.processingRegion = processingRegion;
    this.errors = errors;
    this.http = http;
    this.response = response;
    this.registration = registration;
    this.requestId = requestId;
    this.ext = ext;
    this.maxBytes = maxBytes;
  }

  public ModelCall call() {
    return call;
  }

  public Response response() {
    return response;
  }

  public int status() {
    return response.code();
  }

  public String requestId() {
    return requestId;
  }

  public ResponseExtension.Reader ext() {
    return ext;
  }

  /** Where the provider says it processed the call (its region header), or null. */
  public String processingRegion() {
    return processingRegion;
  }

  /** The error mapper for this exchange: its errors carry the processing region. */
  public dev.stateline.openai.wire.ErrorMapper errors() {
    return errors;
  }

  /** The watch over this exchange's deadlines. */
  public DeadlineWatch watch() {
    return watch;
  }

  /** Which of Stateline's own timeouts cancelled the exchange, or null if none did. */
  public dev.stateline.error.CallTimeoutException.Kind timedOut() {
    return watch.fired();
  }

  /**
   * True once the caller cancelled the call, or the model was {@linkplain #modelClosed() closed}
   * under it. (Not {@code http.isCanceled()}: OkHttp also cancels a call whose call timeout fired,
   * and so does the {@link DeadlineWatch}; those are timeouts, not cancellations.)
   */
  public boolean cancelled() {
    return call.cancellation().isCancelled() || inFlight.isClosed();
  }

  /** True once the model that sent this exchange was closed: it cancelled the exchange if it was still open. */
  public boolean modelClosed() {
    return inFlight.isClosed();
  }

  /**
   * Makes {@code abort} what closing the model does to this exchange (instead of cancelling its HTTP
   * call); runs it at once if the model is closed already. For a stream, whose exchange nobody may
   * be reading when the model closes.
   */
  public void onModelClose(Runnable abort) {
    inFlight.onClose(http, abort);
  }

  /**
   * The body, limited to the configured size; the same source on every call. An HTTP/1.x body whose
   * declared length is within the limit is read as is: OkHttp never reads past an HTTP/1 body's
   * declared length (a decompressed body declares none), so the limit needs no extra layer there.
   */
  public BufferedSource body() {
    if (body == null) {
      long length = response.body().contentLength();
      boolean http1 = response.protocol() == Protocol.HTTP_1_1 || response.protocol() == Protocol.HTTP_1_0;
      body = http1 && length >= 0 && length <= maxBytes
          ? response.body().source()
          : Okio.buffer(new LimitedSource(response.body().source(), maxBytes));
    }
    return body;
  }

  /** Reads an error body as text, up to a bound; an I/O failure gives what was read so far. */
  public String readErrorBody() {
    long bound = Math.min(maxBytes, 64 * 1024);
    Buffer buffer = new Buffer();
    try {
      BufferedSource source = response.body().source();
      while (buffer.size() < bound && source.read(buffer, bound - buffer.size()) != -1) {
        // keep reading up to the bound
      }
    } catch (IOException e) {
      // Use what arrived; the status alone still maps the error.
    }
    return buffer.readUtf8();
  }

  /** Cancels the HTTP call; safe from any thread. */
  public void cancel() {
    http.cancel();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        response.close();
      } finally {
        registration.close();
        watch.stop();
        inFlight.remove(http);
      }
    }
  }
}
