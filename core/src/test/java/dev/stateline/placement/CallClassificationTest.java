/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.placement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.Region;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.policy.PlacementPolicy;
import org.junit.jupiter.api.Test;

/** The client classifies each call before placing it. */
class CallClassificationTest {

  @Test
  void given_a_request_that_relies_on_provider_held_state_then_chat_places_it_as_stateful() {
    ScriptedTestModel azure = new ScriptedTestModel("azure");
    ScriptedTestModel openai = new ScriptedTestModel("openai");
    try (StatelineClient client = StatelineClient.builder()
        .target(Target.builder("az", azure).hosting(Target.Hosting.STATELESS_HOST).region(Region.azure("westeurope"))
            .model("gpt-4.1").build())
        .target(Target.builder("oa", openai).provider("openai").hosting(Target.Hosting.DIRECT)
            .region(Region.openai("eu")).model("gpt-4.1").build())
        .placement(PlacementPolicy.standard().allowProvider(CallKind.STATEFUL, "openai"))
        .build()) {

      ChatResponse plain = client.chat(ChatRequest.of("gpt-4.1", "hi"));
      ChatResponse continued = client.chat(ChatRequest.builder().model("gpt-4.1").userMessage("and?")
          .previousResponseId("resp_1").build());
      ChatResponse kept = client.chat(ChatRequest.builder().model("gpt-4.1").userMessage("remember").store(true).build());

      assertThat(plain.placement().kind()).isEqualTo(CallKind.STATELESS);
      assertThat(plain.target()).isEqualTo("az");
      assertThat(continued.placement().kind()).isEqualTo(CallKind.STATEFUL);
      assertThat(continued.target()).isEqualTo("oa");
      assertThat(kept.target()).isEqualTo("oa");
      assertThat(openai.calls()).extracting(c -> c.kind()).containsOnly(CallKind.STATEFUL);
    }
  }
}
