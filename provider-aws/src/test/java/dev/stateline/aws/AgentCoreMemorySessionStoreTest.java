/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import static dev.stateline.aws.SessionFixtures.turn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.aws.internal.JsonDocuments;
import dev.stateline.aws.internal.SessionJson;
import dev.stateline.chat.Message;
import dev.stateline.chat.Role;
import dev.stateline.error.SessionConflictException;
import dev.stateline.error.SessionCorruptedException;
import dev.stateline.error.SessionStoreException;
import dev.stateline.session.SessionState;
import dev.stateline.session.SessionStore;
import dev.stateline.session.SessionTurn;
import dev.stateline.testing.agentcore.AgentCoreRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrockagentcore.BedrockAgentCoreClient;
import software.amazon.awssdk.services.bedrockagentcore.model.PayloadType;

/** The AgentCore Memory store through the real SDK client against the AgentCore wire emulator. */
class AgentCoreMemorySessionStoreTest {
  final AgentCoreFixture fx = new AgentCoreFixture();

  @AfterEach
  void close() {
    fx.close();
  }

  @Test
  void given_a_turn_of_every_message_shape_when_stored_as_an_event_and_loaded_then_it_comes_back_equal() {
    AgentCoreMemorySessionStore store = fx.store();
    SessionTurn first = new SessionTurn("t-1", SessionFixtures.everyShape(), "aws-fra", "resp_1", SessionFixtures.AT);

    SessionState one = store.append("case-4711", 0, first);
    SessionState two = store.append("case-4711", 1, turn("more"));

    assertThat(one.version()).isEqualTo(1);
    assertThat(fx.store().load("case-4711")).contains(two);
    assertThat(two.turns().get(0)).isEqualTo(first);
    assertThat(two.createdAt()).isEqualTo(fx.clock.instant());
    List<Map<String, Object>> events = fx.emulator.events(AgentCoreFixture.MEMORY, "stateline", "case-4711");
    assertThat(events).hasSize(2);
    assertThat(events.get(0).get("payload")).asList().hasSize(1)
        .first().satisfies(p -> assertThat(List.copyOf(((Map<?, ?>) p).keySet())).isEqualTo(List.of("blob")));
    AgentCoreRequest create = fx.emulator.requests().stream().filter(r -> "CreateEvent".equals(r.operation()))
        .findFirst().orElseThrow();
    assertThat(create.pathSegments()).containsExactly("memories", AgentCoreFixture.MEMORY, "events");
    assertThat(((Map<?, ?>) create.json()).keySet().stream().map(Object::toString).toList())
        .contains("actorId", "sessionId", "eventTimestamp", "payload", "clientToken");
    assertThat(((Map<?, ?>) create.json()).get("eventTimestamp")).isInstanceOf(Double.class); // epoch seconds
  }

  @Test
  void given_conversational_payload_then_the_messages_text_is_there_for_long_term_memory_too() {
    AgentCoreMemorySessionStore store = AgentCoreMemorySessionStore.builder(fx.client(), AgentCoreFixture.MEMORY)
        .actorId("user/alice").conversationalPayload(true).build();

    store.append("s1", 0, new SessionTurn("t", SessionFixtures.everyShape(), null, null, SessionFixtures.AT));

    List<Map<String, Object>> events = fx.emulator.events(AgentCoreFixture.MEMORY, "user/alice", "s1");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> payload = (List<Map<String, Object>>) events.get(0).get("payload");
    assertThat(payload.get(0)).containsOnlyKeys("blob");
    assertThat(payload.subList(1, payload.size())).extracting(p -> (Object) ((Map<?, ?>) p.get("conversational")).get("role"))
        .containsExactly("OTHER", "OTHER", "USER", "USER", "TOOL", "TOOL", "ASSISTANT", "ASSISTANT");
    assertThat(store.load("s1").orElseThrow().messages()).isEqualTo(SessionFixtures.everyShape());
  }

  @Test
  void given_a_stale_version_then_append_conflicts_without_writing_an_event() {
    AgentCoreMemorySessionStore store = fx.store();
    store.append("s1", 0, turn("a"));
    store.append("s1", 1, turn("b"));

    assertThatThrownBy(() -> store.append("s1", 1, turn("late")))
        .isInstanceOfSatisfying(SessionConflictException.class, e -> {
          assertThat(e.expectedVersion()).isEqualTo(1);
          assertThat(e.actualVersion()).isEqualTo(2);
        });
    assertThatThrownBy(() -> store.append("s1", 0, turn("again"))).isInstanceOf(SessionConflictException.class);
    assertThat(fx.emulator.requestCount("CreateEvent")).isEqualTo(2);
    assertThat(store.load("s1").orElseThrow().messages()).extracting(Message::text)
        .containsExactly("a", "re: a", "b", "re: b");
  }

  @Test
  void given_another_process_writes_the_same_place_first_then_the_loser_withdraws_its_event_and_conflicts() {
    AgentCoreMemorySessionStore store = fx.store();
    SessionState one = store.append("s1", 0, turn("a"));
    BedrockAgentCoreClient otherProcess = fx.client();
    SessionTurn theirs = turn("theirs");
    // Another process appends version 2 after the same turn, with an earlier timestamp, just before our event.
    fx.emulator.onNext("CreateEvent", () -> otherProcess.createEvent(b -> b.memoryId(AgentCoreFixture.MEMORY)
        .actorId("stateline").sessionId("s1").eventTimestamp(fx.clock.instant())
        .payload(PayloadType.builder().blob(JsonDocuments.parse(SessionJson.encodeTurn(theirs, w -> {
          w.name("version").value(2);
          w.name("parent").value(one.turns().get(0).id());
          w.name("committedAt").value(fx.clock.instant().toString());
          w.name("createdAt").value(one.createdAt().toString());
        }))).build())));
    fx.clock.advance(Duration.ofSeconds(1));

    assertThatThrownBy(() -> store.append("s1", 1, turn("mine")))
        .isInstanceOfSatisfying(SessionConflictException.class, e -> assertThat(e.actualVersion()).isEqualTo(2));

    assertThat(store.load("s1").orElseThrow().messages()).extracting(Message::text)
        .containsExactly("a", "re: a", "theirs", "re: theirs");
    assertThat(fx.emulator.events(AgentCoreFixture.MEMORY, "stateline", "s1")).as("our event was withdrawn").hasSize(2);
    assertThat(fx.emulator.requestCount("DeleteEvent")).isEqualTo(1);
  }

  @Test
  void given_a_repeated_request_for_the_same_turn_then_one_event_is_written() {
    AgentCoreMemorySessionStore store = fx.store();
    SessionTurn t = turn("a");

    store.append("s1", 0, t);
    assertThat(store.append("s1", 0, t).version()).as("the answer of a lost first attempt").isEqualTo(1);

    assertThat(fx.emulator.events(AgentCoreFixture.MEMORY, "stateline", "s1")).hasSize(1);
  }

  @Test
  void given_8_threads_appending_5_turns_each_through_two_store_instances_then_every_turn_is_there_once()
      throws Exception {
    List<SessionStore> stores = List.of(fx.store(), fx.store());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < 8; w++) {
        int writer = w;
        SessionStore store = stores.get(w % 2);
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 5; i++) {
            String text = "w" + writer + "-" + i;
            SessionTurn t = new SessionTurn(UUID.randomUUID().toString(), List.of(Message.user(text),
                Message.assistant("ok")), null, null, Instant.now());
            long version = store.load("shared").map(SessionState::version).orElse(0L);
            while (true) {
              try {
                store.append("shared", version, t);
                break;
              } catch (SessionConflictException e) {
                version = e.actualVersion();
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(3, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }

    SessionState state = fx.store().load("shared").orElseThrow();
    List<String> texts = state.messages().stream().filter(m -> m.role() == Role.USER).map(Message::text).toList();
    assertThat(state.version()).isEqualTo(40);
    assertThat(texts).hasSize(40).doesNotHaveDuplicates();
    for (int w = 0; w < 8; w++) {
      String mine = "w" + w + "-";
      assertThat(texts.stream().filter(s -> s.startsWith(mine)).map(s -> Integer.parseInt(s.substring(mine.length()))))
          .isSorted().hasSize(5);
    }
    assertThat(fx.emulator.events(AgentCoreFixture.MEMORY, "stateline", "shared")).as("no withdrawn event left").hasSize(40);
  }

  @Test
  void given_sessions_then_list_pages_through_them_and_delete_removes_every_event() {
    fx.emulator.pageSize(2);
    AgentCoreMemorySessionStore store = fx.store();
    for (String id : List.of("one", "Two/2", "three", "four", "five")) {
      store.append(id, 0, turn(id));
    }
    store.append("one", 1, turn("again"));
    store.append("one", 2, turn("and again"));

    assertThat(store.list()).containsExactlyInAnyOrder("one", "Two/2", "three", "four", "five");
    assertThat(fx.emulator.events(AgentCoreFixture.MEMORY, "stateline", "Two_2f2")).hasSize(1);
    assertThat(store.load("one").orElseThrow().version()).as("three events over two pages").isEqualTo(3);
    assertThat(store.delete("one")).isTrue();
    assertThat(store.delete("one")).isFalse();
    assertThat(fx.emulator.events(AgentCoreFixture.MEMORY, "stateline", "one")).isEmpty();
    assertThat(store.list()).containsExactlyInAnyOrder("Two/2", "three", "four", "five");
    assertThat(store.append("one", 0, turn("fresh")).version()).isEqualTo(1);
  }

  @Test
  void given_a_ttl_then_an_idle_session_expires_and_its_id_starts_afresh_on_the_same_agentcore_session() {
    AgentCoreMemorySessionStore store = fx.store(Duration.ofMinutes(30));
    SessionState s = store.append("s1", 0, turn("a"));
    assertThat(s.expiresAt()).isEqualTo(fx.clock.instant().plus(Duration.ofMinutes(30)));

    fx.clock.advance(Duration.ofMinutes(29));
    store.append("s1", 1, turn("b"));
    fx.clock.advance(Duration.ofMinutes(29));
    assertThat(store.load("s1")).as("each turn extends the TTL").isPresent();

    fx.clock.advance(Duration.ofMinutes(1));
    assertThat(store.load("s1")).isEmpty();
    assertThat(store.list()).isEmpty();
    assertThatThrownBy(() -> store.append("s1", 2, turn("c"))).isInstanceOf(SessionConflictException.class);
    SessionState fresh = store.append("s1", 0, turn("fresh"));
    assertThat(fresh.version()).isEqualTo(1);
    assertThat(fresh.createdAt()).isEqualTo(fx.clock.instant());
    assertThat(fx.store(Duration.ofMinutes(30)).load("s1").orElseThrow().messages()).extracting(Message::text)
        .containsExactly("fresh", "re: fresh");
    assertThat(store.append("s1", 1, turn("next")).version()).isEqualTo(2);
  }

  @Test
  void given_ids_then_they_map_reversibly_to_agentcore_session_ids_or_are_refused() {
    assertThat(AgentCoreMemorySessionStore.agentCoreSessionId("case-4711")).isEqualTo("case-4711");
    assertThat(AgentCoreMemorySessionStore.agentCoreSessionId("Two/2")).isEqualTo("Two_2f2");
    // An id whose first byte is escaped gets the prefix 0_z: AgentCore ids start with a letter or digit.
    assertThat(AgentCoreMemorySessionStore.agentCoreSessionId("-x_\u00e9")).isEqualTo("0_z_2dx_5f_c3_a9");
    for (String id : List.of("case-4711", "Two/2", "-x_\u00e9", "a b", "x".repeat(100))) {
      assertThat(AgentCoreMemorySessionStore.statelineId(AgentCoreMemorySessionStore.agentCoreSessionId(id))).isEqualTo(id);
    }
    assertThat(AgentCoreMemorySessionStore.statelineId("not_zz")).isNull();
    AgentCoreMemorySessionStore store = fx.store();
    // Too long once escaped: a hashed AgentCore id within the 100 characters, not a refusal.
    String longId = "\u00e9".repeat(40);
    assertThat(AgentCoreMemorySessionStore.agentCoreSessionId(longId)).hasSizeLessThanOrEqualTo(100)
        .isNotEqualTo(AgentCoreMemorySessionStore.agentCoreSessionId("\u00e9".repeat(41)));
    assertThat(store.load(longId)).isEmpty();
    assertThatThrownBy(() -> store.load("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AgentCoreMemorySessionStore.builder(fx.client(), "nope")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AgentCoreMemorySessionStore.builder(fx.client(), AgentCoreFixture.MEMORY).actorId("a b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void given_events_of_other_writers_or_damaged_ones_then_foreign_ones_are_ignored_and_damaged_ones_reported() {
    AgentCoreMemorySessionStore store = fx.store();
    BedrockAgentCoreClient raw = fx.client();
    raw.createEvent(b -> b.memoryId(AgentCoreFixture.MEMORY).actorId("stateline").sessionId("s1")
        .eventTimestamp(Instant.now()).payload(PayloadType.builder().conversational(c -> c.role("USER")
            .content(x -> x.text("written by another agent"))).build()));
    store.append("s1", 0, turn("a"));
    assertThat(store.load("s1").orElseThrow().messages()).extracting(Message::text).containsExactly("a", "re: a");

    raw.createEvent(b -> b.memoryId(AgentCoreFixture.MEMORY).actorId("stateline").sessionId("s1")
        .eventTimestamp(Instant.now()).payload(PayloadType.builder().blob(JsonDocuments.parse(
            "{\"format\":\"stateline-turn\",\"formatVersion\":1,\"turn\":{\"id\":\"x\",\"secret\":\"do-not-show\"}}"))
            .build()));
    assertThatThrownBy(() -> store.load("s1")).isInstanceOfSatisfying(SessionCorruptedException.class, e -> {
      assertThat(e.location()).contains(AgentCoreFixture.MEMORY);
      assertThat(e.getMessage()).doesNotContain("do-not-show");
    });
  }

  @Test
  void given_a_missing_memory_or_a_failing_service_then_errors_are_typed_and_name_the_memory() {
    AgentCoreMemorySessionStore missing = AgentCoreMemorySessionStore.builder(fx.client(), "other_memory-AbCdE12345").build();
    assertThatThrownBy(() -> missing.append("s1", 0, turn("a"))).isInstanceOfSatisfying(SessionStoreException.class,
        e -> assertThat(e.getMessage()).contains("other_memory-AbCdE12345", "ResourceNotFoundException"));
    assertThatThrownBy(missing::list).isInstanceOf(SessionStoreException.class);

    AgentCoreMemorySessionStore store = fx.store();
    for (int i = 0; i < 5; i++) {
      fx.emulator.failNext("ListEvents", 403, "AccessDeniedException", "not allowed");
    }
    assertThatThrownBy(() -> store.load("s1")).isInstanceOfSatisfying(SessionStoreException.class,
        e -> assertThat(e.getMessage()).contains("AccessDeniedException", "requestId="));
  }
}
