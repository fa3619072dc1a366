/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import static dev.stateline.Fixtures.client;
import static dev.stateline.Fixtures.target;
import static dev.stateline.Fixtures.unauthorized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.AuthenticationException;
import dev.stateline.error.CallCancelledException;
import dev.stateline.spi.ChatModel;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Stories of chatAsync, and of a client's life from build to close. */
class ClientAsyncAndLifecycleTest {
  private static final ChatRequest HELLO = ChatRequest.of("gpt-4.1", "Hello");

  private final ScriptedModel a = new ScriptedModel();
  private final ScriptedModel b = new ScriptedModel();

  @Test
  void chatAsync_completesWithTheStampedAnswer() throws Exception {
    a.reply("async hi");

    ChatResponse r = client(target("a", a)).build().chatAsync(HELLO).get(5, TimeUnit.SECONDS);

    assertThat(r.text()).isEqualTo("async hi");
    assertThat(r.target()).isEqualTo("a");
    assertThat(a.calls().get(0).streaming()).isFalse();
  }

  @Test
  void chatAsync_failsWithTheTypedError() {
    AuthenticationException refused = unauthorized();
    a.fail(refused);

    CompletableFuture<ChatResponse> f = client(target("a", a)).build().chatAsync(HELLO);

    assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).cause().isSameAs(refused);
    assertThat(refused.target()).isEqualTo("a");
  }

  @Test
  void cancellingTheFuture_cancelsTheCall_andWakesABlockedModel() throws Exception {
    a.block();
    CompletableFuture<ChatResponse> f = client(target("a", a)).build().chatAsync(HELLO);
    a.awaitCalls(1);

    assertThat(f.cancel(true)).isTrue();

    assertThat(a.awaitWakeUp()).isInstanceOf(CallCancelledException.class);
    assertThat(a.calls().get(0).cancellation().isCancelled()).isTrue();
    assertThat(f).isCancelled();
  }

  @Test
  void cancellingTheFuture_reportsCancelled_evenWhenTheModelReactsToTheCancellationAtOnce() throws Exception {
    // given a model whose cancellation hook lets the call fail before the canceller returns
    AtomicReference<CompletableFuture<ChatResponse>> future = new AtomicReference<>();
    CountDownLatch woken = new CountDownLatch(1);
    CountDownLatch hooked = new CountDownLatch(1);
    a.then(call -> {
      call.cancellation().onCancel(woken::countDown);
      call.cancellation().onCancel(() -> awaitDone(future.get()));
      hooked.countDown();
      try {
        woken.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new CallCancelledException("fake: cancelled", null);
    });
    future.set(client(target("a", a)).build().chatAsync(HELLO));
    assertThat(hooked.await(5, TimeUnit.SECONDS)).isTrue();

    // when the future is cancelled
    boolean cancelled = future.get().cancel(true);

    // then cancel() says so, and the future is cancelled rather than failed
    assertThat(cancelled).isTrue();
    assertThat(future.get()).isCancelled();
  }

  /** Waits up to 2 s for {@code f} to complete; a hook must not block forever. */
  private static void awaitDone(CompletableFuture<?> f) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (!f.isDone() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
  }

  @Test
  void aCallersCancellation_alsoCancelsAnAsyncCall() throws Exception {
    a.block();
    Cancellation signal = new Cancellation();
    CompletableFuture<ChatResponse> f = client(target("a", a)).build()
        .chatAsync(HELLO, CallOptions.builder().cancellation(signal).build());
    a.awaitCalls(1);

    signal.cancel();

    assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(CallCancelledException.class);
  }

  @Test
  void close_closesEachModelOnce_evenWhenTargetsShareIt_andIsIdempotent() {
    StatelineClient client = client(target("a1", a), target("a2", a), target("b", b)).build();

    client.close();
    client.close();

    assertThat(a.closeCount()).isEqualTo(1);
    assertThat(b.closeCount()).isEqualTo(1);
  }

  @Test
  void close_keepsGoingWhenOneModelFailsToClose() {
    ChatModel broken = new ChatModel() {
      @Override
      public ChatResponse chat(ModelCall call) {
        throw new UnsupportedOperationException();
      }

      @Override
      public EventSource stream(ModelCall call) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void close() {
        throw new IllegalStateException("close failed");
      }
    };
    StatelineClient client = client(Target.builder("broken", broken).anyModel().build(), target("b", b)).build();

    client.close();

    assertThat(b.closeCount()).isEqualTo(1);
  }

  @Test
  void afterClose_everyKindOfCallFailsWithIllegalStateException() {
    StatelineClient client = client(target("a", a)).build();
    client.close();

    assertThatIllegalStateException().isThrownBy(() -> client.chat(HELLO)).withMessageContaining("closed");
    assertThatIllegalStateException().isThrownBy(() -> client.stream(HELLO)).withMessageContaining("closed");
    assertThatIllegalStateException().isThrownBy(() -> client.chatAsync(HELLO)).withMessageContaining("closed");
    assertThatIllegalStateException().isThrownBy(() -> client.stream(HELLO, new ChatListener() {}))
        .withMessageContaining("closed");
    assertThat(a.callCount()).isZero();
  }

  @Test
  void aCallersExecutor_isUsed_andNotShutDownByClose() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      StatelineClient client = client(target("a", a)).executor(executor).build();
      assertThat(client.chatAsync(HELLO).get(5, TimeUnit.SECONDS).text()).isEqualTo("Hello");

      client.close();

      assertThat(executor.isShutdown()).isFalse();
      // The caller's executor still runs, yet a closed client refuses new work outright.
      assertThatIllegalStateException().isThrownBy(() -> client.chatAsync(HELLO)).withMessageContaining("closed");
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void duplicateTargetNames_areRejected() {
    assertThatIllegalArgumentException().isThrownBy(() -> client(target("a", a), target("a", b)).build())
        .withMessageContaining("two targets are named 'a'");
  }

  @Test
  void aClientWithoutTargets_isRejected() {
    assertThatIllegalArgumentException().isThrownBy(() -> StatelineClient.builder().build())
        .withMessageContaining("at least one target");
  }

  @Test
  void targets_areKeptInDeclarationOrder() {
    StatelineClient client = client(target("b", b), target("a", a)).build();

    assertThat(client.targets()).extracting(Target::name).containsExactly("b", "a");
  }

  @Test
  void everyCall_getsItsOwnId_sharedByItsAttempts() {
    a.fail(Fixtures.unavailable()).reply("x").reply("y");
    StatelineClient client = client(target("a", a)).build();

    client.chat(HELLO);
    client.chat(HELLO);

    assertThat(a.calls().get(0).callId()).isEqualTo(a.calls().get(1).callId());
    assertThat(a.calls().get(2).callId()).isNotEqualTo(a.calls().get(0).callId());
  }

  @Test
  void concurrentCalls_eachGetTheirOwnAnswer() throws Exception {
    StatelineClient client = client(target("a", a)).build();
    AtomicInteger n = new AtomicInteger();
    CompletableFuture<?>[] futures = new CompletableFuture<?>[20];
    for (int i = 0; i < futures.length; i++) {
      String text = "question " + n.incrementAndGet();
      futures[i] = client.chatAsync(ChatRequest.of("gpt-4.1", text))
          .thenAccept(r -> assertThat(r.text()).isEqualTo(text));
    }

    CompletableFuture.allOf(futures).get(10, TimeUnit.SECONDS);

    assertThat(a.callCount()).isEqualTo(20);
  }
}
