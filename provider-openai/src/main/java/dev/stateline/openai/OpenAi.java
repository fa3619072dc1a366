/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai;

import dev.stateline.Capabilities;
import dev.stateline.Region;
import dev.stateline.Target;
import dev.stateline.openai.internal.OpenAiAuth;
import dev.stateline.openai.wire.Endpoint;
import dev.stateline.openai.wire.HttpChatModel;
import dev.stateline.openai.wire.OkHttpTargetBuilder;
import dev.stateline.openai.wire.WireDialect;
import dev.stateline.placement.ProcessingScope;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;

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
 * its own {@link TargetBuilder#httpClient(okhttp3.OkHttpClient) client}; closing the
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
   * Price, bulkhead, response size limit, HTTP client and insecure HTTP are set as on every
   * OpenAI-wire target ({@link OkHttpTargetBuilder}).
   */
  public static final class TargetBuilder extends OkHttpTargetBuilder<TargetBuilder> {
    private final String name;
    private String apiKey;
    private final Map<String, String> models = new LinkedHashMap<>();
    private final Map<String, String> embeddings = new LinkedHashMap<>();
    private boolean anyModel;
    private HttpUrl baseUrl = DEFAULT_BASE_URL;
    private String organization;
    private String project;
    private Region region;
    private OpenAiApi api = OpenAiApi.CHAT_COMPLETIONS;

    private TargetBuilder(String name) {
      super(name);
      this.name = name;
    }

    /**
     * The API key (required). It is sent only as {@code Authorization: Bearer}, and kept out of
     * {@code toString()}, logs and exception messages.
     *
     * @throws IllegalArgumentException if blank or not printable ASCII (the message omits the key)
     */
    public TargetBuilder apiKey(String apiKey) {
      this.apiKey = requireSecret("apiKey", apiKey);
      return this;
    }

    /**
     * Embeds the alias {@code alias} with the OpenAI embedding model {@code openAiModel} (such as
     * {@code text-embedding-3-small}), through {@code POST /embeddings}: embedding calls for the
     * alias may be placed on this target.
     *
     * @throws IllegalArgumentException if either is blank
     */
    public TargetBuilder embeds(String alias, String openAiModel) {
      if (alias == null || alias.isBlank() || openAiModel == null || openAiModel.isBlank()) {
        throw new IllegalArgumentException("embedding alias and model must be non-blank");
      }
      embeddings.put(alias, openAiModel);
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

    /**
     * Sent as {@code OpenAI-Organization}; not sent if null.
     *
     * @throws IllegalArgumentException if blank or not printable ASCII (a CR or LF would split the header)
     */
    public TargetBuilder organization(String organization) {
      this.organization = requireHeaderValue("organization", organization);
      return this;
    }

    /**
     * Sent as {@code OpenAI-Project}; not sent if null.
     *
     * @throws IllegalArgumentException if blank or not printable ASCII (a CR or LF would split the header)
     */
    public TargetBuilder project(String project) {
      this.project = requireHeaderValue("project", project);
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
     * Builds the target and its model.
     *
     * @throws IllegalArgumentException if the API key or models are missing, the name is invalid,
     *     the base URL is plain http on a non-loopback host without {@link #allowInsecureHttp()}, or
     *     an OpenAI {@link #region(Region) region} is declared for a host that is not its
     *     data-residency host
     */
    @Override
    public Target build() {
      if (apiKey == null) {
        throw new IllegalArgumentException("target '" + name + "' needs an apiKey");
      }
      if (models.isEmpty() && !anyModel && embeddings.isEmpty()) {
        throw new IllegalArgumentException("target '" + name
            + "' serves no model: add model(\"gpt-4.1\"), model(alias, openAiModel) or embeds(alias, openAiModel)");
      }
      requireSecureTransport(baseUrl, "target '" + name + "'", "the API key");
      checkRegionMatchesHost();
      HttpChatModel model = modelBuilder()
          .dialect(WireDialect.OPENAI)
          .api(api)
          .endpoint(Endpoint.openAiStyle(baseUrl))
          .auth(new OpenAiAuth(apiKey, organization, project))
          .build();
      try {
        Target.Builder target = target(model, PROVIDER)
            .region(region)
            .hosting(Target.Hosting.DIRECT)
            .capabilities(Capabilities.all().toBuilder().serverState(api == OpenAiApi.RESPONSES).build())
            .serverAddress(baseUrl.host(), baseUrl.port());
        models.forEach(target::model);
        if (!embeddings.isEmpty()) {
          target.embeddingModel(model);
          embeddings.forEach(target::embeds);
        }
        if (anyModel) {
          target.anyModel();
        }
        derivedScope(target, scopeOfHost(baseUrl.host()));
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
          + (embeddings.isEmpty() ? "" : ", embeds=" + embeddings.keySet())
          + ", apiKey=" + (apiKey == null ? "unset" : "***") + "]";
    }

    /**
     * Where OpenAI processes calls sent to {@code host} ("Data residency"): the global
     * {@code api.openai.com} anywhere; a data-residency host {@code xx.api.openai.com} in region
     * {@code openai/xx} (for a region with regional processing, which OpenAI's table lists); null for
     * any other host (a gateway, an emulator), whose scope follows the declared region.
     */
    static ProcessingScope scopeOfHost(String host) {
      String h = host.toLowerCase(java.util.Locale.ROOT);
      if (h.equals("api.openai.com")) {
        return ProcessingScope.global(PROVIDER);
      }
      if (h.endsWith(".api.openai.com")) {
        String r = h.substring(0, h.length() - ".api.openai.com".length());
        return r.matches("[a-z]{2,8}") ? ProcessingScope.region(Region.openai(r)) : null;
      }
      return null;
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
  }
}
