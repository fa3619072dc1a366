/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.Message;
import dev.stateline.chat.Role;
import dev.stateline.error.SessionConflictException;
import dev.stateline.placement.ScriptedTestModel;
import dev.stateline.spi.ModelCall;
import java.nio.file.Path;
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
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Many writers on one session: no turn lost, none duplicated, each turn sees all before it. */
class SessionConcurrencyTest {
  static final int THREADS = 16;
  static final int TURNS = 25;

  @TempDir
  Path dir;

  static Stream<Arguments> stores() {
    return Stream.of(
        Arguments.of("in-memory", (StoreMaker) t -> InMemorySessionStore.create()));
  }

  interface StoreMaker {
    SessionStore make(SessionConcurrencyTest test);
  }

  static StatelineClient client(ScriptedTestModel model, SessionStore store) {
    return StatelineClient.builder()
        .target(Target.builder("runtime", model).hosting(Target.Hosting.STATEFUL_RUNTIME).model("gpt-4.1").build())
        .sessionStore(store)
        .build();
  }

  static void runAll(int threads, Supplier<Runnable> work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Runnable r = work.get();
        futures.add(pool.submit(() -> {
          start.await();
          r.run();
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void given_16_threads_sending_25_turns_each_to_one_session_then_every_turn_is_there_exactly_once(
      String name, StoreMaker maker) throws Exception {
    ScriptedTestModel model = new ScriptedTestModel("runtime");
    SessionStore store = maker.make(this);
    try (StatelineClient client = client(model, store)) {
      int[] next = {0};
      runAll(THREADS, () -> {
        int thread;
        synchronized (next) {
          thread = next[0]++;
        }
        Session session = client.session("shared"); // a handle per thread, one session
        return () -> {
          for (int turn = 0; turn < TURNS; turn++) {
            String text = "t" + thread + "-" + turn;
            assertThat(session.send(text).text()).isEqualTo("runtime: " + text);
          }
        };
      });

      SessionState state = store.load("shared").orElseThrow();
      List<Message> history = state.messages();
      assertThat(state.version()).isEqualTo(THREADS * TURNS);
      assertThat(state.turns()).hasSize(THREADS * TURNS);
      assertThat(history).hasSize(2 * THREADS * TURNS);
      Set<String> seen = new HashSet<>();
      int[] lastTurnOfThread = new int[THREADS];
      java.util.Arrays.fill(lastTurnOfThread, -1);
      for (int i = 0; i < history.size(); i += 2) {
        Message user = history.get(i);
        Message answer = history.get(i + 1);
        assertThat(user.role()).isEqualTo(Role.USER);
        assertThat(answer.text()).isEqualTo("runtime: " + user.text());
        assertThat(seen.add(user.text())).as("%s appears once", user.text()).isTrue();
        String[] parts = user.text().substring(1).split("-");
        int thread = Integer.parseInt(parts[0]);
        int turn = Integer.parseInt(parts[1]);
        assertThat(turn).as("a thread's turns keep their order").isEqualTo(lastTurnOfThread[thread] + 1);
        lastTurnOfThread[thread] = turn;
      }
      assertThat(seen).hasSize(THREADS * TURNS);
      assertThat(state.turns().stream().map(SessionTurn::id).distinct()).hasSize(THREADS * TURNS);
      List<ModelCall> calls = model.calls();
      assertThat(calls).hasSize(THREADS * TURNS);
      for (int i = 0; i < calls.size(); i++) {
        assertThat(calls.get(i).request().messages()).as("turn %d saw every turn before it", i).hasSize(2 * i + 1);
      }
    }
  }

  static void appendConcurrently(List<SessionStore> writers, SessionStore reader) throws Exception {
    int[] next = {0};
    runAll(THREADS, () -> {
      int thread;
      synchronized (next) {
        thread = next[0]++;
      }
      SessionStore store = writers.get(thread % writers.size());
      return () -> {
        for (int turn = 0; turn < TURNS; turn++) {
          String text = "w" + thread + "-" + turn;
          SessionTurn t = new SessionTurn(UUID.randomUUID().toString(),
              List.of(Message.user(text), Message.assistant("ok " + text)), "runtime", null, Instant.now());
          while (true) {
            long version = store.load("direct").map(SessionState::version).orElse(0L);
            try {
              store.append("direct", version, t);
              break;
            } catch (SessionConflictException e) {
              assertThat(e.actualVersion()).isGreaterThan(version);
            }
          }
        }
      };
    });
    SessionState state = reader.load("direct").orElseThrow();
    assertThat(state.version()).isEqualTo(THREADS * TURNS);
    List<String> texts = state.messages().stream().filter(m -> m.role() == Role.USER).map(Message::text).toList();
    assertThat(texts).hasSize(THREADS * TURNS).doesNotHaveDuplicates();
    for (int w = 0; w < THREADS; w++) {
      String prefix = "w" + w + "-";
      List<String> mine = texts.stream().filter(s -> s.startsWith(prefix)).toList();
      List<String> expected = new ArrayList<>();
      for (int turn = 0; turn < TURNS; turn++) {
        expected.add(prefix + turn);
      }
      assertThat(mine).containsExactlyElementsOf(expected);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void given_another_client_commits_during_a_turn_then_the_turn_reruns_against_the_new_history(
      String name, StoreMaker maker) {
    SessionStore store = maker.make(this);
    ScriptedTestModel modelA = new ScriptedTestModel("A");
    ScriptedTestModel modelB = new ScriptedTestModel("B");
    try (StatelineClient clientA = client(modelA, store); StatelineClient clientB = client(modelB, store)) {
      Session a = clientA.session("contended");
      Session b = clientB.session("contended");
      modelA.then(call -> {
        b.send("from B"); // another process commits while A's model is thinking
        return modelA.echo(call);
      });

      assertThat(a.send("from A").text()).isEqualTo("A: from A");

      assertThat(a.history()).extracting(Message::text).containsExactly("from B", "B: from B", "from A", "A: from A");
      assertThat(modelA.calls()).hasSize(2);
      assertThat(modelA.calls().get(1).request().messages()).extracting(Message::text)
          .containsExactly("from B", "B: from B", "from A");
    }
  }

}
