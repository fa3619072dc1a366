/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.agentcore;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import dev.stateline.testing.aws.SigV4Verifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okio.Buffer;

/**
 * An in-process Amazon Bedrock AgentCore data plane for tests: a {@link MockWebServer} that speaks
 * the REST-JSON protocol of the operations Stateline uses, as the AWS SDK's
 * {@code BedrockAgentCoreClient} sends them:
 *
 * <ul>
 *   <li>AgentCore Memory: {@code POST /memories/{memoryId}/events} (CreateEvent, with
 *       {@code clientToken} idempotency), {@code POST /memories/{memoryId}/actor/{actorId}/sessions/{sessionId}}
 *       (ListEvents), {@code POST /memories/{memoryId}/actor/{actorId}/sessions} (ListSessions),
 *       {@code DELETE /memories/{memoryId}/actor/{actorId}/sessions/{sessionId}/events/{eventId}}
 *       (DeleteEvent). Ids are checked against AgentCore's patterns (session ids
 *       {@code [a-zA-Z0-9][a-zA-Z0-9-_]*}, at most 100; actor ids {@code [a-zA-Z0-9][a-zA-Z0-9-_/]*});
 *       a payload holds at most 100 items; timestamps are epoch seconds. Event ids look like
 *       AgentCore's ({@code <millis>#<hex>}). Lists are paginated with {@code maxResults} and
 *       {@code nextToken}, and events are listed <b>newest first</b>, so a client cannot depend on
 *       an order AgentCore does not document.
 *   <li>AgentCore Runtime: {@code POST /runtimes/{agentRuntimeArn}/invocations?qualifier=...}
 *       (InvokeAgentRuntime) with the session in {@code X-Amzn-Bedrock-AgentCore-Runtime-Session-Id}
 *       (at least 33 characters); the body is the agent's payload. Without a script the emulated
 *       agent keeps each runtime session's prompts (the agent holds the state) and answers
 *       {@code {"result": {"role": "assistant", "content": [{"text": ...}]}}} naming the turn number
 *       and the earlier prompts of that session; with {@code Accept: text/event-stream} it streams the
 *       same text as server-sent events, one JSON string per {@code data:} line.
 *   <li>Errors as the service sends them: an HTTP status, {@code x-amzn-ErrorType} and a JSON body
 *       {@code {"message": ...}}; every response has an {@code x-amzn-RequestId}.
 * </ul>
 *
 * <p>Every request must carry a well-formed SigV4 {@code Authorization} header scoped to service
 * {@code bedrock-agentcore} and a matching {@code X-Amz-Date} (HTTP 403 otherwise), and its signature
 * is <b>recomputed</b> ({@link SigV4Verifier}) from the credentials the emulator was told about with
 * {@link #acceptCredentials(String, String)}, over the request as received (body hash in
 * {@code x-amz-content-sha256}, session token included): an unknown access key or a wrong session
 * token gets 403 {@code UnrecognizedClientException}, a signature that differs (wrong secret, body
 * changed after signing) 403 {@code InvalidSignatureException}. An emulator told about no
 * credentials refuses every request. Thread-safe; each operation is atomic. Close it after the test.
 */
public final class AgentCoreEmulator implements AutoCloseable {
  private static final Pattern AUTHORIZATION = Pattern.compile(
      "AWS4-HMAC-SHA256 Credential=([A-Za-z0-9]{1,128})/(\\d{8})/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request,"
          + " ?SignedHeaders=([a-z0-9-]+(?:;[a-z0-9-]+)*), ?Signature=([0-9a-f]{64})");
  private static final Pattern AMZ_DATE = Pattern.compile("(\\d{8})T\\d{6}Z");
  private static final Pattern SESSION_ID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9-_]*");
  private static final Pattern ACTOR_ID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9-_/]*");
  private static final String SESSION_HEADER = "X-Amzn-Bedrock-AgentCore-Runtime-Session-Id";

  private final MockWebServer server = new MockWebServer();
  private final JsonAdapter<Object> json = new Moshi.Builder().build().adapter(Object.class);
  private final Object lock = new Object();
  // guarded by lock: memory -> actor -> session -> events in creation order
  private final Map<String, Map<String, Map<String, List<Map<String, Object>>>>> memories = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> tokens = new LinkedHashMap<>(); // guarded by lock
  private final Map<String, List<String>> runtimeSessions = new LinkedHashMap<>(); // guarded by lock
  private long eventCounter; // guarded by lock
  private final CopyOnWriteArrayList<AgentCoreRequest> recorded = new CopyOnWriteArrayList<>();
  private final Map<String, ConcurrentLinkedQueue<Object[]>> faults = new ConcurrentHashMap<>();
  private final Map<String, ConcurrentLinkedQueue<Runnable>> hooks = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Object[]> runtimeScript = new ConcurrentLinkedQueue<>();
  private volatile int pageSize = 100;
  private final SigV4Verifier signatures = SigV4Verifier.builder("bedrock-agentcore").build();

  private AgentCoreEmulator() {
    server.setServerSocketFactory(dev.stateline.testing.internal.NoDelayServerSockets.FACTORY);
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return handle(request);
      }
    });
  }

  /** Starts an emulator, with no memory, on a free loopback port. */
  public static AgentCoreEmulator start() {
    AgentCoreEmulator e = new AgentCoreEmulator();
    try {
      e.server.start();
    } catch (IOException ex) {
      throw new UncheckedIOException("could not start the AgentCore emulator", ex);
    }
    return e;
  }

  /** The base URI to give the SDK as {@code endpointOverride}. */
  public URI endpoint() {
    return URI.create("http://" + server.getHostName() + ":" + server.getPort());
  }

  /**
   * Accepts requests SigV4-signed with this long-term key from now on: their signatures are
   * recomputed from {@code secretAccessKey}.
   */
  public AgentCoreEmulator acceptCredentials(String accessKeyId, String secretAccessKey) {
    signatures.accept(Objects.requireNonNull(accessKeyId, "accessKeyId"),
        Objects.requireNonNull(secretAccessKey, "secretAccessKey"));
    return this;
  }

  /** Accepts requests signed with these temporary credentials (they must carry this session token). */
  public AgentCoreEmulator acceptCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {
    signatures.accept(Objects.requireNonNull(accessKeyId, "accessKeyId"),
        Objects.requireNonNull(secretAccessKey, "secretAccessKey"), sessionToken);
    return this;
  }

  /** Refuses requests signed with this access key from now on (HTTP 403 UnrecognizedClientException). */
  public AgentCoreEmulator revokeCredentials(String accessKeyId) {
    signatures.revoke(accessKeyId);
    return this;
  }

  /** Creates an AgentCore Memory resource (as the control plane's CreateMemory would). */
  public AgentCoreEmulator createMemory(String memoryId) {
    synchronized (lock) {
      memories.putIfAbsent(Objects.requireNonNull(memoryId, "memoryId"), new LinkedHashMap<>());
    }
    return this;
  }

  /** The most items ListEvents and ListSessions return per page, whatever maxResults asks (100 by default). */
  public AgentCoreEmulator pageSize(int pageSize) {
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be positive");
    }
    this.pageSize = pageSize;
    return this;
  }

  /**
   * Makes the next request for {@code operation} ({@code CreateEvent}, {@code ListEvents},
   * {@code ListSessions}, {@code DeleteEvent}, {@code InvokeAgentRuntime}) fail with this error.
   */
  public AgentCoreEmulator failNext(String operation, int status, String errorType, String message) {
    faults.computeIfAbsent(operation, k -> new ConcurrentLinkedQueue<>()).add(new Object[] {status, errorType, message});
    return this;
  }

  /** Runs {@code action} once just before the next request for {@code operation} is handled. */
  public AgentCoreEmulator onNext(String operation, Runnable action) {
    hooks.computeIfAbsent(operation, k -> new ConcurrentLinkedQueue<>()).add(action);
    return this;
  }

  /** Answers the next InvokeAgentRuntime with this status, content type and body instead of the emulated agent. */
  public AgentCoreEmulator enqueueRuntimeReply(int status, String contentType, String body) {
    runtimeScript.add(new Object[] {status, contentType, body});
    return this;
  }

  /**
   * Answers the next InvokeAgentRuntime with {@code response} as it is (a trickled body, a stream of
   * comments: a misbehaving agent), with the session id and a request id added as headers.
   */
  public AgentCoreEmulator enqueueRuntimeReply(MockResponse response) {
    runtimeScript.add(new Object[] {java.util.Objects.requireNonNull(response, "response")});
    return this;
  }

  /** The events of one session in creation order, in their wire form. */
  public List<Map<String, Object>> events(String memoryId, String actorId, String sessionId) {
    synchronized (lock) {
      List<Map<String, Object>> events = sessionEvents(memoryId, actorId, sessionId, false);
      return events == null ? List.of() : List.copyOf(events);
    }
  }

  /** The prompts each runtime session received, by runtime session id. */
  public Map<String, List<String>> runtimeSessions() {
    synchronized (lock) {
      Map<String, List<String>> copy = new LinkedHashMap<>();
      runtimeSessions.forEach((k, v) -> copy.put(k, List.copyOf(v)));
      return copy;
    }
  }

  /** Every request received so far, in order. */
  public List<AgentCoreRequest> requests() {
    return List.copyOf(recorded);
  }

  /** How many requests for {@code operation} arrived. */
  public long requestCount(String operation) {
    return recorded.stream().filter(r -> operation.equals(r.operation())).count();
  }

  @Override
  public void close() {
    server.close();
  }

  @Override
  public String toString() {
    return "AgentCoreEmulator[" + endpoint() + ", " + recorded.size() + " request(s)]";
  }

  // ------------------------------------------------------------------ dispatch

  /** An error answer, thrown inside the emulator. */
  private static final class Failure extends RuntimeException {
    final int status;
    final String type;

    Failure(int status, String type, String message) {
      super(message, null, false, false);
      this.status = status;
      this.type = type;
    }
  }

  private MockResponse handle(RecordedRequest request) {
    List<String> seg = request.getUrl().pathSegments();
    String method = request.getMethod();
    String operation = null;
    if ("POST".equals(method) && seg.size() == 3 && seg.get(0).equals("memories") && seg.get(2).equals("events")) {
      operation = "CreateEvent";
    } else if ("POST".equals(method) && seg.size() == 6 && seg.get(0).equals("memories") && seg.get(2).equals("actor")
        && seg.get(4).equals("sessions")) {
      operation = "ListEvents";
    } else if ("POST".equals(method) && seg.size() == 5 && seg.get(0).equals("memories") && seg.get(2).equals("actor")
        && seg.get(4).equals("sessions")) {
      operation = "ListSessions";
    } else if ("DELETE".equals(method) && seg.size() == 8 && seg.get(0).equals("memories")
        && seg.get(6).equals("events")) {
      operation = "DeleteEvent";
    } else if ("POST".equals(method) && seg.size() == 3 && seg.get(0).equals("runtimes")
        && seg.get(2).equals("invocations")) {
      operation = "InvokeAgentRuntime";
    }
    byte[] bytes = request.getBody() == null ? new byte[0] : request.getBody().toByteArray();
    String body = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    Object parsed = null;
    if (!"InvokeAgentRuntime".equals(operation) && !body.isEmpty()) {
      try {
        parsed = json.fromJson(body);
      } catch (IOException | RuntimeException e) {
        parsed = null;
      }
    }
    recorded.add(new AgentCoreRequest(operation, method, seg, request.getUrl().queryParameter("qualifier"),
        new LinkedHashMap<>(request.getHeaders().toMultimap()), body, parsed));
    try {
      checkAuth(request.getHeaders());
      checkSignature(request);
      if (operation == null) {
        throw new Failure(404, "UnknownOperationException", "No operation at " + method + " " + request.getUrl().encodedPath());
      }
      ConcurrentLinkedQueue<Runnable> hook = hooks.get(operation);
      Runnable action = hook == null ? null : hook.poll();
      if (action != null) {
        action.run();
      }
      ConcurrentLinkedQueue<Object[]> fault = faults.get(operation);
      Object[] f = fault == null ? null : fault.poll();
      if (f != null) {
        throw new Failure((Integer) f[0], (String) f[1], (String) f[2]);
      }
      if (operation.equals("InvokeAgentRuntime")) {
        return invoke(request, seg.get(1), body);
      }
      if (!body.isEmpty() && !(parsed instanceof Map)) {
        throw new Failure(400, "SerializationException", "The request body is not a JSON object");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> in = parsed == null ? Map.of() : (Map<String, Object>) parsed;
      synchronized (lock) {
        return switch (operation) {
          case "CreateEvent" -> ok(201, createEvent(seg.get(1), in));
          case "ListEvents" -> ok(200, listEvents(seg.get(1), seg.get(3), seg.get(5), in));
          case "ListSessions" -> ok(200, listSessions(seg.get(1), seg.get(3), in));
          default -> ok(200, deleteEvent(seg.get(1), seg.get(3), seg.get(5), seg.get(7)));
        };
      }
    } catch (Failure e) {
      return error(e);
    } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
      return error(new Failure(400, "ValidationException", "Malformed request: " + e.getMessage()));
    }
  }

  private static void checkAuth(Headers headers) {
    String auth = headers.get("Authorization");
    if (auth == null) {
      throw new Failure(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
    }
    Matcher m = AUTHORIZATION.matcher(auth.trim());
    if (!m.matches()) {
      throw new Failure(403, "IncompleteSignatureException", "Authorization header is not in SigV4 form");
    }
    if (!m.group(4).equals("bedrock-agentcore")) {
      throw new Failure(403, "InvalidSignatureException", "Credential should be scoped to correct service: 'bedrock-agentcore'.");
    }
    String date = headers.get("X-Amz-Date");
    Matcher d = date == null ? null : AMZ_DATE.matcher(date);
    if (d == null || !d.matches() || !d.group(1).equals(m.group(2)) || !m.group(5).contains("x-amz-date")) {
      throw new Failure(403, "IncompleteSignatureException", "X-Amz-Date is missing, unsigned or does not match the scope");
    }
  }

  /** Recomputes the SigV4 signature; throws AgentCore's answer if it does not match. */
  private void checkSignature(RecordedRequest request) {
    SigV4Verifier.Verdict verdict = signatures.verify(request);
    if (!verdict.ok()) {
      String type = "SignatureDoesNotMatch".equals(verdict.code()) ? "InvalidSignatureException" : verdict.code();
      throw new Failure(verdict.status(), type, verdict.message());
    }
  }

  // ------------------------------------------------------------------ memory

  private Map<String, Object> createEvent(String memoryId, Map<String, Object> in) {
    String actorId = checkActor((String) in.get("actorId"));
    String sessionId = checkSession((String) in.get("sessionId"));
    Object ts = in.get("eventTimestamp");
    if (!(ts instanceof Number)) {
      throw new Failure(400, "ValidationException", "eventTimestamp is required (epoch seconds)");
    }
    Object payload = in.get("payload");
    if (!(payload instanceof List<?> items) || items.size() > 100) {
      throw new Failure(400, "ValidationException", "payload must be a list of at most 100 items");
    }
    for (Object item : items) {
      if (!(item instanceof Map<?, ?> p) || p.size() != 1
          || !(p.containsKey("conversational") || p.containsKey("blob"))) {
        throw new Failure(400, "ValidationException", "a payload item is exactly one of conversational or blob");
      }
    }
    List<Map<String, Object>> events = sessionEvents(memoryId, actorId, sessionId, true);
    String token = (String) in.get("clientToken");
    if (token != null && tokens.containsKey(memoryId + "\u0000" + token)) {
      return Map.of("event", tokens.get(memoryId + "\u0000" + token));
    }
    long millis = Math.round(((Number) ts).doubleValue() * 1000);
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("memoryId", memoryId);
    event.put("actorId", actorId);
    event.put("sessionId", sessionId);
    event.put("eventId", millis + "#" + String.format("%016x", ++eventCounter));
    event.put("eventTimestamp", millis / 1000.0);
    event.put("payload", payload);
    if (in.get("branch") != null) {
      event.put("branch", in.get("branch"));
    }
    events.add(event);
    if (token != null) {
      tokens.put(memoryId + "\u0000" + token, event);
    }
    return Map.of("event", event);
  }

  private Map<String, Object> listEvents(String memoryId, String actorId, String sessionId, Map<String, Object> in) {
    checkActor(actorId);
    checkSession(sessionId);
    List<Map<String, Object>> events = sessionEvents(memoryId, actorId, sessionId, false);
    List<Map<String, Object>> newestFirst = new ArrayList<>(events == null ? List.of() : events);
    java.util.Collections.reverse(newestFirst);
    boolean payloads = !Boolean.FALSE.equals(in.get("includePayloads"));
    List<Object> page = new ArrayList<>();
    String next = page(newestFirst, in, page);
    List<Object> out = new ArrayList<>();
    for (Object o : page) {
      @SuppressWarnings("unchecked")
      Map<String, Object> e = new LinkedHashMap<>((Map<String, Object>) o);
      if (!payloads) {
        e.put("payload", List.of());
      }
      out.add(e);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("events", out);
    if (next != null) {
      result.put("nextToken", next);
    }
    return result;
  }

  private Map<String, Object> listSessions(String memoryId, String actorId, Map<String, Object> in) {
    checkActor(actorId);
    Map<String, List<Map<String, Object>>> sessions = memory(memoryId).getOrDefault(actorId, Map.of());
    List<Map<String, Object>> summaries = new ArrayList<>();
    sessions.forEach((id, events) -> {
      if (!events.isEmpty()) {
        summaries.add(Map.of("sessionId", id, "actorId", actorId, "createdAt", events.get(0).get("eventTimestamp")));
      }
    });
    List<Object> page = new ArrayList<>();
    String next = page(summaries, in, page);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("sessionSummaries", page);
    if (next != null) {
      result.put("nextToken", next);
    }
    return result;
  }

  private Map<String, Object> deleteEvent(String memoryId, String actorId, String sessionId, String eventId) {
    List<Map<String, Object>> events = sessionEvents(memoryId, actorId, sessionId, false);
    if (events == null || !events.removeIf(e -> eventId.equals(e.get("eventId")))) {
      throw new Failure(404, "ResourceNotFoundException", "Event not found");
    }
    return Map.of("eventId", eventId);
  }

  /** Fills {@code out} with one page of {@code all}; returns the next token, or null after the last page. */
  private String page(List<? extends Object> all, Map<String, Object> in, List<Object> out) {
    int max = in.get("maxResults") == null ? 20 : ((Number) in.get("maxResults")).intValue();
    if (max < 1 || max > 100) {
      throw new Failure(400, "ValidationException", "maxResults must be between 1 and 100");
    }
    max = Math.min(max, pageSize);
    int from = 0;
    if (in.get("nextToken") != null) {
      try {
        from = Integer.parseInt(((String) in.get("nextToken")).substring(2));
      } catch (RuntimeException e) {
        throw new Failure(400, "ValidationException", "Invalid nextToken");
      }
    }
    int to = Math.min(all.size(), from + max);
    out.addAll(all.subList(Math.min(from, all.size()), to));
    return to < all.size() ? "nt" + to : null;
  }

  private Map<String, Map<String, List<Map<String, Object>>>> memory(String memoryId) {
    Map<String, Map<String, List<Map<String, Object>>>> m = memories.get(memoryId);
    if (m == null) {
      throw new Failure(404, "ResourceNotFoundException", "Memory not found: " + memoryId);
    }
    return m;
  }

  private List<Map<String, Object>> sessionEvents(String memoryId, String actorId, String sessionId, boolean create) {
    Map<String, Map<String, List<Map<String, Object>>>> m = memory(memoryId);
    if (create) {
      return m.computeIfAbsent(actorId, k -> new LinkedHashMap<>()).computeIfAbsent(sessionId, k -> new ArrayList<>());
    }
    Map<String, List<Map<String, Object>>> actor = m.get(actorId);
    return actor == null ? null : actor.get(sessionId);
  }

  private static String checkActor(String actorId) {
    if (actorId == null || actorId.length() > 255 || !ACTOR_ID.matcher(actorId).matches()) {
      throw new Failure(400, "ValidationException", "actorId must match [a-zA-Z0-9][a-zA-Z0-9-_/]* (1 to 255)");
    }
    return actorId;
  }

  private static String checkSession(String sessionId) {
    if (sessionId == null || sessionId.length() > 100 || !SESSION_ID.matcher(sessionId).matches()) {
      throw new Failure(400, "ValidationException", "sessionId must match [a-zA-Z0-9][a-zA-Z0-9-_]* (1 to 100)");
    }
    return sessionId;
  }

  // ------------------------------------------------------------------ runtime

  private MockResponse invoke(RecordedRequest request, String arn, String body) {
    if (!arn.startsWith("arn:aws:bedrock-agentcore:") || !arn.contains(":runtime/")) {
      throw new Failure(400, "ValidationException", "agentRuntimeArn is not an AgentCore runtime ARN");
    }
    String session = request.getHeaders().get(SESSION_HEADER);
    if (session == null || session.length() < 33 || session.length() > 256) {
      throw new Failure(400, "ValidationException", "runtimeSessionId must be 33 to 256 characters");
    }
    Object[] scripted = runtimeScript.poll();
    if (scripted != null && scripted[0] instanceof MockResponse raw) {
      return raw.newBuilder().setHeader(SESSION_HEADER, session)
          .setHeader("x-amzn-RequestId", UUID.randomUUID().toString()).build();
    }
    if (scripted != null) {
      return new MockResponse.Builder().code((Integer) scripted[0])
          .setHeader("Content-Type", (String) scripted[1])
          .setHeader(SESSION_HEADER, session)
          .setHeader("x-amzn-RequestId", UUID.randomUUID().toString())
          .body((String) scripted[2]).build();
    }
    String prompt;
    try {
      Object payload = json.fromJson(body);
      prompt = payload instanceof Map<?, ?> p && p.get("prompt") instanceof String s ? s : null;
    } catch (IOException | RuntimeException e) {
      prompt = null;
    }
    if (prompt == null) {
      throw new Failure(400, "ValidationException", "the emulated agent expects a JSON payload with a \"prompt\"");
    }
    List<String> earlier;
    synchronized (lock) {
      List<String> prompts = runtimeSessions.computeIfAbsent(session, k -> new ArrayList<>());
      earlier = List.copyOf(prompts);
      prompts.add(prompt);
    }
    String text = "turn " + (earlier.size() + 1) + ": " + prompt + (earlier.isEmpty() ? "" : " (after " + String.join(" / ", earlier) + ")");
    String accept = request.getHeaders().get("Accept");
    MockResponse.Builder b = new MockResponse.Builder().code(200)
        .setHeader(SESSION_HEADER, session)
        .setHeader("x-amzn-RequestId", UUID.randomUUID().toString());
    if (accept != null && accept.contains("text/event-stream")) {
      Buffer sse = new Buffer();
      for (String word : text.split("(?<= )")) {
        sse.writeUtf8("data: ").writeUtf8(json.toJson(word)).writeUtf8("\n\n");
      }
      return b.setHeader("Content-Type", "text/event-stream").body(sse).build();
    }
    // Ordered maps: Map.of iterates in a per-JVM random order, and the answer's bytes must not vary.
    Map<String, Object> result = new java.util.LinkedHashMap<>();
    result.put("role", "assistant");
    result.put("content", List.of(Map.of("text", text)));
    Map<String, Object> answer = Map.of("result", result);
    return b.setHeader("Content-Type", "application/json").body(json.toJson(answer)).build();
  }

  // ------------------------------------------------------------------ answers

  private MockResponse ok(int status, Map<String, Object> body) {
    return new MockResponse.Builder().code(status)
        .setHeader("Content-Type", "application/json")
        .setHeader("x-amzn-RequestId", UUID.randomUUID().toString())
        .body(json.toJson(body)).build();
  }

  private MockResponse error(Failure f) {
    return new MockResponse.Builder().code(f.status)
        .setHeader("Content-Type", "application/json")
        .setHeader("x-amzn-RequestId", UUID.randomUUID().toString())
        .setHeader("x-amzn-ErrorType", f.type)
        .body(json.toJson(Map.of("message", f.getMessage()))).build();
  }
}
