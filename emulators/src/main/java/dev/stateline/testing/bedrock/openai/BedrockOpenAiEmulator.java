/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.bedrock.openai;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.Moshi;
import dev.stateline.testing.Conditions;
import dev.stateline.testing.internal.AwsCredentialCheck;
import dev.stateline.testing.internal.LoopbackServer;
import dev.stateline.testing.internal.OpenAiRelay;
import dev.stateline.testing.internal.ResponsesInputItems;
import dev.stateline.testing.openai.OpenAiEmulator;
import dev.stateline.testing.openai.RecordedCall;
import dev.stateline.testing.openai.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSink;
import okio.BufferedSource;

/**
 * An in-process emulator of Amazon Bedrock's OpenAI-compatible endpoints on {@link MockWebServer}:
 * bedrock-runtime's {@code /openai/v1} or bedrock-mantle's {@code /v1} and {@code /openai/v1}, in one
 * Region, as the user guide describes them ("Responses API", "Using the Responses API on the
 * bedrock-runtime endpoint"). It fronts an {@link OpenAiEmulator}, which renders the answers, and
 * adds what Bedrock does:
 *
 * <ul>
 *   <li><b>Paths</b>: {@code POST {prefix}/responses}, {@code GET} and {@code DELETE
 *       {prefix}/responses/{id}}, {@code POST {prefix}/responses/{id}/cancel},
 *       {@code POST {prefix}/chat/completions}; on mantle also {@code GET /v1/models}. On mantle each
 *       model is served under one prefix (GPT OSS under {@code /v1}, the OpenAI GPT models under
 *       {@code /openai/v1}); the other is refused with "model ... isn't supported on this route".
 *   <li><b>Credentials</b>: SigV4 for signing name {@code bedrock} (runtime) or
 *       {@code bedrock-mantle} (mantle) and this Region, <b>recomputed</b> from the credentials the
 *       emulator knows with the AWS SDK's signer ({@link dev.stateline.testing.aws.SigV4Verifier}; a wrong signature is a 403
 *       {@code SignatureDoesNotMatch}), or a Bedrock API key as {@code Authorization: Bearer}.
 *   <li><b>Stored responses</b>: responses are stored unless {@code store: false}, for 30 days
 *       ({@link #elapse(Duration)} lets time pass), in this Region only; {@code previous_response_id}
 *       must name a live one, else a 404 (the same for unknown, expired, deleted or never stored);
 *       GET returns it, DELETE deletes it, cancel of a finished response is a 400.
 *   <li><b>Input items</b>: a Responses request's {@code input} is checked as the API reference
 *       shapes it, by the same check as the {@link OpenAiEmulator}'s (an assistant message with
 *       {@code output_text} parts but no {@code id} and {@code status}, a {@code function_call}
 *       without its {@code call_id}, ...): a 400 {@code ValidationException} naming the item.
 *   <li><b>Runtime's rules</b>: {@code background: true} and server-side tools are a 400;
 *       {@code model} is required on every request, {@code previous_response_id} or not; the
 *       Responses API takes a cross-Region inference profile of this Region's geography (a foundation
 *       model id, an application inference profile or a GPT OSS model is a 400); OpenAI GPT models
 *       have no in-Region inference; {@code OpenAI-Project} only {@code default} or a project ARN.
 *       On mantle a continuation may omit {@code model} and inherits the stored response's. Mantle's
 *       background inference and server-side tools are not emulated (a 400 that says so).
 *   <li><b>Quotas</b>: with {@link Builder#tokensPerMinute(long)}, each request reserves its input
 *       (estimated from the body) plus its maximum output tokens up front, per model and minute, and a
 *       request over the quota is a 429 {@code ThrottlingException}.
 *   <li><b>Errors</b> in the OpenAI error envelope, with {@code x-amzn-ErrorType}; every response
 *       carries {@code x-amzn-RequestId}.
 * </ul>
 *
 * <p>Answers come from a queue of {@link Reply scripted replies}; with an empty queue the OpenAI
 * emulator echoes the last user message. {@link #conditions(Conditions) Conditions} add latency and
 * faults (429 {@code ThrottlingException} with {@code Retry-After}, 5xx, truncated streams). Every
 * request is recorded as it arrived ({@link #requests()}).
 *
 * <p>Thread-safe; close it after the test.
 */
public final class BedrockOpenAiEmulator implements AutoCloseable {

  /** The Bedrock API key the emulator accepts unless told otherwise (a fake). */
  public static final String DEFAULT_API_KEY = "bedrock-api-key-emulator-0123456789abcdef";
  /** How long a stored response lives. */
  public static final Duration RETENTION = Duration.ofDays(30);

  /** Which of Bedrock's two OpenAI-compatible endpoints the emulator stands for. */
  public enum Surface {
    /** {@code bedrock-runtime}, APIs under {@code /openai/v1}, SigV4 signing name {@code bedrock}. */
    RUNTIME("bedrock"),
    /** {@code bedrock-mantle}, APIs under {@code /v1} or {@code /openai/v1}, signing name {@code bedrock-mantle}. */
    MANTLE("bedrock-mantle");

    private final String signingName;

    Surface(String signingName) {
      this.signingName = signingName;
    }

    /** The SigV4 signing name. */
    public String signingName() {
      return signingName;
    }
  }

  private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class).serializeNulls();
  private static final Pattern PATH = Pattern.compile(
      "(/openai/v1|/v1)/(responses|chat/completions|models)(?:/([A-Za-z0-9_\\-]+)(/cancel)?)?");
  private static final Set<String> GEOGRAPHIES = Set.of("us", "us-gov", "eu", "apac", "global", "jp", "au", "ca");
  private static final JsonReader.Options EVENT = JsonReader.Options.of("type", "response");

  private final Surface surface;
  private final String region;
  private final AwsCredentialCheck credentials;
  /** Foundation model id to the path prefix it is served under. */
  private final Map<String, String> models;
  private final long tokensPerMinute;
  private final InstantSource clock;
  private final LoopbackServer server = new LoopbackServer(this::handle);
  private final OpenAiRelay relay = new OpenAiRelay("bedrock");
  private final Deque<Reply> script = new ArrayDeque<>();
  private final List<RecordedCall> requests = new ArrayList<>();
  private final Map<String, Stored> stored = new ConcurrentHashMap<>();
  private final Map<String, long[]> quota = new ConcurrentHashMap<>();
  private final AtomicLong elapsedNanos = new AtomicLong();
  private final AtomicInteger ids = new AtomicInteger();
  private final AtomicInteger disconnects = new AtomicInteger();
  private final AtomicLong routed = new AtomicLong();
  private volatile Conditions conditions = Conditions.none();

  /** A stored response: its JSON as rendered, its model, when it was stored, and whether it was deleted. */
  private record Stored(String json, String model, Instant at, boolean deleted) {}

  private BedrockOpenAiEmulator(Builder b) {
    this.surface = b.surface;
    this.region = b.region;
    this.credentials = new AwsCredentialCheck(surface.signingName(), region, b.clock, b.credentials, b.apiKeys);
    this.models = Map.copyOf(b.models.isEmpty() ? defaultModels(surface) : b.models);
    this.tokensPerMinute = b.tokensPerMinute;
    this.clock = b.clock;
  }

  private static Map<String, String> defaultModels(Surface surface) {
    Map<String, String> m = new LinkedHashMap<>();
    if (surface == Surface.RUNTIME) {
      m.put("openai.gpt-5.6-sol", "/openai/v1");
      m.put("openai.gpt-oss-120b-1:0", "/openai/v1");
      m.put("openai.gpt-oss-20b-1:0", "/openai/v1");
    } else {
      m.put("openai.gpt-oss-120b", "/v1");
      m.put("openai.gpt-oss-20b", "/v1");
      m.put("openai.gpt-5.6-sol", "/openai/v1");
    }
    return m;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts listening on a free loopback port. Idempotent. */
  public synchronized BedrockOpenAiEmulator start() {
    if (!server.started()) {
      relay.start();
      server.start();
    }
    return this;
  }

  /** The endpoint root to point a target at ({@code endpointOverride}): {@code http://127.0.0.1:<port>/}. */
  public HttpUrl endpoint() {
    return url("/");
  }

  /** An absolute URL on the emulator. */
  public HttpUrl url(String path) {
    return server.url(path);
  }

  public Surface surface() {
    return surface;
  }

  /** The AWS Region the emulator stands for. */
  public String region() {
    return region;
  }

  /** The models served (foundation model ids) and the path prefix of each. */
  public Map<String, String> models() {
    return models;
  }

  /** The first accepted Bedrock API key, or null if none is. */
  public String apiKey() {
    return credentials.apiKey();
  }

  /** Accepts requests signed with this long-term key from now on. */
  public BedrockOpenAiEmulator acceptCredentials(String accessKeyId, String secretAccessKey) {
    credentials.acceptCredentials(accessKeyId, secretAccessKey);
    return this;
  }

  /** Accepts requests signed with these temporary credentials from now on. */
  public BedrockOpenAiEmulator acceptCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {
    credentials.acceptCredentials(accessKeyId, secretAccessKey, sessionToken);
    return this;
  }

  /** Refuses requests signed with this access key from now on (expired or rotated out). */
  public BedrockOpenAiEmulator revokeCredentials(String accessKeyId) {
    credentials.revokeCredentials(accessKeyId);
    return this;
  }

  /** Accepts this Bedrock API key from now on. */
  public BedrockOpenAiEmulator acceptApiKey(String key) {
    credentials.acceptApiKey(key);
    return this;
  }

  /** Refuses this Bedrock API key from now on (revoked, or a short-term key that expired). */
  public BedrockOpenAiEmulator revokeApiKey(String key) {
    credentials.revokeApiKey(key);
    return this;
  }

  /** Lets {@code time} pass for the stored responses (a stored response expires 30 days after it was stored). */
  public BedrockOpenAiEmulator elapse(Duration time) {
    elapsedNanos.addAndGet(time.toNanos());
    return this;
  }

  /** True if a response with this id is stored, not deleted, and not expired. */
  public boolean isStored(String responseId) {
    Stored s = stored.get(responseId);
    return s != null && alive(s);
  }

  /** The ids of the responses stored so far (alive or not), in no particular order. */
  public Set<String> storedResponseIds() {
    return Set.copyOf(stored.keySet());
  }

  /**
   * Serves from now on under {@code conditions}: latency on every routed response, and faults for
   * requests the script does not answer. {@link Conditions#none()} restores the default.
   */
  public BedrockOpenAiEmulator conditions(Conditions conditions) {
    this.conditions = Objects.requireNonNull(conditions, "conditions");
    return this;
  }

  public Conditions conditions() {
    return conditions;
  }

  /** Adds replies to the end of the script; each answers one routed, authenticated inference request. */
  public BedrockOpenAiEmulator enqueue(Reply... replies) {
    synchronized (script) {
      script.addAll(Arrays.asList(replies));
    }
    return this;
  }

  /** Every request received, as it arrived (method, path with query, headers, body). */
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

  /** How many connections have carried requests so far (see {@link OpenAiEmulator#connectionCount()}). */
  public int connectionCount() {
    return server.connectionCount();
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

  @Override
  public String toString() {
    return "BedrockOpenAiEmulator[" + surface + ", " + region + (server.started() ? ", " + endpoint() : "") + "]";
  }

  // ---------------------------------------------------------------------------------------------

  private MockResponse handle(RecordedRequest request) {
    String body = request.getBody() == null ? "" : request.getBody().utf8();
    HttpUrl url = request.getUrl();
    String path = url.encodedPath();
    String requestId = "bedrock-emu-" + ids.incrementAndGet();
    Matcher m = PATH.matcher(path);
    boolean matched = m.matches();
    String resource = matched ? m.group(2) : null;
    OpenAiEmulator.Operation op = "chat/completions".equals(resource) ? OpenAiEmulator.Operation.CHAT_COMPLETIONS
        : "responses".equals(resource) ? OpenAiEmulator.Operation.RESPONSES : null;
    Map<String, Object> json = parse(body);
    synchronized (requests) {
      requests.add(new RecordedCall(op, request.getMethod(), path + (url.encodedQuery() == null ? ""
          : "?" + url.encodedQuery()), request.getHeaders(), body, json == null ? null : Map.copyOf(nonNull(json))));
    }
    String prefix = matched ? m.group(1) : null;
    if (!matched || (surface == Surface.RUNTIME && !"/openai/v1".equals(prefix))
        || ("models".equals(resource) && (surface != Surface.MANTLE || m.group(3) != null))) {
      return error(requestId, 404, "UnknownOperationException", "invalid_request_error", null, null,
          "Unknown operation: " + request.getMethod() + " " + path);
    }
    MockResponse refused = authenticate(request, requestId);
    if (refused != null) {
      return refused;
    }
    String method = request.getMethod();
    String id = m.group(3);
    if ("models".equals(resource)) {
      return "GET".equals(method) ? models(requestId) : methodNotAllowed(requestId, method, path);
    }
    if (id != null) {
      if (op != OpenAiEmulator.Operation.RESPONSES) {
        return methodNotAllowed(requestId, method, path);
      }
      return storedResponse(requestId, method, id, m.group(4) != null);
    }
    if (!"POST".equals(method)) {
      return methodNotAllowed(requestId, method, path);
    }
    if (json == null) {
      return invalid(requestId, null, "The request body is not valid JSON.");
    }
    return infer(request, requestId, op, prefix, json, body);
  }

  /** Checks the credential: a Bedrock API key, else SigV4, recomputed. Null if accepted. */
  private MockResponse authenticate(RecordedRequest request, String requestId) {
    AwsCredentialCheck.Refusal refused = credentials.check(request);
    if (refused == null) {
      return null;
    }
    if (refused.bearer()) {
      return surface == Surface.RUNTIME
          ? error(requestId, 403, "AccessDeniedException", "authentication_error", null, "invalid_api_key",
              "Authentication failed: Please make sure your API Key is valid.")
          : error(requestId, 401, "UnauthorizedException", "authentication_error", null, "invalid_api_key",
              "Invalid bearer token");
    }
    return error(requestId, refused.status(), refused.code(), "authentication_error", null, refused.code(),
        refused.message());
  }

  /** {@code POST .../responses} and {@code POST .../chat/completions}. */
  private MockResponse infer(RecordedRequest request, String requestId, OpenAiEmulator.Operation op, String prefix,
      Map<String, Object> json, String body) {
    boolean responses = op == OpenAiEmulator.Operation.RESPONSES;
    String project = request.getHeaders().get("OpenAI-Project");
    if (surface == Surface.RUNTIME && project != null && !project.equals("default")
        && !(project.startsWith("arn:") && project.contains(":project/"))) {
      return invalid(requestId, null, "Only the default project is supported on this endpoint; the OpenAI-Project"
          + " header must be 'default' or the default project's ARN.");
    }
    if (responses && Boolean.TRUE.equals(json.get("background"))) {
      return invalid(requestId, "background", surface == Surface.RUNTIME
          ? "background=true is not supported on this endpoint: requests are always synchronous."
          : "The emulator does not emulate background inference.");
    }
    if (json.get("tools") instanceof List<?> tools) {
      for (Object t : tools) {
        if (t instanceof Map<?, ?> tool && !"function".equals(tool.get("type"))) {
          return invalid(requestId, "tools", surface == Surface.RUNTIME
              ? "Server-side tools aren't available on this endpoint (tool type '" + tool.get("type") + "')."
              : "The emulator does not emulate server-side tools (tool type '" + tool.get("type") + "').");
        }
      }
    }
    ResponsesInputItems.Problem input = responses ? ResponsesInputItems.check(json.get("input")) : null;
    if (input != null) {
      return invalid(requestId, input.param(), input.message());
    }
    String previous = responses && json.get("previous_response_id") instanceof String s ? s : null;
    if (surface == Surface.RUNTIME && !(json.get("model") instanceof String)) {
      // The model is part of what a runtime request is authorized against: required before all else.
      return invalid(requestId, "model", "model is required on every request on this endpoint, including one"
          + " that sets previous_response_id.");
    }
    Stored continued = null;
    if (previous != null) {
      continued = stored.get(previous);
      if (continued == null || !alive(continued)) {
        return error(requestId, 404, "ResourceNotFoundException", "invalid_request_error", "previous_response_id",
            null, "Response with id '" + previous + "' not found.");
      }
    }
    String model = json.get("model") instanceof String s ? s : null;
    if (model == null) {
      if (continued == null) {
        return invalid(requestId, "model", "model is required.");
      }
      model = continued.model(); // mantle: a continuation inherits the stored response's model
      json.put("model", model);
    }
    String problem = modelProblem(model, op, prefix);
    if (problem != null) {
      return invalid(requestId, "model", problem);
    }
    MockResponse throttled = reserve(requestId, model, json, body);
    if (throttled != null) {
      return throttled;
    }

    Reply reply;
    synchronized (script) {
      reply = script.poll();
    }
    boolean stream = Boolean.TRUE.equals(json.get("stream"));
    Conditions now = conditions;
    Conditions.Effect effect = now.effectOn(routed.incrementAndGet(), stream);
    if (reply == null) {
      switch (effect.fault()) {
        case RATE_LIMITED -> {
          long ms = now.retryAfter().toMillis();
          return delayed(throttling(requestId, ms > 0 ? Long.toString((ms + 999) / 1000) : null), effect.delay());
        }
        case SERVER_ERROR -> {
          int status = now.serverErrorStatus();
          return delayed(status == 503
              ? error(requestId, 503, "ServiceUnavailableException", "service_unavailable_error", null, null,
                  "Bedrock is unable to process your request.")
              : error(requestId, status, "InternalServerException", "server_error", null, null,
                  "The server encountered an internal error while processing the request."), effect.delay());
        }
        case TRUNCATED_STREAM -> {
          String echo = "echo: " + OpenAiEmulator.lastUserText(op, json);
          reply = Reply.truncatedStream(echo.substring(0, Math.max(1, echo.length() / 2)));
        }
        case NONE -> {
          // the OpenAI emulator echoes
        }
      }
    }
    Duration own = reply == null ? Duration.ZERO : reply.headersDelay();
    boolean store = responses && !Boolean.FALSE.equals(json.get("store"));
    MockResponse response = delayed(forward(requestId, op, json, reply, store, model), own.plus(effect.delay()));
    return reply == null ? response : reply.wireFault().apply(response);
  }

  /** Why bedrock would refuse {@code model} for {@code op} under {@code prefix}, or null. */
  private String modelProblem(String model, OpenAiEmulator.Operation op, String prefix) {
    boolean responses = op == OpenAiEmulator.Operation.RESPONSES;
    String id = model;
    if (id.startsWith("arn:")) {
      if (id.contains(":application-inference-profile/") && responses && surface == Surface.RUNTIME) {
        return "Application inference profiles aren't supported by the Responses API on this endpoint.";
      }
      id = id.substring(id.lastIndexOf('/') + 1);
    }
    int dot = id.indexOf('.');
    String geo = dot > 0 && GEOGRAPHIES.contains(id.substring(0, dot)) ? id.substring(0, dot) : null;
    String foundation = geo == null ? id : id.substring(dot + 1);
    String route = models.get(foundation);
    if (route == null || (geo != null && (surface == Surface.MANTLE || !servesGeography(geo)))) {
      return "The provided model identifier is invalid.";
    }
    if (surface == Surface.MANTLE) {
      return route.equals(prefix) ? null : "model `" + model + "` isn't supported on this route";
    }
    boolean gptOss = foundation.startsWith("openai.gpt-oss");
    if (responses && gptOss) {
      return "The model " + model + " doesn't support the Responses API on this endpoint.";
    }
    if (geo == null && (responses || (foundation.startsWith("openai.gpt-") && !gptOss))) {
      return "Invocation of model ID " + model + " with on-demand throughput isn't supported on this endpoint."
          + " Retry your request with the ID or ARN of an inference profile that contains this model.";
    }
    return null;
  }

  private boolean servesGeography(String geo) {
    return switch (geo) {
      case "us" -> region.startsWith("us-") && !region.startsWith("us-gov-");
      case "us-gov" -> region.startsWith("us-gov-");
      case "eu" -> region.startsWith("eu-");
      case "apac", "jp", "au" -> region.startsWith("ap-");
      case "ca" -> region.startsWith("ca-");
      default -> !region.startsWith("us-gov-");
    };
  }

  /** Reserves input plus maximum output tokens in this minute's quota of the model; a 429 if over. */
  private MockResponse reserve(String requestId, String model, Map<String, Object> json, String body) {
    if (tokensPerMinute <= 0) {
      return null;
    }
    Object max = json.containsKey("max_output_tokens") ? json.get("max_output_tokens")
        : json.containsKey("max_completion_tokens") ? json.get("max_completion_tokens") : json.get("max_tokens");
    long reserved = Math.max(1, body.getBytes(StandardCharsets.UTF_8).length / 4)
        + (max instanceof Number n ? n.longValue() : 4096);
    long minute = now().getEpochSecond() / 60;
    boolean over;
    long[] window = quota.computeIfAbsent(model, k -> new long[2]);
    synchronized (window) {
      if (window[0] != minute) {
        window[0] = minute;
        window[1] = 0;
      }
      over = window[1] + reserved > tokensPerMinute;
      if (!over) {
        window[1] += reserved;
      }
    }
    return over ? throttling(requestId, null) : null;
  }

  private MockResponse throttling(String requestId, String retryAfter) {
    MockResponse r = error(requestId, 429, "ThrottlingException", "rate_limit_error", null, "ThrottlingException",
        "Too many tokens, please wait before trying again.");
    return retryAfter == null ? r : r.newBuilder().setHeader("Retry-After", retryAfter).build();
  }

  /** {@code GET}, {@code DELETE} and cancel of a stored response. */
  private MockResponse storedResponse(String requestId, String method, String id, boolean cancel) {
    Stored s = stored.get(id);
    if (s == null || !alive(s)) {
      return error(requestId, 404, "ResourceNotFoundException", "invalid_request_error", null, null,
          "Response with id '" + id + "' not found.");
    }
    if (cancel) {
      return "POST".equals(method)
          ? invalid(requestId, null, "Response '" + id + "' is already complete: only a response in progress can be"
              + " cancelled.")
          : methodNotAllowed(requestId, method, "/responses/" + id + "/cancel");
    }
    return switch (method) {
      case "GET" -> base(requestId, 200).addHeader("Content-Type", "application/json").body(s.json()).build();
      case "DELETE" -> {
        stored.put(id, new Stored(s.json(), s.model(), s.at(), true));
        yield base(requestId, 200).addHeader("Content-Type", "application/json")
            .body(JSON.toJson(Map.of("id", id, "object", "response", "deleted", true))).build();
      }
      default -> methodNotAllowed(requestId, method, "/responses/" + id);
    };
  }

  private MockResponse models(String requestId) {
    List<Object> data = new ArrayList<>();
    for (String id : models.keySet()) {
      data.add(Map.of("id", id, "object", "model", "created", 1_760_000_000L, "owned_by", "system"));
    }
    return base(requestId, 200).addHeader("Content-Type", "application/json")
        .body(JSON.toJson(Map.of("object", "list", "data", data))).build();
  }

  private boolean alive(Stored s) {
    return !s.deleted() && now().isBefore(s.at().plus(RETENTION));
  }

  private Instant now() {
    return clock.instant().plusNanos(elapsedNanos.get());
  }

  /** Sends the request to the OpenAI emulator (with {@code reply} queued there), and keeps what it stored. */
  private MockResponse forward(String requestId, OpenAiEmulator.Operation op, Map<String, Object> json, Reply reply,
      boolean store, String model) {
    Response response;
    try {
      response = relay.send(op, JSON.toJson(json), null, reply);
    } catch (IOException e) {
      return error(requestId, 500, "InternalServerException", "server_error", null, null,
          "The emulator could not render the answer.");
    }
    MockResponse.Builder b = base(requestId, response.code());
    OpenAiRelay.copyHeaders(response, b);
    MediaType type = response.body().contentType();
    if (type == null || !"event-stream".equals(type.subtype())) {
      String text;
      try (response) {
        text = response.body().string();
      } catch (IOException e) {
        text = "";
      }
      if (store && response.isSuccessful()) {
        keep(text, model);
      }
      return b.body(text).build();
    }
    return b.removeHeader("Content-Length").addHeader("Transfer-Encoding", "chunked")
        .body(new Relay(response, store ? model : null)).build();
  }

  /** Keeps a rendered response object (unless it holds no id, as a broken body would). */
  private void keep(String responseJson, String model) {
    Map<String, Object> r = parse(responseJson);
    if (r != null && r.get("id") instanceof String id) {
      stored.put(id, new Stored(responseJson, model, now(), false));
    }
  }

  private MockResponse.Builder base(String requestId, int status) {
    return new MockResponse.Builder().code(status).addHeader("x-amzn-RequestId", requestId);
  }

  private MockResponse error(String requestId, int status, String errorType, String type, String param, String code,
      String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", message);
    error.put("type", type);
    error.put("param", param);
    error.put("code", code);
    return base(requestId, status)
        .addHeader("x-amzn-ErrorType", errorType)
        .addHeader("Content-Type", "application/json")
        .body(JSON.toJson(Map.of("error", error)))
        .build();
  }

  private MockResponse invalid(String requestId, String param, String message) {
    return error(requestId, 400, "ValidationException", "invalid_request_error", param, null, message);
  }

  private MockResponse methodNotAllowed(String requestId, String method, String path) {
    return error(requestId, 405, "UnknownOperationException", "invalid_request_error", null, null,
        "Method " + method + " is not allowed on " + path);
  }

  private static MockResponse delayed(MockResponse response, Duration delay) {
    return delay.isZero() ? response
        : response.newBuilder().headersDelay(delay.toNanos(), TimeUnit.NANOSECONDS).build();
  }

  /** The top-level members of {@code json} without null values (an immutable copy takes no nulls). */
  private static Map<String, Object> nonNull(Map<String, Object> json) {
    Map<String, Object> out = new LinkedHashMap<>(json);
    out.values().removeIf(Objects::isNull);
    return out;
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

  /**
   * Relays the OpenAI emulator's event stream, one event per HTTP chunk, and keeps the response of
   * its {@code response.completed} (or {@code response.incomplete}) event when the request stored.
   */
  private final class Relay implements MockResponseBody {
    private final Response upstream;
    private final String storeModel;

    Relay(Response upstream, String storeModel) {
      this.upstream = upstream;
      this.storeModel = storeModel;
    }

    @Override
    public long getContentLength() {
      return -1;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      try (upstream) {
        BufferedSource source = upstream.body().source();
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
          if (storeModel != null && line.startsWith("data: ")) {
            finished(line.substring("data: ".length()));
          }
          event.append(line).append('\n');
        }
        if (event.length() > 0) {
          OpenAiRelay.chunk(sink, event.toString()); // a cut stream: its unfinished event, unterminated
        }
        sink.writeUtf8("0\r\n");
        sink.flush();
      } catch (IOException e) {
        disconnects.incrementAndGet();
        throw e;
      }
    }

    /** Keeps the response of a final event. */
    private void finished(String data) {
      try {
        JsonReader r = JsonReader.of(new Buffer().writeUtf8(data));
        String type = null;
        String response = null;
        r.beginObject();
        while (r.hasNext()) {
          switch (r.selectName(EVENT)) {
            case 0 -> type = r.nextString();
            case 1 -> {
              try (BufferedSource raw = r.nextSource()) {
                response = raw.readUtf8();
              }
            }
            default -> {
              r.skipName();
              r.skipValue();
            }
          }
        }
        if (response != null && ("response.completed".equals(type) || "response.incomplete".equals(type))) {
          keep(response, storeModel);
        }
      } catch (IOException | RuntimeException e) {
        // not a complete JSON event (a broken or cut stream): nothing to keep
      }
    }
  }

  /** Builds a {@link BedrockOpenAiEmulator}. Not thread-safe. */
  public static final class Builder {
    private Surface surface = Surface.RUNTIME;
    private String region = "us-east-1";
    private final Map<String, String[]> credentials = new LinkedHashMap<>();
    private final Set<String> apiKeys = new LinkedHashSet<>(List.of(DEFAULT_API_KEY));
    private final Map<String, String> models = new LinkedHashMap<>();
    private long tokensPerMinute;
    private InstantSource clock = Clock.systemUTC();

    private Builder() {}

    /** bedrock-runtime (the default) or bedrock-mantle. */
    public Builder surface(Surface surface) {
      this.surface = Objects.requireNonNull(surface, "surface");
      return this;
    }

    /** The AWS Region the emulator stands for ({@code us-east-1} by default); SigV4 scopes must name it. */
    public Builder region(String region) {
      if (region == null || !region.matches("[a-z]{2,}(-[a-z0-9]+)+")) {
        throw new IllegalArgumentException("'" + region + "' is not an AWS region name like us-east-1");
      }
      this.region = region;
      return this;
    }

    /** Accepts requests SigV4-signed with this long-term key. */
    public Builder credentials(String accessKeyId, String secretAccessKey) {
      credentials.put(accessKeyId, new String[] {secretAccessKey, null});
      return this;
    }

    /** Accepts requests SigV4-signed with these temporary credentials. */
    public Builder credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
      credentials.put(accessKeyId, new String[] {secretAccessKey, Objects.requireNonNull(sessionToken)});
      return this;
    }

    /** The accepted Bedrock API key, replacing {@link #DEFAULT_API_KEY}. */
    public Builder apiKey(String key) {
      apiKeys.clear();
      apiKeys.add(Objects.requireNonNull(key, "key"));
      return this;
    }

    /**
     * Serves the foundation model {@code modelId} (reached through its inference profiles on runtime)
     * under {@code pathPrefix} ({@code /v1} or {@code /openai/v1}; runtime serves all under
     * {@code /openai/v1}). Without any, the emulator serves {@code openai.gpt-5.6-sol} and the GPT OSS
     * models.
     */
    public Builder model(String modelId, String pathPrefix) {
      if (!"/v1".equals(pathPrefix) && !"/openai/v1".equals(pathPrefix)) {
        throw new IllegalArgumentException("the path prefix is /v1 or /openai/v1, not " + pathPrefix);
      }
      models.put(Objects.requireNonNull(modelId, "modelId"), pathPrefix);
      return this;
    }

    /** Tokens (input plus maximum output) per model and minute; 0, the default, for no quota. */
    public Builder tokensPerMinute(long tokensPerMinute) {
      if (tokensPerMinute < 0) {
        throw new IllegalArgumentException("tokensPerMinute must not be negative");
      }
      this.tokensPerMinute = tokensPerMinute;
      return this;
    }

    /** The server's clock: signing times and stored responses' ages are judged by it. */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public BedrockOpenAiEmulator build() {
      if (surface == Surface.RUNTIME) {
        models.replaceAll((id, prefix) -> "/openai/v1");
      }
      return new BedrockOpenAiEmulator(this);
    }
  }
}
