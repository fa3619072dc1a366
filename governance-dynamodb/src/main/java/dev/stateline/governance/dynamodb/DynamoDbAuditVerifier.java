/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.governance.dynamodb;

import dev.stateline.audit.AuditVerification;
import dev.stateline.audit.AuditVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Verifies a central audit trail ({@link DynamoDbAuditSink}) end to end: every writer whose head is
 * anchored in the table, each chain record by record with {@link AuditVerifier} (edited, missing,
 * reordered or foreign records), and each chain's end against its anchored head, which finds what a
 * chain alone cannot show: records cut off at the end, and a chain rewritten with every hash
 * recomputed.
 *
 * <p>Reads with strongly consistent queries, one page (at most 1 MB) at a time. Stateless and
 * thread-safe.
 */
public final class DynamoDbAuditVerifier {
  private DynamoDbAuditVerifier() {}

  /**
   * One writer's chain.
   *
   * @param writerId the writer
   * @param anchoredSeq the seq its head names
   * @param anchoredHash the hash its head names
   * @param chain what the records themselves verify to
   * @param problem null if the chain is intact and ends at its head, else what is wrong
   */
  public record Writer(String writerId, long anchoredSeq, String anchoredHash, AuditVerification chain,
      String problem) {
    /** True if every record is intact and the chain ends exactly at its anchored head. */
    public boolean intact() {
      return problem == null;
    }
  }

  /**
   * The result for a whole trail.
   *
   * @param writers every anchored writer, in the table's order
   */
  public record Result(List<Writer> writers) {
    /** Copies the list. */
    public Result {
      writers = List.copyOf(writers);
    }

    /** True if every writer's chain is intact and ends at its head. */
    public boolean intact() {
      return writers.stream().allMatch(Writer::intact);
    }

    /** How many records verified, across writers. */
    public long records() {
      return writers.stream().mapToLong(w -> w.chain().records()).sum();
    }
  }

  /**
   * Verifies every chain of the trail named {@code trail}.
   *
   * @throws UncheckedIOException if the table cannot be read
   */
  public static Result verify(GovernanceTable table, String trail) {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(trail, "trail");
    List<Writer> out = new ArrayList<>();
    try {
      for (Map<String, AttributeValue> h : query(table, DynamoDbAuditSink.headsKey(trail))) {
        String writer = h.get(GovernanceTable.SORT_KEY).s();
        long seq = Long.parseLong(h.get("seq").n());
        String hash = h.get("hash").s();
        AuditVerification chain;
        try (InputStream in = new RecordStream(query(table, DynamoDbAuditSink.recordsKey(trail, writer)).iterator())) {
          chain = AuditVerifier.verify(in);
        }
        out.add(new Writer(writer, seq, hash, chain, problem(chain, seq, hash)));
      }
    } catch (SdkException e) {
      throw new UncheckedIOException(new IOException("could not read audit trail '" + trail + "': "
          + GovernanceTable.describe(e)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Result(out);
  }

  private static String problem(AuditVerification chain, long seq, String hash) {
    if (!chain.intact()) {
      return "record " + chain.line() + ": " + chain.problem();
    }
    if (chain.records() < seq) {
      return "the chain ends at record " + chain.records() + " but its anchored head is record " + seq
          + ": records were cut off at the end";
    }
    if (chain.records() > seq) {
      return "the chain has " + chain.records() + " records but its anchored head is record " + seq
          + ": records were added without the head";
    }
    if (!chain.head().equals(hash)) {
      return "the chain's last record does not hash to its anchored head: the chain was rewritten";
    }
    return null;
  }

  private static Iterable<Map<String, AttributeValue>> query(GovernanceTable table, String pk) {
    QueryRequest request = QueryRequest.builder().tableName(table.tableName()).consistentRead(true)
        .keyConditionExpression("#pk = :pk").expressionAttributeNames(Map.of("#pk", GovernanceTable.PARTITION_KEY))
        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk))).build();
    return table.client().queryPaginator(request).items();
  }

  /** The records of one chain as JSON lines, a page at a time. */
  private static final class RecordStream extends InputStream {
    private final Iterator<Map<String, AttributeValue>> items;
    private byte[] current = new byte[0];
    private int pos;

    RecordStream(Iterator<Map<String, AttributeValue>> items) {
      this.items = items;
    }

    private boolean fill() {
      while (pos >= current.length) {
        if (!items.hasNext()) {
          return false;
        }
        AttributeValue r = items.next().get("record");
        String line = r == null || r.s() == null ? "" : r.s(); // a record without its text is an empty line
        current = (line + "\n").getBytes(StandardCharsets.UTF_8);
        pos = 0;
      }
      return true;
    }

    @Override
    public int read() {
      return fill() ? current[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (!fill()) {
        return -1;
      }
      int n = Math.min(len, current.length - pos);
      System.arraycopy(current, pos, b, off, n);
      pos += n;
      return n;
    }
  }
}
