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
import dev.stateline.testing.faults.CallOutcome;
import dev.stateline.testing.faults.Fault;
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
  /** For the faults that must trip the read timeout: a short silence is enough. */
  private static final CallOptions SHORT_READ = CallOptions.builder()
      .timeouts(new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(30))).build();
  private static final RetryPolicy RETRIES = RetryPolicy.builder().maxAttempts(3)
      .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(4)).build();

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

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("matrix")
  void eachFaultEndsInItsDocumentedOutcome(OpenAiApi api, Fault.Case c) {
    Mode mode = c.mode();
    boolean stream = mode == Mode.STREAM;
    switch (c.fault()) {
      case CONNECTION_REFUSED -> {
        // given: nothing listens where the primary points; a healthy backup target follows it
        StatelineClient client = client(OpenAi.target("openai-primary").apiKey(LIVE_KEY)
            .baseUrl(WireFaults.refusedUrl("/v1/")).model("gpt-4.1").api(api), backupTarget(api));
        // when
        CallOutcome o = CallOutcome.of(client, HI, mode);
        // then: retried on the primary, then failed over to the backup, which answers
        assertThat(o.text()).isEqualTo("echo: hi");
        assertThat(o.route()).containsExactly(
            "openai-primary ProviderUnavailableException", "openai-primary ProviderUnavailableException",
            "openai-primary ProviderUnavailableException", "openai-backup ok");
        assertThat(o.answer().failovers()).extracting(Failover::from, Failover::to)
            .containsExactly(tuple("openai-primary", "openai-backup"));
      }
      case RESET_MID_BODY -> {
        // given: the connection is closed half-way through the body, once
        openai.enqueue(Reply.text("one two three four five six").withWireFault(WireFaults::resetMidBody));
        CallOutcome o = CallOutcome.of(client(api), HI, mode);
        if (stream) {
          // then: events had arrived, so the stream is not retried: a truncated answer, text kept
          o.truncation("one", 1);
        } else {
          // then: nothing reached the caller, so the call is retried and answered
          assertRetriedThenAnswered(o, "ProviderUnavailableException");
        }
      }
      case HEADERS_NEVER_ARRIVE -> {
        // given: the first response never sends its headers
        openai.enqueue(Reply.text("never").withWireFault(WireFaults::headersNeverArrive));
        CallOutcome o = CallOutcome.of(client(api), HI, mode, SHORT_READ);
        // then: a READ timeout, retried, answered
        assertRetriedThenAnswered(o, "CallTimeoutException");
      }
      case TRICKLE_TOO_SLOW -> {
        if (stream) {
          // given: half the stream at once, then a pause longer than the read timeout
          openai.enqueue(Reply.text("one two three four five six").withWireFault(
              r -> WireFaults.pauseMidBody(r, Duration.ofSeconds(3))));
          CallOutcome o = CallOutcome.of(client(api), HI, mode, SHORT_READ);
          // then: a truncated answer keeping what arrived, caused by the read timeout; not retried
          ProtocolException e = o.truncation("one", 1);
          assertThat(e.getCause()).isInstanceOfSatisfying(CallTimeoutException.class,
              t -> assertThat(t.kind()).isEqualTo(CallTimeoutException.Kind.READ));
        } else {
          // given: a body that sends 16 bytes, then pauses longer than the read timeout
          openai.enqueue(Reply.text("one two three").withWireFault(
              r -> WireFaults.trickle(r, 16, Duration.ofSeconds(3))));
          CallOutcome o = CallOutcome.of(client(api), HI, mode, SHORT_READ);
          // then: a READ timeout, retried, answered
          assertRetriedThenAnswered(o, "CallTimeoutException");
        }
      }
      case TRICKLE_WITHIN_TIMEOUT -> {
        // given: a body in 8-byte pieces, 2 ms apart: slow, but never silent for the read timeout
        openai.enqueue(Reply.text("one two three four five six").withWireFault(
            r -> WireFaults.trickle(r, 8, Duration.ofMillis(2))));
        CallOutcome o = CallOutcome.of(client(api), HI, mode);
        // then: answered in full at the first attempt
        assertThat(o.text()).isEqualTo("one two three four five six");
        assertThat(o.answer().attempts()).hasSize(1);
      }
      case TRUNCATED_STREAM -> {
        // given: a stream that stops after some text, without its end
        openai.enqueue(Reply.truncatedStream("one two"));
        CallOutcome o = CallOutcome.of(client(api), HI, mode);
        // then: a protocol error keeping the partial answer; not retried (tokens reached the caller)
        ProtocolException e = o.truncation("one two", 1);
        assertThat(e.partialText()).isEqualTo("one two");
      }
      case MALFORMED_JSON -> {
        openai.enqueue(Reply.malformedJson());
        CallOutcome o = CallOutcome.of(client(api), HI, mode);
        if (stream) {
          // then: one good event, then a broken one: a truncated answer, not retried
          o.truncation("", 1);
        } else {
          // then: a protocol error before anything reached the caller: not retried either
          o.failure(ProtocolException.class, 1);
        }
      }
      case WRONG_CONTENT_TYPE -> {
        // given: a proxy's HTML page with a 200
        openai.enqueue(Reply.text("x").withWireFault(r -> WireFaults.withBody(r, "text/html",
            "<html><body>Gateway says hello</body></html>")));
        CallOutcome o = CallOutcome.of(client(api), HI, mode);
        // then: a typed protocol error, never a parser exception
        o.failure(ProtocolException.class, 1);
      }
      case ERROR_IN_200 -> {
        if (stream) {
          // given: some text, then an error event inside the 200 stream
          openai.enqueue(Reply.streamError("one two", "server_error", "server_error", "The server had an error"));
        } else {
          // given: a 200 whose JSON body is an error document
          openai.enqueue(Reply.text("x").withWireFault(r -> WireFaults.withBody(r, "application/json",
              "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\",\"param\":null,"
                  + "\"code\":\"server_error\"}}")));
        }
        CallOutcome o = CallOutcome.of(client(api), HI, mode);
        if (stream) {
          // then: mapped by its type (the provider is unavailable); text had arrived, so not retried
          assertThat(o.error()).as(o.toString()).isInstanceOf(ProviderUnavailableException.class);
          assertThat(o.error().getMessage()).contains("The server had an error");
          assertThat(o.streamedText()).isEqualTo("one two");
          assertThat(o.error().attempts()).hasSize(1);
        } else {
          // then: mapped by its type (the provider is unavailable, retryable): retried, answered
          assertRetriedThenAnswered(o, "ProviderUnavailableException");
        }
      }
      case OVERSIZED_BODY -> {
        // given: a target that accepts at most 1 KiB, and an answer of 4 KiB
        openai.enqueue(Reply.text("big " + "word ".repeat(800)));
        CallOutcome o = CallOutcome.of(client(target(api).maxResponseBytes(1024)), HI, mode);
        // then: a protocol error, not retried (the answer would be as large again)
        ProtocolException e = o.failure(ProtocolException.class, 1);
        assertThat(e.getMessage()).contains("1024");
      }
      case RATE_LIMIT_STORM_WITH_RETRY_AFTER -> {
        // given: two 429s asking for 7 ms and 9 ms (retry-after-ms)
        openai.enqueue(Reply.rateLimited(Duration.ofMillis(7)), Reply.rateLimited(Duration.ofMillis(9)));
        CallOutcome o = CallOutcome.of(client(api), HI, mode);
        // then: answered at the third attempt, after waiting exactly what each 429 asked
        assertThat(o.text()).isEqualTo("echo: hi");
        assertThat(o.answer().attempts()).extracting(Attempt::errorType, Attempt::retryDelay).containsExactly(
            tuple("RateLimitedException", Duration.ofMillis(7)), tuple("RateLimitedException", Duration.ofMillis(9)),
            tuple(null, Duration.ZERO));
      }
      case RATE_LIMIT_STORM_WITHOUT_RETRY_AFTER -> {
        // given: three 429s without any retry-after header: the storm outlasts the retries
        for (int i = 0; i < 3; i++) {
          openai.enqueue(Reply.error(429, "requests", "rate_limit_exceeded", "Rate limit reached for requests"));
        }
        CallOutcome o = CallOutcome.of(client(api), HI, mode);
        // then: the client's own backoff between tries, then the last 429 as a typed error
        assertThat(o.error()).isInstanceOf(dev.stateline.error.RateLimitedException.class);
        assertThat(((dev.stateline.error.RateLimitedException) o.error()).retryAfter()).isEmpty();
        assertThat(o.error().attempts()).hasSize(3)
            .allSatisfy(a -> assertThat(a.retryDelay()).isLessThanOrEqualTo(Duration.ofMillis(4)));
      }
      case SERVER_ERRORS_RECOVERING -> {
        // given: a 500 and a 503, then answers
        openai.enqueue(Reply.serverError(500), Reply.serverError(503));
        CallOutcome o = CallOutcome.of(client(api), HI, mode);
        // then: retried, answered at the third attempt
        assertThat(o.text()).isEqualTo("echo: hi");
        assertThat(o.answer().attempts()).extracting(Attempt::errorType).containsExactly(
            "ProviderUnavailableException", "ProviderUnavailableException", null);
      }
      case SERVER_ERRORS_PERSISTENT -> {
        // given: the provider is down
        openai.conditions(Conditions.outage());
        CallOutcome o = CallOutcome.of(client(api), HI, mode);
        // then: every attempt made, then the last 503 as a typed error
        ProviderUnavailableException e = o.failure(ProviderUnavailableException.class, 3);
        assertThat(e.statusCode()).isEqualTo(503);
        assertThat(openai.requestCount()).isEqualTo(3);
      }
      case CREDENTIALS_EXPIRE -> {
        // given: a key that works, then is revoked (mid-stream when streaming)
        StatelineClient client = client(api);
        if (stream) {
          openai.enqueue(Reply.text("one two three").withEventDelay(Duration.ofMillis(5)));
          try (ChatStream open = client.stream(HI)) {
            Iterator<ChatEvent> events = open.iterator();
            assertThat(events.next()).isInstanceOf(ChatEvent.TextDelta.class);
            acceptedKey.set("sk-someone-else-entirely");
            // then: the open stream completes (it was authorised when it started)
            assertThat(open.response().text()).isEqualTo("one two three");
          }
        } else {
          assertThat(client.chat(HI).text()).isEqualTo("echo: hi");
          acceptedKey.set("sk-someone-else-entirely");
        }
        int before = openai.requestCount();
        CallOutcome o = CallOutcome.of(client, HI, mode);
        // then: the next call is refused: 401, AuthenticationException, never retried
        AuthenticationException e = o.failure(AuthenticationException.class, 1);
        assertThat(e.statusCode()).isEqualTo(401);
        assertThat(e.getMessage()).doesNotContain(LIVE_KEY);
        assertThat(openai.requestCount()).isEqualTo(before + 1);
      }
      default -> throw new AssertionError("no scenario for " + c);
    }
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
