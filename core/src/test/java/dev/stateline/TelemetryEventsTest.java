/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import static dev.stateline.Fixtures.client;
import static dev.stateline.Fixtures.rateLimited;
import static dev.stateline.Fixtures.target;
import static dev.stateline.Fixtures.unauthorized;
import static dev.stateline.Fixtures.unavailable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.AuthenticationException;
import dev.stateline.error.NoEligibleTargetException;
import dev.stateline.session.Session;
import dev.stateline.session.SessionOptions;
import dev.stateline.telemetry.TelemetryEvent.AttemptFailed;
import dev.stateline.telemetry.TelemetryEvent.AttemptStarted;
import dev.stateline.telemetry.TelemetryEvent.CallFailed;
import dev.stateline.telemetry.TelemetryEvent.CallFinished;
import dev.stateline.telemetry.TelemetryEvent.CallStarted;
import dev.stateline.telemetry.TelemetryEvent.FirstToken;
import dev.stateline.telemetry.TelemetryEvent.Next;
import dev.stateline.telemetry.TelemetryEvent.PlacementDecided;
import dev.stateline.telemetry.TelemetryEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Stories of the events the one pipeline emits: in order, for plain calls, retries, failovers,
 * streams, failures, async calls and session turns, and never broken by a failing listener.
 */
class TelemetryEventsTest {
  private static final ChatRequest HELLO = ChatRequest.of("gpt-4.1", "Hello");

  private final ScriptedModel a = new ScriptedModel();
  private final ScriptedModel b = new ScriptedModel();
  private final List<TelemetryEvent> events = new CopyOnWriteArrayList<>();

  private List<String> names() {
    return events.stream().map(TelemetryEvent::name).toList();
  }

  private <T extends TelemetryEvent> List<T> of(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void aPlainCall_startsIsPlacedAttemptsOnceAndFinishes_withUsageTargetAndResponseModel() {
    StatelineClient client = client(target("a", a)).telemetry(events::add).build();

    ChatResponse answer = client.chat(HELLO);

    assertThat(names()).containsExactly("call.started", "placement.decided", "attempt.started", "call.finished");
    assertThat(events).allSatisfy(e -> assertThat(e.call().callId()).isEqualTo(events.get(0).call().callId()));
    CallStarted started = of(CallStarted.class).get(0);
    assertThat(started.call().alias()).isEqualTo("gpt-4.1");
    assertThat(started.call().streaming()).isFalse();
    assertThat(started.messages()).isEqualTo(1);
    assertThat(of(PlacementDecided.class).get(0).placement().primary()).isEqualTo("a");
    AttemptStarted attempt = of(AttemptStarted.class).get(0);
    assertThat(attempt.target().name()).isEqualTo("a");
    assertThat(attempt.providerModel()).isEqualTo("gpt-4.1");
    assertThat(attempt.attempt()).isEqualTo(1);
    CallFinished finished = of(CallFinished.class).get(0);
    assertThat(finished.target().name()).isEqualTo("a");
    assertThat(finished.usage()).isEqualTo(ScriptedModel.USAGE);
    assertThat(finished.responseModel()).isEqualTo(answer.model());
    assertThat(finished.responseId()).isEqualTo(answer.id());
    assertThat(finished.latency().isNegative()).isFalse();
    assertThat(finished.cost()).isNull();
    assertThat(finished.input()).isNull();
    assertThat(finished.output()).isNull();
  }

  @Test
  void aRetriedAttempt_isReportedWithTheDelayChosen_beforeTheNextAttemptStarts() {
    a.fail(rateLimited(Duration.ofMillis(3))).reply("ok");
    StatelineClient client = client(target("a", a)).telemetry(events::add).build();

    client.chat(HELLO);

    assertThat(names()).containsExactly("call.started", "placement.decided", "attempt.started", "attempt.failed",
        "attempt.started", "call.finished");
    AttemptFailed failed = of(AttemptFailed.class).get(0);
    assertThat(failed.next()).isEqualTo(Next.RETRY);
    assertThat(failed.retryDelay()).isEqualTo(Duration.ofMillis(3));
    assertThat(failed.errorType()).isEqualTo("RateLimitedException");
    assertThat(failed.error().statusCode()).isEqualTo(429);
    assertThat(of(AttemptStarted.class)).extracting(AttemptStarted::attempt, AttemptStarted::attemptOfCall)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 1), org.assertj.core.groups.Tuple.tuple(2, 2));
  }

  @Test
  void aFailover_reportsTheGivenUpAttemptWithTheNextTarget_thenAttemptsThere() {
    a.fail(unavailable()).fail(unavailable()).fail(unavailable());
    StatelineClient client = client(target("a", a), target("b", b)).telemetry(events::add).build();

    client.chat(HELLO);

    assertThat(names()).containsExactly("call.started", "placement.decided",
        "attempt.started", "attempt.failed", "attempt.started", "attempt.failed", "attempt.started", "attempt.failed",
        "attempt.started", "call.finished");
    assertThat(of(AttemptFailed.class)).extracting(AttemptFailed::next)
        .containsExactly(Next.RETRY, Next.RETRY, Next.FAIL_OVER);
    assertThat(of(AttemptFailed.class).get(2).nextTarget()).isEqualTo("b");
    assertThat(of(AttemptFailed.class).get(2).retryDelay()).isZero();
    assertThat(of(AttemptStarted.class).get(3).target().name()).isEqualTo("b");
    CallFinished finished = of(CallFinished.class).get(0);
    assertThat(finished.target().name()).isEqualTo("b");
    assertThat(finished.failovers()).isEqualTo(1);
    assertThat(finished.attempts()).hasSize(4);
  }

  @Test
  void aStream_reportsItsFirstTokenOnce_beforeItFinishes() {
    a.reply("Hel", "lo", " world");
    StatelineClient client = client(target("a", a)).telemetry(events::add).build();

    try (ChatStream stream = client.stream(HELLO)) {
      stream.forEach(e -> { });
    }

    assertThat(names()).containsExactly("call.started", "placement.decided", "attempt.started", "first.token",
        "call.finished");
    assertThat(of(CallStarted.class).get(0).call().streaming()).isTrue();
    FirstToken first = of(FirstToken.class).get(0);
    assertThat(first.target().name()).isEqualTo("a");
    assertThat(first.sinceStart()).isLessThanOrEqualTo(of(CallFinished.class).get(0).latency());
  }

  @Test
  void aFinishedEvent_isEmittedBeforeTheCallerSeesTheCompletion() {
    a.reply("Hi");
    StatelineClient client = client(target("a", a)).telemetry(events::add).build();

    try (ChatStream stream = client.stream(HELLO)) {
      for (ChatEvent e : stream) {
        if (e instanceof ChatEvent.Completed) {
          assertThat(names()).endsWith("call.finished");
        }
      }
    }
  }

  @Test
  void aNonRetryableFailure_isGivenUp_andTheCallFailsWithItsTypeAndStatus() {
    a.fail(unauthorized());
    StatelineClient client = client(target("a", a), target("b", b)).telemetry(events::add).build();

    assertThatThrownBy(() -> client.chat(HELLO)).isInstanceOf(AuthenticationException.class);

    assertThat(names()).containsExactly("call.started", "placement.decided", "attempt.started", "attempt.failed",
        "call.failed");
    assertThat(of(AttemptFailed.class).get(0).next()).isEqualTo(Next.GIVE_UP);
    CallFailed failed = of(CallFailed.class).get(0);
    assertThat(failed.errorType()).isEqualTo("AuthenticationException");
    assertThat(failed.error().statusCode()).isEqualTo(401);
    assertThat(failed.target().name()).isEqualTo("a");
    assertThat(failed.placement()).isNotNull();
    assertThat(failed.attempts()).hasSize(1);
    assertThat(b.callCount()).isZero();
  }

  @Test
  void aCallNoTargetMayTake_isPlacedEmpty_andFails() {
    StatelineClient client = client(Target.builder("a", a).model("other").build()).telemetry(events::add).build();

    assertThatThrownBy(() -> client.chat(HELLO)).isInstanceOf(NoEligibleTargetException.class);

    assertThat(names()).containsExactly("call.started", "placement.decided", "call.failed");
    assertThat(of(PlacementDecided.class).get(0).placement().hasEligibleTarget()).isFalse();
    assertThat(of(CallFailed.class).get(0).target()).isNull();
    assertThat(of(CallFailed.class).get(0).errorType()).isEqualTo("NoEligibleTargetException");
  }

  @Test
  void aStreamClosedBeforeItsEnd_isReportedAsACancelledCall_once() {
    a.reply("one", "two", "three");
    StatelineClient client = client(target("a", a)).telemetry(events::add).build();

    try (ChatStream stream = client.stream(HELLO)) {
      stream.iterator().next();
    }

    assertThat(names()).containsExactly("call.started", "placement.decided", "attempt.started", "first.token",
        "call.failed");
    assertThat(of(CallFailed.class).get(0).errorType()).isEqualTo("CallCancelledException");
  }

  @Test
  void aStreamThatBreaksMidway_failsWithTheProtocolError() {
    a.chunksThenFail(new dev.stateline.error.ProtocolException("cut", dev.stateline.error.ErrorInfo.of("fake"), false,
        null, null), "par");
    StatelineClient client = client(target("a", a)).telemetry(events::add).build();

    try (ChatStream stream = client.stream(HELLO)) {
      assertThatThrownBy(() -> stream.forEach(e -> { })).isInstanceOf(dev.stateline.error.ProtocolException.class);
    }

    assertThat(names()).containsExactly("call.started", "placement.decided", "attempt.started", "first.token",
        "call.failed");
    assertThat(of(CallFailed.class).get(0).errorType()).isEqualTo("ProtocolException");
  }

  @Test
  void anAsyncCall_emitsTheSameEvents() throws Exception {
    StatelineClient client = client(target("a", a)).telemetry(events::add).build();

    client.chatAsync(HELLO).get(5, TimeUnit.SECONDS);

    assertThat(names()).containsExactly("call.started", "placement.decided", "attempt.started", "call.finished");
  }

  @Test
  void aSessionTurn_isStateful_andCarriesItsSessionId() {
    StatelineClient client = client(target("a", a)).telemetry(events::add)
        .sessionDefaults(SessionOptions.builder().model("gpt-4.1").build()).build();
    Session session = client.session("case-4711");

    session.send("first");
    session.send("second");

    List<CallFinished> turns = of(CallFinished.class);
    assertThat(turns).hasSize(2);
    assertThat(turns).allSatisfy(f -> {
      assertThat(f.call().sessionId()).isEqualTo("case-4711");
      assertThat(f.call().kind()).isEqualTo(dev.stateline.placement.CallKind.STATEFUL);
    });
    assertThat(turns.get(0).call().callId()).isNotEqualTo(turns.get(1).call().callId());
  }

  @Test
  void aBulkheadRefusal_isAFailedAttemptWithoutAStart_andFailsOver() {
    Target full = Target.builder("a", a).provider("fake.a").anyModel().maxConcurrentCalls(1).build();
    a.chunksThenHang("holding");
    StatelineClient client = client(full, target("b", b)).telemetry(events::add).build();

    try (ChatStream holding = client.stream(HELLO)) {
      events.clear();
      client.chat(HELLO);
      holding.close();
    }

    List<TelemetryEvent> call = events.stream()
        .filter(e -> e.call().callId().equals(events.get(0).call().callId())).toList();
    assertThat(call).extracting(TelemetryEvent::name).containsExactly("call.started", "placement.decided",
        "attempt.failed", "attempt.started", "call.finished");
    AttemptFailed refused = (AttemptFailed) call.get(2);
    assertThat(refused.target().name()).isEqualTo("a");
    assertThat(refused.errorType()).isEqualTo("BulkheadFullException");
    assertThat(refused.next()).isEqualTo(Next.FAIL_OVER);
    assertThat(refused.nextTarget()).isEqualTo("b");
  }

  @Test
  void aListenerThatThrows_neverBreaksTheCall_andTheOthersStillHearEverything() {
    StatelineClient client = client(target("a", a))
        .telemetry(e -> {
          throw new IllegalStateException("listener bug");
        })
        .telemetry(events::add)
        .build();

    ChatResponse first = client.chat(HELLO);
    ChatResponse second = client.chat(HELLO);

    assertThat(first.text()).isEqualTo("Hello");
    assertThat(second.text()).isEqualTo("Hello");
    assertThat(of(CallFinished.class)).hasSize(2);
  }

  @Test
  void withoutTelemetry_callsWorkAsBefore() {
    a.fail(unavailable()).reply("ok");
    ChatResponse r = client(target("a", a)).build().chat(HELLO);
    assertThat(r.text()).isEqualTo("ok");
    assertThat(r.attempts()).hasSize(2);
  }
}
