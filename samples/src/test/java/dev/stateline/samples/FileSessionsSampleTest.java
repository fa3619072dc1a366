/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smoke test: a session kept in files survives a new client, and its turns ran on Bedrock. */
class FileSessionsSampleTest {

  @Test
  void theSessionSurvivesARestart_andRunsOnTheStatefulRuntime(@TempDir Path dir) throws IOException {
    String out = SampleOutput.of(o -> FileSessionsSample.run(dir, o));

    assertThat(out)
        .contains("first run : 2 turns on aws-fra (STATEFUL)")
        .contains("restarted : the session has 4 messages")
        .contains("answered by aws-fra")
        .contains("history   : 6 messages")
        .contains("store     : version 3, turns on [aws-fra]")
        .contains("files     : [.stateline-locks, s-case-4711.session]");
    assertThat(Files.readString(dir.resolve("s-case-4711.session"))).startsWith("stateline-session 1");
  }
}
