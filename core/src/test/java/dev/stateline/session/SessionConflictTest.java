/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.session;

import static dev.stateline.session.SessionConcurrencyTest.appendConcurrently;
import static dev.stateline.session.SessionConcurrencyTest.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.ChatStream;
import dev.stateline.StatelineClient;
import dev.stateline.chat.Message;
import dev.stateline.error.SessionConflictException;
import dev.stateline.placement.ScriptedTestModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Writers racing on one session in the in-memory store: optimistic retries lose nothing, and a turn
 * that cannot commit fails with a conflict (split from {@link SessionConcurrencyTest}, whose
 * store-by-store cases the file store's module runs too).
 */
class SessionConflictTest {

  @Test
  void given_16_writers_appending_directly_with_optimistic_retries_then_nothing_is_lost() throws Exception {
    SessionStore store = InMemorySessionStore.create();
    appendConcurrently(List.of(store), store);
  }

  @Test
  void given_a_session_that_stays_contended_then_the_turn_fails_with_a_conflict_and_is_not_committed() {
    SessionStore store = InMemorySessionStore.create();
    ScriptedTestModel modelA = new ScriptedTestModel("A");
    ScriptedTestModel modelB = new ScriptedTestModel("B");
    try (StatelineClient clientA = client(modelA, store); StatelineClient clientB = client(modelB, store)) {
      Session a = clientA.session("contended", SessionOptions.builder().maxConflictRetries(0).build());
      Session b = clientB.session("contended");
      modelA.then(call -> {
        b.send("from B");
        return modelA.echo(call);
      });

      assertThatThrownBy(() -> a.send("from A")).isInstanceOfSatisfying(SessionConflictException.class, e -> {
        assertThat(e.expectedVersion()).isZero();
        assertThat(e.actualVersion()).isEqualTo(1);
      });

      assertThat(a.history()).extracting(Message::text).containsExactly("from B", "B: from B");
    }
  }

  @Test
  void given_another_client_commits_during_a_streamed_turn_then_the_stream_fails_with_a_conflict() {
    SessionStore store = InMemorySessionStore.create();
    ScriptedTestModel modelA = new ScriptedTestModel("A");
    ScriptedTestModel modelB = new ScriptedTestModel("B");
    try (StatelineClient clientA = client(modelA, store); StatelineClient clientB = client(modelB, store)) {
      Session a = clientA.session("contended");
      Session b = clientB.session("contended");
      ChatStream stream = a.stream("from A");
      b.send("from B");

      assertThatThrownBy(() -> {
        try (stream) {
          stream.response();
        }
      }).isInstanceOf(SessionConflictException.class);

      assertThat(a.history()).extracting(Message::text).containsExactly("from B", "B: from B");
      assertThat(a.send("again").text()).as("the session's lock was released").isEqualTo("A: again");
    }
  }
}
