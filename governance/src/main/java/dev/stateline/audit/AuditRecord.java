/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.audit;

import java.util.Objects;

/**
 * One record of an {@link AuditTrail}: a line of canonical JSON, linked to the record before it.
 *
 * <p>Every record starts with {@code {"seq":N,"prev":"HASH",} and ends with {@code ,"hash":"HASH"}}:
 * {@code seq} counts from 1, {@code prev} is the {@code hash} of the previous record (64 zeros for
 * the first), and {@code hash} is the hex SHA-256 of the record's canonical bytes: the line with its
 * {@code hash} member removed, i.e. {@code {"seq":...,"prev":...,...}}. Lines are pure ASCII. See
 * {@code docs/governance.md} for the members of each {@link #type()}.
 *
 * <p>Immutable and thread-safe.
 */
public final class AuditRecord {
  /** The {@code prev} of the first record: 64 zeros. */
  public static final String GENESIS = "0".repeat(64);

  private final long seq;
  private final String previousHash;
  private final String hash;
  private final String type;
  private final String json;

  AuditRecord(long seq, String previousHash, String hash, String type, String json) {
    this.seq = seq;
    this.previousHash = Objects.requireNonNull(previousHash);
    this.hash = Objects.requireNonNull(hash);
    this.type = Objects.requireNonNull(type);
    this.json = Objects.requireNonNull(json);
  }

  /** The record's position in the chain, from 1. */
  public long seq() {
    return seq;
  }

  /** The hash of the record before, or {@link #GENESIS}. */
  public String previousHash() {
    return previousHash;
  }

  /** The hex SHA-256 of this record's canonical bytes. */
  public String hash() {
    return hash;
  }

  /** {@code call}, {@code model-changed} or {@code residency-breach}. */
  public String type() {
    return type;
  }

  /** The record as one line of JSON, without the line break. Contains no prompt or completion text. */
  public String json() {
    return json;
  }

  @Override
  public String toString() {
    return "AuditRecord[" + seq + ", " + type + ", " + hash.substring(0, 12) + "...]";
  }
}
