/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.internal;

import dev.stateline.Cancellation;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.CallCancelledException;
import dev.stateline.error.StatelineException;
import dev.stateline.spi.ChatModel;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.core.SdkBytes;
import dev.stateline.spi.EmbeddingModel;
import dev.stateline.chat.Usage;
import dev.stateline.chat.EmbeddingResponse;
import dev.stateline.chat.EmbeddingRequest;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeServiceClientConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * A {@link ChatModel} over Amazon Bedrock's Converse API: {@code Converse} on the sync
 * {@link BedrockRuntimeClient} for {@code chat}, {@code ConverseStream} on the
 * {@link BedrockRuntimeAsyncClient} for {@code stream}.
 *
 * <p>Each call makes exactly one HTTP attempt: clients built by Stateline have the SDK's retries
 * switched off, and calls on injected clients carry a per-request plugin that does the same, because
 * Stateline's pipeline retries. Per call, the request's override configuration sets
 * {@code apiCallTimeout} to the time left before the call's deadline and, for {@code chat},
 * {@code apiCallAttemptTimeout} to connect plus read timeout when that is shorter; a stream's read
 * timeout bounds the silence between events. On a sync client Stateline built, each connection also
 * gets the call's connect and read timeouts ({@link CallTimeoutsConnectionFactory}), so that a body
 * trickling in slower than the read timeout fails the attempt at once: the SDK's attempt timeout
 * alone only interrupts the thread, which a blocked socket read does not notice.
 *
 * <p>Cancellation: a stream is cancelled at once (subscription and HTTP request). A sync
 * {@code chat} on a client Stateline built is cancelled at once too: its HTTP client
 * ({@link CancellableHttpClient}) lets the cancellation abort the exchange. On an injected sync client
 * the calling thread is interrupted, which the blocking HTTP client may notice only when the answer
 * arrives; either way the call fails with {@link CallCancelledException}.
 *
 * <p>Thread-safe. {@link #close()} closes the clients (and credentials provider) Stateline built and
 * leaves injected ones open. {@code toString()} names the region and endpoint, never credentials.
 */
public final class BedrockChatModel implements ChatModel, EmbeddingModel {

  /** A request-level plugin that turns the SDK's own retries off, for injected clients. */
  private static final SdkPlugin NO_SDK_RETRIES = config -> {
    if (config instanceof BedrockRuntimeServiceClientConfiguration.Builder b) {
      ClientOverrideConfiguration current = b.overrideConfiguration();
      ClientOverrideConfiguration.Builder o = current == null
          ? ClientOverrideConfiguration.builder() : current.toBuilder();
      b.overrideConfiguration(o.retryStrategy(AwsRetryStrategy.doNotRetry()).build());
    }
  };

  private final BedrockRuntimeClient client;
  private final BedrockRuntimeAsyncClient asyncClient;
  private final boolean clientInjected;
  private final boolean asyncClientInjected;
  private final List<SdkAutoCloseable> owned;
  private final String description;
  private final boolean signalsSent;
  /** The calls and streams in flight: {@link #close()} cancels them before it closes the clients. */
  private final CallsInFlight inFlightCalls = new CallsInFlight();

  /**
   * @param client the sync client
   * @param clientInjected true if the application supplied {@code client} (it is then not closed
   *     here, and its retries are switched off per request)
   * @param asyncClient the async client
   * @param asyncClientInjected as {@code clientInjected}, for {@code asyncClient}
   * @param owned other resources to close with this model (a credentials provider Stateline built),
   *     closed in this order after the clients
   * @param description region and endpoint, for {@link #toString()}; no secrets
   */
  public BedrockChatModel(BedrockRuntimeClient client, boolean clientInjected,
      BedrockRuntimeAsyncClient asyncClient, boolean asyncClientInjected,
      List<? extends SdkAutoCloseable> owned, String description) {
    this.client = client;
    this.asyncClient = asyncClient;
    this.clientInjected = clientInjected;
    this.asyncClientInjected = asyncClientInjected;
    this.owned = List.copyOf(owned);
    this.description = description;
    // The async client Stateline builds tells a stream when its request is sent (RequestSent).
    this.signalsSent = !asyncClientInjected;
  }

  @Override
  public ChatResponse chat(ModelCall call) {
    Runnable exit = inFlightCalls.enter(call.cancellation());
    try {
      return converse(call);
    } finally {
      exit.run();
    }
  }

  private ChatResponse converse(ModelCall call) {
    Cancellation cancellation = call.cancellation();
    cancellation.throwIfCancelled();
    ConverseRequestMapper.Mapped mapped = ConverseRequestMapper.map(call.request());
    String modelId = call.providerModel();
    ConverseRequest request = mapped.toConverse(modelId).toBuilder()
        .overrideConfiguration(override(call, clientInjected, true))
        .build();

    SyncCall inFlight = SyncCall.begin(call.timeouts().connect(), call.timeouts().read());
    Cancellation.Registration registration = cancellation.onCancel(inFlight::cancel);
    try {
      ConverseResponse response = client.converse(request);
      inFlight.end();
      cancellation.throwIfCancelled();
      return ConverseResponseMapper.map(response, modelId, mapped.outputTool());
    } catch (StatelineException e) {
      throw e;
    } catch (RuntimeException e) {
      inFlight.end();
      if (cancellation.isCancelled()) {
        throw new CallCancelledException("the Bedrock call was cancelled", e);
      }
      throw BedrockErrors.map(e, null);
    } finally {
      registration.close();
      inFlight.end();
    }
  }

  /**
   * Embeds one batch with InvokeModel, in the model's own body format ({@link BedrockEmbeddings}):
   * the same timeouts, cancellation and error mapping as {@link #chat}.
   */
  @Override
  public EmbeddingResponse embed(ModelCall call, EmbeddingRequest batch) {
    Runnable exit = inFlightCalls.enter(call.cancellation());
    try {
      return invokeEmbedding(call, batch);
    } finally {
      exit.run();
    }
  }

  private EmbeddingResponse invokeEmbedding(ModelCall call, EmbeddingRequest batch) {
    Cancellation cancellation = call.cancellation();
    cancellation.throwIfCancelled();
    String modelId = call.providerModel();
    BedrockEmbeddings format = BedrockEmbeddings.of(modelId);
    String body = format.encode(batch, modelId);
    InvokeModelRequest request = InvokeModelRequest.builder()
        .modelId(modelId)
        .contentType("application/json")
        .accept("application/json")
        .body(SdkBytes.fromUtf8String(body))
        .overrideConfiguration(override(call, clientInjected, true))
        .build();
    SyncCall inFlight = SyncCall.begin(call.timeouts().connect(), call.timeouts().read());
    Cancellation.Registration registration = cancellation.onCancel(inFlight::cancel);
    try {
      InvokeModelResponse response = client.invokeModel(request);
      inFlight.end();
      cancellation.throwIfCancelled();
      EmbeddingResponse r = format.decode(response.body().asUtf8String(), batch.inputs().size(), modelId);
      if (r.usage().inputTokens() == 0) {
        // Cohere's count is not in the body: Bedrock sends it as a header.
        String header = response.sdkHttpResponse().firstMatchingHeader("X-Amzn-Bedrock-Input-Token-Count")
            .orElse(null);
        long tokens = parseCount(header);
        if (tokens > 0) {
          r = r.toBuilder().usage(new Usage(tokens, 0, 0, 0)).build();
        }
      }
      return r;
    } catch (StatelineException e) {
      throw e;
    } catch (RuntimeException e) {
      inFlight.end();
      if (cancellation.isCancelled()) {
        throw new CallCancelledException("the Bedrock call was cancelled", e);
      }
      throw BedrockErrors.map(e, null);
    } finally {
      registration.close();
      inFlight.end();
    }
  }

  /** The model's documented limit: one text per request for Titan, 96 for Cohere Embed v3. */
  @Override
  public int maxInputsPerRequest(String providerModel) {
    return BedrockEmbeddings.of(providerModel).maxInputs();
  }

  private static long parseCount(String header) {
    if (header == null || header.isEmpty() || header.length() > 18) {
      return 0;
    }
    for (int i = 0; i < header.length(); i++) {
      if (header.charAt(i) < '0' || header.charAt(i) > '9') {
        return 0;
      }
    }
    return Long.parseLong(header);
  }

  @Override
  public EventSource stream(ModelCall call) {
    Runnable exit = inFlightCalls.enter(call.cancellation());
    try {
      return inFlightCalls.track(exit, converseStream(call));
    } catch (RuntimeException e) {
      exit.run();
      throw e;
    }
  }

  private EventSource converseStream(ModelCall call) {
    call.cancellation().throwIfCancelled();
    ConverseRequestMapper.Mapped mapped = ConverseRequestMapper.map(call.request());
    String modelId = call.providerModel();
    ConverseEventSource source = new ConverseEventSource(call, modelId, mapped.outputTool(), signalsSent);
    ConverseStreamRequest request = mapped.toConverseStream(modelId).toBuilder()
        .overrideConfiguration(override(call, asyncClientInjected, false).toBuilder()
            .putExecutionAttribute(RequestSent.ON_SENT, source::requestSent).build())
        .build();
    CompletableFuture<Void> future;
    try {
      future = asyncClient.converseStream(request, source.handler());
    } catch (RuntimeException e) {
      source.close();
      throw BedrockErrors.map(e, null);
    }
    source.attach(future);
    source.awaitAccepted();
    return source;
  }

  private static AwsRequestOverrideConfiguration override(ModelCall call, boolean injected, boolean sync) {
    Duration remaining = Duration.ofNanos(call.requireTimeLeft(BedrockErrors.PROVIDER, "Bedrock was called"));
    AwsRequestOverrideConfiguration.Builder b = AwsRequestOverrideConfiguration.builder()
        .apiCallTimeout(remaining);
    if (sync) {
      // A non-streamed answer arrives in one piece: its silence is the whole attempt.
      Duration attempt = call.timeouts().connect().plus(call.timeouts().read());
      if (attempt.compareTo(remaining) < 0) {
        b.apiCallAttemptTimeout(attempt);
      }
    }
    if (injected) {
      b.addPlugin(NO_SDK_RETRIES);
    }
    return b.build();
  }

  /**
   * Cancels the calls and streams in flight (each fails with {@link CallCancelledException}, a
   * call starting from now on too), then closes the clients and credentials provider Stateline
   * built; injected clients stay open.
   */
  @Override
  public void close() {
    inFlightCalls.close();
    List<RuntimeException> failures = new ArrayList<>();
    if (!clientInjected) {
      closeQuietly(client, failures);
    }
    if (!asyncClientInjected) {
      closeQuietly(asyncClient, failures);
    }
    for (SdkAutoCloseable c : owned) {
      closeQuietly(c, failures);
    }
    if (!failures.isEmpty()) {
      RuntimeException first = failures.get(0);
      failures.subList(1, failures.size()).forEach(first::addSuppressed);
      throw first;
    }
  }

  private static void closeQuietly(SdkAutoCloseable c, List<RuntimeException> failures) {
    try {
      c.close();
    } catch (RuntimeException e) {
      failures.add(e);
    }
  }

  @Override
  public String toString() {
    return "BedrockChatModel[" + description + "]";
  }

}
