/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.faults;

import dev.stateline.chat.EmbeddingResponse;
import dev.stateline.error.CallTimeoutException;
import dev.stateline.error.ProtocolException;
import dev.stateline.error.ProviderUnavailableException;
import dev.stateline.error.RateLimitedException;
import dev.stateline.error.StatelineException;
import dev.stateline.placement.Attempt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The fault matrix's rows for embedding calls ({@code client.embed(...)}): a non-streamed call, so
 * every fault of {@link Mode#PLAIN} applies and must end as it does for a plain chat call (retried,
 * failed over, timed out or failed with the same typed error, in as many attempts). A provider's
 * embeddings fault test stages each fault of {@link #faults()} on its embeddings wire, with the
 * staging contract of {@link FaultMatrix}, and hands the {@link Outcome} to {@link #check}.
 *
 * <p>Immutable and thread-safe.
 */
public final class EmbeddingFaults {
  private static final Map<Fault, Row> TABLE = new EnumMap<>(Fault.class);

  static {
    String pue = "ProviderUnavailableException";
    String cte = "CallTimeoutException";
    String rle = "RateLimitedException";
    answered(Fault.CONNECTION_REFUSED, "retried on the primary, failed over to the backup, answered", pue, pue, pue);
    answered(Fault.RESET_MID_BODY, pue + ", retried, answered", pue);
    answered(Fault.HEADERS_NEVER_ARRIVE, cte + ", retried, answered", cte);
    answered(Fault.TRICKLE_TOO_SLOW, cte + ", retried, answered", cte);
    answered(Fault.TRICKLE_WITHIN_TIMEOUT, "answered at the first attempt");
    failed(Fault.TRICKLE_PAST_TOTAL, CallTimeoutException.class, 1);
    failed(Fault.MALFORMED_JSON, ProtocolException.class, 1);
    failed(Fault.WRONG_CONTENT_TYPE, ProtocolException.class, 1);
    answered(Fault.ERROR_IN_200, pue + ", retried, answered", pue);
    failed(Fault.OVERSIZED_BODY, ProtocolException.class, 1);
    answered(Fault.RATE_LIMIT_STORM_WITH_RETRY_AFTER, "answered after the waits the provider asked for", rle, rle);
    failed(Fault.RATE_LIMIT_STORM_WITHOUT_RETRY_AFTER, RateLimitedException.class, 3);
    answered(Fault.SERVER_ERRORS_RECOVERING, "answered after " + pue + ", " + pue, pue, pue);
    failed(Fault.SERVER_ERRORS_PERSISTENT, ProviderUnavailableException.class, 3);
  }

  private EmbeddingFaults() {}

  private record Row(String description, List<String> attemptErrors, Class<? extends StatelineException> failure,
      int attempts) {}

  private static void answered(Fault f, String description, String... failedAttempts) {
    TABLE.put(f, new Row(description, List.of(failedAttempts), null, failedAttempts.length + 1));
  }

  private static void failed(Fault f, Class<? extends StatelineException> error, int attempts) {
    TABLE.put(f, new Row("fails with " + error.getSimpleName() + " after " + attempts + " attempt(s)", null, error,
        attempts));
  }

  /** The faults with an embeddings row: those of a plain call, except the credential rotation. */
  public static List<Fault> faults() {
    return List.copyOf(TABLE.keySet());
  }

  /** The row of {@code f}, as docs/reliability.md shows it. */
  public static String describe(Fault f) {
    return Objects.requireNonNull(TABLE.get(f), "no embeddings row for " + f).description();
  }

  /** How an embedding call ended: its vectors or a Stateline exception, exactly one. */
  public record Outcome(EmbeddingResponse answer, StatelineException error) {
    public Outcome {
      if ((answer == null) == (error == null)) {
        throw new IllegalArgumentException("an outcome is an answer or an error, exactly one");
      }
    }

    /** Runs the call. */
    public static Outcome of(Supplier<EmbeddingResponse> call) {
      try {
        return new Outcome(call.get(), null);
      } catch (StatelineException e) {
        return new Outcome(null, e);
      }
    }

    List<Attempt> attempts() {
      return answer != null ? answer.attempts() : error.attempts();
    }

    @Override
    public String toString() {
      return answer != null ? "was answered after " + answer.attempts()
          : "failed with " + error.getClass().getSimpleName() + " after " + error.attempts();
    }
  }

  /**
   * Checks that {@code o} is what the row of {@code f} says.
   *
   * @return the answer, for the provider's own checks of the vectors, or null if it failed
   * @throws AssertionError if it is not
   */
  public static EmbeddingResponse check(Fault f, Outcome o) {
    Row row = Objects.requireNonNull(TABLE.get(f), "no embeddings row for " + f);
    String where = f + " (embeddings): expected " + row.description() + ", but the call " + o;
    if (row.failure() == null) {
      if (o.answer() == null) {
        throw new AssertionError(where);
      }
      List<String> expected = new ArrayList<>(row.attemptErrors());
      expected.add(null);
      List<String> actual = o.attempts().stream().map(Attempt::errorType).toList();
      if (!expected.equals(actual)) {
        throw new AssertionError(where + " (attempts' errors " + actual + ", expected " + expected + ")");
      }
      return o.answer();
    }
    if (!row.failure().isInstance(o.error())) {
      throw new AssertionError(where);
    }
    if (o.error().attempts().size() != row.attempts()) {
      throw new AssertionError(where + " (" + o.error().attempts().size() + " attempts, expected " + row.attempts()
          + ")");
    }
    return null;
  }

  /** Every row, as "fault (embeddings): outcome". */
  public static List<String> describeAll() {
    List<String> rows = new ArrayList<>();
    for (Fault f : faults()) {
      rows.add(f + " (embeddings): " + describe(f));
    }
    return rows;
  }

  static List<String> list(String... s) {
    return Arrays.asList(s);
  }
}
