package dev.stateline.error;

/** The provider's content policy blocked the prompt or the answer. Not retryable. */
public class ContentFilteredException extends StatelineException {
  public ContentFilteredException(String message, ErrorInfo info, Throwable cause) {
    super(message, info, false, cause);
  }
}
