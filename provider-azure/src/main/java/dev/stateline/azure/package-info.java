/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Azure OpenAI as a Stateline target: {@link dev.stateline.azure.AzureOpenAi#target(String)} builds a
 * {@link dev.stateline.Target} on a resource's deployments, in either {@link dev.stateline.azure.AzureUrlForm},
 * authenticated with an {@code api-key} or Microsoft Entra ID, reporting content-filter results in the
 * portable {@link dev.stateline.chat.ContentFilterResult} and rate-limit headroom in
 * {@link dev.stateline.azure.AzureRateLimits}.
 *
 * <p>It reuses the OpenAI wire codec of {@code stateline-openai} through its provider SPI;
 * {@code dev.stateline.azure.internal} is not API.
 */
package dev.stateline.azure;
