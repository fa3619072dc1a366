/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.azure;

import static dev.stateline.azure.AzureFixtures.ALIAS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.Region;
import dev.stateline.Target;
import dev.stateline.placement.ProcessingScope;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Where an Azure target may process its calls, from its declared deployment type and region. */
class AzureProcessingScopeTest {

  static Stream<Arguments> rows() {
    return Stream.of(
        Arguments.of(AzureDeploymentType.STANDARD, "swedencentral", "region azure/swedencentral"),
        Arguments.of(AzureDeploymentType.PROVISIONED, "eastus", "region azure/eastus"),
        Arguments.of(AzureDeploymentType.DATA_ZONE_STANDARD, "swedencentral", "zone azure/eu"),
        Arguments.of(AzureDeploymentType.DATA_ZONE_PROVISIONED, "germanywestcentral", "zone azure/eu"),
        Arguments.of(AzureDeploymentType.DATA_ZONE_BATCH, "eastus2", "zone azure/us"),
        Arguments.of(AzureDeploymentType.DATA_ZONE_STANDARD, "uksouth", "unknown (Azure target 'azure-swc': Stateline"
            + " knows no data zone for region uksouth; declare processingScope(...))"),
        Arguments.of(AzureDeploymentType.GLOBAL_STANDARD, "swedencentral", "global azure"),
        Arguments.of(AzureDeploymentType.GLOBAL_PROVISIONED, "westeurope", "global azure"),
        Arguments.of(AzureDeploymentType.GLOBAL_BATCH, "eastus", "global azure"));
  }

  @ParameterizedTest(name = "{0} in {1} -> {2}")
  @MethodSource("rows")
  void scope(AzureDeploymentType type, String region, String scope) {
    Target t = AzureOpenAi.target("azure-swc").endpoint("https://res.openai.azure.com").apiKey("k-123")
        .deployment(ALIAS, "d").region(region).deploymentType(type).build();
    assertThat(t.processingScope(ALIAS).describe()).isEqualTo(scope);
    t.chatModel().close();
  }

  @Test
  void perAliasTypesAndDeclaredScopes_winOverTheTargetWideType() {
    Target t = AzureOpenAi.target("azure-swc").endpoint("https://res.openai.azure.com").apiKey("k-123")
        .deployment("a", "d1").deployment("b", "d2").deployment("c", "d3").region("swedencentral")
        .deploymentType(AzureDeploymentType.STANDARD).deploymentType("b", AzureDeploymentType.GLOBAL_STANDARD)
        .processingScope("c", ProcessingScope.zone("azure", "eu")).build();

    assertThat(t.processingScope("a")).isEqualTo(ProcessingScope.region(Region.azure("swedencentral")));
    assertThat(t.processingScope("b")).isEqualTo(ProcessingScope.global("azure"));
    assertThat(t.processingScope("c")).isEqualTo(ProcessingScope.zone("azure", "eu"));
    t.chatModel().close();
  }

  @Test
  void withoutADeploymentType_theScopeIsUnknown_andSaysWhatToDeclare() {
    Target t = AzureOpenAi.target("azure-swc").endpoint("https://res.openai.azure.com").apiKey("k-123")
        .deployment(ALIAS, "d").region("swedencentral").build();
    assertThat(t.processingScope(ALIAS).isKnown()).isFalse();
    assertThat(t.processingScope(ALIAS).name()).contains("deploymentType(AzureDeploymentType.STANDARD");
    t.chatModel().close();
  }

  @Test
  void aTypeForAnAliasTheTargetDoesNotServe_isRefused() {
    assertThatThrownBy(() -> AzureOpenAi.target("azure-swc").endpoint("https://res.openai.azure.com").apiKey("k-123")
        .deployment(ALIAS, "d").deploymentType("other", AzureDeploymentType.STANDARD).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'other'");
  }
}
