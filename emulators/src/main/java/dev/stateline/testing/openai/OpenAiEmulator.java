/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.openai;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import dev.stateline.testing.Conditions;
import dev.stateline.testing.internal.NoDelayServerSockets;
import dev.stateline.testing.internal.ResponsesInputItems;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * An in-process emulator of OpenAI's HTTP API on {@link MockWebServer}, speaking the real wire
 * format, for tests and offline samples.
 *
 * <ul>
 *   <li>{@code POST /v1/chat/completions}: a {@code chat.completion} JSON body, or with
 *       {@code stream: true} server-sent {@code chat.completion.chunk} events ending in
 *       {@code data: [DONE]}, with a usage chunk when {@code stream_options.include_usage} is set;
 *       tool calls stream as fragments of several calls interleaved by index;
 *   <li>{@code POST /v1/responses}: a {@code response} object, or typed events
 *       ({@code response.created}, {@code response.output_item.added},
 *       {@code response.output_text.delta}, {@code response.function_call_arguments.delta},
 *       {@code response.completed}, ...). Responses are stored unless {@code store: false}; a
 *       {@code previous_response_id} must name a stored one (else a 400
 *       {@code previous_response_not_found}).
 *   <li>{@code POST /v1/embeddings}: a {@code list} of {@code embedding} objects, floats or base64,
 *       with the checks OpenAI makes (see {@code EmbeddingsWire}); a scripted error, fault or
 *       malformed JSON answers it like any other request, a scripted text answer's text is ignored.
 * </ul>
 *
 * <p>Requests need {@code Authorization: Bearer <apiKey>}; a wrong key gets a 401 with OpenAI's
 * error body. Answers come from a queue of {@link Reply scripted replies} (answers and faults); when
 * it is empty the emulator echoes: {@code "echo: " + the last user message}, deterministically.
 * Every request is recorded with its parsed JSON ({@link #requests()}). Each response carries an
 * {@code x-request-id}.
 *
 * <pre>{@code
 * try (OpenAiEmulator openai = OpenAiEmulator.create().start()) {
 *   openai.enqueue(Reply.rateLimited(Duration.ofMillis(10)), Reply.text("Hi"));
 *   Target t = OpenAi.target("openai").apiKey(openai.apiKey()).baseUrl(openai.baseUrl()).model("gpt-4.1").build();
 *   ...
 *   assertThat(openai.lastRequest().at("model")).isEqualTo("gpt-4.1");
 * }
 * }</pre>
 *
 * <p>Latency and injected faults (429 bursts, 5xx, slow responses, truncated streams) for requests
 * the script does not answer come from its {@link #conditions(Conditions) conditions}; the
 * {@linkplain Builder#region region} it stands for is an identity for tests (OpenAI reports none on
 * the wire).
 *
 * <p>Other OpenAI-wire services (the Azure emulator) can reuse it with their own
 * {@linkplain Builder#route routes} and {@linkplain Builder#auth credential check}. Thread-safe.
 */
public final class OpenAiEmulator implements AutoCloseable {

  /** The API key the emulator accepts unless told otherwise. */
  public static final String DEFAULT_API_KEY = "sk-emulator-0123456789abcdef";

  /** The region the emulator stands for unless told otherwise ({@code us}, OpenAI's default). */
  public static final String DEFAULT_REGION = "us";

  /** The operations the emulator answers. */
  public enum Operation {
    /** {@code POST .../chat/completions}. */
    CHAT_COMPLETIONS,
    /** {@code POST .../responses}. */
    RESPONSES,
    /** {@code POST .../embeddings}. */
    EMBEDDINGS
  }

  static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class).serializeNulls();

  private final String apiKey;
  private final Predicate<RecordedRequest> auth;
  private final Function<RecordedRequest, Operation> route;
  private final MockWebServer server = new MockWebServer();
  private final AtomicInteger connections = new AtomicInteger();
  private final Deque<Reply> script = new ArrayDeque<>();
  private final List<RecordedCall> requests = new ArrayList<>();
  private final Map<String, String> stored = new HashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final AtomicInteger disconnects = new AtomicInteger();
  private final AtomicLong routed = new AtomicLong();
  private final String region;
  private volatile Conditions conditions = Conditions.none();
  private boolean started;

  private OpenAiEmulator(Builder b) {
    this.apiKey = b.apiKey;
    this.region = b.region;
    this.auth = b.auth != null ? b.auth : r -> ("Bearer " + apiKey).equals(r.getHeaders().get("Authorization"));
    this.route = b.route != null ? b.route : OpenAiEmulator::openAiRoute;
    server.setServerSocketFactory(NoDelayServerSockets.FACTORY);
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        connections.accumulateAndGet(request.getConnectionIndex() + 1, Math::max);
        return handle(request);
      }
    });
  }

  /** An emulator accepting {@link #DEFAULT_API_KEY} on OpenAI's paths. Call {@link #start()}. */
  public static OpenAiEmulator create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts listening on a free loopback port. Idempotent. */
  public synchronized OpenAiEmulator start() {
    if (!started) {
      try {
        server.start(InetAddress.getLoopbackAddress(), 0);
      } catch (IOException e) {
        throw new UncheckedIOException("the emulator could not start", e);
      }
      started = true;
    }
    return this;
  }

  /** The API root to configure a client with: {@code http://127.0.0.1:<port>/v1/}. */
  public HttpUrl baseUrl() {
    return url("/v1/");
  }

  /** An absolute URL on the emulator, for other path layouts. */
  public HttpUrl url(String path) {
    if (!started) {
      throw new IllegalStateException("start() the emulator first");
    }
    return server.url(path).newBuilder().host(InetAddress.getLoopbackAddress().getHostAddress()).build();
  }

  /** The API key the emulator accepts (with the default credential check). */
  public String apiKey() {
    return apiKey;
  }

  /** Adds replies to the end of the script; each answers one request, in order. */
  public OpenAiEmulator enqueue(Reply... replies) {
    synchronized (this) {
      script.addAll(Arrays.asList(replies));
    }
    return this;
  }

  /** Every request received so far, in order. */
  public synchronized List<RecordedCall> requests() {
    return List.copyOf(requests);
  }

  /** The last request received. @throws IllegalStateException if none */
  public synchronized RecordedCall lastRequest() {
    if (requests.isEmpty()) {
      throw new IllegalStateException("no request received yet");
    }
    return requests.get(requests.size() - 1);
  }

  public synchronized int requestCount() {
    return requests.size();
  }

  /**
   * How many connections have carried requests to this emulator so far: MockWebServer's index of
   * the newest such connection, plus one. With connection reuse this stays far below the number of
   * requests; the load tests assert it.
   */
  public int connectionCount() {
    return connections.get();
  }

  /** How many streams the client hung up on before their end. */
  public int clientDisconnects() {
    return disconnects.get();
  }

  /** The OpenAI data-residency region the emulator stands for, such as {@code us} or {@code eu}. */
  public String region() {
    return region;
  }

  /**
   * Serves from now on under {@code conditions}: latency on every routed response, and faults for
   * requests the script does not answer (see {@link Conditions}). Replaces the previous conditions;
   * {@link Conditions#none()} restores the default.
   */
  public OpenAiEmulator conditions(Conditions conditions) {
    this.conditions = Objects.requireNonNull(conditions, "conditions");
    return this;
  }

  /** The conditions the emulator serves under. */
  public Conditions conditions() {
    return conditions;
  }

  /** True if a Responses API response with this id is stored (a follow-up may continue it). */
  public synchronized boolean isStored(String responseId) {
    return stored.containsKey(responseId);
  }

  /** Stops the server. */
  @Override
  public void close() {
    server.close();
  }

  // ---------------------------------------------------------------------------------------------

  private static Operation openAiRoute(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    if (path.equals("/v1/chat/completions")) {
      return Operation.CHAT_COMPLETIONS;
    }
    if (path.equals("/v1/responses")) {
      return Operation.RESPONSES;
    }
    if (path.equals("/v1/embeddings")) {
      return Operation.EMBEDDINGS;
    }
    return null;
  }

  private MockResponse handle(RecordedRequest request) {
    String body = request.getBody() == null ? "" : request.getBody().utf8();
    Map<String, Object> json = parse(body);
    Operation op = route.apply(request);
    HttpUrl url = request.getUrl();
    String path = url.encodedPath() + (url.encodedQuery() == null ? "" : "?" + url.encodedQuery());
    String requestId = "req_emu_" + ids.incrementAndGet();
    synchronized (this) {
      requests.add(new RecordedCall(op, request.getMethod(), path, request.getHeaders(), body, json));
    }
    if (op == null || !"POST".equals(request.getMethod())) {
      return Render.error(requestId, 404, "invalid_request_error", null, null,
          "Invalid URL (" + request.getMethod() + " " + url.encodedPath() + ")", Map.of());
    }
    if (!auth.test(request)) {
      return Render.error(requestId, 401, "invalid_request_error", "invalid_api_key", null,
          unauthorizedMessage(request.getHeaders().get("Authorization")), Map.of());
    }
    if (json == null) {
      return Render.error(requestId, 400, "invalid_request_error", null, null,
          "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your"
              + " HTTP library correctly.)", Map.of());
    }
    if (op == Operation.EMBEDDINGS) {
      return embeddings(json, requestId);
    }
    ResponsesInputItems.Problem invalidInput = op == Operation.RESPONSES
        ? ResponsesInputItems.check(json.get("input")) : null;
    if (invalidInput != null) {
      return Render.error(requestId, 400, "invalid_request_error", null, invalidInput.param(),
          invalidInput.message(), Map.of());
    }
    Reply reply;
    String previous = op == Operation.RESPONSES ? string(json.get("previous_response_id")) : null;
    synchronized (this) {
      if (previous != null && !stored.containsKey(previous)) {
        return Render.error(requestId, 400, "invalid_request_error", "previous_response_not_found",
            "previous_response_id", "Previous response with id '" + previous + "' not found.", Map.of());
      }
      reply = script.poll();
    }
    Conditions now = conditions;
    Conditions.Effect effect = now.effectOn(routed.incrementAndGet(), Boolean.TRUE.equals(json.get("stream")));
    if (reply == null) {
      String echo = "echo: " + lastUserText(op, json);
      echo = previous == null ? echo : echo + " (continuing " + previous + ")";
      reply = switch (effect.fault()) {
        case RATE_LIMITED -> Reply.rateLimited(now.retryAfter());
        case SERVER_ERROR -> Reply.serverError(now.serverErrorStatus());
        case TRUNCATED_STREAM -> Reply.truncatedStream(echo.substring(0, Math.max(1, echo.length() / 2)));
        case NONE -> Reply.text(echo);
      };
    }
    if (reply.kind == Reply.Kind.RAW) {
      return reply.wire.apply(reply.raw);
    }
    if (reply.kind == Reply.Kind.ERROR) {
      return delayed(Render.error(requestId, reply.status, reply.errorType, reply.errorCode, reply.errorParam,
          reply.errorMessage, reply.headers), reply, effect.delay());
    }
    Render.Context ctx = new Render.Context(this::nextId, requestId, string(json.get("model")),
        Boolean.TRUE.equals(json.get("stream")), includeUsage(json), inputWords(op, json), previous,
        disconnects);
    MockResponse response = op == Operation.RESPONSES
        ? Render.responses(ctx, reply, (id, text) -> {
          if (!Boolean.FALSE.equals(json.get("store"))) {
            synchronized (this) {
              stored.put(id, text);
            }
          }
        })
        : Render.chat(ctx, reply);
    return delayed(response, reply, effect.delay());
  }

  /** An embeddings request: checked as OpenAI checks it, answered from the script, the conditions or the vectors. */
  private MockResponse embeddings(Map<String, Object> json, String requestId) {
    EmbeddingsWire.Problem problem = EmbeddingsWire.check(json);
    if (problem != null) {
      return Render.error(requestId, 400, "invalid_request_error", null, problem.param(), problem.message(),
          Map.of());
    }
    Reply reply;
    synchronized (this) {
      reply = script.poll();
    }
    Conditions now = conditions;
    Conditions.Effect effect = now.effectOn(routed.incrementAndGet(), false);
    if (reply == null) {
      reply = switch (effect.fault()) {
        case RATE_LIMITED -> Reply.rateLimited(now.retryAfter());
        case SERVER_ERROR -> Reply.serverError(now.serverErrorStatus());
        default -> null;
      };
    }
    if (reply != null && reply.kind == Reply.Kind.RAW) {
      return reply.wire.apply(reply.raw);
    }
    if (reply != null && reply.kind == Reply.Kind.ERROR) {
      return delayed(Render.error(requestId, reply.status, reply.errorType, reply.errorCode, reply.errorParam,
          reply.errorMessage, reply.headers), reply, effect.delay());
    }
    MockResponse response = reply != null && reply.kind == Reply.Kind.MALFORMED_JSON
        ? new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
            .addHeader("x-request-id", requestId).body("{\"object\":\"list\",\"data\":[{\"index\":0,\"embedding\":[0.1,")
            .build()
        : EmbeddingsWire.render(json, requestId, reply == null ? Map.of() : reply.headers);
    if (reply == null) {
      return effect.delay().isZero() ? response
          : response.newBuilder().headersDelay(effect.delay().toNanos(), TimeUnit.NANOSECONDS).build();
    }
    return delayed(response, reply, effect.delay());
  }

  private String nextId(String prefix) {
    return prefix + ids.incrementAndGet();
  }

  private static MockResponse delayed(MockResponse response, Reply reply, Duration conditionsDelay) {
    Duration delay = reply.headersDelay.plus(conditionsDelay);
    if (!delay.isZero()) {
      response = response.newBuilder().headersDelay(delay.toNanos(), TimeUnit.NANOSECONDS).build();
    }
    return reply.wire.apply(response);
  }

  private static String unauthorizedMessage(String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return "You didn't provide an API key. You need to provide your API key in an Authorization header"
          + " using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).";
    }
    String key = authorization.substring("Bearer ".length());
    String masked = key.length() <= 8 ? "****"
        : key.substring(0, 5) + "*".repeat(Math.min(20, key.length() - 9)) + key.substring(key.length() - 4);
    return "Incorrect API key provided: " + masked
        + ". You can find your API key at https://platform.openai.com/account/api-keys.";
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String body) {
    try {
      Object value = JSON.fromJson(body);
      return value instanceof Map<?, ?> ? (Map<String, Object>) value : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static boolean includeUsage(Map<String, Object> json) {
    return json.get("stream_options") instanceof Map<?, ?> options
        && Boolean.TRUE.equals(options.get("include_usage"));
  }

  static String string(Object value) {
    return value instanceof String s ? s : null;
  }

  /**
   * The text of the last user message of a request body: {@code messages} for Chat Completions,
   * {@code input} for Responses; what the emulator echoes. For emulators that front this one.
   */
  public static String lastUserText(Operation op, Map<String, Object> json) {
    Object conversation = op == Operation.RESPONSES ? json.get("input") : json.get("messages");
    if (conversation instanceof String s) {
      return s;
    }
    if (!(conversation instanceof List<?> items)) {
      return "(no user message)";
    }
    for (int i = items.size() - 1; i >= 0; i--) {
      if (items.get(i) instanceof Map<?, ?> item && "user".equals(item.get("role"))) {
        return textOf(item.get("content"));
      }
    }
    return "(no user message)";
  }

  private static String textOf(Object content) {
    if (content instanceof String s) {
      return s;
    }
    StringBuilder sb = new StringBuilder();
    if (content instanceof List<?> parts) {
      for (Object p : parts) {
        if (p instanceof Map<?, ?> part && part.get("text") instanceof String t) {
          if (sb.length() > 0) {
            sb.append(' ');
          }
          sb.append(t);
        }
      }
    }
    return sb.toString();
  }

  /** A deterministic stand-in for prompt tokens: the words of every message. */
  private static long inputWords(Operation op, Map<String, Object> json) {
    Object conversation = op == Operation.RESPONSES ? json.get("input") : json.get("messages");
    if (conversation instanceof String s) {
      return words(s);
    }
    long n = 0;
    if (conversation instanceof List<?> items) {
      for (Object o : items) {
        if (o instanceof Map<?, ?> item) {
          n += words(textOf(item.get("content")));
          if (item.get("output") instanceof String out) {
            n += words(out);
          }
        }
      }
    }
    return Math.max(1, n);
  }

  static long words(String s) {
    String t = s.strip();
    return t.isEmpty() ? 0 : t.split("\\s+").length;
  }

  /** Builds an {@link OpenAiEmulator}. Not thread-safe. */
  public static final class Builder {
    private String apiKey = DEFAULT_API_KEY;
    private Predicate<RecordedRequest> auth;
    private Function<RecordedRequest, Operation> route;
    private String region = DEFAULT_REGION;

    private Builder() {}

    /**
     * The OpenAI data-residency region the emulator stands for ({@code us}, {@code eu}, ...);
     * {@value OpenAiEmulator#DEFAULT_REGION} by default. An identity for tests: OpenAI sends no region on the wire.
     */
    public Builder region(String region) {
      if (region == null || region.isBlank()) {
        throw new IllegalArgumentException("region must be non-blank, such as us or eu");
      }
      this.region = region;
      return this;
    }

    /** The key accepted as {@code Authorization: Bearer <key>}; {@link #DEFAULT_API_KEY} by default. */
    public Builder apiKey(String apiKey) {
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
      return this;
    }

    /** Replaces the Bearer-key check: the predicate accepts a request's credentials or not (401). */
    public Builder auth(Predicate<RecordedRequest> auth) {
      this.auth = Objects.requireNonNull(auth, "auth");
      return this;
    }

    /**
     * Replaces the routes: maps a request to the operation that answers it, or null for a 404. By
     * default {@code /v1/chat/completions} and {@code /v1/responses}.
     */
    public Builder route(Function<RecordedRequest, Operation> route) {
      this.route = Objects.requireNonNull(route, "route");
      return this;
    }

    public OpenAiEmulator build() {
      return new OpenAiEmulator(this);
    }
  }
}
