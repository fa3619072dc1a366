/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stateline.CallOptions;
import dev.stateline.Region;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.ChatRequest;
import dev.stateline.error.ResidencyViolationException;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.policy.StandardPolicy;
import dev.stateline.session.SessionOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The platform team sets the client-wide jurisdiction; a call or a session can narrow it but never
 * widen it.
 */
class ResidencyNarrowingTest {
  static final Jurisdiction UK = Jurisdiction.of("UK", Region.azure("uksouth"), Region.aws("eu-west-2"));
  static final Jurisdiction DE = Jurisdiction.of("DE", Region.azure("germanywestcentral"), Region.aws("eu-central-1"));
  static final ChatRequest HELLO = ChatRequest.of("gpt-4.1", "Hello");

  final ScriptedTestModel sweden = new ScriptedTestModel("sweden");
  final ScriptedTestModel london = new ScriptedTestModel("london");
  final ScriptedTestModel frankfurt = new ScriptedTestModel("frankfurt");
  StatelineClient client;

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
  }

  /** The platform's client: EU only, with a UK target in the fleet for other uses. */
  StatelineClient euClient() {
    client = StatelineClient.builder()
        .placement(PlacementPolicy.standard().residency(Jurisdiction.EU).allow(CallKind.STATEFUL,
            Target.Hosting.STATELESS_HOST))
        .retryPolicy(RetryPolicy.none())
        .target(azure("az-swc", sweden, "swedencentral"))
        .target(azure("az-uks", london, "uksouth"))
        .target(azure("az-gwc", frankfurt, "germanywestcentral"))
        .build();
    return client;
  }

  static Target azure(String name, ScriptedTestModel model, String region) {
    return Target.builder(name, model).provider("azure.ai.openai").hosting(Target.Hosting.STATELESS_HOST)
        .region(Region.azure(region)).model("gpt-4.1").build();
  }

  @Test
  void given_an_eu_client_when_a_call_asks_for_the_uk_then_it_fails_instead_of_leaving_the_eu() {
    StatelineClient c = euClient();

    ResidencyViolationException e = catchThrowableOfType(ResidencyViolationException.class,
        () -> c.chat(HELLO, CallOptions.builder().residency(UK).build()));

    assertThat(e).isNotNull();
    assertThat(e.placement().residency().name()).isEqualTo("EU&UK");
    assertThat(e.placement().residency().regions()).isEmpty();
    assertThat(e.placement().decision("az-uks").rule()).isEqualTo(StandardPolicy.RESIDENCY);
    assertThat(london.calls()).isEmpty();
  }

  @Test
  void given_an_eu_client_when_a_call_asks_for_the_eu_plus_the_uk_then_it_still_runs_in_the_eu_only() {
    StatelineClient c = euClient();
    Jurisdiction euAndUk = Jurisdiction.EU.plus(Region.azure("uksouth"));

    var answer = c.chat(HELLO, CallOptions.builder().residency(euAndUk).build());

    assertThat(answer.placement().residency()).isEqualTo(Jurisdiction.EU);
    assertThat(answer.placement().order()).containsExactly("az-swc", "az-gwc");
    assertThat(answer.placement().decision("az-uks").rule()).isEqualTo(StandardPolicy.RESIDENCY);
    assertThat(london.calls()).isEmpty();
  }

  @Test
  void given_an_eu_client_when_a_call_narrows_to_germany_then_it_runs_there_and_reports_germany() {
    StatelineClient c = euClient();

    var answer = c.chat(HELLO, CallOptions.builder().residency(DE).build());

    assertThat(answer.target()).isEqualTo("az-gwc");
    assertThat(answer.placement().residency()).isEqualTo(DE);
    assertThat(answer.placement().order()).containsExactly("az-gwc");
  }

  @Test
  void given_an_eu_client_when_a_session_asks_for_the_uk_then_its_turn_fails_and_nothing_is_stored() {
    StatelineClient c = euClient();
    var session = c.session("s", SessionOptions.builder().model("gpt-4.1")
        .callOptions(CallOptions.builder().residency(UK).build()).build());

    ResidencyViolationException e = catchThrowableOfType(ResidencyViolationException.class,
        () -> session.send("hi"));

    assertThat(e).isNotNull();
    assertThat(london.calls()).isEmpty();
    assertThat(session.history()).isEmpty();
  }

  @Test
  void narrowing_keeps_what_both_allow() {
    Jurisdiction nordics = Jurisdiction.of("Nordics", Region.azure("swedencentral"), Region.aws("eu-north-1"));

    assertThat(Jurisdiction.narrowed(null, null)).isNull();
    assertThat(Jurisdiction.narrowed(Jurisdiction.EU, null)).isSameAs(Jurisdiction.EU);
    assertThat(Jurisdiction.narrowed(null, UK)).isSameAs(UK);
    assertThat(Jurisdiction.narrowed(Jurisdiction.EU, DE)).as("narrower").isSameAs(DE);
    assertThat(Jurisdiction.narrowed(DE, Jurisdiction.EU)).as("wider").isSameAs(DE);
    Jurisdiction overlap = Jurisdiction.narrowed(Jurisdiction.EU, nordics.plus(Region.azure("uksouth")));
    assertThat(overlap.name()).isEqualTo("EU&Nordics");
    assertThat(overlap.regions()).containsExactlyInAnyOrder(Region.azure("swedencentral"), Region.aws("eu-north-1"));
    Jurisdiction none = Jurisdiction.narrowed(Jurisdiction.EU, UK);
    assertThat(none.regions()).isEmpty();
    assertThat(none.allows(Region.azure("uksouth"))).isFalse();
    assertThat(none.allows(Region.azure("swedencentral"))).isFalse();
  }
}
