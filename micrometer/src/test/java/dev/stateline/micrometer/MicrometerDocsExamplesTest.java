/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.micrometer;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;

import dev.stateline.StatelineClient;
import dev.stateline.chat.ChatRequest;
import dev.stateline.testing.FakeChatModel;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

/** The code of docs/integrations/micrometer.md, compiled and run. */
class MicrometerDocsExamplesTest {
  private final FakeChatModel fake = new FakeChatModel();

  @Test
  void theQuickStart() {
    ObservationRegistry observationRegistry = TestObservationRegistry.create();

    StatelineClient client = StatelineClient.builder()
        .target(fake.asTarget("azure-swc", "gpt-4.1"))
        .telemetry(StatelineObservations.of(observationRegistry))
        .build();
    client.chat(ChatRequest.of("gpt-4.1", "Hello"));

    assertThat((TestObservationRegistry) observationRegistry).hasNumberOfObservationsEqualTo(1);
  }
}
