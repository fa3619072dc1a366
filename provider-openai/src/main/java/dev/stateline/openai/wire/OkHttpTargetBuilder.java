/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.wire;

import dev.stateline.spi.ProviderTargetBuilder;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * What the target builders of every OpenAI-wire provider have on top of
 * {@link ProviderTargetBuilder}, written once: the OkHttp client to send through, and the refusal
 * of plain {@code http://} to a non-loopback host unless {@linkplain #allowInsecureHttp() allowed}.
 * {@code OpenAi.TargetBuilder}, {@code AzureOpenAi.TargetBuilder} and {@code BedrockOpenAi.Builder}
 * extend it.
 *
 * <p>Part of the provider SPI. Not thread-safe, like every builder.
 *
 * @param <B> the concrete builder, returned by the setters
 */
public abstract class OkHttpTargetBuilder<B extends OkHttpTargetBuilder<B>> extends ProviderTargetBuilder<B> {
  private OkHttpClient httpClient;
  private boolean allowInsecureHttp;

  /** @param name the target's name */
  protected OkHttpTargetBuilder(String name) {
    super(name);
  }

  /**
   * Sends through this OkHttp client instead of the shared one; it is never shut down by
   * Stateline. Per-call timeouts are applied on clients derived from it with {@code newBuilder()},
   * which share its pool, dispatcher, interceptors and event listeners.
   *
   * @throws NullPointerException if {@code httpClient} is null
   */
  public B httpClient(OkHttpClient httpClient) {
    this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
    return self();
  }

  /**
   * Allows a plain {@code http://} URL on a non-loopback host, which sends the credential in clear
   * text. For trusted networks and proxies only.
   */
  public B allowInsecureHttp() {
    this.allowInsecureHttp = true;
    return self();
  }

  /** The client given to {@link #httpClient(OkHttpClient)}, or null for the shared one. */
  protected final OkHttpClient httpClient() {
    return httpClient;
  }

  /**
   * Refuses plain http to {@code url}'s host unless it is loopback or insecure HTTP is allowed.
   *
   * @param who how the error names the target, such as {@code "target 'openai'"}
   * @param secret what would travel in clear text, such as {@code "the API key"}
   * @throws IllegalArgumentException if refused
   */
  protected final void requireSecureTransport(HttpUrl url, String who, String secret) {
    if (!url.isHttps() && !allowInsecureHttp && !Endpoint.isLoopback(url.host())) {
      throw new IllegalArgumentException(who + ": refusing plain http to " + url.host() + ", which would send "
          + secret + " in clear text; use https, or allowInsecureHttp() on a trusted network");
    }
  }

  /**
   * The {@link HttpChatModel} builder with what this base holds: the HTTP client and the response size
   * limit.
   */
  protected final HttpChatModel.Builder modelBuilder() {
    return HttpChatModel.builder().httpClient(httpClient).maxResponseBytes(maxResponseBytes());
  }
}
