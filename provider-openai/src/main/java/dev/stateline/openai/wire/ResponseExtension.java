/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.wire;

import com.squareup.moshi.JsonReader;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.StatelineException;
import dev.stateline.spi.ModelCall;
import java.io.IOException;
import okhttp3.Headers;

/**
 * Lets a provider read what the OpenAI decoders do not know: extra JSON fields (Azure's top-level
 * {@code prompt_filter_results} and per-choice {@code content_filter_results}, in whole responses
 * and in stream chunks alike) and the response headers ({@code x-ratelimit-remaining-*},
 * {@code apim-request-id}), and adjust the final answer or error.
 *
 * <p>Part of the provider SPI. The extension itself must be thread-safe; {@link #open} makes a
 * {@link Reader} for one HTTP exchange, used by one thread.
 */
@FunctionalInterface
public interface ResponseExtension {

  /** Reads nothing and changes nothing. */
  ResponseExtension NONE = (call, headers) -> Reader.NONE;

  /**
   * Called once per HTTP response, successful or not, after its headers arrived.
   *
   * @param call the attempt
   * @param headers the response headers
   * @return the reader for this exchange, never null ({@link Reader#NONE} to read nothing)
   */
  Reader open(ModelCall call, Headers headers);

  /** Where in the body an unknown field was met. */
  enum Scope {
    /**
     * The top level of a response object or a stream chunk (Chat Completions), or of the
     * {@code response} object (Responses API).
     */
    RESPONSE,
    /** A Chat Completions choice, in a whole response or a stream chunk; the index is the choice's. */
    CHOICE
  }

  /** Reads one exchange. Not thread-safe. */
  interface Reader {

    /** Reads nothing and changes nothing. */
    Reader NONE = new Reader() {};

    /**
     * Offered each field the decoder does not know, positioned at its value.
     *
     * @param scope where the field is
     * @param index the choice index for {@link Scope#CHOICE}, otherwise -1
     * @param name the field's name
     * @param reader positioned at the field's value
     * @param streaming true inside a stream chunk or event
     * @return true if this method consumed exactly the value; false to let the decoder skip it
     *     (then it must not have touched the reader)
     */
    default boolean readField(Scope scope, int index, String name, JsonReader reader, boolean streaming)
        throws IOException {
      return false;
    }

    /**
     * Called with the finished answer (whole or assembled from a stream) before the caller sees
     * it. May return a replacement, or throw a {@link StatelineException} (say a content-filter
     * result that blocks the answer).
     */
    default ChatResponse onResponse(ChatResponse response) {
      return response;
    }

    /**
     * Offered the body of an error response before it is mapped: a non-2xx body, or a JSON error
     * body where a stream was expected (Azure's {@code innererror.content_filter_result} lives
     * there). The text is bounded like every error body, and may be empty or not JSON. Called at
     * most once per exchange, before {@link #onError}.
     */
    default void readErrorBody(String body) {}

    /** Called with each mapped error before it is thrown; may return a replacement. */
    default StatelineException onError(StatelineException error) {
      return error;
    }
  }
}
