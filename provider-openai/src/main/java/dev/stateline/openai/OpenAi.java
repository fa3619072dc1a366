/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai;

import dev.stateline.Capabilities;
import dev.stateline.Price;
import dev.stateline.Region;
import dev.stateline.Target;
import dev.stateline.openai.internal.OpenAiAuth;
import dev.stateline.openai.wire.Endpoint;
import dev.stateline.openai.wire.HttpChatModel;
import dev.stateline.openai.wire.WireDialect;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Targets on OpenAI's own API.
 *
 * <pre>{@code
 * Target openai = OpenAi.target("openai")
 *     .apiKey(System.getenv("OPENAI_API_KEY"))
 *     .model("gpt-4.1")                          // alias served under its own name
 *     .model("fast", "gpt-4.1-mini")             // alias -> OpenAI model
 *     .api(OpenAiApi.RESPONSES)                  // optional; Chat Completions by default
 *     .build();
 * }</pre>
 *
 * <p>The target's provider name is {@value #PROVIDER}. Its model sends each call over HTTPS with
 * OkHttp, sharing one process-wide connection pool with every other OpenAI-wire model unless given
 * its own {@link TargetBuilder#httpClient(OkHttpClient) client}; closing the
 * {@link dev.stateline.StatelineClient} releases it.
 */
public final class OpenAi {
  /** The provider name on targets, answers and errors. */
  public static final String PROVIDER = "openai";

  /** {@code https://api.openai.com/v1/}. */
  public static final HttpUrl DEFAULT_BASE_URL = HttpUrl.get("https://api.openai.com/v1/");

  private OpenAi() {}

  /**
   * Starts a target named {@code name} (unique within a client; letters, digits, {@code . _ -}).
   */
  public static TargetBuilder target(String name) {
    return new TargetBuilder(name);
  }

  /**
   * Builds an OpenAI {@link Target}. Not thread-safe. {@code toString()} never shows the API key.
   */
  public static final class TargetBuilder {
    private final String name;
    private String apiKey;
    private final Map<String, String> models = new LinkedHashMap<>();
    private boolean anyModel;
    private HttpUrl baseUrl = DEFAULT_BASE_URL;
    private String organization;
    private String project;
    private Region region;
    private OpenAiApi api = OpenAiApi.CHAT_COMPLETIONS;
    private OkHttpClient httpClient;
    private long maxResponseBytes = HttpChatModel.DEFAULT_MAX_RESPONSE_BYTES;
    private boolean allowInsecureHttp;
    private Price price;
    private int maxConcurrentCalls;

    private TargetBuilder(String name) {
      this.name = name;
    }

    /**
     * The API key (required). It is sent only as {@code Authorization: Bearer}, and kept out of
     * {@code toString()}, logs and exception messages.
     *
     * @throws IllegalArgumentException if blank or not printable ASCII (the message omits the key)
     */
    public TargetBuilder apiKey(String apiKey) {
      if (apiKey == null || apiKey.isBlank()) {
        throw new IllegalArgumentException("apiKey must be non-blank");
      }
      for (int i = 0; i < apiKey.length(); i++) {
        char c = apiKey.charAt(i);
        if (c <= ' ' || c >= 0x7f) {
          throw new IllegalArgumentException(
              "apiKey must be printable ASCII without spaces (check for a stray newline)");
        }
      }
      this.apiKey = apiKey;
      return this;
    }

    /** Serves the alias {@code model} as the OpenAI model of the same name. */
    public TargetBuilder model(String model) {
      return model(model, model);
    }

    /** Serves {@code alias} as the OpenAI model {@code providerModel}. */
    public TargetBuilder model(String alias, String providerModel) {
      if (alias == null || alias.isBlank() || providerModel == null || providerModel.isBlank()) {
        throw new IllegalArgumentException("model alias and OpenAI model must be non-blank");
      }
      models.put(alias, providerModel);
      return this;
    }

    /** Also serves aliases not mapped with {@code model(...)}, under their own names. */
    public TargetBuilder anyModel() {
      this.anyModel = true;
      return this;
    }

    /**
     * The API root; {@link #DEFAULT_BASE_URL} by default. Plain {@code http://} is refused unless
     * the host is loopback or {@link #allowInsecureHttp()} is set.
     */
    public TargetBuilder baseUrl(HttpUrl baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
      return this;
    }

    /**
     * The API root as text, such as {@code https://api.openai.com/v1/}.
     *
     * @throws IllegalArgumentException if it is not an http(s) URL
     */
    public TargetBuilder baseUrl(String baseUrl) {
      HttpUrl parsed = baseUrl == null ? null : HttpUrl.parse(baseUrl);
      if (parsed == null) {
        throw new IllegalArgumentException("baseUrl must be an absolute http or https URL");
      }
      return baseUrl(parsed);
    }

    /** Sent as {@code OpenAI-Organization}; not sent if null. */
    public TargetBuilder organization(String organization) {
      this.organization = blankToNull(organization, "organization");
      return this;
    }

    /** Sent as {@code OpenAI-Project}; not sent if null. */
    public TargetBuilder project(String project) {
      this.project = blankToNull(project, "project");
      return this;
    }

    /**
     * Where the target's data is processed, for residency rules (say {@code Region.openai("eu")}
     * with an EU data-residency project). Null (the default) leaves it undeclared, and residency
     * rules then exclude the target.
     *
     * <p>An OpenAI region {@code Region.openai("xx")} needs the base URL of OpenAI's data-residency
     * host for it, {@code https://xx.api.openai.com/v1/} (such as {@code eu.api.openai.com}); a
     * loopback host (an emulator) is accepted too. {@link #build()} refuses any other host, since
     * requests sent there would pass residency checks without being kept in the region.
     */
    public TargetBuilder region(Region region) {
      this.region = region;
      return this;
    }

    /** Chat Completions (default) or the Responses API. */
    public TargetBuilder api(OpenAiApi api) {
      this.api = Objects.requireNonNull(api, "api");
      return this;
    }

    /**
     * Sends through this OkHttp client instead of the shared one; it is never shut down by
     * Stateline. Per-call timeouts are applied on clients derived from it with {@code newBuilder()},
     * which share its pool, dispatcher, interceptors and event listeners.
     */
    public TargetBuilder httpClient(OkHttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /** The largest response body accepted, whole or streamed; 16 MiB by default. */
    public TargetBuilder maxResponseBytes(long maxResponseBytes) {
      if (maxResponseBytes < 1024) {
        throw new IllegalArgumentException("maxResponseBytes must be at least 1024, was " + maxResponseBytes);
      }
      this.maxResponseBytes = maxResponseBytes;
      return this;
    }

    /** What a million tokens cost on this target, for placement's price ranking; unpriced by default. */
    public TargetBuilder price(Price price) {
      this.price = price;
      return this;
    }

    /** The most calls in flight on this target at once (a bulkhead); 0, the default, means no limit. */
    public TargetBuilder maxConcurrentCalls(int maxConcurrentCalls) {
      if (maxConcurrentCalls < 0) {
        throw new IllegalArgumentException("maxConcurrentCalls must not be negative, was " + maxConcurrentCalls);
      }
      this.maxConcurrentCalls = maxConcurrentCalls;
      return this;
    }

    /**
     * Allows a plain {@code http://} base URL on a non-loopback host, which sends the API key in
     * clear text. For trusted networks and proxies only.
     */
    public TargetBuilder allowInsecureHttp() {
      this.allowInsecureHttp = true;
      return this;
    }

    /**
     * Builds the target and its model.
     *
     * @throws IllegalArgumentException if the API key or models are missing, the name is invalid,
     *     the base URL is plain http on a non-loopback host without {@link #allowInsecureHttp()}, or
     *     an OpenAI {@link #region(Region) region} is declared for a host that is not its
     *     data-residency host
     */
    public Target build() {
      if (apiKey == null) {
        throw new IllegalArgumentException("target '" + name + "' needs an apiKey");
      }
      if (models.isEmpty() && !anyModel) {
        throw new IllegalArgumentException("target '" + name
            + "' serves no model: add model(\"gpt-4.1\") or model(alias, openAiModel)");
      }
      if (!baseUrl.isHttps() && !allowInsecureHttp && !Endpoint.isLoopback(baseUrl.host())) {
        throw new IllegalArgumentException("target '" + name + "': refusing plain http to " + baseUrl.host()
            + ", which would send the API key in clear text; use https, or allowInsecureHttp() on a trusted network");
      }
      checkRegionMatchesHost();
      HttpChatModel model = HttpChatModel.builder()
          .dialect(WireDialect.OPENAI)
          .api(api)
          .endpoint(Endpoint.openAiStyle(baseUrl))
          .auth(new OpenAiAuth(apiKey, organization, project))
          .httpClient(httpClient)
          .maxResponseBytes(maxResponseBytes)
          .build();
      try {
        Target.Builder target = Target.builder(name, model)
            .provider(PROVIDER)
            .region(region)
            .hosting(Target.Hosting.DIRECT)
            .capabilities(Capabilities.all().toBuilder().serverState(api == OpenAiApi.RESPONSES).build())
            .price(price)
            .maxConcurrentCalls(maxConcurrentCalls)
            .serverAddress(baseUrl.host(), baseUrl.port());
        models.forEach(target::model);
        if (anyModel) {
          target.anyModel();
        }
        return target.build();
      } catch (RuntimeException e) {
        model.close();
        throw e;
      }
    }

    @Override
    public String toString() {
      HttpUrl shown = baseUrl.newBuilder().username("").password("").build();
      return "OpenAi.TargetBuilder[" + name + ", " + api + ", " + shown + ", models=" + models.keySet()
          + ", apiKey=" + (apiKey == null ? "unset" : "***") + "]";
    }

    /**
     * An OpenAI data-residency region is served only by its own host ({@code eu.api.openai.com}
     * for {@code openai/eu}); the global {@code api.openai.com} does not keep data in the region.
     */
    private void checkRegionMatchesHost() {
      if (region == null || !PROVIDER.equals(region.cloud())) {
        return;
      }
      String expected = region.name() + ".api.openai.com";
      String host = baseUrl.host();
      if (host.equalsIgnoreCase(expected) || Endpoint.isLoopback(host)) {
        return;
      }
      throw new IllegalArgumentException("target '" + name + "': region " + region + " is OpenAI's " + region.name()
          + " data residency, served at https://" + expected + "/v1/, but the base URL's host is " + host
          + ", which would not keep the calls in that region; set baseUrl(\"https://" + expected
          + "/v1/\") (with an API key of a project in that region), or declare no region");
    }

    private static String blankToNull(String value, String what) {
      if (value == null) {
        return null;
      }
      if (value.isBlank()) {
        throw new IllegalArgumentException(what + " must be non-blank when set");
      }
      return value;
    }
  }
}
