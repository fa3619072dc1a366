/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.error;

import dev.stateline.chat.ContentFilterResult;

/**
 * The provider's content policy blocked the prompt or the answer. Not retryable.
 *
 * <p>When the provider said which checks blocked it (Azure OpenAI's
 * {@code innererror.content_filter_result}), {@link #contentFilter()} carries them.
 */
public class ContentFilteredException extends StatelineException {
  private final transient ContentFilterResult contentFilter;

  public ContentFilteredException(String message, ErrorInfo info, Throwable cause) {
    this(message, info, null, cause);
  }

  /**
   * @param contentFilter what the provider's filter reported, or null if it gave no details
   */
  public ContentFilteredException(String message, ErrorInfo info, ContentFilterResult contentFilter,
      Throwable cause) {
    super(message, info, false, cause);
    this.contentFilter = contentFilter;
  }

  /** Which checks blocked the call (on the prompt, usually), or null if the provider did not say. */
  public ContentFilterResult contentFilter() {
    return contentFilter;
  }
}
