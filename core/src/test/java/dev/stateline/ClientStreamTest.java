/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import static dev.stateline.Fixtures.client;
import static dev.stateline.Fixtures.target;
import static dev.stateline.Fixtures.unauthorized;
import static dev.stateline.Fixtures.unavailable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.AuthenticationException;
import dev.stateline.error.CallCancelledException;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.ProtocolException;
import dev.stateline.error.ProviderUnavailableException;
import dev.stateline.error.StatelineException;
import dev.stateline.placement.Attempt;
import dev.stateline.spi.EventSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Stories of streamed calls: the ChatStream iterator and the listener form. */
class ClientStreamTest {
  private static final ChatRequest HELLO = ChatRequest.of("gpt-4.1", "Hello");

  private final ScriptedModel a = new ScriptedModel();
  private final ScriptedModel b = new ScriptedModel();

  private static List<ChatEvent> readAll(ChatStream stream) {
    List<ChatEvent> events = new ArrayList<>();
    for (ChatEvent e : stream) {
      events.add(e);
    }
    return events;
  }

  @Test
  void aStream_yieldsDeltasUsageThenOneCompletedStampedWithWhereItRan() {
    a.reply("Hel", "lo");

    List<ChatEvent> events;
    ChatResponse whole;
    try (ChatStream stream = client(target("a", a)).build().stream(HELLO)) {
      events = readAll(stream);
      whole = stream.response();
    }

    assertThat(events).hasSize(4);
    assertThat(events.subList(0, 3)).containsExactly(
        new ChatEvent.TextDelta("Hel"), new ChatEvent.TextDelta("lo"), new ChatEvent.UsageReport(ScriptedModel.USAGE));
    ChatResponse completed = ((ChatEvent.Completed) events.get(3)).response();
    assertThat(completed.text()).isEqualTo("Hello");
    assertThat(completed.target()).isEqualTo("a");
    assertThat(completed.attempts()).singleElement().extracting(Attempt::succeeded).isEqualTo(true);
    assertThat(whole).isSameAs(completed);
    assertThat(a.calls().get(0).streaming()).isTrue();
  }

  @Test
  void aFailureWhenOpeningTheStream_isRetried() {
    a.fail(unavailable()).reply("ok");

    try (ChatStream stream = client(target("a", a)).build().stream(HELLO)) {
      assertThat(stream.response().text()).isEqualTo("ok");
      assertThat(stream.response().attempts()).extracting(Attempt::errorType)
          .containsExactly("ProviderUnavailableException", null);
    }
    assertThat(a.callCount()).isEqualTo(2);
  }

  @Test
  void aFailureBeforeTheFirstEvent_isRetried_andTheBrokenStreamIsClosed() {
    // given a stream that opens but breaks before it yields anything
    a.chunksThenFail(new ProtocolException("cut before first byte", ErrorInfo.of("fake"), true, null, null))
        .reply("ok");

    try (ChatStream stream = client(target("a", a)).build().stream(HELLO)) {
      assertThat(stream.response().text()).isEqualTo("ok");
    }
    assertThat(a.callCount()).isEqualTo(2);
    assertThat(a.sourceCloseCount()).isEqualTo(2);
  }

  @Test
  void aFailureAfterTheFirstEvent_isNotRetried_andSurfacesFromIteration() {
    // given a retryable failure, but after the caller has already seen text
    ProviderUnavailableException cut = unavailable();
    a.chunksThenFail(cut, "Hel").reply("must not be used");
    List<ChatEvent> seen = new ArrayList<>();

    try (ChatStream stream = client(target("a", a), target("b", b)).build().stream(HELLO)) {
      ProviderUnavailableException e = catchThrowableOfType(ProviderUnavailableException.class, () -> {
        for (ChatEvent ev : stream) {
          seen.add(ev);
        }
      });

      assertThat(e).isSameAs(cut);
      assertThat(e.target()).isEqualTo("a");
      assertThat(e.placement().order()).containsExactly("a", "b");
      assertThat(e.attempts()).singleElement().extracting(Attempt::succeeded).isEqualTo(true);
    }
    assertThat(seen).containsExactly(new ChatEvent.TextDelta("Hel"));
    assertThat(a.callCount()).isEqualTo(1);
    assertThat(b.callCount()).isZero();
  }

  @Test
  void aNonRetryableFailureOpeningTheStream_isThrownFromStream() {
    a.fail(unauthorized());

    assertThatThrownBy(() -> client(target("a", a)).build().stream(HELLO))
        .isInstanceOf(AuthenticationException.class);
    assertThat(a.callCount()).isEqualTo(1);
  }

  @Test
  void aStream_canBeIteratedOnlyOnce() {
    try (ChatStream stream = client(target("a", a)).build().stream(HELLO)) {
      Iterator<ChatEvent> first = stream.iterator();
      assertThat(first.hasNext()).isTrue();

      assertThatIllegalStateException().isThrownBy(stream::iterator).withMessageContaining("only once");
    }
  }

  @Test
  void response_drainsTheEventsNotYetRead() {
    a.reply("Hel", "lo", "!");

    try (ChatStream stream = client(target("a", a)).build().stream(HELLO)) {
      Iterator<ChatEvent> it = stream.iterator();
      assertThat(it.next()).isEqualTo(new ChatEvent.TextDelta("Hel"));

      assertThat(stream.response().text()).isEqualTo("Hello!");
      assertThat(it.hasNext()).isFalse();
    }
  }

  @Test
  void closingMidStream_closesTheProvidersStreamAndFiresTheCallsCancellation_once() {
    a.chunksThenHang("Hel");
    ChatStream stream = client(target("a", a)).build().stream(HELLO);
    Iterator<ChatEvent> it = stream.iterator();
    assertThat(it.next()).isEqualTo(new ChatEvent.TextDelta("Hel"));

    stream.close();
    stream.close();

    assertThat(a.sourceCloseCount()).isEqualTo(1);
    assertThat(a.calls().get(0).cancellation().isCancelled()).isTrue();
    assertThatThrownBy(it::hasNext).isInstanceOf(CallCancelledException.class).hasMessageContaining("closed");
    assertThatThrownBy(stream::response).isInstanceOf(CallCancelledException.class);
  }

  @Test
  void closingFromAnotherThread_unblocksAReaderWaitingForTheNextEvent() throws Exception {
    a.chunksThenHang("Hel");
    ChatStream stream = client(target("a", a)).build().stream(HELLO);
    Iterator<ChatEvent> it = stream.iterator();
    it.next();
    CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
      try {
        it.hasNext();
        return null;
      } catch (Throwable t) {
        return t;
      }
    });

    // when the reader is blocked (or about to block) in next(), another thread closes the stream
    stream.close();

    assertThat(reader.get(5, TimeUnit.SECONDS)).isInstanceOf(CallCancelledException.class);
  }

  @Test
  void givenAReaderInsideTheProvidersNext_whenAnotherThreadClosesAndTheProviderFailsRaw_thenTheReaderSeesCallCancelled()
      throws Exception {
    // given: a provider source whose next() fails with a raw "closed" (as a closed okio source does)
    // once the stream is closed under it
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    a.then(call -> new EventSource() {
      private int n;

      @Override
      public ChatEvent next() {
        if (n++ == 0) {
          return new ChatEvent.TextDelta("Hel");
        }
        reading.countDown();
        try {
          closed.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("closed");
      }

      @Override
      public void close() {
        closed.countDown();
      }
    });
    ChatStream stream = client(target("a", a)).build().stream(HELLO);
    Iterator<ChatEvent> it = stream.iterator();
    it.next();
    CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
      try {
        it.hasNext();
        return null;
      } catch (Throwable t) {
        return t;
      }
    });
    assertThat(reading.await(5, TimeUnit.SECONDS)).isTrue();

    // when
    stream.close();

    // then: a cancellation, not the provider's confusion about its closed connection
    assertThat(reader.get(5, TimeUnit.SECONDS)).isInstanceOf(CallCancelledException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void givenAStreamThatFailsMidway_whenTheFailureSurfaces_thenTheStreamIsClosedAndTheCallersLinkReleased() {
    // given: a caller's cancellation, and a stream that fails after its first event
    Cancellation caller = new Cancellation();
    a.chunksThenFail(unavailable(), "Hel");
    ChatStream stream = client(target("a", a)).build().stream(HELLO,
        CallOptions.builder().cancellation(caller).build());
    Iterator<ChatEvent> it = stream.iterator();
    it.next();

    // when
    assertThatThrownBy(it::hasNext).isInstanceOf(ProviderUnavailableException.class);

    // then: without the caller closing the ChatStream, the provider's stream was closed and the
    // stream's close hook ran (it fires the call's own signal and unlinks the caller's cancellation)
    assertThat(a.sourceCloseCount()).isEqualTo(1);
    assertThat(a.calls().get(0).cancellation().isCancelled()).isTrue();
    stream.close();
    assertThat(a.sourceCloseCount()).as("closing again changes nothing").isEqualTo(1);
  }

  @Test
  void aStreamThatEndsWithoutCompletion_failsWithAProtocolException() {
    a.chunksWithoutCompletion("Hel", "lo");
    List<ChatEvent> seen = new ArrayList<>();

    try (ChatStream stream = client(target("a", a)).build().stream(HELLO)) {
      assertThatThrownBy(() -> stream.forEach(seen::add))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("without a completion event");
    }
    assertThat(seen).hasSize(2);
  }

  @Test
  void aStreamThatYieldsNothing_failsWithAProtocolException() {
    a.chunksWithoutCompletion();

    try (ChatStream stream = client(target("a", a)).build().stream(HELLO)) {
      assertThatThrownBy(stream::response).isInstanceOf(ProtocolException.class);
    }
  }

  @Test
  void aModelWhoseStreamIsNull_surfacesAsAStatelineException() {
    a.then(call -> null);

    assertThatThrownBy(() -> client(target("a", a)).build().stream(HELLO))
        .isExactlyInstanceOf(StatelineException.class)
        .hasMessageContaining("failed unexpectedly")
        .hasCauseInstanceOf(NullPointerException.class);
  }

  @Test
  void aRawRuntimeExceptionMidStream_surfacesAsAStatelineException() {
    a.chunksThenFail(new IllegalStateException("parser bug"), "Hel");

    try (ChatStream stream = client(target("a", a)).build().stream(HELLO)) {
      assertThatThrownBy(stream::response)
          .isExactlyInstanceOf(StatelineException.class)
          .hasCauseInstanceOf(IllegalStateException.class)
          .hasMessageNotContaining("parser bug");
    }
  }

  // ---- listener form ----

  /** Records what a listener is told, in order. */
  private static final class Recorder implements ChatListener {
    final List<Object> calls = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(ChatEvent event) {
      calls.add(event);
    }

    @Override
    public void onComplete(ChatResponse response) {
      calls.add("complete:" + response.text());
    }

    @Override
    public void onError(StatelineException error) {
      calls.add(error);
    }
  }

  @Test
  void aListener_getsEveryEventInOrder_thenOnComplete_andTheFutureCompletes() throws Exception {
    a.reply("Hel", "lo");
    Recorder recorder = new Recorder();

    ChatResponse r = client(target("a", a)).build().stream(HELLO, recorder).get(5, TimeUnit.SECONDS);

    assertThat(r.text()).isEqualTo("Hello");
    assertThat(r.target()).isEqualTo("a");
    assertThat(recorder.calls).hasSize(5);
    assertThat(recorder.calls.subList(0, 3)).containsExactly(
        new ChatEvent.TextDelta("Hel"), new ChatEvent.TextDelta("lo"), new ChatEvent.UsageReport(ScriptedModel.USAGE));
    assertThat(recorder.calls.get(3)).isEqualTo(new ChatEvent.Completed(r));
    assertThat(recorder.calls.get(4)).isEqualTo("complete:Hello");
  }

  @Test
  void aListener_getsOnErrorOnce_andTheFutureFailsWithTheSameError() {
    AuthenticationException refused = unauthorized();
    a.fail(refused);
    Recorder recorder = new Recorder();

    CompletableFuture<ChatResponse> f = client(target("a", a)).build().stream(HELLO, recorder);

    assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).cause().isSameAs(refused);
    assertThat(recorder.calls).containsExactly(refused);
  }

  @Test
  void aListener_seesTheEventsBeforeAMidStreamFailure_thenOnError() {
    ProviderUnavailableException cut = unavailable();
    a.chunksThenFail(cut, "Hel");
    Recorder recorder = new Recorder();

    CompletableFuture<ChatResponse> f = client(target("a", a)).build().stream(HELLO, recorder);

    assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).cause().isSameAs(cut);
    assertThat(recorder.calls).containsExactly(new ChatEvent.TextDelta("Hel"), cut);
    assertThat(a.callCount()).isEqualTo(1);
  }

  @Test
  void aListenerThatThrows_endsTheStream_andFailsTheFutureWithItsException() {
    a.chunksThenHang("Hel");
    IllegalStateException oops = new IllegalStateException("listener bug");
    ChatListener failing = new ChatListener() {
      @Override
      public void onEvent(ChatEvent event) {
        throw oops;
      }
    };

    CompletableFuture<ChatResponse> f = client(target("a", a)).build().stream(HELLO, failing);

    assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).cause().isSameAs(oops);
    assertThat(a.sourceCloseCount()).isEqualTo(1);
  }

  @Test
  void aListenerWhoseOnCompleteThrowsATypedError_isNotAlsoToldOnError() {
    a.reply("Hi");
    AuthenticationException fromListener = unauthorized();
    List<Object> told = new CopyOnWriteArrayList<>();
    ChatListener listener = new ChatListener() {
      @Override
      public void onComplete(ChatResponse response) {
        throw fromListener;
      }

      @Override
      public void onError(StatelineException error) {
        told.add(error);
      }
    };

    CompletableFuture<ChatResponse> f = client(target("a", a)).build().stream(HELLO, listener);

    assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).cause().isSameAs(fromListener);
    assertThat(told).isEmpty();
  }

  @Test
  void aListener_isToldOnErrorOnce_whenAnInterceptorFailsOutsideTheStatelineHierarchy() {
    Recorder recorder = new Recorder();
    IllegalStateException bug = new IllegalStateException("interceptor bug");
    StatelineClient client = client(target("a", a)).addInterceptor(chain -> {
      throw bug;
    }).build();

    CompletableFuture<ChatResponse> f = client.stream(HELLO, recorder);

    assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(StatelineException.class).hasCause(bug);
    assertThat(recorder.calls).hasSize(1);
    assertThat(recorder.calls.get(0)).isInstanceOf(StatelineException.class);
  }

  @Test
  void aListenerStreamCancelledBeforeItStarts_isStillToldOnErrorOnce() throws Exception {
    Recorder recorder = new Recorder();
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService single = Executors.newSingleThreadExecutor();
    try {
      single.execute(() -> {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      StatelineClient client = client(target("a", a)).executor(single).build();
      CompletableFuture<ChatResponse> f = client.stream(HELLO, recorder);

      f.cancel(true);
      release.countDown();
      single.shutdown();
      assertThat(single.awaitTermination(5, TimeUnit.SECONDS)).isTrue();

      assertThat(f).isCancelled();
      assertThat(recorder.calls).hasSize(1);
      assertThat(recorder.calls.get(0)).isInstanceOf(CallCancelledException.class);
      assertThat(a.callCount()).isZero();
    } finally {
      single.shutdownNow();
    }
  }

  @Test
  void aListenerStream_canBeCancelledThroughItsFuture() throws Exception {
    a.chunksThenHang("Hel");
    Recorder recorder = new Recorder();
    CompletableFuture<ChatResponse> f = client(target("a", a)).build().stream(HELLO, recorder);
    a.awaitCalls(1);

    f.cancel(true);

    assertThat(a.awaitWakeUp()).isInstanceOf(CallCancelledException.class);
    assertThat(f).isCancelled();
    assertThat(a.calls().get(0).cancellation().isCancelled()).isTrue();
  }

  @Test
  void eventSourceHelpers_yieldTheirEventsThenNull() {
    EventSource s = EventSource.prepend(new ChatEvent.TextDelta("a"), EventSource.of(new ChatEvent.TextDelta("b")));

    assertThat(s.next()).isEqualTo(new ChatEvent.TextDelta("a"));
    assertThat(s.next()).isEqualTo(new ChatEvent.TextDelta("b"));
    assertThat(s.next()).isNull();
  }
}
