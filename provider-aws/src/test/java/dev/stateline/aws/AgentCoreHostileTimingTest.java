/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stateline.ChatStream;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Timeouts;
import dev.stateline.error.CallTimeoutException;
import dev.stateline.error.ProtocolException;
import dev.stateline.session.InMemorySessionStore;
import dev.stateline.session.Session;
import dev.stateline.session.SessionOptions;
import dev.stateline.testing.agentcore.AgentCoreEmulator;
import dev.stateline.testing.faults.WireFaults;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An agent on AgentCore Runtime that keeps sending, slowly: the total timeout holds against a body
 * trickled a byte at a time and against a slow event stream, and on a stream the read timeout is the
 * wait for the next event, which SSE comments do not end. The server counts what it managed to
 * write; nothing is timed. The {@code @Timeout} is a hang guard only.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AgentCoreHostileTimingTest {
  private static final SessionOptions SERVER_HELD = SessionOptions.builder().model("support").serverHeld(true).build();
  private final AgentCoreEmulator emulator = AgentCoreEmulator.start()
      .acceptCredentials(BedrockFixture.ACCESS_KEY_ID, BedrockFixture.SECRET_KEY);
  private final AtomicInteger written = new AtomicInteger();
  private StatelineClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    emulator.close();
  }

  private Session session(Timeouts timeouts) {
    client = StatelineClient.builder()
        .target(AgentCoreRuntime.target("agentcore-fra").region("eu-central-1").agent("support", AgentCoreFixture.RUNTIME_ARN)
            .credentialsProvider(BedrockFixture.credentials()).endpointOverride(emulator.endpoint()).build())
        .sessionStore(InMemorySessionStore.create()).retryPolicy(RetryPolicy.none()).timeouts(timeouts).build();
    return client.session("case-1", SERVER_HELD);
  }

  /** A 200 whose body is {@code first}, then {@code piece} {@code pieces} times, {@code every} apart. */
  private MockResponse dripping(String contentType, String first, String piece, int pieces, Duration every) {
    return WireFaults.drip(contentType, first, i -> piece, pieces, every, written);
  }

  @Test
  void givenAnAnswerTrickledAByteAtATime_thenTheTotalTimeoutEndsIt() {
    emulator.enqueueRuntimeReply(dripping("application/json", "{\"result\":\"", "x", 2000, Duration.ofMillis(10)));
    Session s = session(new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(2)));

    CallTimeoutException e = catchThrowableOfType(CallTimeoutException.class, () -> s.send("hello"));

    assertThat(e).as("the turn must end on its total timeout, not wait for the whole trickle").isNotNull();
    assertThat(e.kind()).isEqualTo(CallTimeoutException.Kind.TOTAL);
    assertThat(written.get()).isLessThan(2000);
  }

  @Test
  void givenAnEventStreamOfCommentsOnly_thenAReadTimeout() {
    emulator.enqueueRuntimeReply(dripping("text/event-stream", ": hi\n\n", ": keep-alive\n\n", 200, Duration.ofMillis(50)));
    Session s = session(new Timeouts(Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(30)));

    CallTimeoutException e = catchThrowableOfType(CallTimeoutException.class, () -> {
      try (ChatStream stream = s.stream("hello")) {
        stream.forEach(ev -> { });
      }
    });

    assertThat(e).isNotNull();
    assertThat(e.kind()).isEqualTo(CallTimeoutException.Kind.READ);
    assertThat(written.get()).isLessThan(200);
  }

  @Test
  void givenSlowEventsPastTheTotal_thenATruncatedAnswerKeepingWhatArrived() {
    emulator.enqueueRuntimeReply(dripping("text/event-stream", "data: {\"delta\":\"one \"}\n\n",
        "data: {\"delta\":\"more \"}\n\n", 200, Duration.ofMillis(100)));
    Session s = session(new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(2)));

    ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> {
      try (ChatStream stream = s.stream("hello")) {
        stream.forEach(ev -> { });
      }
    });

    assertThat(e).isNotNull();
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.partialText()).startsWith("one more ");
    assertThat(e.getCause()).isInstanceOfSatisfying(CallTimeoutException.class,
        t -> assertThat(t.kind()).isEqualTo(CallTimeoutException.Kind.TOTAL));
    assertThat(written.get()).isLessThan(200);
  }
}
