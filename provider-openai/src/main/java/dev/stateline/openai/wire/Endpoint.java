/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.wire;

import dev.stateline.openai.OpenAiApi;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import okhttp3.HttpUrl;

/**
 * Where an operation is sent: builds the URL for one API operation and provider model.
 *
 * <p>OpenAI: {@code {base}/chat/completions}, {@code {base}/responses} and {@code {base}/embeddings},
 * model in the body. Azure
 * OpenAI classic: {@code {endpoint}/openai/deployments/{deployment}/chat/completions?api-version=...};
 * Azure v1: {@code {endpoint}/openai/v1/chat/completions}.
 *
 * <p>Part of the provider SPI. Implementations must be thread-safe and cheap (called per attempt).
 */
@FunctionalInterface
public interface Endpoint {

  /**
   * @param api the operation
   * @param providerModel the provider's model or deployment name, never null
   * @return the URL to POST to, never null
   */
  HttpUrl url(OpenAiApi api, String providerModel);

  /**
   * The URL of the embeddings operation for {@code providerModel}. The default says the endpoint
   * has none.
   *
   * @throws UnsupportedOperationException if the endpoint serves no embeddings
   */
  default HttpUrl embeddingsUrl(String providerModel) {
    throw new UnsupportedOperationException("this endpoint serves no embeddings");
  }

  /**
   * The OpenAI layout: {@code base} plus {@code chat/completions} or {@code responses}.
   *
   * @param base the API root, such as {@code https://api.openai.com/v1/}; a missing trailing slash
   *     is added
   */
  static Endpoint openAiStyle(HttpUrl base) {
    HttpUrl root = base.encodedPath().endsWith("/")
        ? base
        : base.newBuilder().encodedPath(base.encodedPath() + "/").build();
    HttpUrl chat = root.newBuilder().addPathSegments("chat/completions").build();
    HttpUrl responses = root.newBuilder().addPathSegment("responses").build();
    HttpUrl embeddings = root.newBuilder().addPathSegment("embeddings").build();
    return new Endpoint() {
      @Override
      public HttpUrl url(OpenAiApi api, String providerModel) {
        return api == OpenAiApi.RESPONSES ? responses : chat;
      }

      @Override
      public HttpUrl embeddingsUrl(String providerModel) {
        return embeddings;
      }
    };
  }

  /**
   * True if {@code host} is a loopback host: {@code localhost}, a {@code .localhost} name, or a
   * loopback IP literal. Names are never resolved here: a name is loopback only if it says so.
   * Target builders use it to allow plain {@code http://} to local emulators and proxies only.
   */
  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("localhost") || h.endsWith(".localhost")) {
      return true;
    }
    boolean ipLiteral = h.indexOf(':') >= 0 || h.matches("[0-9.]+");
    if (!ipLiteral) {
      return false;
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
