/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The JSON-lines file sink: appends one ASCII line per record, forcing it to disk per its
 * {@link FsyncPolicy}. Opening an existing file verifies it first and continues its chain; a broken
 * or truncated file is refused, never extended. Used under the trail's lock.
 */
final class FileAuditSink implements AuditSink {
  private final Path file;
  private final FsyncPolicy fsync;
  private final FileChannel channel;
  private final Head head;

  FileAuditSink(Path file, FsyncPolicy fsync) throws IOException {
    this.file = file;
    this.fsync = fsync;
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (Files.exists(file) && Files.size(file) > 0) {
      AuditVerification v = AuditVerifier.verify(file);
      if (!v.intact()) {
        throw new IllegalStateException("refusing to extend audit trail " + file + ": it is broken at line "
            + v.line() + " (" + v.problem() + "); keep it as evidence and start a new file");
      }
      this.head = new Head(v.records(), v.head());
    } else {
      this.head = Head.EMPTY;
    }
    this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
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
    }
  }

  @Override
  public String toString() {
    return "FileAuditSink[" + file + ", " + fsync + "]";
  }
}
