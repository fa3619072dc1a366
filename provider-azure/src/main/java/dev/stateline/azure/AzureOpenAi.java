/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.azure;

import com.azure.core.credential.TokenCredential;
import dev.stateline.Capabilities;
import dev.stateline.Region;
import dev.stateline.Target;
import dev.stateline.azure.internal.ApiKeyAuth;
import dev.stateline.azure.internal.AzureChatModel;
import dev.stateline.azure.internal.AzureEndpoint;
import dev.stateline.azure.internal.AzureExtension;
import dev.stateline.azure.internal.AzureScopes;
import dev.stateline.azure.internal.EntraIdAuth;
import dev.stateline.azure.internal.TokenCache;
import dev.stateline.openai.OpenAiApi;
import dev.stateline.openai.wire.HttpChatModel;
import dev.stateline.openai.wire.OkHttpTargetBuilder;
import dev.stateline.openai.wire.RequestAuth;
import dev.stateline.openai.wire.WireDialect;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * Targets on Azure OpenAI (Azure AI Foundry Models), where Stateline sends stateless OpenAI-model
 * calls.
 *
 * <pre>{@code
 * Target azure = AzureOpenAi.target("azure-swc")
 *     .endpoint("https://my-resource.openai.azure.com")
 *     .deployment("gpt-4.1", "gpt41-prod")                         // alias -> deployment name
 *     .credential(new DefaultAzureCredentialBuilder().build())    // or .apiKey(key)
 *     .region("swedencentral")                                     // for residency rules
 *     .deploymentType(AzureDeploymentType.STANDARD)                // where calls are processed
 *     .build();
 * }</pre>
 *
 * <p>Where a call is processed depends on the deployment's type ({@link AzureDeploymentType}):
 * Standard in the resource's region, Data Zone anywhere in its data zone (EU or US), Global anywhere
 * in Azure. The target's {@linkplain Target#processingScope(String) processing scope} follows from
 * the declared type and region; without a declared type it is unknown, and residency rules exclude
 * the target with a reason saying what to declare.
 *
 * <p>The endpoint is an Azure OpenAI resource ({@code https://name.openai.azure.com}) or a Foundry
 * resource ({@code https://name.services.ai.azure.com}); calls use the generally available
 * {@linkplain AzureUrlForm#V1 v1 form} ({@code /openai/v1/...}, no {@code api-version}) unless
 * {@link TargetBuilder#urlForm(AzureUrlForm)} asks for the classic deployment form.
 *
 * <p>Calls go over the OpenAI wire codec of {@code stateline-openai} (Chat Completions and, on the
 * {@linkplain AzureUrlForm#V1 v1 form}, the Responses API; streaming, tools, JSON schema, images),
 * with Azure's URL layout ({@link AzureUrlForm}), credentials ({@code api-key} or a Microsoft Entra ID
 * bearer token), content-filter annotations (on {@link dev.stateline.chat.ChatResponse#contentFilter()}
 * and {@link dev.stateline.error.ContentFilteredException#contentFilter()}), request ids
 * ({@code apim-request-id}, else {@code x-request-id}) and rate-limit headers
 * ({@link #rateLimits(Target)}). Throttling (429 with {@code retry-after-ms} / {@code retry-after})
 * becomes a {@link dev.stateline.error.RateLimitedException} that the client's retry policy honours.
 * The region Azure reports in {@code x-ms-region} (where the call was processed, such as
 * {@code Sweden Central}) is on every answer ({@link dev.stateline.chat.ChatResponse#processingRegion()})
 * and error ({@link dev.stateline.error.ErrorInfo#processingRegion()}).
 *
 * <p>The target's provider name is {@value #PROVIDER}.
 */
public final class AzureOpenAi {
  /** The provider name on targets, answers and errors (as in OpenTelemetry's {@code gen_ai.provider.name}). */
  public static final String PROVIDER = "azure.ai.openai";

  /**
   * The {@code api-version} sent on the {@linkplain AzureUrlForm#DEPLOYMENT deployment form} unless
   * set: {@value}, the latest generally available (non-preview) version of the Azure OpenAI data-plane
   * inference API. It supports structured outputs ({@code json_schema}), parallel tool calls, image
   * input, {@code max_completion_tokens} and streamed usage ({@code stream_options}); later features
   * ship in preview versions or on the {@linkplain AzureUrlForm#V1 v1 form}, which needs no version.
   */
  public static final String DEFAULT_API_VERSION = "2024-10-21";

  /**
   * The Microsoft Entra ID scope tokens are requested for unless set: {@value}, which Microsoft's
   * v1 API guides use for both URL forms and both resource hosts.
   */
  public static final String DEFAULT_SCOPE = "https://cognitiveservices.azure.com/.default";

  /**
   * The Microsoft Foundry scope, {@value}, which Microsoft's Foundry guides also use for the v1 API;
   * set it with {@link TargetBuilder#credentialScope(String)} where your tenant's tokens are issued
   * for it.
   */
  public static final String FOUNDRY_SCOPE = "https://ai.azure.com/.default";

  private static final Pattern DEPLOYMENT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern DATED_VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(-preview)?");
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._-]{1,40}");

  private AzureOpenAi() {}

  /**
   * Starts a target named {@code name} (unique within a client; letters, digits, {@code . _ -}).
   */
  public static TargetBuilder target(String name) {
    return new TargetBuilder(name);
  }

  /**
   * The rate-limit headroom {@code target} last reported.
   *
   * @throws IllegalArgumentException if {@code target} was not built by {@link AzureOpenAi}
   */
  public static AzureRateLimits rateLimits(Target target) {
    if (target.chatModel() instanceof AzureChatModel azure) {
      return azure.rateLimits();
    }
    throw new IllegalArgumentException("target '" + target.name() + "' is not an Azure OpenAI target");
  }

  /**
   * Builds an Azure OpenAI {@link Target}. Not thread-safe. {@code toString()} never shows the key or
   * a token. Price, bulkhead, response size limit, HTTP client and insecure HTTP are set as on every
   * OpenAI-wire target ({@link OkHttpTargetBuilder}).
   */
  public static final class TargetBuilder extends OkHttpTargetBuilder<TargetBuilder> {
    private final String name;
    private HttpUrl endpoint;
    private final Map<String, String> deployments = new LinkedHashMap<>();
    private final Map<String, String> embeddingDeployments = new LinkedHashMap<>();
    private String apiKey;
    private TokenCredential credential;
    private String scope = DEFAULT_SCOPE;
    private AzureUrlForm urlForm = AzureUrlForm.V1;
    private String apiVersion;
    private OpenAiApi api = OpenAiApi.CHAT_COMPLETIONS;
    private Region region;
    private AzureDeploymentType deploymentType;
    private final Map<String, AzureDeploymentType> deploymentTypes = new LinkedHashMap<>();
    private Clock clock = Clock.systemUTC();

    private TargetBuilder(String name) {
      super(name);
      this.name = name;
    }

    /**
     * The resource endpoint, such as {@code https://my-resource.openai.azure.com} (or a gateway in
     * front of it; a path prefix is kept). Plain {@code http://} is refused unless the host is
     * loopback or {@link #allowInsecureHttp()} is set.
     *
     * @throws IllegalArgumentException if it is not an http(s) URL, or already holds the
     *     {@code /openai/...} part or a query
     */
    public TargetBuilder endpoint(String endpoint) {
      HttpUrl parsed = endpoint == null ? null : HttpUrl.parse(endpoint.strip());
      if (parsed == null) {
        throw new IllegalArgumentException("endpoint must be an absolute https URL such as"
            + " https://my-resource.openai.azure.com");
      }
      return endpoint(parsed);
    }

    /** The resource endpoint; see {@link #endpoint(String)}. */
    public TargetBuilder endpoint(HttpUrl endpoint) {
      Objects.requireNonNull(endpoint, "endpoint");
      String path = endpoint.encodedPath().toLowerCase(Locale.ROOT);
      if (path.equals("/openai") || path.contains("/openai/") || path.endsWith("/openai")) {
        throw new IllegalArgumentException("give the endpoint without its /openai/... path (such as"
            + " https://my-resource.openai.azure.com); the URL form decides the rest");
      }
      if (endpoint.encodedQuery() != null || endpoint.encodedFragment() != null) {
        throw new IllegalArgumentException("the endpoint takes no query or fragment; set the version with apiVersion(...)");
      }
      this.endpoint = endpoint;
      return this;
    }

    /**
     * Serves the model alias {@code alias} with the deployment {@code deployment} (the name given to
     * the deployment in Azure, not the model's name).
     *
     * @throws IllegalArgumentException if either is blank, or the deployment name has characters
     *     Azure does not allow
     */
    public TargetBuilder deployment(String alias, String deployment) {
      if (alias == null || alias.isBlank()) {
        throw new IllegalArgumentException("the model alias must be non-blank");
      }
      if (deployment == null || !DEPLOYMENT_NAME.matcher(deployment).matches()) {
        throw new IllegalArgumentException("deployment name '" + deployment
            + "' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
      }
      deployments.put(alias, deployment);
      return this;
    }

    /**
     * Embeds the alias {@code alias} with the embedding deployment {@code deployment} (say of
     * {@code text-embedding-3-small}), through {@code .../embeddings} on the target's URL form:
     * embedding calls for the alias may be placed on this target.
     *
     * @throws IllegalArgumentException if either is blank, or the deployment name has characters
     *     Azure does not allow
     */
    public TargetBuilder embeddingDeployment(String alias, String deployment) {
      if (alias == null || alias.isBlank()) {
        throw new IllegalArgumentException("the embedding alias must be non-blank");
      }
      if (deployment == null || !DEPLOYMENT_NAME.matcher(deployment).matches()) {
        throw new IllegalArgumentException("deployment name '" + deployment
            + "' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
      }
      embeddingDeployments.put(alias, deployment);
      return this;
    }

    /** Serves the alias {@code deployment} with the deployment of that same name. */
    public TargetBuilder deployment(String deployment) {
      return deployment(deployment, deployment);
    }

    /**
     * Authenticates with a resource key, sent as the {@code api-key} header. It is kept out of
     * {@code toString()}, logs and exception messages. Use this or {@link #credential}, not both.
     *
     * @throws IllegalArgumentException if blank or not printable ASCII (the message omits the key)
     */
    public TargetBuilder apiKey(String apiKey) {
      this.apiKey = requireSecret("apiKey", apiKey);
      return this;
    }

    /**
     * Authenticates with Microsoft Entra ID: tokens for {@link #credentialScope(String) the scope}
     * ({@value #DEFAULT_SCOPE} by default) from {@code credential} (such as
     * {@code new DefaultAzureCredentialBuilder().build()} or a managed identity), sent as
     * {@code Authorization: Bearer}. One token is fetched and shared by all calls, and renewed five
     * minutes before it expires; concurrent calls that need a token wait for a single fetch. A
     * failure is an {@link dev.stateline.error.AuthenticationException}. Use this or {@link #apiKey},
     * not both.
     */
    public TargetBuilder credential(TokenCredential credential) {
      this.credential = Objects.requireNonNull(credential, "credential");
      return this;
    }

    /**
     * The Entra ID scope to ask tokens for; {@value #DEFAULT_SCOPE} by default, or
     * {@link #FOUNDRY_SCOPE}.
     */
    public TargetBuilder credentialScope(String scope) {
      if (scope == null || scope.isBlank()) {
        throw new IllegalArgumentException("the credential scope must be non-blank");
      }
      this.scope = scope;
      return this;
    }

    /**
     * The URL form: {@link AzureUrlForm#V1} by default (generally available, no {@code api-version}
     * needed; Chat Completions and the Responses API); {@link AzureUrlForm#DEPLOYMENT} for resources
     * or gateways that only know the classic, versioned form.
     */
    public TargetBuilder urlForm(AzureUrlForm urlForm) {
      this.urlForm = Objects.requireNonNull(urlForm, "urlForm");
      return this;
    }

    /**
     * The {@code api-version} query value. On the deployment form it defaults to
     * {@link #DEFAULT_API_VERSION} and must be a dated version ({@code 2024-10-21},
     * {@code 2025-04-01-preview}); on the v1 form none is sent unless set here (say {@code preview}).
     */
    public TargetBuilder apiVersion(String apiVersion) {
      if (apiVersion == null || !VERSION.matcher(apiVersion).matches()) {
        throw new IllegalArgumentException("api-version '" + apiVersion + "' is not a version such as "
            + DEFAULT_API_VERSION);
      }
      this.apiVersion = apiVersion;
      return this;
    }

    /**
     * Chat Completions (the default) or the Responses API, which Azure serves on the
     * {@linkplain AzureUrlForm#V1 v1 form} only.
     */
    public TargetBuilder api(OpenAiApi api) {
      this.api = Objects.requireNonNull(api, "api");
      return this;
    }

    /**
     * The Azure region the resource lives in, such as {@code swedencentral}, for residency rules
     * ({@link Region#azure(String)}). Unset, residency rules exclude the target.
     */
    public TargetBuilder region(String azureRegion) {
      if (azureRegion == null || azureRegion.isBlank()) {
        throw new IllegalArgumentException("the Azure region must be non-blank, such as swedencentral");
      }
      this.region = Region.azure(azureRegion.strip());
      return this;
    }

    /**
     * The type of every deployment of this target (the "Deployment type" the Foundry portal shows),
     * which decides where Azure processes its calls: see {@link AzureDeploymentType}. Unset, the
     * target's processing scope is unknown and residency rules exclude it.
     */
    public TargetBuilder deploymentType(AzureDeploymentType type) {
      this.deploymentType = Objects.requireNonNull(type, "type");
      return this;
    }

    /** The type of the deployment serving {@code alias}; overrides {@link #deploymentType(AzureDeploymentType)}. */
    public TargetBuilder deploymentType(String alias, AzureDeploymentType type) {
      if (alias == null || alias.isBlank()) {
        throw new IllegalArgumentException("the model alias must be non-blank");
      }
      deploymentTypes.put(alias, Objects.requireNonNull(type, "type"));
      return this;
    }

    /** The clock for token expiry and rate-limit timestamps (tests). */
    TargetBuilder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the target and its model.
     *
     * @throws IllegalArgumentException if the endpoint, the credential or every deployment is
     *     missing, both a key and a credential are set, the Responses API is asked for on the
     *     deployment form, the api-version does not fit the form, or the endpoint is plain http on a
     *     non-loopback host without {@link #allowInsecureHttp()}
     */
    @Override
    public Target build() {
      String who = "Azure OpenAI target '" + name + "'";
      if (endpoint == null) {
        throw new IllegalArgumentException(who + " needs an endpoint, such as https://my-resource.openai.azure.com");
      }
      if (apiKey == null && credential == null) {
        throw new IllegalArgumentException(who + " needs a credential: apiKey(...) or credential(TokenCredential)");
      }
      if (apiKey != null && credential != null) {
        throw new IllegalArgumentException(who + " has both an apiKey and a credential; keep one");
      }
      if (deployments.isEmpty() && embeddingDeployments.isEmpty()) {
        throw new IllegalArgumentException(who + " serves no model: add deployment(alias, deploymentName) or"
            + " embeddingDeployment(alias, deploymentName)");
      }
      if (api == OpenAiApi.RESPONSES && urlForm != AzureUrlForm.V1) {
        throw new IllegalArgumentException(who + ": Azure OpenAI serves the Responses API on the v1 URL form"
            + " only; add urlForm(AzureUrlForm.V1)");
      }
      String version = apiVersion;
      if (urlForm == AzureUrlForm.DEPLOYMENT) {
        if (version == null) {
          version = DEFAULT_API_VERSION;
        } else if (!DATED_VERSION.matcher(version).matches()) {
          throw new IllegalArgumentException(who + ": the deployment URL form needs a dated api-version such as "
              + DEFAULT_API_VERSION + " or 2025-04-01-preview, not '" + version + "'");
        }
      }
      requireSecureTransport(endpoint, who, "the credential");
      RequestAuth auth = apiKey != null ? new ApiKeyAuth(apiKey)
          : new EntraIdAuth(new TokenCache(PROVIDER, credential, scope, clock, TokenCache.DEFAULT_REFRESH_MARGIN));
      AzureRateLimits rateLimits = new AzureRateLimits(clock);
      HttpChatModel wire = modelBuilder()
          .dialect(WireDialect.OPENAI.withProvider(PROVIDER)
              // The deployment form names the deployment in the path; v1 takes it as the body's model.
              .withSendModel(urlForm == AzureUrlForm.V1)
              // 2024-10-21 knows the end-user id as "user" only.
              .withEndUserField("user")
              .withStreamIncludeUsage(true))
          .api(api)
          .endpoint(new AzureEndpoint(endpoint, urlForm, version))
          .auth(auth)
          .extension(new AzureExtension(rateLimits))
          .requestIdHeaders("apim-request-id", "x-request-id")
          .processingRegionHeader("x-ms-region")
          .build();
      AzureChatModel model = new AzureChatModel(wire, rateLimits, urlForm, version);
      try {
        // Azure OpenAI is the stateless host: the standard placement policy sends stateless calls here.
        Target.Builder target = target(model, PROVIDER)
            .region(region)
            .hosting(Target.Hosting.STATELESS_HOST)
            .capabilities(Capabilities.all().toBuilder().serverState(api == OpenAiApi.RESPONSES).build())
            .serverAddress(endpoint.host(), endpoint.port());
        deployments.forEach(target::model);
        for (String alias : deploymentTypes.keySet()) {
          if (!deployments.containsKey(alias)) {
            throw new IllegalArgumentException(who + " declares a deployment type for '" + alias
                + "', which it does not serve; add deployment(\"" + alias + "\", ...)");
          }
        }
        deployments.forEach((alias, d) -> derivedScope(target, alias,
            AzureScopes.scope(deploymentTypes.getOrDefault(alias, deploymentType), region, name, alias)));
        if (!embeddingDeployments.isEmpty()) {
          target.embeddingModel(model);
          embeddingDeployments.forEach(target::embeds);
        }
        return target.build();
      } catch (RuntimeException e) {
        model.close();
        throw e;
      }
    }

    @Override
    public String toString() {
      String shown = endpoint == null ? "no endpoint" : endpoint.newBuilder().username("").password("").build().toString();
      return "AzureOpenAi.TargetBuilder[" + name + ", " + shown + ", " + urlForm + ", " + api
          + (apiVersion == null ? "" : ", api-version=" + apiVersion)
          + ", deployments=" + deployments
          + (embeddingDeployments.isEmpty() ? "" : ", embeddingDeployments=" + embeddingDeployments)
          + ", auth=" + (apiKey != null ? "api-key ***" : credential != null ? "entra-id " + scope : "unset")
          + (region == null ? "" : ", " + region)
          + (deploymentType == null ? "" : ", " + deploymentType.skuName()) + "]";
    }
  }
}
