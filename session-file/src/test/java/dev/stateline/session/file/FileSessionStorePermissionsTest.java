/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.session.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stateline.chat.Message;
import dev.stateline.session.SessionTurn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Session files hold prompts and answers: on POSIX only their owner may read them. */
class FileSessionStorePermissionsTest {
  @TempDir
  Path dir;

  @BeforeEach
  void posixOnly() {
    assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
  }

  static SessionTurn turn(String text) {
    return new SessionTurn("t-" + text, List.of(Message.user(text), Message.assistant("re: " + text)), "aws-fra",
        "resp_" + text, Instant.parse("2026-03-01T10:00:00Z"));
  }

  static String permissions(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void given_a_missing_directory_when_the_store_writes_a_session_then_files_and_created_directories_are_owner_only()
      throws IOException {
    // given: a store on a directory that does not exist yet (two levels)
    Path sessions = dir.resolve("app").resolve("sessions");
    FileSessionStore store = FileSessionStore.open(sessions);

    // when
    store.append("case-1", 0, turn("my secret prompt"));
    store.append("case-1", 1, turn("and another"));

    // then
    assertThat(permissions(dir.resolve("app"))).isEqualTo("rwx------");
    assertThat(permissions(sessions)).isEqualTo("rwx------");
    assertThat(permissions(store.file("case-1"))).isEqualTo("rw-------");
    assertThat(permissions(store.lockFile("case-1").getParent())).isEqualTo("rwx------");
    assertThat(permissions(store.lockFile("case-1"))).isEqualTo("rw-------");
  }

  @Test
  void given_an_existing_directory_then_the_store_leaves_its_permissions_alone_but_keeps_its_files_private()
      throws IOException {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
    FileSessionStore store = FileSessionStore.open(dir);

    store.append("case-1", 0, turn("hello"));

    assertThat(permissions(dir)).isEqualTo("rwxr-x---");
    assertThat(permissions(store.file("case-1"))).isEqualTo("rw-------");
  }
}
