/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stateline.ChatStream;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.Timeouts;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.CallCancelledException;
import dev.stateline.error.StatelineException;
import dev.stateline.openai.internal.SharedHttpClient;
import dev.stateline.openai.wire.HttpChatModel;
import dev.stateline.testing.ThreadWatch;
import dev.stateline.testing.faults.WireFaults;
import dev.stateline.testing.openai.OpenAiEmulator;
import dev.stateline.testing.openai.Reply;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Closing the client ends what its OpenAI-wire targets have in flight: a call blocked on a server
 * that never answers, and a stream left open (read or not), end with a {@link CallCancelledException}
 * that says the target was closed; no OkHttp call, connection or lease is left behind; and a call
 * racing the close either runs or is refused, never hangs. The timeouts here are far longer than any
 * test: only the close can end these calls. Waits are bounded, never measured.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CloseInFlightTest {
  /** Only the close can end a call within these. */
  private static final Timeouts PATIENT = new Timeouts(Duration.ofSeconds(10), Duration.ofMinutes(5),
      Duration.ofMinutes(10));
  /** OkHttp's threads but its idle task runner (it ends by itself): a dispatcher thread is a call left running. */
  private static final Predicate<String> OKHTTP_BUSY_THREADS = n -> n.startsWith("OkHttp")
      && !n.startsWith("OkHttp TaskRunner") && !n.equals("OkHttp ConnectionPool connection closer");

  private OpenAiEmulator emulator;
  private final ExecutorService callers = Executors.newCachedThreadPool();
  /** Holds the server's side of a silent stream until the test ends. */
  private final CountDownLatch silence = new CountDownLatch(1);
  private int leasesBefore;

  @BeforeEach
  void start() {
    emulator = OpenAiEmulator.create().start();
    leasesBefore = SharedHttpClient.leases();
  }

  @AfterEach
  void stop() {
    silence.countDown();
    callers.shutdownNow();
    emulator.close();
  }

  private Target target() {
    return OpenAi.target("openai").apiKey(emulator.apiKey()).baseUrl(emulator.baseUrl()).model("gpt-4.1").build();
  }

  private static StatelineClient client(Target target) {
    return StatelineClient.builder().target(target).retryPolicy(RetryPolicy.none()).timeouts(PATIENT).build();
  }

  private static ChatRequest hi() {
    return ChatRequest.of("gpt-4.1", "hi");
  }

  /** Waits (boundedly) until the condition holds; the assertion after it says whether it did. */
  private static void await(BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 1000 && !condition.getAsBoolean(); i++) {
      Thread.sleep(10);
    }
  }

  /** What a call on another thread ended with: its answer, or what it threw. */
  private static Object outcome(Future<?> call) throws InterruptedException {
    try {
      return call.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      return "still running 30 s after close()";
    }
  }

  @Test
  void givenACallBlockedOnAServerThatNeverAnswers_whenTheClientCloses_thenItEndsWithCallCancelled() throws Exception {
    // given: a server that reads the request and never sends the headers, and a call waiting on it
    emulator.enqueue(Reply.text("never").withWireFault(WireFaults::headersNeverArrive));
    Target target = target();
    OkHttpClient http = ((HttpChatModel) target.chatModel()).httpClient();
    StatelineClient client = client(target);
    Future<ChatResponse> blocked = callers.submit(() -> client.chat(hi()));
    await(() -> emulator.requestCount() == 1);
    assertThat(emulator.requestCount()).as("the request reached the server").isEqualTo(1);

    // when
    client.close();

    // then: the call ends with the typed error, and nothing of it is left
    assertThat(outcome(blocked)).isInstanceOfSatisfying(CallCancelledException.class, e -> {
      assertThat(e.getMessage()).startsWith("openai: the target was closed while the call was in flight");
      assertThat(e.isRetryable()).isFalse();
    });
    assertThat(http.connectionPool().connectionCount()).as("no connection kept").isZero();
    assertThat(SharedHttpClient.leases()).as("the lease is given back").isEqualTo(leasesBefore);
  }

  @Test
  void givenAStreamLeftOpen_whenTheClientCloses_thenItsNextFailsWithCallCancelled() throws Exception {
    // given: a stream that sent two words and then stays silent, one word read
    emulator.enqueue(Reply.text("one two").withWireFault(r -> WireFaults.pauseMidBody(r, Duration.ofMinutes(5))));
    Target target = target();
    OkHttpClient http = ((HttpChatModel) target.chatModel()).httpClient();
    StatelineClient client = client(target);
    ChatStream stream = client.stream(hi());
    Iterator<ChatEvent> events = stream.iterator();
    assertThat(events.next()).isInstanceOf(ChatEvent.TextDelta.class);

    // when: the client closes while nobody reads the stream
    client.close();

    // then: the lease is back at once (close released the stream), and reading on fails
    assertThat(SharedHttpClient.leases()).as("the lease is given back").isEqualTo(leasesBefore);
    assertThat(http.connectionPool().connectionCount()).as("no connection kept").isZero();
    Throwable next = catchThrowable(() -> {
      while (events.hasNext()) {
        events.next();
      }
    });
    assertThat(next).isInstanceOfSatisfying(CallCancelledException.class,
        e -> assertThat(e.getMessage()).contains("the target was closed"));
    stream.close();
  }

  @Test
  void givenAStreamBeingReadOnAnotherThread_whenTheClientCloses_thenTheBlockedReadFailsWithCallCancelled()
      throws Exception {
    // given: a reader blocked in next() on a stream that fell silent after its first events
    emulator.enqueue(Reply.text("one two").withWireFault(r -> WireFaults.pauseMidBody(r, Duration.ofMinutes(5))));
    StatelineClient client = client(target());
    ChatStream stream = client.stream(hi());
    CountDownLatch firstRead = new CountDownLatch(1);
    Future<?> reader = callers.submit(() -> {
      for (ChatEvent e : stream) {
        firstRead.countDown();
      }
      return null;
    });
    assertThat(firstRead.await(30, TimeUnit.SECONDS)).as("the reader got its first event").isTrue();

    // when
    client.close();

    // then
    assertThat(outcome(reader)).isInstanceOfSatisfying(CallCancelledException.class,
        e -> assertThat(e.getMessage()).contains("the target was closed"));
    await(() -> SharedHttpClient.leases() == leasesBefore);
    assertThat(SharedHttpClient.leases()).as("the lease is given back").isEqualTo(leasesBefore);
    stream.close();
  }

  @Test
  void givenCallsAndStreamsInFlight_whenTheClientCloses_thenNoOkHttpThreadConnectionOrLeaseRemains()
      throws Exception {
    // given: a call blocked before the headers, a stream left open, a stream being read, on a target
    ThreadWatch watch = ThreadWatch.start();
    emulator.enqueue(Reply.text("one two").withWireFault(r -> WireFaults.pauseMidBody(r, Duration.ofMinutes(5))),
        Reply.text("three four").withWireFault(r -> WireFaults.pauseMidBody(r, Duration.ofMinutes(5))),
        Reply.text("never").withWireFault(WireFaults::headersNeverArrive));
    Target target = target();
    OkHttpClient http = ((HttpChatModel) target.chatModel()).httpClient();
    StatelineClient client = client(target);
    ChatStream leftOpen = client.stream(hi());
    Iterator<ChatEvent> leftOpenEvents = leftOpen.iterator();
    leftOpenEvents.next();
    ChatStream read = client.stream(hi());
    Future<?> reader = callers.submit(() -> {
      read.forEach(e -> { });
      return null;
    });
    Future<ChatResponse> blocked = callers.submit(() -> client.chat(hi()));
    await(() -> emulator.requestCount() == 3);
    assertThat(emulator.requestCount()).isEqualTo(3);

    // when
    client.close();

    // then: every one ends with the typed error; nothing of OkHttp outlives them
    assertThat(outcome(blocked)).isInstanceOf(CallCancelledException.class);
    assertThat(outcome(reader)).isInstanceOf(CallCancelledException.class);
    assertThat(catchThrowable(() -> leftOpenEvents.forEachRemaining(e -> { })))
        .isInstanceOf(CallCancelledException.class);
    assertThat(watch.lingering(OKHTTP_BUSY_THREADS, Duration.ofSeconds(5), Duration.ofSeconds(1))).isEmpty();
    assertThat(http.connectionPool().connectionCount()).as("no connection kept").isZero();
    assertThat(SharedHttpClient.leases()).as("the lease is given back").isEqualTo(leasesBefore);
    leftOpen.close();
    read.close();
  }

  /** What a racing call's outcome was, in words; the outcome itself if it is none of the expected ones. */
  private static String kind(Object outcome) {
    if ("answered".equals(outcome)) {
      return "answered";
    }
    if (outcome instanceof IllegalStateException e && "the client is closed".equals(e.getMessage())) {
      return "refused by the client";
    }
    if (outcome instanceof CallCancelledException e && e.getMessage().contains("the target was closed")) {
      return "cancelled by the close";
    }
    if (outcome instanceof StatelineException e && e.getMessage().contains("the model is closed")) {
      return "refused by the model";
    }
    return String.valueOf(outcome);
  }

  @Test
  void givenACallRacingTheClose_thenItEitherRunsOrIsRefused_neverHangs() throws Exception {
    for (int round = 0; round < 40; round++) {
      // given: a client whose server answers at once, a call and a close released together
      emulator.enqueue(Reply.text("answered"));
      StatelineClient client = client(target());
      boolean streamed = round % 2 == 1;
      CyclicBarrier go = new CyclicBarrier(2);
      Future<String> racing = callers.submit(() -> {
        go.await();
        if (!streamed) {
          return client.chat(hi()).text();
        }
        try (ChatStream stream = client.stream(hi())) {
          StringBuilder text = new StringBuilder();
          stream.forEach(e -> {
            if (e instanceof ChatEvent.TextDelta d) {
              text.append(d.text());
            }
          });
          return text.toString();
        }
      });

      // when
      go.await(30, TimeUnit.SECONDS);
      client.close();

      // then: the whole answer, a refusal (the client or the model was closed first), or a
      // cancellation of the call the close found in flight; never a hang; and the lease comes back
      Object outcome = outcome(racing);
      assertThat(kind(outcome)).as("round %d (%s): %s", round, streamed ? "stream" : "chat", outcome)
          .isIn("answered", "refused by the client", "refused by the model", "cancelled by the close");
      await(() -> SharedHttpClient.leases() == leasesBefore);
      assertThat(SharedHttpClient.leases()).as("round %d: the lease is given back", round).isEqualTo(leasesBefore);
      // an answer the race left unread is not served to the next round
      emulator.close();
      emulator = OpenAiEmulator.create().start();
    }
  }
}
