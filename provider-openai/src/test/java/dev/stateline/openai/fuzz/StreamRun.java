/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.squareup.moshi.JsonDataException;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatResponse;
import dev.stateline.openai.wire.SseEvent;
import dev.stateline.openai.wire.StreamDecoder;
import dev.stateline.spi.ResponseAssembler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Feeds a {@link StreamDecoder} a run of server-sent events built from fuzz data, the way the HTTP
 * layer does, and checks the contract: {@code decode} returns a progress or throws what
 * {@link StreamDecoder#decode} documents ({@link IOException}, {@link JsonDataException}), after
 * which the HTTP layer gives up; every delta it emits is well-formed; a {@code FAILED} progress comes
 * with an error; and the assembler can always build the answer or the partial answer from what was
 * emitted.
 */
final class StreamRun {
  private static final int MAX_EVENTS = 12;

  private StreamRun() {}

  static void run(FuzzedDataProvider data, StreamDecoder decoder, ResponseAssembler assembler,
      String[] eventTypes, String[] names) {
    List<ChatEvent> emitted = new ArrayList<>();
    int events = data.consumeInt(1, MAX_EVENTS);
    for (int i = 0; i < events; i++) {
      String type = data.consumeInt(0, 3) == 0 ? null : data.pickValue(eventTypes);
      String id = data.consumeInt(0, 7) == 0 ? WireInput.text(data, 8) : null;
      SseEvent event = new SseEvent(type, WireInput.eventData(data, names), id);
      StreamDecoder.Progress progress;
      try {
        progress = decoder.decode(event, e -> {
          assertThat(e).isNotNull();
          assembler.accept(e);
          emitted.add(e);
        });
      } catch (IOException | JsonDataException documented) {
        break; // the HTTP layer turns this into a ProtocolException carrying assembler.partial()
      }
      assertThat(progress).isNotNull();
      if (progress == StreamDecoder.Progress.FAILED) {
        assertThat(decoder.error()).as("the error of a FAILED event").isNotNull();
        break;
      }
      if (progress == StreamDecoder.Progress.DONE) {
        break;
      }
    }
    decoder.completeAtEof();
    for (ChatEvent e : emitted) {
      assertThat(e).isNotInstanceOf(ChatEvent.Completed.class); // the HTTP layer adds that one
      if (e instanceof ChatEvent.TextDelta t) {
        assertThat(t.text()).isNotEmpty();
      }
    }
    ChatResponse whole = assembler.build();
    ChatResponse partial = assembler.partial();
    assertThat(whole.text()).isEqualTo(partial.text()).isEqualTo(assembler.text());
  }
}
