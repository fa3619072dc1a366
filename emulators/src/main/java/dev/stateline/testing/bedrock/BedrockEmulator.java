/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.bedrock;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import dev.stateline.testing.Conditions;
import dev.stateline.testing.aws.SigV4Verifier;
import dev.stateline.testing.internal.NoDelayServerSockets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.Headers;
import okio.Buffer;

/**
 * An in-process Amazon Bedrock runtime for tests: a {@link MockWebServer} that speaks Bedrock's
 * real wire protocol, so that the AWS SDK's own clients can be pointed at it with
 * {@code endpointOverride(emulator.endpoint())}.
 *
 * <ul>
 *   <li>{@code POST /model/{modelId}/converse}: a JSON request, a JSON response
 *       ({@code output.message.content}, {@code stopReason}, {@code usage}, {@code metrics});
 *   <li>{@code POST /model/{modelId}/converse-stream}: a JSON request, a response of
 *       {@code application/vnd.amazon.eventstream} frames (binary AWS event-stream framing with CRCs,
 *       headers {@code :event-type}, {@code :content-type}, {@code :message-type}), in chunked
 *       transfer encoding: {@code messageStart}, {@code contentBlockStart} (tool uses),
 *       {@code contentBlockDelta}, {@code contentBlockStop}, {@code messageStop}, {@code metadata};
 *       each event payload carries a {@code p} padding member as Bedrock's do;
 *   <li>{@code POST /model/{modelId}/invoke} for the embedding models (Amazon Titan Text Embeddings V2
 *       and G1, Cohere Embed v3), with their documented bodies and checks ({@code BedrockEmbeddingsWire});
 *   <li>errors as Bedrock sends them: the HTTP status, {@code x-amzn-ErrorType}, a JSON body
 *       {@code {"message": ...}}; in a stream, an exception frame ({@code :message-type exception},
 *       {@code :exception-type throttlingException}, ...);
 *   <li>every response has an {@code x-amzn-RequestId}.
 * </ul>
 *
 * <p>Every request must carry a well-formed SigV4 {@code Authorization} header (algorithm
 * {@code AWS4-HMAC-SHA256}, credential scope {@code AKID/yyyyMMdd/region/bedrock/aws4_request},
 * signed headers including {@code host} and {@code x-amz-date}, a 64 hex digit signature) and an
 * {@code X-Amz-Date} matching the scope's date; otherwise it gets HTTP 403
 * ({@code MissingAuthenticationTokenException} or {@code IncompleteSignatureException}). The
 * signature is then <b>recomputed</b> ({@link SigV4Verifier}, signing name {@code bedrock}) from the
 * credentials the emulator was told about with {@link #acceptCredentials(String, String)}, over the
 * request as received, body hash ({@code x-amz-content-sha256}) and session token included: a
 * request signed with an unknown access key or a wrong session token gets 403
 * {@code UnrecognizedClientException}, one whose signature differs (wrong secret, body changed
 * after signing) 403 {@code InvalidSignatureException} "The request signature we calculated does not
 * match the signature you provided...", a signing time more than 15 minutes off 403
 * {@code InvalidSignatureException} "Signature expired", as Bedrock answers. An emulator told about no
 * credentials refuses every request. With {@link #requireAccessKeyId(String)} another access key id
 * gets 403 {@code UnrecognizedClientException}.
 *
 * <p>With {@link #requireRegion(String)} the emulator stands for one AWS region: a request signed
 * for another region gets HTTP 403 {@code InvalidSignatureException}, as a regional endpoint
 * answers.
 *
 * <p>Answers come from the {@link #enqueue(BedrockReply) script} in order; when it is empty, the
 * emulator answers deterministically: {@code "Echo: "} and the last user text, usage counted in
 * words, unless its {@link #conditions(Conditions) conditions} inject a fault (429
 * {@code ThrottlingException}, 5xx, a ConverseStream cut mid-frame after some text); their latency
 * applies to every routed response. Every request is recorded ({@link #takeRequest()},
 * {@link #requests()}).
 *
 * <p>Thread-safe. Close it after the test (it is {@link AutoCloseable}).
 */
public final class BedrockEmulator implements AutoCloseable {
  private static final Pattern AUTHORIZATION = Pattern.compile(
      "AWS4-HMAC-SHA256 Credential=([A-Za-z0-9]{1,128})/(\\d{8})/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request,"
          + " ?SignedHeaders=([a-z0-9-]+(?:;[a-z0-9-]+)*), ?Signature=([0-9a-f]{64})");
  private static final Pattern AMZ_DATE = Pattern.compile("(\\d{8})T\\d{6}Z");
  private static final String ERROR_TYPE_SUFFIX = ":http://internal.amazon.com/coral/com.amazon.bedrock/";
  /** Authentication errors come from the service framework, not Bedrock's model. */
  private static final String CORAL_SERVICE_SUFFIX = ":http://internal.amazon.com/coral/com.amazon.coral.service/";
  private static final Duration ENDLESS_CAP = Duration.ofSeconds(30);

  private final MockWebServer server = new MockWebServer();
  private final AtomicInteger connections = new AtomicInteger();
  private final Moshi moshi = new Moshi.Builder().build();
  private final ConcurrentLinkedQueue<BedrockReply> script = new ConcurrentLinkedQueue<>();
  private final CopyOnWriteArrayList<BedrockRecordedRequest> recorded = new CopyOnWriteArrayList<>();
  private final LinkedBlockingQueue<BedrockRecordedRequest> untaken = new LinkedBlockingQueue<>();
  private final Object abandonLock = new Object();
  private int abandonedStreams; // guarded by abandonLock
  private volatile String requiredAccessKeyId;
  private volatile String requiredRegion;
  private final SigV4Verifier signatures = SigV4Verifier.builder("bedrock").build();
  private volatile Conditions conditions = Conditions.none();
  private final AtomicLong routed = new AtomicLong();
  private volatile boolean closed;

  private BedrockEmulator() {
    server.setServerSocketFactory(NoDelayServerSockets.FACTORY);
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        connections.accumulateAndGet(request.getConnectionIndex() + 1, Math::max);
        return handle(request);
      }
    });
  }

  /**
   * Starts an emulator on a free loopback port.
   *
   * @throws UncheckedIOException if the server cannot start
   */
  public static BedrockEmulator start() {
    BedrockEmulator e = new BedrockEmulator();
    try {
      e.server.start();
    } catch (IOException ex) {
      throw new UncheckedIOException("could not start the Bedrock emulator", ex);
    }
    return e;
  }

  /** The base URI to give the SDK as {@code endpointOverride}, such as {@code http://127.0.0.1:50123}. */
  public URI endpoint() {
    return URI.create("http://" + server.getHostName() + ":" + server.getPort());
  }

  /**
   * Accepts requests SigV4-signed with this long-term key from now on: their signatures are
   * recomputed from {@code secretAccessKey}.
   */
  public BedrockEmulator acceptCredentials(String accessKeyId, String secretAccessKey) {
    signatures.accept(Objects.requireNonNull(accessKeyId, "accessKeyId"),
        Objects.requireNonNull(secretAccessKey, "secretAccessKey"));
    return this;
  }

  /** Accepts requests signed with these temporary credentials (they must carry this session token). */
  public BedrockEmulator acceptCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {
    signatures.accept(Objects.requireNonNull(accessKeyId, "accessKeyId"),
        Objects.requireNonNull(secretAccessKey, "secretAccessKey"), sessionToken);
    return this;
  }

  /** Refuses requests signed with this access key from now on (HTTP 403 UnrecognizedClientException). */
  public BedrockEmulator revokeCredentials(String accessKeyId) {
    signatures.revoke(accessKeyId);
    return this;
  }

  /** Refuses requests signed with any other access key id (HTTP 403 UnrecognizedClientException). */
  public BedrockEmulator requireAccessKeyId(String accessKeyId) {
    this.requiredAccessKeyId = accessKeyId;
    return this;
  }

  /**
   * Makes the emulator stand for the AWS region {@code awsRegion} (such as {@code eu-central-1}):
   * requests whose SigV4 credential scope names another region get HTTP 403
   * {@code InvalidSignatureException}.
   */
  public BedrockEmulator requireRegion(String awsRegion) {
    if (awsRegion == null || awsRegion.isBlank()) {
      throw new IllegalArgumentException("awsRegion must be non-blank, such as eu-central-1");
    }
    this.requiredRegion = awsRegion;
    return this;
  }

  /** The region set with {@link #requireRegion(String)}, or null if the emulator takes any. */
  public String region() {
    return requiredRegion;
  }

  /**
   * Serves from now on under {@code conditions}: latency on every routed response, and faults for
   * requests the script does not answer, rendered as Bedrock does (see {@link Conditions}).
   * {@link Conditions#none()} restores the default.
   */
  public BedrockEmulator conditions(Conditions conditions) {
    this.conditions = Objects.requireNonNull(conditions, "conditions");
    return this;
  }

  /** The conditions the emulator serves under. */
  public Conditions conditions() {
    return conditions;
  }

  /** Queues the answer to a coming request; answers are used in order, one per request. */
  public BedrockEmulator enqueue(BedrockReply reply) {
    script.add(reply);
    return this;
  }

  /** Every request received so far, in order. */
  public List<BedrockRecordedRequest> requests() {
    return List.copyOf(recorded);
  }

  /** How many requests arrived. */
  public int requestCount() {
    return recorded.size();
  }

  /**
   * How many connections have carried requests to this emulator so far: MockWebServer's index of
   * the newest such connection, plus one. With connection reuse this stays far below the number of
   * requests; the load tests assert it.
   */
  public int connectionCount() {
    return connections.get();
  }

  /**
   * The oldest request not yet taken, waiting up to 5 seconds for one.
   *
   * @throws AssertionError if none arrives
   */
  public BedrockRecordedRequest takeRequest() {
    try {
      BedrockRecordedRequest r = untaken.poll(5, TimeUnit.SECONDS);
      if (r == null) {
        throw new AssertionError("the Bedrock emulator received no request within 5 s");
      }
      return r;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for a request", e);
    }
  }

  /**
   * Waits until the client has abandoned an {@link BedrockReply.Builder#endless() endless} stream
   * (the connection failed under the emulator's writes).
   *
   * @return true if it happened within {@code timeout}
   */
  public boolean awaitStreamAbandoned(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (abandonLock) {
      while (abandonedStreams == 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(abandonLock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  /** How many endless streams the client abandoned. */
  public int abandonedStreams() {
    synchronized (abandonLock) {
      return abandonedStreams;
    }
  }

  void streamAbandoned() {
    synchronized (abandonLock) {
      abandonedStreams++;
      abandonLock.notifyAll();
    }
  }

  boolean isClosed() {
    return closed;
  }

  /** Stops the server. */
  @Override
  public void close() {
    closed = true;
    server.close();
  }

  @Override
  public String toString() {
    return "BedrockEmulator[" + endpoint() + ", " + recorded.size() + " request(s)]";
  }

  // ---------------------------------------------------------------------------------------------

  private MockResponse handle(RecordedRequest request) {
    List<String> segments = request.getUrl().pathSegments();
    String operation = null;
    String modelId = null;
    if (segments.size() == 3 && segments.get(0).equals("model")) {
      modelId = segments.get(1);
      if (segments.get(2).equals("converse")) {
        operation = "Converse";
      } else if (segments.get(2).equals("converse-stream")) {
        operation = "ConverseStream";
      } else if (segments.get(2).equals("invoke")) {
        operation = "InvokeModel";
      }
    }
    String body = request.getBody() == null ? "" : request.getBody().utf8();
    Object json = parseJson(body);
    Map<String, List<String>> headers = new LinkedHashMap<>(request.getHeaders().toMultimap());
    BedrockRecordedRequest.SigV4 sig = parseSigV4(request.getHeaders());
    BedrockRecordedRequest rec = new BedrockRecordedRequest(operation, modelId, request.getMethod(),
        request.getUrl().encodedPath(), headers, body, json, sig);
    recorded.add(rec);
    untaken.add(rec);

    String authProblem = authProblem(request.getHeaders(), sig);
    if (authProblem != null) {
      String type = request.getHeaders().get("Authorization") == null
          ? "MissingAuthenticationTokenException" : "IncompleteSignatureException";
      return errorResponse(403, type, authProblem, null, null);
    }
    String requiredKey = requiredAccessKeyId;
    if (requiredKey != null && !requiredKey.equals(sig.accessKeyId())) {
      return errorResponse(403, "UnrecognizedClientException",
          "The security token included in the request is invalid.", null, null);
    }
    String region = requiredRegion;
    if (region != null && !region.equals(sig.region())) {
      return errorResponse(403, "InvalidSignatureException",
          "Credential should be scoped to a valid region. ", null, null);
    }
    MockResponse refused = refuseSignature(request);
    if (refused != null) {
      return refused;
    }
    if (operation == null || !"POST".equals(request.getMethod())) {
      return errorResponse(404, "UnknownOperationException", "Unknown operation "
          + request.getMethod() + " " + request.getUrl().encodedPath(), null, null);
    }
    if (!(json instanceof Map)) {
      return errorResponse(400, "SerializationException", "The request body is not a JSON object", null, null);
    }
    BedrockReply reply = script.poll();
    Conditions now = conditions;
    Conditions.Effect effect = now.effectOn(routed.incrementAndGet(), operation.equals("ConverseStream"));
    if (reply == null) {
      reply = faultReply(now, effect.fault(), rec);
    }
    String requestId = reply.requestId() != null ? reply.requestId() : UUID.randomUUID().toString();
    MockResponse response;
    if (reply.isHttpError()) {
      response = errorResponse(reply.errorStatus(), reply.errorType(), reply.errorMessage(), reply.retryAfter(),
          requestId);
    } else if (operation.equals("InvokeModel")) {
      response = invokeModelResponse(modelId, (Map<?, ?>) json, requestId);
    } else if (operation.equals("Converse")) {
      response = converseResponse(reply, usage(rec, reply), requestId);
    } else {
      response = streamResponse(reply, usage(rec, reply), requestId);
    }
    Duration delay = reply.headersDelay().plus(effect.delay());
    if (!delay.isZero()) {
      response = response.newBuilder()
          .headersDelay(delay.toNanos(), TimeUnit.NANOSECONDS)
          .build();
    }
    return reply.wireFault().apply(response);
  }

  /** The answer when the script is empty: the conditions' fault as Bedrock sends it, or the echo. */
  private BedrockReply faultReply(Conditions now, Conditions.Fault fault, BedrockRecordedRequest rec) {
    switch (fault) {
      case RATE_LIMITED -> {
        BedrockReply.Builder b = BedrockReply.builder()
            .httpError(429, "ThrottlingException", "Too many requests, please wait before trying again.");
        long ms = now.retryAfter().toMillis();
        if (ms >= 1000) {
          b.retryAfter(Long.toString((ms + 999) / 1000));
        }
        return b.build();
      }
      case SERVER_ERROR -> {
        int status = now.serverErrorStatus();
        return status == 503
            ? BedrockReply.serviceUnavailable("Bedrock is unable to process your request.")
            : BedrockReply.error(status, "InternalServerException",
                "The request processing has failed because of an unknown error, exception or failure.");
      }
      case TRUNCATED_STREAM -> {
        // messageStart and the first text delta arrive; the next frame is cut in the middle.
        return BedrockReply.builder().text(defaultReply(rec).text()).truncateAfterEvents(2).build();
      }
      default -> {
        return defaultReply(rec);
      }
    }
  }

  /** Null if the SigV4 signature, recomputed, matches; else Bedrock's answer. */
  private MockResponse refuseSignature(RecordedRequest request) {
    SigV4Verifier.Verdict verdict = signatures.verify(request);
    if (verdict.ok()) {
      return null;
    }
    String type = "SignatureDoesNotMatch".equals(verdict.code()) ? "InvalidSignatureException" : verdict.code();
    return errorResponse(verdict.status(), type, verdict.message(), null, null);
  }

  private static String authProblem(Headers headers, BedrockRecordedRequest.SigV4 sig) {
    String auth = headers.get("Authorization");
    if (auth == null) {
      return "Missing Authentication Token";
    }
    if (sig == null) {
      return "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' in SigV4 form"
          + " (AWS4-HMAC-SHA256 Credential=AKID/date/region/bedrock/aws4_request, ...)";
    }
    if (!sig.service().equals("bedrock")) {
      return "Credential should be scoped to correct service: 'bedrock'";
    }
    if (!sig.signedHeaders().contains("host") || !sig.signedHeaders().contains("x-amz-date")) {
      return "SignedHeaders must include host and x-amz-date";
    }
    String date = headers.get("X-Amz-Date");
    if (date == null) {
      return "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header";
    }
    Matcher m = AMZ_DATE.matcher(date);
    if (!m.matches()) {
      return "X-Amz-Date must be in the ISO8601 basic format yyyyMMdd'T'HHmmss'Z'";
    }
    if (!m.group(1).equals(sig.date())) {
      return "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP";
    }
    return null;
  }

  private BedrockRecordedRequest.SigV4 parseSigV4(Headers headers) {
    String auth = headers.get("Authorization");
    if (auth == null) {
      return null;
    }
    Matcher m = AUTHORIZATION.matcher(auth.trim());
    if (!m.matches()) {
      return null;
    }
    return new BedrockRecordedRequest.SigV4(m.group(1), m.group(2), m.group(3), m.group(4),
        List.of(m.group(5).split(";")), m.group(6));
  }

  private MockResponse errorResponse(int status, String type, String message, String retryAfter, String requestId) {
    Buffer body = new Buffer();
    try (JsonWriter w = JsonWriter.of(body)) {
      w.beginObject().name("message").value(message).endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    MockResponse.Builder b = new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "application/json")
        .setHeader("x-amzn-RequestId", requestId != null ? requestId : UUID.randomUUID().toString())
        .setHeader("x-amzn-ErrorType", type + (type.endsWith("SignatureException") || type.startsWith("Unrecognized")
            || type.startsWith("MissingAuthentication") ? CORAL_SERVICE_SUFFIX : ERROR_TYPE_SUFFIX))
        .body(body);
    if (retryAfter != null) {
      b.setHeader("Retry-After", retryAfter);
    }
    return b.build();
  }

  /** An embedding model's answer to InvokeModel, or Bedrock's 400 ValidationException. */
  private MockResponse invokeModelResponse(String modelId, Map<?, ?> json, String requestId) {
    BedrockEmbeddingsWire.Answer a = BedrockEmbeddingsWire.answer(modelId, json);
    if (a.validationError() != null) {
      return errorResponse(400, "ValidationException", a.validationError(), null, requestId);
    }
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "application/json")
        .setHeader("x-amzn-RequestId", requestId)
        .setHeader("X-Amzn-Bedrock-Input-Token-Count", String.valueOf(a.tokens()))
        .setHeader("X-Amzn-Bedrock-Invocation-Latency", "1")
        .body(moshi.adapter(Object.class).toJson(a.body()))
        .build();
  }

  private MockResponse converseResponse(BedrockReply reply, int[] usage, String requestId) {
    Buffer body = new Buffer();
    try (JsonWriter w = JsonWriter.of(body)) {
      w.beginObject();
      w.name("output").beginObject().name("message").beginObject();
      w.name("role").value("assistant");
      w.name("content").beginArray();
      for (BedrockReply.Block block : reply.blocks()) {
        w.beginObject();
        if (block.toolUse() != null) {
          w.name("toolUse").beginObject()
              .name("toolUseId").value(block.toolUse().toolUseId())
              .name("name").value(block.toolUse().name())
              .name("input");
          try (var sink = w.valueSink()) {
            sink.writeUtf8(block.toolUse().inputJson());
          }
          w.endObject();
        } else {
          w.name("text").value(block.text());
        }
        w.endObject();
      }
      w.endArray().endObject().endObject();
      w.name("stopReason").value(reply.stopReason());
      writeUsage(w, reply, usage);
      w.name("metrics").beginObject().name("latencyMs").value(42).endObject();
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    MockResponse.Builder b = new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "application/json")
        .setHeader("x-amzn-RequestId", requestId);
    if (reply.truncateAfterEvents() >= 0) {
      long full = body.size();
      Buffer half = new Buffer();
      body.read(half, full / 2);
      b.body(half).setHeader("Content-Length", full).onResponseEnd(new SocketEffect.CloseSocket());
    } else {
      b.body(body);
    }
    return b.build();
  }

  private static void writeUsage(JsonWriter w, BedrockReply reply, int[] usage) throws IOException {
    w.name("usage").beginObject()
        .name("inputTokens").value(usage[0])
        .name("outputTokens").value(usage[1])
        .name("totalTokens").value(usage[0] + usage[1] + reply.cacheReadInputTokens() + reply.cacheWriteInputTokens());
    if (reply.cacheReadInputTokens() > 0) {
      w.name("cacheReadInputTokens").value(reply.cacheReadInputTokens());
    }
    if (reply.cacheWriteInputTokens() > 0) {
      w.name("cacheWriteInputTokens").value(reply.cacheWriteInputTokens());
    }
    w.endObject();
  }

  private MockResponse streamResponse(BedrockReply reply, int[] usage, String requestId) {
    List<byte[]> frames = new ArrayList<>();
    EventFrames f = new EventFrames();
    frames.add(f.event("messageStart", w -> w.name("role").value("assistant")));
    int index = 0;
    for (BedrockReply.Block block : reply.blocks()) {
      int blockIndex = index++;
      if (block.toolUse() != null) {
        BedrockReply.ToolUse use = block.toolUse();
        frames.add(f.event("contentBlockStart", w -> {
          w.name("contentBlockIndex").value(blockIndex);
          w.name("start").beginObject().name("toolUse").beginObject()
              .name("toolUseId").value(use.toolUseId())
              .name("name").value(use.name())
              .endObject().endObject();
        }));
        for (String piece : chunks(use.inputJson(), reply.chunkSize())) {
          frames.add(f.event("contentBlockDelta", w -> {
            w.name("contentBlockIndex").value(blockIndex);
            w.name("delta").beginObject().name("toolUse").beginObject()
                .name("input").value(piece).endObject().endObject();
          }));
        }
      } else {
        for (String piece : chunks(block.text(), reply.chunkSize())) {
          frames.add(f.event("contentBlockDelta", w -> {
            w.name("contentBlockIndex").value(blockIndex);
            w.name("delta").beginObject().name("text").value(piece).endObject();
          }));
        }
      }
      if (!reply.endless()) {
        frames.add(f.event("contentBlockStop", w -> w.name("contentBlockIndex").value(blockIndex)));
      }
    }
    byte[] tick = null;
    if (reply.endless()) {
      int lastIndex = Math.max(0, index - 1);
      tick = f.event("contentBlockDelta", w -> {
        w.name("contentBlockIndex").value(lastIndex);
        w.name("delta").beginObject().name("text").value(" tick").endObject();
      });
    } else {
      frames.add(f.event("messageStop", w -> w.name("stopReason").value(reply.stopReason())));
      frames.add(f.event("metadata", w -> {
        writeUsage(w, reply, usage);
        w.name("metrics").beginObject().name("latencyMs").value(42).endObject();
      }));
    }
    int exceptionAt = -1;
    if (reply.exceptionAfterEvents() >= 0) {
      exceptionAt = Math.min(reply.exceptionAfterEvents(), frames.size());
      frames = new ArrayList<>(frames.subList(0, exceptionAt));
      frames.add(f.exception(reply.exceptionType(), reply.exceptionMessage()));
    }
    int truncateAt = reply.truncateAfterEvents() >= 0 ? Math.min(reply.truncateAfterEvents(), frames.size() - 1) : -1;
    int stallAt = reply.stallAfterEvents() >= 0 ? Math.min(reply.stallAfterEvents(), frames.size()) : -1;

    MockResponse.Builder b = new MockResponse.Builder()
        .code(200)
        .body(new EventStreamBody(this, frames, truncateAt, stallAt, tick, ENDLESS_CAP))
        .removeHeader("Content-Length")
        .setHeader("Transfer-Encoding", "chunked")
        .setHeader("Content-Type", "application/vnd.amazon.eventstream")
        .setHeader("x-amzn-RequestId", requestId);
    if (truncateAt >= 0 || stallAt >= 0) {
      b.onResponseEnd(new SocketEffect.CloseSocket());
    }
    return b.build();
  }

  private static List<String> chunks(String s, int size) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      int end = Math.min(s.length(), i + size);
      if (end < s.length() && Character.isHighSurrogate(s.charAt(end - 1))) {
        end++; // never split a surrogate pair
      }
      out.add(s.substring(i, end));
      i = end;
    }
    return out;
  }

  private Object parseJson(String body) {
    if (body.isEmpty()) {
      return null;
    }
    try {
      JsonReader r = JsonReader.of(new Buffer().writeUtf8(body));
      Object v = moshi.adapter(Object.class).fromJson(r);
      return r.peek() == JsonReader.Token.END_DOCUMENT ? v : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private BedrockReply defaultReply(BedrockRecordedRequest rec) {
    String lastUser = null;
    if (rec.at("messages") instanceof List<?> messages) {
      for (Object m : messages) {
        if (m instanceof Map<?, ?> msg && "user".equals(msg.get("role")) && msg.get("content") instanceof List<?> content) {
          StringBuilder sb = new StringBuilder();
          for (Object c : content) {
            if (c instanceof Map<?, ?> block && block.get("text") instanceof String t) {
              sb.append(t);
            }
          }
          if (sb.length() > 0) {
            lastUser = sb.toString();
          }
        }
      }
    }
    return BedrockReply.text(lastUser == null ? "Hello from the Bedrock emulator." : "Echo: " + lastUser);
  }

  /** Input and output tokens: as scripted, else one per word. */
  private static int[] usage(BedrockRecordedRequest rec, BedrockReply reply) {
    int in = reply.inputTokens() != null ? reply.inputTokens() : countWords(rec.json());
    int out = reply.outputTokens() != null ? reply.outputTokens() : words(reply.text());
    return new int[] {in, out};
  }

  private static int countWords(Object node) {
    int n = 0;
    if (node instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if ("text".equals(e.getKey()) && e.getValue() instanceof String s) {
          n += words(s);
        } else {
          n += countWords(e.getValue());
        }
      }
    } else if (node instanceof List<?> l) {
      for (Object o : l) {
        n += countWords(o);
      }
    }
    return n;
  }

  private static int words(String s) {
    String t = s.trim();
    return t.isEmpty() ? 0 : t.split("\\s+").length;
  }

  /** Writes event-stream frames. */
  static final class EventFrames {
    private int padding;

    interface Members {
      void write(JsonWriter w) throws IOException;
    }

    byte[] event(String type, Members members) {
      Buffer payload = new Buffer();
      try (JsonWriter w = JsonWriter.of(payload)) {
        w.beginObject();
        members.write(w);
        // Bedrock pads event payloads with a "p" member of varying length.
        w.name("p").value("abcdefghijklmnopqrstuvwxyz".substring(0, 1 + (padding++ % 26)));
        w.endObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Map<String, software.amazon.eventstream.HeaderValue> headers = new LinkedHashMap<>();
      headers.put(":event-type", software.amazon.eventstream.HeaderValue.fromString(type));
      headers.put(":content-type", software.amazon.eventstream.HeaderValue.fromString("application/json"));
      headers.put(":message-type", software.amazon.eventstream.HeaderValue.fromString("event"));
      return frame(headers, payload.readByteArray());
    }

    byte[] exception(String type, String message) {
      Buffer payload = new Buffer();
      try (JsonWriter w = JsonWriter.of(payload)) {
        w.beginObject().name("message").value(message).endObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Map<String, software.amazon.eventstream.HeaderValue> headers = new LinkedHashMap<>();
      headers.put(":exception-type", software.amazon.eventstream.HeaderValue.fromString(type));
      headers.put(":content-type", software.amazon.eventstream.HeaderValue.fromString("application/json"));
      headers.put(":message-type", software.amazon.eventstream.HeaderValue.fromString("exception"));
      return frame(headers, payload.readByteArray());
    }

    private static byte[] frame(Map<String, software.amazon.eventstream.HeaderValue> headers, byte[] payload) {
      java.nio.ByteBuffer buf = new software.amazon.eventstream.Message(headers, payload).toByteBuffer();
      byte[] out = new byte[buf.remaining()];
      buf.get(out);
      return out;
    }
  }
}
