/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.chat.Message;
import dev.stateline.session.file.FileSessionStore;
import dev.stateline.spi.SessionIdCodecTest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every id the docs call valid works in the in-memory and the file store, and two distinct ids never share
 * storage: normalisation forms, case, the longest ids in every script, names a file system treats
 * specially.
 */
class SessionIdEdgesTest {
  @TempDir
  static Path directory;

  static Stream<Arguments> stores() {
    return Stream.of(
        Arguments.of("in-memory", InMemorySessionStore.create()),
        Arguments.of("file", FileSessionStore.builder(directory.resolve("sessions")).build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void everyValidIdWorks_andDistinctIdsNeverShareStorage(String name, SessionStore store) {
    List<String> ids = SessionIdCodecTest.EDGES;

    // when: one turn per id, each saying which id it belongs to
    for (String id : ids) {
      store.append(id, 0, new SessionTurn(UUID.randomUUID().toString(), List.of(Message.user("for " + id)), null,
          null, Instant.parse("2026-03-01T10:00:00Z")));
    }

    // then: each id reads back its own turn only, and list() names each id once
    for (String id : ids) {
      SessionState s = store.load(id).orElseThrow(() -> new AssertionError("lost " + id));
      assertThat(s.id()).isEqualTo(id);
      assertThat(s.messages()).extracting(Message::text).containsExactly("for " + id);
    }
    assertThat(store.list()).containsExactlyInAnyOrderElementsOf(ids);
    for (String id : ids) {
      assertThat(store.delete(id)).as("deletes " + id).isTrue();
    }
    assertThat(store.list()).isEmpty();
  }
}
