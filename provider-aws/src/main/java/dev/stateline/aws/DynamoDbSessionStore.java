/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import dev.stateline.aws.internal.BedrockErrors;
import dev.stateline.aws.internal.SessionJson;
import dev.stateline.error.SessionConflictException;
import dev.stateline.error.SessionCorruptedException;
import dev.stateline.error.SessionStoreException;
import dev.stateline.session.SessionState;
import dev.stateline.session.SessionStore;
import dev.stateline.session.SessionTurn;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.CRC32;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Sessions in an Amazon DynamoDB table, in the table's region: a {@link SessionStore} whose
 * optimistic concurrency is DynamoDB's conditional writes.
 *
 * <pre>{@code
 * DynamoDbClient dynamo = DynamoDbClient.builder().region(Region.EU_CENTRAL_1).build();
 * SessionStore store = DynamoDbSessionStore.builder(dynamo, "stateline-sessions")
 *     .ttl(Duration.ofDays(30))
 *     .build();
 * }</pre>
 *
 * <p><b>Table layout.</b> One table with a string partition key {@value #PARTITION_KEY} and a
 * string sort key {@value #SORT_KEY}. A session is one partition, {@code pk = keyPrefix + id}:
 *
 * <ul>
 *   <li>its <b>head</b> item ({@code sk = "H"}) holds {@code version} (N), {@code lastTurnId} (S),
 *       and either the whole session as compact JSON in {@code state} (S) when it fits in
 *       {@value #INLINE_MAX_BYTES} bytes, or a pointer to chunk items: {@code chunkSet} (S, a random
 *       id per write), {@code chunks} (N), {@code bytes} (N), {@code crc32} (N);
 *   <li>its <b>chunk</b> items ({@code sk = "C#<chunkSet>#0000"}, {@code ...#0001}, ...) hold the JSON's
 *       bytes in pieces of at most {@value #CHUNK_BYTES} in {@code data} (B), so sessions beyond
 *       DynamoDB's 400 KB item limit are stored whole;
 *   <li>with a TTL, every item carries {@code expiresAt} (N, epoch milliseconds) and the TTL attribute
 *       ({@code ttl} by default; N, epoch <i>seconds</i>, rounded up) for DynamoDB's Time to Live.
 * </ul>
 *
 * <p><b>Writes.</b> Each append rewrites the session (like the file store), conditioned on the head:
 * {@code #version = :expected} (and not expired), or for a new session
 * {@code attribute_not_exists(pk) OR expiresAt <= :now}. A session that fits inline is one
 * {@code PutItem}; a chunked one is one {@code TransactWriteItems} that puts the head with that
 * condition, puts the new chunk set and deletes the old one, so readers never see a mix. A failed
 * condition becomes a {@link SessionConflictException} carrying the stored version (read from the
 * item DynamoDB returns with {@code ReturnValuesOnConditionCheckFailure ALL_OLD}). A transaction holds
 * at most 100 actions and 4 MB: a session whose JSON would exceed about {@value #MAX_SESSION_BYTES}
 * bytes is refused with a {@link SessionStoreException} and nothing is written. A write whose answer
 * was lost and that the caller (or the SDK) repeats is recognised by the turn's id and not applied
 * twice.
 *
 * <p><b>Reads</b> are a strongly consistent {@code Query} on the partition; a read that sees a chunk
 * set being replaced (reads are not isolated from transactions) is repeated. Expired sessions stop
 * loading at once, whenever DynamoDB's TTL process actually deletes them (usually within days).
 * {@link #list()} is a {@code Scan} of the whole table filtered to head items, so it reads (and is
 * billed for) every item: fine for operations and tests, not for a request path.
 *
 * <p><b>IAM</b> on the table: {@code dynamodb:Query}, {@code dynamodb:PutItem},
 * {@code dynamodb:DeleteItem} and, for {@link #list()}, {@code dynamodb:Scan}. A
 * {@code TransactWriteItems} call is authorised by the permissions of the puts and deletes inside
 * it; there is no separate action for it.
 *
 * <p>Thread-safe. The {@link DynamoDbClient} is the caller's: the store never closes it, and its
 * own retry and timeout settings apply. Errors: {@link SessionConflictException},
 * {@link SessionCorruptedException} for data it cannot read, {@link SessionStoreException} for the
 * rest (a missing table, throttling after the SDK's retries, a network failure), with the AWS error
 * code and request id and never item content.
 */
public final class DynamoDbSessionStore implements SessionStore {
  /** The partition key attribute (S). */
  public static final String PARTITION_KEY = "pk";
  /** The sort key attribute (S). */
  public static final String SORT_KEY = "sk";
  /** The default TTL attribute. */
  public static final String DEFAULT_TTL_ATTRIBUTE = "ttl";
  /** The largest session JSON kept inside the head item. */
  public static final int INLINE_MAX_BYTES = 350_000;
  /** The largest piece of session JSON in one chunk item. */
  public static final int CHUNK_BYTES = 350_000;
  /** The largest session JSON one transaction can write (4 MB, less room for keys and the head). */
  public static final int MAX_SESSION_BYTES = 4 * 1024 * 1024 - 64 * 1024;

  static final String HEAD = "H";
  static final String CHUNK_PREFIX = "C#";
  private static final int MAX_TRANSACTION_ACTIONS = 100;
  private static final int READ_ATTEMPTS = 5;
  private static final int WRITE_ATTEMPTS = 5;

  private final DynamoDbClient client;
  private final String table;
  private final String keyPrefix;
  private final Duration ttl;
  private final String ttlAttribute;
  private final InstantSource clock;

  private DynamoDbSessionStore(Builder b) {
    this.client = b.client;
    this.table = b.table;
    this.keyPrefix = b.keyPrefix;
    this.ttl = b.ttl;
    this.ttlAttribute = b.ttlAttribute;
    this.clock = b.clock;
  }

  /** A store on {@code tableName} without TTL and without key prefix. */
  public static DynamoDbSessionStore of(DynamoDbClient client, String tableName) {
    return builder(client, tableName).build();
  }

  /** Starts a store on {@code tableName}, a table with string keys {@code pk} and {@code sk}. */
  public static Builder builder(DynamoDbClient client, String tableName) {
    return new Builder(client, tableName);
  }

  /** The table's name. */
  public String tableName() {
    return table;
  }

  // ------------------------------------------------------------------ SessionStore

  @Override
  public Optional<SessionState> load(String sessionId) {
    String id = SessionState.validateId(sessionId);
    Stored s = readWhole(id);
    return s == null || s.expired(clock.instant()) ? Optional.empty() : Optional.of(s.state);
  }

  @Override
  public SessionState append(String sessionId, long expectedVersion, SessionTurn turn) {
    String id = SessionState.validateId(sessionId);
    Objects.requireNonNull(turn, "turn");
    if (expectedVersion < 0) {
      throw new IllegalArgumentException("expectedVersion must not be negative, was " + expectedVersion);
    }
    for (int attempt = 1; ; attempt++) {
      Stored current = readWhole(id);
      Instant now = clock.instant();
      boolean live = current != null && !current.expired(now);
      long actual = live ? current.state.version() : 0;
      if (actual != expectedVersion) {
        if (live && actual == expectedVersion + 1 && turn.id().equals(current.lastTurnId)) {
          return current.state; // this turn was committed already; its answer was lost
        }
        throw new SessionConflictException(id, expectedVersion, actual);
      }
      SessionState next = live ? current.state.next(turn, now, ttl) : SessionState.first(id, turn, now, ttl);
      try {
        write(id, next, turn.id(), expectedVersion, current, now);
        return next;
      } catch (ConditionFailed f) {
        long stored = liveVersion(f.item, now);
        if (stored == expectedVersion + 1 && f.item != null && f.item.containsKey("lastTurnId")
            && turn.id().equals(f.item.get("lastTurnId").s())) {
          return load(id).orElseThrow(() -> new SessionConflictException(id, expectedVersion, stored));
        }
        throw new SessionConflictException(id, expectedVersion, stored);
      } catch (Contended c) {
        if (attempt >= WRITE_ATTEMPTS) {
          throw new SessionStoreException("session '" + id + "' could not be written: DynamoDB kept cancelling the"
              + " transaction (TransactionConflict) " + attempt + " times", id, c.getCause());
        }
      }
    }
  }

  @Override
  public List<String> list() {
    Map<String, String> names = new HashMap<>();
    names.put("#sk", SORT_KEY);
    names.put("#pk", PARTITION_KEY);
    names.put("#exp", "expiresAt");
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":head", s(HEAD));
    values.put(":now", n(clock.instant().toEpochMilli()));
    String filter = "#sk = :head AND (attribute_not_exists(#exp) OR #exp > :now)";
    if (!keyPrefix.isEmpty()) {
      filter += " AND begins_with(#pk, :prefix)";
      values.put(":prefix", s(keyPrefix));
    }
    List<String> ids = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      ScanRequest.Builder req = ScanRequest.builder()
          .tableName(table)
          .filterExpression(filter)
          .projectionExpression("#pk")
          .expressionAttributeNames(names)
          .expressionAttributeValues(values)
          .consistentRead(true);
      if (start != null) {
        req.exclusiveStartKey(start);
      }
      ScanResponse page;
      try {
        page = client.scan(req.build());
      } catch (SdkException e) {
        throw failure("list sessions (Scan)", null, e);
      }
      for (Map<String, AttributeValue> item : page.items()) {
        AttributeValue pk = item.get(PARTITION_KEY);
        if (pk != null && pk.s() != null && pk.s().startsWith(keyPrefix)) {
          String id = pk.s().substring(keyPrefix.length());
          if (isValidId(id)) {
            ids.add(id);
          }
        }
      }
      start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
    } while (start != null);
    return ids;
  }

  @Override
  public boolean delete(String sessionId) {
    String id = SessionState.validateId(sessionId);
    for (int attempt = 1; ; attempt++) {
      Raw raw = readRaw(id);
      if (raw.head == null) {
        deleteLoose(id, raw.chunkKeys);
        return false;
      }
      boolean live = !expired(raw.head, clock.instant());
      long version = number(raw.head, "version", id);
      Map<String, String> names = Map.of("#v", "version");
      Map<String, AttributeValue> values = Map.of(":v", n(version));
      try {
        if (raw.chunkKeys.isEmpty()) {
          client.deleteItem(DeleteItemRequest.builder()
              .tableName(table).key(key(id, HEAD))
              .conditionExpression("#v = :v")
              .expressionAttributeNames(names).expressionAttributeValues(values)
              .build());
        } else {
          List<TransactWriteItem> actions = new ArrayList<>();
          actions.add(TransactWriteItem.builder().delete(Delete.builder()
              .tableName(table).key(key(id, HEAD))
              .conditionExpression("#v = :v")
              .expressionAttributeNames(names).expressionAttributeValues(values)
              .build()).build());
          int inTransaction = Math.min(raw.chunkKeys.size(), MAX_TRANSACTION_ACTIONS - 1);
          for (String sk : raw.chunkKeys.subList(0, inTransaction)) {
            actions.add(deleteAction(id, sk));
          }
          client.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(actions).build());
          // Once the head is gone the rest is unreachable; remove it too.
          deleteLoose(id, raw.chunkKeys.subList(inTransaction, raw.chunkKeys.size()));
        }
        return live;
      } catch (ConditionalCheckFailedException | TransactionCanceledException e) {
        if (e instanceof TransactionCanceledException tce && !changedMeanwhile(tce)) {
          throw failure("delete", id, tce);
        }
        if (attempt >= WRITE_ATTEMPTS) {
          throw new SessionStoreException("session '" + id + "' could not be deleted: it kept changing", id, BedrockErrors.cleanCause(e));
        }
      } catch (SdkException e) {
        throw failure("delete", id, e);
      }
    }
  }

  /** True if a transaction was cancelled because the session changed (a failed condition or a concurrent write). */
  private static boolean changedMeanwhile(TransactionCanceledException e) {
    if (e.hasCancellationReasons()) {
      for (CancellationReason r : e.cancellationReasons()) {
        if ("ConditionalCheckFailed".equals(r.code()) || "TransactionConflict".equals(r.code())) {
          return true;
        }
      }
    }
    return false;
  }

  // ------------------------------------------------------------------ writing

  private void write(String id, SessionState next, String turnId, long expectedVersion, Stored current, Instant now) {
    byte[] json = SessionJson.encode(next);
    if (json.length > MAX_SESSION_BYTES) {
      throw new SessionStoreException("session '" + id + "' would take " + json.length + " bytes; one DynamoDB"
          + " transaction writes at most 4 MB, so sessions are limited to " + MAX_SESSION_BYTES + " bytes of JSON."
          + " The turn was not committed: delete the session or start a new one", id, null);
    }
    Map<String, AttributeValue> head = new LinkedHashMap<>();
    head.put(PARTITION_KEY, s(keyPrefix + id));
    head.put(SORT_KEY, s(HEAD));
    head.put("version", n(next.version()));
    head.put("lastTurnId", s(turnId));
    putExpiry(head, next.expiresAt());
    List<Map<String, AttributeValue>> chunks = new ArrayList<>();
    if (json.length <= INLINE_MAX_BYTES) {
      head.put("state", s(new String(json, StandardCharsets.UTF_8)));
    } else {
      String chunkSet = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
      int count = (json.length + CHUNK_BYTES - 1) / CHUNK_BYTES;
      CRC32 crc = new CRC32();
      crc.update(json);
      head.put("chunkSet", s(chunkSet));
      head.put("chunks", n(count));
      head.put("bytes", n(json.length));
      head.put("crc32", n(crc.getValue()));
      for (int i = 0; i < count; i++) {
        Map<String, AttributeValue> chunk = new LinkedHashMap<>();
        chunk.put(PARTITION_KEY, s(keyPrefix + id));
        chunk.put(SORT_KEY, s(chunkKey(chunkSet, i)));
        chunk.put("data", AttributeValue.builder().b(SdkBytes.fromByteArray(
            Arrays.copyOfRange(json, i * CHUNK_BYTES, Math.min(json.length, (i + 1) * CHUNK_BYTES)))).build());
        putExpiry(chunk, next.expiresAt());
        chunks.add(chunk);
      }
    }
    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    String condition;
    names.put("#exp", "expiresAt");
    values.put(":now", n(now.toEpochMilli()));
    if (expectedVersion == 0) {
      names.put("#pk", PARTITION_KEY);
      condition = "attribute_not_exists(#pk) OR #exp <= :now";
    } else {
      names.put("#v", "version");
      values.put(":v", n(expectedVersion));
      condition = "#v = :v AND (attribute_not_exists(#exp) OR #exp > :now)";
    }
    List<String> oldChunks = current == null ? List.of() : current.chunkKeys;
    try {
      if (chunks.isEmpty() && oldChunks.isEmpty()) {
        client.putItem(PutItemRequest.builder()
            .tableName(table).item(head)
            .conditionExpression(condition)
            .expressionAttributeNames(names).expressionAttributeValues(values)
            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
            .build());
        return;
      }
      List<TransactWriteItem> actions = new ArrayList<>();
      actions.add(TransactWriteItem.builder().put(Put.builder()
          .tableName(table).item(head)
          .conditionExpression(condition)
          .expressionAttributeNames(names).expressionAttributeValues(values)
          .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
          .build()).build());
      for (Map<String, AttributeValue> chunk : chunks) {
        actions.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(chunk).build()).build());
      }
      for (String sk : oldChunks) {
        actions.add(deleteAction(id, sk));
      }
      if (actions.size() > MAX_TRANSACTION_ACTIONS) {
        throw new SessionStoreException("session '" + id + "' needs " + actions.size() + " actions in one DynamoDB"
            + " transaction, more than " + MAX_TRANSACTION_ACTIONS + "; the turn was not committed", id, null);
      }
      client.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(actions).build());
    } catch (ConditionalCheckFailedException e) {
      throw new ConditionFailed(e.hasItem() ? e.item() : null);
    } catch (TransactionCanceledException e) {
      List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
      if (!reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
        throw new ConditionFailed(reasons.get(0).hasItem() ? reasons.get(0).item() : null);
      }
      for (CancellationReason r : reasons) {
        if ("TransactionConflict".equals(r.code())) {
          throw new Contended(e);
        }
      }
      throw failure("append", id, e);
    } catch (SdkException e) {
      throw failure("append", id, e);
    }
  }

  private TransactWriteItem deleteAction(String id, String sk) {
    return TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(key(id, sk)).build()).build();
  }

  /** Deletes unreachable chunk items one by one (what a crashed or partial delete left). */
  private void deleteLoose(String id, List<String> sortKeys) {
    for (String sk : sortKeys) {
      try {
        client.deleteItem(DeleteItemRequest.builder().tableName(table).key(key(id, sk)).build());
      } catch (SdkException e) {
        throw failure("delete", id, e);
      }
    }
  }

  private void putExpiry(Map<String, AttributeValue> item, Instant expiresAt) {
    if (expiresAt != null) {
      item.put("expiresAt", n(expiresAt.toEpochMilli()));
      // DynamoDB's TTL wants epoch seconds; rounding up never deletes an item before it expired.
      long seconds = expiresAt.getEpochSecond() + (expiresAt.getNano() > 0 ? 1 : 0);
      item.put(ttlAttribute, n(seconds));
    }
  }

  /** The version a head item holds if it is live at {@code now}, else 0. */
  private static long liveVersion(Map<String, AttributeValue> head, Instant now) {
    if (head == null || head.isEmpty() || expired(head, now)) {
      return 0;
    }
    AttributeValue v = head.get("version");
    try {
      return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static boolean expired(Map<String, AttributeValue> head, Instant now) {
    AttributeValue exp = head.get("expiresAt");
    if (exp == null || exp.n() == null) {
      return false;
    }
    try {
      return Long.parseLong(exp.n()) <= now.toEpochMilli();
    } catch (NumberFormatException e) {
      return false;
    }
  }

  // ------------------------------------------------------------------ reading

  /** The items of one session's partition: its head (or null) and the sort keys of its chunks. */
  private record Raw(Map<String, AttributeValue> head, Map<String, Map<String, AttributeValue>> chunks,
      List<String> chunkKeys) {}

  /** A session read whole, with what a writer needs to replace it. */
  private record Stored(SessionState state, String lastTurnId, List<String> chunkKeys) {
    boolean expired(Instant now) {
      return state.isExpired(now);
    }
  }

  private Raw readRaw(String id) {
    Map<String, AttributeValue> head = null;
    Map<String, Map<String, AttributeValue>> chunks = new LinkedHashMap<>();
    Map<String, AttributeValue> start = null;
    do {
      QueryRequest.Builder req = QueryRequest.builder()
          .tableName(table)
          .keyConditionExpression("#pk = :pk")
          .expressionAttributeNames(Map.of("#pk", PARTITION_KEY))
          .expressionAttributeValues(Map.of(":pk", s(keyPrefix + id)))
          .consistentRead(true);
      if (start != null) {
        req.exclusiveStartKey(start);
      }
      QueryResponse page;
      try {
        page = client.query(req.build());
      } catch (SdkException e) {
        throw failure("load", id, e);
      }
      for (Map<String, AttributeValue> item : page.items()) {
        AttributeValue sk = item.get(SORT_KEY);
        if (sk == null || sk.s() == null) {
          continue;
        }
        if (sk.s().equals(HEAD)) {
          head = item;
        } else if (sk.s().startsWith(CHUNK_PREFIX)) {
          chunks.put(sk.s(), item);
        }
      }
      start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
    } while (start != null);
    return new Raw(head, chunks, List.copyOf(chunks.keySet()));
  }

  /**
   * Reads and decodes a session, repeating the read when it caught a chunk set being replaced.
   *
   * @return the session, or null if there is no head item
   */
  private Stored readWhole(String id) {
    for (int attempt = 1; ; attempt++) {
      Raw raw = readRaw(id);
      if (raw.head == null) {
        return null;
      }
      byte[] json = assemble(raw, id);
      if (json == null) {
        if (attempt < READ_ATTEMPTS) {
          continue;
        }
        throw new SessionCorruptedException("session '" + id + "' has an incomplete chunk set (read "
            + READ_ATTEMPTS + " times)", id, where(id), null);
      }
      SessionState state = SessionJson.decode(json, id, where(id));
      long version = number(raw.head, "version", id);
      if (state.version() != version) {
        throw new SessionCorruptedException("session '" + id + "' holds version " + state.version()
            + " but its head says " + version, id, where(id), null);
      }
      AttributeValue last = raw.head.get("lastTurnId");
      return new Stored(state, last == null ? null : last.s(), raw.chunkKeys);
    }
  }

  /** The session's JSON, or null if the chunks the head points to are not all there (a write in between). */
  private byte[] assemble(Raw raw, String id) {
    AttributeValue inline = raw.head.get("state");
    if (inline != null && inline.s() != null) {
      return inline.s().getBytes(StandardCharsets.UTF_8);
    }
    AttributeValue set = raw.head.get("chunkSet");
    if (set == null || set.s() == null) {
      throw new SessionCorruptedException("session '" + id + "' has a head item with neither state nor chunkSet",
          id, where(id), null);
    }
    long count = number(raw.head, "chunks", id);
    long bytes = number(raw.head, "bytes", id);
    long crc32 = number(raw.head, "crc32", id);
    if (count < 1 || bytes < 1 || bytes > Integer.MAX_VALUE) {
      throw new SessionCorruptedException("session '" + id + "' has a head item with bad chunk counts", id,
          where(id), null);
    }
    byte[] out = new byte[(int) bytes];
    int at = 0;
    for (int i = 0; i < count; i++) {
      Map<String, AttributeValue> chunk = raw.chunks.get(chunkKey(set.s(), i));
      AttributeValue data = chunk == null ? null : chunk.get("data");
      if (data == null || data.b() == null) {
        return null;
      }
      byte[] piece = data.b().asByteArrayUnsafe();
      if (at + piece.length > out.length) {
        return null;
      }
      System.arraycopy(piece, 0, out, at, piece.length);
      at += piece.length;
    }
    CRC32 crc = new CRC32();
    crc.update(out, 0, at);
    return at == out.length && crc.getValue() == crc32 ? out : null;
  }

  private long number(Map<String, AttributeValue> item, String name, String id) {
    AttributeValue v = item.get(name);
    try {
      if (v != null && v.n() != null) {
        return Long.parseLong(v.n());
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new SessionCorruptedException("session '" + id + "' has a head item without a numeric '" + name + "'",
        id, where(id), null);
  }

  // ------------------------------------------------------------------ helpers

  private static String chunkKey(String chunkSet, int index) {
    return CHUNK_PREFIX + chunkSet + "#" + String.format("%04d", index);
  }

  private Map<String, AttributeValue> key(String id, String sortKey) {
    return Map.of(PARTITION_KEY, s(keyPrefix + id), SORT_KEY, s(sortKey));
  }

  private String where(String id) {
    return "DynamoDB table '" + table + "', " + PARTITION_KEY + " '" + keyPrefix + id + "'";
  }

  private static boolean isValidId(String id) {
    try {
      SessionState.validateId(id);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static AttributeValue s(String value) {
    return AttributeValue.builder().s(value).build();
  }

  private static AttributeValue n(long value) {
    return AttributeValue.builder().n(Long.toString(value)).build();
  }

  private SessionStoreException failure(String what, String id, SdkException e) {
    StringBuilder sb = new StringBuilder("DynamoDB ").append(what).append(" failed");
    if (id != null) {
      sb.append(" for session '").append(id).append('\'');
    }
    sb.append(" on table '").append(table).append('\'');
    if (e instanceof ResourceNotFoundException) {
      sb.append(": the table does not exist in this account and region");
    }
    BedrockErrors.appendDetails(sb, e);
    return new SessionStoreException(sb.toString(), id, BedrockErrors.cleanCause(e));
  }

  @Override
  public String toString() {
    return "DynamoDbSessionStore[table=" + table + (keyPrefix.isEmpty() ? "" : ", keyPrefix=" + keyPrefix)
        + ", ttl=" + ttl + "]";
  }

  /** A write's condition failed; carries the stored head DynamoDB returned, or null. */
  private static final class ConditionFailed extends RuntimeException {
    final Map<String, AttributeValue> item;

    ConditionFailed(Map<String, AttributeValue> item) {
      super(null, null, false, false);
      this.item = item;
    }
  }

  /** DynamoDB cancelled a transaction because another one touched the same items. */
  private static final class Contended extends RuntimeException {
    Contended(Throwable cause) {
      super(null, cause, false, false);
    }
  }

  /**
   * Builds a {@link DynamoDbSessionStore}. Not thread-safe.
   */
  public static final class Builder {
    /** The longest key prefix, in UTF-8 bytes: with the longest session id (512 bytes) a key fits 2048. */
    static final int MAX_KEY_PREFIX_BYTES = 1024;

    private final DynamoDbClient client;
    private final String table;
    private String keyPrefix = "";
    private Duration ttl;
    private String ttlAttribute = DEFAULT_TTL_ATTRIBUTE;
    private InstantSource clock = InstantSource.system();

    private Builder(DynamoDbClient client, String table) {
      this.client = Objects.requireNonNull(client, "client");
      Objects.requireNonNull(table, "tableName");
      if (!table.matches("[a-zA-Z0-9_.-]{3,255}")) {
        throw new IllegalArgumentException("'" + table + "' is not a DynamoDB table name (3 to 255 of a-z A-Z"
            + " 0-9 _ . -)");
      }
      this.table = table;
    }

    /**
     * Prepends {@code keyPrefix} to every session id in the partition key, so that several
     * applications can share a table ({@code "billing#"}); {@link #list()} then lists only this
     * prefix. Empty by default.
     */
    public Builder keyPrefix(String keyPrefix) {
      Objects.requireNonNull(keyPrefix, "keyPrefix");
      if (keyPrefix.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_KEY_PREFIX_BYTES
          || !keyPrefix.isEmpty() && !dev.stateline.spi.SessionIdCodec.isValid(keyPrefix.substring(0, Math.min(
              keyPrefix.length(), dev.stateline.spi.SessionIdCodec.MAX_LENGTH)))) {
        throw new IllegalArgumentException("keyPrefix must be at most " + MAX_KEY_PREFIX_BYTES + " bytes of"
            + " well-formed text without control characters, so that with any session id (up to 512 bytes) the"
            + " partition key stays within DynamoDB's 2048 bytes");
      }
      this.keyPrefix = keyPrefix;
      return this;
    }

    /** How long after its last turn a session is forgotten; null (the default) for never. */
    public Builder ttl(Duration ttl) {
      if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
        throw new IllegalArgumentException("ttl must be positive, or null for none");
      }
      this.ttl = ttl;
      return this;
    }

    /**
     * The attribute that holds the expiry in epoch seconds, to enable as the table's Time to Live
     * attribute; {@value #DEFAULT_TTL_ATTRIBUTE} by default.
     */
    public Builder ttlAttribute(String ttlAttribute) {
      Objects.requireNonNull(ttlAttribute, "ttlAttribute");
      if (ttlAttribute.isEmpty() || List.of(PARTITION_KEY, SORT_KEY, "version", "lastTurnId", "state", "chunkSet",
          "chunks", "bytes", "crc32", "data", "expiresAt").contains(ttlAttribute)) {
        throw new IllegalArgumentException("ttlAttribute '" + ttlAttribute + "' is empty or used by the store itself");
      }
      this.ttlAttribute = ttlAttribute;
      return this;
    }

    /** The clock for timestamps and expiry; the system clock by default. */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public DynamoDbSessionStore build() {
      return new DynamoDbSessionStore(this);
    }
  }
}
