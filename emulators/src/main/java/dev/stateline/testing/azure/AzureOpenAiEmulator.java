/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.azure;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import dev.stateline.testing.Conditions;
import dev.stateline.testing.internal.NoDelayServerSockets;
import dev.stateline.testing.internal.OpenAiRelay;
import dev.stateline.testing.openai.OpenAiEmulator;
import dev.stateline.testing.openai.RecordedCall;
import dev.stateline.testing.openai.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Response;
import okio.BufferedSink;
import okio.BufferedSource;

/**
 * An in-process emulator of the Azure OpenAI inference API on {@link MockWebServer}, for tests and
 * offline samples. It fronts an {@link OpenAiEmulator}, which renders the answers, and adds what
 * Azure does differently:
 *
 * <ul>
 *   <li><b>URL forms</b>: {@code POST /openai/deployments/{deployment}/chat/completions?api-version=...}
 *       (a missing or malformed {@code api-version} is Azure's 404 "Resource not found"), and
 *       {@code POST /openai/v1/chat/completions}, {@code POST /openai/v1/responses} with the
 *       deployment in the body's {@code model} ({@code api-version} optional: {@code v1},
 *       {@code latest} or {@code preview}). Embeddings on both forms:
 *       {@code POST /openai/deployments/{deployment}/embeddings?api-version=...} and
 *       {@code POST /openai/v1/embeddings}. Unknown deployments are 404 {@code DeploymentNotFound}.
 *       The model the answer reports is the deployment's model, not its name.
 *   <li><b>Credentials</b>: the {@code api-key} header, or {@code Authorization: Bearer} with an
 *       accepted Microsoft Entra ID token; anything else is Azure's 401.
 *   <li><b>Content filtering</b>: {@code prompt_filter_results} and per-choice
 *       {@code content_filter_results} on Chat Completions answers, in whole bodies and in stream
 *       chunks (a leading annotation chunk with empty {@code choices} carries the prompt's); the 400
 *       {@code content_filter} error with {@code innererror.content_filter_result} (see
 *       {@link AzureReply}).
 *   <li><b>Throttling</b>: 429 with {@code retry-after-ms} and {@code retry-after}; every routed
 *       response carries {@code x-ratelimit-remaining-requests} and
 *       {@code x-ratelimit-remaining-tokens}, counted down per deployment.
 *   <li><b>Identity</b>: {@code apim-request-id} and {@code x-request-id} on every response, and the
 *       region in {@code x-ms-region}.
 *   <li><b>Conditions</b>: latency on every routed response and faults (429 bursts, 5xx, slow
 *       responses, truncated streams) for requests the script does not answer, as set with
 *       {@link #conditions(Conditions)}.
 * </ul>
 *
 * <p>Answers come from a queue of {@link AzureReply scripted replies}; with an empty queue the
 * OpenAI emulator echoes the last user message. Every request is recorded as it arrived
 * ({@link #requests()}). The Responses API is passed through without Azure annotations.
 *
 * <pre>{@code
 * try (AzureOpenAiEmulator azure = AzureOpenAiEmulator.builder().deployment("gpt41-prod", "gpt-4.1").build().start()) {
 *   azure.enqueue(AzureReply.rateLimited(Duration.ofMillis(5)), AzureReply.text("Hi"));
 *   Target t = AzureOpenAi.target("azure").endpoint(azure.endpoint().toString()).apiKey(azure.apiKey())
 *       .deployment("gpt-4.1", "gpt41-prod").build();
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class AzureOpenAiEmulator implements AutoCloseable {

  /** The {@code api-key} the emulator accepts unless told otherwise. */
  public static final String DEFAULT_API_KEY = "azure-emulator-key-0123456789abcdef";
  /** The Entra ID bearer token the emulator accepts unless told otherwise. */
  public static final String DEFAULT_BEARER_TOKEN = "eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJlbXVsYXRvciJ9.emulator-signature";
  /** The region reported in {@code x-ms-region} unless told otherwise. */
  public static final String DEFAULT_REGION = "Sweden Central";

  private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class).serializeNulls();
  private static final Pattern DEPLOYMENT_PATH =
      Pattern.compile("/openai/deployments/([^/]+)/(chat/completions|embeddings)");
  private static final Pattern DATED_VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(-preview)?");
  private static final Set<String> V1_VERSIONS = Set.of("v1", "latest", "preview");

  private final String apiKey;
  private final Set<String> tokens = ConcurrentHashMap.newKeySet();
  private final Map<String, String> deployments;
  private final String region;
  private final long requestQuota;
  private final long tokenQuota;
  private final MockWebServer server = new MockWebServer();
  private final AtomicInteger connections = new AtomicInteger();
  /** The OpenAI emulator that renders the answers, and the relay to it. */
  private final OpenAiRelay relay = new OpenAiRelay("azure");
  private final Deque<AzureReply> script = new ArrayDeque<>();
  private final List<RecordedCall> requests = new ArrayList<>();
  private final Map<String, AtomicLong[]> quotas = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final AtomicInteger disconnects = new AtomicInteger();
  private final AtomicLong routed = new AtomicLong();
  private volatile Conditions conditions = Conditions.none();
  private boolean started;

  private AzureOpenAiEmulator(Builder b) {
    this.apiKey = b.apiKey;
    this.tokens.addAll(b.tokens);
    this.deployments = Map.copyOf(b.deployments.isEmpty() ? Map.of("gpt-4.1", "gpt-4.1-2025-04-14") : b.deployments);
    this.region = b.region;
    this.requestQuota = b.requestQuota;
    this.tokenQuota = b.tokenQuota;
    server.setServerSocketFactory(NoDelayServerSockets.FACTORY);
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        connections.accumulateAndGet(request.getConnectionIndex() + 1, Math::max);
        return handle(request);
      }
    });
  }

  /** An emulator with one deployment ({@code gpt-4.1} of model {@code gpt-4.1-2025-04-14}). */
  public static AzureOpenAiEmulator create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts listening on a free loopback port. Idempotent. */
  public synchronized AzureOpenAiEmulator start() {
    if (!started) {
      relay.start();
      try {
        server.start(InetAddress.getLoopbackAddress(), 0);
      } catch (IOException e) {
        throw new UncheckedIOException("the emulator could not start", e);
      }
      started = true;
    }
    return this;
  }

  /** The resource endpoint to configure a target with: {@code http://127.0.0.1:<port>/}. */
  public HttpUrl endpoint() {
    return url("/");
  }

  /** An absolute URL on the emulator. */
  public HttpUrl url(String path) {
    if (!started) {
      throw new IllegalStateException("start() the emulator first");
    }
    return server.url(path).newBuilder().host(InetAddress.getLoopbackAddress().getHostAddress()).build();
  }

  /** The accepted {@code api-key}. */
  public String apiKey() {
    return apiKey;
  }

  /** Also accepts {@code token} as a bearer token from now on (say a renewed one). */
  public AzureOpenAiEmulator acceptBearerToken(String token) {
    tokens.add(Objects.requireNonNull(token, "token"));
    return this;
  }

  /** Stops accepting {@code token} (say an expired one). */
  public AzureOpenAiEmulator revokeBearerToken(String token) {
    tokens.remove(token);
    return this;
  }

  /** The region name reported in {@code x-ms-region}. */
  public String region() {
    return region;
  }

  /**
   * Serves from now on under {@code conditions}: latency on every routed response, and faults for
   * requests the script does not answer, rendered as Azure does (429 with {@code retry-after-ms},
   * 5xx with Azure's error body, a stream cut after some text). {@link Conditions#none()} restores
   * the default.
   */
  public AzureOpenAiEmulator conditions(Conditions conditions) {
    this.conditions = Objects.requireNonNull(conditions, "conditions");
    return this;
  }

  /** The conditions the emulator serves under. */
  public Conditions conditions() {
    return conditions;
  }

  /** Deployment name to model name. */
  public Map<String, String> deployments() {
    return deployments;
  }

  /** Adds replies to the end of the script; each answers one routed, authenticated request. */
  public AzureOpenAiEmulator enqueue(AzureReply... replies) {
    synchronized (script) {
      script.addAll(Arrays.asList(replies));
    }
    return this;
  }

  /** Every request received, as it arrived (path with query, headers, body). */
  public List<RecordedCall> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** The last request received. @throws IllegalStateException if none */
  public RecordedCall lastRequest() {
    synchronized (requests) {
      if (requests.isEmpty()) {
        throw new IllegalStateException("no request received yet");
      }
      return requests.get(requests.size() - 1);
    }
  }

  public int requestCount() {
    synchronized (requests) {
      return requests.size();
    }
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
    return disconnects.get() + relay.clientDisconnects();
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      relay.close();
    }
  }

  // ---------------------------------------------------------------------------------------------

  private MockResponse handle(RecordedRequest request) {
    String body = request.getBody() == null ? "" : request.getBody().utf8();
    Map<String, Object> json = parse(body);
    HttpUrl url = request.getUrl();
    String path = url.encodedPath();
    String requestId = "apim-emu-" + ids.incrementAndGet();
    OpenAiEmulator.Operation op = null;
    String deployment = null;
    boolean pathNamesDeployment = false;
    Matcher m = DEPLOYMENT_PATH.matcher(path);
    if (m.matches()) {
      op = m.group(2).equals("embeddings") ? OpenAiEmulator.Operation.EMBEDDINGS
          : OpenAiEmulator.Operation.CHAT_COMPLETIONS;
      deployment = m.group(1);
      pathNamesDeployment = true;
    } else if (path.equals("/openai/v1/chat/completions")) {
      op = OpenAiEmulator.Operation.CHAT_COMPLETIONS;
    } else if (path.equals("/openai/v1/responses")) {
      op = OpenAiEmulator.Operation.RESPONSES;
    } else if (path.equals("/openai/v1/embeddings")) {
      op = OpenAiEmulator.Operation.EMBEDDINGS;
    }
    synchronized (requests) {
      requests.add(new RecordedCall(op, request.getMethod(), path
          + (url.encodedQuery() == null ? "" : "?" + url.encodedQuery()), request.getHeaders(), body, json));
    }

    String version = url.queryParameter("api-version");
    if (op == null || !"POST".equals(request.getMethod())) {
      return azureError(requestId, 404, "404", "Resource not found");
    }
    if (pathNamesDeployment ? version == null || !DATED_VERSION.matcher(version).matches()
        : version != null && !V1_VERSIONS.contains(version)) {
      return azureError(requestId, 404, "404", "Resource not found");
    }
    MockResponse refused = checkCredential(request, requestId);
    if (refused != null) {
      return refused;
    }
    if (json == null) {
      return azureError(requestId, 400, "BadRequest", "The request body is not valid JSON.");
    }
    if (!pathNamesDeployment) {
      deployment = json.get("model") instanceof String s ? s : null;
      if (deployment == null) {
        return openAiStyleError(requestId, 400, "invalid_request_error", null, "model",
            "you must provide a model parameter");
      }
    }
    String model = deployments.get(deployment);
    if (model == null) {
      return azureError(requestId, 404, "DeploymentNotFound", "The API deployment for this resource does not exist."
          + " If you created the deployment within the last 5 minutes, please wait a moment and try again.");
    }
    long[] remaining = countDown(deployment, body);

    AzureReply reply;
    synchronized (script) {
      reply = script.poll();
    }
    Conditions now = conditions;
    Conditions.Effect effect = now.effectOn(routed.incrementAndGet(), Boolean.TRUE.equals(json.get("stream")));
    if (reply == null) {
      switch (effect.fault()) {
        case RATE_LIMITED -> reply = AzureReply.rateLimited(now.retryAfter());
        case SERVER_ERROR -> {
          int status = now.serverErrorStatus();
          return delayed(status == 503
              ? azureError(requestId, 503, "ServiceUnavailable",
                  "The service is temporarily unable to process your request. Please try again later.")
              : azureError(requestId, status, "InternalServerError",
                  "The server had an error while processing your request. Sorry about that!"), effect.delay());
        }
        case TRUNCATED_STREAM -> {
          String echo = "echo: " + lastUserText(json);
          reply = AzureReply.of(Reply.truncatedStream(echo.substring(0, Math.max(1, echo.length() / 2))));
        }
        case NONE -> {
          // the OpenAI emulator echoes
        }
      }
    }
    if (reply != null && reply.kind == AzureReply.Kind.CONTENT_FILTER_ERROR) {
      return delayed(contentFilterError(requestId, reply, remaining), effect.delay());
    }
    if (reply != null && reply.kind == AzureReply.Kind.SAFETY_SYSTEM_ERROR) {
      return delayed(safetySystemError(requestId, reply, remaining), effect.delay());
    }
    if (reply != null && reply.kind == AzureReply.Kind.RATE_LIMITED) {
      return delayed(rateLimited(requestId, reply, version), effect.delay());
    }
    // A scripted reply's own header delay is served here, not by the OpenAI emulator behind, so that
    // slow answers do not hold up the relay of other requests.
    // So is its wire fault: it breaks this hop, the one the client sees, not the relay behind it.
    Duration ownDelay = reply == null ? Duration.ZERO : reply.reply.headersDelay();
    MockResponse response = delayed(forward(requestId, request, op, json, model, reply, remaining),
        ownDelay.plus(effect.delay()));
    return reply == null ? response : reply.reply.wireFault().apply(response);
  }

  private static MockResponse delayed(MockResponse response, Duration delay) {
    if (delay.isZero()) {
      return response;
    }
    return response.newBuilder().headersDelay(delay.toNanos(), TimeUnit.NANOSECONDS).build();
  }

  /** The text of the last user message of a Chat Completions or Responses body, or "". */
  private static String lastUserText(Map<String, Object> json) {
    Object items = json.containsKey("messages") ? json.get("messages") : json.get("input");
    if (items instanceof String s) {
      return s;
    }
    String text = "";
    if (items instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> m && "user".equals(m.get("role"))) {
          Object content = m.get("content");
          if (content instanceof String s) {
            text = s;
          } else if (content instanceof List<?> parts) {
            StringBuilder sb = new StringBuilder();
            for (Object p : parts) {
              if (p instanceof Map<?, ?> part && part.get("text") instanceof String t) {
                sb.append(sb.length() == 0 ? "" : " ").append(t);
              }
            }
            text = sb.toString();
          }
        }
      }
    }
    return text;
  }

  private MockResponse checkCredential(RecordedRequest request, String requestId) {
    String key = request.getHeaders().get("api-key");
    String authorization = request.getHeaders().get("Authorization");
    if (key != null && key.equals(apiKey)) {
      return null;
    }
    if (authorization != null && authorization.startsWith("Bearer ")
        && tokens.contains(authorization.substring("Bearer ".length()))) {
      return null;
    }
    if (key == null && authorization != null) {
      return azureError(requestId, 401, "401", "Unauthorized. Access token is missing, invalid, audience is"
          + " incorrect (https://cognitiveservices.azure.com), or have expired.");
    }
    return azureError(requestId, 401, "401", "Access denied due to invalid subscription key or wrong API endpoint."
        + " Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for"
        + " your resource.");
  }

  /** Remaining requests and tokens of the deployment after this request; tokens estimated from the body. */
  private long[] countDown(String deployment, String body) {
    AtomicLong[] q = quotas.computeIfAbsent(deployment,
        d -> new AtomicLong[] {new AtomicLong(requestQuota), new AtomicLong(tokenQuota)});
    long estimate = Math.max(1, body.getBytes(StandardCharsets.UTF_8).length / 4);
    long requestsLeft = q[0].updateAndGet(v -> Math.max(0, v - 1));
    long tokensLeft = q[1].updateAndGet(v -> Math.max(0, v - estimate));
    return new long[] {requestsLeft, tokensLeft};
  }

  private MockResponse contentFilterError(String requestId, AzureReply reply, long[] remaining) {
    Map<String, Object> inner = Annotations.obj("code", "ResponsibleAIPolicyViolation",
        "content_filter_result", Annotations.results(Annotations.merge(Annotations.PROMPT_DEFAULTS, reply.prompt), null));
    Map<String, Object> error = Annotations.obj(
        "message", "The response was filtered due to the prompt triggering Azure OpenAI's content management policy."
            + " Please modify your prompt and retry. To learn more about our content filtering policies please read"
            + " our documentation: https://go.microsoft.com/fwlink/?linkid=2198766",
        "type", null, "param", "prompt", "code", "content_filter", "status", 400, "innererror", inner);
    MockResponse.Builder b = base(requestId, 400, reply.rateLimits != null ? reply.rateLimits : remaining)
        .addHeader("Content-Type", "application/json")
        .body(JSON.toJson(Annotations.obj("error", error)));
    return b.build();
  }

  private MockResponse safetySystemError(String requestId, AzureReply reply, long[] remaining) {
    Map<String, Object> inner = Annotations.obj("code", "ResponsibleAIPolicyViolation",
        "content_filter_results", Annotations.results(Annotations.merge(Annotations.PROMPT_DEFAULTS, reply.prompt), null));
    Map<String, Object> error = Annotations.obj(
        "message", "Your request was rejected as a result of our safety system. Your prompt may contain text that"
            + " is not allowed by our safety system.",
        "type", "invalid_request_error", "param", null, "code", "content_policy_violation", "inner_error", inner);
    return base(requestId, 400, reply.rateLimits != null ? reply.rateLimits : remaining)
        .addHeader("Content-Type", "application/json")
        .body(JSON.toJson(Annotations.obj("error", error)))
        .build();
  }

  private MockResponse rateLimited(String requestId, AzureReply reply, String version) {
    long ms = reply.retryAfter.toMillis();
    long seconds = Math.max(1, (ms + 999) / 1000);
    String message = "Requests to the ChatCompletions_Create Operation under Azure OpenAI API version "
        + (version == null ? "v1" : version) + " have exceeded call rate limit of your current OpenAI S0 pricing tier."
        + " Please retry after " + seconds + " second" + (seconds == 1 ? "" : "s") + ". Please go here:"
        + " https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.";
    return base(requestId, 429, reply.rateLimits)
        .addHeader("Content-Type", "application/json")
        .addHeader("retry-after-ms", Long.toString(ms))
        .addHeader("retry-after", Long.toString(seconds))
        .body(JSON.toJson(Annotations.obj("error", Annotations.obj("code", "429", "message", message))))
        .build();
  }

  /** Sends the request to the OpenAI emulator (with {@code reply} queued there) and annotates its answer. */
  private MockResponse forward(String requestId, RecordedRequest original, OpenAiEmulator.Operation op,
      Map<String, Object> json, String model, AzureReply reply, long[] remaining) {
    Map<String, Object> body = new LinkedHashMap<>(json);
    body.put("model", model);
    Response response;
    try {
      response = relay.send(op, JSON.toJson(body), original.getHeaders().get("Accept"),
          reply == null ? null : reply.reply);
    } catch (IOException e) {
      return azureError(requestId, 500, "InternalServerError", "The emulator could not render the answer.");
    }

    boolean chat = op == OpenAiEmulator.Operation.CHAT_COMPLETIONS;
    boolean annotate = chat && response.isSuccessful() && (reply == null || reply.annotate);
    List<Object> prompt = Annotations.promptFilterResults(
        Annotations.merge(Annotations.PROMPT_DEFAULTS, reply == null ? List.of() : reply.prompt));
    Map<String, Object> safe = Annotations.results(Annotations.COMPLETION_DEFAULTS, null);
    Map<String, Object> last = Annotations.results(
        Annotations.merge(Annotations.COMPLETION_DEFAULTS, reply == null ? List.of() : reply.completion),
        reply == null ? null : reply.completionFilterError);

    MockResponse.Builder b = base(requestId, response.code(), reply != null && reply.rateLimits != null
        ? reply.rateLimits : remaining);
    OpenAiRelay.copyHeaders(response, b);
    MediaType type = response.body().contentType();
    boolean stream = type != null && "event-stream".equals(type.subtype());
    if (!stream) {
      String text;
      try (response) {
        text = response.body().string();
      } catch (IOException e) {
        text = "";
      }
      return b.body(annotate ? annotateWhole(text, prompt, last) : text).build();
    }
    return b.removeHeader("Content-Length")
        .addHeader("Transfer-Encoding", "chunked")
        .body(new AnnotatedStream(response, annotate, prompt, safe, last))
        .build();
  }

  /** Adds {@code prompt_filter_results} and each choice's {@code content_filter_results}. */
  @SuppressWarnings("unchecked")
  private static String annotateWhole(String text, List<Object> prompt, Map<String, Object> completion) {
    Map<String, Object> body = parse(text);
    if (body == null || !(body.get("choices") instanceof List<?> choices)) {
      return text; // Malformed or not an answer: passed on as it is.
    }
    for (Object c : choices) {
      if (c instanceof Map<?, ?> choice) {
        ((Map<String, Object>) choice).put("content_filter_results", completion);
      }
    }
    body.put("prompt_filter_results", prompt);
    return JSON.toJson(normalize(body));
  }

  /** Annotates one {@code data:} chunk of a Chat Completions stream; other lines pass unchanged. */
  @SuppressWarnings("unchecked")
  private static String annotateChunk(String data, Map<String, Object> safe, Map<String, Object> last) {
    Map<String, Object> chunk = parse(data);
    if (chunk == null || !(chunk.get("choices") instanceof List<?> choices) || choices.isEmpty()) {
      return data;
    }
    for (Object c : choices) {
      if (!(c instanceof Map<?, ?> raw)) {
        continue;
      }
      Map<String, Object> choice = (Map<String, Object>) raw;
      boolean finishing = choice.get("finish_reason") != null;
      boolean roleOnly = choice.get("delta") instanceof Map<?, ?> delta && delta.containsKey("role")
          && "".equals(delta.get("content"));
      choice.put("content_filter_results", finishing ? last : roleOnly ? Map.of() : safe);
    }
    return JSON.toJson(normalize(chunk));
  }

  private MockResponse.Builder base(String requestId, int status, long[] remaining) {
    MockResponse.Builder b = new MockResponse.Builder()
        .code(status)
        .addHeader("apim-request-id", requestId)
        .addHeader("x-request-id", requestId.replace("apim-", "req-"))
        .addHeader("x-ms-region", region);
    if (remaining != null) {
      b.addHeader("x-ratelimit-remaining-requests", Long.toString(remaining[0]))
          .addHeader("x-ratelimit-remaining-tokens", Long.toString(remaining[1]));
    }
    return b;
  }

  private MockResponse azureError(String requestId, int status, String code, String message) {
    return base(requestId, status, null)
        .addHeader("Content-Type", "application/json")
        .body(JSON.toJson(Annotations.obj("error", Annotations.obj("code", code, "message", message))))
        .build();
  }

  private MockResponse openAiStyleError(String requestId, int status, String type, String code, String param,
      String message) {
    return base(requestId, status, null)
        .addHeader("Content-Type", "application/json")
        .body(JSON.toJson(Annotations.obj("error",
            Annotations.obj("message", message, "type", type, "param", param, "code", code))))
        .build();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String body) {
    try {
      Object value = JSON.fromJson(body);
      return value instanceof Map<?, ?> ? new LinkedHashMap<>((Map<String, Object>) value) : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Moshi reads every number as a double; integral ones are written back as integers. */
  private static Object normalize(Object value) {
    if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
      return d.longValue();
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k, normalize(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(normalize(v)));
      return out;
    }
    return value;
  }

  /**
   * Relays the OpenAI emulator's event stream event by event, each as one HTTP chunk: a leading
   * prompt-annotation chunk, then every chunk with its choices annotated.
   */
  private final class AnnotatedStream implements MockResponseBody {
    private final Response upstream;
    private final boolean annotate;
    private final List<Object> prompt;
    private final Map<String, Object> safe;
    private final Map<String, Object> last;

    AnnotatedStream(Response upstream, boolean annotate, List<Object> prompt, Map<String, Object> safe,
        Map<String, Object> last) {
      this.upstream = upstream;
      this.annotate = annotate;
      this.prompt = prompt;
      this.safe = safe;
      this.last = last;
    }

    @Override
    public long getContentLength() {
      return -1;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      try (upstream) {
        BufferedSource source = upstream.body().source();
        if (annotate) {
          Map<String, Object> first = Annotations.obj("choices", List.of(), "created", 0, "id", "", "model", "",
              "object", "", "prompt_filter_results", prompt);
          OpenAiRelay.chunk(sink, "data: " + JSON.toJson(first) + "\n\n");
        }
        StringBuilder event = new StringBuilder();
        String line;
        while ((line = source.readUtf8Line()) != null) {
          if (line.isEmpty()) {
            if (event.length() > 0) {
              OpenAiRelay.chunk(sink, event.append('\n').toString());
              event.setLength(0);
            }
            continue;
          }
          if (annotate && line.startsWith("data: ") && !line.equals("data: [DONE]")) {
            line = "data: " + annotateChunk(line.substring("data: ".length()), safe, last);
          }
          event.append(line).append('\n');
        }
        if (event.length() > 0) {
          OpenAiRelay.chunk(sink, event.toString()); // A cut stream: its unfinished event, unterminated.
        }
        sink.writeUtf8("0\r\n");
        sink.flush();
      } catch (IOException e) {
        disconnects.incrementAndGet();
        throw e;
      }
    }
  }

  /** Builds an {@link AzureOpenAiEmulator}. Not thread-safe. */
  public static final class Builder {
    private String apiKey = DEFAULT_API_KEY;
    private final List<String> tokens = new ArrayList<>(List.of(DEFAULT_BEARER_TOKEN));
    private final Map<String, String> deployments = new LinkedHashMap<>();
    private String region = DEFAULT_REGION;
    private long requestQuota = 1000;
    private long tokenQuota = 1_000_000;

    private Builder() {}

    /** The accepted {@code api-key}; {@link #DEFAULT_API_KEY} by default. */
    public Builder apiKey(String apiKey) {
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
      return this;
    }

    /** The accepted bearer token, replacing {@link #DEFAULT_BEARER_TOKEN}. */
    public Builder bearerToken(String token) {
      tokens.clear();
      tokens.add(Objects.requireNonNull(token, "token"));
      return this;
    }

    /**
     * A deployment named {@code name} serving {@code model} (reported as the answer's model). Without
     * any, the emulator has {@code gpt-4.1} serving {@code gpt-4.1-2025-04-14}.
     */
    public Builder deployment(String name, String model) {
      deployments.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(model, "model"));
      return this;
    }

    /** The region name in {@code x-ms-region}; {@value #DEFAULT_REGION} by default. */
    public Builder region(String region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /** The per-deployment request and token budgets counted down in the rate-limit headers. */
    public Builder quota(long requests, long tokens) {
      this.requestQuota = requests;
      this.tokenQuota = tokens;
      return this;
    }

    public AzureOpenAiEmulator build() {
      return new AzureOpenAiEmulator(this);
    }
  }
}
