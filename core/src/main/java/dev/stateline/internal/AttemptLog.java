package dev.stateline.internal;

import dev.stateline.placement.Attempt;
import java.util.ArrayList;
import java.util.List;

/** The attempts of one call, across targets. Appended on the call's thread; read at its end. */
final class AttemptLog {
  private final List<Attempt> attempts = new ArrayList<>(2);

  synchronized void add(Attempt attempt) {
    attempts.add(attempt);
  }

  synchronized List<Attempt> snapshot() {
    return List.copyOf(attempts);
  }
}
