/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.internal;

import dev.stateline.Cancellation;
import dev.stateline.Timeouts;
import dev.stateline.error.CallTimeoutException;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.InvalidRequestException;
import dev.stateline.error.ProtocolException;
import dev.stateline.error.ProviderUnavailableException;
import dev.stateline.error.StatelineException;
import dev.stateline.error.StoredResponseNotFoundException;
import dev.stateline.openai.internal.LimitedSource;
import dev.stateline.openai.internal.SharedHttpClient;
import dev.stateline.openai.wire.ErrorMapper;
import dev.stateline.openai.wire.RequestAuth;
import dev.stateline.openai.wire.SseEvent;
import dev.stateline.openai.wire.SseReader;
import dev.stateline.spi.ModelCall;
import dev.stateline.spi.ResponseTooLargeException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import okio.ByteString;
import okio.Okio;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of Bedrock Managed Agents: signed requests to {@code {root}/openai/v1/agents/sessions},
 * their answers read within a size limit, and their errors mapped to Stateline's types by
 * {@code stateline-openai}'s {@link ErrorMapper} (the OpenAI error envelope), with what a 404 means
 * here: a session-scoped 404 is a {@link StoredResponseNotFoundException} naming the agent session
 * (deleted, in another Region or account, or the preview not enabled); any other 404 an
 * {@link InvalidRequestException} that says to check the Region, the endpoint and preview access.
 *
 * <p>Every request is authenticated afresh ({@link RequestAuth}: SigV4 over the exact method, URL
 * and body, or a Bedrock API key), sent once (OkHttp's silent retries and redirects are off), bound
 * by its budget's connect and read timeouts and deadline, and cancelled by its budget's
 * {@link Cancellation}. Not API; thread-safe; {@code toString()} holds no secret.
 */
public final class ManagedAgentHttp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("dev.stateline.aws.agents");
  private static final MediaType JSON = MediaType.get("application/json");
  private static final String USER_AGENT = "stateline-java/0.1";
  private static final int MAX_CACHED_CLIENTS = 16;

  /** The operations of the session API, for errors and logs. */
  public enum Op {
    CREATE_SESSION("create an agent session"),
    GET_SESSION("read the agent session"),
    LIST_ITEMS("list the agent session's items"),
    DELETE_SESSION("delete the agent session"),
    POST_EVENTS("submit to the agent session"),
    STREAM_EVENTS("open the agent session's event stream");

    private final String what;

    Op(String what) {
      this.what = what;
    }

    /** What the operation does, for messages. */
    public String what() {
      return what;
    }
  }

  /**
   * What one request may take: its connect and read timeouts, a deadline on the {@link System#nanoTime()}
   * scale, and the cancellation that stops it.
   *
   * @param call the call the request serves, or null for a request outside a call (history, delete)
   */
  public record Budget(Timeouts timeouts, long deadlineNanos, Cancellation cancellation, ModelCall call) {

    /** The budget of a call's attempt. */
    public static Budget of(ModelCall call) {
      return new Budget(call.timeouts(), call.deadlineNanos(), call.cancellation(), call);
    }

    /** A budget of {@code timeouts}, its total starting now. */
    public static Budget of(Timeouts timeouts, Cancellation cancellation) {
      long total = timeouts.total().toNanos();
      return new Budget(timeouts, System.nanoTime() + total, cancellation, null);
    }

    /** Nanoseconds left before the deadline; zero or negative once it passed. */
    public long remainingNanos() {
      return deadlineNanos - System.nanoTime();
    }

    /** A budget of at most {@code max} from now, with a fresh cancellation (for a best-effort clean-up). */
    public Budget cleanup(Duration max) {
      long end = System.nanoTime() + max.toNanos();
      return new Budget(timeouts, Math.max(end, System.nanoTime() + 1), new Cancellation(), call);
    }
  }

  /**
   * The answer to a submission.
   *
   * @param requestId the provider's request id, or null
   * @param ambiguous null if the service acknowledged the events; otherwise the failure after which
   *     it is not known whether they arrived (a broken connection, a timeout, a 5xx)
   */
  public record Posted(String requestId, StatelineException ambiguous) {
    public boolean acknowledged() {
      return ambiguous == null;
    }
  }

  private final HttpUrl sessions;
  private final OkHttpClient client;
  private final boolean sharedClient;
  private final RequestAuth auth;
  private final ErrorMapper errors;
  private final String region;
  private final long maxBytes;
  private final ConcurrentHashMap<Long, OkHttpClient> derived = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param root the endpoint's root, such as {@code https://bedrock-mantle.us-east-1.api.aws/}; its
   *     own path is kept in front of {@code /openai/v1}
   * @param client the OkHttp client to derive per-call clients from, or null for the shared one
   * @param region the Region, for messages
   * @param maxBytes the largest JSON answer, and the most one event stream may carry
   */
  public ManagedAgentHttp(HttpUrl root, OkHttpClient client, RequestAuth auth, String region, long maxBytes) {
    String path = root.encodedPath();
    String rootPath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    this.sessions = root.newBuilder().encodedPath(rootPath + "/openai/v1/agents/sessions").build();
    this.sharedClient = client == null;
    this.client = client != null ? client : SharedHttpClient.acquire();
    this.auth = auth;
    this.errors = new ErrorMapper(ManagedAgentModel.PROVIDER, auth::redact);
    this.region = region;
    this.maxBytes = maxBytes;
  }

  /** {@code .../sessions}, or {@code .../sessions/{id}/{sub}} ({@code sub} may be null). */
  HttpUrl url(String sessionId, String sub) {
    if (sessionId == null) {
      return sessions;
    }
    HttpUrl.Builder b = sessions.newBuilder().addPathSegment(sessionId);
    if (sub != null) {
      b.addPathSegment(sub);
    }
    return b.build();
  }

  /** Removes credential secrets and key-like strings from provider text. */
  String redact(String text) {
    return errors.redact(text);
  }

  /** The Region, for messages. */
  String region() {
    return region;
  }

  // ---------------------------------------------------------------- operations

  /** Creates a session; returns the session resource. */
  Map<String, Object> createSession(byte[] body, Budget budget) {
    return json(Op.CREATE_SESSION, "POST", url(null, null), body, budget, null);
  }

  /** Reads a session. */
  Map<String, Object> getSession(String sessionId, Budget budget) {
    return json(Op.GET_SESSION, "GET", url(sessionId, null), null, budget, sessionId);
  }

  /** Deletes a session; returns the acknowledgement. */
  Map<String, Object> deleteSession(String sessionId, Budget budget) {
    return json(Op.DELETE_SESSION, "DELETE", url(sessionId, null), null, budget, sessionId);
  }

  /**
   * One page of a session's items.
   *
   * @param order {@code asc} or {@code desc}
   * @param limit 1 to 100
   * @param after the cursor (the previous page's {@code last_id}), or null
   */
  Map<String, Object> listItems(String sessionId, String order, int limit, String after, Budget budget) {
    HttpUrl.Builder u = url(sessionId, "items").newBuilder()
        .addQueryParameter("limit", Integer.toString(limit)).addQueryParameter("order", order);
    if (after != null) {
      u.addQueryParameter("after", after);
    }
    return json(Op.LIST_ITEMS, "GET", u.build(), null, budget, sessionId);
  }

  /**
   * Submits events. A refusal the service answered (4xx) is thrown; an acknowledgement or a failure
   * that leaves it unknown whether the events arrived is returned. A connection that was never made
   * is thrown too: nothing was sent.
   */
  Posted postEvents(String sessionId, byte[] body, Budget budget) {
    Exchange exchange;
    try {
      exchange = exchange(Op.POST_EVENTS, "POST", url(sessionId, "events"), body, "application/json", budget);
    } catch (IOException e) {
      boolean cancelled = budget.cancellation().isCancelled();
      StatelineException mapped = errors.fromIo(e, budget.call(), cancelled, null);
      if (!cancelled && neverConnected(e)) {
        throw mapped;
      }
      LOG.atInfo().addKeyValue("session", sessionId).addKeyValue("error", e.getClass().getSimpleName())
          .log("the answer to a submission was lost; its fate is checked before anything else");
      return new Posted(null, mapped);
    }
    exchange.registration().close();
    try (Response response = exchange.response()) {
      String requestId = requestId(response);
      if (response.isSuccessful()) {
        return new Posted(requestId, null);
      }
      String text = errorBody(response);
      StatelineException mapped = map(Op.POST_EVENTS, response.code(), response.headers(), requestId, text, sessionId);
      if (response.code() >= 500) {
        return new Posted(requestId, mapped);
      }
      throw mapped;
    }
  }

  /** Opens the session's event stream ({@code GET .../events?stream=true}); returns once its headers arrived. */
  EventStream openEvents(String sessionId, Budget budget) {
    HttpUrl u = url(sessionId, "events").newBuilder().addQueryParameter("stream", "true").build();
    Exchange exchange;
    try {
      exchange = exchange(Op.STREAM_EVENTS, "GET", u, null, "text/event-stream", budget);
    } catch (IOException e) {
      throw errors.fromIo(e, budget.call(), budget.cancellation().isCancelled(), null);
    }
    Response response = exchange.response();
    Cancellation.Registration registration = exchange.registration();
    String requestId = requestId(response);
    if (!response.isSuccessful()) {
      try (response) {
        registration.close();
        throw map(Op.STREAM_EVENTS, response.code(), response.headers(), requestId, errorBody(response), sessionId);
      }
    }
    MediaType type = response.body().contentType();
    if (type != null && !("text".equals(type.type()) && "event-stream".equals(type.subtype()))) {
      try (response) {
        registration.close();
        throw errors.protocol("expected text/event-stream from the agent session's events but got " + type.type() + "/"
            + type.subtype(), response.code(), requestId, true, null, null);
      }
    }
    BufferedSource source = Okio.buffer(new LimitedSource(response.body().source(), maxBytes));
    return new EventStream(exchange.call(), response, new SseReader(source), registration, requestId);
  }

  /** An open event stream. Single reader; {@link #close()} from any thread. */
  public static final class EventStream implements AutoCloseable {
    private final Call call;
    private final Response response;
    private final SseReader reader;
    private final Cancellation.Registration registration;
    private final String requestId;
    private final AtomicBoolean closed = new AtomicBoolean();

    EventStream(Call call, Response response, SseReader reader, Cancellation.Registration registration,
        String requestId) {
      this.call = call;
      this.response = response;
      this.reader = reader;
      this.registration = registration;
      this.requestId = requestId;
    }

    /**
     * The next event's JSON object; events whose data is not a JSON object (a {@code [DONE]}, a
     * keep-alive) are skipped.
     *
     * @return the event, or null at the end of the stream
     * @throws IOException if reading fails (a broken connection, a read timeout, too many bytes)
     */
    Map<String, Object> next() throws IOException {
      SseEvent e;
      while ((e = reader.next()) != null) {
        Map<String, Object> json = ManagedAgentJson.object(e.data());
        if (json != null) {
          return json;
        }
      }
      return null;
    }

    String requestId() {
      return requestId;
    }

    @Override
    public void close() {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      call.cancel();
      registration.close();
      try {
        response.close();
      } catch (RuntimeException ignored) {
        // closing a cancelled stream may fail; the connection is released either way
      }
    }
  }

  // ---------------------------------------------------------------- plumbing

  /** One request sent and its response's headers read; its cancellation hook stays registered. */
  private record Exchange(Call call, Response response, Cancellation.Registration registration) {}

  private Exchange exchange(Op op, String method, HttpUrl url, byte[] body, String accept, Budget budget)
      throws IOException {
    Call http = newCall(op, method, url, body, accept, budget);
    Cancellation.Registration registration = budget.cancellation().onCancel(http::cancel);
    try {
      return new Exchange(http, http.execute(), registration);
    } catch (IOException e) {
      registration.close();
      throw e;
    }
  }

  private Map<String, Object> json(Op op, String method, HttpUrl url, byte[] body, Budget budget, String sessionId) {
    Exchange exchange;
    try {
      exchange = exchange(op, method, url, body, "application/json", budget);
    } catch (IOException e) {
      throw errors.fromIo(e, budget.call(), budget.cancellation().isCancelled(), null);
    }
    Cancellation.Registration registration = exchange.registration();
    try (Response response = exchange.response()) {
      String requestId = requestId(response);
      if (!response.isSuccessful()) {
        throw map(op, response.code(), response.headers(), requestId, errorBody(response), sessionId);
      }
      String text;
      try {
        text = read(response.body().source(), maxBytes);
      } catch (ResponseTooLargeException e) {
        throw errors.protocol("the answer to " + op.what() + " is larger than the limit of " + maxBytes + " bytes",
            response.code(), requestId, false, null, e);
      } catch (IOException e) {
        throw errors.fromIo(e, budget.call(), budget.cancellation().isCancelled(), requestId);
      }
      if (text.isBlank()) {
        return new LinkedHashMap<>();
      }
      Map<String, Object> json = ManagedAgentJson.object(text);
      if (json == null) {
        throw errors.protocol("the answer to " + op.what() + " is not a JSON object", response.code(), requestId,
            false, null, null);
      }
      return json;
    } finally {
      registration.close();
    }
  }

  private Call newCall(Op op, String method, HttpUrl url, byte[] body, String accept, Budget budget) {
    if (closed.get()) {
      throw new StatelineException(ManagedAgentModel.PROVIDER + ": the target is closed",
          ErrorInfo.of(ManagedAgentModel.PROVIDER), false, null);
    }
    budget.cancellation().throwIfCancelled();
    long remaining = budget.remainingNanos();
    if (remaining <= 0) {
      throw new CallTimeoutException(ManagedAgentModel.PROVIDER + ": the time budget ran out before Stateline could "
          + op.what() + " (total timeout " + budget.timeouts().total() + ")", ErrorInfo.of(ManagedAgentModel.PROVIDER),
          CallTimeoutException.Kind.TOTAL, null);
    }
    byte[] bytes = body == null ? new byte[0] : body;
    Request.Builder b = new Request.Builder().url(url)
        .header("Accept", accept)
        .header("User-Agent", USER_AGENT);
    if (body != null) {
      b.method(method, RequestBody.create(bytes, JSON));
    } else {
      b.method(method, null);
    }
    auth.apply(b, budget.call(), method, url, ByteString.of(bytes));
    Call http = clientFor(budget.timeouts()).newCall(b.build());
    http.timeout().timeout(remaining, TimeUnit.NANOSECONDS);
    return http;
  }

  /** The provider error for a non-2xx answer, with what a 404 and a 409 mean here. */
  StatelineException map(Op op, int status, Headers headers, String requestId, String body, String sessionId) {
    StatelineException e = errors.fromHttp(status, headers, requestId, body);
    if (status == 404 && sessionId != null) {
      return new StoredResponseNotFoundException(ManagedAgentModel.PROVIDER + ": the agent session '" + sessionId
          + "' was not found in " + region + " (deleted, kept in another Region or account, or the Bedrock Managed"
          + " Agents preview is not enabled for the account) [" + e.getMessage() + "]", e.info(), sessionId, e);
    }
    if (status == 404) {
      return new InvalidRequestException(ManagedAgentModel.PROVIDER + ": Bedrock Managed Agents answered 404 to "
          + op.what() + " in " + region + ": check the Region (the preview runs in us-east-1, us-west-2 and"
          + " us-east-2), the endpoint, and that the preview is enabled for the account [" + e.getMessage() + "]",
          e.info(), null, e);
    }
    if (status == 409) {
      return new ProviderUnavailableException(ManagedAgentModel.PROVIDER + ": a conflicting operation on the agent"
          + " session (HTTP 409); its state is read again before any retry [" + e.getMessage() + "]", e.info(),
          e.retryAfter().orElse(null), e);
    }
    if (op == Op.CREATE_SESSION && e instanceof InvalidRequestException invalid) {
      return new InvalidRequestException(e.getMessage() + "; check agent.model (a Bedrock Managed Agents model in "
          + region + "), the environment, and that role_arn is a role in the calling account that the caller may"
          + " pass (iam:PassRole to bedrock-mantle.amazonaws.com)", e.info(), invalid.param(), e);
    }
    return e;
  }

  private static boolean neverConnected(IOException e) {
    return e instanceof ConnectException || e instanceof UnknownHostException || e instanceof NoRouteToHostException;
  }

  private static String requestId(Response response) {
    String id = response.header("x-amzn-RequestId");
    if (id == null || id.isBlank()) {
      id = response.header("x-request-id");
    }
    return id == null || id.isBlank() ? null : id;
  }

  /** The body of an error answer, at most 64 KiB of it; empty if it cannot be read. */
  private static String errorBody(Response response) {
    try {
      return read(response.body().source(), 64 * 1024);
    } catch (ResponseTooLargeException e) {
      return "";
    } catch (IOException e) {
      return "";
    }
  }

  private static String read(BufferedSource source, long limit) throws IOException {
    BufferedSource limited = Okio.buffer(new LimitedSource(source, limit));
    return limited.readString(StandardCharsets.UTF_8);
  }

  private OkHttpClient clientFor(Timeouts timeouts) {
    long key = timeouts.connect().toMillis() * 1_000_003L + timeouts.read().toMillis();
    OkHttpClient c = derived.get(key);
    if (c != null) {
      return c;
    }
    c = client.newBuilder()
        .connectTimeout(timeouts.connect())
        .readTimeout(timeouts.read())
        .writeTimeout(timeouts.read())
        // One request per attempt: never a silent resend of a submission; and a signed request is
        // not followed elsewhere.
        .retryOnConnectionFailure(false)
        .followRedirects(false)
        .followSslRedirects(false)
        .build();
    if (derived.size() < MAX_CACHED_CLIENTS) {
      OkHttpClient raced = derived.putIfAbsent(key, c);
      return raced != null ? raced : c;
    }
    return c;
  }

  /** True if the model behind this is closed. */
  boolean isClosed() {
    return closed.get();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && sharedClient) {
      SharedHttpClient.release(client);
    }
  }

  @Override
  public String toString() {
    return "ManagedAgentHttp[" + sessions.host() + ", " + region + ", " + auth + "]";
  }

  /** Lower-cases for comparisons of wire values. */
  static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  /** A protocol error of this provider (a malformed answer). */
  ProtocolException protocol(String what, String requestId, boolean retryable, Throwable cause) {
    return errors.protocol(what, 200, requestId, retryable, null, cause);
  }
}
