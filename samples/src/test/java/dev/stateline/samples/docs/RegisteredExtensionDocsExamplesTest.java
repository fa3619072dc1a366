/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.StatelineClient;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.samples.SupportBot;
import dev.stateline.testing.azure.AzureReply;
import dev.stateline.testing.emulators.EmulatedClouds;
import dev.stateline.testing.junit.StatelineExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@code @RegisterExtension} snippets of docs/testing.md: a configured extension and a ready client. */
class RegisteredExtensionDocsExamplesTest {

  // tag::register-extension[]
  @RegisterExtension
  static final StatelineExtension stateline = StatelineExtension.builder()
      .clouds(clouds -> clouds.azure("swedencentral").azure("eastus").bedrock("eu-central-1"))
      .client((client, clouds) -> client.placement(PlacementPolicy.standard().residency(Jurisdiction.EU)))
      .build();

  @Test
  void ticketsAreTriagedInTheEu(StatelineClient client, EmulatedClouds clouds) {
    clouds.azure("swedencentral").enqueue(AzureReply.text("Billing"));

    assertThat(new SupportBot(client).triage("I was charged twice.")).isEqualTo("billing");
    assertThat(clouds.azure("swedencentral").requestCount()).isEqualTo(1);   // stateless: Azure, in the EU
    assertThat(clouds.azure("eastus").requestCount()).isZero();             // never the US
    assertThat(clouds.bedrock("eu-central-1").requestCount()).isZero();     // nor the stateful runtime
  }
  // end::register-extension[]

  @Test
  void theClientHasEveryTargetOfTheClouds(StatelineClient client) {
    assertThat(client.targets()).extracting(t -> t.name())
        .containsExactly("azure-swedencentral", "azure-eastus", "aws-eu-central-1");
  }
}
