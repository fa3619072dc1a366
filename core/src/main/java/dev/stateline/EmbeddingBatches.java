/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import dev.stateline.chat.Usage;
import dev.stateline.chat.Embedding;
import dev.stateline.chat.EmbeddingRequest;
import dev.stateline.chat.EmbeddingResponse;
import dev.stateline.error.EmbeddingBatchException;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.ProtocolException;
import dev.stateline.error.StatelineException;
import dev.stateline.spi.EmbeddingModel;
import dev.stateline.spi.ModelCall;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One attempt of an embedding call on its target, as {@link ModelLink} makes it: the inputs split
 * into batches of the model's {@link EmbeddingModel#maxInputsPerRequest}, sent with at most the
 * client's embedding concurrency at once (the calling thread works too, helpers run on the client's
 * executor), each batch's vectors put at their inputs' positions.
 *
 * <p>What is embedded stays on the call's {@link RealCall} ({@link Progress}): a retry on the same
 * target sends only the batches still missing, never one twice; a failover to another target starts
 * over, as its model's vectors would not be comparable. When a batch fails, no new batch starts, the
 * ones in flight finish, and the batch's failure leaves the attempt for the retry, circuit breaker
 * and failover links to judge; the client turns the last one into an
 * {@link EmbeddingBatchException} that says which inputs were and were not embedded.
 */
final class EmbeddingBatches {
  private EmbeddingBatches() {}

  /** What an embedding call has embedded so far, on one target. Guarded by itself. */
  static final class Progress {
    final Target target;
    final int batchSize;
    final Embedding[] embedded;
    final boolean[] batchDone;
    Usage usage = Usage.ZERO;
    String model;
    int dimensions = -1;
    int batchesSent;

    Progress(Target target, int inputs, int batchSize) {
      this.target = target;
      this.batchSize = batchSize;
      this.embedded = new Embedding[inputs];
      this.batchDone = new boolean[(inputs + batchSize - 1) / batchSize];
    }

    synchronized List<Embedding> embeddedSoFar() {
      List<Embedding> out = new ArrayList<>();
      for (Embedding e : embedded) {
        if (e != null) {
          out.add(e);
        }
      }
      return out;
    }

    synchronized List<Integer> notEmbedded() {
      List<Integer> out = new ArrayList<>();
      for (int i = 0; i < embedded.length; i++) {
        if (embedded[i] == null) {
          out.add(i);
        }
      }
      return out;
    }

    synchronized boolean any() {
      for (boolean d : batchDone) {
        if (d) {
          return true;
        }
      }
      return false;
    }
  }

  /** Makes one attempt: every batch still missing on the call's target. */
  static EmbeddingResponse embed(RealCall realCall, ModelCall call) {
    Target target = call.target();
    EmbeddingModel model = target.embeddingModel();
    if (model == null) {
      throw new StatelineException("target '" + target.name() + "' declares embedding aliases but has no embedding"
          + " model", ErrorInfo.of(target.provider()), false, null);
    }
    EmbeddingRequest request = call.embeddingRequest();
    String providerModel = call.providerModel();
    int n = request.inputs().size();
    Progress p = realCall.embeddingProgress;
    if (p == null || p.target != target || p.embedded.length != n) {
      int max = model.maxInputsPerRequest(providerModel);
      if (max < 1) {
        throw new IllegalStateException("the embedding model of target '" + target.name()
            + "' takes " + max + " inputs per request");
      }
      p = new Progress(target, n, Math.min(max, n));
      realCall.embeddingProgress = p;
    }
    int[] pending = pending(p);
    if (pending.length > 0) {
      new Run(realCall.pipeline, model, call, request, p, pending).execute();
    }
    synchronized (p) {
      return EmbeddingResponse.builder().embeddings(Arrays.asList(p.embedded)).model(p.model).usage(p.usage)
          .batches(p.batchesSent).build();
    }
  }

  private static int[] pending(Progress p) {
    synchronized (p) {
      int[] out = new int[p.batchDone.length];
      int k = 0;
      for (int b = 0; b < p.batchDone.length; b++) {
        if (!p.batchDone[b]) {
          out[k++] = b;
        }
      }
      return Arrays.copyOf(out, k);
    }
  }

  /**
   * The failure an embedding call leaves the client with: the batch's own failure if nothing was
   * embedded, else an {@link EmbeddingBatchException} saying what was.
   */
  static StatelineException failure(RealCall realCall, StatelineException e) {
    Progress p = realCall.embeddingProgress;
    if (p == null || e instanceof EmbeddingBatchException || !p.any()) {
      return e;
    }
    EmbeddingBatchException wrapped = new EmbeddingBatchException(e, p.embeddedSoFar(), p.notEmbedded());
    realCall.route(wrapped);
    return wrapped;
  }

  /** The batches of one attempt, worked off by the calling thread and up to concurrency - 1 helpers. */
  private static final class Run {
    private final EmbeddingModel model;
    private final ModelCall call;
    private final EmbeddingRequest request;
    private final Progress progress;
    private final int[] batches;
    private final Executor executor;
    private final int helpers;
    private int next;
    private int active;
    private boolean closed;
    private StatelineException failure;

    Run(Pipeline pipeline, EmbeddingModel model, ModelCall call, EmbeddingRequest request, Progress progress,
        int[] batches) {
      this.model = model;
      this.call = call;
      this.request = request;
      this.progress = progress;
      this.batches = batches;
      this.executor = pipeline.embeddingExecutor;
      this.helpers = Math.min(pipeline.embeddingConcurrency, batches.length) - 1;
    }

    void execute() {
      for (int h = 0; h < helpers && executor != null; h++) {
        try {
          executor.execute(this::help);
        } catch (RejectedExecutionException e) {
          break; // the calling thread does the work alone
        }
      }
      work();
      synchronized (this) {
        closed = true; // helpers that have not started by now never will
        boolean interrupted = false;
        while (active > 0) {
          try {
            wait();
          } catch (InterruptedException e) {
            interrupted = true;
            call.cancellation().cancel(); // stops the batches in flight
          }
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
        if (failure != null) {
          throw failure;
        }
      }
    }

    private void help() {
      synchronized (this) {
        if (closed) {
          return;
        }
        active++;
      }
      try {
        work();
      } finally {
        synchronized (this) {
          active--;
          notifyAll();
        }
      }
    }

    /** Takes batches until there are none left or one has failed. */
    private void work() {
      while (true) {
        int b;
        synchronized (this) {
          if (failure != null || next >= batches.length) {
            return;
          }
          b = batches[next++];
        }
        try {
          send(b);
        } catch (StatelineException e) {
          fail(e);
        } catch (RuntimeException e) {
          fail(ModelLink.unexpected(call.target(), e));
        }
      }
    }

    private synchronized void fail(StatelineException e) {
      if (failure == null) {
        failure = e;
      }
    }

    private void send(int b) {
      int from = b * progress.batchSize;
      int to = Math.min(from + progress.batchSize, request.inputs().size());
      List<String> inputs = request.inputs();
      EmbeddingRequest batch = from == 0 && to == inputs.size() ? request : request.withInputs(inputs.subList(from, to));
      synchronized (progress) {
        progress.batchesSent++;
      }
      EmbeddingResponse r = model.embed(call, batch);
      if (r == null) {
        throw new NullPointerException("embed() returned null");
      }
      List<Embedding> got = r.embeddings();
      if (got.size() != to - from) {
        throw protocol("returned " + got.size() + " vectors for a batch of " + (to - from) + " inputs");
      }
      synchronized (progress) {
        for (int i = 0; i < got.size(); i++) {
          Embedding e = got.get(i);
          if (progress.dimensions < 0) {
            progress.dimensions = e.dimensions();
          } else if (e.dimensions() != progress.dimensions) {
            throw protocol("returned vectors of " + e.dimensions() + " and " + progress.dimensions + " dimensions");
          }
        }
        for (int i = 0; i < got.size(); i++) {
          progress.embedded[from + i] = got.get(i).atIndex(from + i);
        }
        progress.batchDone[b] = true;
        progress.usage = progress.usage.plus(r.usage());
        if (progress.model == null) {
          progress.model = r.model();
        }
      }
    }

    private ProtocolException protocol(String what) {
      Target t = call.target();
      return new ProtocolException("the embedding model of target '" + t.name() + "' " + what,
          ErrorInfo.of(t.provider()), false, null, null);
    }
  }
}
