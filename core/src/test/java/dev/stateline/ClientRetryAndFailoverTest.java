/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import static dev.stateline.Fixtures.client;
import static dev.stateline.Fixtures.invalid;
import static dev.stateline.Fixtures.rateLimited;
import static dev.stateline.Fixtures.target;
import static dev.stateline.Fixtures.unauthorized;
import static dev.stateline.Fixtures.unavailable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.AuthenticationException;
import dev.stateline.error.CallCancelledException;
import dev.stateline.error.CallTimeoutException;
import dev.stateline.error.InvalidRequestException;
import dev.stateline.error.NoEligibleTargetException;
import dev.stateline.error.ProviderUnavailableException;
import dev.stateline.error.RateLimitedException;
import dev.stateline.error.StatelineException;
import dev.stateline.placement.Attempt;
import dev.stateline.spi.ModelCall;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Stories of one chat call through placement, retry and failover. */
class ClientRetryAndFailoverTest {
  private static final ChatRequest HELLO = ChatRequest.of("gpt-4.1", "Hello");

  private final ScriptedModel a = new ScriptedModel();
  private final ScriptedModel b = new ScriptedModel();

  @Test
  void success_isStampedWithTargetProviderPlacementAndOneAttempt() {
    // given a target that maps the alias to its own deployment
    Target azure = Target.builder("azure-swc", a).provider("azure.ai.openai").model("gpt-4.1", "gpt41-prod").build();
    a.reply("Hi there");

    // when
    ChatResponse r = client(azure).build().chat(HELLO);

    // then the answer says where it ran
    assertThat(r.text()).isEqualTo("Hi there");
    assertThat(r.model()).isEqualTo("gpt41-prod");
    assertThat(r.usage()).isEqualTo(ScriptedModel.USAGE);
    assertThat(r.target()).isEqualTo("azure-swc");
    assertThat(r.provider()).isEqualTo("azure.ai.openai");
    assertThat(r.placement().primary()).isEqualTo("azure-swc");
    assertThat(r.placement().alias()).isEqualTo("gpt-4.1");
    assertThat(r.attempts()).singleElement().satisfies(at -> {
      assertThat(at.target()).isEqualTo("azure-swc");
      assertThat(at.number()).isEqualTo(1);
      assertThat(at.succeeded()).isTrue();
      assertThat(at.retryDelay()).isZero();
    });
    // and the model got the placed call with the provider's model name
    ModelCall seen = a.calls().get(0);
    assertThat(seen.target()).isSameAs(azure);
    assertThat(seen.attempt()).isEqualTo(1);
    assertThat(seen.providerModel()).isEqualTo("gpt41-prod");
    assertThat(seen.streaming()).isFalse();
    assertThat(seen.request()).isEqualTo(HELLO);
  }

  @Test
  void aRetryableFailure_isRetried_andBothAttemptsAreRecorded() {
    a.fail(unavailable()).reply("second time lucky");

    ChatResponse r = client(target("a", a)).build().chat(HELLO);

    assertThat(r.text()).isEqualTo("second time lucky");
    assertThat(a.callCount()).isEqualTo(2);
    assertThat(a.calls()).extracting(ModelCall::attempt).containsExactly(1, 2);
    assertThat(r.attempts()).hasSize(2);
    Attempt first = r.attempts().get(0);
    assertThat(first.errorType()).isEqualTo("ProviderUnavailableException");
    assertThat(first.retryDelay()).isBetween(Duration.ZERO, Fixtures.FAST.initialBackoff());
    assertThat(r.attempts().get(1).succeeded()).isTrue();
    assertThat(r.attempts().get(1).number()).isEqualTo(2);
  }

  @Test
  void aNonRetryableFailure_isNotRetried() {
    AuthenticationException refused = unauthorized();
    a.fail(refused);

    AuthenticationException e = catchThrowableOfType(AuthenticationException.class,
        () -> client(target("a", a)).build().chat(HELLO));

    assertThat(e).isSameAs(refused);
    assertThat(a.callCount()).isEqualTo(1);
    assertThat(e.target()).isEqualTo("a");
    assertThat(e.attempts()).singleElement().satisfies(at -> {
      assertThat(at.errorType()).isEqualTo("AuthenticationException");
      assertThat(at.retryDelay()).isZero();
    });
    assertThat(e.getMessage()).contains("invalid api key", "target=a", "status=401", "requestId=req_401");
  }

  @Test
  void retriesExhausted_throwTheLastTypedError_withEveryAttemptAndThePlacement() {
    RateLimitedException last = rateLimited(null);
    a.fail(rateLimited(null)).fail(rateLimited(null)).fail(last).reply("never reached");

    RateLimitedException e = catchThrowableOfType(RateLimitedException.class,
        () -> client(target("a", a)).build().chat(HELLO));

    assertThat(e).isSameAs(last);
    assertThat(a.callCount()).isEqualTo(3);
    assertThat(e.attempts()).extracting(Attempt::number).containsExactly(1, 2, 3);
    assertThat(e.attempts()).allSatisfy(at -> assertThat(at.errorType()).isEqualTo("RateLimitedException"));
    assertThat(e.attempts().get(2).retryDelay()).isZero();
    assertThat(e.placement().primary()).isEqualTo("a");
    assertThat(e.target()).isEqualTo("a");
  }

  @Test
  void retryAfter_isHonouredExactly() {
    a.fail(rateLimited(Duration.ofMillis(3))).reply("ok");

    ChatResponse r = client(target("a", a)).build().chat(HELLO);

    assertThat(r.attempts().get(0).retryDelay()).isEqualTo(Duration.ofMillis(3));
    assertThat(r.text()).isEqualTo("ok");
  }

  @Test
  void retryAfterAboveTheAllowedMaximum_givesTheTargetUpAtOnce() {
    a.fail(rateLimited(Duration.ofSeconds(30))).reply("never reached");
    RetryPolicy patient = Fixtures.FAST.toBuilder().maxRetryAfter(Duration.ofSeconds(5)).build();

    assertThatThrownBy(() -> client(target("a", a)).retryPolicy(patient).build().chat(HELLO))
        .isInstanceOf(RateLimitedException.class);
    assertThat(a.callCount()).isEqualTo(1);
  }

  @Test
  void retryAfterAboveTheAllowedMaximum_failsOverToTheNextTarget() {
    a.fail(rateLimited(Duration.ofSeconds(30)));
    b.reply("from b");
    RetryPolicy patient = Fixtures.FAST.toBuilder().maxRetryAfter(Duration.ofSeconds(5)).build();

    ChatResponse r = client(target("a", a), target("b", b)).retryPolicy(patient).build().chat(HELLO);

    assertThat(r.target()).isEqualTo("b");
    assertThat(r.attempts()).extracting(Attempt::target, Attempt::number, Attempt::errorType)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", 1, "RateLimitedException"),
            org.assertj.core.groups.Tuple.tuple("b", 1, null));
  }

  @Test
  void aWaitLongerThanTheTimeLeft_givesUpRatherThanSleeping() {
    // given a total budget of 2 s and a provider that asks for 30 s (which the policy would allow)
    a.fail(rateLimited(Duration.ofSeconds(30))).reply("never reached");
    RetryPolicy patient = Fixtures.FAST.toBuilder().maxRetryAfter(Duration.ofMinutes(1)).build();
    CallOptions twoSeconds = CallOptions.builder().timeouts(Timeouts.DEFAULT.withTotal(Duration.ofSeconds(2))).build();

    RateLimitedException e = catchThrowableOfType(RateLimitedException.class,
        () -> client(target("a", a)).retryPolicy(patient).build().chat(HELLO, twoSeconds));

    assertThat(a.callCount()).isEqualTo(1);
    assertThat(e.attempts()).singleElement().extracting(Attempt::retryDelay).isEqualTo(Duration.ZERO);
  }

  @Test
  void afterTheFirstTargetExhaustsItsRetries_theCallFailsOverToTheSecond() {
    a.fail(unavailable()).fail(unavailable()).fail(unavailable());
    b.reply("from b");

    ChatResponse r = client(target("a", a), target("b", b)).build().chat(HELLO);

    assertThat(r.text()).isEqualTo("from b");
    assertThat(r.target()).isEqualTo("b");
    assertThat(r.provider()).isEqualTo("fake.b");
    assertThat(r.placement().order()).containsExactly("a", "b");
    assertThat(r.placement().fallbacks()).containsExactly("b");
    assertThat(r.attempts()).extracting(at -> at.target() + "#" + at.number() + ":" + at.errorType())
        .containsExactly("a#1:ProviderUnavailableException", "a#2:ProviderUnavailableException",
            "a#3:ProviderUnavailableException", "b#1:null");
    assertThat(b.calls().get(0).target().name()).isEqualTo("b");
    assertThat(b.calls().get(0).attempt()).isEqualTo(1);
  }

  @Test
  void whenEveryTargetFails_theLastTargetsErrorCarriesTheWholeRoute() {
    a.fail(unavailable()).fail(unavailable()).fail(unavailable());
    ProviderUnavailableException lastOfB = unavailable();
    b.fail(unavailable()).fail(unavailable()).fail(lastOfB);

    ProviderUnavailableException e = catchThrowableOfType(ProviderUnavailableException.class,
        () -> client(target("a", a), target("b", b)).build().chat(HELLO));

    assertThat(e).isSameAs(lastOfB);
    assertThat(e.target()).isEqualTo("b");
    assertThat(e.attempts()).extracting(Attempt::target).containsExactly("a", "a", "a", "b", "b", "b");
    assertThat(e.placement().order()).containsExactly("a", "b");
  }

  @Test
  void aNonRetryableError_doesNotFailOver() {
    a.fail(invalid());
    b.reply("must not be asked");

    assertThatThrownBy(() -> client(target("a", a), target("b", b)).build().chat(HELLO))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(b.callCount()).isZero();
  }

  @Test
  void noTargetServingTheAlias_failsWithEachTargetsReason_andCallsNoModel() {
    Target azure = Target.builder("azure-swc", a).model("gpt-4.1").build();
    Target aws = Target.builder("aws-fra", b).model("gpt-oss-120b").build();

    NoEligibleTargetException e = catchThrowableOfType(NoEligibleTargetException.class,
        () -> client(azure, aws).build().chat(ChatRequest.of("o3", "Hi")));

    assertThat(e.getMessage())
        .contains("no eligible target for model alias 'o3'")
        .contains("azure-swc excluded by model: does not serve model alias 'o3'")
        .contains("aws-fra excluded by model: does not serve model alias 'o3'");
    assertThat(e.placement().exclusions()).extracting(d -> d.target()).containsExactly("azure-swc", "aws-fra");
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.attempts()).isEmpty();
    assertThat(a.callCount() + b.callCount()).isZero();
  }

  @Test
  void aTotalTimeoutThatExpiredBeforeTheFirstAttempt_failsWithKindTotal_andCallsNoModel() {
    // given a call interceptor that spends longer than the whole budget
    Interceptor slow = chain -> {
      sleep(60);
      return chain.proceed(chain.call());
    };
    CallOptions twentyMs = CallOptions.builder().timeouts(Timeouts.DEFAULT.withTotal(Duration.ofMillis(20))).build();

    CallTimeoutException e = catchThrowableOfType(CallTimeoutException.class,
        () -> client(target("a", a)).addInterceptor(slow).build().chat(HELLO, twentyMs));

    assertThat(e.kind()).isEqualTo(CallTimeoutException.Kind.TOTAL);
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage()).contains("total timeout", "before attempt 1");
    assertThat(a.callCount()).isZero();
  }

  @Test
  void aTotalTimeoutDuringAnAttempt_isNeitherRetriedNorFailedOver() {
    // given a model that waits out the call's whole budget
    a.block();
    CallOptions shortCall = CallOptions.builder().timeouts(Timeouts.DEFAULT.withTotal(Duration.ofMillis(50))).build();

    CallTimeoutException e = catchThrowableOfType(CallTimeoutException.class,
        () -> client(target("a", a), target("b", b)).build().chat(HELLO, shortCall));

    assertThat(e.kind()).isEqualTo(CallTimeoutException.Kind.TOTAL);
    assertThat(a.callCount()).isEqualTo(1);
    assertThat(b.callCount()).isZero();
  }

  @Test
  void anAlreadyCancelledCall_neverReachesAModel() {
    Cancellation cancelled = new Cancellation();
    cancelled.cancel();

    assertThatThrownBy(() -> client(target("a", a)).build()
        .chat(HELLO, CallOptions.builder().cancellation(cancelled).build()))
        .isInstanceOf(CallCancelledException.class);
    assertThat(a.callCount()).isZero();
  }

  @Test
  void cancellingTheCallersSignal_wakesTheModelAndFailsTheCall() throws Exception {
    a.block();
    Cancellation signal = new Cancellation();
    StatelineClient client = client(target("a", a)).build();
    Thread canceller = new Thread(() -> {
      a.awaitCalls(1);
      signal.cancel();
    });
    canceller.start();

    assertThatThrownBy(() -> client.chat(HELLO, CallOptions.builder().cancellation(signal).build()))
        .isInstanceOf(CallCancelledException.class);
    canceller.join();
    assertThat(a.calls().get(0).cancellation().isCancelled()).isTrue();
    assertThat(a.awaitWakeUp()).isInstanceOf(CallCancelledException.class);
  }

  @Test
  void cancellingDuringABackoffWait_endsTheCallWithoutAnotherAttempt() throws Exception {
    // given a provider that asks for a 30 s pause, which the policy honours
    a.fail(rateLimited(Duration.ofSeconds(30))).reply("never reached");
    Cancellation signal = new Cancellation();
    StatelineClient client = client(target("a", a)).build();
    Thread canceller = new Thread(() -> {
      a.awaitCalls(1);
      signal.cancel();
    });
    canceller.start();

    CallCancelledException e = catchThrowableOfType(CallCancelledException.class,
        () -> client.chat(HELLO, CallOptions.builder().cancellation(signal).build()));

    canceller.join();
    assertThat(a.callCount()).isEqualTo(1);
    assertThat(e.attempts()).singleElement().extracting(Attempt::retryDelay).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aProviderThatThrowsARawRuntimeException_surfacesAsAStatelineException_withTheCauseKept() {
    IllegalStateException bug = new IllegalStateException("provider bug with prompt text inside");
    a.fail(bug);

    StatelineException e = catchThrowableOfType(StatelineException.class,
        () -> client(target("a", a)).build().chat(HELLO));

    assertThat(e.getClass()).isEqualTo(StatelineException.class);
    assertThat(e.getCause()).isSameAs(bug);
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage()).contains("target 'a'", "java.lang.IllegalStateException")
        .doesNotContain("prompt text");
    assertThat(e.provider()).isEqualTo("fake.a");
    assertThat(a.callCount()).isEqualTo(1);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
