/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.azure;

import static dev.stateline.azure.AzureFixtures.ALIAS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stateline.ChatStream;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Region;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.ResidencyViolationException;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.placement.ProcessingScope;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.telemetry.TelemetryEvent;
import dev.stateline.testing.azure.AzureOpenAiEmulator;
import dev.stateline.testing.telemetry.TelemetryRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Stories of the evidence Azure gives with every answer ({@code x-ms-region}) under EU residency:
 * an answer processed in the EU passes; one Azure says it processed in East US is a residency
 * breach, reported always and refused with the strict option.
 */
class AzureResidencyEvidenceTest {
  private AzureOpenAiEmulator azure;
  private StatelineClient client;
  private final TelemetryRecorder telemetry = new TelemetryRecorder();

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    azure.close();
  }

  private StatelineClient client(String servedIn, boolean strict) {
    azure = AzureOpenAiEmulator.builder().deployment(AzureFixtures.DEPLOYMENT, AzureFixtures.MODEL)
        .region(servedIn).build().start();
    client = StatelineClient.builder()
        .target(AzureFixtures.target(azure).deploymentType(AzureDeploymentType.STANDARD).build())
        .placement(PlacementPolicy.standard().residency(Jurisdiction.EU))
        .retryPolicy(RetryPolicy.none()).telemetry(telemetry).strictResidencyEvidence(strict).build();
    return client;
  }

  @Test
  void anAnswerProcessedInTheEu_passes_andTelemetryCarriesWhereItWasProcessed() {
    ChatResponse r = client("Sweden Central", false).chat(ChatRequest.of(ALIAS, "hi"));

    assertThat(r.processingRegion()).isEqualTo("Sweden Central");
    assertThat(telemetry.events(TelemetryEvent.ResidencyBreach.class)).isEmpty();
    assertThat(telemetry.last(TelemetryEvent.CallFinished.class).processingRegion()).isEqualTo("Sweden Central");
    assertThat(r.placement().decision("azure-swc").reason()).contains("processed in region azure/swedencentral");
  }

  @Test
  void anAnswerAzureSaysItProcessedInEastUs_isReturned_butFlaggedAsABreach() {
    ChatResponse r = client("East US", false).chat(ChatRequest.of(ALIAS, "hi"));

    assertThat(r.text()).isNotEmpty();
    TelemetryEvent.ResidencyBreach breach = telemetry.last(TelemetryEvent.ResidencyBreach.class);
    assertThat(breach).isNotNull();
    assertThat(breach.processingRegion()).isEqualTo("East US");
    assertThat(breach.region()).isEqualTo(Region.azure("eastus"));
    assertThat(breach.jurisdiction().name()).isEqualTo("EU");
    assertThat(breach.strict()).isFalse();
    assertThat(breach.target().processingScope(ALIAS)).isEqualTo(ProcessingScope.region(Region.azure("swedencentral")));
  }

  @Test
  void withStrictEvidence_theBreachIsAResidencyViolation_thatCarriesTheAnswer_plainAndStreamed() {
    StatelineClient c = client("East US", true);

    ResidencyViolationException e = catchThrowableOfType(() -> c.chat(ChatRequest.of(ALIAS, "hi")),
        ResidencyViolationException.class);

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("East US", "azure/eastus", "outside EU");
    assertThat(e.answer()).isNotNull();
    assertThat(e.answer().text()).isNotEmpty();
    assertThat(e.answer().target()).isEqualTo("azure-swc");
    assertThat(e.info().processingRegion()).isEqualTo("East US");
    assertThat(e.isRetryable()).isFalse();
    assertThat(telemetry.last(TelemetryEvent.ResidencyBreach.class).strict()).isTrue();
    assertThat(telemetry.last(TelemetryEvent.CallFailed.class).errorType()).isEqualTo("ResidencyViolationException");

    ResidencyViolationException streamed = catchThrowableOfType(() -> {
      try (ChatStream s = c.stream(ChatRequest.of(ALIAS, "hi"))) {
        s.response();
      }
    }, ResidencyViolationException.class);
    assertThat(streamed).isNotNull();
    assertThat(streamed.answer().processingRegion()).isEqualTo("East US");
  }

  @Test
  void aGlobalDeployment_isExcludedUnderEu_andAnUndeclaredType_failsClosedSayingWhatToDeclare() {
    azure = AzureOpenAiEmulator.builder().deployment(AzureFixtures.DEPLOYMENT, AzureFixtures.MODEL).build().start();
    client = StatelineClient.builder()
        .target(AzureFixtures.target(azure).deploymentType(AzureDeploymentType.GLOBAL_STANDARD).build())
        .target(AzureOpenAi.target("azure-undeclared").endpoint(azure.endpoint().toString()).apiKey(azure.apiKey())
            .deployment(ALIAS, AzureFixtures.DEPLOYMENT).region("westeurope").build())
        .placement(PlacementPolicy.standard().residency(Jurisdiction.EU)).build();

    ResidencyViolationException e = catchThrowableOfType(() -> client.chat(ChatRequest.of(ALIAS, "hi")),
        ResidencyViolationException.class);

    assertThat(e.placement().decision("azure-swc").reason()).contains("processed anywhere (global azure)");
    assertThat(e.placement().decision("azure-undeclared").reason())
        .contains("declares no deployment type", "deploymentType(AzureDeploymentType.STANDARD");
    assertThat(azure.requestCount()).isZero();
  }
}
