/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.internal;

import dev.stateline.aws.BedrockEndpoint;
import dev.stateline.openai.OpenAiApi;
import dev.stateline.openai.wire.Endpoint;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;

/**
 * The URLs of Bedrock's OpenAI-compatible APIs: {@code {root}/openai/v1/responses} and
 * {@code .../chat/completions} on bedrock-runtime; {@code {root}{prefix}/responses} on
 * bedrock-mantle, where the prefix ({@code /v1} or {@code /openai/v1}) depends on the model. The root
 * is the regional endpoint, or an override (a VPC endpoint, a proxy, an emulator) whose own path is
 * kept. Not API; thread-safe; URLs are built once per model and cached.
 */
public final class BedrockOpenAiEndpoint implements Endpoint {
  private final HttpUrl root;
  /** The root's own path without its trailing slash: "" for the regional endpoint. */
  private final String rootPath;
  private final BedrockEndpoint endpoint;
  private final Map<String, String> mantlePrefixes;
  private final ConcurrentHashMap<String, HttpUrl[]> urls = new ConcurrentHashMap<>();

  /**
   * @param root the endpoint's root, such as {@code https://bedrock-runtime.us-east-1.amazonaws.com/}
   * @param mantlePrefixes model id to path prefix, for bedrock-mantle models not under the default
   */
  public BedrockOpenAiEndpoint(HttpUrl root, BedrockEndpoint endpoint, Map<String, String> mantlePrefixes) {
    String path = root.encodedPath();
    this.root = root;
    this.rootPath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    this.endpoint = endpoint;
    this.mantlePrefixes = Map.copyOf(mantlePrefixes);
  }

  @Override
  public HttpUrl url(OpenAiApi api, String providerModel) {
    HttpUrl[] both = urls.computeIfAbsent(providerModel, this::build);
    return api == OpenAiApi.RESPONSES ? both[0] : both[1];
  }

  /** The path prefix {@code providerModel} is served under, such as {@code /openai/v1}. */
  public String prefix(String providerModel) {
    return endpoint == BedrockEndpoint.RUNTIME ? endpoint.defaultPathPrefix()
        : mantlePrefixes.getOrDefault(providerModel, BedrockModelIds.defaultMantlePrefix(providerModel));
  }

  private HttpUrl[] build(String model) {
    HttpUrl prefixed = root.newBuilder().encodedPath(rootPath + prefix(model) + "/").build();
    return new HttpUrl[] {
        prefixed.newBuilder().addPathSegment("responses").build(),
        prefixed.newBuilder().addPathSegments("chat/completions").build()};
  }
}
