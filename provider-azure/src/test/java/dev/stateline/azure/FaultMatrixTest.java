/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.azure;

import static dev.stateline.azure.AzureFixtures.ALIAS;
import static dev.stateline.azure.AzureFixtures.DEPLOYMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.stateline.CallOptions;
import dev.stateline.ChatStream;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.Timeouts;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.Message;
import dev.stateline.error.CallTimeoutException;
import dev.stateline.error.ProtocolException;
import dev.stateline.error.ProviderUnavailableException;
import dev.stateline.error.RateLimitedException;
import dev.stateline.placement.Attempt;
import dev.stateline.placement.Failover;
import dev.stateline.session.InMemorySessionStore;
import dev.stateline.session.Session;
import dev.stateline.testing.Conditions;
import dev.stateline.testing.azure.AzureOpenAiEmulator;
import dev.stateline.testing.azure.AzureReply;
import dev.stateline.testing.faults.CallOutcome;
import dev.stateline.testing.faults.Fault;
import dev.stateline.testing.faults.Mode;
import dev.stateline.testing.faults.WireFaults;
import dev.stateline.testing.openai.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault matrix for Azure OpenAI (Chat Completions, deployment URL form): every {@link Fault},
 * plain and streamed, ends in its documented typed error or in a successful retry or failover
 * (docs/reliability.md, "Fault matrix"). The {@code @Timeout} is only a hang guard; nothing here
 * asserts on elapsed time.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FaultMatrixTest {
  private static final ChatRequest HI = ChatRequest.of(ALIAS, "hi");
  /** Generous, so that a loaded machine never trips them where an answer is expected. */
  private static final Timeouts TIMEOUTS = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5),
      Duration.ofSeconds(30));
  /** For the faults that must trip the read timeout: a short silence is enough. */
  private static final CallOptions SHORT_READ = CallOptions.builder()
      .timeouts(new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(30))).build();
  private static final RetryPolicy RETRIES = RetryPolicy.builder().maxAttempts(3)
      .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(4)).build();

  private final AzureOpenAiEmulator azure = AzureFixtures.emulator();
  private final AzureOpenAiEmulator backup = AzureFixtures.emulator();
  private final List<StatelineClient> clients = new ArrayList<>();

  @AfterEach
  void tearDown() {
    clients.forEach(StatelineClient::close);
    azure.close();
    backup.close();
  }

  static List<Fault.Case> matrix() {
    return Fault.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void eachFaultEndsInItsDocumentedOutcome(Fault.Case c) {
    Mode mode = c.mode();
    boolean stream = mode == Mode.STREAM;
    switch (c.fault()) {
      case CONNECTION_REFUSED -> {
        // given: nothing listens where the primary points; a healthy backup target follows it
        StatelineClient client = client(AzureOpenAi.target("azure-swc").endpoint(WireFaults.refusedUrl("/"))
            .apiKey(azure.apiKey()).deployment(ALIAS, DEPLOYMENT), AzureOpenAi.target("azure-weu")
            .endpoint(backup.endpoint().toString()).apiKey(backup.apiKey()).deployment(ALIAS, DEPLOYMENT).build());
        // when
        CallOutcome o = CallOutcome.of(client, HI, mode);
        // then: retried on the primary, then failed over to the backup, which answers
        assertThat(o.text()).isEqualTo("echo: hi");
        assertThat(o.route()).containsExactly(
            "azure-swc ProviderUnavailableException", "azure-swc ProviderUnavailableException",
            "azure-swc ProviderUnavailableException", "azure-weu ok");
        assertThat(o.answer().failovers()).extracting(Failover::from, Failover::to)
            .containsExactly(tuple("azure-swc", "azure-weu"));
      }
      case RESET_MID_BODY -> {
        // given: the connection is closed half-way through the body, once
        azure.enqueue(AzureReply.of(Reply.text("one two three four five six").withWireFault(WireFaults::resetMidBody)));
        CallOutcome o = CallOutcome.of(client(), HI, mode);
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
        azure.enqueue(AzureReply.of(Reply.text("never").withWireFault(WireFaults::headersNeverArrive)));
        CallOutcome o = CallOutcome.of(client(), HI, mode, SHORT_READ);
        // then: a READ timeout, retried, answered
        assertRetriedThenAnswered(o, "CallTimeoutException");
      }
      case TRICKLE_TOO_SLOW -> {
        if (stream) {
          // given: half the stream at once, then a pause longer than the read timeout
          azure.enqueue(AzureReply.of(Reply.text("one two three four five six").withWireFault(
              r -> WireFaults.pauseMidBody(r, Duration.ofSeconds(3)))));
          CallOutcome o = CallOutcome.of(client(), HI, mode, SHORT_READ);
          // then: a truncated answer keeping what arrived, caused by the read timeout; not retried
          ProtocolException e = o.truncation("one", 1);
          assertThat(e.getCause()).isInstanceOfSatisfying(CallTimeoutException.class,
              t -> assertThat(t.kind()).isEqualTo(CallTimeoutException.Kind.READ));
        } else {
          // given: a body that sends 16 bytes, then pauses longer than the read timeout
          azure.enqueue(AzureReply.of(Reply.text("one two three").withWireFault(
              r -> WireFaults.trickle(r, 16, Duration.ofSeconds(3)))));
          CallOutcome o = CallOutcome.of(client(), HI, mode, SHORT_READ);
          // then: a READ timeout, retried, answered
          assertRetriedThenAnswered(o, "CallTimeoutException");
        }
      }
      case TRICKLE_WITHIN_TIMEOUT -> {
        // given: a body in 8-byte pieces, 2 ms apart: slow, but never silent for the read timeout
        azure.enqueue(AzureReply.of(Reply.text("one two three four five six").withWireFault(
            r -> WireFaults.trickle(r, 8, Duration.ofMillis(2)))));
        CallOutcome o = CallOutcome.of(client(), HI, mode);
        // then: answered in full at the first attempt
        assertThat(o.text()).isEqualTo("one two three four five six");
        assertThat(o.answer().attempts()).hasSize(1);
      }
      case TRUNCATED_STREAM -> {
        // given: a stream that stops after some text, without its end
        azure.enqueue(AzureReply.of(Reply.truncatedStream("one two")));
        CallOutcome o = CallOutcome.of(client(), HI, mode);
        // then: a protocol error keeping the partial answer; not retried (tokens reached the caller)
        ProtocolException e = o.truncation("one two", 1);
        assertThat(e.partialText()).isEqualTo("one two");
      }
      case MALFORMED_JSON -> {
        azure.enqueue(AzureReply.of(Reply.malformedJson()));
        CallOutcome o = CallOutcome.of(client(), HI, mode);
        if (stream) {
          // then: one good event, then a broken one: a truncated answer, not retried
          o.truncation("", 1);
        } else {
          // then: a protocol error, not retried
          o.failure(ProtocolException.class, 1);
        }
      }
      case WRONG_CONTENT_TYPE -> {
        // given: a proxy's HTML page with a 200
        azure.enqueue(AzureReply.of(Reply.text("x").withWireFault(r -> WireFaults.withBody(r, "text/html",
            "<html><body>Gateway says hello</body></html>"))));
        CallOutcome o = CallOutcome.of(client(), HI, mode);
        // then: a typed protocol error, never a parser exception
        o.failure(ProtocolException.class, 1);
      }
      case ERROR_IN_200 -> {
        if (stream) {
          // given: some text, then an error event inside the 200 stream
          azure.enqueue(AzureReply.of(Reply.streamError("one two", "server_error", "server_error",
              "The server had an error")));
        } else {
          // given: a 200 whose JSON body is an Azure error document
          azure.enqueue(AzureReply.of(Reply.text("x").withWireFault(r -> WireFaults.withBody(r,
              "application/json", "{\"error\":{\"code\":\"InternalServerError\",\"message\":\"The server had an"
                  + " error while processing your request.\"}}"))));
        }
        CallOutcome o = CallOutcome.of(client(), HI, mode);
        if (stream) {
          // then: mapped by its type (the provider is unavailable); text had arrived, so not retried
          assertThat(o.error()).as(o.toString()).isInstanceOf(ProviderUnavailableException.class);
          assertThat(o.streamedText()).isEqualTo("one two");
          assertThat(o.error().attempts()).hasSize(1);
        } else {
          // then: mapped by its code (the provider is unavailable, retryable): retried, answered
          assertRetriedThenAnswered(o, "ProviderUnavailableException");
        }
      }
      case OVERSIZED_BODY -> {
        // given: a target that accepts at most 1 KiB, and an answer of 4 KiB
        azure.enqueue(AzureReply.of(Reply.text("big " + "word ".repeat(800))));
        CallOutcome o = CallOutcome.of(client(AzureFixtures.target(azure).maxResponseBytes(1024)), HI, mode);
        // then: a protocol error, not retried (the answer would be as large again)
        ProtocolException e = o.failure(ProtocolException.class, 1);
        assertThat(e.getMessage()).contains("1024");
      }
      case RATE_LIMIT_STORM_WITH_RETRY_AFTER -> {
        // given: two 429s asking for 7 ms and 9 ms (retry-after-ms, with retry-after: 1 beside it)
        azure.enqueue(AzureReply.rateLimited(Duration.ofMillis(7)), AzureReply.rateLimited(Duration.ofMillis(9)));
        CallOutcome o = CallOutcome.of(client(), HI, mode);
        // then: answered at the third attempt, after waiting exactly what retry-after-ms asked
        assertThat(o.text()).isEqualTo("echo: hi");
        assertThat(o.answer().attempts()).extracting(Attempt::errorType, Attempt::retryDelay).containsExactly(
            tuple("RateLimitedException", Duration.ofMillis(7)), tuple("RateLimitedException", Duration.ofMillis(9)),
            tuple(null, Duration.ZERO));
      }
      case RATE_LIMIT_STORM_WITHOUT_RETRY_AFTER -> {
        // given: three 429s without any retry-after header: the storm outlasts the retries
        for (int i = 0; i < 3; i++) {
          azure.enqueue(AzureReply.of(Reply.error(429, "requests", "429", "Rate limit is exceeded.")));
        }
        CallOutcome o = CallOutcome.of(client(), HI, mode);
        // then: the client's own backoff between tries, then the last 429 as a typed error
        RateLimitedException e = o.failure(RateLimitedException.class, 3);
        assertThat(e.retryAfter()).isEmpty();
        assertThat(e.attempts()).allSatisfy(a -> assertThat(a.retryDelay()).isLessThanOrEqualTo(Duration.ofMillis(4)));
      }
      case SERVER_ERRORS_RECOVERING -> {
        // given: a 500 and a 503, then answers
        azure.enqueue(AzureReply.of(Reply.serverError(500)), AzureReply.of(Reply.serverError(503)));
        CallOutcome o = CallOutcome.of(client(), HI, mode);
        // then: retried, answered at the third attempt
        assertThat(o.text()).isEqualTo("echo: hi");
        assertThat(o.answer().attempts()).extracting(Attempt::errorType).containsExactly(
            "ProviderUnavailableException", "ProviderUnavailableException", null);
      }
      case SERVER_ERRORS_PERSISTENT -> {
        // given: the deployment is down
        azure.conditions(Conditions.outage());
        CallOutcome o = CallOutcome.of(client(), HI, mode);
        // then: every attempt made, then the last 503 as a typed error
        ProviderUnavailableException e = o.failure(ProviderUnavailableException.class, 3);
        assertThat(e.statusCode()).isEqualTo(503);
        assertThat(azure.requestCount()).isEqualTo(3);
      }
      case CREDENTIALS_EXPIRE -> credentialsExpire(mode);
      default -> throw new AssertionError("no scenario for " + c);
    }
  }

  /**
   * An Entra ID token expires (during a stream, or between two calls) and the service stops taking
   * it: the open stream completes; the next call gets a new token from the credential.
   */
  private void credentialsExpire(Mode mode) {
    // given: a credential issuing 10-minute tokens that the emulator accepts once issued
    FakeCredential.MutableClock clock = new FakeCredential.MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
    AzureOpenAiEmulator entra = AzureOpenAiEmulator.builder().deployment(DEPLOYMENT, AzureFixtures.MODEL)
        .bearerToken("none-yet").build().start();
    try {
      FakeCredential credential = new FakeCredential(AzureOpenAi.DEFAULT_SCOPE, clock)
          .lifetime(Duration.ofMinutes(10)).onIssue(entra::acceptBearerToken);
      StatelineClient client = client(AzureOpenAi.target("azure-entra").endpoint(entra.endpoint().toString())
          .credential(credential).deployment(ALIAS, DEPLOYMENT).clock(clock));
      if (mode == Mode.STREAM) {
        entra.enqueue(AzureReply.of(Reply.text("one two three").withEventDelay(Duration.ofMillis(5))));
        try (ChatStream open = client.stream(HI)) {
          Iterator<ChatEvent> events = open.iterator();
          events.next();
          // when: mid-stream, the token expires and the service revokes it
          clock.advance(Duration.ofMinutes(11));
          entra.revokeBearerToken(credential.issued().get(0));
          // then: the open stream completes
          assertThat(open.response().text()).isEqualTo("one two three");
        }
      } else {
        assertThat(client.chat(HI).text()).isEqualTo("echo: hi");
        clock.advance(Duration.ofMinutes(11));
        entra.revokeBearerToken(credential.issued().get(0));
      }

      // when: the next call
      CallOutcome o = CallOutcome.of(client, HI, mode);

      // then: it refreshed the token and was answered at once, with the new token
      assertThat(o.text()).isEqualTo("echo: hi");
      assertThat(o.answer().attempts()).hasSize(1);
      assertThat(credential.issued()).hasSize(2);
      assertThat(entra.lastRequest().header("Authorization")).isEqualTo("Bearer " + credential.issued().get(1));
    } finally {
      entra.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Mode.class)
  void sessionTurnsThroughFaults_loseNoTurnAndGainNoDuplicate(Mode mode) {
    // given: a session on an in-memory store, and a script of faults across five turns
    InMemorySessionStore store = InMemorySessionStore.create();
    StatelineClient client = StatelineClient.builder().target(AzureFixtures.target(azure).build())
        .retryPolicy(RETRIES).timeouts(TIMEOUTS).sessionStore(store).build();
    clients.add(client);
    boolean stream = mode == Mode.STREAM;
    List<List<AzureReply>> script = List.of(
        List.of(AzureReply.rateLimited(Duration.ofMillis(3))),                     // one: 429, retried
        List.of(AzureReply.of(Reply.serverError(503)), AzureReply.of(Reply.serverError(503)),
            AzureReply.of(Reply.serverError(503))),                                // two: down, fails
        List.of(AzureReply.of(stream ? Reply.truncatedStream("echo: th")            // three: stream cut, fails
            : Reply.malformedJson())),                                             //   (plain: broken JSON)
        stream                                                                     // four: reset mid-body:
            ? List.of(AzureReply.of(Reply.text("echo: four").withWireFault(WireFaults::resetMidBody)))
            : List.of(AzureReply.of(Reply.text("echo: four").withWireFault(WireFaults::resetMidBody)),
                AzureReply.of(Reply.text("echo: four"))),                          //   plain: retried, ok
        List.of(AzureReply.of(Reply.text("echo: five").withWireFault(              // five: slow, ok
            r -> WireFaults.trickle(r, 16, Duration.ofMillis(1))))));
    List<String> turns = List.of("one", "two", "three", "four", "five");
    List<String> answered = new ArrayList<>();

    // when
    try (Session session = client.session("case-4711")) {
      for (int i = 0; i < turns.size(); i++) {
        script.get(i).forEach(azure::enqueue);
        if (CallOutcome.of(session, turns.get(i), mode).answered()) {
          answered.add(turns.get(i));
        }
      }
    }

    // then: the turns that failed left no trace; the others are there exactly once, in order
    assertThat(answered).as("what failed and what was answered")
        .containsExactlyElementsOf(stream ? List.of("one", "five") : List.of("one", "four", "five"));
    List<String> expected = new ArrayList<>();
    for (String turn : answered) {
      expected.add(turn);
      expected.add("echo: " + turn);
    }
    assertThat(store.load("case-4711").orElseThrow().messages()).extracting(Message::text)
        .containsExactlyElementsOf(expected);
    assertThat(store.load("case-4711").orElseThrow().turns()).hasSize(answered.size());
  }

  // ---- helpers ----

  private StatelineClient client() {
    return client(AzureFixtures.target(azure));
  }

  private StatelineClient client(AzureOpenAi.TargetBuilder target, Target... more) {
    StatelineClient.Builder b = StatelineClient.builder().target(target.build()).retryPolicy(RETRIES)
        .timeouts(TIMEOUTS);
    for (Target t : more) {
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
