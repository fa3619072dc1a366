/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.session.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stateline.chat.Message;
import dev.stateline.error.SessionConflictException;
import dev.stateline.error.SessionStoreException;
import dev.stateline.session.SessionState;
import dev.stateline.session.SessionTurn;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file store's cross-process lock survives other threads being interrupted. "Another process"
 * is a real second JVM that probes the OS lock without blocking.
 */
class FileSessionStoreLockTest {
  @TempDir
  Path dir;

  static SessionTurn turn(String text) {
    return new SessionTurn("t-" + text, List.of(Message.user(text), Message.assistant("re: " + text)), "aws-fra",
        "resp_" + text, Instant.parse("2026-03-01T10:00:00Z"));
  }

  @Test
  void given_a_writer_holding_its_lock_when_an_interrupted_thread_appends_to_another_session_then_the_lock_still_holds_across_processes()
      throws Exception {
    // given: thread A is inside an append of session "a", holding its lock, paused before the rename
    FileSessionStore storeA = FileSessionStore.open(dir);
    FileSessionStore storeB = FileSessionStore.open(dir); // another store on the directory, same JVM
    assertThat(storeA.lockFile("a")).as("the two sessions use different stripes").isNotEqualTo(storeA.lockFile("b"));
    CountDownLatch aHoldsTheLock = new CountDownLatch(1);
    CountDownLatch releaseA = new CountDownLatch(1);
    storeA.crashPoint(point -> {
      if (point.equals("temp-written")) {
        aHoldsTheLock.countDown();
        awaitUninterruptibly(releaseA);
      }
    });
    CompletableFuture<SessionState> a = CompletableFuture.supplyAsync(() -> storeA.append("a", 0, turn("from A")));
    assertThat(aHoldsTheLock.await(30, TimeUnit.SECONDS)).as("A reached its write").isTrue();
    assertThat(probe(storeA.lockFile("a"))).as("before: another process sees A's lock").isEqualTo("held");

    // when: a thread with its interrupt status set appends to session "b"
    SessionStoreException interrupted;
    boolean stillInterrupted;
    Thread.currentThread().interrupt();
    try {
      interrupted = catchThrowableOfType(SessionStoreException.class, () -> storeB.append("b", 0, turn("from B")));
    } finally {
      stillInterrupted = Thread.interrupted(); // clears it for the rest of the test
    }

    // then: A's OS lock still holds: a second process could not get in to commit over A
    assertThat(probe(storeA.lockFile("a"))).as("after: another process still sees A's lock").isEqualTo("held");
    // and B gets a typed error and keeps its interrupt status; nothing of B's was written
    assertThat(interrupted).isNotNull();
    assertThat(interrupted.sessionId()).isEqualTo("b");
    assertThat(interrupted.getMessage()).contains("interrupted");
    assertThat(stillInterrupted).isTrue();
    assertThat(storeB.load("b")).isEmpty();

    releaseA.countDown();
    assertThat(a.get(30, TimeUnit.SECONDS).version()).isEqualTo(1);
    // a writer that read before A committed conflicts instead of overwriting A's turn
    SessionConflictException conflict = catchThrowableOfType(SessionConflictException.class,
        () -> storeB.append("a", 0, turn("stale")));
    assertThat(conflict.actualVersion()).isEqualTo(1);
    assertThat(storeB.load("a").orElseThrow().messages()).extracting(Message::text)
        .containsExactly("from A", "re: from A");
    // and the interrupted thread, no longer interrupted, can write again
    assertThat(storeB.append("b", 0, turn("from B again")).version()).isEqualTo(1);
    assertThat(probe(storeA.lockFile("a"))).as("once released, the lock is free").isEqualTo("free");
  }

  @Test
  void given_a_writer_holding_its_lock_when_another_writer_of_another_session_finishes_then_the_first_lock_still_holds()
      throws Exception {
    // given: A holds session "a"'s lock
    FileSessionStore storeA = FileSessionStore.open(dir);
    FileSessionStore storeB = FileSessionStore.open(dir);
    CountDownLatch aHoldsTheLock = new CountDownLatch(1);
    CountDownLatch releaseA = new CountDownLatch(1);
    storeA.crashPoint(point -> {
      if (point.equals("temp-written")) {
        aHoldsTheLock.countDown();
        awaitUninterruptibly(releaseA);
      }
    });
    CompletableFuture<SessionState> a = CompletableFuture.supplyAsync(() -> storeA.append("a", 0, turn("from A")));
    assertThat(aHoldsTheLock.await(30, TimeUnit.SECONDS)).isTrue();

    // when: B locks, writes and unlocks session "b" (on POSIX, closing any channel of a file drops
    // all of the process's locks on that file, so B must not share A's lock file)
    assertThat(storeB.append("b", 0, turn("from B")).version()).isEqualTo(1);

    // then: another process still cannot take A's lock
    assertThat(probe(storeA.lockFile("a"))).isEqualTo("held");
    releaseA.countDown();
    assertThat(a.get(30, TimeUnit.SECONDS).version()).isEqualTo(1);
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs {@link Probe} in a second JVM: "held" if another process holds the file's lock, else "free". */
  private static String probe(Path lockFile) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        Probe.class.getName(), lockFile.toString()).redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the probe process finished").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.exitValue()).as("probe output: %s", out).isZero();
    return out;
  }

  /** The other process: tries the lock without waiting, and says what it found. */
  public static final class Probe {
    public static void main(String[] args) throws IOException {
      try (FileChannel ch = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock lock = ch.tryLock();
        System.out.println(lock == null ? "held" : "free");
      }
    }
  }
}
