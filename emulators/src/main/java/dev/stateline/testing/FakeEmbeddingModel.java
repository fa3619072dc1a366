/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing;

import dev.stateline.Target;
import dev.stateline.chat.Usage;
import dev.stateline.chat.Embedding;
import dev.stateline.chat.EmbeddingRequest;
import dev.stateline.chat.EmbeddingResponse;
import dev.stateline.error.CallCancelledException;
import dev.stateline.error.CallTimeoutException;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.InvalidRequestException;
import dev.stateline.error.StatelineException;
import dev.stateline.spi.EmbeddingModel;
import dev.stateline.spi.ModelCall;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A deterministic {@link EmbeddingModel} for tests, the counterpart of {@link FakeChatModel}: no
 * network, the same text always gets the same unit-length vector ({@link #vectorFor}), and a record
 * of every batch it received.
 *
 * <pre>{@code
 * FakeEmbeddingModel fake = new FakeEmbeddingModel().maxInputsPerRequest(2)
 *     .failWith(FakeErrors.rateLimited(Duration.ofMillis(5)));  // the 1st batch: 429, retried
 * StatelineClient client = StatelineClient.builder().target(fake.asTarget("fake", "embed")).build();
 *
 * EmbeddingResponse r = client.embed(EmbeddingRequest.of("embed", List.of("a", "b", "c")));
 * assertThat(r.embeddings().get(2).vector()).isEqualTo(FakeEmbeddingModel.vectorFor("c", 8));
 * assertThat(fake.batchCount()).isEqualTo(3);                   // [a, b] twice, then [c]
 * }</pre>
 *
 * <p><b>Vectors.</b> {@value #DEFAULT_DIMENSIONS} dimensions unless the request asks for others
 * (or {@link #fixedDimensions(int)} makes the fake refuse them, as a fixed-size model does).
 * Usage: one input token per started four UTF-8 bytes of each text.
 *
 * <p><b>Script.</b> {@link #failWith} and {@link #delay} queue one outcome per batch, in order of
 * arrival; when the script is empty a batch is answered at once. The fake honours the call's total
 * timeout and cancellation while it waits.
 *
 * <p>Thread-safe: batches of one call arrive concurrently.
 */
public final class FakeEmbeddingModel implements EmbeddingModel {
  /** The provider name in the errors and targets the fake makes. */
  public static final String PROVIDER = "fake";
  /** The dimension count of the fake's vectors unless a request asks for another. */
  public static final int DEFAULT_DIMENSIONS = 8;

  private final Object lock = new Object();
  private final Deque<Object> script = new ArrayDeque<>();
  private final List<List<String>> batches = new ArrayList<>();
  private final List<ModelCall> calls = new ArrayList<>();
  private int maxInputs = 2048;
  private int fixedDimensions;
  private int inFlight;
  private int maxInFlight;

  /** A fake that answers every batch at once. */
  public FakeEmbeddingModel() {}

  /**
   * A target named {@code name}, provider {@value #PROVIDER}, embedding {@code aliases} (each under
   * its own name) through this fake. It has no chat model.
   */
  public Target asTarget(String name, String... aliases) {
    Target.Builder b = Target.embeddingBuilder(name, this).provider(PROVIDER);
    if (aliases.length == 0) {
      throw new IllegalArgumentException("a fake embedding target embeds at least one alias");
    }
    for (String alias : aliases) {
      b.embeds(alias, alias);
    }
    return b.build();
  }

  /** The vector the fake makes for {@code text}: unit length, a pure function of the text and the size. */
  public static float[] vectorFor(String text, int dimensions) {
    long seed = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      seed = (seed ^ (b & 0xff)) * 0x100000001b3L;
    }
    float[] v = new float[dimensions];
    double norm = 0;
    for (int i = 0; i < dimensions; i++) {
      seed += 0x9e3779b97f4a7c15L; // SplitMix64
      long z = seed;
      z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
      z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
      z ^= z >>> 31;
      v[i] = (float) ((z >>> 11) * 0x1.0p-53 * 2 - 1);
      norm += v[i] * v[i];
    }
    float scale = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < dimensions; i++) {
      v[i] *= scale;
    }
    return v;
  }

  // ---- scripting ----

  /** The most inputs per batch the fake declares (default 2048). */
  public FakeEmbeddingModel maxInputsPerRequest(int max) {
    synchronized (lock) {
      this.maxInputs = max;
    }
    return this;
  }

  /**
   * Makes the fake a fixed-size model of {@code dimensions}: a request that asks for dimensions
   * fails with the error a provider gives for it ({@code InvalidRequestException}).
   */
  public FakeEmbeddingModel fixedDimensions(int dimensions) {
    synchronized (lock) {
      this.fixedDimensions = dimensions;
    }
    return this;
  }

  /** Queues a failure for the next batch that arrives. */
  public FakeEmbeddingModel failWith(StatelineException error) {
    Objects.requireNonNull(error, "error");
    synchronized (lock) {
      script.add(error);
    }
    return this;
  }

  /** Queues a delay before the next batch that arrives is answered. */
  public FakeEmbeddingModel delay(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    synchronized (lock) {
      script.add(delay);
    }
    return this;
  }

  // ---- inspection ----

  /** Every batch received, in order of arrival: its texts. */
  public List<List<String>> batches() {
    synchronized (lock) {
      return List.copyOf(batches);
    }
  }

  /** How many batches arrived. */
  public int batchCount() {
    synchronized (lock) {
      return batches.size();
    }
  }

  /** Every call a batch arrived with, in order of arrival. */
  public List<ModelCall> calls() {
    synchronized (lock) {
      return List.copyOf(calls);
    }
  }

  /** The most batches that were in the fake at once. */
  public int maxConcurrentBatches() {
    synchronized (lock) {
      return maxInFlight;
    }
  }

  // ---- the model ----

  @Override
  public int maxInputsPerRequest(String providerModel) {
    synchronized (lock) {
      return maxInputs;
    }
  }

  @Override
  public EmbeddingResponse embed(ModelCall call, EmbeddingRequest batch) {
    Object outcome;
    int fixed;
    synchronized (lock) {
      batches.add(List.copyOf(batch.inputs()));
      calls.add(call);
      outcome = script.poll();
      fixed = fixedDimensions;
      maxInFlight = Math.max(maxInFlight, ++inFlight);
    }
    try {
      if (call.cancellation().isCancelled()) {
        throw new CallCancelledException("the fake embedding call was cancelled before it started", null);
      }
      if (outcome instanceof Duration d) {
        pause(call, d);
      } else if (outcome instanceof StatelineException e) {
        throw e;
      }
      if (fixed > 0 && batch.dimensions() != null) {
        throw new InvalidRequestException("model '" + call.providerModel() + "' has a fixed size of " + fixed
            + " dimensions and does not support 'dimensions' (fake)", new ErrorInfo(PROVIDER, 400, null,
            "invalid_request_error"), "dimensions", null);
      }
      int dims = fixed > 0 ? fixed : batch.dimensions() != null ? batch.dimensions() : DEFAULT_DIMENSIONS;
      EmbeddingResponse.Builder r = EmbeddingResponse.builder().model(call.providerModel());
      long tokens = 0;
      List<String> inputs = batch.inputs();
      for (int i = 0; i < inputs.size(); i++) {
        r.add(Embedding.wrap(i, vectorFor(inputs.get(i), dims)));
        tokens += (inputs.get(i).getBytes(StandardCharsets.UTF_8).length + 3) / 4;
      }
      return r.usage(new Usage(tokens, 0, 0, 0)).build();
    } finally {
      synchronized (lock) {
        inFlight--;
      }
    }
  }

  private static void pause(ModelCall call, Duration delay) {
    CountDownLatch wake = new CountDownLatch(1);
    long remaining = Math.max(0, call.remaining().toNanos());
    long wanted = delay.toNanos();
    try (var registration = call.cancellation().onCancel(wake::countDown)) {
      if (wake.await(Math.min(wanted, remaining), TimeUnit.NANOSECONDS)) {
        throw new CallCancelledException("the fake embedding call was cancelled while it waited", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CallCancelledException("interrupted while the fake embedding call waited", e);
    }
    if (wanted > remaining) {
      throw new CallTimeoutException("the call's total timeout of " + call.timeouts().total()
          + " expired while the fake waited", ErrorInfo.of(PROVIDER), CallTimeoutException.Kind.TOTAL, null);
    }
  }

  @Override
  public String toString() {
    return "FakeEmbeddingModel[" + batchCount() + " batches]";
  }
}
