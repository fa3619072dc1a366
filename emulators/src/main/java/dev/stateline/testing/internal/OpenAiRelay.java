/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.internal;

import dev.stateline.testing.openai.OpenAiEmulator;
import dev.stateline.testing.openai.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import mockwebserver3.MockResponse;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;

/**
 * The renderer behind the emulators of services that speak the OpenAI wire format with their own
 * front (Azure OpenAI, Bedrock's OpenAI-compatible endpoints): an inner {@link OpenAiEmulator} that
 * renders every answer, and the loopback HTTP relay to it. A request that brings a scripted reply is
 * relayed alone, with the reply queued at the renderer just before (a write lock), so that replies
 * answer the requests they were scripted for; echoed requests relay concurrently (a read lock).
 *
 * <p>Not an API: for the emulators of this module only. Thread-safe.
 */
public final class OpenAiRelay implements AutoCloseable {
  private static final MediaType JSON = MediaType.get("application/json");

  private final OpenAiEmulator renderer;
  private final OkHttpClient forwarder;
  private final ReentrantReadWriteLock forwarding = new ReentrantReadWriteLock();

  /** @param owner a name for the inner emulator's key, such as {@code azure} */
  public OpenAiRelay(String owner) {
    this.renderer = OpenAiEmulator.builder()
        .apiKey("sk-" + owner + "-emulator-inner-" + System.identityHashCode(this)).build();
    this.forwarder = new OkHttpClient.Builder()
        .connectionPool(new ConnectionPool(64, 1, TimeUnit.MINUTES))
        .readTimeout(Duration.ofSeconds(60))
        .retryOnConnectionFailure(false)
        .build();
  }

  /** Starts the renderer. Idempotent. */
  public OpenAiRelay start() {
    renderer.start();
    return this;
  }

  /**
   * Relays a request body to the renderer and returns its response, which the caller closes.
   *
   * @param op the operation ({@code /v1/responses} or {@code /v1/chat/completions} at the renderer)
   * @param json the request body
   * @param accept the {@code Accept} header to pass on, or null
   * @param reply the scripted reply that answers it (queued at the renderer without its own header
   *     delay and wire fault, which the front applies), or null for the renderer's echo
   */
  public Response send(OpenAiEmulator.Operation op, String json, String accept, Reply reply) throws IOException {
    Request.Builder inner = new Request.Builder()
        .url(renderer.url(op == OpenAiEmulator.Operation.RESPONSES ? "/v1/responses"
            : op == OpenAiEmulator.Operation.EMBEDDINGS ? "/v1/embeddings" : "/v1/chat/completions"))
        .header("Authorization", "Bearer " + renderer.apiKey())
        .post(RequestBody.create(json, JSON));
    if (accept != null) {
      inner.header("Accept", accept);
    }
    Lock lock = reply != null ? forwarding.writeLock() : forwarding.readLock();
    lock.lock();
    try {
      if (reply != null) {
        renderer.enqueue(reply.withHeadersDelay(Duration.ZERO).withoutWireFault());
      }
      return forwarder.newCall(inner.build()).execute();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Copies the renderer's response headers to the front's response, except those the front sets
   * itself: the framing ({@code Content-Length}, {@code Transfer-Encoding}), the renderer's request
   * id, rate-limit headers and {@code openai-processing-ms}.
   */
  public static void copyHeaders(Response from, MockResponse.Builder to) {
    from.headers().forEach(h -> {
      String name = h.getFirst().toLowerCase(Locale.ROOT);
      if (!name.equals("content-length") && !name.equals("transfer-encoding") && !name.equals("x-request-id")
          && !name.startsWith("x-ratelimit-") && !name.equals("openai-processing-ms")) {
        to.addHeader(h.getFirst(), h.getSecond());
      }
    });
  }

  /** Writes {@code text} as one HTTP chunk (chunked transfer encoding) and flushes it. */
  public static void chunk(BufferedSink sink, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    sink.writeUtf8(Integer.toHexString(bytes.length)).writeUtf8("\r\n").write(bytes).writeUtf8("\r\n");
    sink.flush();
  }

  /** How many streams the client hung up on at the renderer. */
  public int clientDisconnects() {
    return renderer.clientDisconnects();
  }

  @Override
  public void close() {
    try {
      renderer.close();
    } finally {
      forwarder.dispatcher().executorService().shutdown();
      forwarder.connectionPool().evictAll();
    }
  }
}
