/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.wire;

import dev.stateline.chat.ChatEvent;
import java.io.IOException;
import java.util.function.Consumer;
import okio.Buffer;

/**
 * Turns the server-sent events of one streamed answer into {@link ChatEvent} deltas, feeding the
 * stream's {@link dev.stateline.spi.ResponseAssembler} with the answer's id, model and finish
 * reason. The HTTP layer adds the final {@link ChatEvent.Completed}.
 *
 * <p>Part of the provider SPI. Not thread-safe: one decoder per stream.
 */
public interface StreamDecoder {

  /** What an event meant for the stream. */
  enum Progress {
    /** More events are expected. */
    MORE,
    /** The answer is complete (Chat Completions' {@code [DONE]}, Responses' terminal event). */
    DONE,
    /** The provider reported an error; see {@link #error()}. */
    FAILED
  }

  /**
   * Decodes one event.
   *
   * @param event the event
   * @param out receives the deltas and usage reports the event holds, in order
   * @return what the event meant
   * @throws IOException on malformed JSON ({@link com.squareup.moshi.JsonEncodingException} and the
   *     like); {@link com.squareup.moshi.JsonDataException} may be thrown for JSON of the wrong shape
   */
  Progress decode(SseEvent event, Consumer<ChatEvent> out) throws IOException;

  /**
   * Decodes one event whose data is given as its UTF-8 bytes ({@link SseReader#advance()} and
   * {@link SseReader#data()}), so that a decoder that parses bytes needs no String of it. It may
   * consume {@code data}. By default the data is made text and handed to
   * {@link #decode(SseEvent, Consumer)}.
   *
   * @param type the event's {@code event:} field, or null
   * @param id the event's {@code id:} field, or null
   * @param data the data lines joined with {@code \n}, as UTF-8 bytes
   * @see #decode(SseEvent, Consumer)
   */
  default Progress decode(String type, String id, Buffer data, Consumer<ChatEvent> out) throws IOException {
    return decode(new SseEvent(type, data.readUtf8(), id), out);
  }

  /** The error after {@link Progress#FAILED}, else null. */
  ProviderError error();

  /**
   * Whether the answer may be taken as complete if the stream ends here without its end marker.
   * Chat Completions: only once both the finish reason and (when asked for) the usage chunk
   * arrived, which is all the server sends before {@code [DONE]}. Responses API: never.
   */
  boolean completeAtEof();
}
