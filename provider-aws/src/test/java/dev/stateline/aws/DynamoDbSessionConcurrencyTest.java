/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.Message;
import dev.stateline.chat.Role;
import dev.stateline.error.SessionConflictException;
import dev.stateline.session.Session;
import dev.stateline.session.SessionOptions;
import dev.stateline.session.SessionState;
import dev.stateline.session.SessionStore;
import dev.stateline.session.SessionTurn;
import dev.stateline.testing.FakeChatModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Many writers on one DynamoDB-held session: no turn lost, none duplicated, each writer's order kept. */
class DynamoDbSessionConcurrencyTest {
  static final int THREADS = 16;
  static final int TURNS = 5;
  /** Writers racing on the store directly: every commit is contested by all of them, so fewer. */
  static final int WRITERS = 8;
  static final int WRITES = 5;

  final DynamoDbFixture fx = new DynamoDbFixture();

  @AfterEach
  void close() {
    fx.close();
  }

  @Test
  void given_8_writers_on_two_store_instances_appending_with_optimistic_retries_then_every_turn_is_there_once()
      throws Exception {
    List<SessionStore> processes = List.of(fx.store(), fx.store()); // two SDK clients, like two processes
    AtomicInteger conflicts = new AtomicInteger();

    runAll(WRITERS, writer -> () -> {
      SessionStore store = processes.get(writer % 2);
      for (int turn = 0; turn < WRITES; turn++) {
        String text = "w" + writer + "-" + turn;
        SessionTurn t = new SessionTurn(UUID.randomUUID().toString(),
            List.of(Message.user(text), Message.assistant("ok " + text)), "aws-fra", null, Instant.now());
        long version = store.load("direct").map(SessionState::version).orElse(0L);
        for (int attempt = 1; ; attempt++) {
          try {
            store.append("direct", version, t);
            break;
          } catch (SessionConflictException e) {
            assertThat(e.actualVersion()).isGreaterThan(version);
            version = e.actualVersion(); // what a real writer does: retry on the version the conflict names
            conflicts.incrementAndGet();
            backOff(attempt);
          }
        }
      }
    });

    SessionState state = processes.get(0).load("direct").orElseThrow();
    assertThat(state.version()).isEqualTo(WRITERS * WRITES);
    assertThat(conflicts.get()).as("the writers really contended").isPositive();
    List<String> texts = state.messages().stream().filter(m -> m.role() == Role.USER).map(Message::text).toList();
    assertThat(texts).hasSize(WRITERS * WRITES).doesNotHaveDuplicates();
    assertEachWriterInOrder(texts, "w", WRITERS, WRITES);
    assertThat(fx.emulator.items(DynamoDbFixture.TABLE)).as("one head item, nothing left over").hasSize(1);
  }

  @Test
  void given_two_clients_sending_5_turns_each_from_16_threads_to_one_session_then_conflicts_rerun_and_nothing_is_lost()
      throws Exception {
    int threads = THREADS;
    int turns = TURNS;
    FakeChatModel modelA = new FakeChatModel();
    FakeChatModel modelB = new FakeChatModel();
    SessionOptions patient = SessionOptions.builder().maxConflictRetries(1_000).build();
    try (StatelineClient a = client(modelA, fx.store()); StatelineClient b = client(modelB, fx.store())) {
      runAll(threads, writer -> {
        Session session = (writer % 2 == 0 ? a : b).session("shared", patient);
        return () -> {
          for (int turn = 0; turn < turns; turn++) {
            String text = "t" + writer + "-" + turn;
            assertThat(session.send(text).text()).isEqualTo(text);
          }
        };
      });

      SessionState state = fx.store().load("shared").orElseThrow();
      List<Message> history = state.messages();
      assertThat(state.version()).isEqualTo(threads * turns);
      assertThat(history).hasSize(2 * threads * turns);
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < history.size(); i += 2) {
        assertThat(history.get(i).role()).isEqualTo(Role.USER);
        assertThat(history.get(i + 1).role()).isEqualTo(Role.ASSISTANT);
        assertThat(history.get(i + 1).text()).isEqualTo(history.get(i).text());
        assertThat(seen.add(history.get(i).text())).as("%s once", history.get(i).text()).isTrue();
      }
      assertEachWriterInOrder(history.stream().filter(m -> m.role() == Role.USER).map(Message::text).toList(), "t",
          threads, turns);
      assertThat(modelA.callCount() + modelB.callCount()).as("every turn answered, conflicted ones again")
          .isGreaterThanOrEqualTo(threads * turns);
    }
  }

  /** Exponential backoff with full jitter after a conflict, as a real writer would, up to 32 ms. */
  private static void backOff(int attempt) {
    try {
      Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << Math.min(attempt, 5)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static StatelineClient client(FakeChatModel model, SessionStore store) {
    Target runtime = Target.builder("runtime", model).provider(FakeChatModel.PROVIDER)
        .hosting(Target.Hosting.STATEFUL_RUNTIME).model("gpt-4.1").build();
    return StatelineClient.builder().target(runtime).sessionStore(store).build();
  }

  private static void assertEachWriterInOrder(List<String> texts, String prefix, int writers, int turns) {
    for (int w = 0; w < writers; w++) {
      String mine = prefix + w + "-";
      List<String> expected = new ArrayList<>();
      for (int turn = 0; turn < turns; turn++) {
        expected.add(mine + turn);
      }
      assertThat(texts.stream().filter(s -> s.startsWith(mine)).toList()).containsExactlyElementsOf(expected);
    }
  }

  private static void runAll(int threads, IntFunction<Runnable> work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Runnable r = work.apply(i);
        futures.add(pool.submit(() -> {
          start.await();
          r.run();
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(3, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
