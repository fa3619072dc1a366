/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.faults;

import java.util.ArrayList;
import java.util.List;

/**
 * The rows of the fault matrix: what a server (or the network, or a credential) can do wrong. Each
 * provider's {@code FaultMatrixTest} maps every fault, in each {@link Mode} it {@linkplain
 * #appliesTo applies to}, to the outcome its documentation promises: a typed error, a successful
 * retry or a failover, within the call's timeouts.
 *
 * <p>Each suite runs {@link #cases()} through a {@code switch} over this enum whose default fails,
 * so a fault added here fails every suite until each has a scenario for it. Immutable and
 * thread-safe.
 */
public enum Fault {
  /** Nothing listens on the target's port. */
  CONNECTION_REFUSED("connection refused", true),
  /** The connection is closed half-way through the response body. */
  RESET_MID_BODY("reset mid-body", true),
  /** The request is read, but the response headers never come. */
  HEADERS_NEVER_ARRIVE("headers never arrive", true),
  /** The body arrives a byte at a time, slower than the read timeout between bytes. */
  TRICKLE_TOO_SLOW("body trickles slower than the read timeout", true),
  /** The body arrives in small pieces, each within the read timeout: it must succeed. */
  TRICKLE_WITHIN_TIMEOUT("body trickles within the read timeout", true),
  /**
   * The body (or the stream's events) keeps coming, each piece within the read timeout, for far
   * longer than the call's total timeout: the total timeout must end it.
   */
  TRICKLE_PAST_TOTAL("body keeps trickling past the total timeout", true),
  /**
   * A stream that sends nothing Stateline calls an event: SSE comments or events without data (on
   * an event-stream wire without comments, nothing at all): the read timeout must end it.
   */
  KEEP_ALIVES_ONLY("SSE comments / empty events only", false),
  /** A stream stops after some events, without its end. */
  TRUNCATED_STREAM("truncated SSE / event stream", false),
  /** A 200 whose JSON is broken. */
  MALFORMED_JSON("malformed JSON", true),
  /** A 200 with a content type that is not the protocol's (an HTML page from a proxy). */
  WRONG_CONTENT_TYPE("wrong content type", true),
  /** A 200 whose body is an error document. */
  ERROR_IN_200("200 whose body is an error", true),
  /** A body larger than the client accepts. */
  OVERSIZED_BODY("oversized body", true),
  /** Several 429s in a row, each saying how long to wait. */
  RATE_LIMIT_STORM_WITH_RETRY_AFTER("429 storm with retry-after", true),
  /** Several 429s in a row, none saying how long to wait. */
  RATE_LIMIT_STORM_WITHOUT_RETRY_AFTER("429 storm without retry-after", true),
  /** A burst of 5xx, then answers. */
  SERVER_ERRORS_RECOVERING("5xx burst, recovering", true),
  /** 5xx that never stop. */
  SERVER_ERRORS_PERSISTENT("5xx, never recovering", true),
  /**
   * The credential changes while calls run: an Entra token or AWS session credentials expire and
   * rotate (during a stream, or between two plain calls), or an API key is revoked.
   */
  CREDENTIALS_EXPIRE("credentials expire / rotate / are revoked", true);

  private final String description;
  private final boolean plainToo;

  Fault(String description, boolean plainToo) {
    this.description = description;
    this.plainToo = plainToo;
  }

  /** What the fault is, in a few words (for test names and the docs' table). */
  public String description() {
    return description;
  }

  /** True if the fault can happen to a call made in {@code mode} (a truncated stream needs a stream). */
  public boolean appliesTo(Mode mode) {
    return mode == Mode.STREAM || plainToo;
  }

  /** A cell of the matrix: one fault, one mode. */
  public record Case(Fault fault, Mode mode) {
    @Override
    public String toString() {
      return fault.description + " (" + mode.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
  }

  /** Every cell of the matrix: each fault in each mode it applies to, in declaration order. */
  public static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    for (Fault f : values()) {
      for (Mode m : Mode.values()) {
        if (f.appliesTo(m)) {
          cases.add(new Case(f, m));
        }
      }
    }
    return List.copyOf(cases);
  }
}
