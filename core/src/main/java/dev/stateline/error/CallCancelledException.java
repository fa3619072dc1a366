package dev.stateline.error;

/** The caller cancelled the call, closed its stream, or interrupted its thread. */
public class CallCancelledException extends StatelineException {
  public CallCancelledException(String message, Throwable cause) {
    super(message, ErrorInfo.NONE, false, cause);
  }
}
