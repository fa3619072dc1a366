/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.internal;

import com.squareup.moshi.JsonDataException;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.CallCancelledException;
import dev.stateline.error.CallTimeoutException;
import dev.stateline.error.StatelineException;
import dev.stateline.openai.wire.ErrorMapper;
import dev.stateline.openai.wire.SseReader;
import dev.stateline.openai.wire.StreamDecoder;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ResponseAssembler;
import dev.stateline.spi.ResponseTooLargeException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link EventSource} of one streamed HTTP attempt: reads server-sent events on the consumer's
 * thread, decodes them, and ends with one {@link ChatEvent.Completed} assembled from the deltas.
 *
 * <p>A stream that ends early throws a {@link dev.stateline.error.ProtocolException} holding the
 * partial answer, retryable only if no event had been handed out; a connection that drops
 * mid-stream counts as ending early, and so does a read or total timeout once events were handed
 * out (the {@link CallTimeoutException} is the cause; before the first event it is thrown as is). The
 * read timeout is the longest wait for the next event (the first one included): a stream that
 * sends only SSE comments or events without data times out like a silent one; the total timeout
 * holds against a stream that keeps sending, however slowly (both enforced by the exchange's
 * {@link DeadlineWatch}). {@link #close()} may be called from any thread: it cancels the
 * HTTP call, and a {@link #next()} that is blocked, or that runs after it before the answer
 * completed, fails with a {@link CallCancelledException}. Closing the model closes the stream the
 * same way (the exception then says the target was closed). Not API.
 */
public final class HttpEventSource implements EventSource {
  private static final Logger LOG = LoggerFactory.getLogger("dev.stateline.openai.stream");

  private final Exchange exchange;
  private final SseReader sse;
  private final StreamDecoder decoder;
  private final ResponseAssembler assembler;
  private final ErrorMapper errors;
  private final ArrayDeque<ChatEvent> queue = new ArrayDeque<>();
  private final Consumer<ChatEvent> enqueue = this::enqueue;
  private int delivered;
  private volatile boolean finished;
  /** True once the answer's Completed event is queued: closing after that cancels nothing. */
  private volatile boolean completed;
  private volatile boolean closed;
  private volatile boolean reading;
  private volatile Runnable beforeRead = () -> {};

  public HttpEventSource(Exchange exchange, StreamDecoder decoder, ResponseAssembler assembler, ErrorMapper errors) {
    this.exchange = exchange;
    this.sse = new SseReader(exchange.body());
    this.decoder = decoder;
    this.assembler = assembler;
    this.errors = errors;
    // From here on, the read timeout is the longest wait for the next event, the first one included.
    exchange.watch().eventArrived();
    // Closing the model closes this stream (not only its HTTP call), so that one nobody reads is
    // released too; if the model closed already, this closes it now.
    exchange.onModelClose(this::close);
  }

  @Override
  public ChatEvent next() {
    // Announce the read before looking at closed (both volatile): a close() that this check misses
    // then sees reading == true and leaves the exchange open for this thread to release, only
    // cancelling the HTTP call, so the read below fails as a cancellation, not on a closed source.
    reading = true;
    try {
      if (closed && !completed) {
        queue.clear();
        release();
        throw closedError(null);
      }
      ChatEvent ready = queue.poll();
      if (ready != null) {
        delivered++;
        return ready;
      }
      if (finished) {
        return null;
      }
      beforeRead.run();
      try {
        fill();
      } catch (RuntimeException e) {
        // A StatelineException, or a failure in an extension hook: either way the exchange is over.
        release();
        if (closed && !(e instanceof CallCancelledException)) {
          // Whatever reading fails with once the stream was closed is the close's doing.
          throw closedError(e);
        }
        throw e;
      }
    } finally {
      reading = false;
      if (closed) {
        release();
      }
    }
    ChatEvent e = queue.poll();
    if (e != null) {
      delivered++;
    }
    return e;
  }

  /** Test hook: runs just before a read from the connection, where a racing close() may land. */
  void beforeRead(Runnable hook) {
    this.beforeRead = hook;
  }

  private void fill() {
    while (queue.isEmpty()) {
      boolean more;
      try {
        more = sse.advance();
      } catch (ResponseTooLargeException e) {
        throw errors.protocol("the stream is larger than the response limit of " + e.limit() + " bytes",
            exchange.status(), exchange.requestId(), false, assembler.partial(), e);
      } catch (IOException e) {
        throw readFailure(e);
      }
      if (more && hasData(sse.data())) {
        // An event: the read timeout starts again. Comments and events without data do not count.
        exchange.watch().eventArrived();
      }
      if (!more) {
        if (decoder.completeAtEof()) {
          LOG.debug("{} stream ended without its end marker after a complete answer; accepting it",
              errors.provider());
          complete();
          return;
        }
        throw errors.protocol("the stream ended before the answer was complete",
            exchange.status(), exchange.requestId(), delivered == 0, assembler.partial(), null);
      }
      StreamDecoder.Progress progress;
      try {
        // The event's data is decoded from its bytes, as the reader left them: no String of it.
        progress = decoder.decode(sse.eventType(), sse.eventId(), sse.data(), enqueue);
      } catch (IOException | JsonDataException | IllegalArgumentException e) {
        // Decoding reads from memory, so any failure here is malformed or ill-shaped JSON.
        throw errors.protocol("malformed JSON in a stream event: " + e.getMessage(),
            exchange.status(), exchange.requestId(), false, assembler.partial(), e);
      }
      if (progress == StreamDecoder.Progress.DONE) {
        complete();
        return;
      }
      if (progress == StreamDecoder.Progress.FAILED) {
        // An error inside a 200 stream: mapped by its type and code (the status says nothing).
        throw exchange.ext().onError(errors.fromError(exchange.status(), exchange.requestId(), decoder.error(), null));
      }
    }
  }

  /** The error of a stream closed by its reader, or by its model's close. */
  private CallCancelledException closedError(Throwable cause) {
    return exchange.modelClosed() ? errors.closed(cause)
        : new CallCancelledException(errors.provider() + ": the stream was closed", cause);
  }

  private StatelineException readFailure(IOException e) {
    if (exchange.modelClosed()) {
      return errors.closed(e);
    }
    if (closed || exchange.cancelled()) {
      return new CallCancelledException(errors.provider() + ": the stream was cancelled", e);
    }
    CallTimeoutException.Kind timedOut = exchange.timedOut();
    StatelineException mapped = timedOut != null
        ? errors.timeout(timedOut, exchange.call(), exchange.requestId(), e)
        : errors.fromIo(e, exchange.call(), false, exchange.requestId());
    if (mapped instanceof CallCancelledException) {
      return mapped;
    }
    if (mapped instanceof CallTimeoutException timeout) {
      if (delivered == 0) {
        return mapped; // nothing handed out yet: a plain timeout, retryable where its kind is
      }
      // Events were handed out: a truncated answer, whose partial text is kept (SPI contract).
      return errors.protocol("the stream timed out mid-stream, after " + delivered + " events ("
          + timeout.kind().name().toLowerCase(Locale.ROOT) + " timeout), before the answer was complete",
          exchange.status(), exchange.requestId(), false, assembler.partial(), timeout);
    }
    // The connection broke mid-stream: a truncated answer, whose partial text is kept.
    return errors.protocol("the stream broke off before the answer was complete ("
        + e.getClass().getSimpleName() + ")", exchange.status(), exchange.requestId(), delivered == 0,
        assembler.partial(), e);
  }

  /** True if an event's data is more than whitespace. */
  private static boolean hasData(okio.Buffer data) {
    long n = data.size();
    for (long i = 0; i < n; i++) {
      byte b = data.getByte(i);
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return true;
      }
    }
    return false;
  }

  private void enqueue(ChatEvent event) {
    assembler.accept(event);
    queue.add(event);
  }

  private void complete() {
    ChatResponse response = exchange.ext().onResponse(assembler.build());
    if (exchange.processingRegion() != null && response.processingRegion() == null) {
      response = response.toBuilder().processingRegion(exchange.processingRegion()).build();
    }
    queue.add(new ChatEvent.Completed(response));
    completed = true;
    release();
  }

  private void release() {
    finished = true;
    exchange.close();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (finished) {
      return; // Nothing in flight: cancelling now would only confuse OkHttp event listeners.
    }
    exchange.cancel();
    if (!reading) {
      exchange.close();
    }
  }
}
