/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import static dev.stateline.aws.SessionFixtures.turn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.chat.Message;
import dev.stateline.error.SessionConflictException;
import dev.stateline.error.SessionCorruptedException;
import dev.stateline.error.SessionStoreException;
import dev.stateline.session.SessionState;
import dev.stateline.session.SessionTurn;
import dev.stateline.testing.dynamodb.DynamoDbRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The DynamoDB store through the real SDK client against the DynamoDB wire emulator. */
class DynamoDbSessionStoreTest {
  final DynamoDbFixture fx = new DynamoDbFixture();

  @AfterEach
  void close() {
    fx.close();
  }

  @Test
  void given_a_turn_of_every_message_shape_when_stored_and_loaded_then_it_comes_back_equal() {
    DynamoDbSessionStore store = fx.store();
    SessionTurn first = new SessionTurn("t-1", SessionFixtures.everyShape(), "aws-fra", "resp_1", SessionFixtures.AT);
    SessionTurn second = new SessionTurn("t-2", List.of(Message.user("and then?")), null, null, SessionFixtures.AT);

    store.append("case-4711", 0, first);
    SessionState written = store.append("case-4711", 1, second);
    SessionState loaded = DynamoDbSessionStore.of(fx.client(), DynamoDbFixture.TABLE).load("case-4711").orElseThrow();

    assertThat(loaded).isEqualTo(written);
    assertThat(loaded.messages()).containsExactlyElementsOf(
        java.util.stream.Stream.concat(SessionFixtures.everyShape().stream(), java.util.stream.Stream.of(
            Message.user("and then?"))).toList());
    assertThat(loaded.turns().get(1).target()).isNull();
    assertThat(loaded.createdAt()).isEqualTo(fx.clock.instant());
  }

  @Test
  void given_no_session_then_load_is_empty_and_the_first_append_creates_version_1_with_one_conditional_put() {
    DynamoDbSessionStore store = fx.store();

    assertThat(store.load("s1")).isEmpty();
    SessionState s = store.append("s1", 0, turn("a"));

    assertThat(s.version()).isEqualTo(1);
    assertThat(store.load("s1")).contains(s);
    assertThat(s.target()).isEqualTo("aws-fra");
    assertThat(s.responseId()).isEqualTo("resp-a");
    DynamoDbRequest put = last("PutItem");
    assertThat(put.at("ConditionExpression")).isEqualTo("attribute_not_exists(#pk) OR #exp <= :now");
    assertThat(put.at("ReturnValuesOnConditionCheckFailure")).isEqualTo("ALL_OLD");
    assertThat(fx.emulator.requests()).extracting(DynamoDbRequest::operation)
        .containsOnly("Query", "PutItem");
  }

  @Test
  void given_a_stale_version_then_append_conflicts_with_the_stored_version_and_changes_nothing() {
    DynamoDbSessionStore store = fx.store();
    store.append("s1", 0, turn("a"));
    store.append("s1", 1, turn("b"));

    assertThatThrownBy(() -> store.append("s1", 1, turn("late")))
        .isInstanceOfSatisfying(SessionConflictException.class, e -> {
          assertThat(e.sessionId()).isEqualTo("s1");
          assertThat(e.expectedVersion()).isEqualTo(1);
          assertThat(e.actualVersion()).isEqualTo(2);
        });
    assertThatThrownBy(() -> store.append("s1", 0, turn("again"))).isInstanceOf(SessionConflictException.class);
    assertThat(store.load("s1").orElseThrow().messages()).extracting(Message::text)
        .containsExactly("a", "re: a", "b", "re: b");
  }

  @Test
  void given_another_writer_commits_between_read_and_write_then_dynamodb_refuses_the_write_and_the_conflict_says_why() {
    DynamoDbSessionStore mine = fx.store();
    DynamoDbSessionStore theirs = fx.store();
    mine.append("s1", 0, turn("a"));
    fx.emulator.onNext("PutItem", () -> theirs.append("s1", 1, turn("theirs")));

    assertThatThrownBy(() -> mine.append("s1", 1, turn("mine")))
        .isInstanceOfSatisfying(SessionConflictException.class, e -> {
          assertThat(e.expectedVersion()).isEqualTo(1);
          assertThat(e.actualVersion()).as("read from the ALL_OLD item DynamoDB returned").isEqualTo(2);
        });
    assertThat(mine.load("s1").orElseThrow().messages()).extracting(Message::text)
        .containsExactly("a", "re: a", "theirs", "re: theirs");
  }

  @Test
  void given_a_write_whose_answer_was_lost_when_the_same_turn_is_sent_again_then_it_is_not_stored_twice() {
    DynamoDbSessionStore store = fx.store();
    DynamoDbSessionStore sameProcessAgain = fx.store();
    store.append("s1", 0, turn("a"));
    SessionTurn retried = turn("b");
    // The first attempt lands just before the "retry" reaches DynamoDB.
    fx.emulator.onNext("PutItem", () -> sameProcessAgain.append("s1", 1, retried));

    SessionState s = store.append("s1", 1, retried);

    assertThat(s.version()).isEqualTo(2);
    assertThat(store.append("s1", 1, retried).version()).as("a later repeat too").isEqualTo(2);
    assertThat(store.load("s1").orElseThrow().turns()).extracting(SessionTurn::id)
        .containsExactly(s.turns().get(0).id(), retried.id());
  }

  @Test
  void given_sessions_then_list_scans_the_heads_and_delete_removes_them() {
    DynamoDbSessionStore store = fx.store();
    store.append("one", 0, turn("a"));
    store.append("Two/2 \u00e9", 0, turn("b"));
    store.append("Two/2 \u00e9", 1, turn("c"));

    assertThat(store.list()).containsExactlyInAnyOrder("one", "Two/2 \u00e9");
    assertThat(store.delete("one")).isTrue();
    assertThat(store.delete("one")).isFalse();
    assertThat(store.list()).containsExactly("Two/2 \u00e9");
    assertThat(store.load("one")).isEmpty();
    assertThat(store.append("one", 0, turn("fresh")).version()).isEqualTo(1);
    assertThat(last("Scan").at("FilterExpression")).asString().contains("#sk = :head");
  }

  @Test
  void given_many_sessions_then_list_follows_the_scan_pages() {
    DynamoDbSessionStore store = fx.store();
    String big = "x".repeat(150_000); // 300 KB of JSON: each head holds its session inline
    for (int i = 0; i < 4; i++) {
      store.append("s" + i, 0, turn(big + i));
    }

    assertThat(store.list()).containsExactlyInAnyOrder("s0", "s1", "s2", "s3");
    assertThat(fx.emulator.requests()).filteredOn(r -> "Scan".equals(r.operation()))
        .as("1.2 MB of heads take two 1 MB pages").hasSize(2)
        .anySatisfy(r -> assertThat(r.at("ExclusiveStartKey")).isNotNull());
  }

  @Test
  void given_key_prefixes_then_two_applications_share_a_table_without_seeing_each_other() {
    DynamoDbSessionStore billing = DynamoDbSessionStore.builder(fx.client(), DynamoDbFixture.TABLE)
        .keyPrefix("billing#").build();
    DynamoDbSessionStore support = DynamoDbSessionStore.builder(fx.client(), DynamoDbFixture.TABLE)
        .keyPrefix("support#").build();
    billing.append("s1", 0, turn("invoice"));
    support.append("s1", 0, turn("ticket"));

    assertThat(billing.list()).containsExactly("s1");
    assertThat(billing.load("s1").orElseThrow().messages().get(0).text()).isEqualTo("invoice");
    assertThat(support.load("s1").orElseThrow().messages().get(0).text()).isEqualTo("ticket");
    assertThat(fx.emulator.items(DynamoDbFixture.TABLE)).extracting(i -> (Object) ((Map<?, ?>) i.get("pk")).get("S"))
        .containsExactlyInAnyOrder("billing#s1", "support#s1");
  }

  @Test
  void given_a_ttl_then_items_carry_epoch_seconds_rounded_up_and_an_idle_session_expires_and_starts_afresh() {
    DynamoDbSessionStore store = fx.store(Duration.ofMinutes(30));
    SessionState s = store.append("s1", 0, turn("a"));
    Instant expires = fx.clock.instant().plus(Duration.ofMinutes(30));
    assertThat(s.expiresAt()).isEqualTo(expires);
    Map<String, Object> head = fx.emulator.items(DynamoDbFixture.TABLE).get(0);
    assertThat(head.get("ttl")).isEqualTo(Map.of("N", Long.toString(expires.getEpochSecond() + 1)));
    assertThat(head.get("expiresAt")).isEqualTo(Map.of("N", Long.toString(expires.toEpochMilli())));

    fx.clock.advance(Duration.ofMinutes(29));
    store.append("s1", 1, turn("b"));
    fx.clock.advance(Duration.ofMinutes(29));
    assertThat(store.load("s1")).as("each turn extends the TTL").isPresent();

    fx.clock.advance(Duration.ofMinutes(1));
    assertThat(store.load("s1")).as("expired before DynamoDB's TTL sweep deletes it").isEmpty();
    assertThat(store.list()).isEmpty();
    assertThatThrownBy(() -> store.append("s1", 2, turn("c")))
        .isInstanceOfSatisfying(SessionConflictException.class, e -> assertThat(e.actualVersion()).isZero());
    SessionState fresh = store.append("s1", 0, turn("fresh"));
    assertThat(fresh.version()).isEqualTo(1);
    assertThat(fresh.messages()).extracting(Message::text).containsExactly("fresh", "re: fresh");
  }

  @Test
  void given_a_session_over_400_kb_then_it_is_split_into_chunk_items_written_in_one_transaction_and_read_back_whole() {
    DynamoDbSessionStore store = fx.store(Duration.ofHours(1));
    String blob = "0123456789abcdef\u00e9".repeat(15_000); // about 270 KB of JSON per turn
    store.append("big", 0, turn("first " + blob));
    SessionState two = store.append("big", 1, turn("second " + blob));

    List<Map<String, Object>> items = fx.emulator.items(DynamoDbFixture.TABLE);
    Map<String, Object> head = items.stream().filter(i -> i.get("sk").equals(Map.of("S", "H"))).findFirst().orElseThrow();
    assertThat(head).doesNotContainKey("state").containsKeys("chunkSet", "chunks", "bytes", "crc32", "ttl");
    assertThat(items).hasSize(1 + Integer.parseInt((String) ((Map<?, ?>) head.get("chunks")).get("N")));
    assertThat(items).allSatisfy(i -> assertThat(i).containsKey("ttl"));
    DynamoDbRequest tx = last("TransactWriteItems");
    assertThat(tx.at("TransactItems", 0, "Put", "ConditionExpression"))
        .isEqualTo("#v = :v AND (attribute_not_exists(#exp) OR #exp > :now)");

    SessionState three = store.append("big", 2, turn("third " + blob));

    assertThat(fx.store().load("big")).contains(three);
    assertThat(three.turns().subList(0, 2)).isEqualTo(two.turns());
    List<Map<String, Object>> after = fx.emulator.items(DynamoDbFixture.TABLE);
    assertThat(after).as("the old chunk set was deleted in the same transaction")
        .noneMatch(i -> ((String) ((Map<?, ?>) i.get("sk")).get("S")).startsWith(
            "C#" + ((Map<?, ?>) head.get("chunkSet")).get("S")));
    assertThat(fx.emulator.requests()).filteredOn(r -> "Query".equals(r.operation()))
        .as("a session over 1 MB is read in several Query pages")
        .anySatisfy(r -> assertThat(r.at("ExclusiveStartKey")).isNotNull());

    fx.clock.advance(Duration.ofHours(2));
    assertThat(fx.emulator.expireItems(DynamoDbFixture.TABLE, "ttl", fx.clock.instant())).isEqualTo(after.size());
    assertThat(fx.emulator.itemCount(DynamoDbFixture.TABLE)).as("DynamoDB's TTL leaves no orphan chunk").isZero();
  }

  @Test
  void given_a_chunked_session_when_deleted_then_head_and_chunks_go_together() {
    DynamoDbSessionStore store = fx.store();
    store.append("big", 0, turn("y".repeat(800_000)));
    assertThat(fx.emulator.itemCount(DynamoDbFixture.TABLE)).isGreaterThan(2);

    assertThat(store.delete("big")).isTrue();

    assertThat(fx.emulator.itemCount(DynamoDbFixture.TABLE)).isZero();
    assertThat(store.load("big")).isEmpty();
  }

  @Test
  void given_a_session_that_would_outgrow_one_transaction_then_the_turn_is_refused_and_nothing_changes() {
    DynamoDbSessionStore store = fx.store();
    store.append("huge", 0, turn("z".repeat(1_000_000))); // 2 MB

    assertThatThrownBy(() -> store.append("huge", 1, turn("z".repeat(1_000_000))))
        .isInstanceOf(SessionStoreException.class)
        .hasMessageContaining("4 MB")
        .hasMessageNotContaining("zzz");
    assertThat(store.load("huge").orElseThrow().version()).isEqualTo(1);
  }

  @Test
  void given_a_transaction_cancelled_by_a_colliding_one_then_the_append_is_retried_and_lands_once() {
    DynamoDbSessionStore store = fx.store();
    store.append("big", 0, turn("q".repeat(500_000)));
    fx.emulator.cancelNextTransaction("TransactionConflict", "None", "None", "None", "None");

    SessionState s = store.append("big", 1, turn("r"));

    assertThat(s.version()).isEqualTo(2);
    assertThat(fx.emulator.requestCount("TransactWriteItems")).isEqualTo(3); // create, cancelled, retried
    assertThat(store.load("big").orElseThrow().turns()).hasSize(2);
  }

  @Test
  void given_throttling_once_then_the_sdk_retries_and_given_a_lasting_failure_then_a_typed_error_names_it() {
    DynamoDbSessionStore store = fx.store();
    fx.emulator.failNext("PutItem", 400, "ProvisionedThroughputExceededException", "slow down");

    assertThat(store.append("s1", 0, turn("a")).version()).isEqualTo(1);

    for (int i = 0; i < 10; i++) {
      fx.emulator.failNext("Query", 500, "InternalServerError", "Internal server error");
    }
    assertThatThrownBy(() -> store.load("s1"))
        .isInstanceOfSatisfying(SessionStoreException.class, e -> {
          assertThat(e.getMessage()).contains("InternalServerError", "requestId=");
          assertThat(e).isNotInstanceOf(SessionCorruptedException.class);
        });
  }

  @Test
  void given_stored_data_that_is_not_a_session_then_load_fails_as_corrupted_without_showing_it() {
    DynamoDbSessionStore store = fx.store();
    fx.client().putItem(b -> b.tableName(DynamoDbFixture.TABLE).item(Map.of(
        "pk", AttributeValue.fromS("bad"), "sk", AttributeValue.fromS("H"),
        "version", AttributeValue.fromN("1"), "state", AttributeValue.fromS("{\"secret-content\": [1, 2"))));

    assertThatThrownBy(() -> store.load("bad"))
        .isInstanceOfSatisfying(SessionCorruptedException.class, e -> {
          assertThat(e.location()).contains("stateline-sessions").contains("bad");
          assertThat(e.getMessage()).doesNotContain("secret-content");
        });
    assertThatThrownBy(() -> store.append("bad", 1, turn("x"))).isInstanceOf(SessionCorruptedException.class);
  }

  @Test
  void given_a_missing_table_then_store_errors_say_so() {
    DynamoDbSessionStore store = DynamoDbSessionStore.of(fx.client(), "no-such-table");

    assertThatThrownBy(() -> store.load("s1"))
        .isInstanceOfSatisfying(SessionStoreException.class, e -> {
          assertThat(e.getMessage()).contains("no-such-table", "does not exist", "ResourceNotFoundException");
          assertThat(e.getMessage()).doesNotContain(BedrockFixture.SECRET_KEY);
          assertThat(e.sessionId()).isEqualTo("s1");
        });
  }

  @Test
  void given_bad_ids_or_arguments_then_the_store_says_so() {
    DynamoDbSessionStore store = fx.store();

    assertThatThrownBy(() -> store.load("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.load("a\nb")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.load("x".repeat(129))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.append("s", -1, turn("a"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DynamoDbSessionStore.of(fx.client(), "no spaces")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DynamoDbSessionStore.builder(fx.client(), "t1t").ttlAttribute("version"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(fx.emulator.requests()).isEmpty();
  }

  private DynamoDbRequest last(String operation) {
    List<DynamoDbRequest> all = fx.emulator.requests().stream().filter(r -> operation.equals(r.operation())).toList();
    assertThat(all).as("requests for %s", operation).isNotEmpty();
    return all.get(all.size() - 1);
  }
}
