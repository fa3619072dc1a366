/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import static dev.stateline.Fixtures.client;
import static dev.stateline.Fixtures.target;
import static dev.stateline.Fixtures.unavailable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Stories of the two interceptor levels: per call, and per attempt on a placed target. */
class InterceptorTest {
  private static final ChatRequest HELLO = ChatRequest.of("gpt-4.1", "Hello");

  private final ScriptedModel a = new ScriptedModel();
  private final ScriptedModel b = new ScriptedModel();
  private final List<String> seen = new CopyOnWriteArrayList<>();

  private Interceptor recording(String level) {
    return chain -> {
      ModelCall call = chain.call();
      seen.add(level + ":" + (call.target() == null ? "-" : call.target().name()) + "#" + call.attempt());
      return chain.proceed(call);
    };
  }

  @Test
  void callInterceptorsRunOnceBeforePlacement_targetInterceptorsOncePerAttempt() {
    // given a first target that fails once, then for good, and a second that answers
    a.fail(unavailable()).fail(unavailable()).fail(unavailable());
    b.reply("ok");

    client(target("a", a), target("b", b))
        .addInterceptor(recording("call"))
        .addTargetInterceptor(recording("target"))
        .build()
        .chat(HELLO);

    assertThat(seen).containsExactly("call:-#0", "target:a#1", "target:a#2", "target:a#3", "target:b#1");
  }

  @Test
  void interceptorsRunInTheOrderTheyWereAdded() {
    client(target("a", a))
        .addInterceptor(recording("first"))
        .addInterceptor(recording("second"))
        .addTargetInterceptor(recording("t1"))
        .addTargetInterceptor(recording("t2"))
        .build()
        .chat(HELLO);

    assertThat(seen).containsExactly("first:-#0", "second:-#0", "t1:a#1", "t2:a#1");
  }

  @Test
  void aTargetInterceptor_canRewriteTheRequestTheModelSees() {
    Interceptor deterministic = chain -> chain.proceed(
        chain.call().withRequest(chain.call().request().toBuilder().temperature(0.0).build()));

    client(target("a", a)).addTargetInterceptor(deterministic).build().chat(HELLO);

    assertThat(a.calls().get(0).request().temperature()).isEqualTo(0.0);
  }

  @Test
  void aCallInterceptor_canRewriteTheAlias_beforePlacementSeesIt() {
    Target onlyMini = Target.builder("mini", a).model("gpt-4.1-mini", "mini-deploy").build();
    Interceptor downgrade = chain -> chain.proceed(
        chain.call().withRequest(chain.call().request().toBuilder().model("gpt-4.1-mini").build()));

    ChatResponse r = client(onlyMini).addInterceptor(downgrade).build().chat(HELLO);

    assertThat(r.placement().alias()).isEqualTo("gpt-4.1-mini");
    assertThat(a.calls().get(0).providerModel()).isEqualTo("mini-deploy");
  }

  @Test
  void aCallInterceptor_seesTheStampedAnswerOnTheWayOut() {
    List<ChatResponse> answers = new CopyOnWriteArrayList<>();
    Interceptor observer = chain -> {
      EventSource source = chain.proceed(chain.call());
      return new EventSource() {
        @Override
        public ChatEvent next() {
          ChatEvent e = source.next();
          if (e instanceof ChatEvent.Completed c) {
            answers.add(c.response());
          }
          return e;
        }

        @Override
        public void close() {
          source.close();
        }
      };
    };

    client(target("a", a)).addInterceptor(observer).build().chat(HELLO);

    assertThat(answers).singleElement().satisfies(r -> {
      assertThat(r.target()).isEqualTo("a");
      assertThat(r.placement()).isNotNull();
      assertThat(r.attempts()).hasSize(1);
    });
  }

  @Test
  void aCallInterceptor_mayAnswerWithoutCallingAnyModel() {
    ChatResponse canned = ChatResponse.builder().message(dev.stateline.chat.Message.assistant("cached")).build();
    Interceptor cache = chain -> EventSource.of(new ChatEvent.Completed(canned));

    ChatResponse r = client(target("a", a)).addInterceptor(cache).build().chat(HELLO);

    assertThat(r.text()).isEqualTo("cached");
    assertThat(a.callCount()).isZero();
  }

  @Test
  void anInterceptorReturningNull_failsClearlyNamingTheInterceptor() {
    Interceptor broken = new ReturnsNull();

    assertThatNullPointerException()
        .isThrownBy(() -> client(target("a", a)).addInterceptor(broken).build().chat(HELLO))
        .withMessageContaining(ReturnsNull.class.getName())
        .withMessageContaining("returned null");
    assertThatNullPointerException()
        .isThrownBy(() -> client(target("a", a)).addTargetInterceptor(broken).build().chat(HELLO))
        .withMessageContaining("returned null");
    assertThat(a.callCount()).isZero();
  }

  private static final class ReturnsNull implements Interceptor {
    @Override
    public EventSource intercept(Chain chain) {
      return null;
    }
  }
}
