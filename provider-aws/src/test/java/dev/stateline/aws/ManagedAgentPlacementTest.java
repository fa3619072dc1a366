/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import static dev.stateline.aws.ManagedAgentFixture.SUPPORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.CallOptions;
import dev.stateline.Price;
import dev.stateline.PriceBook;
import dev.stateline.Region;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.AgentUnreachableException;
import dev.stateline.error.InvalidRequestException;
import dev.stateline.error.NoEligibleTargetException;
import dev.stateline.error.ResidencyViolationException;
import dev.stateline.placement.CallKind;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.policy.BudgetGuard;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.policy.StandardPolicy;
import dev.stateline.session.Session;
import dev.stateline.testing.bedrock.agents.AgentTurn;
import dev.stateline.testing.bedrock.agents.BedrockManagedAgentsEmulator;
import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Placement of agent turns: a stateful runtime on AWS in its Region, residency and budgets as for
 * any call, and affinity that holds: an agent session never moves.
 */
class ManagedAgentPlacementTest {
  private final ManagedAgentFixture fx = new ManagedAgentFixture();
  private final BedrockManagedAgentsEmulator west = ManagedAgentFixture.emulator("us-west-2");

  @AfterEach
  void close() throws Exception {
    fx.close();
    west.close();
  }

  /** A client over agents in us-east-1 (aws-agents) and us-west-2 (aws-agents-west), preferring {@code preferred}. */
  private StatelineClient twoRegions(String preferred) {
    Target east = fx.builder().build();
    Target westTarget = ManagedAgentFixture.builder("aws-agents-west", west).build();
    return fx.client(b -> b.placement(PlacementPolicy.standard().prefer(preferred)), east, westTarget);
  }

  @Test
  void anAgentTargetIsAStatefulRuntimeOnAwsInItsRegion_andItsTurnsAreStateful() {
    Target agents = fx.builder().build();
    StatelineClient client = fx.client(agents);

    ChatResponse turn = client.session("case-1", SUPPORT).send("Hello.");

    assertThat(agents.hosting()).isEqualTo(Target.Hosting.STATEFUL_RUNTIME);
    assertThat(agents.region()).isEqualTo(Region.aws("us-east-1"));
    assertThat(agents.provider()).isEqualTo("aws.bedrock");
    assertThat(agents.capabilities().serverState()).isTrue();
    assertThat(agents.modelFor("support")).isEqualTo("bedrock-managed-agent:support:openai.gpt-5.6-luna");
    assertThat(turn.placement().kind()).isEqualTo(CallKind.STATEFUL);
    assertThat(turn.target()).isEqualTo("aws-agents");
  }

  @Test
  void anEuSession_isRefusedByResidency_beforeAnythingReachesTheUsOnlyPreview() {
    StatelineClient client = fx.client(b -> b.placement(PlacementPolicy.standard().residency(Jurisdiction.EU)),
        fx.builder().build());

    assertThatThrownBy(() -> client.session("case-2", SUPPORT).send("Hello."))
        .isInstanceOf(ResidencyViolationException.class).hasMessageContaining("EU");
    assertThat(fx.emulator.requestCount()).isZero();
  }

  @Test
  void theFirstTurnIsPlacedByPolicy_andEveryLaterTurnStaysWithItsAgentSession_whateverThePolicyPrefers() {
    StatelineClient client = twoRegions("aws-agents-west");
    Session session = client.session("case-3", SUPPORT);

    ChatResponse first = session.send("Hello.");
    assertThat(first.target()).isEqualTo("aws-agents-west");
    west.failNext(BedrockManagedAgentsEmulator.Operation.GET_SESSION, 503);
    ChatResponse second = session.send("Still there?");

    assertThat(second.target()).isEqualTo("aws-agents-west");
    assertThat(second.id()).isEqualTo(first.id());
    assertThat(fx.emulator.requestCount()).as("the other Region never saw the session").isZero();
  }

  @Test
  void aTurnThatCannotReachItsAgent_failsWithATypedError_ratherThanMoving() {
    StatelineClient client = twoRegions("aws-agents-west");
    Session session = client.session("case-4", SUPPORT);
    session.send("Hello.");
    for (int i = 0; i < 3; i++) {
      west.failNext(BedrockManagedAgentsEmulator.Operation.GET_SESSION, 503); // the Region is down
    }

    assertThatThrownBy(() -> session.send("Still there?")).isInstanceOfSatisfying(AgentUnreachableException.class,
        e -> {
          assertThat(e.target()).isEqualTo("aws-agents-west");
          assertThat(e.sessionId()).isEqualTo("case-4");
          assertThat(e.isRetryable()).as("an outage may pass").isTrue();
          assertThat(e.getMessage()).contains("never moves");
        });
    assertThat(fx.emulator.requestCount()).as("no move to the other Region").isZero();
    assertThat(west.userMessages(west.sessionIds().get(0))).containsExactly("Hello.");
  }

  @Test
  void aCallLevelResidencyThatExcludesTheSessionsRegion_refusesTheTurn() {
    StatelineClient client = fx.client(fx.builder().build());
    Session session = client.session("case-5", SUPPORT.toBuilder()
        .callOptions(CallOptions.builder().residency(Jurisdiction.of("US-WEST", Region.aws("us-west-2"))).build())
        .build());

    assertThatThrownBy(() -> session.send("Hello.")).isInstanceOf(ResidencyViolationException.class);
    assertThat(fx.emulator.requestCount()).isZero();
  }

  @Test
  void turnsArePricedFromThePriceBookWhereUsageIsReported_andASpentBudgetStopsTheNextTurn() {
    AtomicReference<BigDecimal> spent = new AtomicReference<>(BigDecimal.ZERO); // what a ledger would have booked
    BudgetGuard ceiling = (call, target) -> "acme".equals(call.options().tenant())
        && spent.get().compareTo(new BigDecimal("0.005")) >= 0 ? "tenant 'acme' has spent its 0.005 USD" : null;
    PriceBook prices = PriceBook.builder("USD").price("aws-agents", Price.perMillionTokens("2.00", "8.00")).build();
    StatelineClient client = fx.client(b -> b.priceBook(prices)
        .placement(PlacementPolicy.standard().budget(ceiling)), fx.builder().build());
    fx.emulator.enqueue(AgentTurn.builder().text("Done.").usage(2000, 0, 500, 0).build());
    Session session = client.session("case-6", SUPPORT.toBuilder()
        .callOptions(CallOptions.builder().tenant("acme").build()).build());

    ChatResponse turn = session.send("Do the work.");
    spent.set(turn.cost().amount());

    assertThat(turn.cost().amount()).isEqualByComparingTo("0.008"); // 2000 x 2 + 500 x 8 per million
    assertThatThrownBy(() -> session.send("And more.")).isInstanceOfSatisfying(AgentUnreachableException.class,
        e -> {
          assertThat(e.getCause()).isInstanceOf(NoEligibleTargetException.class);
          assertThat(((NoEligibleTargetException) e.getCause()).placement().decision("aws-agents").rule())
              .isEqualTo(StandardPolicy.BUDGET);
          assertThat(e.isRetryable()).as("a budget may be raised").isTrue();
        });
    assertThat(fx.emulator.userMessages(turn.id())).containsExactly("Do the work.");
  }

  @Test
  void aContinuationThatAPolicyPlacedOnAnotherTarget_isRefusedThere_beforeAnythingIsSent() {
    StatelineClient client = twoRegions("aws-agents");

    assertThatThrownBy(() -> client.chat(ChatRequest.builder().model("support").userMessage("Hi.")
        .previousResponseId("sess_elsewhere").putMetadata("stateline.agent.target", "aws-agents-west").build()))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("never moves");
    assertThat(fx.emulator.requestCount()).isZero();
  }
}
