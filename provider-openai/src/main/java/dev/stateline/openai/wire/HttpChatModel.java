/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.wire;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import dev.stateline.Cancellation;
import dev.stateline.Timeouts;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.CallTimeoutException;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.StatelineException;
import dev.stateline.openai.OpenAiApi;
import dev.stateline.openai.internal.DeadlineWatch;
import dev.stateline.openai.internal.Exchange;
import dev.stateline.openai.internal.HttpEventSource;
import dev.stateline.openai.internal.InFlightCalls;
import dev.stateline.openai.internal.JsonRequestBody;
import dev.stateline.openai.internal.SharedHttpClient;
import dev.stateline.spi.ChatModel;
import dev.stateline.spi.EmbeddingModel;
import dev.stateline.error.InvalidRequestException;
import dev.stateline.chat.EmbeddingResponse;
import dev.stateline.chat.EmbeddingRequest;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import dev.stateline.spi.ProviderTargetBuilder;
import dev.stateline.spi.Redactor;
import dev.stateline.spi.ResponseAssembler;
import dev.stateline.spi.ResponseTooLargeException;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ChatModel} that speaks the OpenAI wire format over OkHttp: Chat Completions or the
 * Responses API, whole or streamed. Providers compose it from small hooks rather than copying it:
 * an {@link Endpoint} (the URL of an operation and model), a {@link RequestAuth} (the credential
 * headers), a {@link WireDialect} (provider name and body differences) and a
 * {@link ResponseExtension} (extra response fields and headers).
 *
 * <p>Each call makes exactly one HTTP attempt. Per attempt it: encodes the request with
 * {@link ChatCompletionsEncoder} or {@link ResponsesEncoder}; applies
 * {@link ModelCall#timeouts()} as OkHttp connect and read timeouts (on a client derived with
 * {@code newBuilder()}, cached per distinct pair so the hot path does not rebuild it) and
 * {@link ModelCall#remaining()} as the OkHttp call timeout; enforces the call's total deadline
 * itself too, and on a stream the read timeout between two events (an SSE comment or an event
 * without data does not count), cancelling the HTTP call when one passes, so that a body or a
 * stream that keeps trickling bytes cannot outlast the call's timeouts; registers
 * {@code call.cancel()} with {@link ModelCall#cancellation()}, and removes it when the exchange is
 * over; maps every failure with {@link ErrorMapper}; keeps the {@code x-request-id} header (or the
 * configured ones) on the answer and on every error, and the
 * {@linkplain Builder#processingRegionHeader(String) processing region header} where one is
 * configured, each cleaned by the {@link Redactor}. Bodies larger than
 * {@link Builder#maxResponseBytes(long)} and 2xx responses of an unexpected content type are
 * {@link dev.stateline.error.ProtocolException}s; an error object inside a 2xx body is mapped like an
 * HTTP error.
 *
 * <p>Connections: by default every model shares one process-wide OkHttp client (one connection pool
 * and dispatcher), reference-counted: a model takes a lease when built and gives it back on
 * {@link #close()}; the last one out evicts the pool's connections and shuts the dispatcher's
 * executor down. Closing also ends every exchange still in flight (each OkHttp call is tracked from
 * just before it is sent until its response is closed): see {@link #close()}. A client given to {@link Builder#httpClient(OkHttpClient)} is never shut down here.
 *
 * <p>Part of the provider SPI in {@code dev.stateline.openai.wire}, not for applications (they use
 * {@code OpenAi.target(...)}). Thread-safe: one instance serves concurrent calls. {@code toString()}
 * holds no secret.
 */
public final class HttpChatModel implements ChatModel, EmbeddingModel {
  private static final Logger LOG = LoggerFactory.getLogger(HttpChatModel.class);
  private static final int MAX_CACHED_CLIENTS = 16;
  /** The default response body limit: 16 MiB ({@link ProviderTargetBuilder#DEFAULT_MAX_RESPONSE_BYTES}). */
  public static final long DEFAULT_MAX_RESPONSE_BYTES = ProviderTargetBuilder.DEFAULT_MAX_RESPONSE_BYTES;

  private final WireDialect dialect;
  private final OpenAiApi api;
  private final Endpoint endpoint;
  private final RequestAuth auth;
  private final ResponseExtension extension;
  private final OkHttpClient client;
  private final boolean sharedClient;
  private final long maxResponseBytes;
  private final List<String> requestIdHeaders;
  private final String processingRegionHeader;
  private final String userAgent;
  private final ErrorMapper errors;
  private final ChatCompletionsEncoder chatEncoder;
  private final ResponsesEncoder responsesEncoder;
  private final EmbeddingsCodec embeddingsCodec;
  private final ConcurrentHashMap<TimeoutKey, OkHttpClient> clients = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  /** The HTTP calls in flight: {@link #close()} ends them, and gives the lease back after the last. */
  private final InFlightCalls inFlight;
  /** The last derived client, so that a run of calls with the same timeouts skips the map. */
  private volatile DerivedClient lastClient;

  private HttpChatModel(Builder b) {
    this.dialect = b.dialect;
    this.api = b.api;
    this.endpoint = Objects.requireNonNull(b.endpoint, "endpoint is required");
    this.auth = Objects.requireNonNull(b.auth, "auth is required");
    this.extension = b.extension;
    this.maxResponseBytes = b.maxResponseBytes;
    this.requestIdHeaders = List.copyOf(b.requestIdHeaders);
    this.processingRegionHeader = b.processingRegionHeader;
    this.userAgent = b.userAgent;
    this.errors = new ErrorMapper(dialect.provider(), auth::redact);
    this.chatEncoder = new ChatCompletionsEncoder(dialect);
    this.responsesEncoder = new ResponsesEncoder(dialect);
    this.embeddingsCodec = new EmbeddingsCodec(dialect);
    this.sharedClient = b.httpClient == null;
    this.client = sharedClient ? SharedHttpClient.acquire() : b.httpClient;
    OkHttpClient leased = client;
    this.inFlight = new InFlightCalls(sharedClient ? () -> SharedHttpClient.release(leased) : () -> {});
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The provider name on answers and errors. */
  public String provider() {
    return dialect.provider();
  }

  /** The API this model calls. */
  public OpenAiApi api() {
    return api;
  }

  /** The OkHttp client this model sends through (the shared one unless one was given). */
  public OkHttpClient httpClient() {
    return client;
  }

  @Override
  public ChatResponse chat(ModelCall call) {
    Exchange exchange = start(call, false);
    try {
      ErrorMapper errors = exchange.errors();
      DecodedResponse decoded;
      try {
        JsonReader reader = JsonReader.of(exchange.body());
        // The decoders stamp the request id and provider, so the answer is built once here.
        decoded = api == OpenAiApi.RESPONSES
            ? ResponsesDecoder.decode(reader, exchange.ext(), exchange.requestId(), dialect.provider())
            : ChatCompletionsDecoder.decode(reader, exchange.ext(), exchange.requestId(), dialect.provider());
      } catch (ResponseTooLargeException e) {
        throw errors.protocol("the response is larger than the limit of " + e.limit() + " bytes",
            exchange.status(), exchange.requestId(), false, null, e);
      } catch (JsonEncodingException | EOFException | JsonDataException e) {
        throw errors.protocol("malformed JSON in the response: " + e.getMessage(),
            exchange.status(), exchange.requestId(), false, null, e);
      } catch (IOException e) {
        if (exchange.modelClosed()) {
          throw errors.closed(e);
        }
        CallTimeoutException.Kind timedOut = exchange.timedOut();
        throw timedOut != null && !exchange.cancelled() ? errors.timeout(timedOut, call, exchange.requestId(), e)
            : errors.fromIo(e, call, exchange.cancelled(), exchange.requestId());
      }
      if (decoded.isError()) {
        throw exchange.ext().onError(
            errors.fromError(exchange.status(), exchange.requestId(), decoded.error(), null));
      }
      return withRegion(exchange.ext().onResponse(decoded.response()), exchange.processingRegion());
    } finally {
      exchange.close();
    }
  }

  /** {@code response} with the processing region the provider named, if it named one. */
  static ChatResponse withRegion(ChatResponse response, String region) {
    return region == null || response.processingRegion() != null ? response
        : response.toBuilder().processingRegion(region).build();
  }

  @Override
  public EventSource stream(ModelCall call) {
    Exchange exchange = start(call, true);
    try {
      ResponseAssembler assembler = new ResponseAssembler()
          .requestId(exchange.requestId())
          .provider(dialect.provider());
      StreamDecoder decoder = api == OpenAiApi.RESPONSES
          ? new ResponsesStreamDecoder(assembler, exchange.ext())
          : new ChatCompletionsStreamDecoder(assembler, exchange.ext(), dialect.streamIncludeUsage());
      return new HttpEventSource(exchange, decoder, assembler, exchange.errors());
    } catch (RuntimeException e) {
      exchange.close();
      throw e;
    }
  }

  /**
   * Embeds one batch ({@code POST .../embeddings}, {@link EmbeddingsCodec}) with the same
   * timeouts, deadline, cancellation, error mapping and request ids as a chat call.
   *
   * @throws InvalidRequestException before sending, for an option the model does not support
   *     (dimensions on {@code text-embedding-ada-002})
   */
  @Override
  public EmbeddingResponse embed(ModelCall call, EmbeddingRequest batch) {
    String model = call.providerModel();
    if (batch.dimensions() != null && model.startsWith("text-embedding-ada-002")) {
      throw new InvalidRequestException(dialect.provider() + ": model '" + model + "' does not support"
          + " 'dimensions' (only text-embedding-3 and later models do)", ErrorInfo.of(dialect.provider()),
          "dimensions", null);
    }
    if (closed.get()) {
      throw new StatelineException(dialect.provider() + ": the model is closed",
          ErrorInfo.of(dialect.provider()), false, null);
    }
    Exchange exchange = send(call, embeddingsCodec.encode(batch, model), endpoint.embeddingsUrl(model), false);
    try {
      ErrorMapper errors = exchange.errors();
      EmbeddingsCodec.Decoded decoded;
      try {
        decoded = EmbeddingsCodec.decode(JsonReader.of(exchange.body()), batch.inputs().size());
      } catch (ResponseTooLargeException e) {
        throw errors.protocol("the response is larger than the limit of " + e.limit() + " bytes",
            exchange.status(), exchange.requestId(), false, null, e);
      } catch (EmbeddingsCodec.MalformedEmbeddings e) {
        throw errors.protocol("the embeddings do not match the request: " + e.getMessage(),
            exchange.status(), exchange.requestId(), false, null, null);
      } catch (JsonEncodingException | EOFException | JsonDataException e) {
        throw errors.protocol("malformed JSON in the response: " + e.getMessage(),
            exchange.status(), exchange.requestId(), false, null, e);
      } catch (IOException e) {
        CallTimeoutException.Kind timedOut = exchange.timedOut();
        throw timedOut != null && !exchange.cancelled() ? errors.timeout(timedOut, call, exchange.requestId(), e)
            : errors.fromIo(e, call, exchange.cancelled(), exchange.requestId());
      }
      if (decoded.error() != null) {
        throw exchange.ext().onError(errors.fromError(exchange.status(), exchange.requestId(), decoded.error(), null));
      }
      return decoded.response();
    } finally {
      exchange.close();
    }
  }

  /** OpenAI's documented limit: an input array of at most 2048 texts. */
  @Override
  public int maxInputsPerRequest(String providerModel) {
    return 2048;
  }

  /** Sends the request and returns an exchange whose response is a 2xx of the expected type. */
  private Exchange start(ModelCall call, boolean stream) {
    if (closed.get()) {
      throw refusedAfterClose();
    }
    String model = call.providerModel();
    ByteString body = api == OpenAiApi.RESPONSES
        ? responsesEncoder.encode(call.request(), model, stream)
        : chatEncoder.encode(call.request(), model, stream);
    return send(call, body, endpoint.url(api, model), stream);
  }

  /** POSTs {@code body} to {@code url}: one HTTP attempt, with the call's timeouts, auth and errors. */
  private Exchange send(ModelCall call, ByteString body, HttpUrl url, boolean stream) {
    Request.Builder builder = new Request.Builder()
        .url(url)
        .post(new JsonRequestBody(body))
        .header("Accept", stream ? "text/event-stream" : "application/json")
        .header("User-Agent", userAgent);
    auth.apply(builder, call, "POST", url, body);
    Request request = builder.build();

    long remainingNanos = call.requireTimeLeft(dialect.provider(), "the request was sent");
    Call http = clientFor(call.timeouts()).newCall(request);
    http.timeout().timeout(remainingNanos, TimeUnit.NANOSECONDS);
    if (!inFlight.add(http)) {
      throw refusedAfterClose(); // closed while this call was being prepared: it is never sent
    }
    DeadlineWatch watch = new DeadlineWatch(http, call.deadlineNanos(), call.timeouts().read().toNanos());
    Cancellation.Registration registration = call.cancellation().onCancel(http::cancel);

    long started = System.nanoTime();
    Response response;
    try {
      watch.start();
      response = http.execute();
    } catch (IOException e) {
      registration.close();
      watch.stop();
      inFlight.remove(http);
      CallTimeoutException.Kind timedOut = watch.fired();
      StatelineException mapped = inFlight.isClosed() ? errors.closed(e)
          : timedOut != null && !call.cancellation().isCancelled()
          ? errors.timeout(timedOut, call, null, e)
          : errors.fromIo(e, call, call.cancellation().isCancelled(), null);
      if (LOG.isDebugEnabled()) {
        LOG.debug("{} POST {} failed after {} ms: {}", dialect.provider(), url.encodedPath(),
            millisSince(started), mapped.getClass().getSimpleName());
      }
      throw mapped;
    } catch (RuntimeException e) {
      registration.close();
      watch.stop();
      inFlight.remove(http);
      throw e;
    }

    String requestId = requestId(response);
    String region = processingRegionHeader == null ? null : response.header(processingRegionHeader);
    ErrorMapper exchangeErrors = region == null ? errors : errors.withProcessingRegion(region);
    Exchange exchange;
    try {
      ResponseExtension.Reader ext = extension.open(call, response.headers());
      exchange = new Exchange(call, http, response, registration, requestId,
          ext == null ? ResponseExtension.Reader.NONE : ext, maxResponseBytes, watch,
          exchangeErrors.processingRegion(), exchangeErrors, inFlight);
    } catch (RuntimeException e) {
      response.close();
      registration.close();
      watch.stop();
      inFlight.remove(http);
      throw e;
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug("{} POST {} -> HTTP {} requestId={} in {} ms", dialect.provider(), url.encodedPath(),
          response.code(), requestId, millisSince(started));
    }
    try {
      check(exchange, stream);
      return exchange;
    } catch (RuntimeException e) {
      exchange.close();
      throw e;
    }
  }

  /** Throws the mapped error unless the response is a 2xx of the content type the call expects. */
  private void check(Exchange exchange, boolean stream) {
    Response response = exchange.response();
    ErrorMapper errors = exchange.errors();
    int status = response.code();
    if (!response.isSuccessful()) {
      String body = exchange.readErrorBody();
      exchange.ext().readErrorBody(body);
      throw exchange.ext().onError(errors.fromHttp(status, response.headers(), exchange.requestId(), body));
    }
    long length = response.body().contentLength();
    if (length > maxResponseBytes) {
      throw errors.protocol("the response declares " + length + " bytes, more than the limit of "
          + maxResponseBytes, status, exchange.requestId(), false, null, null);
    }
    String header = response.header("Content-Type");
    if (header == null || hasEssence(header, stream ? "text/event-stream" : "application/json")) {
      // The expected type, or none at all (tolerated: the body is still checked as it is parsed).
      // Checked on the header's text, so that the common case parses no MediaType.
      return;
    }
    MediaType type = response.body().contentType();
    if (type == null) {
      return; // Tolerated: the body is still checked as it is parsed.
    }
    boolean json = isJson(type);
    boolean eventStream = "text".equals(type.type()) && "event-stream".equals(type.subtype());
    if (stream ? eventStream : json) {
      return;
    }
    if (json) {
      // A JSON body where a stream was expected: an error object, or a server that ignored "stream".
      String body = exchange.readErrorBody();
      ProviderError error = ErrorMapper.parseBody(body);
      if (error.message() != null || error.code() != null || error.type() != null) {
        exchange.ext().readErrorBody(body);
        throw exchange.ext().onError(errors.fromError(status, exchange.requestId(), error, null));
      }
      throw errors.protocol("expected text/event-stream for a streamed call but got " + type,
          status, exchange.requestId(), false, null, null);
    }
    throw errors.protocol("unexpected content type " + type.type() + "/" + type.subtype()
        + " (expected " + (stream ? "text/event-stream" : "application/json") + ")",
        status, exchange.requestId(), false, null, null);
  }

  /**
   * True if {@code header} is {@code essence} (case-insensitive), alone or followed by parameters or
   * whitespace. Whatever follows, OkHttp would parse such a header either as that type or not at
   * all, and {@link #check} accepts both.
   */
  static boolean hasEssence(String header, String essence) {
    int n = essence.length();
    if (!header.regionMatches(true, 0, essence, 0, n)) {
      return false;
    }
    if (header.length() == n) {
      return true;
    }
    char c = header.charAt(n);
    return c == ';' || c == ' ' || c == '\t';
  }

  private static boolean isJson(MediaType type) {
    String subtype = type.subtype().toLowerCase(Locale.ROOT);
    return "application".equals(type.type()) && (subtype.equals("json") || subtype.endsWith("+json"));
  }

  /** The request id: the first request-id header present, cleaned (a proxy may echo anything there). */
  private String requestId(Response response) {
    for (String name : requestIdHeaders) {
      String value = response.header(name);
      if (value != null && !value.isBlank()) {
        return errors.cleanId(value);
      }
    }
    return null;
  }

  /** The client for these timeouts: the base client with its connect and read timeouts replaced. */
  private OkHttpClient clientFor(Timeouts timeouts) {
    DerivedClient last = lastClient;
    if (last != null && last.timeouts == timeouts) {
      return last.client; // the same Timeouts instance as the call before: the usual case
    }
    OkHttpClient c = derivedClientFor(timeouts);
    lastClient = new DerivedClient(timeouts, c);
    return c;
  }

  private OkHttpClient derivedClientFor(Timeouts timeouts) {
    TimeoutKey key = new TimeoutKey(timeouts.connect().toMillis(), timeouts.read().toMillis());
    OkHttpClient cached = clients.get(key);
    if (cached != null) {
      return cached;
    }
    OkHttpClient derived = client.newBuilder()
        .connectTimeout(timeouts.connect())
        .readTimeout(timeouts.read())
        .writeTimeout(timeouts.read())
        // One attempt per call: OkHttp must not silently resend the POST (on a 408 or a failed
        // connection); the client's RetryPolicy decides, and records, every retry.
        .retryOnConnectionFailure(false)
        .build();
    if (clients.size() < MAX_CACHED_CLIENTS) {
      OkHttpClient raced = clients.putIfAbsent(key, derived);
      return raced != null ? raced : derived;
    }
    return derived;
  }

  /** The error of a call that reaches a closed model: refused before anything is sent. */
  private StatelineException refusedAfterClose() {
    return new StatelineException(dialect.provider() + ": the model is closed", ErrorInfo.of(dialect.provider()),
        false, null);
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  /**
   * Ends this model's calls and gives back its lease on the shared client (the last lease shuts it
   * down). Calls started after close are refused (a non-retryable {@link StatelineException}, nothing
   * sent). Calls in flight are cancelled at once: a call blocked on the server, or reading its body,
   * fails with a {@link dev.stateline.error.CallCancelledException} ("the target was closed"), and so
   * does the next {@link EventSource#next()} of an open stream (one nobody reads is released here and
   * now; a completed answer not yet read is still handed out). The lease is given
   * back once the last of those exchanges has ended (at once if none was in flight), so the pool is
   * evicted only after their connections are closed. A client given to the builder is left alone
   * (its in-flight calls are still cancelled). Idempotent; does not block.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      clients.clear();
      lastClient = null;
      inFlight.close();
    }
  }

  /** How many HTTP exchanges are in flight (for tests and diagnostics). */
  int inFlight() {
    return inFlight.size();
  }

  @Override
  public String toString() {
    return "HttpChatModel[" + dialect.provider() + ", " + api + "]";
  }

  private record TimeoutKey(long connectMillis, long readMillis) {}

  /** The client derived for one {@link Timeouts} instance (compared by identity). */
  private record DerivedClient(Timeouts timeouts, OkHttpClient client) {}

  /** Builds an {@link HttpChatModel}. Not thread-safe. */
  public static final class Builder {
    private WireDialect dialect = WireDialect.OPENAI;
    private OpenAiApi api = OpenAiApi.CHAT_COMPLETIONS;
    private Endpoint endpoint;
    private RequestAuth auth;
    private ResponseExtension extension = ResponseExtension.NONE;
    private OkHttpClient httpClient;
    private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
    private List<String> requestIdHeaders = List.of("x-request-id");
    private String processingRegionHeader;
    private String userAgent = "stateline-java/0.1";

    private Builder() {}

    /** The provider's body dialect and name; {@link WireDialect#OPENAI} by default. */
    public Builder dialect(WireDialect dialect) {
      this.dialect = Objects.requireNonNull(dialect, "dialect");
      return this;
    }

    /** Which API to call; Chat Completions by default. */
    public Builder api(OpenAiApi api) {
      this.api = Objects.requireNonNull(api, "api");
      return this;
    }

    /** Where to send each operation (required). */
    public Builder endpoint(Endpoint endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    /** How to authenticate each request (required). */
    public Builder auth(RequestAuth auth) {
      this.auth = Objects.requireNonNull(auth, "auth");
      return this;
    }

    /** Reads extra response fields and headers; {@link ResponseExtension#NONE} by default. */
    public Builder extension(ResponseExtension extension) {
      this.extension = Objects.requireNonNull(extension, "extension");
      return this;
    }

    /**
     * Sends through this client instead of the shared one. Its pool, dispatcher, interceptors and
     * event listeners are kept; per-call timeouts are applied on derived clients, which also turn
     * off OkHttp's transparent retries ({@code retryOnConnectionFailure}) so that every retry goes
     * through the client's retry policy. It is never shut down by the model.
     */
    public Builder httpClient(OkHttpClient httpClient) {
      this.httpClient = httpClient;
      return this;
    }

    /** The largest response body accepted, whole or streamed; 16 MiB by default. */
    public Builder maxResponseBytes(long maxResponseBytes) {
      if (maxResponseBytes < 1024) {
        throw new IllegalArgumentException("maxResponseBytes must be at least 1024, was " + maxResponseBytes);
      }
      this.maxResponseBytes = maxResponseBytes;
      return this;
    }

    /**
     * The response headers that carry the provider's request id, first present wins;
     * {@code x-request-id} by default (Azure adds {@code apim-request-id}).
     */
    public Builder requestIdHeaders(String... names) {
      Objects.requireNonNull(names, "names");
      if (names.length == 0) {
        throw new IllegalArgumentException("name at least one request-id header");
      }
      for (String name : names) {
        requireHeaderName(name, "request-id header");
      }
      this.requestIdHeaders = List.of(names);
      return this;
    }

    /**
     * The response header in which the provider names where it processed the call (Azure OpenAI's
     * {@code x-ms-region}), put on answers ({@link ChatResponse#processingRegion()}) and errors
     * ({@link ErrorInfo#processingRegion()}); none by default.
     */
    public Builder processingRegionHeader(String name) {
      this.processingRegionHeader = name == null ? null : requireHeaderName(name, "processing region header");
      return this;
    }

    /**
     * The {@code User-Agent} header.
     *
     * @throws IllegalArgumentException if it is not printable ASCII (a CR or LF would split the header)
     */
    public Builder userAgent(String userAgent) {
      Objects.requireNonNull(userAgent, "userAgent");
      for (int i = 0; i < userAgent.length(); i++) {
        char c = userAgent.charAt(i);
        if (c < ' ' || c >= 0x7f) {
          throw new IllegalArgumentException("userAgent is sent as an HTTP header and must be printable ASCII,"
              + " without CR, LF or other control characters");
        }
      }
      this.userAgent = userAgent;
      return this;
    }

    private static String requireHeaderName(String name, String what) {
      if (name == null || name.isEmpty() || !name.chars().allMatch(c -> c > ' ' && c < 0x7f && c != ':')) {
        throw new IllegalArgumentException(what + " must be an HTTP header name (printable ASCII, no spaces or"
            + " colons), was '" + name + "'");
      }
      return name;
    }

    /**
     * Builds the model, taking a lease on the shared client unless one was given.
     *
     * @throws NullPointerException if endpoint or auth is missing
     */
    public HttpChatModel build() {
      Objects.requireNonNull(endpoint, "endpoint is required");
      Objects.requireNonNull(auth, "auth is required");
      return new HttpChatModel(this);
    }
  }
}
