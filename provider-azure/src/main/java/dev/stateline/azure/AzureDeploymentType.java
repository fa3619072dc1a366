/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.azure;

/**
 * The type of an Azure OpenAI deployment, which decides where Azure may process its calls
 * ("Azure OpenAI deployment types", "Data privacy"): a <b>Global</b> type in any Azure region where
 * the model is deployed, a <b>Data Zone</b> type anywhere in the resource's Microsoft-defined data
 * zone (a resource in an EU member nation: any EU member nation; in the United States: anywhere in
 * the United States), a regional type (Standard, Provisioned) in the resource's own Azure geography.
 * Set it with {@link AzureOpenAi.TargetBuilder#deploymentType(AzureDeploymentType)}: it is the
 * deployment's "Deployment type" in the Foundry portal, or {@code sku.name} in the management API.
 */
public enum AzureDeploymentType {
  /** {@code Standard}: processed in the resource's region. */
  STANDARD("Standard", Processing.REGION),
  /** {@code ProvisionedManaged} (regional provisioned throughput): processed in the resource's region. */
  PROVISIONED("ProvisionedManaged", Processing.REGION),
  /** {@code DataZoneStandard}: processed anywhere in the resource's data zone (EU or US). */
  DATA_ZONE_STANDARD("DataZoneStandard", Processing.DATA_ZONE),
  /** {@code DataZoneProvisionedManaged}: processed anywhere in the resource's data zone. */
  DATA_ZONE_PROVISIONED("DataZoneProvisionedManaged", Processing.DATA_ZONE),
  /** {@code DataZoneBatch}: processed anywhere in the resource's data zone. */
  DATA_ZONE_BATCH("DataZoneBatch", Processing.DATA_ZONE),
  /** {@code GlobalStandard}: processed in any Azure region. */
  GLOBAL_STANDARD("GlobalStandard", Processing.GLOBAL),
  /** {@code GlobalProvisionedManaged}: processed in any Azure region. */
  GLOBAL_PROVISIONED("GlobalProvisionedManaged", Processing.GLOBAL),
  /** {@code GlobalBatch}: processed in any Azure region. */
  GLOBAL_BATCH("GlobalBatch", Processing.GLOBAL);

  /** Where a deployment type processes calls. */
  public enum Processing {
    /** In the resource's region. */
    REGION,
    /** Anywhere in the resource's data zone. */
    DATA_ZONE,
    /** Anywhere in Azure. */
    GLOBAL
  }

  private final String skuName;
  private final Processing processing;

  AzureDeploymentType(String skuName, Processing processing) {
    this.skuName = skuName;
    this.processing = processing;
  }

  /** The deployment's SKU name in the Azure management API, such as {@code GlobalStandard}. */
  public String skuName() {
    return skuName;
  }

  /** Where a deployment of this type processes calls. */
  public Processing processing() {
    return processing;
  }
}
