/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.governance.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stateline.StatelineClient;
import dev.stateline.audit.AuditRecord;
import dev.stateline.audit.AuditSink;
import dev.stateline.audit.AuditTrail;
import dev.stateline.chat.ChatRequest;
import dev.stateline.testing.FakeChatModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Stories of the central audit trail: instances of a fleet each write their own chain into the
 * shared table, and the verifier checks every chain against its anchored head, so a cut tail or a
 * rewritten chain is found, and two processes on one writer id cannot fork a chain.
 */
class CentralAuditTest {
  final FleetFixture fleet = new FleetFixture();
  final DynamoDbClient attacker = fleet.client(); // someone with write access to the records

  @AfterEach
  void close() {
    fleet.close();
  }

  private static void calls(AuditTrail audit, int n, String prompt) {
    StatelineClient client = StatelineClient.builder().target(FleetFixture.pricedTarget("az-swc", new FakeChatModel()))
        .telemetry(audit).build();
    for (int i = 0; i < n; i++) {
      client.chat(ChatRequest.of("gpt-4.1", prompt + " " + i));
    }
  }

  private DynamoDbAuditSink sink(String writer) {
    DynamoDbAuditSink.Builder b = DynamoDbAuditSink.builder(fleet.table(), "payments");
    return (writer == null ? b : b.writerId(writer)).build();
  }

  private Map<String, AttributeValue> recordKey(String writer, long seq) {
    return Map.of("pk", AttributeValue.fromS(DynamoDbAuditSink.recordsKey("payments", writer)),
        "sk", AttributeValue.fromS(DynamoDbAuditSink.sortKey(seq)));
  }

  @Test
  void given_three_instances_writing_at_once_then_each_has_its_own_chain_and_the_whole_trail_verifies() {
    List<String> writers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      DynamoDbAuditSink sink = sink(null);
      writers.add(sink.writerId());
      try (AuditTrail audit = AuditTrail.to(sink)) {
        calls(audit, 2 + i, "instance " + i);
      }
    }

    DynamoDbAuditVerifier.Result result = DynamoDbAuditVerifier.verify(fleet.table(), "payments");

    assertThat(result.intact()).as("%s", result).isTrue();
    assertThat(result.records()).isEqualTo(2 + 3 + 4);
    assertThat(result.writers()).extracting(DynamoDbAuditVerifier.Writer::writerId)
        .containsExactlyInAnyOrderElementsOf(writers);
  }

  @Test
  void given_a_restart_with_the_same_writer_id_then_the_chain_continues_where_its_head_is() {
    try (AuditTrail audit = AuditTrail.to(sink("pod-1"))) {
      calls(audit, 2, "before");
    }
    try (AuditTrail audit = AuditTrail.to(sink("pod-1"))) {
      assertThat(audit.lastSeq()).isEqualTo(2);
      calls(audit, 1, "after");
    }

    DynamoDbAuditVerifier.Result result = DynamoDbAuditVerifier.verify(fleet.table(), "payments");
    assertThat(result.intact()).isTrue();
    assertThat(result.writers()).singleElement().satisfies(w -> assertThat(w.anchoredSeq()).isEqualTo(3));
  }

  @Test
  void given_records_cut_off_at_the_end_then_the_verifier_finds_it_and_the_writer_refuses_to_continue() {
    try (AuditTrail audit = AuditTrail.to(sink("pod-1"))) {
      calls(audit, 4, "q");
    }
    attacker.deleteItem(d -> d.tableName(FleetFixture.TABLE).key(recordKey("pod-1", 4)));
    attacker.deleteItem(d -> d.tableName(FleetFixture.TABLE).key(recordKey("pod-1", 3)));

    DynamoDbAuditVerifier.Writer w = DynamoDbAuditVerifier.verify(fleet.table(), "payments").writers().get(0);

    assertThat(w.chain().intact()).as("the chain alone looks fine").isTrue();
    assertThat(w.intact()).isFalse();
    assertThat(w.problem()).isEqualTo("the chain ends at record 2 but its anchored head is record 4: records were cut"
        + " off at the end");
    IllegalStateException refused = catchThrowableOfType(IllegalStateException.class, () -> sink("pod-1"));
    assertThat(refused).hasMessageContaining("does not match its anchored head");
  }

  @Test
  void given_a_chain_rewritten_with_every_hash_recomputed_then_the_anchored_head_gives_it_away() {
    try (AuditTrail audit = AuditTrail.to(sink("pod-1"))) {
      calls(audit, 3, "the real prompt");
    }
    // the forger builds a valid chain of the same length with other content, and overwrites the records
    List<AuditRecord> forged = new ArrayList<>();
    calls(AuditTrail.to(new AuditSink() {
      @Override
      public Head head() {
        return Head.EMPTY;
      }

      @Override
      public void append(AuditRecord record) {
        forged.add(record);
      }
    }), 3, "a harmless prompt");
    for (AuditRecord r : forged) {
      Map<String, AttributeValue> item = new java.util.HashMap<>(recordKey("pod-1", r.seq()));
      item.put("record", AttributeValue.fromS(r.json()));
      item.put("hash", AttributeValue.fromS(r.hash()));
      attacker.putItem(p -> p.tableName(FleetFixture.TABLE).item(item));
    }

    DynamoDbAuditVerifier.Writer w = DynamoDbAuditVerifier.verify(fleet.table(), "payments").writers().get(0);

    assertThat(w.chain().intact()).isTrue();
    assertThat(w.problem()).contains("the chain was rewritten");
  }

  @Test
  void given_an_edited_record_then_the_verifier_names_it() {
    try (AuditTrail audit = AuditTrail.to(sink("pod-1"))) {
      calls(audit, 3, "q");
    }
    Map<String, AttributeValue> item = new java.util.HashMap<>(attacker.getItem(g -> g.tableName(FleetFixture.TABLE)
        .key(recordKey("pod-1", 2))).item());
    item.put("record", AttributeValue.fromS(item.get("record").s().replace("\"tenant\":null", "\"tenant\":\"x\"")));
    attacker.putItem(p -> p.tableName(FleetFixture.TABLE).item(item));

    DynamoDbAuditVerifier.Writer w = DynamoDbAuditVerifier.verify(fleet.table(), "payments").writers().get(0);

    assertThat(w.problem()).isEqualTo("record 2: record 2 was altered: its hash does not match its content");
  }

  @Test
  void given_two_live_processes_with_one_writer_id_then_the_second_cannot_fork_the_chain() {
    AuditTrail first = AuditTrail.to(sink("pod-1"));
    AuditTrail second = AuditTrail.to(sink("pod-1")); // an overlapping restart, same id: both at head 0
    calls(first, 2, "first");

    calls(second, 2, "second"); // its records are refused; the trail fails closed, calls go on

    assertThat(second.lastSeq()).isZero();
    DynamoDbAuditVerifier.Result result = DynamoDbAuditVerifier.verify(fleet.table(), "payments");
    assertThat(result.intact()).isTrue();
    assertThat(result.records()).isEqualTo(2);
    first.close();
    second.close();
  }
}
