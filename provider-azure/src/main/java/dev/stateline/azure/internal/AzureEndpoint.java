/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.azure.internal;

import dev.stateline.azure.AzureUrlForm;
import dev.stateline.openai.OpenAiApi;
import dev.stateline.openai.wire.Endpoint;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;

/**
 * Azure OpenAI's URL layouts.
 *
 * <ul>
 *   <li>{@link AzureUrlForm#DEPLOYMENT}: {@code {endpoint}/openai/deployments/{deployment}/chat/completions?api-version=...};
 *   <li>{@link AzureUrlForm#V1}: {@code {endpoint}/openai/v1/chat/completions},
 *       {@code {endpoint}/openai/v1/responses} and {@code {endpoint}/openai/v1/embeddings}, with
 *       {@code ?api-version=} only if one was set.
 * </ul>
 *
 * <p>Not API. Thread-safe; URLs are built once per deployment and cached.
 */
public final class AzureEndpoint implements Endpoint {
  private final HttpUrl base;
  private final AzureUrlForm form;
  private final String apiVersion;
  private final HttpUrl v1Chat;
  private final HttpUrl v1Responses;
  private final HttpUrl v1Embeddings;
  private final ConcurrentHashMap<String, HttpUrl> embeddingDeployments = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, HttpUrl> deployments = new ConcurrentHashMap<>();

  /**
   * @param base the resource endpoint, such as {@code https://myresource.openai.azure.com/} (a path,
   *     such as a gateway's prefix, is kept)
   * @param apiVersion the {@code api-version} query value; required for the deployment form, null to
   *     send none on the v1 form
   */
  public AzureEndpoint(HttpUrl base, AzureUrlForm form, String apiVersion) {
    this.form = Objects.requireNonNull(form, "form");
    if (form == AzureUrlForm.DEPLOYMENT && apiVersion == null) {
      throw new IllegalArgumentException("the deployment URL form needs an api-version");
    }
    String path = base.encodedPath();
    this.base = path.endsWith("/") ? base : base.newBuilder().encodedPath(path + "/").build();
    this.apiVersion = apiVersion;
    this.v1Chat = withVersion(this.base.newBuilder().addPathSegments("openai/v1/chat/completions"));
    this.v1Responses = withVersion(this.base.newBuilder().addPathSegments("openai/v1/responses"));
    this.v1Embeddings = withVersion(this.base.newBuilder().addPathSegments("openai/v1/embeddings"));
  }

  @Override
  public HttpUrl url(OpenAiApi api, String providerModel) {
    if (form == AzureUrlForm.V1) {
      return api == OpenAiApi.RESPONSES ? v1Responses : v1Chat;
    }
    if (api == OpenAiApi.RESPONSES) {
      throw new IllegalStateException("the Responses API is served on the v1 URL form only");
    }
    return deployments.computeIfAbsent(providerModel, d -> withVersion(base.newBuilder()
        .addPathSegments("openai/deployments").addPathSegment(d).addPathSegments("chat/completions")));
  }

  /**
   * {@code {endpoint}/openai/v1/embeddings} (the deployment as the body's model), or
   * {@code {endpoint}/openai/deployments/{deployment}/embeddings?api-version=...}.
   */
  @Override
  public HttpUrl embeddingsUrl(String providerModel) {
    if (form == AzureUrlForm.V1) {
      return v1Embeddings;
    }
    return embeddingDeployments.computeIfAbsent(providerModel, d -> withVersion(base.newBuilder()
        .addPathSegments("openai/deployments").addPathSegment(d).addPathSegment("embeddings")));
  }

  private HttpUrl withVersion(HttpUrl.Builder b) {
    return apiVersion == null ? b.build() : b.addQueryParameter("api-version", apiVersion).build();
  }
}
