/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.internal;

import dev.stateline.Cancellation;
import dev.stateline.aws.AgentCoreRuntime;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.FinishReason;
import dev.stateline.chat.Message;
import dev.stateline.error.CallCancelledException;
import dev.stateline.error.CallTimeoutException;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.ProtocolException;
import dev.stateline.error.StatelineException;
import dev.stateline.spi.ChatModel;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import dev.stateline.spi.Redactor;
import dev.stateline.spi.ResponseAssembler;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockagentcore.BedrockAgentCoreClient;
import software.amazon.awssdk.services.bedrockagentcore.model.InvokeAgentRuntimeRequest;
import software.amazon.awssdk.services.bedrockagentcore.model.InvokeAgentRuntimeResponse;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * A {@link ChatModel} over AgentCore Runtime's {@code InvokeAgentRuntime}: the agent behind the
 * runtime holds the conversation, keyed by the runtime session id, which travels as the response id
 * (and comes back as {@code previousResponseId} on the next turn of a server-held session).
 *
 * <p>One HTTP attempt per call (the SDK's retries are off on clients Stateline builds); the call's
 * remaining time is the SDK's {@code apiCallTimeout} until the response starts, and a
 * {@link StreamWatch} holds the call's total deadline while its body is read (a body or an event
 * stream that keeps trickling cannot outlast it) and, on an event stream, the read timeout between
 * two events (a comment or an event without data does not count); on a client Stateline built,
 * each connection also gets the call's connect and read timeouts. Cancelling aborts the exchange (and
 * closes the response stream). Thread-safe.
 */
public final class AgentCoreRuntimeModel implements ChatModel {
  private static final String PREFIX = "stateline-";

  private final BedrockAgentCoreClient client;
  private final boolean injected;
  private final String qualifier;
  private final String runtimeUserId;
  private final AgentCoreRuntime.PayloadCodec codec;
  private final ScheduledExecutorService scheduler;
  private final List<SdkAutoCloseable> owned;
  private final String description;
  /** The calls and streams in flight: {@link #close()} cancels them before it closes the client. */
  private final CallsInFlight inFlightCalls = new CallsInFlight();

  /**
   * @param scheduler runs the deadline watches of response bodies (closed with {@code owned})
   * @param owned resources to close with this model, in order, after the client
   */
  public AgentCoreRuntimeModel(BedrockAgentCoreClient client, boolean injected, String qualifier,
      String runtimeUserId, AgentCoreRuntime.PayloadCodec codec, ScheduledExecutorService scheduler,
      List<? extends SdkAutoCloseable> owned, String description) {
    this.client = client;
    this.scheduler = scheduler;
    this.injected = injected;
    this.qualifier = qualifier;
    this.runtimeUserId = runtimeUserId;
    this.codec = codec;
    this.owned = List.copyOf(owned);
    this.description = description;
  }

  /** A new runtime session id: at least 33 characters, as AgentCore requires. */
  static String newRuntimeSessionId() {
    return PREFIX + UUID.randomUUID();
  }

  @Override
  public ChatResponse chat(ModelCall call) {
    Runnable exit = inFlightCalls.enter(call.cancellation());
    try {
      return invokeWhole(call);
    } finally {
      exit.run();
    }
  }

  private ChatResponse invokeWhole(ModelCall call) {
    Invocation inv = invoke(call, "application/json");
    try (inv) {
      byte[] body = inv.readAll();
      String text = codec.answer(inv.contentType, body);
      return response(call, inv, text);
    } catch (IOException e) {
      throw inv.failure(e);
    }
  }

  @Override
  public EventSource stream(ModelCall call) {
    Runnable exit = inFlightCalls.enter(call.cancellation());
    try {
      return inFlightCalls.track(exit, invokeStreamed(call));
    } catch (RuntimeException e) {
      exit.run();
      throw e;
    }
  }

  private EventSource invokeStreamed(ModelCall call) {
    Invocation inv = invoke(call, "text/event-stream, application/json");
    if (inv.contentType == null
        || !inv.contentType.toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream")) {
      try (inv) {
        String text = codec.answer(inv.contentType, inv.readAll());
        ChatResponse r = response(call, inv, text);
        return text.isEmpty() ? EventSource.of(new ChatEvent.Completed(r))
            : EventSource.of(new ChatEvent.TextDelta(text), new ChatEvent.Completed(r));
      } catch (IOException e) {
        throw inv.failure(e);
      }
    }
    return new SseSource(call, inv);
  }

  private ChatResponse response(ModelCall call, Invocation inv, String text) {
    return ChatResponse.builder()
        .id(inv.sessionId)
        .model(call.providerModel())
        .message(Message.assistant(text))
        .finishReason(FinishReason.STOP)
        .requestId(inv.requestId)
        .provider(BedrockErrors.PROVIDER)
        .build();
  }

  /** One InvokeAgentRuntime exchange: its response stream and headers. */
  private final class Invocation implements AutoCloseable {
    final ResponseInputStream<InvokeAgentRuntimeResponse> stream;
    final String sessionId;
    final String contentType;
    final String requestId;
    final Cancellation.Registration registration;
    final Cancellation cancellation;
    final ModelCall call;
    final StreamWatch watch;

    Invocation(ResponseInputStream<InvokeAgentRuntimeResponse> stream, String sessionId, ModelCall call) {
      this.stream = stream;
      this.call = call;
      InvokeAgentRuntimeResponse r = stream.response();
      this.sessionId = r.runtimeSessionId() != null ? r.runtimeSessionId() : sessionId;
      this.contentType = r.contentType();
      this.requestId = Redactor.standard().cleanId(r.responseMetadata() == null ? null : r.responseMetadata().requestId());
      this.cancellation = call.cancellation();
      this.registration = cancellation.onCancel(stream::abort);
      this.watch = new StreamWatch(scheduler, call.deadlineNanos(), call.timeouts().read().toNanos(), stream::abort)
          .start();
    }

    /** The whole body, read in pieces so that a timeout the watch fired ends it even if the abort did not. */
    byte[] readAll() throws IOException {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      while ((n = stream.read(buf)) != -1) {
        out.write(buf, 0, n);
        checkWatch();
      }
      checkWatch();
      return out.toByteArray();
    }

    /** Fails the read if the watch fired (the abort may leave a blocking read running to its end). */
    void checkWatch() throws IOException {
      if (watch.fired() != null) {
        throw new java.io.InterruptedIOException("the deadline watch ended the read");
      }
    }

    StatelineException failure(IOException e) {
      if (cancellation.isCancelled()) {
        return new CallCancelledException("the AgentCore Runtime call was cancelled", BedrockErrors.cleanCause(e));
      }
      CallTimeoutException.Kind timedOut = watch.fired();
      if (timedOut != null) {
        return new CallTimeoutException(timedOut == CallTimeoutException.Kind.TOTAL
            ? "the AgentCore Runtime call outlasted its total timeout of " + call.timeouts().total()
            : "the agent sent no event for longer than the read timeout of " + call.timeouts().read(),
            new ErrorInfo(BedrockErrors.PROVIDER, 200, requestId, null), timedOut, BedrockErrors.cleanCause(e));
      }
      if (e instanceof java.net.SocketTimeoutException) {
        return new CallTimeoutException("reading the agent's answer timed out (read timeout " + call.timeouts().read()
            + ")", new ErrorInfo(BedrockErrors.PROVIDER, 200, requestId, null), CallTimeoutException.Kind.READ,
            BedrockErrors.cleanCause(e));
      }
      return new ProtocolException("reading the agent's answer failed: " + Redactor.standard().clean(e.getMessage()),
          new ErrorInfo(BedrockErrors.PROVIDER, 200, requestId, null), true, null, BedrockErrors.cleanCause(e));
    }

    @Override
    public void close() {
      watch.close();
      registration.close();
      try {
        stream.close();
      } catch (IOException ignored) {
        // the exchange is over either way
      }
    }
  }

  private Invocation invoke(ModelCall call, String accept) {
    Cancellation cancellation = call.cancellation();
    cancellation.throwIfCancelled();
    ChatRequest request = call.request();
    String sessionId = request.previousResponseId() != null ? request.previousResponseId() : newRuntimeSessionId();
    byte[] payload = codec.encode(request.messages());
    Duration remaining = Duration.ofNanos(call.requireTimeLeft(BedrockErrors.PROVIDER, "AgentCore Runtime was called"));
    AwsRequestOverrideConfiguration.Builder o = AwsRequestOverrideConfiguration.builder().apiCallTimeout(remaining);
    if (injected) {
      o.addPlugin(BedrockAgentCoreRetries.OFF);
    }
    InvokeAgentRuntimeRequest.Builder b = InvokeAgentRuntimeRequest.builder()
        .agentRuntimeArn(call.providerModel())
        .runtimeSessionId(sessionId)
        .contentType(codec.contentType())
        .accept(accept)
        .payload(SdkBytes.fromByteArrayUnsafe(payload))
        .overrideConfiguration(o.build());
    if (qualifier != null) {
      b.qualifier(qualifier);
    }
    if (runtimeUserId != null) {
      b.runtimeUserId(runtimeUserId);
    }
    SyncCall inFlight = SyncCall.begin(call.timeouts().connect(), call.timeouts().read());
    Cancellation.Registration registration = cancellation.onCancel(inFlight::cancel);
    try {
      ResponseInputStream<InvokeAgentRuntimeResponse> stream = client.invokeAgentRuntime(b.build());
      inFlight.end();
      if (cancellation.isCancelled()) {
        stream.abort();
        throw new CallCancelledException("the AgentCore Runtime call was cancelled", null);
      }
      return new Invocation(stream, sessionId, call);
    } catch (StatelineException e) {
      throw e;
    } catch (RuntimeException e) {
      inFlight.end();
      if (cancellation.isCancelled()) {
        throw new CallCancelledException("the AgentCore Runtime call was cancelled", e);
      }
      throw BedrockErrors.map(e, null);
    } finally {
      registration.close();
      inFlight.end();
    }
  }

  /** A server-sent event stream from the agent: one text delta per {@code data} field. */
  private final class SseSource implements EventSource {
    private final ModelCall call;
    private final Invocation inv;
    private final BufferedReader reader;
    private final ResponseAssembler assembler = new ResponseAssembler();
    private boolean done;
    private boolean ended;

    SseSource(ModelCall call, Invocation inv) {
      this.call = call;
      this.inv = inv;
      this.reader = new BufferedReader(new InputStreamReader(inv.stream, StandardCharsets.UTF_8));
      assembler.id(inv.sessionId).model(call.providerModel()).requestId(inv.requestId).provider(BedrockErrors.PROVIDER);
      // From here on, the read timeout is the longest wait for the next event, the first one included.
      inv.watch.eventArrived();
    }

    @Override
    public ChatEvent next() {
      if (done) {
        return null;
      }
      if (ended) {
        done = true;
        assembler.finishReason(FinishReason.STOP, null);
        return new ChatEvent.Completed(assembler.build());
      }
      StringBuilder data = null;
      try {
        String line;
        while ((line = reader.readLine()) != null) {
          inv.checkWatch();
          if (line.isEmpty()) {
            if (data != null && !data.toString().isBlank()) {
              inv.watch.eventArrived(); // an event: comments and events without data do not count
            }
            if (data != null) {
              String text = codec.streamed(data.toString());
              if (text != null && !text.isEmpty()) {
                ChatEvent.TextDelta delta = new ChatEvent.TextDelta(text);
                assembler.accept(delta);
                return delta;
              }
              data = null;
            }
          } else if (line.startsWith("data:")) {
            String value = line.substring(5);
            value = value.startsWith(" ") ? value.substring(1) : value;
            data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
          }
          // event:, id:, retry: and comments carry no text
        }
      } catch (IOException e) {
        done = true;
        inv.close();
        StatelineException failure = inv.failure(e);
        boolean delivered = assembler.hasContent();
        if (failure instanceof CallTimeoutException timeout && delivered) {
          // Text reached the caller: a truncated answer, its partial text kept, caused by the timeout.
          throw new ProtocolException("the agent's event stream timed out mid-stream ("
              + timeout.kind().name().toLowerCase(java.util.Locale.ROOT) + " timeout)",
              new ErrorInfo(BedrockErrors.PROVIDER, 200, inv.requestId, null), false, assembler.partial(), timeout);
        }
        if (failure instanceof ProtocolException) {
          throw new ProtocolException("the agent's event stream broke: " + Redactor.standard().clean(e.getMessage()),
              new ErrorInfo(BedrockErrors.PROVIDER, 200, inv.requestId, null), !delivered, assembler.partial(),
              BedrockErrors.cleanCause(e));
        }
        throw failure;
      }
      ended = true;
      inv.close();
      if (data != null) { // a last event without its blank line
        String text = codec.streamed(data.toString());
        if (text != null && !text.isEmpty()) {
          ChatEvent.TextDelta delta = new ChatEvent.TextDelta(text);
          assembler.accept(delta);
          return delta;
        }
      }
      return next();
    }

    @Override
    public void close() {
      done = true;
      inv.stream.abort();
      inv.close();
    }
  }

  /**
   * Cancels the calls and streams in flight (each fails with {@link CallCancelledException}), then
   * closes the client and what else Stateline built; an injected client stays open.
   */
  @Override
  public void close() {
    inFlightCalls.close();
    RuntimeException first = null;
    if (!injected) {
      try {
        client.close();
      } catch (RuntimeException e) {
        first = e;
      }
    }
    for (SdkAutoCloseable c : owned) {
      try {
        c.close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Override
  public String toString() {
    return "AgentCoreRuntimeModel[" + description + "]";
  }
}
