/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.dynamodb;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import dev.stateline.testing.aws.SigV4Verifier;
import java.util.LinkedHashSet;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;

/**
 * An in-process Amazon DynamoDB for tests: a {@link MockWebServer} that speaks DynamoDB's real wire
 * protocol (JSON 1.0), so that the AWS SDK's {@code DynamoDbClient} can be pointed at it with
 * {@code endpointOverride(emulator.endpoint())}. It exists because DynamoDB Local's licence is not an
 * open-source one; this emulator implements exactly what Stateline's stores use, and implements it
 * strictly:
 *
 * <ul>
 *   <li>{@code POST /} with {@code X-Amz-Target: DynamoDB_20120810.<Operation>} and
 *       {@code Content-Type: application/x-amz-json-1.0}; typed attribute values
 *       ({@code S, N, B, BOOL, NULL, M, L, SS, NS, BS});
 *   <li>operations {@code GetItem}, {@code PutItem}, {@code UpdateItem}, {@code DeleteItem},
 *       {@code Query}, {@code Scan}, {@code TransactWriteItems} (Put, Update, Delete,
 *       ConditionCheck), each applied atomically under one lock;
 *   <li>update expressions on top-level attributes: {@code SET} (a value, {@code if_not_exists},
 *       {@code x + y}, {@code x - y}), {@code ADD} (numbers, exact to 38 digits, starting from 0 when
 *       absent; sets), {@code REMOVE}; an update of a missing item creates it; key attributes
 *       cannot be updated; two actions on one attribute are refused;
 *   <li>condition, filter, key-condition and projection expressions with
 *       {@code ExpressionAttributeNames} and {@code ExpressionAttributeValues} (comparisons,
 *       {@code BETWEEN}, {@code IN}, {@code AND/OR/NOT}, {@code attribute_exists},
 *       {@code attribute_not_exists}, {@code begins_with}, {@code contains}, {@code size});
 *       names or values supplied but unused are refused, as DynamoDB does;
 *   <li>{@code ReturnValues ALL_OLD} (and, on {@code UpdateItem}, {@code UPDATED_OLD},
 *       {@code ALL_NEW}, {@code UPDATED_NEW}) and {@code ReturnValuesOnConditionCheckFailure ALL_OLD};
 *   <li>limits: 400 KB per item (attribute names plus values, counted as DynamoDB does); 100
 *       actions and 4 MB per transaction, no two actions on one item; 1 MB of items read per
 *       Query or Scan page ({@code LastEvaluatedKey} / {@code ExclusiveStartKey}), and {@code Limit};
 *   <li>{@code ClientRequestToken} idempotency on {@code TransactWriteItems};
 *   <li>errors as DynamoDB sends them: HTTP 400 with {@code {"__type":
 *       "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", "message": ...}},
 *       {@code TransactionCanceledException} with {@code CancellationReasons},
 *       {@code com.amazon.coral.validate#ValidationException}, {@code ResourceNotFoundException};
 *   <li>every response carries {@code x-amzn-RequestId} and {@code x-amz-crc32}, which the SDK checks.
 * </ul>
 *
 * <p>Every request must carry a well-formed SigV4 {@code Authorization} header scoped to service
 * {@code dynamodb} and a matching {@code X-Amz-Date}, and its signature is <b>recomputed</b>
 * ({@link SigV4Verifier}) from the credentials the emulator was told about
 * ({@link #acceptCredentials(String, String)}, or a verifier of its own with
 * {@link #verifySignatures(SigV4Verifier)}), body hash and session token included: a request that
 * does not match is refused with HTTP 400 {@code InvalidSignatureException}, an unknown access key
 * or a wrong session token with 400 {@code UnrecognizedClientException}, as DynamoDB answers. An
 * emulator told about no credentials refuses every request.
 * Reads are always strongly consistent. Expired items are removed only when a test calls
 * {@link #expireItems(String, String, Instant)}, as DynamoDB's TTL sweeper would, some time after
 * expiry.
 *
 * <p>Tests can inject failures ({@link #failNext}) and run code just before an operation is handled
 * ({@link #onNext}), for example another writer's commit between a read and a write.
 *
 * <p>Thread-safe. Close it after the test.
 */
public final class DynamoDbEmulator implements AutoCloseable {
  /** Items read per Query or Scan page: 1 MB, as DynamoDB. */
  static final long PAGE_BYTES = 1024 * 1024;
  /** Actions per transaction. */
  static final int MAX_TRANSACTION_ACTIONS = 100;
  /** Aggregate size of a transaction's items: 4 MB. */
  static final long MAX_TRANSACTION_BYTES = 4L * 1024 * 1024;

  private static final Pattern AUTHORIZATION = Pattern.compile(
      "AWS4-HMAC-SHA256 Credential=([A-Za-z0-9]{1,128})/(\\d{8})/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request,"
          + " ?SignedHeaders=([a-z0-9-]+(?:;[a-z0-9-]+)*), ?Signature=([0-9a-f]{64})");
  private static final Pattern AMZ_DATE = Pattern.compile("(\\d{8})T\\d{6}Z");
  private static final String TARGET_PREFIX = "DynamoDB_20120810.";
  private static final Set<String> OPERATIONS =
      Set.of("GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "TransactWriteItems");
  private static final Object NO_SORT_KEY = Map.of("S", "");

  private final MockWebServer server = new MockWebServer();
  private final AtomicInteger connections = new AtomicInteger();
  private final JsonAdapter<Object> json = new Moshi.Builder().build().adapter(Object.class);
  private final Object lock = new Object();
  private final Map<String, Table> tables = new HashMap<>(); // guarded by lock
  private final Map<String, String> tokens = new HashMap<>(); // guarded by lock: token -> request body
  private final CopyOnWriteArrayList<DynamoDbRequest> recorded = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
  private final Map<String, ConcurrentLinkedQueue<Failure>> faults = new ConcurrentHashMap<>();
  private final Map<String, ConcurrentLinkedQueue<Runnable>> hooks = new ConcurrentHashMap<>();
  private volatile String requiredAccessKeyId;
  private volatile SigV4Verifier signatures = SigV4Verifier.builder("dynamodb").build();

  private DynamoDbEmulator() {
    server.setServerSocketFactory(dev.stateline.testing.internal.NoDelayServerSockets.FACTORY);
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        connections.accumulateAndGet(request.getConnectionIndex() + 1, Math::max);
        return handle(request);
      }
    });
  }

  /**
   * Starts an emulator, with no tables, on a free loopback port.
   *
   * @throws UncheckedIOException if the server cannot start
   */
  public static DynamoDbEmulator start() {
    DynamoDbEmulator e = new DynamoDbEmulator();
    try {
      e.server.start();
    } catch (IOException ex) {
      throw new UncheckedIOException("could not start the DynamoDB emulator", ex);
    }
    return e;
  }

  /** The base URI to give the SDK as {@code endpointOverride}. */
  public URI endpoint() {
    return URI.create("http://" + server.getHostName() + ":" + server.getPort());
  }

  /**
   * Creates a table whose keys are strings.
   *
   * @param sortKey the sort key's name, or null for a table with a partition key only
   * @throws IllegalStateException if the table exists
   */
  public DynamoDbEmulator createTable(String name, String partitionKey, String sortKey) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(partitionKey, "partitionKey");
    synchronized (lock) {
      if (tables.containsKey(name)) {
        throw new IllegalStateException("table " + name + " exists");
      }
      tables.put(name, new Table(name, partitionKey, sortKey));
    }
    return this;
  }

  /**
   * Accepts requests SigV4-signed with this long-term key from now on (in any Region, unless a
   * verifier of one Region was set with {@link #verifySignatures(SigV4Verifier)}).
   */
  public DynamoDbEmulator acceptCredentials(String accessKeyId, String secretAccessKey) {
    signatures.accept(Objects.requireNonNull(accessKeyId, "accessKeyId"),
        Objects.requireNonNull(secretAccessKey, "secretAccessKey"));
    return this;
  }

  /** Accepts requests signed with these temporary credentials (they must carry this session token). */
  public DynamoDbEmulator acceptCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {
    signatures.accept(Objects.requireNonNull(accessKeyId, "accessKeyId"),
        Objects.requireNonNull(secretAccessKey, "secretAccessKey"), sessionToken);
    return this;
  }

  /** Refuses requests signed with this access key from now on (HTTP 400 UnrecognizedClientException). */
  public DynamoDbEmulator revokeCredentials(String accessKeyId) {
    signatures.revoke(accessKeyId);
    return this;
  }

  /**
   * Verifies signatures from now on with {@code verifier} instead of the emulator's own (whose
   * credentials it replaces), for example one that stands for a single Region. Recomputes every
   * request's SigV4 signature with {@code verifier} (service {@code dynamodb}, the
   * Region and credentials it accepts), as DynamoDB does: a signature that differs is refused with
   * HTTP 400 {@code InvalidSignatureException}, an unknown access key with
   * {@code UnrecognizedClientException}.
   */
  public DynamoDbEmulator verifySignatures(SigV4Verifier verifier) {
    if (!verifier.service().equals("dynamodb")) {
      throw new IllegalArgumentException("DynamoDB signatures are scoped to service dynamodb, not " + verifier.service());
    }
    this.signatures = verifier;
    return this;
  }

  /** Refuses requests signed with any other access key id (HTTP 400 UnrecognizedClientException). */
  public DynamoDbEmulator requireAccessKeyId(String accessKeyId) {
    this.requiredAccessKeyId = accessKeyId;
    return this;
  }

  /**
   * Makes the next request for {@code operation} fail with this error instead of being handled.
   * Several calls queue several failures.
   *
   * @param status the HTTP status (400 for most DynamoDB errors, 500 for InternalServerError)
   * @param errorType the error's short name, such as {@code ProvisionedThroughputExceededException}
   */
  public DynamoDbEmulator failNext(String operation, int status, String errorType, String message) {
    faults.computeIfAbsent(operation, k -> new ConcurrentLinkedQueue<>())
        .add(new Failure(status, errorType, message, Map.of()));
    return this;
  }

  /**
   * Cancels the next {@code TransactWriteItems} as DynamoDB does when the transaction collides with
   * another one: {@code TransactionCanceledException} with one cancellation reason code per action
   * ({@code None}, {@code TransactionConflict}, {@code ConditionalCheckFailed}, ...).
   */
  public DynamoDbEmulator cancelNextTransaction(String... reasonCodes) {
    List<Object> reasons = new ArrayList<>();
    for (String code : reasonCodes) {
      reasons.add(code.equals("None") ? Map.of("Code", code) : Map.of("Code", code, "Message", code));
    }
    faults.computeIfAbsent("TransactWriteItems", k -> new ConcurrentLinkedQueue<>())
        .add(new Failure(400, "TransactionCanceledException", "Transaction cancelled, please refer cancellation"
            + " reasons for specific reasons " + List.of(reasonCodes), Map.of("CancellationReasons", reasons)));
    return this;
  }

  /**
   * Runs {@code action} once, on the server's thread, just before the next request for
   * {@code operation} is handled (outside the emulator's lock, so it may call the emulator itself).
   */
  public DynamoDbEmulator onNext(String operation, Runnable action) {
    hooks.computeIfAbsent(operation, k -> new ConcurrentLinkedQueue<>()).add(action);
    return this;
  }

  /** A copy of every item of a table, in their wire form ({@code {"pk": {"S": "..."}, ...}}), in key order. */
  public List<Map<String, Object>> items(String table) {
    synchronized (lock) {
      Table t = table(table);
      List<Map<String, Object>> out = new ArrayList<>();
      for (NavigableMap<Object, Map<String, Object>> p : t.partitions.values()) {
        for (Map<String, Object> item : p.values()) {
          out.add(deepCopy(item));
        }
      }
      return out;
    }
  }

  /** How many items a table holds. */
  public int itemCount(String table) {
    return items(table).size();
  }

  /**
   * Deletes the items whose number attribute {@code ttlAttribute} (epoch seconds) is at or before
   * {@code now}, as DynamoDB's TTL process does some time after expiry.
   *
   * @return how many items were deleted
   */
  public int expireItems(String table, String ttlAttribute, Instant now) {
    int n = 0;
    synchronized (lock) {
      Table t = table(table);
      for (NavigableMap<Object, Map<String, Object>> p : t.partitions.values()) {
        Iterator<Map<String, Object>> it = p.values().iterator();
        while (it.hasNext()) {
          Object ttl = it.next().get(ttlAttribute);
          if (ttl != null && Values.type(ttl).equals("N")
              && Values.number((String) Values.payload(ttl)).longValue() <= now.getEpochSecond()) {
            it.remove();
            n++;
          }
        }
      }
      t.partitions.values().removeIf(Map::isEmpty);
    }
    return n;
  }

  /** Every request received so far, in order. */
  public List<DynamoDbRequest> requests() {
    return List.copyOf(recorded);
  }

  /** How many requests for {@code operation} arrived. */
  public long requestCount(String operation) {
    AtomicLong c = counts.get(operation);
    return c == null ? 0 : c.get();
  }

  /**
   * How many connections have carried requests to this emulator so far: MockWebServer's index of
   * the newest such connection, plus one. With connection reuse this stays far below the number of
   * requests; the load tests assert it.
   */
  public int connectionCount() {
    return connections.get();
  }

  /** Stops the server. */
  @Override
  public void close() {
    server.close();
  }

  @Override
  public String toString() {
    return "DynamoDbEmulator[" + endpoint() + ", " + recorded.size() + " request(s)]";
  }

  // ------------------------------------------------------------------ dispatch

  private MockResponse handle(RecordedRequest request) {
    String target = request.getHeaders().get("X-Amz-Target");
    String operation = target != null && target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : null;
    String body = request.getBody() == null ? "" : request.getBody().utf8();
    Object parsed;
    try {
      parsed = json.fromJson(body);
    } catch (IOException | RuntimeException e) {
      parsed = null;
    }
    recorded.add(new DynamoDbRequest(operation, new LinkedHashMap<>(request.getHeaders().toMultimap()), body, parsed));
    if (operation != null) {
      counts.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
    }
    try {
      checkAuth(request.getHeaders());
      {
        SigV4Verifier.Verdict verdict = signatures.verify(request);
        if (!verdict.ok()) {
          String type = switch (String.valueOf(verdict.code())) {
            case "InvalidClientTokenId", "UnrecognizedClientException" -> "UnrecognizedClientException";
            case "IncompleteSignature", "IncompleteSignatureException" -> "IncompleteSignatureException";
            default -> "InvalidSignatureException";
          };
          String message = type.equals("InvalidSignatureException")
              ? "The request signature we calculated does not match the signature you provided. Check your AWS"
                  + " Secret Access Key and signing method. Consult the service documentation for details."
              : verdict.message();
          throw new Failure(400, type, message, Map.of());
        }
      }
      if (!"POST".equals(request.getMethod()) || !"/".equals(request.getUrl().encodedPath())) {
        throw new Failure(404, "UnknownOperationException", "DynamoDB takes POST / only", Map.of());
      }
      if (operation == null || !OPERATIONS.contains(operation)) {
        throw new Failure("UnknownOperationException", "Unsupported X-Amz-Target: " + target);
      }
      String contentType = request.getHeaders().get("Content-Type");
      if (contentType == null || !contentType.startsWith("application/x-amz-json-1.0")) {
        throw new Failure("SerializationException", "Content-Type must be application/x-amz-json-1.0");
      }
      if (!(parsed instanceof Map)) {
        throw new Failure("SerializationException", "The request body is not a JSON object");
      }
      ConcurrentLinkedQueue<Runnable> hook = hooks.get(operation);
      Runnable action = hook == null ? null : hook.poll();
      if (action != null) {
        action.run();
      }
      ConcurrentLinkedQueue<Failure> fault = faults.get(operation);
      Failure injected = fault == null ? null : fault.poll();
      if (injected != null) {
        throw injected;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> in = (Map<String, Object>) parsed;
      Map<String, Object> out;
      synchronized (lock) {
        out = switch (operation) {
          case "GetItem" -> getItem(in);
          case "PutItem" -> putItem(in);
          case "UpdateItem" -> updateItem(in);
          case "DeleteItem" -> deleteItem(in);
          case "Query" -> query(in);
          case "Scan" -> scan(in);
          default -> transactWriteItems(in, body);
        };
      }
      return response(200, json.toJson(out));
    } catch (Failure f) {
      return error(f);
    } catch (ClassCastException | NullPointerException | IllegalStateException e) {
      return error(new Failure("SerializationException", "Malformed request: " + e.getMessage()));
    }
  }

  private void checkAuth(Headers headers) {
    String auth = headers.get("Authorization");
    if (auth == null) {
      throw new Failure("MissingAuthenticationTokenException", "Request is missing Authentication Token");
    }
    Matcher m = AUTHORIZATION.matcher(auth.trim());
    if (!m.matches()) {
      throw new Failure("IncompleteSignatureException", "Authorization header requires 'Credential', 'SignedHeaders'"
          + " and 'Signature' in SigV4 form");
    }
    if (!m.group(4).equals("dynamodb")) {
      throw new Failure("InvalidSignatureException", "Credential should be scoped to correct service: 'dynamodb'.");
    }
    List<String> signed = List.of(m.group(5).split(";"));
    if (!signed.contains("host") || !signed.contains("x-amz-date") || !signed.contains("x-amz-target")) {
      throw new Failure("InvalidSignatureException", "SignedHeaders must include host, x-amz-date and x-amz-target");
    }
    String date = headers.get("X-Amz-Date");
    Matcher d = date == null ? null : AMZ_DATE.matcher(date);
    if (d == null || !d.matches() || !d.group(1).equals(m.group(2))) {
      throw new Failure("IncompleteSignatureException", "Date in Credential scope does not match YYYYMMDD from"
          + " ISO-8601 version of date from HTTP");
    }
    String required = requiredAccessKeyId;
    if (required != null && !required.equals(m.group(1))) {
      throw new Failure("UnrecognizedClientException", "The security token included in the request is invalid.");
    }
  }

  // ------------------------------------------------------------------ operations

  private Map<String, Object> getItem(Map<String, Object> in) {
    Table t = table(in);
    Expression.Context ctx = context(in);
    List<String> projection = projection(in, ctx);
    ctx.checkAllUsed();
    Map<String, Object> item = t.get(t.keyOf(map(in.get("Key"), "Key"), true));
    Map<String, Object> out = new LinkedHashMap<>();
    if (item != null) {
      out.put("Item", Expression.project(item, projection));
    }
    return out;
  }

  private Map<String, Object> putItem(Map<String, Object> in) {
    Table t = table(in);
    Map<String, Object> item = map(in.get("Item"), "Item");
    validateItem(t, item);
    Expression.Context ctx = context(in);
    Expression.Condition condition = condition(in, ctx);
    ctx.checkAllUsed();
    Key key = t.keyOf(item, false);
    Map<String, Object> old = t.get(key);
    check(condition, old, in);
    t.put(key, deepCopy(item));
    return returnValues(in, old);
  }

  private Map<String, Object> updateItem(Map<String, Object> in) {
    Table t = table(in);
    if (in.get("AttributeUpdates") != null || in.get("Expected") != null) {
      throw new Failure("ValidationException", "the legacy AttributeUpdates and Expected parameters are not"
          + " supported by this emulator; use UpdateExpression and ConditionExpression");
    }
    Map<String, Object> keyAttrs = map(in.get("Key"), "Key");
    Key key = t.keyOf(keyAttrs, true);
    Expression.Context ctx = context(in);
    String expression = (String) in.get("UpdateExpression");
    UpdateExpression update = expression == null ? null : UpdateExpression.parse(expression, ctx);
    Expression.Condition condition = condition(in, ctx);
    ctx.checkAllUsed();
    Object rv = in.get("ReturnValues");
    if (rv != null && !Set.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW").contains(rv)) {
      throw new Failure("ValidationException", "1 validation error detected: Value '" + rv + "' at 'returnValues'"
          + " failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE,"
          + " UPDATED_NEW]");
    }
    Map<String, Object> old = t.get(key);
    check(condition, old, in);
    Set<String> updated = new LinkedHashSet<>();
    Map<String, Object> item = applyUpdate(t, update, old, keyAttrs, updated);
    validateItem(t, item);
    t.put(key, deepCopy(item));
    if (rv == null || "NONE".equals(rv)) {
      return Map.of();
    }
    Map<String, Object> attributes = new LinkedHashMap<>();
    switch ((String) rv) {
      case "ALL_OLD" -> {
        if (old != null) {
          attributes.putAll(old);
        }
      }
      case "ALL_NEW" -> attributes.putAll(item);
      default -> {
        Map<String, Object> from = "UPDATED_OLD".equals(rv) ? (old == null ? Map.of() : old) : item;
        for (String name : updated) {
          if (from.get(name) != null) {
            attributes.put(name, from.get(name));
          }
        }
      }
    }
    return attributes.isEmpty() ? Map.of() : Map.of("Attributes", deepCopy(attributes));
  }

  private static Map<String, Object> applyUpdate(Table t, UpdateExpression update, Map<String, Object> old,
      Map<String, Object> keyAttrs, Set<String> updated) {
    if (update == null) {
      return old == null ? new LinkedHashMap<>(keyAttrs) : old;
    }
    Set<String> keyNames = t.sortKey == null ? Set.of(t.partitionKey) : Set.of(t.partitionKey, t.sortKey);
    return update.apply(old, keyAttrs, keyNames, updated);
  }

  private Map<String, Object> deleteItem(Map<String, Object> in) {
    Table t = table(in);
    Expression.Context ctx = context(in);
    Expression.Condition condition = condition(in, ctx);
    ctx.checkAllUsed();
    Key key = t.keyOf(map(in.get("Key"), "Key"), true);
    Map<String, Object> old = t.get(key);
    check(condition, old, in);
    t.remove(key);
    return returnValues(in, old);
  }

  private Map<String, Object> query(Map<String, Object> in) {
    Table t = table(in);
    String keyCondition = (String) in.get("KeyConditionExpression");
    if (keyCondition == null) {
      throw new Failure("ValidationException", "Either the KeyConditions or KeyConditionExpression parameter must be"
          + " specified in the request.");
    }
    Expression.Context ctx = context(in);
    Object hash = Expression.equalityOn(keyCondition, ctx, t.partitionKey);
    if (hash == null) {
      throw new Failure("ValidationException", "Query condition missed key schema element: " + t.partitionKey);
    }
    Expression.Condition keyTest = Expression.condition(keyCondition, ctx);
    Expression.Condition filter = filter(in, ctx);
    List<String> projection = projection(in, ctx);
    ctx.checkAllUsed();
    NavigableMap<Object, Map<String, Object>> partition = t.partitions.get(hash);
    List<Map<String, Object>> candidates = new ArrayList<>();
    if (partition != null) {
      boolean forward = !Boolean.FALSE.equals(in.get("ScanIndexForward"));
      NavigableMap<Object, Map<String, Object>> ordered = forward ? partition : partition.descendingMap();
      Map<String, Object> start = in.get("ExclusiveStartKey") == null ? null : map(in.get("ExclusiveStartKey"), "ExclusiveStartKey");
      if (start != null) {
        Key k = t.keyOf(start, true);
        ordered = ordered.tailMap(k.sort, false);
      }
      candidates.addAll(ordered.values());
    }
    return page(t, in, candidates, keyTest, filter, projection);
  }

  private Map<String, Object> scan(Map<String, Object> in) {
    Table t = table(in);
    Expression.Context ctx = context(in);
    Expression.Condition filter = filter(in, ctx);
    List<String> projection = projection(in, ctx);
    ctx.checkAllUsed();
    List<Map<String, Object>> candidates = new ArrayList<>();
    Map<String, Object> start = in.get("ExclusiveStartKey") == null ? null : map(in.get("ExclusiveStartKey"), "ExclusiveStartKey");
    Key from = start == null ? null : t.keyOf(start, true);
    for (Map.Entry<Object, NavigableMap<Object, Map<String, Object>>> p : t.partitions.entrySet()) {
      int c = from == null ? 1 : Values.KEY_ORDER.compare(p.getKey(), from.partition);
      if (c < 0) {
        continue;
      }
      NavigableMap<Object, Map<String, Object>> items = c == 0 ? p.getValue().tailMap(from.sort, false) : p.getValue();
      candidates.addAll(items.values());
    }
    return page(t, in, candidates, item -> true, filter, projection);
  }

  /** One page of a Query or Scan: stops after Limit items or 1 MB read, then filters and projects. */
  private Map<String, Object> page(Table t, Map<String, Object> in, List<Map<String, Object>> candidates,
      Expression.Condition keyTest, Expression.Condition filter, List<String> projection) {
    int limit = in.get("Limit") == null ? Integer.MAX_VALUE : ((Number) in.get("Limit")).intValue();
    if (limit < 1) {
      throw new Failure("ValidationException", "1 validation error detected: Value at 'limit' failed to satisfy"
          + " constraint: Member must have value greater than or equal to 1");
    }
    List<Object> items = new ArrayList<>();
    int scanned = 0;
    long bytes = 0;
    Map<String, Object> last = null;
    int i = 0;
    for (; i < candidates.size() && scanned < limit && bytes < PAGE_BYTES; i++) {
      Map<String, Object> item = candidates.get(i);
      if (!keyTest.test(item)) {
        continue;
      }
      scanned++;
      bytes += Values.itemSize(item);
      last = item;
      if (filter.test(item)) {
        items.add(Expression.project(item, projection));
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Items", items);
    out.put("Count", items.size());
    out.put("ScannedCount", scanned);
    boolean more = false;
    for (int j = i; j < candidates.size(); j++) {
      if (keyTest.test(candidates.get(j))) {
        more = true;
        break;
      }
    }
    if (more && last != null) {
      out.put("LastEvaluatedKey", t.keyAttributes(last));
    }
    return out;
  }

  private Map<String, Object> transactWriteItems(Map<String, Object> in, String body) {
    Object raw = in.get("TransactItems");
    if (!(raw instanceof List<?> actions) || actions.isEmpty()) {
      throw new Failure("ValidationException", "1 validation error detected: Value null at 'transactItems' failed to"
          + " satisfy constraint: Member must not be null");
    }
    if (actions.size() > MAX_TRANSACTION_ACTIONS) {
      throw new Failure("ValidationException", "1 validation error detected: Value at 'transactItems' failed to"
          + " satisfy constraint: Member must have length less than or equal to " + MAX_TRANSACTION_ACTIONS);
    }
    String token = (String) in.get("ClientRequestToken");
    if (token != null) {
      String seen = tokens.get(token);
      if (seen != null) {
        if (seen.equals(body)) {
          return Map.of(); // already applied: no side effects, same result
        }
        throw new Failure("IdempotentParameterMismatchException", "The request uses the same client token as a"
            + " previous, but non-identical request.");
      }
    }
    List<Action> parsed = new ArrayList<>();
    Set<String> touched = new HashSet<>();
    long total = 0;
    for (Object a : actions) {
      Map<String, Object> wrapper = map(a, "TransactItem");
      if (wrapper.size() != 1) {
        throw new Failure("ValidationException", "TransactItems can only contain one of Check, Put, Update or Delete");
      }
      String kind = wrapper.keySet().iterator().next();
      Map<String, Object> spec = map(wrapper.get(kind), kind);
      Table t = table(spec);
      Expression.Context ctx = context(spec);
      Expression.Condition condition = condition(spec, ctx);
      Map<String, Object> item = null;
      UpdateExpression update = null;
      Key key;
      switch (kind) {
        case "Put" -> {
          item = map(spec.get("Item"), "Item");
          validateItem(t, item);
          key = t.keyOf(item, false);
          total += Values.itemSize(item);
        }
        case "Delete" -> key = t.keyOf(map(spec.get("Key"), "Key"), true);
        case "ConditionCheck" -> {
          if (spec.get("ConditionExpression") == null) {
            throw new Failure("ValidationException", "The ConditionCheck needs a ConditionExpression");
          }
          key = t.keyOf(map(spec.get("Key"), "Key"), true);
        }
        case "Update" -> {
          key = t.keyOf(map(spec.get("Key"), "Key"), true);
          Object expression = spec.get("UpdateExpression");
          if (!(expression instanceof String u)) {
            throw new Failure("ValidationException", "1 validation error detected: Value null at"
                + " 'transactItems.member.updateExpression' failed to satisfy constraint: Member must not be null");
          }
          update = UpdateExpression.parse(u, ctx);
        }
        default -> throw new Failure("ValidationException", "Unknown transaction action " + kind);
      }
      ctx.checkAllUsed();
      if (!touched.add(t.name + "\u0000" + key.id())) {
        throw new Failure("ValidationException", "Transaction request cannot include multiple operations on one item");
      }
      parsed.add(new Action(kind, t, key, item, update, condition, spec));
    }
    if (total > MAX_TRANSACTION_BYTES) {
      throw new Failure("ValidationException", "Transaction size has exceeded the maximum allowed size of 4 MB ("
          + total + " bytes)");
    }
    List<Object> reasons = new ArrayList<>();
    boolean failed = false;
    for (Action a : parsed) {
      Map<String, Object> old = a.table.get(a.key);
      Map<String, Object> reason = new LinkedHashMap<>();
      if (a.condition.test(old == null ? Map.of() : old)) {
        reason.put("Code", "None");
      } else {
        failed = true;
        reason.put("Code", "ConditionalCheckFailed");
        reason.put("Message", "The conditional request failed");
        if ("ALL_OLD".equals(a.spec.get("ReturnValuesOnConditionCheckFailure")) && old != null) {
          reason.put("Item", old);
        }
      }
      reasons.add(reason);
    }
    if (failed) {
      List<String> codes = new ArrayList<>();
      for (Object r : reasons) {
        codes.add((String) ((Map<?, ?>) r).get("Code"));
      }
      throw new Failure(400, "TransactionCanceledException", "Transaction cancelled, please refer cancellation"
          + " reasons for specific reasons " + codes, Map.of("CancellationReasons", reasons));
    }
    Map<Action, Map<String, Object>> updates = new java.util.IdentityHashMap<>();
    for (Action a : parsed) {
      if (a.kind.equals("Update")) {
        Map<String, Object> next = applyUpdate(a.table, a.update, a.table.get(a.key),
            map(a.spec.get("Key"), "Key"), new LinkedHashSet<>());
        validateItem(a.table, next);
        total += Values.itemSize(next);
        updates.put(a, next);
      }
    }
    if (total > MAX_TRANSACTION_BYTES) {
      throw new Failure("ValidationException", "Transaction size has exceeded the maximum allowed size of 4 MB ("
          + total + " bytes)");
    }
    for (Action a : parsed) {
      switch (a.kind) {
        case "Put" -> a.table.put(a.key, deepCopy(a.item));
        case "Update" -> a.table.put(a.key, deepCopy(updates.get(a)));
        case "Delete" -> a.table.remove(a.key);
        default -> {
          // a condition check writes nothing
        }
      }
    }
    if (token != null) {
      tokens.put(token, body);
    }
    return Map.of();
  }

  private record Action(String kind, Table table, Key key, Map<String, Object> item, UpdateExpression update,
      Expression.Condition condition, Map<String, Object> spec) {}

  // ------------------------------------------------------------------ helpers

  private static void check(Expression.Condition condition, Map<String, Object> old, Map<String, Object> in) {
    if (!condition.test(old == null ? Map.of() : old)) {
      Map<String, Object> extra = "ALL_OLD".equals(in.get("ReturnValuesOnConditionCheckFailure")) && old != null
          ? Map.of("Item", old) : Map.of();
      throw new Failure(400, "ConditionalCheckFailedException", "The conditional request failed", extra);
    }
  }

  private static Map<String, Object> returnValues(Map<String, Object> in, Map<String, Object> old) {
    Object rv = in.get("ReturnValues");
    if (rv == null || "NONE".equals(rv)) {
      return Map.of();
    }
    if (!"ALL_OLD".equals(rv)) {
      throw new Failure("ValidationException", "ReturnValues can only be ALL_OLD or NONE");
    }
    return old == null ? Map.of() : Map.of("Attributes", old);
  }

  private static void validateItem(Table t, Map<String, Object> item) {
    for (Object v : item.values()) {
      Values.validate(v);
    }
    long size = Values.itemSize(item);
    if (size > Values.MAX_ITEM_BYTES) {
      throw new Failure("ValidationException", "Item size has exceeded the maximum allowed size (" + size + " bytes)");
    }
  }

  private static Expression.Context context(Map<String, Object> in) {
    @SuppressWarnings("unchecked")
    Map<String, String> names = (Map<String, String>) in.get("ExpressionAttributeNames");
    @SuppressWarnings("unchecked")
    Map<String, Object> values = (Map<String, Object>) in.get("ExpressionAttributeValues");
    return new Expression.Context(names, values);
  }

  private static Expression.Condition condition(Map<String, Object> in, Expression.Context ctx) {
    String expr = (String) in.get("ConditionExpression");
    return expr == null ? item -> true : Expression.condition(expr, ctx);
  }

  private static Expression.Condition filter(Map<String, Object> in, Expression.Context ctx) {
    String expr = (String) in.get("FilterExpression");
    return expr == null ? item -> true : Expression.condition(expr, ctx);
  }

  private static List<String> projection(Map<String, Object> in, Expression.Context ctx) {
    String expr = (String) in.get("ProjectionExpression");
    return expr == null ? null : Expression.projection(expr, ctx);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o, String what) {
    if (!(o instanceof Map)) {
      throw new Failure("ValidationException", what + " must be a map");
    }
    return (Map<String, Object>) o;
  }

  private Table table(Map<String, Object> in) {
    Object name = in.get("TableName");
    if (!(name instanceof String s)) {
      throw new Failure("ValidationException", "1 validation error detected: Value null at 'tableName' failed to"
          + " satisfy constraint: Member must not be null");
    }
    return table(s);
  }

  private Table table(String name) {
    Table t = tables.get(name);
    if (t == null) {
      throw new Failure("ResourceNotFoundException", "Requested resource not found");
    }
    return t;
  }

  @SuppressWarnings("unchecked")
  private static <T> T deepCopy(T value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.put(String.valueOf(e.getKey()), deepCopy(e.getValue()));
      }
      return (T) out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (Object e : l) {
        out.add(deepCopy(e));
      }
      return (T) out;
    }
    return value;
  }

  private MockResponse response(int status, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "application/x-amz-json-1.0")
        .setHeader("x-amzn-RequestId", UUID.randomUUID().toString().replace("-", "").toUpperCase())
        .setHeader("x-amz-crc32", Long.toString(crc.getValue()))
        .body(body)
        .build();
  }

  private MockResponse error(Failure f) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("__type", namespace(f.type) + "#" + f.type);
    // DynamoDB spells the member "Message" on transaction cancellations and "message" elsewhere.
    out.put(f.type.equals("TransactionCanceledException") ? "Message" : "message", f.getMessage());
    out.putAll(f.extra);
    return response(f.status, json.toJson(out));
  }

  private static String namespace(String type) {
    return switch (type) {
      case "ValidationException" -> "com.amazon.coral.validate";
      case "SerializationException", "UnknownOperationException", "MissingAuthenticationTokenException",
          "IncompleteSignatureException", "InvalidSignatureException", "UnrecognizedClientException" ->
          "com.amazon.coral.service";
      default -> "com.amazonaws.dynamodb.v20120810";
    };
  }

  /** An error answer, thrown inside the emulator. */
  static final class Failure extends RuntimeException {
    final int status;
    final String type;
    final Map<String, Object> extra;

    Failure(String type, String message) {
      this(type.equals("InternalServerError") ? 500 : 400, type, message, Map.of());
    }

    Failure(int status, String type, String message, Map<String, Object> extra) {
      super(message, null, false, false);
      this.status = status;
      this.type = type;
      this.extra = extra;
    }
  }

  /** A primary key: partition value, sort value (or a placeholder), and a canonical id. */
  private record Key(Object partition, Object sort) {
    String id() {
      return partition + "\u0000" + sort;
    }
  }

  /** A table: items by partition key, then by sort key. */
  private static final class Table {
    final String name;
    final String partitionKey;
    final String sortKey;
    final TreeMap<Object, NavigableMap<Object, Map<String, Object>>> partitions = new TreeMap<>(Values.KEY_ORDER);

    Table(String name, String partitionKey, String sortKey) {
      this.name = name;
      this.partitionKey = partitionKey;
      this.sortKey = sortKey;
    }

    Key keyOf(Map<String, Object> attrs, boolean exact) {
      Object p = keyValue(attrs, partitionKey);
      Object s = sortKey == null ? NO_SORT_KEY : keyValue(attrs, sortKey);
      // DynamoDB's limits on key values: 2048 bytes for a partition key, 1024 for a sort key.
      if (((String) Values.payload(p)).getBytes(StandardCharsets.UTF_8).length > 2048) {
        throw new Failure("ValidationException", "One or more parameter values were invalid: Size of hashkey has"
            + " exceeded the maximum size limit of 2048 bytes");
      }
      if (s != NO_SORT_KEY && ((String) Values.payload(s)).getBytes(StandardCharsets.UTF_8).length > 1024) {
        throw new Failure("ValidationException", "One or more parameter values were invalid: Aggregated size of all"
            + " range keys has exceeded the size limit of 1024 bytes");
      }
      if (exact && attrs.size() != (sortKey == null ? 1 : 2)) {
        throw new Failure("ValidationException", "The provided key element does not match the schema");
      }
      return new Key(p, s);
    }

    private static Object keyValue(Map<String, Object> attrs, String name) {
      Object v = attrs.get(name);
      if (v == null) {
        throw new Failure("ValidationException", "One of the required keys was not given a value");
      }
      if (!Values.type(v).equals("S")) {
        throw new Failure("ValidationException", "One or more parameter values were invalid: Type mismatch for key "
            + name + " expected: S actual: " + Values.type(v));
      }
      if (((String) Values.payload(v)).isEmpty()) {
        throw new Failure("ValidationException", "One or more parameter values are not valid. The AttributeValue for"
            + " a key attribute cannot contain an empty string value. Key: " + name);
      }
      return Map.of("S", Values.payload(v));
    }

    Map<String, Object> keyAttributes(Map<String, Object> item) {
      Map<String, Object> k = new LinkedHashMap<>();
      k.put(partitionKey, item.get(partitionKey));
      if (sortKey != null) {
        k.put(sortKey, item.get(sortKey));
      }
      return k;
    }

    Map<String, Object> get(Key key) {
      NavigableMap<Object, Map<String, Object>> p = partitions.get(key.partition);
      return p == null ? null : p.get(key.sort);
    }

    void put(Key key, Map<String, Object> item) {
      partitions.computeIfAbsent(key.partition, k -> new TreeMap<>(Values.KEY_ORDER)).put(key.sort, item);
    }

    void remove(Key key) {
      NavigableMap<Object, Map<String, Object>> p = partitions.get(key.partition);
      if (p != null) {
        p.remove(key.sort);
        if (p.isEmpty()) {
          partitions.remove(key.partition);
        }
      }
    }
  }
}
