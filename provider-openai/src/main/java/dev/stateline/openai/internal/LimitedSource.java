/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.internal;

import java.io.IOException;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Source;
import dev.stateline.spi.ResponseTooLargeException;

/**
 * A source that fails with {@link ResponseTooLargeException} once more than {@code limit} bytes have
 * been read from it, so a runaway or hostile body cannot exhaust memory. Not API; not thread-safe.
 */
public final class LimitedSource extends ForwardingSource {
  private final long limit;
  private long total;

  public LimitedSource(Source delegate, long limit) {
    super(delegate);
    this.limit = limit;
  }

  @Override
  public long read(Buffer sink, long byteCount) throws IOException {
    long n = super.read(sink, byteCount);
    if (n > 0) {
      total += n;
      if (total > limit) {
        throw new ResponseTooLargeException(limit);
      }
    }
    return n;
  }
}
