/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.governance.dynamodb;

import dev.stateline.audit.AuditRecord;
import dev.stateline.audit.AuditSink;
import dev.stateline.audit.AuditTrail;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * A central audit trail that many processes write to without forking it: each process is a
 * <em>writer</em> with its own hash chain, stored in the shared {@link GovernanceTable}, and each
 * writer's head (last seq and hash) is anchored in the same table, so that a
 * {@link DynamoDbAuditVerifier} can check every chain end to end, cut tails and rewrites included.
 *
 * <pre>{@code
 * AuditTrail audit = AuditTrail.to(DynamoDbAuditSink.builder(table, "payments").build());
 * StatelineClient client = StatelineClient.builder()...telemetry(audit).build();
 * }</pre>
 *
 * <p><b>One transaction per record.</b> {@link #append} is one {@code TransactWriteItems} of two
 * actions: a {@code Put} of the record (condition: it does not exist) and an {@code Update} of the
 * writer's head (condition: the head is still the record before). Record and head are written
 * together or not at all; a second process that uses the same writer id cannot fork the chain, its
 * write is cancelled ({@code TransactionCanceledException}) and its trail fails closed. On open the
 * sink reads the head and the last record and refuses to continue a chain whose last record does not
 * match its head.
 *
 * <p>Records are the same canonical JSON lines as the file sink's ({@link AuditRecord}); an item
 * holds at most 400 KB, so a record over about 399 KB cannot be stored here (records are usually
 * 1 to 3 KB). Used under the trail's lock, one record at a time; not for use by two trails.
 */
public final class DynamoDbAuditSink implements AuditSink {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final GovernanceTable table;
  private final String trail;
  private final String writerId;
  private Head head;

  private DynamoDbAuditSink(Builder b) {
    this.table = b.table;
    this.trail = b.trail;
    this.writerId = b.writerId != null ? b.writerId : defaultWriterId();
    this.head = readHead();
  }

  /**
   * A builder of a sink for the trail named {@code trail} (an application, say; every instance of it
   * uses the same name) in {@code table}.
   */
  public static Builder builder(GovernanceTable table, String trail) {
    return new Builder(Objects.requireNonNull(table, "table"), name(trail, "trail"));
  }

  private static String defaultWriterId() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return "w-" + HexFormat.of().formatHex(b);
  }

  /** This process's writer id: its chain's name in the table. */
  public String writerId() {
    return writerId;
  }

  static String headsKey(String trail) {
    return "audit#" + GovernanceTable.keyPart(trail) + "#heads";
  }

  static String recordsKey(String trail, String writerId) {
    return "audit#" + GovernanceTable.keyPart(trail) + "#writer#" + GovernanceTable.keyPart(writerId);
  }

  static String sortKey(long seq) {
    return String.format("%019d", seq);
  }

  private Head readHead() {
    try {
      GetItemResponse h = table.client().getItem(g -> g.tableName(table.tableName()).consistentRead(true)
          .key(Map.of(GovernanceTable.PARTITION_KEY, AttributeValue.fromS(headsKey(trail)),
              GovernanceTable.SORT_KEY, AttributeValue.fromS(writerId))));
      QueryResponse last = table.client().query(q -> q.tableName(table.tableName()).consistentRead(true)
          .keyConditionExpression("#pk = :pk").expressionAttributeNames(Map.of("#pk", GovernanceTable.PARTITION_KEY))
          .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(recordsKey(trail, writerId))))
          .scanIndexForward(false).limit(1));
      Head anchored = h.hasItem() ? new Head(Long.parseLong(h.item().get("seq").n()), h.item().get("hash").s())
          : Head.EMPTY;
      Head stored = last.items().isEmpty() ? Head.EMPTY
          : new Head(Long.parseLong(last.items().get(0).get(GovernanceTable.SORT_KEY).s()),
              last.items().get(0).get("hash").s());
      if (!anchored.equals(stored)) {
        throw new IllegalStateException("refusing to extend audit chain '" + writerId + "' of trail '" + trail
            + "': its last record (seq " + stored.seq() + ") does not match its anchored head (seq " + anchored.seq()
            + "); verify it with DynamoDbAuditVerifier and use another writer id");
      }
      return anchored;
    } catch (SdkException e) {
      throw new UncheckedIOException(new IOException("could not read the head of audit chain '" + writerId
          + "': " + GovernanceTable.describe(e)));
    }
  }

  @Override
  public Head head() {
    return head;
  }

  @Override
  public void append(AuditRecord record) {
    Objects.requireNonNull(record, "record");
    String now = table.clock().instant().toString();
    Put put = Put.builder().tableName(table.tableName())
        .item(Map.of(GovernanceTable.PARTITION_KEY, AttributeValue.fromS(recordsKey(trail, writerId)),
            GovernanceTable.SORT_KEY, AttributeValue.fromS(sortKey(record.seq())),
            "record", AttributeValue.fromS(record.json()),
            "hash", AttributeValue.fromS(record.hash())))
        .conditionExpression("attribute_not_exists(#pk)")
        .expressionAttributeNames(Map.of("#pk", GovernanceTable.PARTITION_KEY))
        .build();
    boolean first = head.seq() == 0;
    Update update = Update.builder().tableName(table.tableName())
        .key(Map.of(GovernanceTable.PARTITION_KEY, AttributeValue.fromS(headsKey(trail)),
            GovernanceTable.SORT_KEY, AttributeValue.fromS(writerId)))
        .updateExpression("SET #seq = :seq, #hash = :hash, #at = :at")
        .conditionExpression(first ? "attribute_not_exists(#seq)" : "#seq = :prev AND #hash = :prevHash")
        .expressionAttributeNames(Map.of("#seq", "seq", "#hash", "hash", "#at", "updatedAt"))
        .expressionAttributeValues(first
            ? Map.of(":seq", AttributeValue.fromN(Long.toString(record.seq())), ":hash",
                AttributeValue.fromS(record.hash()), ":at", AttributeValue.fromS(now))
            : Map.of(":seq", AttributeValue.fromN(Long.toString(record.seq())), ":hash",
                AttributeValue.fromS(record.hash()), ":at", AttributeValue.fromS(now),
                ":prev", AttributeValue.fromN(Long.toString(head.seq())), ":prevHash", AttributeValue.fromS(head.hash())))
        .build();
    try {
      table.client().transactWriteItems(t -> t.transactItems(List.of(TransactWriteItem.builder().put(put).build(),
          TransactWriteItem.builder().update(update).build())));
    } catch (TransactionCanceledException e) {
      throw new UncheckedIOException(new IOException("audit record " + record.seq() + " of chain '" + writerId
          + "' was refused: another writer moved the chain's head (two processes with one writer id?) "
          + GovernanceTable.describe(e)));
    } catch (SdkException e) {
      throw new UncheckedIOException(new IOException("could not store audit record " + record.seq() + " of chain '"
          + writerId + "': " + GovernanceTable.describe(e)));
    }
    head = new Head(record.seq(), record.hash());
  }

  @Override
  public String toString() {
    return "DynamoDbAuditSink[" + table + ", trail=" + trail + ", writer=" + writerId + "]";
  }

  private static String name(String s, String what) {
    if (s == null || s.isBlank() || s.length() > 200) {
      throw new IllegalArgumentException(what + " must be non-blank and at most 200 characters");
    }
    return s;
  }

  /** Builds a {@link DynamoDbAuditSink}. Not thread-safe. */
  public static final class Builder {
    private final GovernanceTable table;
    private final String trail;
    private String writerId;

    private Builder(GovernanceTable table, String trail) {
      this.table = table;
      this.trail = trail;
    }

    /**
     * This process's writer id, unique among the processes that run at the same time (default: a
     * random {@code w-} and 16 hex digits, so each start is a new chain). Reusing an id after a
     * restart continues that chain; two live processes must never share one (the second fails
     * closed at its first record).
     */
    public Builder writerId(String writerId) {
      this.writerId = name(writerId, "writerId");
      return this;
    }

    /**
     * The sink, positioned at its chain's anchored head (use with {@link AuditTrail#to(AuditSink)}).
     *
     * @throws IllegalStateException if the chain's last record does not match its head
     * @throws UncheckedIOException if the table cannot be read
     */
    public DynamoDbAuditSink build() {
      return new DynamoDbAuditSink(this);
    }
  }
}
