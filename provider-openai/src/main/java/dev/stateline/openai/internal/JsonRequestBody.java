/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.internal;

import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;
import okio.ByteString;

/** An immutable, repeatable JSON request body. Not API; thread-safe. */
public final class JsonRequestBody extends RequestBody {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final ByteString bytes;

  public JsonRequestBody(ByteString bytes) {
    this.bytes = bytes;
  }

  @Override
  public MediaType contentType() {
    return JSON;
  }

  @Override
  public long contentLength() {
    return bytes.size();
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    sink.write(bytes);
  }
}
