/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.chat.Message;
import dev.stateline.error.SessionConflictException;
import dev.stateline.placement.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What every SessionStore promises, checked against both built-in stores. */
class SessionStoreContractTest {
  @TempDir
  Path dir;
  final MutableClock clock = new MutableClock();

  /** Makes a store from (directory, ttl). */
  interface Factory extends BiFunction<SessionStoreContractTest, Duration, SessionStore> {}

  static Stream<Arguments> stores() {
    return Stream.of(
        Arguments.of("in-memory", (Factory) (t, ttl) -> InMemorySessionStore.builder().ttl(ttl).clock(t.clock).build()));
  }

  static SessionTurn turn(String text) {
    return new SessionTurn(UUID.randomUUID().toString(), List.of(Message.user(text), Message.assistant("re: " + text)),
        "aws-fra", "resp-" + text, java.time.Instant.parse("2026-03-01T10:00:00Z"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void given_no_session_then_load_is_empty_and_the_first_append_creates_version_1(String name, Factory f) {
    SessionStore store = f.apply(this, null);

    assertThat(store.load("s1")).isEmpty();
    SessionState s = store.append("s1", 0, turn("a"));

    assertThat(s.version()).isEqualTo(1);
    assertThat(s.createdAt()).isEqualTo(clock.instant());
    assertThat(store.load("s1")).contains(s);
    assertThat(s.target()).isEqualTo("aws-fra");
    assertThat(s.responseId()).isEqualTo("resp-a");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void given_a_stale_version_then_append_conflicts_and_changes_nothing(String name, Factory f) {
    SessionStore store = f.apply(this, null);
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

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void given_sessions_then_list_and_delete_see_them(String name, Factory f) {
    SessionStore store = f.apply(this, null);
    store.append("one", 0, turn("a"));
    store.append("Two/2", 0, turn("b"));

    assertThat(store.list()).containsExactlyInAnyOrder("one", "Two/2");
    assertThat(store.delete("one")).isTrue();
    assertThat(store.delete("one")).isFalse();
    assertThat(store.list()).containsExactly("Two/2");
    assertThat(store.load("one")).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void given_a_ttl_then_an_idle_session_expires_and_its_id_starts_afresh(String name, Factory f) {
    SessionStore store = f.apply(this, Duration.ofMinutes(30));
    SessionState s = store.append("s1", 0, turn("a"));
    assertThat(s.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));

    clock.advance(Duration.ofMinutes(29));
    store.append("s1", 1, turn("b"));
    clock.advance(Duration.ofMinutes(29));
    assertThat(store.load("s1")).as("each turn extends the TTL").isPresent();

    clock.advance(Duration.ofMinutes(1));
    assertThat(store.load("s1")).isEmpty();
    assertThat(store.list()).isEmpty();
    assertThatThrownBy(() -> store.append("s1", 2, turn("c"))).isInstanceOf(SessionConflictException.class);
    assertThat(store.append("s1", 0, turn("fresh")).version()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void given_a_bad_id_then_the_store_says_so(String name, Factory f) {
    SessionStore store = f.apply(this, null);

    assertThatThrownBy(() -> store.load("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.load("a\nb")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.load("x".repeat(129))).isInstanceOf(IllegalArgumentException.class);
  }
}
