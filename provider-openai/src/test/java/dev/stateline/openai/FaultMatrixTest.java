/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.stateline.CallOptions;
import dev.stateline.ChatStream;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Timeouts;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.Message;
import dev.stateline.error.AuthenticationException;
import dev.stateline.error.CallTimeoutException;
import dev.stateline.error.ProtocolException;
import dev.stateline.error.ProviderUnavailableException;
import dev.stateline.placement.Attempt;
import dev.stateline.placement.Failover;
import dev.stateline.session.InMemorySessionStore;
import dev.stateline.session.Session;
import dev.stateline.testing.Conditions;
import dev.stateline.error.StatelineException;
import dev.stateline.testing.faults.CallOutcome;
import dev.stateline.testing.faults.Fault;
import dev.stateline.testing.faults.FaultMatrix;
import dev.stateline.testing.faults.Mode;
import dev.stateline.testing.faults.WireFaults;
import dev.stateline.testing.openai.OpenAiEmulator;
import dev.stateline.testing.openai.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault matrix for OpenAI, on Chat Completions and on the Responses API: every {@link Fault},
 * plain and streamed, ends in its documented typed error or in a successful retry or failover
 * (docs/reliability.md, "Fault matrix"). The {@code @Timeout} is only a hang guard; nothing here
 * asserts on elapsed time.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FaultMatrixTest {
  private static final String LIVE_KEY = "sk-live-0c9d2e7f4a1b8c3d5e6f";
  private static final ChatRequest HI = ChatRequest.of("gpt-4.1", "hi");
  /** Generous, so that a loaded machine never trips them where an answer is expected. */
  private static final Timeouts TIMEOUTS = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5),
      Duration.ofSeconds(30));
  private static final RetryPolicy RETRIES = FaultMatrix.RETRIES;

  /** The key the emulator accepts; a test revokes it by changing it. */
  private final AtomicReference<String> acceptedKey = new AtomicReference<>(LIVE_KEY);
  private final OpenAiEmulator openai = OpenAiEmulator.builder()
      .auth(r -> ("Bearer " + acceptedKey.get()).equals(r.getHeaders().get("Authorization")))
      .build().start();
  private final OpenAiEmulator backup = OpenAiEmulator.create().start();
  private final List<StatelineClient> clients = new ArrayList<>();

  @AfterEach
  void tearDown() {
    clients.forEach(StatelineClient::close);
    openai.close();
    backup.close();
  }

  static Stream<Arguments> matrix() {
    return Stream.of(OpenAiApi.CHAT_COMPLETIONS, OpenAiApi.RESPONSES)
        .flatMap(api -> Fault.cases().stream().map(c -> Arguments.of(api, c)));
  }

  /** OpenAI's place in the shared table: a revoked key cannot be refreshed. */
  static final FaultMatrix.Profile PROFILE = FaultMatrix.Profile.builder("echo: hi")
      .failover("openai-primary", "openai-backup")
      .retryAfterWaits(Duration.ofMillis(7), Duration.ofMillis(9))
      .differs(Fault.CREDENTIALS_EXPIRE, Mode.PLAIN, FaultMatrix.failed(AuthenticationException.class, 1),
          "an API key that was revoked stays revoked: the next call is refused with 401, not retried")
      .differs(Fault.CREDENTIALS_EXPIRE, Mode.STREAM, FaultMatrix.failed(AuthenticationException.class, 1),
          "an API key that was revoked stays revoked: the next call is refused with 401, not retried")
      .build();

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("matrix")
  void eachFaultEndsInItsDocumentedOutcome(OpenAiApi api, Fault.Case c) {
    CallOutcome o = stage(api, c);

    StatelineException e = FaultMatrix.check(c, PROFILE, o);

    // and what the OpenAI wire adds to the table's outcome
    switch (c.fault()) {
      case CONNECTION_REFUSED -> assertThat(o.answer().failovers()).extracting(Failover::from, Failover::to)
          .containsExactly(tuple("openai-primary", "openai-backup"));
      case ERROR_IN_200 -> assertThat(c.mode() == Mode.PLAIN || e.getMessage().contains("The server had an error")).isTrue();
      case OVERSIZED_BODY -> assertThat(e.getMessage()).contains("1024");
      case SERVER_ERRORS_PERSISTENT -> {
        assertThat(e.statusCode()).isEqualTo(503);
        assertThat(openai.requestCount()).isEqualTo(3);
      }
      case CREDENTIALS_EXPIRE -> {
        assertThat(e.statusCode()).isEqualTo(401);
        assertThat(e.getMessage()).doesNotContain(LIVE_KEY);
      }
      default -> { }
    }
  }

  /** Makes fault {@code c} happen on the OpenAI wire, and the call. */
  private CallOutcome stage(OpenAiApi api, Fault.Case c) {
    Mode mode = c.mode();
    boolean stream = mode == Mode.STREAM;
    String text = FaultMatrix.TEXT;
    return switch (c.fault()) {
      case CONNECTION_REFUSED -> CallOutcome.of(client(OpenAi.target("openai-primary").apiKey(LIVE_KEY)
          .baseUrl(WireFaults.refusedUrl("/v1/")).model("gpt-4.1").api(api), backupTarget(api)), HI, mode);
      case RESET_MID_BODY -> {
        openai.enqueue(Reply.text(text).withWireFault(WireFaults::resetMidBody));
        yield CallOutcome.of(client(api), HI, mode);
      }
      case HEADERS_NEVER_ARRIVE -> {
        openai.enqueue(Reply.text("never").withWireFault(WireFaults::headersNeverArrive));
        yield CallOutcome.of(client(api), HI, mode, FaultMatrix.SHORT_READ);
      }
      case TRICKLE_TOO_SLOW -> {
        // a stream: half at once, then a pause longer than the read timeout; a body: 16 bytes, then the pause
        openai.enqueue(Reply.text(stream ? text : "one two three").withWireFault(stream
            ? r -> WireFaults.pauseMidBody(r, Duration.ofSeconds(3)) : r -> WireFaults.trickle(r, 16, Duration.ofSeconds(3))));
        yield CallOutcome.of(client(api), HI, mode, FaultMatrix.SHORT_READ);
      }
      case TRICKLE_WITHIN_TIMEOUT -> {
        openai.enqueue(Reply.text(text).withWireFault(r -> WireFaults.trickle(r, 8, Duration.ofMillis(2))));
        yield CallOutcome.of(client(api), HI, mode);
      }
      case TRICKLE_PAST_TOTAL -> {
        // 64 bytes every 20 ms, never silent for the read timeout, for far longer than the total
        openai.enqueue(Reply.text(text + " " + "word ".repeat(6000)).withWireFault(
            r -> WireFaults.trickle(r, 64, Duration.ofMillis(20))));
        yield CallOutcome.of(client(api), HI, mode, FaultMatrix.SHORT_TOTAL);
      }
      case KEEP_ALIVES_ONLY -> {
        openai.enqueue(Reply.raw(WireFaults.keepAlivesOnly()));
        yield CallOutcome.of(client(api), HI, mode, FaultMatrix.SHORT_READ);
      }
      case TRUNCATED_STREAM -> {
        openai.enqueue(Reply.truncatedStream("one two"));
        yield CallOutcome.of(client(api), HI, mode);
      }
      case MALFORMED_JSON -> {
        openai.enqueue(Reply.malformedJson());
        yield CallOutcome.of(client(api), HI, mode);
      }
      case WRONG_CONTENT_TYPE -> {
        openai.enqueue(Reply.text("x").withWireFault(r -> WireFaults.withBody(r, "text/html",
            "<html><body>Gateway says hello</body></html>")));
        yield CallOutcome.of(client(api), HI, mode);
      }
      case ERROR_IN_200 -> {
        openai.enqueue(stream ? Reply.streamError("one two", "server_error", "server_error", "The server had an error")
            : Reply.text("x").withWireFault(r -> WireFaults.withBody(r, "application/json",
                "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\",\"param\":null,"
                    + "\"code\":\"server_error\"}}")));
        yield CallOutcome.of(client(api), HI, mode);
      }
      case OVERSIZED_BODY -> {
        openai.enqueue(Reply.text("big " + "word ".repeat(800)));
        yield CallOutcome.of(client(target(api).maxResponseBytes(1024)), HI, mode);
      }
      case RATE_LIMIT_STORM_WITH_RETRY_AFTER -> {
        openai.enqueue(Reply.rateLimited(Duration.ofMillis(7)), Reply.rateLimited(Duration.ofMillis(9)));
        yield CallOutcome.of(client(api), HI, mode);
      }
      case RATE_LIMIT_STORM_WITHOUT_RETRY_AFTER -> {
        for (int i = 0; i < 3; i++) {
          openai.enqueue(Reply.error(429, "requests", "rate_limit_exceeded", "Rate limit reached for requests"));
        }
        yield CallOutcome.of(client(api), HI, mode);
      }
      case SERVER_ERRORS_RECOVERING -> {
        openai.enqueue(Reply.serverError(500), Reply.serverError(503));
        yield CallOutcome.of(client(api), HI, mode);
      }
      case SERVER_ERRORS_PERSISTENT -> {
        openai.conditions(Conditions.outage());
        yield CallOutcome.of(client(api), HI, mode);
      }
      case CREDENTIALS_EXPIRE -> {
        // a key that works, then is revoked (mid-stream when streaming: the open stream completes)
        StatelineClient client = client(api);
        if (stream) {
          openai.enqueue(Reply.text("one two three").withEventDelay(Duration.ofMillis(5)));
          try (ChatStream open = client.stream(HI)) {
            Iterator<ChatEvent> events = open.iterator();
            assertThat(events.next()).isInstanceOf(ChatEvent.TextDelta.class);
            acceptedKey.set("sk-someone-else-entirely");
            assertThat(open.response().text()).isEqualTo("one two three");
          }
        } else {
          assertThat(client.chat(HI).text()).isEqualTo("echo: hi");
          acceptedKey.set("sk-someone-else-entirely");
        }
        int before = openai.requestCount();
        CallOutcome o = CallOutcome.of(client, HI, mode);
        assertThat(openai.requestCount()).isEqualTo(before + 1);
        yield o;
      }
      default -> throw new AssertionError("no scenario for " + c);
    };
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Mode.class)
  void sessionTurnsThroughFaults_loseNoTurnAndGainNoDuplicate(Mode mode) {
    // given: a session on an in-memory store, and a script of faults across five turns
    InMemorySessionStore store = InMemorySessionStore.create();
    StatelineClient client = StatelineClient.builder().target(target(OpenAiApi.CHAT_COMPLETIONS).build())
        .retryPolicy(RETRIES).timeouts(TIMEOUTS).sessionStore(store).build();
    clients.add(client);
    List<List<Reply>> script = List.of(
        List.of(Reply.rateLimited(Duration.ofMillis(3))),                               // one: 429, retried
        List.of(Reply.serverError(503), Reply.serverError(503), Reply.serverError(503)), // two: down, fails
        List.of(mode == Mode.STREAM ? Reply.truncatedStream("echo: th")                 // three: stream cut, fails
            : Reply.malformedJson()),                                                    //   (plain: broken JSON)
        mode == Mode.STREAM                                                              // four: reset mid-body:
            ? List.of(Reply.text("echo: four").withWireFault(WireFaults::resetMidBody))  //   stream cut, fails;
            : List.of(Reply.text("echo: four").withWireFault(WireFaults::resetMidBody),  //   plain: retried, ok
                Reply.text("echo: four")),
        List.of(Reply.text("echo: five").withWireFault(                                 // five: slow, ok
            r -> WireFaults.trickle(r, 16, Duration.ofMillis(1)))));
    List<String> turns = List.of("one", "two", "three", "four", "five");
    List<String> answered = new ArrayList<>();

    // when
    try (Session session = client.session("case-4711")) {
      for (int i = 0; i < turns.size(); i++) {
        script.get(i).forEach(openai::enqueue);
        CallOutcome o = CallOutcome.of(session, turns.get(i), mode);
        if (o.answered()) {
          answered.add(turns.get(i));
        }
      }
    }

    // then: the turns that failed left no trace; the others are there exactly once, in order
    List<String> stored = store.load("case-4711").orElseThrow().messages().stream().map(Message::text).toList();
    List<String> expected = new ArrayList<>();
    for (String turn : answered) {
      expected.add(turn);
      expected.add("echo: " + turn);
    }
    assertThat(answered).as("what failed and what was answered")
        .containsExactlyElementsOf(mode == Mode.STREAM ? List.of("one", "five") : List.of("one", "four", "five"));
    assertThat(stored).containsExactlyElementsOf(expected);
    assertThat(store.load("case-4711").orElseThrow().turns()).hasSize(answered.size());
  }

  // ---- helpers ----

  private OpenAi.TargetBuilder target(OpenAiApi api) {
    return OpenAi.target("openai").apiKey(LIVE_KEY).baseUrl(openai.baseUrl()).model("gpt-4.1").api(api);
  }

  private dev.stateline.Target backupTarget(OpenAiApi api) {
    return OpenAi.target("openai-backup").apiKey(backup.apiKey()).baseUrl(backup.baseUrl()).model("gpt-4.1")
        .api(api).build();
  }

  private StatelineClient client(OpenAiApi api) {
    return client(target(api));
  }

  private StatelineClient client(OpenAi.TargetBuilder target, dev.stateline.Target... more) {
    StatelineClient.Builder b = StatelineClient.builder().target(target.build()).retryPolicy(RETRIES)
        .timeouts(TIMEOUTS);
    for (dev.stateline.Target t : more) {
      b.target(t);
    }
    StatelineClient client = b.build();
    clients.add(client);
    return client;
  }

  private static void assertRetriedThenAnswered(CallOutcome o, String firstError) {
    assertThat(o.text()).isEqualTo("echo: hi");
    assertThat(o.answer().attempts()).extracting(Attempt::errorType).containsExactly(firstError, null);
  }

}
