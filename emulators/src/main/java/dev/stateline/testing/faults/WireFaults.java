/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.SocketEffect;
import okhttp3.HttpUrl;
import okio.Buffer;

/**
 * Faults on the wire, as changes to a {@link MockResponse} that an emulator or a plain
 * {@code MockWebServer} serves: a connection closed mid-body, headers that never come, a body that
 * trickles; and a loopback address where nothing listens.
 *
 * <p>Stateless and thread-safe.
 */
public final class WireFaults {
  private WireFaults() {}

  /**
   * An {@code http://} URL on a loopback port where nothing listens (a port just bound and released),
   * so that connecting is refused.
   *
   * @param path the path of the URL, such as {@code /v1/}
   */
  public static HttpUrl refusedUrl(String path) {
    String host = InetAddress.getLoopbackAddress().getHostAddress();
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
    return new HttpUrl.Builder().scheme("http").host(host).port(port).encodedPath(path).build();
  }

  /**
   * {@code response}, with its connection closed once half its body is written: the client reads a
   * body that breaks off mid-way (for a stream: after some events, in the middle of one). A body
   * written piece by piece (a stream) is rendered in full first, so it must not wait for the client.
   */
  public static MockResponse resetMidBody(MockResponse response) {
    return buffered(response).newBuilder().onResponseBody(new SocketEffect.CloseSocket()).build();
  }

  /**
   * {@code response} with a body of known length: a body written piece by piece (a stream) is
   * rendered in full now, so it must not wait for the client; it keeps its own chunk framing. Faults
   * that act at half the body ({@link #resetMidBody}, a trickle in halves) need the length.
   */
  public static MockResponse buffered(MockResponse response) {
    MockResponseBody body = response.getBody();
    if (body == null || body.getContentLength() >= 0) {
      return response;
    }
    Buffer bytes = new Buffer();
    try {
      body.writeTo(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("the body could not be rendered", e);
    }
    boolean chunked = "chunked".equalsIgnoreCase(response.getHeaders().get("Transfer-Encoding"));
    MockResponse.Builder b = response.newBuilder().body(bytes);
    if (chunked) {
      b.removeHeader("Content-Length"); // the bytes carry their own chunk framing
    }
    return b.build();
  }

  /**
   * {@code response}, its first half written at once, the second after {@code pause}: for a stream,
   * some events arrive, then a silence.
   */
  public static MockResponse pauseMidBody(MockResponse response, Duration pause) {
    MockResponse fixed = buffered(response);
    long half = Math.max(1, fixed.getBody().getContentLength() / 2);
    return trickle(fixed, half, pause);
  }

  /**
   * {@code response}, but its headers never come: the server reads the request, then stays silent
   * until the client leaves or the server closes (at most a minute).
   */
  public static MockResponse headersNeverArrive(MockResponse response) {
    return response.newBuilder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
  }

  /** {@code response}, its body written {@code bytes} bytes at a time, one piece every {@code period}. */
  public static MockResponse trickle(MockResponse response, long bytes, Duration period) {
    return response.newBuilder().throttleBody(bytes, period.toNanos(), TimeUnit.NANOSECONDS).build();
  }

  /**
   * A 200 {@code text/event-stream} that sends only what is not an event: an SSE comment, then an
   * event without data, alternately, every 100 ms, for up to 30 s or until the client leaves.
   */
  public static MockResponse keepAlivesOnly() {
    return drip("text/event-stream", "", i -> i % 2 == 0 ? ": keep-alive\n\n" : "data:\n\n", 300,
        Duration.ofMillis(100), new java.util.concurrent.atomic.AtomicInteger());
  }

  /**
   * A 200 of {@code contentType} that writes {@code first} at once, then {@code pieces} pieces one
   * every {@code every}, until done or the client leaves (a write then fails and the body ends).
   * {@code written} counts the pieces written, so a test can see on the server's side that the
   * client left early, without timing anything.
   *
   * @param piece the text of piece {@code i} (0-based)
   */
  public static MockResponse drip(String contentType, String first, java.util.function.IntFunction<String> piece,
      int pieces, Duration every, java.util.concurrent.atomic.AtomicInteger written) {
    return new MockResponse.Builder().code(200).setHeader("Content-Type", contentType)
        .body(new MockResponseBody() {
          @Override
          public long getContentLength() {
            return -1;
          }

          @Override
          public void writeTo(okio.BufferedSink sink) throws IOException {
            sink.writeUtf8(first).flush();
            for (int i = 0; i < pieces; i++) {
              try {
                Thread.sleep(every.toMillis());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
              }
              sink.writeUtf8(piece.apply(i)).flush(); // throws once the client has gone
              written.incrementAndGet();
            }
          }
        }).build();
  }

  /** {@code response} with {@code body} and {@code contentType} in place of its own. */
  public static MockResponse withBody(MockResponse response, String contentType, String body) {
    return response.newBuilder().removeHeader("Transfer-Encoding").setHeader("Content-Type", contentType)
        .body(body).build();
  }

  /** A JSON string value of {@code chars} characters, to make a body larger than a limit. */
  public static String filler(int chars) {
    return "x".repeat(chars);
  }
}
