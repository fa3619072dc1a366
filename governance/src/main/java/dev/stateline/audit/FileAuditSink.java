/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The JSON-lines file sink: appends one ASCII line per record, forcing it to disk per its
 * {@link FsyncPolicy}. One writer per file: the sink holds an exclusive OS lock on the file's lock
 * file ({@code NAME.lock} beside it) for as long as it is open, and refuses to open while another
 * sink, in this process or any other, holds it. Opening an existing file verifies it first (in
 * bounded memory) and continues its chain; a broken or truncated file is refused, never extended.
 * Used under the trail's lock.
 *
 * <p>The lock is on a separate file because POSIX drops every lock a process holds on a file when
 * the process closes any descriptor of that file: a verifier reading the audit file in the same
 * process would otherwise release the writer's lock.
 */
final class FileAuditSink implements AuditSink {
  private final Path file;
  private final FsyncPolicy fsync;
  private final FileChannel lockChannel;
  private final FileChannel channel;
  private final Head head;

  FileAuditSink(Path file, FsyncPolicy fsync) throws IOException {
    this.file = file;
    this.fsync = fsync;
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Path lockFile = lockFile(file);
    this.lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileChannel appender = null;
    try {
      FileLock lock;
      try {
        lock = lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // another sink of this JVM holds it
      }
      if (lock == null) {
        throw new AuditTrailLockedException(file, lockFile);
      }
      if (Files.exists(file) && Files.size(file) > 0) {
        AuditVerification v = AuditVerifier.verify(file);
        if (!v.intact()) {
          throw new AuditTrailBrokenException(file, v);
        }
        this.head = new Head(v.records(), v.head());
      } else {
        this.head = Head.EMPTY;
      }
      appender = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND);
    } catch (IOException | RuntimeException | Error e) {
      lockChannel.close(); // releases the lock, if taken
      throw e;
    }
    this.channel = appender;
  }

  /** The lock file of {@code file}: {@code NAME.lock} in the same directory. */
  static Path lockFile(Path file) {
    return file.resolveSibling(file.getFileName() + ".lock");
  }

  @Override
  public Head head() {
    return head;
  }

  @Override
  public void append(AuditRecord record) {
    ByteBuffer bytes = ByteBuffer.wrap((record.json() + "\n").getBytes(StandardCharsets.US_ASCII));
    try {
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      if (fsync == FsyncPolicy.EVERY_RECORD) {
        channel.force(false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not append audit record " + record.seq() + " to " + file, e);
    }
  }

  @Override
  public void close() {
    try {
      if (channel.isOpen()) {
        channel.force(false);
        channel.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not close audit trail " + file, e);
    } finally {
      try {
        lockChannel.close(); // after the last byte is down: the next writer sees the whole chain
      } catch (IOException e) {
        // the lock goes with the descriptor; nothing is lost
      }
    }
  }

  @Override
  public String toString() {
    return "FileAuditSink[" + file + ", " + fsync + "]";
  }
}
