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
import dev.stateline.testing.openai.OpenAiEmulator;
import dev.stateline.testing.openai.Reply;
import java.time.Duration;
import mockwebserver3.MockResponse;
import java.util.Iterator;
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

  @BeforeEach
  void start() {
    emulator = OpenAiEmulator.create().start();
  }

  @AfterEach
  void stop() {
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

  @Test
  void givenAStreamLongerThanTheTotalBudget_thenCallTimeoutTotal() {
    emulator.enqueue(Reply.text("one two three four").withEventDelay(Duration.ofMillis(150)));
    StatelineClient c = client(target(),
        new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofMillis(350)));

    CallTimeoutException e = catchThrowableOfType(CallTimeoutException.class, () -> {
      try (ChatStream stream = c.stream(ChatRequest.of("gpt-4.1", "hi"))) {
        stream.response();
      }
    });

    assertThat(e.kind()).isEqualTo(CallTimeoutException.Kind.TOTAL);
  }

  @Test
  void givenAStreamThatFallsSilentMidway_thenCallTimeoutRead() {
    emulator.enqueue(Reply.text("one two three").withEventDelay(Duration.ofMillis(400)));
    StatelineClient c = client(target(),
        new Timeouts(Duration.ofSeconds(1), Duration.ofMillis(150), Duration.ofSeconds(5)));

    CallTimeoutException e = catchThrowableOfType(CallTimeoutException.class, () -> {
      try (ChatStream stream = c.stream(ChatRequest.of("gpt-4.1", "hi"))) {
        stream.response();
      }
    });

    assertThat(e.kind()).isEqualTo(CallTimeoutException.Kind.READ);
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
