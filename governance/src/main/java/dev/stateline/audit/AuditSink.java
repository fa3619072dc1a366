/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.audit;

import java.io.UncheckedIOException;

/**
 * Where an {@link AuditTrail} keeps its records: the JSON-lines file of
 * {@link AuditTrail#toFile(java.nio.file.Path)}, or your own (a database table, an append-only
 * object store, a log shipper).
 *
 * <p>A sink stores records in the order given and never changes one. The trail calls it under its
 * own lock, one record at a time, so a sink need not be thread-safe against itself; it must be
 * durable to the degree you need (the file sink's is its {@link FsyncPolicy}).
 */
public interface AuditSink extends AutoCloseable {

  /**
   * Where the chain stored here ends, so that a new trail continues it: the last record's
   * {@code seq} and {@code hash}, or {@link Head#EMPTY}.
   *
   * @throws IllegalStateException if the stored chain is broken (a sink should refuse to extend it)
   */
  Head head();

  /**
   * Stores {@code record} after the others.
   *
   * @throws UncheckedIOException if it could not be stored
   */
  void append(AuditRecord record);

  /** Releases the sink; records appended before are stored. */
  @Override
  default void close() {}

  /**
   * The end of a chain.
   *
   * @param seq the last record's seq, 0 if none
   * @param hash the last record's hash, {@link AuditRecord#GENESIS} if none
   */
  record Head(long seq, String hash) {
    /** An empty chain. */
    public static final Head EMPTY = new Head(0, AuditRecord.GENESIS);
  }
}
