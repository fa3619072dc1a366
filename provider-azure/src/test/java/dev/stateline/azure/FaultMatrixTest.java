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
import dev.stateline.error.StatelineException;
import dev.stateline.testing.faults.CallOutcome;
import dev.stateline.testing.faults.Fault;
import dev.stateline.testing.faults.FaultMatrix;
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
  private static final RetryPolicy RETRIES = FaultMatrix.RETRIES;

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

  /** Azure OpenAI's place in the shared table: no cell differs. */
  static final FaultMatrix.Profile PROFILE = FaultMatrix.Profile.builder("echo: hi")
      .failover("azure-swc", "azure-weu")
      .retryAfterWaits(Duration.ofMillis(7), Duration.ofMillis(9))
      .build();

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void eachFaultEndsInItsDocumentedOutcome(Fault.Case c) {
    CallOutcome o = stage(c);

    StatelineException e = FaultMatrix.check(c, PROFILE, o);

    // and what Azure adds to the table's outcome
    switch (c.fault()) {
      case CONNECTION_REFUSED -> assertThat(o.answer().failovers()).extracting(Failover::from, Failover::to)
          .containsExactly(tuple("azure-swc", "azure-weu"));
      case OVERSIZED_BODY -> assertThat(e.getMessage()).contains("1024");
      case SERVER_ERRORS_PERSISTENT -> {
        assertThat(e.statusCode()).isEqualTo(503);
        assertThat(azure.requestCount()).isEqualTo(3);
      }
      default -> { }
    }
  }

  /** Makes fault {@code c} happen on Azure's wire, and the call. */
  private CallOutcome stage(Fault.Case c) {
    Mode mode = c.mode();
    boolean stream = mode == Mode.STREAM;
    String text = FaultMatrix.TEXT;
    return switch (c.fault()) {
      case CONNECTION_REFUSED -> CallOutcome.of(client(AzureOpenAi.target("azure-swc").endpoint(WireFaults.refusedUrl("/"))
          .apiKey(azure.apiKey()).deployment(ALIAS, DEPLOYMENT), AzureOpenAi.target("azure-weu")
          .endpoint(backup.endpoint().toString()).apiKey(backup.apiKey()).deployment(ALIAS, DEPLOYMENT).build()), HI, mode);
      case RESET_MID_BODY -> {
        azure.enqueue(AzureReply.of(Reply.text(text).withWireFault(WireFaults::resetMidBody)));
        yield CallOutcome.of(client(), HI, mode);
      }
      case HEADERS_NEVER_ARRIVE -> {
        azure.enqueue(AzureReply.of(Reply.text("never").withWireFault(WireFaults::headersNeverArrive)));
        yield CallOutcome.of(client(), HI, mode, FaultMatrix.SHORT_READ);
      }
      case TRICKLE_TOO_SLOW -> {
        azure.enqueue(AzureReply.of(Reply.text(stream ? text : "one two three").withWireFault(stream
            ? r -> WireFaults.pauseMidBody(r, Duration.ofSeconds(3)) : r -> WireFaults.trickle(r, 16, Duration.ofSeconds(3)))));
        yield CallOutcome.of(client(), HI, mode, FaultMatrix.SHORT_READ);
      }
      case TRICKLE_WITHIN_TIMEOUT -> {
        azure.enqueue(AzureReply.of(Reply.text(text).withWireFault(r -> WireFaults.trickle(r, 8, Duration.ofMillis(2)))));
        yield CallOutcome.of(client(), HI, mode);
      }
      case TRICKLE_PAST_TOTAL -> {
        azure.enqueue(AzureReply.of(Reply.text(text + " " + "word ".repeat(6000)).withWireFault(
            r -> WireFaults.trickle(r, 64, Duration.ofMillis(20)))));
        yield CallOutcome.of(client(), HI, mode, FaultMatrix.SHORT_TOTAL);
      }
      case KEEP_ALIVES_ONLY -> {
        azure.enqueue(AzureReply.of(Reply.raw(WireFaults.keepAlivesOnly())));
        yield CallOutcome.of(client(), HI, mode, FaultMatrix.SHORT_READ);
      }
      case TRUNCATED_STREAM -> {
        azure.enqueue(AzureReply.of(Reply.truncatedStream("one two")));
        yield CallOutcome.of(client(), HI, mode);
      }
      case MALFORMED_JSON -> {
        azure.enqueue(AzureReply.of(Reply.malformedJson()));
        yield CallOutcome.of(client(), HI, mode);
      }
      case WRONG_CONTENT_TYPE -> {
        azure.enqueue(AzureReply.of(Reply.text("x").withWireFault(r -> WireFaults.withBody(r, "text/html",
            "<html><body>Gateway says hello</body></html>"))));
        yield CallOutcome.of(client(), HI, mode);
      }
      case ERROR_IN_200 -> {
        azure.enqueue(AzureReply.of(stream
            ? Reply.streamError("one two", "server_error", "server_error", "The server had an error")
            : Reply.text("x").withWireFault(r -> WireFaults.withBody(r, "application/json",
                "{\"error\":{\"code\":\"InternalServerError\",\"message\":\"The server had an"
                    + " error while processing your request.\"}}"))));
        yield CallOutcome.of(client(), HI, mode);
      }
      case OVERSIZED_BODY -> {
        azure.enqueue(AzureReply.of(Reply.text("big " + "word ".repeat(800))));
        yield CallOutcome.of(client(AzureFixtures.target(azure).maxResponseBytes(1024)), HI, mode);
      }
      case RATE_LIMIT_STORM_WITH_RETRY_AFTER -> {
        azure.enqueue(AzureReply.rateLimited(Duration.ofMillis(7)), AzureReply.rateLimited(Duration.ofMillis(9)));
        yield CallOutcome.of(client(), HI, mode);
      }
      case RATE_LIMIT_STORM_WITHOUT_RETRY_AFTER -> {
        for (int i = 0; i < 3; i++) {
          azure.enqueue(AzureReply.of(Reply.error(429, "requests", "429", "Rate limit is exceeded.")));
        }
        yield CallOutcome.of(client(), HI, mode);
      }
      case SERVER_ERRORS_RECOVERING -> {
        azure.enqueue(AzureReply.of(Reply.serverError(500)), AzureReply.of(Reply.serverError(503)));
        yield CallOutcome.of(client(), HI, mode);
      }
      case SERVER_ERRORS_PERSISTENT -> {
        azure.conditions(Conditions.outage());
        yield CallOutcome.of(client(), HI, mode);
      }
      case CREDENTIALS_EXPIRE -> credentialsExpire(mode);
      default -> throw new AssertionError("no scenario for " + c);
    };
  }

  /**
   * An Entra ID token expires (during a stream, or between two calls) and the service stops taking
   * it: the open stream completes; the next call gets a new token from the credential.
   */
  private CallOutcome credentialsExpire(Mode mode) {
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
      assertThat(credential.issued()).hasSize(2);
      assertThat(entra.lastRequest().header("Authorization")).isEqualTo("Bearer " + credential.issued().get(1));
      return o;
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
