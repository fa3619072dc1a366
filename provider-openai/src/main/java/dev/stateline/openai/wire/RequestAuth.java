/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.wire;

import dev.stateline.spi.ModelCall;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okio.ByteString;

/**
 * Authenticates one HTTP request: adds {@code Authorization: Bearer ...}, {@code api-key: ...} or
 * whatever the provider needs, plus provider headers such as {@code OpenAI-Organization}.
 *
 * <p>Part of the provider SPI. Implementations must be thread-safe; {@link #apply} runs on the
 * calling thread once per attempt, so a token credential may block there to refresh its token. To
 * fail, throw a {@link dev.stateline.error.StatelineException} (typically an
 * {@link dev.stateline.error.AuthenticationException}) whose message holds no secret.
 */
public interface RequestAuth {

  /** Adds the credential headers to {@code request}. */
  void apply(Request.Builder request, ModelCall call);

  /**
   * Adds the credential headers to a request whose method, URL and body are final, for credentials
   * that sign what is sent (AWS SigV4 signs the method, path, query and a hash of the body).
   * {@link HttpChatModel} calls this, once per attempt, so that every retry is authenticated afresh
   * (a new signature, a refreshed token). The default calls {@link #apply(Request.Builder, ModelCall)}.
   *
   * @param method the HTTP method, such as {@code POST}
   * @param url the URL the request goes to
   * @param body the exact bytes of the request body ({@link ByteString#EMPTY} for none)
   */
  default void apply(Request.Builder request, ModelCall call, String method, HttpUrl url, ByteString body) {
    apply(request, call);
  }

  /**
   * Removes this credential's secrets from text that may be shown (provider error messages go into
   * exception messages). The default returns {@code text} unchanged; implementations holding a
   * static secret replace every occurrence of it.
   */
  default String redact(String text) {
    return text;
  }
}
