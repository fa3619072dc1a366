/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.micrometer;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.Price;
import dev.stateline.Region;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.ChatRequest;
import dev.stateline.error.AuthenticationException;
import dev.stateline.error.NoEligibleTargetException;
import dev.stateline.session.SessionOptions;
import dev.stateline.testing.FakeChatModel;
import dev.stateline.testing.FakeErrors;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * One observation per call, checked with Micrometer's {@link TestObservationRegistry}; every key
 * written out by its convention name (not taken from the convention class, so a rename fails).
 */
class StatelineObservationsTest {
  private final TestObservationRegistry registry = TestObservationRegistry.create();
  private final FakeChatModel azure = new FakeChatModel();
  private final FakeChatModel bedrock = new FakeChatModel();

  private StatelineClient.Builder client(ObservationRegistry r) {
    return StatelineClient.builder()
        .target(Target.builder("az-swc", azure).provider("azure.ai.openai").region(Region.azure("swedencentral"))
            .model("gpt-4.1", "gpt41-prod").price(Price.perMillionTokens("2.00", "8.00")).build())
        .target(Target.builder("aws-fra", bedrock).provider("aws.bedrock").region(Region.aws("eu-central-1"))
            .model("gpt-4.1", "openai.gpt-oss-120b-1:0").build())
        .retryPolicy(RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(1))
            .maxBackoff(Duration.ofMillis(1)).build())
        .telemetry(StatelineObservations.of(r));
  }

  @Test
  void aStatelessCall_isOneStoppedObservation_withTheLowAndHighCardinalityKeys() {
    azure.replyWith("Hello");

    client(registry).build().chat(ChatRequest.of("gpt-4.1", "Hi"));

    assertThat(registry).hasNumberOfObservationsEqualTo(1)
        .hasSingleObservationThat()
        .hasNameEqualTo("gen_ai.client.operation")
        .hasContextualNameEqualTo("chat gpt41-prod")
        .hasBeenStarted().hasBeenStopped()
        .hasLowCardinalityKeyValue("gen_ai.operation.name", "chat")
        .hasLowCardinalityKeyValue("gen_ai.provider.name", "azure.ai.openai")
        .hasLowCardinalityKeyValue("gen_ai.request.model", "gpt41-prod")
        .hasLowCardinalityKeyValue("stateline.model.alias", "gpt-4.1")
        .hasLowCardinalityKeyValue("stateline.target", "az-swc")
        .hasLowCardinalityKeyValue("stateline.region", "azure/swedencentral")
        .hasLowCardinalityKeyValue("stateline.call.kind", "stateless")
        .hasLowCardinalityKeyValue("stateline.outcome", "success")
        .hasLowCardinalityKeyValue("error.type", "none")
        .hasHighCardinalityKeyValueWithKey("stateline.call.id")
        .hasHighCardinalityKeyValue("stateline.attempts", "1")
        .hasHighCardinalityKeyValue("gen_ai.response.finish_reasons", "stop")
        .doesNotHaveHighCardinalityKeyValueWithKey("gen_ai.conversation.id")
        .doesNotHaveError();
  }

  @Test
  void aSessionTurn_carriesTheConversationId_andIsStateful() {
    StatelineClient client = client(registry).sessionDefaults(SessionOptions.builder().model("gpt-4.1").build())
        .build();

    client.session("case-4711").send("Hello");

    assertThat(registry).hasSingleObservationThat()
        .hasLowCardinalityKeyValue("stateline.call.kind", "stateful")
        .hasHighCardinalityKeyValue("gen_ai.conversation.id", "case-4711");
  }

  @Test
  void aRetryThenFailover_isStillOneObservation_onTheTargetThatAnswered_withAnEventPerFailedAttempt() {
    azure.failWith(FakeErrors.unavailable()).failWith(FakeErrors.unavailable());

    client(registry).build().chat(ChatRequest.of("gpt-4.1", "Hi"));

    assertThat(registry).hasNumberOfObservationsEqualTo(1)
        .hasSingleObservationThat()
        .hasContextualNameEqualTo("chat openai.gpt-oss-120b-1:0")
        .hasLowCardinalityKeyValue("gen_ai.provider.name", "aws.bedrock")
        .hasLowCardinalityKeyValue("stateline.target", "aws-fra")
        .hasLowCardinalityKeyValue("stateline.region", "aws/eu-central-1")
        .hasLowCardinalityKeyValue("stateline.outcome", "success")
        .hasHighCardinalityKeyValue("stateline.attempts", "3")
        .hasEvent("stateline.attempt.retry")
        .hasEvent("stateline.attempt.fail_over");
  }

  @Test
  void aFailedCall_hasItsErrorType_andAnErrorThatCarriesNoProviderMessage() {
    azure.failWith(FakeErrors.unauthorized());

    assertThatThrownBy(() -> client(registry).build().chat(ChatRequest.of("gpt-4.1", "Hi")))
        .isInstanceOf(AuthenticationException.class);

    assertThat(registry).hasSingleObservationThat()
        .hasBeenStopped()
        .hasLowCardinalityKeyValue("stateline.outcome", "error")
        .hasLowCardinalityKeyValue("error.type", "AuthenticationException")
        .hasLowCardinalityKeyValue("stateline.target", "az-swc")
        .doesNotHaveHighCardinalityKeyValueWithKey("gen_ai.usage.input_tokens")
        .assertThatError().hasMessage("AuthenticationException (HTTP 401)").hasNoCause();
  }

  @Test
  void aCallNoTargetMayTake_isAnObservationWithNoneForTheTargetKeys() {
    StatelineClient client = client(registry).build();

    assertThatThrownBy(() -> client.chat(ChatRequest.of("gpt-5", "no target serves this alias")))
        .isInstanceOf(NoEligibleTargetException.class);

    assertThat(registry).hasSingleObservationThat()
        .hasContextualNameEqualTo("chat gpt-5")
        .hasLowCardinalityKeyValue("gen_ai.provider.name", "none")
        .hasLowCardinalityKeyValue("stateline.target", "none")
        .hasLowCardinalityKeyValue("stateline.region", "none")
        .hasLowCardinalityKeyValue("error.type", "NoEligibleTargetException");
  }

  @Test
  void theCallsObservation_isAChildOfTheObservationCurrentWhereTheCallStarts() {
    Observation request = Observation.start("http.server.requests", registry);
    try (Observation.Scope ignored = request.openScope()) {
      client(registry).build().chat(ChatRequest.of("gpt-4.1", "Hi"));
    }
    request.stop();

    assertThat(registry).hasNumberOfObservationsEqualTo(2)
        .hasHandledContextsThatSatisfy(contexts -> {
          Observation.Context call = contexts.stream().filter(c -> c instanceof StatelineObservationContext)
              .findFirst().orElseThrow();
          assertThat(call.getParentObservation()).isSameAs(request);
        });
  }

  @Test
  void aCustomConvention_renamesTheObservation_andAddsItsOwnKeys() {
    StatelineObservationConvention custom = new DefaultStatelineObservationConvention() {
      @Override
      public String getName() {
        return "ai.calls";
      }

      @Override
      public KeyValues getLowCardinalityKeyValues(StatelineObservationContext c) {
        return super.getLowCardinalityKeyValues(c).and(KeyValue.of("team", c.call().tenant() == null ? "none"
            : c.call().tenant()));
      }
    };
    StatelineClient client = client(registry)
        .telemetry(StatelineObservations.builder(registry).convention(custom).build()).build();

    client.chat(ChatRequest.of("gpt-4.1", "Hi"));

    assertThat(registry).hasObservationWithNameEqualTo("ai.calls").that()
        .hasLowCardinalityKeyValue("team", "none")
        .hasLowCardinalityKeyValue("stateline.target", "az-swc");
  }

  @Test
  void aNoopRegistry_recordsNothing_andTheCallStillWorks() {
    azure.replyWith("Hello");

    assertThat(client(ObservationRegistry.NOOP).build().chat(ChatRequest.of("gpt-4.1", "Hi")).text())
        .isEqualTo("Hello");
    assertThat(registry).doesNotHaveAnyObservation();
  }
}
