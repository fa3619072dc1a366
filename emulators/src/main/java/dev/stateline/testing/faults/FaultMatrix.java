/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.faults;

import dev.stateline.CallOptions;
import dev.stateline.Timeouts;
import dev.stateline.error.CallTimeoutException;
import dev.stateline.error.ProtocolException;
import dev.stateline.error.ProviderUnavailableException;
import dev.stateline.error.RateLimitedException;
import dev.stateline.error.StatelineException;
import dev.stateline.placement.Attempt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The fault matrix's table, written once: for every {@link Fault} in every {@link Mode}, the outcome
 * every provider must end in (docs/reliability.md, "Fault matrix"). A provider's
 * {@code FaultMatrixTest} only stages each fault on its own wire (an emulator reply, a refused port,
 * rotated credentials) and hands the {@link CallOutcome} to {@link #check}; where a provider's wire
 * makes a cell differ, its {@link Profile} says so by name, so the differences are listed here too,
 * not hidden in three test classes.
 *
 * <p>The staging contract: a fault that sends text sends {@link #TEXT}; a healthy answer to the
 * prompt {@code "hi"} is the profile's {@link Profile#echo()}; the client retries with
 * {@link #RETRIES}; the faults that must trip a timeout are called with {@link #SHORT_READ} or
 * {@link #SHORT_TOTAL}.
 *
 * <p>Immutable and thread-safe.
 */
public final class FaultMatrix {
  /** The text a fault's reply carries (a stream's deltas, a trickled body). */
  public static final String TEXT = "one two three four five six";

  /** The retry policy of the matrix's clients: three attempts, backoffs of a few milliseconds. */
  public static final dev.stateline.RetryPolicy RETRIES = dev.stateline.RetryPolicy.builder().maxAttempts(3)
      .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(4)).build();

  /** For the faults that must trip the read timeout: a second of silence is enough. */
  public static final CallOptions SHORT_READ = CallOptions.builder()
      .timeouts(new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(60))).build();

  /**
   * For the faults that must trip the total timeout while bytes keep coming: a read timeout no
   * trickle trips (2 s), a total of 3 s.
   */
  public static final CallOptions SHORT_TOTAL = CallOptions.builder()
      .timeouts(new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(3))).build();

  private static final Map<Fault, Map<Mode, Outcome>> TABLE = new EnumMap<>(Fault.class);

  static {
    both(Fault.CONNECTION_REFUSED, failedOver("ProviderUnavailableException"));
    cell(Fault.RESET_MID_BODY, Mode.PLAIN, retriedThenAnswered("ProviderUnavailableException"));
    cell(Fault.RESET_MID_BODY, Mode.STREAM, truncated(null));
    both(Fault.HEADERS_NEVER_ARRIVE, retriedThenAnswered("CallTimeoutException"));
    cell(Fault.TRICKLE_TOO_SLOW, Mode.PLAIN, retriedThenAnswered("CallTimeoutException"));
    cell(Fault.TRICKLE_TOO_SLOW, Mode.STREAM, truncated(CallTimeoutException.Kind.READ));
    both(Fault.TRICKLE_WITHIN_TIMEOUT, answeredFirstTry(TEXT));
    cell(Fault.TRICKLE_PAST_TOTAL, Mode.PLAIN, timedOut(CallTimeoutException.Kind.TOTAL));
    cell(Fault.TRICKLE_PAST_TOTAL, Mode.STREAM, truncated(CallTimeoutException.Kind.TOTAL));
    cell(Fault.KEEP_ALIVES_ONLY, Mode.STREAM, retriedThenAnswered("CallTimeoutException"));
    cell(Fault.TRUNCATED_STREAM, Mode.STREAM, truncated(null));
    cell(Fault.MALFORMED_JSON, Mode.PLAIN, failed(ProtocolException.class, 1));
    cell(Fault.MALFORMED_JSON, Mode.STREAM, truncated(null));
    both(Fault.WRONG_CONTENT_TYPE, failed(ProtocolException.class, 1));
    cell(Fault.ERROR_IN_200, Mode.PLAIN, retriedThenAnswered("ProviderUnavailableException"));
    cell(Fault.ERROR_IN_200, Mode.STREAM, failedKeepingText(ProviderUnavailableException.class));
    both(Fault.OVERSIZED_BODY, failed(ProtocolException.class, 1));
    both(Fault.RATE_LIMIT_STORM_WITH_RETRY_AFTER, answeredAfterTheWaitsAsked());
    both(Fault.RATE_LIMIT_STORM_WITHOUT_RETRY_AFTER, rateLimitedAfterOwnBackoff());
    both(Fault.SERVER_ERRORS_RECOVERING, answeredAfter("ProviderUnavailableException", "ProviderUnavailableException"));
    both(Fault.SERVER_ERRORS_PERSISTENT, failed(ProviderUnavailableException.class, 3));
    both(Fault.CREDENTIALS_EXPIRE, answeredFirstTry(null));
  }

  private FaultMatrix() {}

  private static void both(Fault f, Outcome o) {
    cell(f, Mode.PLAIN, o);
    cell(f, Mode.STREAM, o);
  }

  private static void cell(Fault f, Mode m, Outcome o) {
    TABLE.computeIfAbsent(f, k -> new EnumMap<>(Mode.class)).put(m, o);
  }

  /**
   * The outcome {@code c} must end in on a provider of {@code profile}.
   *
   * @throws IllegalStateException if the table has no cell for {@code c} (a new fault without its outcome)
   */
  public static Outcome expected(Fault.Case c, Profile profile) {
    Outcome special = profile.differences.get(c.toString());
    if (special != null) {
      return special;
    }
    Map<Mode, Outcome> row = TABLE.get(c.fault());
    Outcome o = row == null ? null : row.get(c.mode());
    if (o == null) {
      throw new IllegalStateException("the fault matrix has no outcome for " + c);
    }
    return o;
  }

  /**
   * Checks that {@code outcome} is what the table says for {@code c}.
   *
   * @return the error the call ended with, or null if it was answered, for further checks
   * @throws AssertionError if it is not
   */
  public static StatelineException check(Fault.Case c, Profile profile, CallOutcome outcome) {
    Outcome o = expected(c, profile);
    try {
      o.check(outcome, profile);
    } catch (AssertionError e) {
      throw new AssertionError(c + ": expected " + o + ", but the call " + outcome + " (" + e.getMessage() + ")", e);
    }
    return outcome.error();
  }

  /** Every cell of the table, as docs/reliability.md shows it: "fault (mode): outcome". */
  public static List<String> describe(Profile profile) {
    List<String> rows = new ArrayList<>();
    for (Fault.Case c : Fault.cases()) {
      rows.add(c + ": " + expected(c, profile));
    }
    return rows;
  }

  // ------------------------------------------------------------------ outcomes

  /** What a call of the matrix must end in, and the check of it. Immutable. */
  public abstract static class Outcome {
    private final String description;

    Outcome(String description) {
      this.description = description;
    }

    abstract void check(CallOutcome o, Profile p);

    @Override
    public String toString() {
      return description;
    }
  }

  private static Outcome of(String description, Check check) {
    return new Outcome(description) {
      @Override
      void check(CallOutcome o, Profile p) {
        check.run(o, p);
      }
    };
  }

  private interface Check {
    void run(CallOutcome o, Profile p);
  }

  /** Answered at the first attempt, with {@code text} (or the profile's echo when null). */
  public static Outcome answeredFirstTry(String text) {
    return of("answered at the first attempt", (o, p) -> {
      expectEqual("the answer", text == null ? p.echo : text, o.text());
      expectEqual("attempts", 1, o.answer().attempts().size());
    });
  }

  /** A first attempt failing with {@code firstError}, then answered with the echo at the second. */
  public static Outcome retriedThenAnswered(String firstError) {
    return answeredAfter(firstError);
  }

  /** Answered with the echo after attempts failing with {@code errors}, in order. */
  public static Outcome answeredAfter(String... errors) {
    return of(errors.length == 1 ? errors[0] + ", retried, answered"
        : "answered after " + String.join(", ", errors), (o, p) -> {
          expectEqual("the answer", p.echo, o.text());
          List<String> expected = new ArrayList<>(Arrays.asList(errors));
          expected.add(null);
          expectEqual("the attempts' errors", expected,
              o.answer().attempts().stream().map(Attempt::errorType).toList());
        });
  }

  /** Every attempt on the primary failing with {@code error}, then answered by the backup after a failover. */
  public static Outcome failedOver(String error) {
    return of("retried on the primary, failed over to the backup, answered", (o, p) -> {
      expectEqual("the answer", p.echo, o.text());
      List<String> route = new ArrayList<>();
      for (int i = 0; i < RETRIES.maxAttempts(); i++) {
        route.add(p.primary + " " + error);
      }
      route.add(p.backup + " ok");
      expectEqual("the route", route, o.route());
    });
  }

  /**
   * A truncated answer: a non-retryable {@link ProtocolException} after one attempt keeping exactly
   * the text delivered (some text was), caused by a timeout of {@code kind} if given.
   */
  public static Outcome truncated(CallTimeoutException.Kind kind) {
    return of("a truncated answer, its partial text kept, not retried"
        + (kind == null ? "" : " (caused by the " + kind.name().toLowerCase(java.util.Locale.ROOT) + " timeout)"),
        (o, p) -> {
          ProtocolException e = o.truncation("", 1);
          if (kind != null) {
            if (!(e.getCause() instanceof CallTimeoutException t) || t.kind() != kind) {
              throw new AssertionError("the cause is not a " + kind + " timeout: " + e.getCause());
            }
          }
        });
  }

  /** A {@link CallTimeoutException} of {@code kind} after one attempt. */
  public static Outcome timedOut(CallTimeoutException.Kind kind) {
    return of("a " + kind.name().toLowerCase(java.util.Locale.ROOT) + " timeout, not retried", (o, p) -> {
      CallTimeoutException e = o.failure(CallTimeoutException.class, 1);
      expectEqual("the timeout", kind, e.kind());
    });
  }

  /** A {@code type} after {@code attempts} attempts. */
  public static Outcome failed(Class<? extends StatelineException> type, int attempts) {
    return of("a " + type.getSimpleName() + (attempts == 1 ? ", not retried" : " after " + attempts + " attempts"),
        (o, p) -> o.failure(type, attempts));
  }

  /** A {@code type} after one attempt, the text streamed before it kept (the stream's own text). */
  public static Outcome failedKeepingText(Class<? extends StatelineException> type) {
    return of("a " + type.getSimpleName() + " after the text that arrived, not retried", (o, p) -> {
      o.failure(type, 1);
      if (o.streamedText().isEmpty()) {
        throw new AssertionError("no text arrived before the error");
      }
    });
  }

  /** Answered at the third attempt after two 429s, having waited exactly what each asked (the profile's waits). */
  public static Outcome answeredAfterTheWaitsAsked() {
    return of("answered after waiting what each 429 asked", (o, p) -> {
      expectEqual("the answer", p.echo, o.text());
      List<Attempt> attempts = o.answer().attempts();
      expectEqual("attempts", 3, attempts.size());
      for (int i = 0; i < 2; i++) {
        expectEqual("attempt " + (i + 1), "RateLimitedException", attempts.get(i).errorType());
        expectEqual("the wait after attempt " + (i + 1), p.retryAfterWaits.get(i), attempts.get(i).retryDelay());
      }
    });
  }

  /** A {@link RateLimitedException} after every attempt, without a retry-after, after the client's own short backoffs. */
  public static Outcome rateLimitedAfterOwnBackoff() {
    return of("the client's own backoff, then the last 429 as a RateLimitedException", (o, p) -> {
      RateLimitedException e = o.failure(RateLimitedException.class, RETRIES.maxAttempts());
      if (e.retryAfter().isPresent()) {
        throw new AssertionError("a retry-after nobody sent: " + e.retryAfter());
      }
      for (Attempt a : e.attempts()) {
        if (a.retryDelay().compareTo(RETRIES.maxBackoff()) > 0) {
          throw new AssertionError("a backoff longer than the policy's: " + a.retryDelay());
        }
      }
    });
  }

  private static void expectEqual(String what, Object expected, Object actual) {
    if (!Objects.equals(expected, actual)) {
      throw new AssertionError(what + ": expected " + expected + " but was " + actual);
    }
  }

  // ------------------------------------------------------------------ profiles

  /**
   * What the table needs to know of one provider: its healthy answer to "hi", its targets' names for
   * the failover cell, the waits its 429s ask for, and the cells where its wire makes the outcome
   * differ, each with the reason. Immutable.
   */
  public static final class Profile {
    final String echo;
    final String primary;
    final String backup;
    final List<Duration> retryAfterWaits;
    final Map<String, Outcome> differences;
    final Map<String, String> reasons;

    private Profile(Builder b) {
      this.echo = Objects.requireNonNull(b.echo, "echo");
      this.primary = Objects.requireNonNull(b.primary, "primary");
      this.backup = Objects.requireNonNull(b.backup, "backup");
      this.retryAfterWaits = List.copyOf(b.retryAfterWaits);
      this.differences = Map.copyOf(b.differences);
      this.reasons = Map.copyOf(b.reasons);
    }

    /** A profile whose healthy answer to "hi" is {@code echo}. */
    public static Builder builder(String echo) {
      return new Builder(echo);
    }

    /** The healthy answer to "hi". */
    public String echo() {
      return echo;
    }

    /** The cells where this provider differs, each with its reason. */
    public Map<String, String> reasons() {
      return reasons;
    }

    /** Builds a {@link Profile}. Not thread-safe. */
    public static final class Builder {
      private final String echo;
      private String primary;
      private String backup;
      private List<Duration> retryAfterWaits = List.of();
      private final Map<String, Outcome> differences = new LinkedHashMap<>();
      private final Map<String, String> reasons = new LinkedHashMap<>();

      private Builder(String echo) {
        this.echo = echo;
      }

      /** The names of the failover cell's targets. */
      public Builder failover(String primary, String backup) {
        this.primary = primary;
        this.backup = backup;
        return this;
      }

      /** The waits the two 429s of the retry-after storm ask for. */
      public Builder retryAfterWaits(Duration first, Duration second) {
        this.retryAfterWaits = List.of(first, second);
        return this;
      }

      /** This provider ends {@code fault} in {@code mode} in {@code outcome} instead, because {@code why}. */
      public Builder differs(Fault fault, Mode mode, Outcome outcome, String why) {
        String key = new Fault.Case(fault, mode).toString();
        differences.put(key, outcome);
        reasons.put(key, why);
        return this;
      }

      public Profile build() {
        return new Profile(this);
      }
    }
  }
}
