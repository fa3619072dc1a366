/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import static dev.stateline.Fixtures.client;
import static dev.stateline.Fixtures.unavailable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.ProviderUnavailableException;
import dev.stateline.error.ResidencyViolationException;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.placement.ProcessingScope;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.policy.StandardPolicy;
import org.junit.jupiter.api.Test;

/**
 * Stories of failover under EU residency when some targets sit in EU regions but may process calls
 * anywhere: a failover never lands on a wider scope than the rules allow, whatever the policy.
 */
class ResidencyScopeFailoverTest {
  private static final ChatRequest HELLO = ChatRequest.of("gpt", "Hello");

  private final ScriptedModel regional = new ScriptedModel();
  private final ScriptedModel globalProfile = new ScriptedModel();
  private final ScriptedModel globalDeployment = new ScriptedModel();
  private final ScriptedModel dataZone = new ScriptedModel();

  private Target regional() {
    return Target.builder("az-swc", regional).provider("azure.ai.openai").region(Region.azure("swedencentral"))
        .processingScope(ProcessingScope.region(Region.azure("swedencentral"))).model("gpt", "gpt-prod").build();
  }

  private Target bedrockGlobal() {
    return Target.builder("aws-fra-global", globalProfile).provider("aws.bedrock").region(Region.aws("eu-central-1"))
        .model("gpt", "global.openai.gpt-6-sol").processingScope("gpt", ProcessingScope.global("aws")).build();
  }

  private Target azureGlobal() {
    return Target.builder("az-swc-global", globalDeployment).provider("azure.ai.openai")
        .region(Region.azure("swedencentral")).processingScope(ProcessingScope.global("azure"))
        .model("gpt", "gpt-global").build();
  }

  private Target azureDataZone() {
    return Target.builder("az-weu-dz", dataZone).provider("azure.ai.openai").region(Region.azure("westeurope"))
        .processingScope(ProcessingScope.zone("azure", "eu")).model("gpt", "gpt-dz").build();
  }

  @Test
  void whenTheRegionalTargetFails_theCallFailsOverToTheEuDataZone_neverToAGlobalScope() {
    // given the policy's order: regional, two global scopes in EU regions, then an EU data zone
    regional.fail(unavailable()).fail(unavailable()).fail(unavailable());
    dataZone.reply("from the EU data zone");
    StatelineClient c = client(regional(), bedrockGlobal(), azureGlobal(), azureDataZone())
        .placement(PlacementPolicy.declarationOrder()).build();

    // when the call is bound to the EU
    ChatResponse r = c.chat(HELLO, CallOptions.builder().residency(Jurisdiction.EU).build());

    // then it ran in the data zone; the global scopes were never tried
    assertThat(r.target()).isEqualTo("az-weu-dz");
    assertThat(globalProfile.callCount()).isZero();
    assertThat(globalDeployment.callCount()).isZero();
    assertThat(r.placement().order()).containsExactly("az-swc", "az-weu-dz");
    assertThat(r.placement().decision("aws-fra-global").reason()).contains("processed anywhere (global aws)");
    assertThat(r.placement().decision("az-swc-global").reason()).contains("processed anywhere (global azure)");
  }

  @Test
  void underTheStandardPolicy_onlyGlobalFallbacks_meanTheCallEndsWithThePrimarysFailure() {
    regional.fail(unavailable()).fail(unavailable()).fail(unavailable());
    StatelineClient c = client(regional(), bedrockGlobal(), azureGlobal())
        .placement(PlacementPolicy.standard().without(StandardPolicy.HOSTING).residency(Jurisdiction.EU)).build();

    ProviderUnavailableException e = catchThrowableOfType(() -> c.chat(HELLO), ProviderUnavailableException.class);

    assertThat(e).isNotNull();
    assertThat(globalProfile.callCount()).isZero();
    assertThat(globalDeployment.callCount()).isZero();
  }

  @Test
  void withOnlyGlobalScopes_anEuCallIsAResidencyViolation_thatSaysWhy() {
    StatelineClient c = client(bedrockGlobal(), azureGlobal())
        .placement(PlacementPolicy.standard().without(StandardPolicy.HOSTING).residency(Jurisdiction.EU)).build();

    ResidencyViolationException e = catchThrowableOfType(() -> c.chat(HELLO), ResidencyViolationException.class);

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("aws-fra-global excluded by residency").contains("global aws");
    assertThat(globalProfile.callCount()).isZero();
  }
}
