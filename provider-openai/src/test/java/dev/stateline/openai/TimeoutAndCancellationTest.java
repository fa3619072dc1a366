/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stateline.CallOptions;
import dev.stateline.Cancellation;
import dev.stateline.ChatStream;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Timeouts;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.error.CallCancelledException;
import dev.stateline.error.CallTimeoutException;
import dev.stateline.error.ProtocolException;
import dev.stateline.testing.openai.OpenAiEmulator;
import dev.stateline.testing.openai.Reply;
import java.time.Duration;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import okio.BufferedSink;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Timeouts map to their kind; cancelling or closing stops the HTTP call. */
class TimeoutAndCancellationTest {
  private OpenAiEmulator emulator;
  private StatelineClient client;
  private OkHttpClient ownHttp;
  /** Holds the server's side of {@link #firstEventsThenSilence} until the test ends. */
  private final CountDownLatch silence = new CountDownLatch(1);

  @BeforeEach
  void start() {
    emulator = OpenAiEmulator.create().start();
  }

  @AfterEach
  void stop() {
    silence.countDown();
    if (client != null) {
      client.close();
    }
    if (ownHttp != null) {
      ownHttp.dispatcher().executorService().shutdown();
      ownHttp.connectionPool().evictAll();
    }
    emulator.close();
  }

  private OpenAi.TargetBuilder target() {
    return OpenAi.target("openai").apiKey(emulator.apiKey()).baseUrl(emulator.baseUrl()).model("gpt-4.1");
  }

  private StatelineClient client(OpenAi.TargetBuilder target, Timeouts timeouts) {
    client = StatelineClient.builder().target(target.build()).retryPolicy(RetryPolicy.none())
        .timeouts(timeouts).build();
    return client;
  }

  /** Waits (boundedly) for a condition the server observes; never asserts on elapsed time. */
  private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
      Thread.sleep(10);
    }
  }

  @Test
  void givenHeadersSlowerThanTheReadTimeout_thenCallTimeoutRead() {
    emulator.enqueue(Reply.text("late").withHeadersDelay(Duration.ofMillis(1500)));
    StatelineClient c = client(target(),
        new Timeouts(Duration.ofSeconds(1), Duration.ofMillis(150), Duration.ofSeconds(5)));

    CallTimeoutException e = catchThrowableOfType(CallTimeoutException.class,
        () -> c.chat(ChatRequest.of("gpt-4.1", "hi")));

    assertThat(e.kind()).isEqualTo(CallTimeoutException.Kind.READ);
    assertThat(e.isRetryable()).isTrue();
    assertThat(e.getMessage()).contains("read timeout");
  }

  @Test
  void givenACallLongerThanItsTotalBudget_thenCallTimeoutTotal() {
    emulator.enqueue(Reply.text("late").withHeadersDelay(Duration.ofMillis(1500)));
    StatelineClient c = client(target(),
        new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofMillis(250)));

    CallTimeoutException e = catchThrowableOfType(CallTimeoutException.class,
        () -> c.chat(ChatRequest.of("gpt-4.1", "hi")));

    assertThat(e.kind()).isEqualTo(CallTimeoutException.Kind.TOTAL);
    assertThat(e.isRetryable()).isFalse();
  }

  @Test
  void givenABodySlowerThanTheTotalBudget_thenCallTimeoutTotalNotCancelled() {
    emulator.enqueue(Reply.raw(new MockResponse.Builder().addHeader("Content-Type", "application/json")
        .body(Fixtures.CHAT_OK).bodyDelay(1500, TimeUnit.MILLISECONDS).build()));
    StatelineClient c = client(target(),
        new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofMillis(250)));

    CallTimeoutException e = catchThrowableOfType(CallTimeoutException.class,
        () -> c.chat(ChatRequest.of("gpt-4.1", "hi")));

    assertThat(e.kind()).isEqualTo(CallTimeoutException.Kind.TOTAL);
  }

  /** A stream that sends {@code words} as content deltas at once, then nothing until the test ends. */
  private MockResponse firstEventsThenSilence(String... words) {
    StringBuilder sse = new StringBuilder();
    for (String w : words) {
      sse.append("data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"")
          .append(w).append("\"},\"finish_reason\":null}]}\n\n");
    }
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
        .body(new MockResponseBody() {
          @Override
          public long getContentLength() {
            return -1;
          }

          @Override
          public void writeTo(BufferedSink sink) throws IOException {
            sink.writeUtf8(sse.toString());
            sink.flush();
            try {
              silence.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        }).build();
  }

  @Test
  void givenAStreamThatFallsSilentMidway_whenTheTotalBudgetRunsOut_thenProtocolExceptionWithThePartialAnswer() {
    // given: two deltas, then silence; a read timeout longer than the total budget
    emulator.enqueue(Reply.raw(firstEventsThenSilence("one ", "two ")));
    StatelineClient c = client(target(),
        new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMillis(300)));
    List<ChatEvent> seen = new ArrayList<>();

    // when
    ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> {
      try (ChatStream stream = c.stream(ChatRequest.of("gpt-4.1", "hi"))) {
        stream.forEach(seen::add);
      }
    });

    // then: what arrived is kept, and the timeout is the cause
    assertThat(e).as("a mid-stream timeout is a truncated answer").isNotNull();
    assertThat(e.getMessage()).contains("timed out mid-stream").contains("total timeout");
    assertThat(e.isRetryable()).isFalse();
    assertThat(seen).containsExactly(new ChatEvent.TextDelta("one "), new ChatEvent.TextDelta("two "));
    assertThat(e.partialText()).isEqualTo("one two ");
    assertThat(e.getCause()).isInstanceOfSatisfying(CallTimeoutException.class,
        t -> assertThat(t.kind()).isEqualTo(CallTimeoutException.Kind.TOTAL));
  }

  @Test
  void givenAStreamThatFallsSilentMidway_thenProtocolExceptionWithThePartialAnswerCausedByAReadTimeout() {
    emulator.enqueue(Reply.raw(firstEventsThenSilence("one ", "two ")));
    StatelineClient c = client(target(),
        new Timeouts(Duration.ofSeconds(1), Duration.ofMillis(150), Duration.ofSeconds(5)));
    List<ChatEvent> seen = new ArrayList<>();

    ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> {
      try (ChatStream stream = c.stream(ChatRequest.of("gpt-4.1", "hi"))) {
        stream.forEach(seen::add);
      }
    });

    assertThat(e).as("a mid-stream timeout is a truncated answer").isNotNull();
    assertThat(e.getMessage()).contains("timed out mid-stream").contains("read timeout");
    assertThat(e.isRetryable()).isFalse();
    assertThat(seen).hasSize(2);
    assertThat(e.partialText()).isEqualTo("one two ");
    assertThat(e.getCause()).isInstanceOfSatisfying(CallTimeoutException.class,
        t -> assertThat(t.kind()).isEqualTo(CallTimeoutException.Kind.READ));
  }

  @Test
  void givenAStreamWhoseFirstEventIsLate_thenAPlainRetryableReadTimeout() {
    emulator.enqueue(Reply.text("late").withEventDelay(Duration.ofMillis(1500)));
    StatelineClient c = client(target(),
        new Timeouts(Duration.ofSeconds(1), Duration.ofMillis(150), Duration.ofSeconds(5)));

    CallTimeoutException e = catchThrowableOfType(CallTimeoutException.class,
        () -> c.stream(ChatRequest.of("gpt-4.1", "hi")).close());

    assertThat(e.kind()).isEqualTo(CallTimeoutException.Kind.READ);
    assertThat(e.isRetryable()).isTrue();
  }

  @Test
  void givenAStreamClosedMidway_thenTheHttpCallIsCancelledAndTheServerSeesTheClientGo() throws Exception {
    AtomicInteger cancelled = new AtomicInteger();
    ownHttp = new OkHttpClient.Builder().eventListener(new EventListener() {
      @Override
      public void canceled(Call call) {
        cancelled.incrementAndGet();
      }
    }).build();
    emulator.enqueue(Reply.text("a b c d e f g h i j k l m n o p").withEventDelay(Duration.ofMillis(40)));
    StatelineClient c = client(target().httpClient(ownHttp), Fixtures.FAST);

    ChatEvent first;
    try (ChatStream stream = c.stream(ChatRequest.of("gpt-4.1", "hi"))) {
      Iterator<ChatEvent> events = stream.iterator();
      first = events.next();
    }

    assertThat(first).isInstanceOf(ChatEvent.TextDelta.class);
    assertThat(cancelled.get()).isEqualTo(1);
    await(() -> emulator.clientDisconnects() == 1);
    assertThat(emulator.clientDisconnects()).isEqualTo(1);
    // The user's client stays usable: Stateline never shuts it down.
    assertThat(ownHttp.dispatcher().executorService().isShutdown()).isFalse();
  }

  @Test
  void givenAStreamReadToItsEnd_whenClosed_thenNothingIsCancelled() {
    AtomicInteger cancelled = new AtomicInteger();
    ownHttp = new OkHttpClient.Builder().eventListener(new EventListener() {
      @Override
      public void canceled(Call call) {
        cancelled.incrementAndGet();
      }
    }).build();
    StatelineClient c = client(target().httpClient(ownHttp), Fixtures.FAST);

    try (ChatStream stream = c.stream(ChatRequest.of("gpt-4.1", "hi"))) {
      assertThat(stream.response().text()).isEqualTo("echo: hi");
    }

    assertThat(cancelled.get()).isZero();
    assertThat(emulator.clientDisconnects()).isZero();
  }

  @Test
  void givenACallInFlight_whenItsCancellationFires_thenCallCancelled() throws Exception {
    emulator.enqueue(Reply.text("too late").withHeadersDelay(Duration.ofSeconds(3)));
    StatelineClient c = client(target(), Fixtures.FAST);
    Cancellation cancellation = new Cancellation();

    CompletableFuture<?> call = CompletableFuture.runAsync(() -> c.chat(ChatRequest.of("gpt-4.1", "hi"),
        CallOptions.builder().cancellation(cancellation).build()));
    await(() -> emulator.requestCount() == 1);
    cancellation.cancel();

    CompletionException e = catchThrowableOfType(CompletionException.class, call::join);
    assertThat(e).hasCauseInstanceOf(CallCancelledException.class);
  }
}
