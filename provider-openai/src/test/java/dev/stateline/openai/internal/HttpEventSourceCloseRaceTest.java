/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stateline.Cancellation;
import dev.stateline.Target;
import dev.stateline.Timeouts;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.error.CallCancelledException;
import dev.stateline.openai.OpenAi;
import dev.stateline.placement.CallKind;
import dev.stateline.spi.ModelCall;
import dev.stateline.testing.openai.OpenAiEmulator;
import dev.stateline.testing.openai.Reply;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * close() racing next(): a close that lands after next() checked for it but before the read must
 * surface as a cancellation, never as a read from a closed connection.
 */
class HttpEventSourceCloseRaceTest {
  private OpenAiEmulator emulator;
  private Target target;

  @BeforeEach
  void start() {
    emulator = OpenAiEmulator.create().start();
    target = OpenAi.target("openai").apiKey(emulator.apiKey()).baseUrl(emulator.baseUrl()).model("gpt-4.1").build();
  }

  @AfterEach
  void stop() {
    target.chatModel().close();
    emulator.close();
  }

  private HttpEventSource open() {
    ModelCall call = ModelCall.create("call_race", ChatRequest.of("gpt-4.1", "hi"), true, CallKind.STATELESS,
        new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10)), new Cancellation())
        .withTarget(target, 1);
    return (HttpEventSource) target.chatModel().stream(call);
  }

  @Test
  void given_a_stream_midway_when_close_lands_between_nexts_check_and_its_read_then_the_reader_gets_call_cancelled() {
    // given: a stream whose first event was read
    emulator.enqueue(Reply.text("one two three four five"));
    HttpEventSource source = open();
    assertThat(source.next()).isInstanceOf(ChatEvent.TextDelta.class);
    // when: another thread's close() lands right where next() is about to read
    AtomicBoolean once = new AtomicBoolean();
    source.beforeRead(() -> {
      if (once.compareAndSet(false, true)) {
        source.close();
      }
    });

    // then: reading on ends in a cancellation (events already decoded may still come first)
    Throwable end = catchThrowable(() -> {
      for (int i = 0; i < 100; i++) {
        if (source.next() == null) {
          return;
        }
      }
    });
    assertThat(once).isTrue();
    // Either path (the closed check, or the read failing under the close) must be a cancellation.
    assertThat(end).isInstanceOf(CallCancelledException.class);
  }

  @Test
  void given_a_stream_read_to_its_end_when_closed_afterwards_then_nothing_is_cancelled() {
    emulator.enqueue(Reply.text("done"));
    HttpEventSource source = open();
    ChatEvent e;
    ChatEvent last = null;
    while ((e = source.next()) != null) {
      last = e;
    }

    source.close();

    assertThat(last).isInstanceOf(ChatEvent.Completed.class);
    assertThat(source.next()).isNull();
  }
}
