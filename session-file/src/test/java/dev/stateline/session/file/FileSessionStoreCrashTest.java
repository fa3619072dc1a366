/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.session.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.chat.ContentPart;
import dev.stateline.chat.ImagePart;
import dev.stateline.chat.Message;
import dev.stateline.chat.TextPart;
import dev.stateline.chat.ToolCall;
import dev.stateline.error.SessionCorruptedException;
import dev.stateline.session.SessionState;
import dev.stateline.session.SessionTurn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file store survives crashes and refuses damaged files rather than lose data. */
class FileSessionStoreCrashTest {
  @TempDir
  Path dir;

  /** Stands for the process dying: nothing after it runs, no clean-up. */
  static final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;

    SimulatedCrash() {
      super("simulated crash");
    }
  }

  static SessionTurn turn(String id, Message... messages) {
    return new SessionTurn(id, List.of(messages), "aws-fra", "resp_" + id, Instant.parse("2026-03-01T10:00:00Z"));
  }

  static SessionTurn simple(String text) {
    return turn("t-" + text, Message.user(text), Message.assistant("re: " + text));
  }

  List<Path> files(String glob) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> dir.getFileSystem().getPathMatcher("glob:" + glob).matches(p.getFileName())).toList();
    }
  }

  @Test
  void given_a_crash_after_the_temp_file_is_written_but_before_the_rename_then_the_old_state_still_loads()
      throws IOException {
    FileSessionStore store = FileSessionStore.open(dir);
    store.append("case-1", 0, simple("first"));
    store.crashPoint(point -> {
      if (point.equals("temp-written")) {
        throw new SimulatedCrash();
      }
    });

    assertThatThrownBy(() -> store.append("case-1", 1, simple("second"))).isInstanceOf(SimulatedCrash.class);

    assertThat(files("*.tmp")).as("the crash left its temp file behind").hasSize(1);
    FileSessionStore restarted = FileSessionStore.open(dir);
    SessionState s = restarted.load("case-1").orElseThrow();
    assertThat(s.version()).isEqualTo(1);
    assertThat(s.messages()).extracting(Message::text).containsExactly("first", "re: first");
    assertThat(restarted.list()).containsExactly("case-1");

    restarted.append("case-1", 1, simple("second"));
    assertThat(restarted.load("case-1").orElseThrow().version()).isEqualTo(2);
    assertThat(files("*.tmp")).as("the next write cleans up").isEmpty();
  }

  @Test
  void given_a_crash_right_after_the_rename_then_the_new_state_is_complete() {
    FileSessionStore store = FileSessionStore.open(dir);
    store.append("case-1", 0, simple("first"));
    store.crashPoint(point -> {
      if (point.equals("renamed")) {
        throw new SimulatedCrash();
      }
    });

    assertThatThrownBy(() -> store.append("case-1", 1, simple("second"))).isInstanceOf(SimulatedCrash.class);

    SessionState s = FileSessionStore.open(dir).load("case-1").orElseThrow();
    assertThat(s.version()).isEqualTo(2);
    assertThat(s.messages()).hasSize(4);
  }

  @Test
  void given_a_torn_file_then_loading_fails_with_a_typed_error_and_appending_does_not_overwrite_it()
      throws IOException {
    FileSessionStore store = FileSessionStore.open(dir);
    store.append("case-1", 0, simple("first"));
    store.append("case-1", 1, simple("second"));
    Path file = files("s-*.session").get(0);
    byte[] whole = Files.readAllBytes(file);
    byte[] torn = Arrays.copyOf(whole, whole.length / 2);
    Files.write(file, torn);

    assertThatThrownBy(() -> store.load("case-1"))
        .isInstanceOfSatisfying(SessionCorruptedException.class, e -> {
          assertThat(e.location()).contains(file.getFileName().toString()).contains("line");
          assertThat(e.sessionId()).isEqualTo("case-1");
          assertThat(e.getMessage()).doesNotContain("first").doesNotContain("second");
        });
    assertThatThrownBy(() -> store.append("case-1", 2, simple("third"))).isInstanceOf(SessionCorruptedException.class);
    assertThat(Files.readAllBytes(file)).as("the damaged file is left for repair").isEqualTo(torn);
  }

  @Test
  void given_every_truncation_of_a_file_then_none_loads_as_a_shorter_session() throws IOException {
    FileSessionStore store = FileSessionStore.open(dir);
    store.append("case-1", 0, simple("first"));
    Path file = files("s-*.session").get(0);
    byte[] whole = Files.readAllBytes(file);

    for (int len = 0; len < whole.length; len++) {
      Files.write(file, Arrays.copyOf(whole, len));
      assertThatThrownBy(() -> store.load("case-1")).as("truncated to %d bytes", len)
          .isInstanceOf(SessionCorruptedException.class);
    }
    Files.write(file, whole);
    assertThat(store.load("case-1")).isPresent();
  }

  @Test
  void given_a_changed_byte_then_the_checksum_catches_it() throws IOException {
    FileSessionStore store = FileSessionStore.open(dir);
    store.append("case-1", 0, simple("first"));
    Path file = files("s-*.session").get(0);
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    Files.writeString(file, text.replace("'first", "'fIrst"), StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> store.load("case-1"))
        .isInstanceOf(SessionCorruptedException.class).hasMessageContaining("checksum");
  }

  @Test
  void given_a_file_from_a_newer_format_then_it_asks_for_an_upgrade() throws IOException {
    FileSessionStore store = FileSessionStore.open(dir);
    store.append("case-1", 0, simple("first"));
    Path file = files("s-*.session").get(0);
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    Files.writeString(file, text.replace("stateline-session 1\n", "stateline-session 2\n"), StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> store.load("case-1"))
        .isInstanceOf(SessionCorruptedException.class).hasMessageContaining("upgrade");
  }

  @Test
  void given_a_stray_temp_file_then_it_is_never_read() throws IOException {
    FileSessionStore store = FileSessionStore.open(dir);
    store.append("case-1", 0, simple("first"));
    Files.writeString(dir.resolve(files("s-*.session").get(0).getFileName() + ".deadbeef.tmp"), "garbage");

    assertThat(store.load("case-1").orElseThrow().version()).isEqualTo(1);
    assertThat(store.list()).containsExactly("case-1");
  }

  @Test
  void every_message_shape_survives_the_round_trip() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff};
    List<Message> shapes = List.of(
        Message.system("You are terse.\nReally terse."),
        Message.developer("Use metric units; 100% sure"),
        Message.user("plain"),
        Message.user("").withName("alice smith"),
        Message.user("-"),
        Message.user("'quoted' \"double\" \\ back\tslash %41 ~tilde"),
        Message.user("Grüße, 你好, emoji \uD83D\uDE00, CR\r\nLF"),
        Message.user(new TextPart("look at"), ImagePart.fromUrl("https://example.com/a%20b.png?x=1&y=2",
            ImagePart.Detail.HIGH), ImagePart.fromBytes(png, "image/png", ImagePart.Detail.LOW)),
        Message.assistant("plain answer"),
        Message.assistant(""),
        Message.assistant(null, List.of()),
        Message.assistant("let me check", List.of(new ToolCall("call_1", "get_weather", "{\"city\": \"Oslo\"}"),
            new ToolCall("call_2", "get_time", "{}"))),
        Message.assistant(null, List.of(new ToolCall("call_3", "broken", "{not json"))),
        Message.tool("call_1", "{\"temp\": -3}"),
        Message.tool("call_2", "").withName("clock"));
    FileSessionStore store = FileSessionStore.open(dir);
    SessionTurn t = new SessionTurn("turn 1", shapes, null, null, Instant.parse("2026-03-01T10:00:00.123456789Z"));

    store.append("shapes", 0, t);
    SessionState back = FileSessionStore.open(dir).load("shapes").orElseThrow();

    assertThat(back.turns()).containsExactly(t);
    assertThat(back.messages()).containsExactlyElementsOf(shapes);
    ContentPart inline = back.messages().get(7).content().get(2);
    assertThat(((ImagePart) inline).data()).isEqualTo(png);
  }

  @Test
  void the_file_is_versioned_text_without_raw_content() throws IOException {
    FileSessionStore store = FileSessionStore.open(dir);
    store.append("case-1", 0, simple("hello world"));

    String text = Files.readString(files("s-*.session").get(0), StandardCharsets.US_ASCII);

    assertThat(text).startsWith("stateline-session 1\nsession 'case-1\nversion 1\n");
    assertThat(text).contains("text 'hello%20world\n").matches("(?s).*\nend [0-9a-f]{8}\n$");
  }

  @Test
  void ids_map_to_distinct_file_names_even_on_case_insensitive_file_systems() throws IOException {
    FileSessionStore store = FileSessionStore.open(dir);
    List<String> ids = List.of("Case", "case", "a/b", "../up", ".hidden", "über", "con", "x%41", "x^a", "a b");
    for (String id : ids) {
      store.append(id, 0, simple(id));
    }

    assertThat(store.list()).containsExactlyInAnyOrderElementsOf(ids);
    List<String> names = files("s-*.session").stream().map(p -> p.getFileName().toString().toLowerCase(Locale.ROOT))
        .distinct().toList();
    assertThat(names).hasSize(ids.size());
    for (String id : ids) {
      assertThat(store.load(id).orElseThrow().messages().get(0).text()).isEqualTo(id);
    }
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s).allMatch(p -> p.getParent().equals(dir));
    }
  }

  @Test
  void given_expired_sessions_then_purge_deletes_their_files() throws IOException {
    dev.stateline.placement.MutableClock clock = new dev.stateline.placement.MutableClock();
    FileSessionStore store = FileSessionStore.builder(dir).ttl(java.time.Duration.ofHours(1)).clock(clock).build();
    store.append("old", 0, simple("a"));
    clock.advance(java.time.Duration.ofMinutes(50));
    store.append("new", 0, simple("b"));
    clock.advance(java.time.Duration.ofMinutes(20));

    assertThat(store.purgeExpired()).isEqualTo(1);

    assertThat(files("s-*.session")).hasSize(1);
    assertThat(store.list()).containsExactly("new");
  }
}
