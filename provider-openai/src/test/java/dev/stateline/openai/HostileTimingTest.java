/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stateline.ChatStream;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Timeouts;
import dev.stateline.chat.ChatRequest;
import dev.stateline.error.CallTimeoutException;
import dev.stateline.error.ProtocolException;
import dev.stateline.testing.faults.WireFaults;
import dev.stateline.testing.openai.OpenAiEmulator;
import dev.stateline.testing.openai.Reply;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Servers that keep sending bytes, slowly: the total timeout holds whatever arrives, and on a stream
 * the read timeout is the wait for the next event, which SSE comments and events without data do not
 * end. Each server keeps sending for far longer than the timeouts and counts what it managed to
 * write, so "the client left early" is observed on the server's side, not timed. The {@code @Timeout}
 * is a hang guard only.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileTimingTest {
  private static final String CHUNK = "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"w \"},"
      + "\"finish_reason\":null}]}\n\n";
  private final OpenAiEmulator emulator = OpenAiEmulator.create().start();
  private final AtomicInteger written = new AtomicInteger();
  private StatelineClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    emulator.close();
  }

  private StatelineClient client(Timeouts timeouts) {
    client = StatelineClient.builder()
        .target(OpenAi.target("openai").apiKey(emulator.apiKey()).baseUrl(emulator.baseUrl()).model("gpt-4.1").build())
        .retryPolicy(RetryPolicy.none()).timeouts(timeouts).build();
    return client;
  }

  /** A 200 whose body is {@code first}, then {@code piece} {@code pieces} times, {@code every} apart. */
  private MockResponse dripping(String contentType, String first, String piece, int pieces, Duration every) {
    return WireFaults.drip(contentType, first, i -> piece, pieces, every, written);
  }

  @Test
  void givenAWholeBodyTrickledAByteAtATime_whenItWouldOutlastTheTotalTimeout_thenTotalTimeoutAndTheServerIsLeft() {
    // given: a 2,000-byte answer sent a byte every 10 ms (20 s); a read timeout it never trips
    String body = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"gpt-4.1\",\"choices\":[{\"index\":0,"
        + "\"message\":{\"role\":\"assistant\",\"content\":\"" + "x".repeat(1900) + "\"},\"finish_reason\":\"stop\"}]}";
    emulator.enqueue(Reply.raw(dripping("application/json", "", null, 0, Duration.ZERO).newBuilder()
        .body(body).throttleBody(1, 10, TimeUnit.MILLISECONDS).build()));
    StatelineClient c = client(new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(2)));

    // when
    CallTimeoutException e = catchThrowableOfType(CallTimeoutException.class, () -> c.chat(ChatRequest.of("gpt-4.1", "hi")));

    // then: the total timeout, not retryable
    assertThat(e).as("the call must fail on its total timeout, not wait for the whole trickle").isNotNull();
    assertThat(e.kind()).isEqualTo(CallTimeoutException.Kind.TOTAL);
    assertThat(e.isRetryable()).isFalse();
  }

  @Test
  void givenAStreamOfEventsEachWithinTheReadTimeout_whenItWouldOutlastTheTotal_thenATruncatedAnswerCausedByTheTotal() {
    // given: an event every 100 ms, 200 of them (20 s)
    emulator.enqueue(Reply.raw(dripping("text/event-stream", CHUNK, CHUNK, 200, Duration.ofMillis(100))));
    StatelineClient c = client(new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(2)));

    // when
    ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> {
      try (ChatStream s = c.stream(ChatRequest.of("gpt-4.1", "hi"))) {
        s.forEach(ev -> { });
      }
    });

    // then: what arrived is kept; the total timeout ended it, long before the server was done
    assertThat(e).isNotNull();
    assertThat(e.partialText()).startsWith("w w ");
    assertThat(e.getCause()).isInstanceOfSatisfying(CallTimeoutException.class,
        t -> assertThat(t.kind()).isEqualTo(CallTimeoutException.Kind.TOTAL));
    assertThat(written.get()).isLessThan(200);
  }

  @Test
  void givenAStreamOfCommentsOnly_thenAReadTimeout_becauseACommentIsNotAnEvent() {
    // given: ": keep-alive" every 50 ms, for 10 s; a read timeout of 500 ms and a generous total
    emulator.enqueue(Reply.raw(dripping("text/event-stream", ": hello\n\n", ": keep-alive\n\n", 200, Duration.ofMillis(50))));
    StatelineClient c = client(new Timeouts(Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(30)));

    // when
    CallTimeoutException e = catchThrowableOfType(CallTimeoutException.class,
        () -> c.stream(ChatRequest.of("gpt-4.1", "hi")).forEach(ev -> { }));

    // then: before any event, a plain READ timeout (retryable), long before the server stopped
    assertThat(e).isNotNull();
    assertThat(e.kind()).isEqualTo(CallTimeoutException.Kind.READ);
    assertThat(e.isRetryable()).isTrue();
    assertThat(written.get()).isLessThan(200);
  }

  @Test
  void givenAStreamOfEventsWithoutData_thenAReadTimeoutToo() {
    emulator.enqueue(Reply.raw(dripping("text/event-stream", "data:\n\n", "data:\n\n", 200, Duration.ofMillis(50))));
    StatelineClient c = client(new Timeouts(Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(30)));

    CallTimeoutException e = catchThrowableOfType(CallTimeoutException.class,
        () -> c.stream(ChatRequest.of("gpt-4.1", "hi")).forEach(ev -> { }));

    assertThat(e).isNotNull();
    assertThat(e.kind()).isEqualTo(CallTimeoutException.Kind.READ);
  }

  @Test
  void givenEventsThenOnlyComments_thenATruncatedAnswerCausedByTheReadTimeout() {
    emulator.enqueue(Reply.raw(dripping("text/event-stream", CHUNK + CHUNK, ": still thinking\n\n", 200,
        Duration.ofMillis(50))));
    StatelineClient c = client(new Timeouts(Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(30)));

    ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> {
      try (ChatStream s = c.stream(ChatRequest.of("gpt-4.1", "hi"))) {
        s.forEach(ev -> { });
      }
    });

    assertThat(e).isNotNull();
    assertThat(e.partialText()).isEqualTo("w w ");
    assertThat(e.getCause()).isInstanceOfSatisfying(CallTimeoutException.class,
        t -> assertThat(t.kind()).isEqualTo(CallTimeoutException.Kind.READ));
  }
}
