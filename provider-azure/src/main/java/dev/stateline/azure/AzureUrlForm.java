/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.azure;

/** How an Azure OpenAI target addresses its deployments; {@link #V1} unless set. */
public enum AzureUrlForm {
  /**
   * The classic, versioned form:
   * {@code POST {endpoint}/openai/deployments/{deployment}/chat/completions?api-version={version}}.
   * The deployment is named in the path, the body carries no {@code model}, and every request pins a
   * dated {@code api-version}. Chat Completions only.
   */
  DEPLOYMENT,
  /**
   * The v1 form: {@code POST {endpoint}/openai/v1/chat/completions} and
   * {@code POST {endpoint}/openai/v1/responses}, with the deployment name in the body's
   * {@code model}, and no {@code api-version} unless one is set. Serves Chat Completions and the
   * Responses API.
   */
  V1
}
