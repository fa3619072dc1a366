/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import static dev.stateline.Fixtures.client;
import static dev.stateline.Fixtures.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stateline.audit.AuditTrail;
import dev.stateline.audit.AuditTrailBrokenException;
import dev.stateline.audit.AuditTrailLockedException;
import dev.stateline.audit.AuditVerification;
import dev.stateline.audit.AuditVerifier;
import dev.stateline.chat.ChatRequest;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer per audit file: a second trail on the same file, in this JVM or in a real second JVM,
 * is refused at open with a typed error instead of forking the chain; a pathological file is
 * refused in bounded memory.
 */
class AuditFileWriterTest {
  @TempDir
  Path dir;

  private Path file() {
    return dir.resolve("audit.jsonl");
  }

  private static void calls(AuditTrail audit, int n) {
    StatelineClient client = client(target("a", new ScriptedModel())).telemetry(audit).build();
    for (int i = 0; i < n; i++) {
      client.chat(ChatRequest.of("gpt-4.1", "question " + i));
    }
  }

  @Test
  void given_an_open_trail_when_a_second_trail_in_the_same_process_opens_the_file_then_it_is_refused_and_the_chain_stays_one()
      throws IOException {
    try (AuditTrail first = AuditTrail.toFile(file())) {
      calls(first, 2);

      AuditTrailLockedException refused = catchThrowableOfType(AuditTrailLockedException.class,
          () -> AuditTrail.toFile(file()));

      assertThat(refused.file()).isEqualTo(file());
      assertThat(refused.lockFile()).isEqualTo(dir.resolve("audit.jsonl.lock"));
      assertThat(refused).hasMessageContaining("already open by another writer").hasMessageContaining("one writer per file");
      calls(first, 1); // the first writer goes on undisturbed
    }
    // closed: the next writer gets the file and continues the one chain
    try (AuditTrail next = AuditTrail.toFile(file())) {
      assertThat(next.lastSeq()).isEqualTo(3);
      calls(next, 1);
    }
    AuditVerification v = AuditVerifier.verify(file());
    assertThat(v.intact()).isTrue();
    assertThat(v.records()).isEqualTo(4);
  }

  @Test
  void given_an_open_trail_when_another_process_opens_the_file_then_it_is_refused_until_the_first_closes()
      throws Exception {
    AuditTrail first = AuditTrail.toFile(file());
    calls(first, 2);

    assertThat(otherProcess("2")).as("a second JVM, while the first trail is open").isEqualTo("locked");
    // verifying in the writer's own process reads (and closes) the audit file: the lock must hold
    assertThat(AuditVerifier.verify(file()).records()).isEqualTo(2);
    assertThat(otherProcess("2")).as("after a verify in the writer's process").isEqualTo("locked");

    first.close();
    assertThat(otherProcess("2")).as("once the first trail is closed").isEqualTo("opened at seq 2, wrote 2");

    AuditVerification v = AuditVerifier.verify(file());
    assertThat(v.intact()).isTrue();
    assertThat(v.records()).isEqualTo(4);
  }

  @Test
  void given_a_file_whose_second_line_is_300_MB_without_a_line_break_when_it_is_verified_or_opened_then_it_is_refused_in_bounded_memory()
      throws IOException {
    try (AuditTrail audit = AuditTrail.toFile(file())) {
      calls(audit, 1);
    }
    try (RandomAccessFile raf = new RandomAccessFile(file().toFile(), "rw")) {
      raf.setLength(raf.length() + 300L * 1024 * 1024); // a sparse tail of zero bytes: one endless line
    }

    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    AuditVerification v = AuditVerifier.verify(file());
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(v.intact()).isFalse();
    assertThat(v.records()).isEqualTo(1);
    assertThat(v.line()).isEqualTo(2);
    assertThat(v.problem()).contains("longer than " + AuditVerifier.MAX_RECORD_BYTES + " bytes");
    assertThat(allocated).as("bytes allocated to verify a 300 MB line").isLessThan(32L * 1024 * 1024);

    AuditTrailBrokenException refused = catchThrowableOfType(AuditTrailBrokenException.class,
        () -> AuditTrail.toFile(file()));
    assertThat(refused.verification().line()).isEqualTo(2);
    assertThat(refused).hasMessageContaining("line 2").hasMessageContaining("longer than");
    // a refused open gives the lock back: the next attempt finds the same broken file, not a lock
    assertThat(catchThrowableOfType(AuditTrailBrokenException.class, () -> AuditTrail.toFile(file()))).isNotNull();
  }

  /** Runs {@link OtherWriter} in a second JVM on the audit file and returns what it printed. */
  private String otherProcess(String calls) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        OtherWriter.class.getName(), file().toString(), calls).redirectErrorStream(true).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the other process finished").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.exitValue()).as("other process output: %s", out).isZero();
    String[] lines = out.split("\\R");
    return lines[lines.length - 1];
  }

  /** The other process: opens a trail on the file and writes calls, or says that it is locked. */
  public static final class OtherWriter {
    public static void main(String[] args) throws IOException {
      AuditTrail audit;
      try {
        audit = AuditTrail.toFile(Path.of(args[0]));
      } catch (AuditTrailLockedException e) {
        System.out.println("locked");
        return;
      }
      try (audit) {
        long seq = audit.lastSeq();
        calls(audit, Integer.parseInt(args[1]));
        System.out.println("opened at seq " + seq + ", wrote " + (audit.lastSeq() - seq));
      }
    }
  }
}
