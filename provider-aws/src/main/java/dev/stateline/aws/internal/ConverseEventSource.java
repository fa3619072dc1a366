/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.internal;

import dev.stateline.Cancellation;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.FinishReason;
import dev.stateline.error.CallCancelledException;
import dev.stateline.error.CallTimeoutException;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.ProtocolException;
import dev.stateline.error.StatelineException;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import dev.stateline.spi.ResponseAssembler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDelta;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStartEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStopEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlockStart;

/**
 * Bridges the SDK's push-based ConverseStream (a response handler and a reactive-streams publisher
 * of events) to Stateline's pull-based {@link EventSource}.
 *
 * <p>Events travel through a bounded queue with real back-pressure: the subscriber asks the SDK for
 * {@value #PREFETCH} events up front and, each time the consumer has taken {@value #REPLENISH} of
 * them, for as many more, so the queue can never overflow and a slow reader slows the connection
 * down instead of buffering without end. (Asking in batches rather than one event at a time spares
 * the HTTP client's I/O thread a task, and a wake-up, per event: a short answer never asks again.)
 * The consumer turns the Converse events into {@link ChatEvent}s on its own thread:
 *
 * <ul>
 *   <li>{@code contentBlockStart} with a tool use: {@link ChatEvent.ToolCallDelta} with id and name;
 *   <li>{@code contentBlockDelta}: text as {@link ChatEvent.TextDelta}, tool input as more
 *       {@code ToolCallDelta} arguments (the output tool of a JSON answer becomes text instead);
 *   <li>{@code messageStop}: the stop reason; {@code metadata}: a {@link ChatEvent.UsageReport};
 *   <li>the end of the event stream: one {@link ChatEvent.Completed} assembled by
 *       {@link ResponseAssembler}, or a {@link ProtocolException} with the partial answer if
 *       {@code messageStop} never came.
 * </ul>
 *
 * <p>{@link #next()} waits at most the call's read timeout for each event and never past the call's
 * deadline; a timeout before the first event is a {@link CallTimeoutException}, one after it a
 * {@link ProtocolException} with the partial answer. {@link #close()} and the call's
 * {@link Cancellation} cancel the subscription and the HTTP request, and wake a blocked
 * {@code next()}. One consumer thread; {@code close()} from any.
 */
final class ConverseEventSource implements EventSource {
  static final int PREFETCH = 32;
  /** How many taken events are asked for again at once. */
  static final int REPLENISH = PREFETCH / 2;
  private static final Duration CONNECT_GRACE = Duration.ofSeconds(1);

  /** Queue marker: a terminal signal is waiting in {@link #terminal}. */
  private static final Object WAKE = new Object();
  /** Terminal signal: the event stream completed normally. */
  private static final Object COMPLETE = new Object();
  /** Terminal signal: closed or cancelled by the consumer. */
  private static final Object CLOSED = new Object();

  private final ModelCall call;
  private final String modelId;
  private final ConverseRequestMapper.OutputTool outputTool;
  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(PREFETCH + 4);
  private final AtomicReference<Object> terminal = new AtomicReference<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CompletableFuture<ConverseStreamResponse> accepted = new CompletableFuture<>();
  /** Completed when the request is on the wire (its connection open); see {@link RequestSent}. */
  private final CompletableFuture<Void> sent = new CompletableFuture<>();
  private final boolean signalsSent;
  private final Object subscriptionLock = new Object();
  private Subscription subscription; // guarded by subscriptionLock
  private volatile CompletableFuture<Void> callFuture;
  private volatile String requestId;
  private final Cancellation.Registration cancelRegistration;

  // Consumer-thread state.
  private final ResponseAssembler assembler = new ResponseAssembler();
  private final ArrayDeque<ChatEvent> pending = new ArrayDeque<>();
  private final Map<Integer, Integer> toolIndexByBlock = new HashMap<>();
  private final Set<Integer> outputToolBlocks = new HashSet<>();
  private int toolCount;
  private String rawStopReason;
  private boolean sawMessageStop;
  private boolean outputToolUsed;
  private boolean userToolUsed;
  private boolean done;
  private int delivered;
  private int taken; // events taken from the queue since demand was last renewed

  /**
   * @param signalsSent true if the client will call {@link #requestSent()} (a client Stateline built):
   *     then the wait for the response is the connect timeout until the request is sent and the
   *     read timeout from there; otherwise (an injected client) it is their sum
   */
  ConverseEventSource(ModelCall call, String modelId, ConverseRequestMapper.OutputTool outputTool,
      boolean signalsSent) {
    this.signalsSent = signalsSent;
    this.call = call;
    this.modelId = modelId;
    this.outputTool = outputTool;
    this.assembler.model(modelId).provider(BedrockErrors.PROVIDER);
    this.cancelRegistration = call.cancellation().onCancel(this::cancelUpstream);
  }

  /** The handler to give {@code converseStream}. */
  ConverseStreamResponseHandler handler() {
    return new Handler();
  }

  /** Remembers the SDK's future for the call, so that closing can cancel it. */
  void attach(CompletableFuture<Void> future) {
    this.callFuture = future;
    future.whenComplete((v, t) -> {
      if (t != null) {
        fail(t);
      }
    });
    if (closed.get()) {
      future.cancel(true);
    }
  }

  /** Called by the HTTP client (on its thread) when the request goes on the wire: the connection is open. */
  void requestSent() {
    sent.complete(null);
  }

  /**
   * Waits until Bedrock accepted the call (the HTTP response headers arrived): at most the connect
   * timeout (and a second's grace for the HTTP client's own connect error) until the request is on
   * the wire, then at most the read timeout for the response, and
   * never past the call's deadline. (On an injected client, which does not say when the request is
   * sent, at most the two together.)
   *
   * @throws StatelineException the mapped error if the call failed before that, a timeout, or
   *     {@link CallCancelledException}
   */
  void awaitAccepted() {
    try {
      if (signalsSent) {
        // A second's grace beyond the connect timeout lets the HTTP client's own failure to connect
        // (a refused connection, its pool's acquisition timeout at the same ceiling) be the answer.
        Duration connect = min(call.timeouts().connect().plus(CONNECT_GRACE), call.remaining());
        if (connect.isNegative() || connect.isZero()) {
          throw new TimeoutException();
        }
        try {
          CompletableFuture.anyOf(sent, accepted).get(connect.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          close();
          throw connectTimeout();
        }
        Duration read = min(call.timeouts().read(), call.remaining());
        if (read.isNegative() || read.isZero()) {
          throw new TimeoutException();
        }
        acceptedWithin(read);
      } else {
        Duration wait = min(call.timeouts().connect().plus(call.timeouts().read()), call.remaining());
        if (wait.isNegative() || wait.isZero()) {
          throw new TimeoutException();
        }
        acceptedWithin(wait);
      }
    } catch (TimeoutException e) {
      close();
      throw timeout("Bedrock did not accept the stream in time");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new CallCancelledException("interrupted while opening the Bedrock stream", e);
    } catch (ExecutionException e) {
      close();
      if (call.cancellation().isCancelled()) {
        throw new CallCancelledException("the Bedrock stream was cancelled", e.getCause());
      }
      throw BedrockErrors.map(e.getCause(), null);
    } catch (java.util.concurrent.CancellationException e) {
      close();
      throw new CallCancelledException("the Bedrock stream was cancelled", e);
    }
  }

  private void acceptedWithin(Duration wait) throws InterruptedException, ExecutionException, TimeoutException {
    ConverseStreamResponse r = accepted.get(wait.toNanos(), TimeUnit.NANOSECONDS);
    if (r.responseMetadata() != null) {
      requestId = r.responseMetadata().requestId();
    }
  }

  private CallTimeoutException connectTimeout() {
    Duration remaining = call.remaining();
    if (remaining.isNegative() || remaining.isZero()) {
      return timeout("the Bedrock stream outlasted the call's total timeout of " + call.timeouts().total());
    }
    return new CallTimeoutException("connecting to Bedrock timed out (connect timeout " + call.timeouts().connect()
        + ")", ErrorInfo.of(BedrockErrors.PROVIDER), CallTimeoutException.Kind.CONNECT, null);
  }

  /** The AWS request id of the stream, once accepted. */
  String requestId() {
    return requestId;
  }

  @Override
  public ChatEvent next() {
    ChatEvent e = nextEvent();
    if (e != null) {
      delivered++;
    }
    return e;
  }

  private ChatEvent nextEvent() {
    if (!pending.isEmpty()) {
      return pending.poll();
    }
    if (done) {
      return null;
    }
    while (true) {
      if (closed.get()) {
        done = true;
        throw new CallCancelledException(call.cancellation().isCancelled()
            ? "the Bedrock stream was cancelled" : "the Bedrock stream was closed", null);
      }
      if (call.expired()) {
        close();
        done = true;
        throw truncatedIfDelivered(timeout("the Bedrock stream outlasted the call's total timeout of "
            + call.timeouts().total()));
      }
      Duration wait = min(call.timeouts().read(), call.remaining());
      Object item;
      try {
        item = queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        done = true;
        throw new CallCancelledException("interrupted while reading the Bedrock stream", e);
      }
      if (item == null) {
        close();
        done = true;
        Duration left = call.remaining();
        throw truncatedIfDelivered(timeout(left.isNegative() || left.isZero()
            ? "the Bedrock stream outlasted the call's total timeout of " + call.timeouts().total()
            : "Bedrock sent nothing for longer than the read timeout of " + call.timeouts().read()));
      }
      if (item == WAKE) {
        return onTerminal();
      }
      replenish();
      translate((ConverseStreamOutput) item);
      if (!pending.isEmpty()) {
        return pending.poll();
      }
    }
  }

  private ChatEvent onTerminal() {
    Object t = terminal.get();
    done = true;
    if (t == CLOSED) {
      throw new CallCancelledException(call.cancellation().isCancelled()
          ? "the Bedrock stream was cancelled" : "the Bedrock stream was closed", null);
    }
    cancelRegistration.close();
    if (t instanceof Throwable failure) {
      cancelUpstream();
      StatelineException mapped = BedrockErrors.map(failure, requestId);
      if (mapped instanceof CallTimeoutException timeout) {
        throw truncatedIfDelivered(timeout);
      }
      if (mapped instanceof CallCancelledException) {
        throw mapped;
      }
      boolean serviceError = BedrockErrors.unwrap(failure)
          instanceof software.amazon.awssdk.awscore.exception.AwsServiceException;
      if (serviceError && !assembler.hasContent()) {
        throw mapped; // an error event before any content: typed, and retryable where its type is
      }
      throw BedrockErrors.brokenStream("the Bedrock stream broke off"
          + (assembler.hasContent() ? " after " + assembler.text().length() + " characters" : "")
          + ": " + mapped.getMessage(), mapped, partial(), assembler.hasContent(), requestId);
    }
    // Completed normally.
    if (!sawMessageStop) {
      throw BedrockErrors.brokenStream("the Bedrock stream ended before its messageStop event",
          null, partial(), assembler.hasContent(), requestId);
    }
    FinishReason reason = ConverseResponseMapper.finishReason(rawStopReason, outputToolUsed && !userToolUsed);
    assembler.finishReason(reason, rawStopReason);
    return new ChatEvent.Completed(assembler.requestId(requestId).build());
  }

  private dev.stateline.chat.ChatResponse partial() {
    assembler.requestId(requestId);
    return assembler.partial();
  }

  private void translate(ConverseStreamOutput event) {
    if (event instanceof ContentBlockStartEvent start) {
      ToolUseBlockStart use = start.start() == null ? null : start.start().toolUse();
      if (use == null) {
        return;
      }
      int block = index(start.contentBlockIndex());
      if (outputTool != null && outputTool.name().equals(use.name())) {
        outputToolBlocks.add(block);
        outputToolUsed = true;
        return;
      }
      userToolUsed = true;
      int tool = toolIndexByBlock.computeIfAbsent(block, b -> toolCount++);
      emit(new ChatEvent.ToolCallDelta(tool, use.toolUseId(), use.name(), ""));
    } else if (event instanceof ContentBlockDeltaEvent deltaEvent) {
      ContentBlockDelta delta = deltaEvent.delta();
      if (delta == null) {
        return;
      }
      int block = index(deltaEvent.contentBlockIndex());
      if (delta.text() != null) {
        if (!delta.text().isEmpty()) {
          emit(new ChatEvent.TextDelta(delta.text()));
        }
      } else if (delta.toolUse() != null) {
        String input = delta.toolUse().input() == null ? "" : delta.toolUse().input();
        if (outputToolBlocks.contains(block)) {
          if (!input.isEmpty()) {
            emit(new ChatEvent.TextDelta(input));
          }
        } else {
          userToolUsed = true;
          int tool = toolIndexByBlock.computeIfAbsent(block, b -> toolCount++);
          emit(new ChatEvent.ToolCallDelta(tool, null, null, input));
        }
      }
      // Reasoning and citation deltas are not part of the portable answer.
    } else if (event instanceof MessageStopEvent stop) {
      sawMessageStop = true;
      rawStopReason = stop.stopReasonAsString();
    } else if (event instanceof ConverseStreamMetadataEvent meta) {
      if (meta.usage() != null) {
        emit(new ChatEvent.UsageReport(ConverseResponseMapper.usage(meta.usage())));
      }
    }
    // messageStart and contentBlockStop carry nothing Stateline needs.
  }

  private void emit(ChatEvent e) {
    assembler.accept(e);
    pending.add(e);
  }

  private static int index(Integer i) {
    return i == null ? 0 : i;
  }

  /** Renews the demand for the events taken, once {@value #REPLENISH} were: queued plus asked stays {@value #PREFETCH}. */
  private void replenish() {
    if (++taken < REPLENISH) {
      return;
    }
    int n = taken;
    taken = 0;
    synchronized (subscriptionLock) {
      if (subscription != null && !closed.get() && terminal.get() == null) {
        subscription.request(n);
      }
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      signal(CLOSED);
      cancelRegistration.close();
      stopUpstream();
    }
  }

  /** Called when the call's cancellation fires: stops the stream, and next() reports it. */
  private void cancelUpstream() {
    if (closed.compareAndSet(false, true)) {
      signal(CLOSED);
      stopUpstream();
    } else {
      stopUpstream();
    }
  }

  private void stopUpstream() {
    synchronized (subscriptionLock) {
      if (subscription != null) {
        subscription.cancel();
      }
    }
    CompletableFuture<Void> f = callFuture;
    if (f != null) {
      f.cancel(true);
    }
    accepted.cancel(true);
  }

  private void fail(Throwable t) {
    accepted.completeExceptionally(t);
    signal(t);
  }

  /** Records the first terminal signal and wakes the consumer. */
  private void signal(Object t) {
    if (terminal.compareAndSet(null, t)) {
      queue.offer(WAKE);
    }
  }

  /**
   * A timeout before any event was handed out, as is (a READ timeout is retryable); after that, the
   * answer is truncated: a non-retryable {@link ProtocolException} with the partial answer, caused
   * by the timeout (the SPI contract for streams that end early).
   */
  private StatelineException truncatedIfDelivered(CallTimeoutException t) {
    if (delivered == 0) {
      return t;
    }
    return BedrockErrors.brokenStream("the Bedrock stream timed out mid-stream, after " + delivered + " events ("
        + t.kind().name().toLowerCase(Locale.ROOT) + " timeout): " + t.getMessage(), t, partial(), true, requestId);
  }

  private CallTimeoutException timeout(String message) {
    Duration remaining = call.remaining();
    boolean total = remaining.isNegative() || remaining.isZero();
    return new CallTimeoutException(message, new ErrorInfo(BedrockErrors.PROVIDER, 0, requestId, null),
        total ? CallTimeoutException.Kind.TOTAL : CallTimeoutException.Kind.READ, null);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** The SDK's callbacks; they run on SDK threads and only hand over to the queue. */
  private final class Handler implements ConverseStreamResponseHandler {
    @Override
    public void responseReceived(ConverseStreamResponse response) {
      if (response.responseMetadata() != null) {
        requestId = response.responseMetadata().requestId();
      }
      accepted.complete(response);
    }

    @Override
    public void onEventStream(SdkPublisher<ConverseStreamOutput> publisher) {
      publisher.subscribe(new EventSubscriber());
    }

    @Override
    public void exceptionOccurred(Throwable throwable) {
      fail(throwable);
    }

    @Override
    public void complete() {
      // The subscriber's onComplete already signalled the end of the events.
    }
  }

  private final class EventSubscriber implements Subscriber<ConverseStreamOutput> {
    @Override
    public void onSubscribe(Subscription s) {
      synchronized (subscriptionLock) {
        if (subscription != null) {
          s.cancel(); // reactive-streams rule 2.5: one subscription only
          return;
        }
        subscription = s;
        if (closed.get()) {
          s.cancel();
        } else {
          s.request(PREFETCH);
        }
      }
    }

    @Override
    public void onNext(ConverseStreamOutput event) {
      if (closed.get()) {
        return;
      }
      if (!queue.offer(event)) {
        // Cannot happen while the publisher honours demand; fail loudly rather than drop an event.
        fail(new ProtocolException("the Bedrock event stream sent more events than were requested",
            ErrorInfo.of(BedrockErrors.PROVIDER), false, null, null));
        stopUpstream();
      }
    }

    @Override
    public void onError(Throwable t) {
      fail(t);
    }

    @Override
    public void onComplete() {
      signal(COMPLETE);
    }
  }
}
