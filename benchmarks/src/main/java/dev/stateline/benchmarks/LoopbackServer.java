/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal HTTP/1.1 server on 127.0.0.1 that answers every POST with a canned Chat Completions body
 * ({@link Canned#CHAT_JSON}), or with the canned SSE stream ({@link Canned#STREAM_SSE}) when the
 * request body asks for {@code "stream":true}, or, on a path ending in {@code /responses}, with a
 * canned Responses API body ({@link Canned#RESPONSES_JSON}), or, on Bedrock's {@code /converse} and
 * {@code /converse-stream} paths, with a canned Converse body ({@link Canned#CONVERSE_JSON}) or
 * event stream ({@link Canned#CONVERSE_STREAM}, sent with a Content-Length). Keep-alive, one platform thread per
 * connection, buffers reused per connection and response bytes precomputed, so that it costs little
 * CPU and allocates almost nothing per request: it must not be the bottleneck, and its own cost is
 * measured (see {@link #cpuNanos()}, {@link #allocatedBytes()}) so that {@link ClientCostProfiler}
 * can subtract it.
 *
 * <p>Not a general HTTP server: it understands Content-Length and chunked request bodies and nothing
 * else it does not need. Thread-safe; {@link #close()} stops it.
 */
public final class LoopbackServer implements AutoCloseable {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  /** Server threads alive now (in every server of this JVM). */
  private static final Set<Thread> LIVE = ConcurrentHashMap.newKeySet();
  /** CPU time and allocation of server threads that have ended. */
  private static final AtomicLong DEAD_CPU = new AtomicLong();
  private static final AtomicLong DEAD_ALLOC = new AtomicLong();

  private static final byte[] CHAT_RESPONSE = response("application/json", Canned.CHAT_JSON);
  private static final byte[] STREAM_RESPONSE = response("text/event-stream", Canned.STREAM_SSE);
  private static final byte[] STREAM_KEY = "\"stream\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] RESPONSES_RESPONSE = response("application/json", Canned.RESPONSES_JSON);
  private static final byte[] RESPONSES_PATH = "/responses HTTP/".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CONVERSE_RESPONSE = response("application/json", Canned.CONVERSE_JSON);
  private static final byte[] CONVERSE_PATH = "/converse HTTP/".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CONVERSE_STREAM_RESPONSE =
      response("application/vnd.amazon.eventstream", Canned.CONVERSE_STREAM);
  private static final byte[] CONVERSE_STREAM_PATH = "/converse-stream HTTP/".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EMBEDDINGS_PATH = "/embeddings HTTP/".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] BASE64_KEY = "\"base64\"".getBytes(StandardCharsets.US_ASCII);
  private static volatile byte[] embeddingsFloat;
  private static volatile byte[] embeddingsBase64;

  private final ServerSocket socket;
  private final Thread acceptor;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;
  /** While set, every request waits on it before it is answered (see {@link #hold()}). */
  private volatile java.util.concurrent.CountDownLatch hold;
  private final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();

  private LoopbackServer() throws IOException {
    socket = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::acceptLoop, "loopback-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts a server on an ephemeral loopback port. */
  public static LoopbackServer start() {
    try {
      return new LoopbackServer();
    } catch (IOException e) {
      throw new IllegalStateException("cannot open a loopback server socket", e);
    }
  }

  /** The OpenAI-style base URL, {@code http://127.0.0.1:PORT/v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
  }

  /** CPU time all server threads of this JVM have used so far, in nanoseconds. */
  public static long cpuNanos() {
    long sum = DEAD_CPU.get();
    for (Thread t : LIVE) {
      long v = THREADS.getThreadCpuTime(t.getId());
      if (v > 0) {
        sum += v;
      }
    }
    return sum;
  }

  /** Bytes all server threads of this JVM have allocated so far. */
  public static long allocatedBytes() {
    long sum = DEAD_ALLOC.get();
    for (Thread t : LIVE) {
      long v = THREADS.getThreadAllocatedBytes(t.getId());
      if (v > 0) {
        sum += v;
      }
    }
    return sum;
  }

  private void acceptLoop() {
    track();
    try {
      while (!closed) {
        Socket s = socket.accept();
        s.setTcpNoDelay(true);
        open.add(s);
        Thread t = new Thread(() -> serve(s), "loopback-conn");
        t.setDaemon(true);
        t.start();
      }
    } catch (IOException e) {
      // closed
    } finally {
      untrack();
    }
  }

  private static void track() {
    LIVE.add(Thread.currentThread());
  }

  private static void untrack() {
    DEAD_CPU.addAndGet(THREADS.getCurrentThreadCpuTime());
    DEAD_ALLOC.addAndGet(THREADS.getThreadAllocatedBytes(Thread.currentThread().getId()));
    LIVE.remove(Thread.currentThread());
  }

  private void serve(Socket s) {
    track();
    byte[] buf = new byte[64 * 1024];
    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      int len = 0; // bytes in buf
      while (true) {
        // read the head
        int headEnd;
        while ((headEnd = indexOf(buf, 0, len, CRLFCRLF)) < 0) {
          if (len == buf.length) {
            buf = java.util.Arrays.copyOf(buf, buf.length * 2);
          }
          int n = in.read(buf, len, buf.length - len);
          if (n < 0) {
            return;
          }
          len += n;
        }
        int bodyStart = headEnd + 4;
        long contentLength = headerValue(buf, bodyStart, CONTENT_LENGTH);
        boolean chunked = contentLength < 0 && indexOfIgnoreCase(buf, 0, bodyStart, CHUNKED) >= 0;
        boolean stream;
        int consumed;
        if (chunked) {
          // read until the terminating zero-length chunk
          int end;
          while ((end = indexOf(buf, bodyStart, len, ZERO_CHUNK)) < 0) {
            if (len == buf.length) {
              buf = java.util.Arrays.copyOf(buf, buf.length * 2);
            }
            int n = in.read(buf, len, buf.length - len);
            if (n < 0) {
              return;
            }
            len += n;
          }
          stream = asksToStream(buf, bodyStart, end);
          consumed = end + ZERO_CHUNK.length;
        } else {
          int bodyEnd = bodyStart + (int) Math.max(0, contentLength);
          while (len < bodyEnd) {
            if (bodyEnd > buf.length) {
              buf = java.util.Arrays.copyOf(buf, Math.max(bodyEnd, buf.length * 2));
            }
            int n = in.read(buf, len, buf.length - len);
            if (n < 0) {
              return;
            }
            len += n;
          }
          stream = asksToStream(buf, bodyStart, bodyEnd);
          consumed = bodyEnd;
        }
        java.util.concurrent.CountDownLatch h = hold;
        if (h != null) {
          waiting.incrementAndGet();
          try {
            h.await();
          } catch (InterruptedException e) {
            return;
          } finally {
            waiting.decrementAndGet();
          }
        }
        int line = Math.min(headEnd, 512);
        byte[] answer;
        if (indexOf(buf, 0, line, RESPONSES_PATH) >= 0) {
          answer = RESPONSES_RESPONSE;
        } else if (indexOf(buf, 0, line, CONVERSE_PATH) >= 0) {
          answer = CONVERSE_RESPONSE;
        } else if (indexOf(buf, 0, line, CONVERSE_STREAM_PATH) >= 0) {
          answer = CONVERSE_STREAM_RESPONSE;
        } else if (indexOf(buf, 0, line, EMBEDDINGS_PATH) >= 0) {
          answer = indexOf(buf, bodyStart, consumed, BASE64_KEY) >= 0 ? embeddingsBase64() : embeddingsFloat();
        } else {
          answer = stream ? STREAM_RESPONSE : CHAT_RESPONSE;
        }
        out.write(answer);
        out.flush();
        // keep pipelined bytes, if any
        System.arraycopy(buf, consumed, buf, 0, len - consumed);
        len -= consumed;
      }
    } catch (IOException e) {
      // the client went away
    } finally {
      open.remove(s);
      untrack();
    }
  }

  private static final byte[] CRLFCRLF = {'\r', '\n', '\r', '\n'};
  private static final byte[] ZERO_CHUNK = {'\r', '\n', '0', '\r', '\n', '\r', '\n'};
  private static final byte[] CONTENT_LENGTH = "\ncontent-length:".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CHUNKED = "chunked".getBytes(StandardCharsets.US_ASCII);

  /** True if the body has {@code "stream": true}, whatever the whitespace (some SDKs pretty-print). */
  private static boolean asksToStream(byte[] b, int from, int to) {
    int i = indexOf(b, from, to, STREAM_KEY);
    if (i < 0) {
      return false;
    }
    int p = i + STREAM_KEY.length;
    while (p < to && (b[p] == ' ' || b[p] == ':' || b[p] == '\n' || b[p] == '\r' || b[p] == '\t')) {
      p++;
    }
    return p < to && b[p] == 't';
  }

  private static long headerValue(byte[] b, int end, byte[] name) {
    int i = indexOfIgnoreCase(b, 0, end, name);
    if (i < 0) {
      return -1;
    }
    int p = i + name.length;
    while (p < end && b[p] == ' ') {
      p++;
    }
    long v = 0;
    while (p < end && b[p] >= '0' && b[p] <= '9') {
      v = v * 10 + (b[p++] - '0');
    }
    return v;
  }

  private static int indexOf(byte[] b, int from, int to, byte[] needle) {
    outer:
    for (int i = from; i <= to - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (b[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static int indexOfIgnoreCase(byte[] b, int from, int to, byte[] lowerNeedle) {
    outer:
    for (int i = from; i <= to - lowerNeedle.length; i++) {
      for (int j = 0; j < lowerNeedle.length; j++) {
        byte c = b[i + j];
        if (c >= 'A' && c <= 'Z') {
          c = (byte) (c + 32);
        }
        if (c != lowerNeedle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** The canned embeddings answer as JSON numbers ({@link Canned#embeddingsJson}), built once. */
  private static byte[] embeddingsFloat() {
    byte[] b = embeddingsFloat;
    if (b == null) {
      b = response("application/json", Canned.embeddingsJson(false));
      embeddingsFloat = b;
    }
    return b;
  }

  /** The canned embeddings answer in base64, built once. */
  private static byte[] embeddingsBase64() {
    byte[] b = embeddingsBase64;
    if (b == null) {
      b = response("application/json", Canned.embeddingsJson(true));
      embeddingsBase64 = b;
    }
    return b;
  }

  private static byte[] response(String contentType, byte[] body) {
    byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length
        + "\r\nx-request-id: req_loopback\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[head.length + body.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(body, 0, all, head.length, body.length);
    return all;
  }

  /**
   * From now on, requests are read but not answered until {@link #release()}: calls stay in flight.
   * {@link #waiting()} says how many are being held.
   */
  public void hold() {
    hold = new java.util.concurrent.CountDownLatch(1);
  }

  /** Answers every held request and stops holding. */
  public void release() {
    java.util.concurrent.CountDownLatch h = hold;
    hold = null;
    if (h != null) {
      h.countDown();
    }
  }

  /** How many requests are held now. */
  public int waiting() {
    return waiting.get();
  }

  @Override
  public void close() {
    release();
    closed = true;
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing to do
    }
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException ignored) {
        // nothing to do
      }
    }
  }
}
