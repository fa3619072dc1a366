/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.EmbeddingRequest;
import dev.stateline.chat.EmbeddingResponse;
import dev.stateline.error.EmbeddingBatchException;
import dev.stateline.error.CallCancelledException;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.ProtocolException;
import dev.stateline.error.StatelineException;
import dev.stateline.guardrail.Guardrail;
import dev.stateline.guardrail.Guardrails;
import dev.stateline.internal.CallScope;
import dev.stateline.internal.ClientSession;
import dev.stateline.internal.HostedSessions;
import dev.stateline.internal.SessionHost;
import dev.stateline.internal.SessionLocks;
import dev.stateline.placement.CallKind;
import dev.stateline.placement.CircuitBreakerPolicy;
import dev.stateline.placement.TargetHealth;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.session.InMemorySessionStore;
import dev.stateline.session.Session;
import dev.stateline.session.SessionOptions;
import dev.stateline.session.SessionStore;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import dev.stateline.session.SessionProvider;
import dev.stateline.telemetry.Telemetry;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: one portable API over every configured {@link Target}, deciding per call where it
 * runs.
 *
 * <pre>{@code
 * StatelineClient client = StatelineClient.builder()
 *     .target(OpenAi.target("openai", apiKey).model("gpt-4.1").build())
 *     .build();
 * ChatResponse answer = client.chat(ChatRequest.of("gpt-4.1", "Hello"));
 * }</pre>
 *
 * <p>Every call flows through one pipeline: the {@linkplain Builder#addInterceptor call
 * interceptors}, {@linkplain PlacementPolicy placement}, then on each target in the placement's order
 * the target's bulkhead ({@link Target#maxConcurrentCalls()}), the built-in retry with the target's
 * circuit breaker, the {@linkplain Builder#addTargetInterceptor target interceptors} and the
 * provider. A retryable failure that outlasts its target's retries, a full target or an open circuit
 * fails over to the next target; every move is on the answer ({@code ChatResponse.failovers()}).
 *
 * <p>Governance plugs into the same pipeline: {@linkplain Builder#telemetry telemetry} listeners
 * see every call's events (SLF4J, OpenTelemetry, and from {@code stateline-governance} a
 * {@code CostLedger}, an {@code AuditTrail}, a {@code WorkloadMap}),
 * a {@linkplain Builder#priceBook price book} puts a cost on every answer, and
 * {@linkplain Builder#guardrail guardrails} check requests and responses.
 *
 * <p>{@link #chat} and {@link #stream} make stateless calls (stateful if the request continues or
 * keeps provider-held state: {@code previousResponseId}, {@code store=true});
 * {@link #session(String)} opens a conversation whose turns are stateful calls, kept in a
 * {@link SessionStore}.
 *
 * <p>A client is immutable and thread-safe: build one per application and share it. {@link #close()}
 * releases the providers' connections and the async executor.
 */
public final class StatelineClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StatelineClient.class);

  private final Pipeline pipeline;
  private final Timeouts timeouts;
  private final InstantSource clock;
  private final SessionStore sessionStore;
  private final SessionOptions sessionDefaults;
  private final SessionLocks sessionLocks = new SessionLocks();
  private final String onlyAlias;
  private final ExecutorService executor;
  private final boolean ownsExecutor;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final String idPrefix = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
  private final AtomicInteger callCounter = new AtomicInteger();

  private StatelineClient(Builder b) {
    if (b.targets.isEmpty()) {
      throw new IllegalArgumentException("a client needs at least one target");
    }
    List<Interceptor> callInterceptors = new ArrayList<>();
    callInterceptors.add(CallScope.interceptor()); // first: the call id in the MDC for all that follows
    callInterceptors.addAll(b.interceptors);
    if (!b.guardrails.isEmpty()) {
      callInterceptors.add(Guardrails.of(b.guardrails));
    }
    this.ownsExecutor = b.executor == null;
    this.executor = b.executor != null ? b.executor : Executors.newCachedThreadPool(daemonThreads());
    this.pipeline = new Pipeline(b.targets, callInterceptors, b.targetInterceptors, b.placement, b.retryPolicy,
        b.circuitBreaker, b.clock, b.telemetry, b.priceBook, b.strictResidencyEvidence, executor,
        b.embeddingConcurrency);
    this.timeouts = b.timeouts;
    this.clock = b.clock;
    this.sessionStore = b.sessionStore != null ? b.sessionStore : InMemorySessionStore.builder().clock(b.clock).build();
    this.sessionDefaults = b.sessionDefaults;
    Set<String> aliases = new LinkedHashSet<>();
    boolean any = false;
    for (Target t : b.targets) {
      aliases.addAll(t.models().keySet());
      any |= t.servesAnyModel();
    }
    this.onlyAlias = aliases.size() == 1 && !any ? aliases.iterator().next() : null;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The client's targets, in the order they were declared. */
  public List<Target> targets() {
    return pipeline.targets;
  }

  /**
   * What the client has observed about a target: circuit state, latency, calls in flight.
   *
   * @throws IllegalArgumentException if the client has no such target
   */
  public TargetHealth health(String target) {
    TargetHealth h = pipeline.health(target);
    if (h == null) {
      throw new IllegalArgumentException("no target is named '" + target + "'");
    }
    return h;
  }

  /**
   * The session {@code id}, with the {@linkplain Builder#sessionDefaults default session options}:
   * loaded from the client's store if it exists, created by its first turn otherwise.
   *
   * @throws IllegalArgumentException if the id is not 1 to 128 characters without control characters
   * @throws IllegalStateException if no model alias is set and the targets serve more than one
   */
  public Session session(String id) {
    return session(id, sessionDefaults);
  }

  /**
   * The session {@code id} with the given options. Unset options fall back to the client's: the
   * model to the default session options' (or the only alias the targets serve), the store to
   * {@link Builder#sessionStore}.
   *
   * <p>When the targets serving the alias keep sessions themselves (their models implement
   * {@link SessionProvider}, as managed agent targets do), the session is theirs: see the target's
   * documentation for what it keeps where.
   *
   * @throws IllegalArgumentException if the id is not 1 to 128 characters without control characters
   * @throws IllegalStateException if no model alias is set and the targets serve more than one, or
   *     the alias is served both by targets that keep sessions themselves and by targets that do not
   */
  public Session session(String id, SessionOptions options) {
    Objects.requireNonNull(options, "options");
    if (closed.get()) {
      throw new IllegalStateException("the client is closed");
    }
    String model = options.model() != null ? options.model() : sessionDefaults.model() != null
        ? sessionDefaults.model() : onlyAlias;
    if (model == null) {
      throw new IllegalStateException("a session needs a model alias: set SessionOptions.builder().model(...)"
          + " or StatelineClient.Builder.sessionDefaults(...)");
    }
    SessionStore store = options.store() != null ? options.store() : sessionStore;
    SessionProvider provider = HostedSessions.providerFor(model, pipeline.targets);
    if (provider != null) {
      // The targets keep the session themselves (a managed agent): their provider supplies it.
      return HostedSessions.open(provider, id, model, options, store, pipeline.targets, sessionHost);
    }
    return new ClientSession(id, model, options, store, sessionHost);
  }

  /** The store sessions use unless their options name another; in-memory unless set on the builder. */
  public SessionStore sessionStore() {
    return sessionStore;
  }

  private final SessionHost sessionHost = new SessionHost() {
    @Override
    public EventSource execute(String sessionId, ChatRequest request, boolean streaming, CallOptions options,
        Cancellation cancellation) {
      return pipeline.execute(newCall(request, streaming, CallKind.STATEFUL, options, cancellation), sessionId);
    }

    @Override
    public ChatStream newStream(EventSource source, Runnable onClose) {
      return new ChatStream(source, onClose);
    }

    @Override
    public Timeouts timeouts(CallOptions options) {
      return options.timeouts() != null ? options.timeouts() : timeouts;
    }

    @Override
    public InstantSource clock() {
      return clock;
    }

    @Override
    public SessionLocks locks() {
      return sessionLocks;
    }
  };

  /**
   * Sends a request and waits for the whole answer.
   *
   * @throws StatelineException (a subtype) if the call fails after retries and failover; its
   *     {@code placement()} and {@code attempts()} say where it went
   */
  public ChatResponse chat(ChatRequest request) {
    return chat(request, CallOptions.defaults());
  }

  /** {@link #chat(ChatRequest)} with per-call options. */
  public ChatResponse chat(ChatRequest request, CallOptions options) {
    Cancellation cancellation = new Cancellation();
    Cancellation.Registration link = linkTo(options, cancellation);
    try (EventSource source = pipeline.execute(newCall(request, false, classify(request), options, cancellation))) {
      return drain(source, null);
    } finally {
      link.close();
    }
  }

  /**
   * Sends a request and returns its answer as a stream of events. Blocks until the provider has
   * accepted the call and sent its first event; connection failures, throttling and the like are
   * retried (and failed over) before this returns, never after.
   *
   * @return a stream to iterate and then close
   */
  public ChatStream stream(ChatRequest request) {
    return stream(request, CallOptions.defaults());
  }

  /** {@link #stream(ChatRequest)} with per-call options. */
  public ChatStream stream(ChatRequest request, CallOptions options) {
    Cancellation cancellation = new Cancellation();
    Cancellation.Registration link = linkTo(options, cancellation);
    EventSource source;
    try {
      source = pipeline.execute(newCall(request, true, classify(request), options, cancellation));
    } catch (RuntimeException e) {
      link.close();
      throw e;
    }
    return new ChatStream(source, () -> {
      cancellation.cancel();
      link.close();
    });
  }

  /**
   * Streams the answer to {@code listener} on the client's executor.
   *
   * @return a future of the whole answer; cancelling it cancels the call
   */
  public CompletableFuture<ChatResponse> stream(ChatRequest request, ChatListener listener) {
    return stream(request, CallOptions.defaults(), listener);
  }

  /** {@link #stream(ChatRequest, ChatListener)} with per-call options. */
  public CompletableFuture<ChatResponse> stream(ChatRequest request, CallOptions options, ChatListener listener) {
    Objects.requireNonNull(listener, "listener");
    return async(options, listener::onError, cancellation -> {
      Cancellation.Registration link = linkTo(options, cancellation);
      try (EventSource source = pipeline.execute(newCall(request, true, classify(request), options, cancellation))) {
        return drain(source, listener);
      } catch (ListenerFailure e) {
        // The listener itself threw: it ends the stream, but it is not told about its own failure.
        throw e.getCause();
      } catch (StatelineException e) {
        listener.onError(e);
        throw e;
      } catch (RuntimeException e) {
        // An interceptor or policy failed outside the Stateline hierarchy: still exactly one onError.
        StatelineException wrapped = new StatelineException(
            "the call failed: " + e.getClass().getName(), ErrorInfo.NONE, false, e);
        listener.onError(wrapped);
        throw wrapped;
      } finally {
        link.close();
      }
    });
  }

  /**
   * Sends a request on the client's executor.
   *
   * @return a future of the answer, completed exceptionally with a {@link StatelineException};
   *     cancelling it cancels the call
   */
  public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    return chatAsync(request, CallOptions.defaults());
  }

  /** {@link #chatAsync(ChatRequest)} with per-call options. */
  public CompletableFuture<ChatResponse> chatAsync(ChatRequest request, CallOptions options) {
    return async(options, null, cancellation -> {
      Cancellation.Registration link = linkTo(options, cancellation);
      try (EventSource source = pipeline.execute(newCall(request, false, classify(request), options, cancellation))) {
        return drain(source, null);
      } finally {
        link.close();
      }
    });
  }

  /**
   * Embeds the request's texts and waits for every vector. The call is a stateless call of
   * operation {@code embeddings}: it is placed among the targets that {@linkplain Target#embeds
   * embed} the alias (under the standard policy, stateless hosts such as Azure OpenAI), with
   * residency, budgets, retries, failover, the circuit breaker, the bulkhead, cost and telemetry as
   * for chat. The inputs are split into batches the placed provider accepts, sent at most
   * {@link Builder#embeddingConcurrency} at once, and returned in input order.
   *
   * @throws EmbeddingBatchException if a batch failed (after retries and failover) once others had
   *     been embedded: it says which inputs were and were not, with the vectors made
   * @throws StatelineException (a subtype) if the call failed before any vector was made; its
   *     {@code placement()} and {@code attempts()} say where it went
   */
  public EmbeddingResponse embed(EmbeddingRequest request) {
    return embed(request, CallOptions.defaults());
  }

  /** {@link #embed(EmbeddingRequest)} with per-call options (residency, tenant, tags, timeouts). */
  public EmbeddingResponse embed(EmbeddingRequest request, CallOptions options) {
    Cancellation cancellation = new Cancellation();
    Cancellation.Registration link = linkTo(options, cancellation);
    try {
      return runEmbedding(request, options, cancellation);
    } finally {
      link.close();
    }
  }

  /**
   * {@link #embed(EmbeddingRequest)} on the client's executor.
   *
   * @return a future of the vectors, completed exceptionally with a {@link StatelineException};
   *     cancelling it cancels the call
   */
  public CompletableFuture<EmbeddingResponse> embedAsync(EmbeddingRequest request) {
    return embedAsync(request, CallOptions.defaults());
  }

  /** {@link #embedAsync(EmbeddingRequest)} with per-call options. */
  public CompletableFuture<EmbeddingResponse> embedAsync(EmbeddingRequest request, CallOptions options) {
    Objects.requireNonNull(request, "request");
    return async(options, null, cancellation -> {
      Cancellation.Registration link = linkTo(options, cancellation);
      try {
        return runEmbedding(request, options, cancellation);
      } finally {
        link.close();
      }
    });
  }

  private EmbeddingResponse runEmbedding(EmbeddingRequest request, CallOptions options, Cancellation cancellation) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(options, "options");
    if (closed.get()) {
      throw new IllegalStateException("the client is closed");
    }
    Timeouts t = options.timeouts() != null ? options.timeouts() : timeouts;
    String id = "call_" + idPrefix + "_" + Integer.toHexString(callCounter.incrementAndGet());
    ModelCall call = ModelCall.create(id, request, t, cancellation).withOptions(options);
    RealCall realCall = new RealCall(pipeline, call, null);
    try (EventSource source = realCall.execute()) {
      ChatEvent e = source.next();
      if (e instanceof ChatEvent.EmbeddingsCompleted c) {
        return c.response();
      }
      throw new ProtocolException("the embedding call ended without its vectors (an interceptor replaced the answer"
          + " with " + (e == null ? "nothing" : e.getClass().getSimpleName()) + ")", ErrorInfo.NONE, false, null, null);
    } catch (StatelineException e) {
      throw EmbeddingBatches.failure(realCall, e);
    }
  }

  /**
   * Closes every target's model (once each) and, if the client made it, the async executor. Does not
   * wait for answers: calls started afterwards are refused ({@link IllegalStateException}); calls in
   * flight and open streams end promptly with a {@link CallCancelledException} (a stream's next
   * {@code next()} throws it; an answer that had completed is still handed out), and no connection or
   * thread of theirs is left behind; a call racing the close either runs or is refused or cancelled,
   * never hangs. What each provider does to get there is in docs/operations.md ("Closing the
   * client"). Idempotent; thread-safe.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (ownsExecutor) {
      executor.shutdownNow();
    }
    IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
    for (Target t : pipeline.targets) {
      for (AutoCloseable model : new AutoCloseable[] {t.chatModel(), t.embeddingModel()}) {
        if (model != null && seen.put(model, Boolean.TRUE) == null) {
          try {
            model.close();
          } catch (Exception e) {
            LOG.warn("closing the model of target {} failed: {}", t.name(), e.toString());
          }
        }
      }
    }
  }

  private ModelCall newCall(ChatRequest request, boolean streaming, CallKind kind, CallOptions options,
      Cancellation cancellation) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(options, "options");
    if (closed.get()) {
      throw new IllegalStateException("the client is closed");
    }
    Timeouts t = options.timeouts() != null ? options.timeouts() : timeouts;
    String id = "call_" + idPrefix + "_" + Integer.toHexString(callCounter.incrementAndGet());
    return ModelCall.create(id, request, streaming, kind, t, cancellation).withOptions(options);
  }

  /**
   * A call is stateful if it relies on state kept between calls: a request that continues a
   * provider-held conversation ({@code previousResponseId}) or asks the provider to keep it
   * ({@code store=true}). Everything else {@code chat} and {@code stream} send is stateless.
   */
  private static CallKind classify(ChatRequest request) {
    return request.usesServerState() ? CallKind.STATEFUL : CallKind.STATELESS;
  }

  /** Makes the caller's cancellation, if any, cancel this call's own signal. */
  private static Cancellation.Registration linkTo(CallOptions options, Cancellation callSignal) {
    Cancellation user = options.cancellation();
    return user == null ? () -> {} : user.onCancel(callSignal::cancel);
  }

  private static ChatResponse drain(EventSource source, ChatListener listener) {
    ChatEvent e;
    while ((e = source.next()) != null) {
      if (listener != null) {
        notify(listener, e);
      }
      if (e instanceof ChatEvent.Completed c) {
        return c.response();
      }
    }
    throw new ProtocolException("the answer ended without a completion event", ErrorInfo.NONE, false, null, null);
  }

  private static void notify(ChatListener listener, ChatEvent e) {
    try {
      listener.onEvent(e);
      if (e instanceof ChatEvent.Completed c) {
        listener.onComplete(c.response());
      }
    } catch (RuntimeException thrown) {
      throw new ListenerFailure(thrown);
    }
  }

  /** Carries an exception a listener threw past the pipeline's own error handling. */
  private static final class ListenerFailure extends RuntimeException {
    ListenerFailure(RuntimeException cause) {
      super(null, cause, false, false);
    }

    @Override
    public synchronized RuntimeException getCause() {
      return (RuntimeException) super.getCause();
    }
  }

  private interface Work<T> {
    T run(Cancellation cancellation);
  }

  /**
   * Runs {@code work} on the executor.
   *
   * @param onNeverRan told when the work will never run (cancelled before it started, or refused
   *     by the executor), so a listener still hears exactly one outcome; may be null
   */
  private <T> CompletableFuture<T> async(
      CallOptions options, Consumer<StatelineException> onNeverRan, Work<T> work) {
    Objects.requireNonNull(options, "options");
    if (closed.get()) {
      throw new IllegalStateException("the client is closed");
    }
    Cancellation cancellation = new Cancellation();
    CompletableFuture<T> future = new CompletableFuture<>() {
      @Override
      public boolean cancel(boolean mayInterruptIfRunning) {
        // Cancel the future first: the signal's hooks may let the call fail at once, and that
        // failure must not win the race and turn a cancellation into an exceptional completion.
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        cancellation.cancel();
        return cancelled;
      }
    };
    try {
      executor.execute(() -> {
        if (future.isDone()) {
          if (onNeverRan != null) {
            onNeverRan.accept(new CallCancelledException("the call was cancelled before it started", null));
          }
          return;
        }
        try {
          future.complete(work.run(cancellation));
        } catch (StatelineException e) {
          future.completeExceptionally(e);
        } catch (RuntimeException | Error e) {
          future.completeExceptionally(e instanceof CompletionException ? e : new CompletionException(e));
        }
      });
    } catch (RejectedExecutionException e) {
      if (closed.get()) {
        throw new IllegalStateException("the client is closed", e);
      }
      CallCancelledException refused = new CallCancelledException("the executor refused the call", e);
      if (onNeverRan != null) {
        onNeverRan.accept(refused);
      }
      future.completeExceptionally(refused);
    }
    return future;
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "stateline-async-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Builds a {@link StatelineClient}. Not thread-safe. */
  public static final class Builder {
    private final List<Target> targets = new ArrayList<>();
    private final List<Interceptor> interceptors = new ArrayList<>();
    private final List<Interceptor> targetInterceptors = new ArrayList<>();
    private PlacementPolicy placement = PlacementPolicy.declarationOrder();
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Timeouts timeouts = Timeouts.DEFAULT;
    private ExecutorService executor;
    private int embeddingConcurrency = 4;
    private CircuitBreakerPolicy circuitBreaker = CircuitBreakerPolicy.defaults();
    private InstantSource clock = InstantSource.system();
    private SessionStore sessionStore;
    private SessionOptions sessionDefaults = SessionOptions.defaults();
    private final List<Telemetry> telemetry = new ArrayList<>();
    private final List<Guardrail> guardrails = new ArrayList<>();
    private PriceBook priceBook;
    private boolean strictResidencyEvidence;

    private Builder() {}

    /** Adds a target. Names must be unique. */
    public Builder target(Target target) {
      targets.add(Objects.requireNonNull(target, "target"));
      return this;
    }

    /** Adds an interceptor that sees each call once, before placement. */
    public Builder addInterceptor(Interceptor interceptor) {
      interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
      return this;
    }

    /** Adds an interceptor that sees each attempt on a placed target, inside the retry loop. */
    public Builder addTargetInterceptor(Interceptor interceptor) {
      targetInterceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
      return this;
    }

    /** How calls are placed; {@link PlacementPolicy#declarationOrder()} by default. */
    public Builder placement(PlacementPolicy placement) {
      this.placement = Objects.requireNonNull(placement, "placement");
      return this;
    }

    /** How each target is retried; {@link RetryPolicy#defaults()} by default. */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /** Default timeouts for every call; {@link Timeouts#DEFAULT} by default. */
    public Builder timeouts(Timeouts timeouts) {
      this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
      return this;
    }

    /**
     * The most batches of one embedding call sent at once (default 4): the calling thread sends
     * one, the client's executor the others. 1 sends them one after the other.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder embeddingConcurrency(int embeddingConcurrency) {
      if (embeddingConcurrency < 1) {
        throw new IllegalArgumentException("embeddingConcurrency must be positive; was " + embeddingConcurrency);
      }
      this.embeddingConcurrency = embeddingConcurrency;
      return this;
    }

    /**
     * The executor for {@code chatAsync} and listener streams. By default the client makes a cached
     * pool of daemon threads and shuts it down on {@link StatelineClient#close()}; an executor given
     * here is never shut down by the client.
     */
    public Builder executor(ExecutorService executor) {
      this.executor = executor;
      return this;
    }

    /** When targets' circuits open and close; {@link CircuitBreakerPolicy#defaults()} by default. */
    public Builder circuitBreaker(CircuitBreakerPolicy circuitBreaker) {
      this.circuitBreaker = Objects.requireNonNull(circuitBreaker, "circuitBreaker");
      return this;
    }

    /**
     * The clock for circuit-breaker periods and session timestamps; the system clock by default.
     * Tests pass a controllable one so that nothing needs to sleep.
     */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Where sessions live unless their options say otherwise; a new in-memory store by default. */
    public Builder sessionStore(SessionStore sessionStore) {
      this.sessionStore = sessionStore;
      return this;
    }

    /** The options of {@link StatelineClient#session(String)}, and the model of sessions that set none. */
    public Builder sessionDefaults(SessionOptions sessionDefaults) {
      this.sessionDefaults = Objects.requireNonNull(sessionDefaults, "sessionDefaults");
      return this;
    }

    /**
     * Adds a telemetry listener: it sees every call's {@link dev.stateline.telemetry.TelemetryEvent
     * events}. Add several to log, trace, sum costs ({@code CostLedger}) and keep an audit trail
     * ({@code AuditTrail}) at once; they are called in the order added. None by default, and then
     * the pipeline creates no events at all.
     */
    public Builder telemetry(Telemetry telemetry) {
      this.telemetry.add(Objects.requireNonNull(telemetry, "telemetry"));
      return this;
    }

    /**
     * The prices to put a {@link dev.stateline.chat.Cost} on every answer with; targets the book does
     * not price keep their own {@link Target#price()}. Null (the default) uses the targets' prices.
     */
    /**
     * What to do with an answer whose provider says it processed the call outside the call's
     * jurisdiction (Azure's {@code x-ms-region}). Always: a WARN log on {@code dev.stateline.residency},
     * a {@code TelemetryEvent.ResidencyBreach} (which the audit trail records as
     * {@code residency-breach}). Strict ({@code true}): the call then fails with a
     * {@link dev.stateline.error.ResidencyViolationException} that carries the answer
     * ({@code answer()}) instead of returning it; a stream's text already delivered stays delivered,
     * and its end raises the exception. Off by default.
     */
    public Builder strictResidencyEvidence(boolean strict) {
      this.strictResidencyEvidence = strict;
      return this;
    }

    public Builder priceBook(PriceBook priceBook) {
      this.priceBook = priceBook;
      return this;
    }

    /**
     * Adds a guardrail. Guardrails run in the order added, as one call interceptor after those of
     * {@link #addInterceptor}: see {@link Guardrail}.
     */
    public Builder guardrail(Guardrail guardrail) {
      guardrails.add(Objects.requireNonNull(guardrail, "guardrail"));
      return this;
    }

    /**
     * @throws IllegalArgumentException if there is no target, two share a name, or the placement
     *     policy does not fit the targets
     */
    public StatelineClient build() {
      return new StatelineClient(this);
    }
  }
}
