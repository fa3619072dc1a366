/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.azure.internal;

import dev.stateline.Region;
import dev.stateline.azure.AzureDeploymentType;
import dev.stateline.placement.ProcessingScope;
import java.util.Set;

/**
 * Where an Azure OpenAI deployment processes calls, from its declared type and its resource's
 * region. Not API. Stateless and thread-safe.
 */
public final class AzureScopes {
  /** Azure regions in EU member nations: their Data Zone deployments are processed in the EU data zone. */
  static final Set<String> EU_MEMBER_REGIONS = Set.of("westeurope", "northeurope", "swedencentral", "swedensouth",
      "francecentral", "francesouth", "germanywestcentral", "germanynorth", "italynorth", "polandcentral",
      "spaincentral", "austriaeast", "belgiumcentral", "denmarkeast");
  /** Azure regions in the United States: their Data Zone deployments are processed in the US data zone. */
  static final Set<String> US_REGIONS = Set.of("eastus", "eastus2", "centralus", "northcentralus", "southcentralus",
      "westcentralus", "westus", "westus2", "westus3");

  private AzureScopes() {}

  /**
   * The scope of a deployment of {@code type} in a resource in {@code region}; unknown, saying what
   * to declare, if the type or (for a regional or data-zone type) the region is not declared.
   */
  public static ProcessingScope scope(AzureDeploymentType type, Region region, String target, String alias) {
    if (type == null) {
      return ProcessingScope.unknown("Azure target '" + target + "' declares no deployment type for '" + alias
          + "'; declare deploymentType(AzureDeploymentType.STANDARD, DATA_ZONE_STANDARD, GLOBAL_STANDARD, ...)"
          + " as the deployment's type in the Foundry portal says");
    }
    switch (type.processing()) {
      case GLOBAL:
        return ProcessingScope.global("azure");
      case DATA_ZONE:
        if (region == null) {
          return ProcessingScope.unknown("Azure target '" + target + "' is a data-zone deployment without a region;"
              + " declare region(...)");
        }
        String zone = EU_MEMBER_REGIONS.contains(region.name()) ? "eu" : US_REGIONS.contains(region.name()) ? "us" : null;
        return zone != null ? ProcessingScope.zone("azure", zone)
            : ProcessingScope.unknown("Azure target '" + target + "': Stateline knows no data zone for region "
                + region.name() + "; declare processingScope(...)");
      default:
        return region == null
            ? ProcessingScope.unknown("Azure target '" + target + "' declares no region; declare region(...)")
            : ProcessingScope.region(region);
    }
  }
}
