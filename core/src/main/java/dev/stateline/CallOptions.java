package dev.stateline;

/**
 * Per-call settings that are not part of the model request: timeouts and cancellation.
 *
 * <p>Immutable and thread-safe. Unset values fall back to the client's defaults.
 */
public final class CallOptions {
  private static final CallOptions DEFAULTS = builder().build();

  private final Timeouts timeouts;
  private final Cancellation cancellation;

  private CallOptions(Builder b) {
    this.timeouts = b.timeouts;
    this.cancellation = b.cancellation;
  }

  /** Options that override nothing. */
  public static CallOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().timeouts(timeouts).cancellation(cancellation);
  }

  /** The call's timeouts, or null for the client's. */
  public Timeouts timeouts() {
    return timeouts;
  }

  /** A signal that cancels the call, or null. */
  public Cancellation cancellation() {
    return cancellation;
  }

  @Override
  public String toString() {
    return "CallOptions[timeouts=" + timeouts + ", cancellable=" + (cancellation != null) + "]";
  }

  /** Builds {@link CallOptions}. Not thread-safe. */
  public static final class Builder {
    private Timeouts timeouts;
    private Cancellation cancellation;

    private Builder() {}

    public Builder timeouts(Timeouts timeouts) {
      this.timeouts = timeouts;
      return this;
    }

    public Builder cancellation(Cancellation cancellation) {
      this.cancellation = cancellation;
      return this;
    }

    public CallOptions build() {
      return new CallOptions(this);
    }
  }
}
