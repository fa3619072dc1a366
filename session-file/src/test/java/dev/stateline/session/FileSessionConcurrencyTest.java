/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.session;

import dev.stateline.session.file.FileSessionStore;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/**
 * {@link SessionConcurrencyTest}'s cases on the file store, and two stores on one directory (two
 * processes) losing nothing.
 */
class FileSessionConcurrencyTest extends SessionConcurrencyTest {

  static Stream<Arguments> stores() {
    return Stream.of(Arguments.of("file", (StoreMaker) t -> FileSessionStore.open(t.dir)));
  }

  @Test
  void given_two_file_stores_on_one_directory_like_two_processes_then_nothing_is_lost() throws Exception {
    FileSessionStore a = FileSessionStore.open(dir);
    FileSessionStore b = FileSessionStore.open(dir);
    appendConcurrently(List.of(a, b), a);
  }
}
