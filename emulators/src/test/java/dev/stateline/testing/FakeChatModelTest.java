/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stateline.CallOptions;
import dev.stateline.Cancellation;
import dev.stateline.ChatStream;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.Timeouts;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.FinishReason;
import dev.stateline.chat.Message;
import dev.stateline.chat.ToolCall;
import dev.stateline.chat.Usage;
import dev.stateline.error.CallCancelledException;
import dev.stateline.error.CallTimeoutException;
import dev.stateline.error.ProtocolException;
import dev.stateline.error.ProviderUnavailableException;
import dev.stateline.error.RateLimitedException;
import dev.stateline.error.StatelineException;
import dev.stateline.placement.Attempt;
import dev.stateline.placement.CallKind;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FakeChatModelTest {
  private static final ChatRequest HI = ChatRequest.of("gpt-4.1", "Hi there");
  private static final RetryPolicy FAST = RetryPolicy.builder()
      .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(2)).build();

  private final FakeChatModel fake = new FakeChatModel();

  private StatelineClient client() {
    return StatelineClient.builder().target(fake.asTarget("fake")).retryPolicy(FAST).build();
  }

  /** A call straight to the fake, placed on its target, with the given total timeout. */
  private ModelCall call(ChatRequest request, boolean streaming, Duration total, Cancellation cancellation) {
    return ModelCall.create("call_test", request, streaming, CallKind.STATELESS,
        Timeouts.DEFAULT.withTotal(total), cancellation).withTarget(fake.asTarget("fake"), 1);
  }

  private static List<ChatEvent> drain(EventSource source) {
    List<ChatEvent> events = new ArrayList<>();
    ChatEvent e;
    while ((e = source.next()) != null) {
      events.add(e);
    }
    return events;
  }

  @Test
  void replyWithText_answersThroughAClient_withDeterministicUsage() {
    fake.replyWith("Hello friend");

    ChatResponse r = client().chat(HI);

    assertThat(r.text()).isEqualTo("Hello friend");
    assertThat(r.target()).isEqualTo("fake");
    assertThat(r.provider()).isEqualTo(FakeChatModel.PROVIDER);
    assertThat(r.model()).isEqualTo("gpt-4.1");
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(r.usage()).isEqualTo(new Usage(2, 0, 2, 0)); // "Hi there" in, "Hello friend" out
    assertThat(r.id()).isEqualTo("fake-resp-1");
    assertThat(r.requestId()).isEqualTo("fake-req-1");
  }

  @Test
  void anEmptyScript_echoesTheLastUserMessage() {
    ChatRequest conversation = ChatRequest.builder().model("m")
        .systemMessage("Be brief").userMessage("first").addMessage(Message.assistant("ok")).userMessage("second")
        .build();

    assertThat(client().chat(conversation).text()).isEqualTo("second");
    assertThat(client().chat(HI).text()).isEqualTo("Hi there");
  }

  @Test
  void theFakeAnswersWithTheTargetsProviderModelName() {
    Target azure = Target.builder("azure-swc", fake).provider("azure.ai.openai").model("gpt-4.1", "gpt41-prod").build();

    ChatResponse r = StatelineClient.builder().target(azure).build().chat(HI);

    assertThat(r.model()).isEqualTo("gpt41-prod");
    assertThat(r.provider()).isEqualTo("azure.ai.openai");
    assertThat(fake.lastCall().providerModel()).isEqualTo("gpt41-prod");
  }

  @Test
  void scriptedReplies_areUsedOnePerCall_inOrder_thenTheDefault() {
    fake.replyWith("one").replyWith("two");
    assertThat(fake.pendingReplies()).isEqualTo(2);
    StatelineClient client = client();

    assertThat(client.chat(HI).text()).isEqualTo("one");
    assertThat(client.chat(HI).text()).isEqualTo("two");
    assertThat(client.chat(HI).text()).isEqualTo("Hi there");
    assertThat(fake.pendingReplies()).isZero();

    fake.defaultReply(FakeReply.text("canned"));
    assertThat(client.chat(HI).text()).isEqualTo("canned");
  }

  @Test
  void streamChunks_yieldsOneTextDeltaPerChunk_thenUsage_thenCompleted() {
    fake.streamChunks("Hel", "lo");
    List<ChatEvent> events = new ArrayList<>();

    try (ChatStream stream = client().stream(HI)) {
      stream.forEach(events::add);
    }

    assertThat(events).hasSize(4);
    assertThat(events.subList(0, 3)).containsExactly(new ChatEvent.TextDelta("Hel"), new ChatEvent.TextDelta("lo"),
        new ChatEvent.UsageReport(new Usage(2, 0, 1, 0)));
    ChatResponse whole = ((ChatEvent.Completed) events.get(3)).response();
    assertThat(whole.text()).isEqualTo("Hello");
    assertThat(whole.usage()).isEqualTo(new Usage(2, 0, 1, 0));
    assertThat(fake.lastCall().streaming()).isTrue();
  }

  @Test
  void aToolCallReply_asksForTheTool_streamedAsAToolCallDelta() {
    fake.replyWithToolCall("get_weather", "{\"city\":\"Paris\"}").replyWithToolCall("get_weather", "{}");

    ChatResponse chat = client().chat(HI);
    List<ChatEvent> streamed;
    try (ChatStream stream = client().stream(HI)) {
      streamed = new ArrayList<>();
      stream.forEach(streamed::add);
    }

    assertThat(chat.toolCalls()).containsExactly(new ToolCall("call_1_0", "get_weather", "{\"city\":\"Paris\"}"));
    assertThat(chat.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(streamed.get(0)).isEqualTo(new ChatEvent.ToolCallDelta(0, "call_2_0", "get_weather", "{}"));
  }

  @Test
  void aScriptedResponse_isReturnedAsGiven_andStreamedAsItsDeltas() {
    ChatResponse given = ChatResponse.builder()
        .id("resp_42").model("gpt-4.1-2025-04-14")
        .message(Message.assistant("Let me check", List.of(new ToolCall("call_x", "lookup", "{}"))))
        .finishReason(FinishReason.TOOL_CALLS)
        .usage(new Usage(10, 0, 5, 0))
        .build();
    fake.replyWith(given).replyWith(given);

    ChatResponse chat = client().chat(HI);
    EventSource source = fake.stream(call(HI, true, Duration.ofSeconds(5), new Cancellation()));

    assertThat(chat.id()).isEqualTo("resp_42");
    assertThat(chat.model()).isEqualTo("gpt-4.1-2025-04-14");
    assertThat(chat.text()).isEqualTo("Let me check");
    assertThat(chat.usage()).isEqualTo(new Usage(10, 0, 5, 0));
    assertThat(drain(source)).containsExactly(
        new ChatEvent.TextDelta("Let me check"),
        new ChatEvent.ToolCallDelta(0, "call_x", "lookup", "{}"),
        new ChatEvent.UsageReport(new Usage(10, 0, 5, 0)),
        new ChatEvent.Completed(given));
  }

  @Test
  void aRateLimitWithRetryAfter_isRetriedByTheClientAfterExactlyThatWait() {
    fake.failWith(FakeErrors.rateLimited(Duration.ofMillis(5))).replyWith("ok");

    ChatResponse r = client().chat(HI);

    assertThat(r.text()).isEqualTo("ok");
    assertThat(fake.callCount()).isEqualTo(2);
    assertThat(r.attempts()).extracting(Attempt::errorType, Attempt::retryDelay).containsExactly(
        org.assertj.core.groups.Tuple.tuple("RateLimitedException", Duration.ofMillis(5)),
        org.assertj.core.groups.Tuple.tuple(null, Duration.ZERO));
  }

  @Test
  void aScriptedFailure_isThrownBeforeAnyEvent() {
    RateLimitedException throttled = FakeErrors.rateLimited(Duration.ofSeconds(3));
    fake.failWith(throttled);

    assertThatThrownBy(() -> fake.stream(call(HI, true, Duration.ofSeconds(5), new Cancellation())))
        .isSameAs(throttled);
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.retryAfter()).contains(Duration.ofSeconds(3));
    assertThat(fake.callCount()).isEqualTo(1);
  }

  @Test
  void aShortDelay_thenAnswers() {
    fake.delay(Duration.ofMillis(5));

    assertThat(fake.chat(call(HI, false, Duration.ofSeconds(5), new Cancellation())).text()).isEqualTo("Hi there");
  }

  @Test
  void aDelayLongerThanTheCallsTimeLeft_failsWithTheTotalTimeout() {
    fake.delay(Duration.ofMinutes(10));

    CallTimeoutException e = catchThrowableOfType(CallTimeoutException.class,
        () -> fake.chat(call(HI, false, Duration.ofMillis(30), new Cancellation())));

    assertThat(e.kind()).isEqualTo(CallTimeoutException.Kind.TOTAL);
  }

  @Test
  void cancellingADelayedCall_wakesItWithCallCancelledException() throws Exception {
    fake.delay(Duration.ofMinutes(10));
    Cancellation cancellation = new Cancellation();
    CompletableFuture<ChatResponse> inFlight =
        CompletableFuture.supplyAsync(() -> fake.chat(call(HI, false, Duration.ofMinutes(10), cancellation)));
    assertThat(fake.awaitCalls(1, Duration.ofSeconds(5))).isTrue();

    cancellation.cancel();

    assertThatThrownBy(() -> inFlight.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(CallCancelledException.class);
  }

  @Test
  void anAlreadyCancelledCall_failsAtOnce() {
    Cancellation cancelled = new Cancellation();
    cancelled.cancel();
    fake.replyWith("never");

    assertThatThrownBy(() -> fake.chat(call(HI, false, Duration.ofSeconds(5), cancelled)))
        .isInstanceOf(CallCancelledException.class);
  }

  @Test
  void cancellingAClientsAsyncCall_reachesTheFake() throws Exception {
    fake.delay(Duration.ofMinutes(10));
    CompletableFuture<ChatResponse> f = client().chatAsync(HI);
    assertThat(fake.awaitCalls(1, Duration.ofSeconds(5))).isTrue();

    f.cancel(true);

    assertThat(fake.lastCall().cancellation().isCancelled()).isTrue();
  }

  @Test
  void aStreamThatBreaks_failsWithAProtocolExceptionKeepingThePartialText_andIsNotRetried() {
    fake.streamBreaksAfter(1, "Hel", "lo");
    List<ChatEvent> seen = new ArrayList<>();

    try (ChatStream stream = client().stream(HI)) {
      ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> stream.forEach(seen::add));

      assertThat(e.partialText()).isEqualTo("Hel");
      assertThat(e.isRetryable()).isFalse();
    }
    assertThat(seen).containsExactly(new ChatEvent.TextDelta("Hel"));
    assertThat(fake.callCount()).isEqualTo(1);
  }

  @Test
  void aStreamThatBreaksBeforeItsFirstDelta_isRetryable_andTheClientRetriesIt() {
    fake.streamBreaksAfter(0, "Hel", "lo").streamChunks("Hello");

    try (ChatStream stream = client().stream(HI)) {
      assertThat(stream.response().text()).isEqualTo("Hello");
    }
    assertThat(fake.callCount()).isEqualTo(2);
  }

  @Test
  void aCutAfterEveryDelta_breaksJustBeforeTheCompletion() {
    fake.enqueue(FakeReply.chunks("a", "b").truncatedAfter(5));
    EventSource s = fake.stream(call(HI, true, Duration.ofSeconds(5), new Cancellation()));

    assertThat(s.next()).isEqualTo(new ChatEvent.TextDelta("a"));
    assertThat(s.next()).isEqualTo(new ChatEvent.TextDelta("b"));
    ProtocolException e = catchThrowableOfType(ProtocolException.class, s::next);
    assertThat(e.partialText()).isEqualTo("ab");
  }

  @Test
  void aNonStreamedCallToABrokenReply_failsAsABodyCutShort() {
    fake.streamBreaksAfter(1, "Hel", "lo");

    ProtocolException e = catchThrowableOfType(ProtocolException.class,
        () -> fake.chat(call(HI, false, Duration.ofSeconds(5), new Cancellation())));

    assertThat(e.partialText()).isEqualTo("Hel");
  }

  @Test
  void aFailureAfterTheFirstDelta_surfacesFromIteration_andIsNotRetried() {
    ProviderUnavailableException reset = FakeErrors.unavailable();
    fake.enqueue(FakeReply.chunks("Hel", "lo").failingAfter(1, reset));

    try (ChatStream stream = client().stream(HI)) {
      assertThatThrownBy(stream::response).isSameAs(reset);
    }
    assertThat(fake.callCount()).isEqualTo(1);
  }

  @Test
  void aStalledStream_failsPromptlyWhenClosedFromAnotherThread() throws Exception {
    fake.enqueue(FakeReply.chunks("Hel", "lo").hangingAfter(1));
    EventSource s = fake.stream(call(HI, true, Duration.ofMinutes(10), new Cancellation()));
    assertThat(s.next()).isEqualTo(new ChatEvent.TextDelta("Hel"));
    CompletableFuture<ChatEvent> reader = CompletableFuture.supplyAsync(s::next);

    s.close();

    assertThatThrownBy(() -> reader.get(5, TimeUnit.SECONDS)).cause()
        .isInstanceOf(CallCancelledException.class).hasMessageContaining("closed");
  }

  @Test
  void aStalledStream_whenTheCallRunsOutOfTime_failsLikeAProviderWithThePartialAnswer() {
    fake.enqueue(FakeReply.chunks("Hel", "lo").hangingAfter(1));
    EventSource s = fake.stream(call(HI, true, Duration.ofMillis(30), new Cancellation()));
    s.next();

    ProtocolException e = catchThrowableOfType(ProtocolException.class, s::next);

    assertThat(e.partialText()).isEqualTo("Hel");
    assertThat(e.isRetryable()).as("tokens were handed out: never retried").isFalse();
    assertThat(e.getMessage()).contains("timed out mid-stream").contains("total timeout");
    assertThat(e.getCause()).isInstanceOfSatisfying(CallTimeoutException.class,
        t -> assertThat(t.kind()).isEqualTo(CallTimeoutException.Kind.TOTAL));
  }

  @Test
  void aStreamStalledBeforeItsFirstDelta_whenTheCallRunsOutOfTime_failsWithThePlainTotalTimeout() {
    fake.enqueue(FakeReply.chunks("Hel", "lo").hangingAfter(0));
    EventSource s = fake.stream(call(HI, true, Duration.ofMillis(30), new Cancellation()));

    CallTimeoutException e = catchThrowableOfType(CallTimeoutException.class, s::next);

    assertThat(e.kind()).isEqualTo(CallTimeoutException.Kind.TOTAL);
  }

  @Test
  void closingAClientsStream_cancelsTheFakesCall() {
    fake.enqueue(FakeReply.chunks("Hel", "lo").hangingAfter(1));
    ChatStream stream = client().stream(HI);
    stream.iterator().next();

    stream.close();

    assertThat(fake.lastCall().cancellation().isCancelled()).isTrue();
  }

  @Test
  void withUsage_replacesTheDefaultCount() {
    fake.enqueue(FakeReply.text("x").withUsage(new Usage(100, 20, 7, 3)));

    assertThat(client().chat(HI).usage()).isEqualTo(new Usage(100, 20, 7, 3));
  }

  @Test
  void everyCall_isRecorded_failedOnesIncluded() {
    fake.failWith(FakeErrors.unavailable());
    StatelineClient client = client();
    ChatRequest second = ChatRequest.of("gpt-4.1", "Second");

    client.chat(HI);
    client.chat(second);

    assertThat(fake.callCount()).isEqualTo(3);
    assertThat(fake.calls()).extracting(ModelCall::attempt).containsExactly(1, 2, 1);
    assertThat(fake.requests()).containsExactly(HI, HI, second);
    assertThat(fake.lastRequest()).isEqualTo(second);
  }

  @Test
  void beforeAnyCall_lastRequestFailsClearly() {
    assertThatIllegalStateException().isThrownBy(fake::lastRequest).withMessageContaining("not been called");
    assertThat(fake.calls()).isEmpty();
  }

  @Test
  void concurrentCalls_areAllRecorded_andEachGetsItsOwnEcho() throws Exception {
    StatelineClient client = client();
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      String text = "question " + i;
      futures.add(client.chatAsync(ChatRequest.of("gpt-4.1", text)).thenAccept(r -> assertThat(r.text()).isEqualTo(text)));
    }

    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

    assertThat(fake.callCount()).isEqualTo(32);
    assertThat(fake.requests()).hasSize(32).doesNotHaveDuplicates();
  }

  @Test
  void awaitCalls_returnsFalseWhenTheCallsDoNotCome() throws Exception {
    assertThat(fake.awaitCalls(1, Duration.ofMillis(1))).isFalse();
  }

  @Test
  void asTarget_servesTheGivenAliases_orAnyWhenNoneAreGiven() {
    Target some = fake.asTarget("some", "gpt-4.1", "gpt-4o");
    Target any = fake.asTarget("any");

    assertThat(some.serves("gpt-4.1")).isTrue();
    assertThat(some.serves("o3")).isFalse();
    assertThat(any.serves("o3")).isTrue();
    assertThat(any.provider()).isEqualTo("fake");
    assertThat(any.chatModel()).isSameAs(fake);
  }

  @Test
  void closingTheClient_closesTheFakeOnce() {
    StatelineClient client = StatelineClient.builder().target(fake.asTarget("a")).target(fake.asTarget("b")).build();

    client.close();

    assertThat(fake.closeCount()).isEqualTo(1);
  }

  @Test
  void fakeErrors_carryStatusAndRetryability() {
    assertThat(List.<StatelineException>of(FakeErrors.rateLimited(null), FakeErrors.unavailable()))
        .allMatch(StatelineException::isRetryable);
    assertThat(List.<StatelineException>of(FakeErrors.unauthorized(), FakeErrors.invalidRequest("temperature"),
        FakeErrors.contextLengthExceeded(), FakeErrors.contentFiltered()))
        .noneMatch(StatelineException::isRetryable)
        .extracting(StatelineException::statusCode).containsExactly(401, 400, 400, 400);
    assertThat(FakeErrors.unavailable()).isNotSameAs(FakeErrors.unavailable());
    assertThat(FakeErrors.rateLimited(null).retryAfter()).isEmpty();
  }

  @Test
  void fakeReplies_validateTheirSettings_andHideTheirText() {
    assertThatIllegalArgumentException().isThrownBy(() -> FakeReply.text("x").delayedBy(Duration.ofMillis(-1)));
    assertThatIllegalArgumentException().isThrownBy(() -> FakeReply.text("x").truncatedAfter(-1));
    assertThatIllegalArgumentException().isThrownBy(FakeReply::toolCalls);
    assertThatIllegalStateException().isThrownBy(() -> FakeReply.failure(FakeErrors.unavailable()).hangingAfter(0));
    assertThat(FakeReply.text("SECRET-ANSWER").delayedBy(Duration.ofMillis(3)).toString())
        .doesNotContain("SECRET-ANSWER").contains("PT0.003S");
  }

  @Test
  void aToolCallStreamedByTheClient_isAssembledOnTheCompletion() {
    fake.enqueue(FakeReply.toolCalls(new ToolCall("", "a", "{\"x\":1}"), new ToolCall("id_b", "b", "{}")));

    try (ChatStream stream = client().stream(ChatRequest.of("gpt-4.1", "Use tools"), CallOptions.defaults())) {
      assertThat(stream.response().toolCalls()).containsExactly(
          new ToolCall("call_1_0", "a", "{\"x\":1}"), new ToolCall("id_b", "b", "{}"));
    }
  }
}
