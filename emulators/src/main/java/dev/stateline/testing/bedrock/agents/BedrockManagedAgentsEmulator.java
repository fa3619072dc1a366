/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.bedrock.agents;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import dev.stateline.testing.Conditions;
import dev.stateline.testing.internal.AwsCredentialCheck;
import dev.stateline.testing.internal.LoopbackServer;
import dev.stateline.testing.internal.OpenAiRelay;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.HttpUrl;
import okio.BufferedSink;

/**
 * An in-process emulator of Amazon Bedrock Managed Agents, powered by OpenAI (preview), on
 * {@link MockWebServer}: the session API on the regional {@code bedrock-mantle} endpoint, as the
 * Bedrock user guide's "BMA preview REST API reference" and "Work with sessions, events, and
 * results" describe it, with the event and item shapes of OpenAI's Agents API reference, which the
 * service adapts.
 *
 * <ul>
 *   <li><b>Operations</b> under {@code /openai/v1/agents/sessions}: {@code POST} creates a session
 *       (optionally with {@code input}, optionally answered as a stream), {@code GET} lists them
 *       ({@code limit}, {@code order}, {@code after}, {@code agent_id}); {@code GET} and
 *       {@code DELETE .../{id}}; {@code POST .../{id}/events} submits a message or a cancel event and
 *       answers with an empty acknowledgement before the turn runs; {@code GET .../{id}/events?stream=true}
 *       is the live {@code text/event-stream} (no replay: what happened before it opened is not sent);
 *       {@code GET .../{id}/items} pages the durable items ({@code limit} 1-100, default 20;
 *       {@code order} {@code asc} or {@code desc}, default {@code desc}; {@code after}; answering
 *       {@code data}, {@code has_more}, {@code first_id}, {@code last_id}).
 *   <li><b>Credentials</b>: SigV4 for signing name {@code bedrock-mantle} and this Region,
 *       <b>recomputed</b> from the credentials it knows with the AWS SDK's signer
 *       ({@link dev.stateline.testing.aws.SigV4Verifier}: a 403 {@code SignatureDoesNotMatch} when it differs), or a Bedrock API
 *       key as {@code Authorization: Bearer}.
 *   <li><b>Validation</b>: unknown or unsupported fields are a 400 (as the reference warns);
 *       {@code agent.model} must be a model it serves, not a cross-Region inference profile;
 *       {@code environment} is {@code self_hosted} or {@code aws_bedrock_agentcore} (with a
 *       {@code runtime_arn} in this Region and account), absolute paths, at most 32 capability
 *       directories; {@code role_arn} must be a role of the calling account; tools are MCP servers
 *       with unique labels; input is text only.
 *   <li><b>State</b>: a session is {@code idle}, {@code in_progress} while a turn runs, or
 *       {@code failed}; a message submitted while a turn runs is a 409 (the emulator processes one
 *       turn at a time, as the guide's workflow does). A cancel event stops the running turn
 *       ({@code agent.session.turn.cancelled}); with none running it changes nothing.
 *   <li><b>Errors</b> in the OpenAI error envelope with {@code x-amzn-ErrorType}: 400, 401/403, 404
 *       (an unknown session, and every operation when the preview is not enabled for the account,
 *       {@link Builder#previewEnabled(boolean)}), 405, 409, and through {@link #failNext} or
 *       {@link #conditions(Conditions) conditions} 429 (with {@code Retry-After}) and 5xx. Every
 *       response carries {@code x-amzn-RequestId}.
 * </ul>
 *
 * <p>Turns come from a queue of {@link AgentTurn scripted turns}; with an empty queue the agent
 * answers {@code echo: <message>}. Faults for the "never a turn twice" guarantee:
 * {@link #dropAnswer(Operation, boolean)} applies a request (or not) and then closes the connection
 * without an answer; {@link #cutNextEventStream(int)} and {@link #stallNextEventStream()} break a
 * stream while its turn goes on. Every request is recorded as it arrived ({@link #requests()}).
 *
 * <p>Thread-safe; turns run on the emulator's own threads. Close it after the test.
 */
public final class BedrockManagedAgentsEmulator implements AutoCloseable {
  /** The Bedrock API key the emulator accepts unless told otherwise (a fake). */
  public static final String DEFAULT_API_KEY = "bedrock-api-key-emulator-agents-0123456789";
  /** The AWS account the emulator stands for; session roles and Runtimes must belong to it. */
  public static final String DEFAULT_ACCOUNT = "123456789012";
  /** The model the emulator serves unless told otherwise. */
  public static final String DEFAULT_MODEL = "openai.gpt-5.6-luna";
  /** The SigV4 signing name. */
  public static final String SIGNING_NAME = "bedrock-mantle";

  /** What a request asks for. */
  public enum Operation {
    CREATE_SESSION, LIST_SESSIONS, GET_SESSION, DELETE_SESSION, SUBMIT_EVENTS, STREAM_EVENTS, LIST_ITEMS
  }

  private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class).serializeNulls();
  private static final String BASE = "/openai/v1/agents/sessions";
  private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):role/[\\w+=,.@/-]+");
  private static final Pattern RUNTIME_ARN =
      Pattern.compile("arn:aws[a-z-]*:bedrock-agentcore:([a-z0-9-]+):(\\d{12}):runtime/[A-Za-z0-9_-]+");
  private static final Set<String> GEOGRAPHIES = Set.of("us", "us-gov", "eu", "apac", "global", "jp", "au", "ca");
  private static final Set<String> CREATE_FIELDS = Set.of("agent", "environment", "role_arn", "input", "stream");
  private static final Set<String> AGENT_FIELDS = Set.of("model", "instructions", "tools");
  private static final Set<String> SELF_HOSTED_FIELDS = Set.of("type", "workspace_directory", "capability_directories");
  private static final Set<String> AGENTCORE_FIELDS = Set.of("type", "runtime_arn", "runtime_qualifier",
      "workspace_directory", "capability_directories");
  private static final Set<String> MCP_FIELDS = Set.of("type", "server_label", "transport", "allowed_tools");
  private static final Set<String> STDIO_FIELDS = Set.of("type", "command", "args", "cwd", "env", "env_vars");
  private static final Object END = new Object();

  private final String region;
  private final String account;
  private final AwsCredentialCheck credentials;
  private final Set<String> models;
  private final boolean previewEnabled;
  private final InstantSource clock;
  private final LoopbackServer server = new LoopbackServer(this::handle);
  private final ExecutorService runner = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "bma-emulator-turn");
    t.setDaemon(true);
    return t;
  });
  private final Deque<AgentTurn> script = new ArrayDeque<>();
  private final Map<Operation, Deque<Fault>> faults = new EnumMap<>(Operation.class);
  private final Deque<Integer> streamFaults = new ArrayDeque<>();
  private final List<AgentRequest> requests = new ArrayList<>();
  private final Map<String, Live> sessions = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicInteger ids = new AtomicInteger();
  private final AtomicInteger disconnects = new AtomicInteger();
  private final AtomicLong routed = new AtomicLong();
  private volatile Conditions conditions = Conditions.none();
  private volatile boolean closed;

  /** A one-shot fault: an HTTP status, or a dropped answer (after applying the request, or before). */
  private record Fault(int status, Duration retryAfter, boolean drop, boolean applied) {}

  private BedrockManagedAgentsEmulator(Builder b) {
    this.region = b.region;
    this.account = b.account;
    this.credentials = new AwsCredentialCheck(SIGNING_NAME, region, b.clock, b.credentials, b.apiKeys);
    this.models = Set.copyOf(b.models.isEmpty() ? Set.of(DEFAULT_MODEL) : b.models);
    this.previewEnabled = b.previewEnabled;
    this.clock = b.clock;
    for (Operation op : Operation.values()) {
      faults.put(op, new ArrayDeque<>());
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts listening on a free loopback port. Idempotent. */
  public BedrockManagedAgentsEmulator start() {
    server.start();
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

  /** The AWS Region the emulator stands for. */
  public String region() {
    return region;
  }

  /** The AWS account the emulator stands for. */
  public String account() {
    return account;
  }

  /** The first accepted Bedrock API key, or null if none is. */
  public String apiKey() {
    return credentials.apiKey();
  }

  /** Accepts requests signed with this long-term key from now on. */
  public BedrockManagedAgentsEmulator acceptCredentials(String accessKeyId, String secretAccessKey) {
    credentials.acceptCredentials(accessKeyId, secretAccessKey);
    return this;
  }

  /** Refuses requests signed with this access key from now on. */
  public BedrockManagedAgentsEmulator revokeCredentials(String accessKeyId) {
    credentials.revokeCredentials(accessKeyId);
    return this;
  }

  /** Serves from now on under {@code conditions} (latency; 429 and 5xx on creates and submissions; cut streams). */
  public BedrockManagedAgentsEmulator conditions(Conditions conditions) {
    this.conditions = Objects.requireNonNull(conditions, "conditions");
    return this;
  }

  public Conditions conditions() {
    return conditions;
  }

  /** Adds turns to the end of the script; each answers one submitted message, in order. */
  public BedrockManagedAgentsEmulator enqueue(AgentTurn... turns) {
    synchronized (script) {
      script.addAll(Arrays.asList(turns));
    }
    return this;
  }

  /**
   * The next request of {@code op} is answered with {@code status} (429 with {@code Retry-After: 1},
   * 409, 5xx, 400, 403) without being applied.
   */
  public BedrockManagedAgentsEmulator failNext(Operation op, int status) {
    return failNext(op, status, status == 429 ? Duration.ofSeconds(1) : null);
  }

  /** As {@link #failNext(Operation, int)}, with this {@code Retry-After} (whole seconds), or none. */
  public BedrockManagedAgentsEmulator failNext(Operation op, int status, Duration retryAfter) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("a fault is an HTTP status from 400 to 599, not " + status);
    }
    synchronized (faults) {
      faults.get(op).add(new Fault(status, retryAfter, false, false));
    }
    return this;
  }

  /**
   * The next request of {@code op} gets no answer: the connection closes where the response would
   * start. With {@code applied} the request takes effect first (a session is created, a message
   * starts its turn), as when an answer is lost on the way back; without, it is dropped unapplied.
   */
  public BedrockManagedAgentsEmulator dropAnswer(Operation op, boolean applied) {
    synchronized (faults) {
      faults.get(op).add(new Fault(0, null, true, applied));
    }
    return this;
  }

  /** The next event stream to open is cut (its connection broken) after {@code events} events; the turn goes on. */
  public BedrockManagedAgentsEmulator cutNextEventStream(int events) {
    if (events < 0) {
      throw new IllegalArgumentException("events must not be negative");
    }
    synchronized (streamFaults) {
      streamFaults.add(events);
    }
    return this;
  }

  /** The next event stream to open sends its headers and then nothing at all; the turn goes on. */
  public BedrockManagedAgentsEmulator stallNextEventStream() {
    synchronized (streamFaults) {
      streamFaults.add(-1);
    }
    return this;
  }

  /** How many one-shot faults ({@link #failNext}, {@link #dropAnswer}, stream faults) have not fired yet. */
  public int faultsPending() {
    int n;
    synchronized (faults) {
      n = faults.values().stream().mapToInt(Deque::size).sum();
    }
    synchronized (streamFaults) {
      return n + streamFaults.size();
    }
  }

  /** Every request received, as it arrived. */
  public List<AgentRequest> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** The requests of {@code op} received so far. */
  public List<AgentRequest> requests(Operation op) {
    synchronized (requests) {
      return requests.stream().filter(r -> r.operation() == op).toList();
    }
  }

  public int requestCount() {
    synchronized (requests) {
      return requests.size();
    }
  }

  /** How many connections have carried requests so far. */
  public int connectionCount() {
    return server.connectionCount();
  }

  /** How many event streams the client hung up on before the emulator ended them. */
  public int clientDisconnects() {
    return disconnects.get();
  }

  /** The ids of the sessions that exist (not deleted), oldest first. */
  public List<String> sessionIds() {
    return sessions.values().stream().filter(s -> !s.deleted).sorted((a, b) -> Long.compare(a.seq, b.seq))
        .map(s -> s.id).toList();
  }

  /**
   * The status of a session: {@code idle}, {@code in_progress}, {@code failed}, or {@code deleted}.
   *
   * @throws IllegalArgumentException if there is no such session
   */
  public String status(String sessionId) {
    Live s = live(sessionId);
    synchronized (s) {
      return s.deleted ? "deleted" : s.status;
    }
  }

  /** How many turns a session has run (started), cancelled and failed ones included. */
  public int turnCount(String sessionId) {
    Live s = live(sessionId);
    synchronized (s) {
      return s.turns;
    }
  }

  /** The texts of the user messages a session received, in order: a message twice shows here twice. */
  public List<String> userMessages(String sessionId) {
    Live s = live(sessionId);
    synchronized (s) {
      List<String> out = new ArrayList<>();
      for (Map<String, Object> item : s.items) {
        if ("user".equals(item.get("role"))) {
          out.add(text(item, "input_text"));
        }
      }
      return out;
    }
  }

  /** A session's items as JSON objects, oldest first. */
  public List<Map<String, Object>> items(String sessionId) {
    Live s = live(sessionId);
    synchronized (s) {
      return List.copyOf(s.items);
    }
  }

  /** Blocks until the session has no turn running, at most {@code timeout}; true if it has none. */
  public boolean awaitIdle(String sessionId, Duration timeout) throws InterruptedException {
    Live s = live(sessionId);
    long end = System.nanoTime() + timeout.toNanos();
    synchronized (s) {
      while (s.running) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(s, left);
      }
      return true;
    }
  }

  /** Marks a session failed (the service gave up on it), with {@code message} as its error. */
  public BedrockManagedAgentsEmulator failSession(String sessionId, String message) {
    Live s = live(sessionId);
    synchronized (s) {
      s.status = "failed";
      s.error = message;
    }
    publish(s, event(s, "agent.session.failed", null, "session", null));
    return this;
  }

  private Live live(String sessionId) {
    Live s = sessions.get(sessionId);
    if (s == null) {
      throw new IllegalArgumentException("no session '" + sessionId + "' on this emulator");
    }
    return s;
  }

  @Override
  public void close() {
    closed = true;
    for (Live s : sessions.values()) {
      synchronized (s) {
        s.notifyAll();
      }
      s.subscribers.forEach(q -> q.add(END));
    }
    runner.shutdownNow();
    server.close();
  }

  @Override
  public String toString() {
    return "BedrockManagedAgentsEmulator[" + region + (server.started() ? ", " + endpoint() : "") + "]";
  }

  // ---------------------------------------------------------------- routing

  private MockResponse handle(RecordedRequest request) {
    String body = request.getBody() == null ? "" : request.getBody().utf8();
    HttpUrl url = request.getUrl();
    String path = url.encodedPath();
    String method = request.getMethod();
    String requestId = "bma-emu-" + ids.incrementAndGet();
    String[] seg = path.startsWith(BASE) ? path.substring(BASE.length()).split("/", -1) : null;
    Operation op = seg == null ? null : operation(method, seg);
    synchronized (requests) {
      requests.add(new AgentRequest(op, method, path + (url.encodedQuery() == null ? "" : "?" + url.encodedQuery()),
          request.getHeaders(), body));
    }
    if (seg == null) {
      return error(requestId, 404, "UnknownOperationException", "invalid_request_error", null, null,
          "Unknown operation: " + method + " " + path);
    }
    MockResponse refused = authenticate(request, requestId);
    if (refused != null) {
      return refused;
    }
    if (!previewEnabled) {
      return error(requestId, 404, "ResourceNotFoundException", "not_found_error", null, "preview_not_enabled",
          "Bedrock Managed Agents is not available for this account.");
    }
    if (op == null) {
      boolean known = seg.length <= 3;
      return known ? error(requestId, 405, "UnknownOperationException", "invalid_request_error", null, null,
          "Method " + method + " is not allowed on " + path)
          : error(requestId, 404, "UnknownOperationException", "invalid_request_error", null, null,
          "Unknown operation: " + method + " " + path);
    }
    Fault fault;
    synchronized (faults) {
      fault = faults.get(op).poll();
    }
    if (fault != null && !fault.drop()) {
      return statusFault(requestId, fault.status(), fault.retryAfter());
    }
    if (fault != null && !fault.applied()) {
      return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
    }
    MockResponse conditioned = conditioned(op, requestId);
    if (conditioned != null) {
      return conditioned;
    }
    MockResponse answer = route(op, seg, url, body, requestId);
    if (fault != null) {
      return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build(); // applied, answer lost
    }
    return answer;
  }

  /** The operation of {@code method} on the path segments after {@code /openai/v1/agents/sessions}, or null. */
  private static Operation operation(String method, String[] seg) {
    // seg[0] is "" (the path continues with "/..."), or the whole remainder is "" for the collection
    if (seg.length == 1 && seg[0].isEmpty()) {
      return "POST".equals(method) ? Operation.CREATE_SESSION : "GET".equals(method) ? Operation.LIST_SESSIONS : null;
    }
    if (seg.length < 2 || !seg[0].isEmpty() || seg[1].isEmpty()) {
      return null;
    }
    if (seg.length == 2) {
      return "GET".equals(method) ? Operation.GET_SESSION : "DELETE".equals(method) ? Operation.DELETE_SESSION : null;
    }
    if (seg.length == 3 && "events".equals(seg[2])) {
      return "POST".equals(method) ? Operation.SUBMIT_EVENTS : "GET".equals(method) ? Operation.STREAM_EVENTS : null;
    }
    if (seg.length == 3 && "items".equals(seg[2])) {
      return "GET".equals(method) ? Operation.LIST_ITEMS : null;
    }
    return null;
  }

  private MockResponse route(Operation op, String[] seg, HttpUrl url, String body, String requestId) {
    if (op == Operation.CREATE_SESSION) {
      return create(body, requestId);
    }
    if (op == Operation.LIST_SESSIONS) {
      return listSessions(url, requestId);
    }
    Live s = sessions.get(seg[1]);
    if (s == null || s.deleted) {
      return error(requestId, 404, "ResourceNotFoundException", "not_found_error", null, null,
          "Session '" + seg[1] + "' not found.");
    }
    return switch (op) {
      case GET_SESSION -> json(requestId, 200, s.json());
      case DELETE_SESSION -> delete(s, requestId);
      case SUBMIT_EVENTS -> submit(s, body, requestId);
      case STREAM_EVENTS -> stream(s, url, requestId);
      case LIST_ITEMS -> listItems(s, url, requestId);
      default -> throw new AssertionError(op);
    };
  }

  private MockResponse authenticate(RecordedRequest request, String requestId) {
    AwsCredentialCheck.Refusal refused = credentials.check(request);
    if (refused == null) {
      return null;
    }
    return refused.bearer()
        ? error(requestId, 401, "UnauthorizedException", "authentication_error", null, "invalid_api_key",
            "Invalid bearer token")
        : error(requestId, refused.status(), refused.code(), "authentication_error", null, refused.code(),
            refused.message());
  }

  private MockResponse conditioned(Operation op, String requestId) {
    Conditions now = conditions;
    if (now.isNone() || (op != Operation.CREATE_SESSION && op != Operation.SUBMIT_EVENTS
        && op != Operation.STREAM_EVENTS)) {
      return null;
    }
    Conditions.Effect effect = now.effectOn(routed.incrementAndGet(), op == Operation.STREAM_EVENTS);
    MockResponse r = switch (effect.fault()) {
      case RATE_LIMITED -> op == Operation.STREAM_EVENTS ? null
          : statusFault(requestId, 429, now.retryAfter().isZero() ? null : now.retryAfter());
      case SERVER_ERROR -> op == Operation.STREAM_EVENTS ? null : statusFault(requestId, now.serverErrorStatus(), null);
      case TRUNCATED_STREAM -> {
        synchronized (streamFaults) {
          streamFaults.addFirst(1);
        }
        yield null;
      }
      case NONE -> null;
    };
    if (r != null && !effect.delay().isZero()) {
      return r.newBuilder().headersDelay(effect.delay().toNanos(), TimeUnit.NANOSECONDS).build();
    }
    return r;
  }

  private MockResponse statusFault(String requestId, int status, Duration retryAfter) {
    MockResponse r = switch (status) {
      case 429 -> error(requestId, 429, "ThrottlingException", "rate_limit_error", null, "rate_limit_exceeded",
          "Too many requests, please wait before trying again.");
      case 409 -> error(requestId, 409, "ConflictException", "invalid_request_error", null, "conflict",
          "A conflicting operation is in progress on this session.");
      case 503 -> error(requestId, 503, "ServiceUnavailableException", "service_unavailable_error", null, null,
          "The service is unavailable. Please try again later.");
      case 400 -> error(requestId, 400, "ValidationException", "invalid_request_error", null, null,
          "The request is invalid.");
      case 401, 403 -> error(requestId, status, "AccessDeniedException", "authentication_error", null, null,
          "You don't have access to this resource.");
      default -> error(requestId, status, status >= 500 ? "InternalServerException" : "ValidationException",
          status >= 500 ? "server_error" : "invalid_request_error", null, null,
          status >= 500 ? "The server encountered an internal error." : "The request was rejected.");
    };
    return retryAfter == null ? r
        : r.newBuilder().setHeader("Retry-After", Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000)))
            .build();
  }

  // ---------------------------------------------------------------- sessions

  private MockResponse create(String body, String requestId) {
    Map<String, Object> json = parse(body);
    if (json == null) {
      return invalid(requestId, null, "The request body is not a JSON object.");
    }
    String unknown = unknownField(json, CREATE_FIELDS, "");
    if (unknown != null) {
      return invalid(requestId, unknown, "Unknown parameter: '" + unknown + "'.");
    }
    Map<String, Object> agent = map(json.get("agent"));
    if (agent == null) {
      return invalid(requestId, "agent", "Missing required parameter: 'agent'.");
    }
    unknown = unknownField(agent, AGENT_FIELDS, "agent.");
    if (unknown != null) {
      return invalid(requestId, unknown, "Unknown parameter: '" + unknown + "'.");
    }
    if (!(agent.get("model") instanceof String model)) {
      return invalid(requestId, "agent.model", "Missing required parameter: 'agent.model'.");
    }
    int dot = model.indexOf('.');
    if (dot > 0 && GEOGRAPHIES.contains(model.substring(0, dot))) {
      return invalid(requestId, "agent.model", "Cross-Region inference profiles are not supported by Bedrock Managed"
          + " Agents: '" + model + "'.");
    }
    if (!models.contains(model)) {
      return invalid(requestId, "agent.model", "The model '" + model + "' is not available for Bedrock Managed Agents"
          + " in " + region + ".");
    }
    if (agent.containsKey("instructions") && !(agent.get("instructions") instanceof String)) {
      return invalid(requestId, "agent.instructions", "agent.instructions must be a string.");
    }
    String toolProblem = tools(agent.get("tools"));
    if (toolProblem != null) {
      return invalid(requestId, "agent.tools", toolProblem);
    }
    Map<String, Object> environment = map(json.get("environment"));
    if (environment == null) {
      return invalid(requestId, "environment", "Missing required parameter: 'environment'.");
    }
    String envProblem = environment(environment);
    if (envProblem != null) {
      return invalid(requestId, "environment", envProblem);
    }
    if (!(json.get("role_arn") instanceof String role)) {
      return invalid(requestId, "role_arn", "Missing required parameter: 'role_arn'.");
    }
    var roleMatch = ROLE_ARN.matcher(role);
    if (!roleMatch.matches()) {
      return invalid(requestId, "role_arn", "role_arn must be an IAM role ARN.");
    }
    if (!roleMatch.group(1).equals(account)) {
      return invalid(requestId, "role_arn", "role_arn must be a role in the calling account (" + account + ").");
    }
    Object stream = json.get("stream");
    if (stream != null && !(stream instanceof Boolean)) {
      return invalid(requestId, "stream", "stream must be a boolean.");
    }
    List<String> input = null;
    if (json.containsKey("input")) {
      Object in = json.get("input");
      if (in instanceof String s) {
        input = List.of(s);
      } else {
        input = messages(in);
        if (input == null) {
          return invalid(requestId, "input", "input must be a string or an array of user messages with input_text.");
        }
      }
    }
    Live s = new Live("sess_" + token(), agent, environment, role);
    sessions.put(s.id, s);
    if (Boolean.TRUE.equals(stream)) {
      LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
      s.subscribers.add(queue);
      publish(s, event(s, "agent.session.created", null, "session", null));
      if (input != null) {
        startTurn(s, input);
      }
      return base(requestId, 200).addHeader("Content-Type", "text/event-stream").addHeader("Transfer-Encoding",
          "chunked").body(new Sse(s, queue, Integer.MAX_VALUE)).build();
    }
    if (input != null) {
      startTurn(s, input);
    }
    return json(requestId, 200, s.json());
  }

  private String tools(Object tools) {
    if (tools == null) {
      return null;
    }
    if (!(tools instanceof List<?> list)) {
      return "agent.tools must be an array.";
    }
    Set<String> labels = new LinkedHashSet<>();
    for (Object t : list) {
      Map<String, Object> tool = map(t);
      if (tool == null || !"mcp".equals(tool.get("type"))) {
        return "Only MCP servers are supported as tools in this preview.";
      }
      String unknown = unknownField(tool, MCP_FIELDS, "agent.tools[].");
      if (unknown != null) {
        return "Unknown parameter: '" + unknown + "'.";
      }
      if (!(tool.get("server_label") instanceof String label) || !labels.add(label)) {
        return "Every MCP server needs a unique server_label.";
      }
      Map<String, Object> transport = map(tool.get("transport"));
      if (transport == null || !"stdio".equals(transport.get("type"))) {
        return "Only environment-based STDIO MCP servers are supported in this preview.";
      }
      String u = unknownField(transport, STDIO_FIELDS, "agent.tools[].transport.");
      if (u != null) {
        return "Unknown parameter: '" + u + "'.";
      }
      if (!(transport.get("command") instanceof String command) || !command.startsWith("/")) {
        return "An MCP server's command must be an absolute path.";
      }
    }
    return null;
  }

  private String environment(Map<String, Object> environment) {
    Object type = environment.get("type");
    Set<String> allowed;
    if ("self_hosted".equals(type)) {
      allowed = SELF_HOSTED_FIELDS;
    } else if ("aws_bedrock_agentcore".equals(type)) {
      allowed = AGENTCORE_FIELDS;
      if (!(environment.get("runtime_arn") instanceof String arn)) {
        return "runtime_arn is required for an aws_bedrock_agentcore environment.";
      }
      var m = RUNTIME_ARN.matcher(arn);
      if (!m.matches()) {
        return "runtime_arn must be an AgentCore Runtime ARN.";
      }
      if (!m.group(1).equals(region) || !m.group(2).equals(account)) {
        return "The Runtime must be in the session's Region (" + region + ") and account (" + account + ").";
      }
    } else {
      return "environment.type must be self_hosted or aws_bedrock_agentcore.";
    }
    String unknown = unknownField(environment, allowed, "environment.");
    if (unknown != null) {
      return "Unknown parameter: '" + unknown + "'.";
    }
    Object workspace = environment.get("workspace_directory");
    if (workspace != null && !(workspace instanceof String w && w.startsWith("/"))) {
      return "workspace_directory must be an absolute path.";
    }
    Object dirs = environment.get("capability_directories");
    if (dirs != null) {
      if (!(dirs instanceof List<?> list)) {
        return "capability_directories must be an array.";
      }
      Set<Object> unique = new LinkedHashSet<>(list);
      for (Object d : unique) {
        if (!(d instanceof String s && s.startsWith("/"))) {
          return "capability_directories must hold absolute paths.";
        }
      }
      if (unique.size() > 32) {
        return "At most 32 unique capability_directories are allowed.";
      }
    }
    return null;
  }

  private MockResponse listSessions(HttpUrl url, String requestId) {
    String agentId = url.queryParameter("agent_id");
    List<Map<String, Object>> all = new ArrayList<>();
    sessions.values().stream().filter(s -> !s.deleted).sorted((a, b) -> Long.compare(a.seq, b.seq))
        .filter(s -> agentId == null || agentId.equals(s.agent.get("id")))
        .forEach(s -> all.add(s.json()));
    return page(all, url, requestId);
  }

  private MockResponse delete(Live s, String requestId) {
    synchronized (s) {
      s.deleted = true;
      s.cancelRequested = true;
      s.notifyAll();
    }
    s.subscribers.forEach(q -> q.add(END));
    Map<String, Object> ack = new LinkedHashMap<>();
    ack.put("id", s.id);
    ack.put("object", "agent.session.deleted");
    ack.put("deleted", true);
    return json(requestId, 200, ack);
  }

  private MockResponse submit(Live s, String body, String requestId) {
    Map<String, Object> json = parse(body);
    if (json == null) {
      return invalid(requestId, null, "The request body is not a JSON object.");
    }
    String unknown = unknownField(json, Set.of("events"), "");
    if (unknown != null) {
      return invalid(requestId, unknown, "Unknown parameter: '" + unknown + "'.");
    }
    if (!(json.get("events") instanceof List<?> events) || events.isEmpty()) {
      return invalid(requestId, "events", "events must be a nonempty array.");
    }
    List<List<String>> messages = new ArrayList<>();
    boolean cancel = false;
    for (Object e : events) {
      Map<String, Object> event = map(e);
      Object type = event == null ? null : event.get("type");
      if ("agent.session.input.cancel".equals(type)) {
        if (event.size() > 1) {
          return invalid(requestId, "events", "Unknown parameter on a cancel event.");
        }
        cancel = true;
      } else if ("agent.session.input.message".equals(type)) {
        String u = unknownField(event, Set.of("type", "input"), "events[].");
        if (u != null) {
          return invalid(requestId, u, "Unknown parameter: '" + u + "'.");
        }
        List<String> texts = messages(event.get("input"));
        if (texts == null) {
          return invalid(requestId, "events[].input", "input must be a nonempty array of user messages whose content"
              + " is input_text (the preview takes text input).");
        }
        messages.add(texts);
      } else {
        return invalid(requestId, "events[].type", "Unsupported event type: '" + type + "'.");
      }
    }
    synchronized (s) {
      if (!messages.isEmpty() && (s.running || !"idle".equals(s.status))) {
        return error(requestId, 409, "ConflictException", "invalid_request_error", null, "session_busy",
            "The session is " + s.status + ": submit the next message after the current turn ends.");
      }
      if (cancel && s.running) {
        s.cancelRequested = true;
        s.notifyAll();
      }
    }
    for (List<String> texts : messages) {
      startTurn(s, texts);
    }
    return base(requestId, 200).build(); // an acknowledgement with an empty body
  }

  private MockResponse stream(Live s, HttpUrl url, String requestId) {
    if (!"true".equals(url.queryParameter("stream"))) {
      return invalid(requestId, "stream", "The emulator serves the event stream with stream=true only.");
    }
    Integer fault;
    synchronized (streamFaults) {
      fault = streamFaults.poll();
    }
    LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    s.subscribers.add(queue);
    int limit = fault == null ? Integer.MAX_VALUE : fault;
    return base(requestId, 200).addHeader("Content-Type", "text/event-stream").addHeader("Cache-Control", "no-cache")
        .addHeader("Transfer-Encoding", "chunked").body(new Sse(s, queue, limit)).build();
  }

  private MockResponse listItems(Live s, HttpUrl url, String requestId) {
    List<Map<String, Object>> all;
    synchronized (s) {
      all = List.copyOf(s.items);
    }
    return page(all, url, requestId);
  }

  /** A page of {@code all} (oldest first) per {@code limit}, {@code order} and {@code after}. */
  private MockResponse page(List<Map<String, Object>> all, HttpUrl url, String requestId) {
    int limit = 20;
    String l = url.queryParameter("limit");
    if (l != null) {
      try {
        limit = Integer.parseInt(l);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > 100) {
        return invalid(requestId, "limit", "limit must be an integer from 1 to 100.");
      }
    }
    String order = url.queryParameter("order") == null ? "desc" : url.queryParameter("order");
    if (!order.equals("asc") && !order.equals("desc")) {
      return invalid(requestId, "order", "order must be asc or desc.");
    }
    List<Map<String, Object>> ordered = new ArrayList<>(all);
    if (order.equals("desc")) {
      java.util.Collections.reverse(ordered);
    }
    int from = 0;
    String after = url.queryParameter("after");
    if (after != null) {
      int at = -1;
      for (int i = 0; i < ordered.size(); i++) {
        if (after.equals(ordered.get(i).get("id"))) {
          at = i;
          break;
        }
      }
      if (at < 0) {
        return invalid(requestId, "after", "No item with id '" + after + "'.");
      }
      from = at + 1;
    }
    List<Map<String, Object>> data = ordered.subList(Math.min(from, ordered.size()),
        Math.min(ordered.size(), from + limit));
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("object", "list");
    page.put("data", data);
    page.put("first_id", data.isEmpty() ? null : data.get(0).get("id"));
    page.put("last_id", data.isEmpty() ? null : data.get(data.size() - 1).get("id"));
    page.put("has_more", from + data.size() < ordered.size());
    return json(requestId, 200, page);
  }

  // ---------------------------------------------------------------- turns

  private void startTurn(Live s, List<String> texts) {
    AgentTurn scripted;
    synchronized (script) {
      scripted = script.poll();
    }
    String turnId = "turn_" + token();
    synchronized (s) {
      s.running = true;
      s.status = "in_progress";
      s.cancelRequested = false;
      s.currentTurn = turnId;
      s.turns++;
      s.lastActiveAt = now();
      for (String text : texts) {
        s.items.add(message(s, "msg_" + token(), "user", "input_text", text, null, turnId));
      }
    }
    AgentTurn turn = scripted != null ? scripted : AgentTurn.text("echo: " + texts.get(texts.size() - 1));
    Map<String, Object> turnJson = turnJson(s, turnId, "queued", null, null);
    publish(s, event(s, "agent.session.in_progress", null, "session", null));
    publish(s, event(s, "agent.session.turn.created", turnId, "turn", turnJson));
    for (Map<String, Object> item : userItems(s, turnId)) {
      Map<String, Object> added = event(s, "agent.session.turn.item.added", turnId, "item", item);
      added.put("output_index", null);
      publish(s, added);
    }
    runner.execute(() -> run(s, turnId, turn, String.join("\n", texts)));
  }

  private List<Map<String, Object>> userItems(Live s, String turnId) {
    synchronized (s) {
      return s.items.stream().filter(i -> turnId.equals(i.get("turn_id")) && "user".equals(i.get("role"))).toList();
    }
  }

  private void run(Live s, String turnId, AgentTurn turn, String userText) {
    try {
      publish(s, event(s, "agent.session.turn.in_progress", turnId, "turn", turnJson(s, turnId, "in_progress", null,
          null)));
      long outputChars = 0;
      long reasoningChars = 0;
      int index = 0;
      for (AgentTurn.Step step : turn.steps()) {
        if (stopped(s)) {
          end(s, turnId, "cancelled", null, null);
          return;
        }
        if (step instanceof AgentTurn.Reasoning r) {
          reasoning(s, turnId, index++, r.summary(), turn.deltaSize());
          reasoningChars += r.summary().length();
        } else if (step instanceof AgentTurn.Text t) {
          text(s, turnId, index++, t.text(), t.phase(), turn.deltaSize());
          outputChars += t.text().length();
        } else if (step instanceof AgentTurn.Command c) {
          command(s, turnId, index++, c);
        } else if (step instanceof AgentTurn.Mcp m) {
          mcp(s, turnId, index++, m);
        } else if (step instanceof AgentTurn.Pause p && !pause(s, p.duration())) {
          end(s, turnId, "cancelled", null, null);
          return;
        }
      }
      if (turn.hang()) {
        synchronized (s) {
          while (!s.cancelRequested && !s.deleted && !closed) {
            s.wait(1000);
          }
        }
        end(s, turnId, "cancelled", null, null);
        return;
      }
      if (stopped(s)) {
        end(s, turnId, "cancelled", null, null);
        return;
      }
      long[] usage = turn.usage();
      if (usage == null) {
        long in = 200 + userText.length() / 4;
        long reasoning = reasoningChars / 4;
        usage = new long[] {in, 0, Math.max(1, outputChars / 4) + reasoning, reasoning};
      }
      if (turn.failCode() != null) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", turn.failCode());
        error.put("message", turn.failMessage());
        end(s, turnId, "failed", error, usage);
      } else {
        end(s, turnId, "completed", null, usage);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("code", "internal_error");
      error.put("message", "The emulator failed: " + e);
      end(s, turnId, "failed", error, null);
    }
  }

  private boolean stopped(Live s) {
    synchronized (s) {
      return s.cancelRequested || s.deleted || closed;
    }
  }

  private boolean pause(Live s, Duration d) throws InterruptedException {
    long end = System.nanoTime() + d.toNanos();
    synchronized (s) {
      while (!s.cancelRequested && !s.deleted && !closed) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          return true;
        }
        TimeUnit.NANOSECONDS.timedWait(s, left);
      }
      return false;
    }
  }

  private void end(Live s, String turnId, String status, Map<String, Object> error, long[] usage) {
    Map<String, Object> usageJson = usage == null || usage.length == 0 ? null : usageJson(usage);
    synchronized (s) {
      if (usage != null && usage.length == 4) {
        for (int i = 0; i < 4; i++) {
          s.usage[i] += usage[i];
        }
        s.usageReported = true;
      }
      s.lastActiveAt = now();
    }
    Map<String, Object> turn = turnJson(s, turnId, status, error, usageJson);
    Map<String, Object> terminal = event(s, "agent.session.turn." + status, turnId, "turn", turn);
    terminal.put("usage", usageJson);
    synchronized (s) {
      if (!"failed".equals(s.status)) {
        s.status = "idle";
      }
      s.running = false;
      s.currentTurn = null;
      s.cancelRequested = false;
      s.notifyAll();
    }
    publish(s, terminal);
    publish(s, event(s, "agent.session.idle", null, "session", null));
  }

  private void reasoning(Live s, String turnId, int index, String summary, int deltaSize) {
    String id = "rs_" + token();
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("id", id);
    item.put("type", "reasoning");
    item.put("status", "in_progress");
    item.put("summary", List.of());
    item.put("turn_id", turnId);
    publish(s, indexed(event(s, "agent.session.turn.item.added", turnId, "item", new LinkedHashMap<>(item)), index));
    streamPart(s, turnId, id, index, "reasoning_summary_part", "reasoning_summary_text", "summary_index",
        "summary_text", summary, deltaSize);
    item.put("status", "completed");
    item.put("summary", List.of(part("summary_text", summary)));
    synchronized (s) {
      s.items.add(item);
    }
    publish(s, indexed(event(s, "agent.session.turn.item.done", turnId, "item", item), index));
  }

  private void text(Live s, String turnId, int index, String text, String phase, int deltaSize) {
    String id = "msg_" + token();
    Map<String, Object> inProgress = message(s, id, "assistant", "output_text", null, phase, turnId);
    inProgress.put("status", "in_progress");
    publish(s, indexed(event(s, "agent.session.turn.item.added", turnId, "item", inProgress), index));
    streamPart(s, turnId, id, index, "content_part", "output_text", "content_index", "output_text", text, deltaSize);
    Map<String, Object> item = message(s, id, "assistant", "output_text", text, phase, turnId);
    synchronized (s) {
      s.items.add(item);
    }
    publish(s, indexed(event(s, "agent.session.turn.item.done", turnId, "item", item), index));
  }

  /**
   * One content part of an item, as its events stream it: {@code <part>.added}, the text's
   * {@code .delta}s and {@code .done}, {@code <part>.done}.
   */
  private void streamPart(Live s, String turnId, String itemId, int index, String partEvents, String textEvents,
      String indexKey, String partType, String text, int deltaSize) {
    String prefix = "agent.session.turn.";
    Map<String, Object> added = partEvent(s, prefix + partEvents + ".added", turnId, itemId, index, part(partType, ""));
    added.put(indexKey, 0);
    publish(s, added);
    for (String piece : pieces(text, deltaSize)) {
      Map<String, Object> d = partEvent(s, prefix + textEvents + ".delta", turnId, itemId, index, null);
      d.put(indexKey, 0);
      d.put("delta", piece);
      publish(s, d);
    }
    Map<String, Object> done = partEvent(s, prefix + textEvents + ".done", turnId, itemId, index, null);
    done.put(indexKey, 0);
    done.put("text", text);
    publish(s, done);
    Map<String, Object> partDone = partEvent(s, prefix + partEvents + ".done", turnId, itemId, index,
        part(partType, text));
    partDone.put(indexKey, 0);
    publish(s, partDone);
  }

  private void command(Live s, String turnId, int index, AgentTurn.Command c) {
    String id = "ce_" + token();
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("id", id);
    item.put("type", "command_execution");
    item.put("command", c.command());
    item.put("cwd", "/workspace");
    item.put("status", "in_progress");
    item.put("output", null);
    item.put("exit_code", null);
    item.put("duration_ms", null);
    item.put("turn_id", turnId);
    publish(s, indexed(event(s, "agent.session.turn.item.added", turnId, "item", new LinkedHashMap<>(item)), index));
    if (c.output() != null && !c.output().isEmpty()) {
      Map<String, Object> d = partEvent(s, "agent.output.command_execution_output.delta", turnId, id, index, null);
      d.put("delta", c.output());
      publish(s, d);
    }
    item.put("status", c.exitCode() == 0 ? "completed" : "failed");
    item.put("output", c.output());
    item.put("exit_code", c.exitCode());
    item.put("duration_ms", 12);
    synchronized (s) {
      s.items.add(item);
    }
    publish(s, indexed(event(s, "agent.session.turn.item.done", turnId, "item", item), index));
  }

  private void mcp(Live s, String turnId, int index, AgentTurn.Mcp m) {
    String id = "mcp_" + token();
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("id", id);
    item.put("type", "mcp_call");
    item.put("server_label", m.server());
    item.put("name", m.tool());
    item.put("arguments", parseAny(m.argumentsJson()));
    item.put("output", null);
    item.put("error", null);
    item.put("status", "in_progress");
    item.put("turn_id", turnId);
    publish(s, indexed(event(s, "agent.session.turn.item.added", turnId, "item", new LinkedHashMap<>(item)), index));
    item.put("output", parseAny(m.outputJson()));
    item.put("error", m.error());
    item.put("status", m.error() == null ? "completed" : "failed");
    synchronized (s) {
      s.items.add(item);
    }
    publish(s, indexed(event(s, "agent.session.turn.item.done", turnId, "item", item), index));
  }

  // ---------------------------------------------------------------- events

  private Map<String, Object> event(Live s, String type, String turnId, String key, Object value) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("type", type);
    e.put("event_id", "evt_" + token());
    e.put("session_id", s.id);
    if (turnId != null) {
      e.put("turn_id", turnId);
    }
    if ("session".equals(key)) {
      e.put("session", s.json());
    } else if (key != null) {
      e.put(key, value);
    }
    return e;
  }

  private static Map<String, Object> indexed(Map<String, Object> e, int index) {
    e.put("output_index", index);
    return e;
  }

  private Map<String, Object> partEvent(Live s, String type, String turnId, String itemId, int index,
      Map<String, Object> part) {
    Map<String, Object> e = event(s, type, turnId, null, null);
    e.put("item_id", itemId);
    e.put("output_index", index);
    if (part != null) {
      e.put("part", part);
    }
    return e;
  }

  private static Map<String, Object> part(String type, String text) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("type", type);
    p.put("text", text);
    return p;
  }

  private Map<String, Object> message(Live s, String id, String role, String partType, String text, String phase,
      String turnId) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("type", "message");
    m.put("role", role);
    m.put("content", text == null ? List.of() : List.of(part(partType, text)));
    m.put("phase", "assistant".equals(role) ? phase : null);
    m.put("status", "completed");
    m.put("turn_id", turnId);
    return m;
  }

  private Map<String, Object> turnJson(Live s, String turnId, String status, Map<String, Object> error,
      Map<String, Object> usage) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("id", turnId);
    t.put("object", "agent.session.turn");
    t.put("agent_id", s.agent.get("id"));
    t.put("session_id", s.id);
    t.put("status", status);
    t.put("created_at", now());
    t.put("started_at", "queued".equals(status) ? null : now());
    t.put("completed_at", Set.of("completed", "failed", "cancelled").contains(status) ? now() : null);
    t.put("error", error);
    t.put("subagent_id", null);
    t.put("usage", usage);
    return t;
  }

  private static Map<String, Object> usageJson(long[] u) {
    Map<String, Object> usage = new LinkedHashMap<>();
    usage.put("input_tokens", u[0]);
    usage.put("input_tokens_details", Map.of("cached_tokens", u[1]));
    usage.put("output_tokens", u[2]);
    usage.put("output_tokens_details", Map.of("reasoning_tokens", u[3]));
    usage.put("total_tokens", u[0] + u[2]);
    return usage;
  }

  private void publish(Live s, Map<String, Object> event) {
    for (LinkedBlockingQueue<Object> q : s.subscribers) {
      q.add(event);
    }
  }

  private static List<String> pieces(String text, int size) {
    List<String> out = new ArrayList<>();
    if (size <= 0) {
      return out;
    }
    for (int i = 0; i < text.length(); i += size) {
      out.add(text.substring(i, Math.min(text.length(), i + size)));
    }
    return out;
  }

  /** A live event stream: what its session publishes from now on, one event per chunk. */
  private final class Sse implements MockResponseBody {
    private final Live session;
    private final LinkedBlockingQueue<Object> queue;
    /** Events to write before the connection is cut; -1 to write none (a stalled stream). */
    private final int limit;

    Sse(Live session, LinkedBlockingQueue<Object> queue, int limit) {
      this.session = session;
      this.queue = queue;
      this.limit = limit;
    }

    @Override
    public long getContentLength() {
      return -1;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      int written = 0;
      try {
        sink.flush(); // the headers go out now: the stream is open before any event
        while (!closed) {
          Object next;
          try {
            next = queue.poll(200, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("the emulator is closing");
          }
          if (next == END) {
            break;
          }
          if (next == null || limit < 0) {
            continue;
          }
          if (written >= limit) {
            throw new IOException("the emulator cut the event stream after " + written + " events");
          }
          @SuppressWarnings("unchecked")
          Map<String, Object> event = (Map<String, Object>) next;
          OpenAiRelay.chunk(sink, "event: " + event.get("type") + "\ndata: " + JSON.toJson(event) + "\n\n");
          written++;
        }
        sink.writeUtf8("0\r\n\r\n");
        sink.flush();
      } catch (IOException e) {
        if (!closed && !String.valueOf(e.getMessage()).startsWith("the emulator cut")) {
          disconnects.incrementAndGet();
        }
        throw e;
      } finally {
        session.subscribers.remove(queue);
      }
    }
  }

  // ---------------------------------------------------------------- plumbing

  /** One session. Guarded by its own monitor. */
  private final class Live {
    final String id;
    final long seq = sequence.incrementAndGet();
    final Map<String, Object> agent;
    final Map<String, Object> environment;
    final String roleArn;
    final long createdAt = now();
    final List<Map<String, Object>> items = new ArrayList<>();
    final List<LinkedBlockingQueue<Object>> subscribers = new CopyOnWriteArrayList<>();
    final long[] usage = new long[4];
    boolean usageReported;
    long lastActiveAt = createdAt;
    String status = "idle";
    String error;
    String currentTurn;
    int turns;
    boolean running;
    boolean cancelRequested;
    volatile boolean deleted;

    Live(String id, Map<String, Object> agent, Map<String, Object> environment, String roleArn) {
      this.id = id;
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("id", "agent_" + token());
      a.put("model", agent.get("model"));
      a.put("instructions", agent.get("instructions"));
      a.put("tools", agent.get("tools") == null ? List.of() : agent.get("tools"));
      this.agent = a;
      Map<String, Object> env = new LinkedHashMap<>();
      env.put("id", "env_" + token());
      env.putAll(environment);
      if (!env.containsKey("workspace_directory")) {
        env.put("workspace_directory", "/workspace");
      }
      if ("self_hosted".equals(env.get("type"))) {
        env.put("remote_url", "wss://" + SIGNING_NAME + "." + region + ".api.aws/openai/v1/agents/environments/"
            + env.get("id"));
      }
      this.environment = env;
      this.roleArn = roleArn;
    }

    synchronized Map<String, Object> json() {
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("id", id);
      j.put("object", "agent.session");
      j.put("agent", agent);
      j.put("environment", environment);
      j.put("role_arn", roleArn);
      j.put("status", status);
      j.put("created_at", createdAt);
      j.put("last_active_at", lastActiveAt);
      j.put("error", error);
      j.put("usage", usageReported ? usageJson(usage) : null);
      return j;
    }
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }

  private String token() {
    return Long.toHexString(sequence.incrementAndGet()) + Integer.toHexString(System.identityHashCode(this) & 0xffff);
  }

  /** The user texts of an {@code input} array, or null if it is not one of text-only user messages. */
  private static List<String> messages(Object input) {
    if (!(input instanceof List<?> list) || list.isEmpty()) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (Object o : list) {
      Map<String, Object> m = map(o);
      if (m == null || !"user".equals(m.get("role")) || !(m.get("content") instanceof List<?> content)
          || content.isEmpty()) {
        return null;
      }
      StringBuilder sb = new StringBuilder();
      for (Object p : content) {
        Map<String, Object> part = map(p);
        if (part == null || !"input_text".equals(part.get("type")) || !(part.get("text") instanceof String t)) {
          return null;
        }
        sb.append(t);
      }
      out.add(sb.toString());
    }
    return out;
  }

  private static String text(Map<String, Object> item, String type) {
    StringBuilder sb = new StringBuilder();
    if (item.get("content") instanceof List<?> content) {
      for (Object p : content) {
        Map<String, Object> part = map(p);
        if (part != null && type.equals(part.get("type")) && part.get("text") instanceof String t) {
          sb.append(t);
        }
      }
    }
    return sb.toString();
  }

  private static String unknownField(Map<String, Object> json, Set<String> allowed, String prefix) {
    for (String k : json.keySet()) {
      if (!allowed.contains(k)) {
        return prefix + k;
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
  }

  private static Map<String, Object> parse(String body) {
    return map(parseAny(body));
  }

  private static Object parseAny(String json) {
    if (json == null || json.isBlank()) {
      return null;
    }
    try {
      return JSON.fromJson(json);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private MockResponse.Builder base(String requestId, int status) {
    return new MockResponse.Builder().code(status).addHeader("x-amzn-RequestId", requestId);
  }

  private MockResponse json(String requestId, int status, Object body) {
    return base(requestId, status).addHeader("Content-Type", "application/json").body(JSON.toJson(body)).build();
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
    return error(requestId, 400, "ValidationException", "invalid_request_error", param,
        message.startsWith("Unknown parameter") ? "unknown_parameter" : null, message);
  }

  /** Builds a {@link BedrockManagedAgentsEmulator}. Not thread-safe. */
  public static final class Builder {
    private String region = "us-east-1";
    private String account = DEFAULT_ACCOUNT;
    private final Map<String, String[]> credentials = new LinkedHashMap<>();
    private final Set<String> apiKeys = new LinkedHashSet<>(List.of(DEFAULT_API_KEY));
    private final Set<String> models = new LinkedHashSet<>();
    private boolean previewEnabled = true;
    private InstantSource clock = Clock.systemUTC();

    private Builder() {}

    /** The AWS Region the emulator stands for ({@code us-east-1} by default); SigV4 scopes must name it. */
    public Builder region(String region) {
      if (region == null || !region.matches("[a-z]{2,}(-[a-z0-9]+)+")) {
        throw new IllegalArgumentException("'" + region + "' is not an AWS region name like us-east-1");
      }
      this.region = region;
      return this;
    }

    /** The calling account ({@value #DEFAULT_ACCOUNT} by default): session roles must be its roles. */
    public Builder account(String account) {
      if (account == null || !account.matches("\\d{12}")) {
        throw new IllegalArgumentException("an AWS account id has 12 digits");
      }
      this.account = account;
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

    /** Serves this model (in addition to any given before); {@value #DEFAULT_MODEL} when none is given. */
    public Builder model(String modelId) {
      models.add(Objects.requireNonNull(modelId, "modelId"));
      return this;
    }

    /** False makes every operation a 404, as when the preview is not enabled for the account. */
    public Builder previewEnabled(boolean enabled) {
      this.previewEnabled = enabled;
      return this;
    }

    /** The server's clock: signing times and timestamps are judged by it. */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public BedrockManagedAgentsEmulator build() {
      return new BedrockManagedAgentsEmulator(this);
    }
  }
}
