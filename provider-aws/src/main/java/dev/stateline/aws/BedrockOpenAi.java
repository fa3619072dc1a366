/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import dev.stateline.Capabilities;
import dev.stateline.Region;
import dev.stateline.Target;
import dev.stateline.aws.internal.BedrockApiKeyAuth;
import dev.stateline.aws.internal.BedrockModelIds;
import dev.stateline.aws.internal.BedrockOpenAiEndpoint;
import dev.stateline.aws.internal.BedrockOpenAiExtension;
import dev.stateline.aws.internal.BedrockOpenAiModel;
import dev.stateline.aws.internal.SigV4Auth;
import dev.stateline.aws.internal.SigV4Signer;
import dev.stateline.aws.internal.WithProject;
import dev.stateline.openai.OpenAiApi;
import dev.stateline.openai.wire.HttpChatModel;
import dev.stateline.openai.wire.OkHttpTargetBuilder;
import dev.stateline.openai.wire.RequestAuth;
import dev.stateline.openai.wire.WireDialect;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import okhttp3.HttpUrl;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Targets on Amazon Bedrock's OpenAI-compatible endpoints: the Responses API (with conversations
 * held server-side, in the serving Region) and Chat Completions, on bedrock-runtime or
 * bedrock-mantle ({@link BedrockEndpoint}).
 *
 * <pre>{@code
 * Target aws = BedrockOpenAi.target("aws-use1")
 *     .region("us-east-1")
 *     .model("gpt", "us.openai.gpt-5.6-sol")      // alias -> cross-Region inference profile
 *     .build();                                   // SigV4 from the default credentials chain
 * Session session = client.session("case-4711", SessionOptions.builder().model("gpt").serverHeld(true).build());
 * }</pre>
 *
 * <p>Calls go over the OpenAI wire codec of {@code stateline-openai} (streaming, tools, JSON-schema
 * output, images), as Azure OpenAI targets do. Every attempt is authenticated afresh: signed with
 * AWS SigV4 by the AWS SDK's own signer ({@code AwsV4HttpSigner}: method, URL, body hash, session
 * token of temporary credentials), with credentials resolved per attempt; or with a Bedrock API key
 * as {@code Authorization: Bearer}. Without {@link Builder#apiKey} or {@link Builder#credentialsProvider},
 * the key in {@code AWS_BEARER_TOKEN_BEDROCK} is used when set (as the AWS SDKs do), else SigV4 with
 * the SDK's {@link DefaultCredentialsProvider} chain.
 *
 * <p>The target's provider is {@value #PROVIDER}, its region {@code Region.aws(region)}, and it is a
 * {@link Target.Hosting#STATEFUL_RUNTIME}: the standard placement policy sends session turns here.
 * With the Responses API it holds conversation state ({@link Capabilities#serverState()}), so a
 * server-held session ({@code SessionOptions.serverHeld(true)}) continues with
 * {@code previous_response_id}, pinned to this target and its Region. Stateless calls send
 * {@code store: false}: only a call that asks for storage leaves a stored response behind.
 *
 * <p>The endpoints' rules are checked when the target is built, with errors that say what to change
 * (see {@link Builder#build()}). Stateline's requests have no {@code background} flag and no hosted
 * tools, so they never carry what bedrock-runtime refuses there.
 *
 * <p>This class is a static entry point; it holds no state.
 */
public final class BedrockOpenAi {
  /** The provider name on targets, answers and errors (OpenTelemetry's {@code aws.bedrock}). */
  public static final String PROVIDER = Bedrock.PROVIDER;

  /** The environment variable holding a Bedrock API key, read when no credential is given: {@value}. */
  public static final String API_KEY_VARIABLE = "AWS_BEARER_TOKEN_BEDROCK";

  private BedrockOpenAi() {}

  /** Starts a target named {@code name} (unique within a client, such as {@code aws-use1}). */
  public static Builder target(String name) {
    return new Builder(name);
  }

  /**
   * Builds a Bedrock OpenAI-compatible {@link Target}. Not thread-safe. {@code toString()} never
   * shows a key or a secret. Price, bulkhead, response size limit, HTTP client and insecure HTTP are
   * set as on every OpenAI-wire target ({@link OkHttpTargetBuilder}).
   */
  public static final class Builder extends OkHttpTargetBuilder<Builder> {
    private final Map<String, String> models = new LinkedHashMap<>();
    private final Map<String, String> mantlePrefixes = new LinkedHashMap<>();
    private String awsRegion;
    private BedrockEndpoint endpoint = BedrockEndpoint.RUNTIME;
    private OpenAiApi api = OpenAiApi.RESPONSES;
    private AwsCredentialsProvider credentialsProvider;
    private String apiKey;
    private URI endpointOverride;
    private String project;
    private UnaryOperator<String> environment = System::getenv;
    private Clock signingClock;

    private Builder(String name) {
      super(name);
    }

    /**
     * The AWS Region, such as {@code us-east-1}: the endpoint's Region, where stored responses live,
     * and the target's {@link Region}.
     *
     * @throws IllegalArgumentException if it is not an AWS Region name (letters, digits, dashes)
     */
    public Builder region(String awsRegion) {
      Objects.requireNonNull(awsRegion, "awsRegion");
      String r = awsRegion.trim().toLowerCase(Locale.ROOT);
      if (!r.matches("[a-z]{2,}(-[a-z0-9]+)+")) {
        throw new IllegalArgumentException("'" + awsRegion + "' is not an AWS region name like us-east-1");
      }
      this.awsRegion = r;
      return this;
    }

    /** {@link BedrockEndpoint#RUNTIME} (the default, AWS's recommendation) or {@link BedrockEndpoint#MANTLE}. */
    public Builder endpoint(BedrockEndpoint endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    /**
     * Serves the alias {@code alias} with the Bedrock model id {@code modelId}: on bedrock-runtime a
     * cross-Region inference profile ({@code us.openai.gpt-5.6-sol}, {@code global.openai.gpt-5.6-sol});
     * on bedrock-mantle the model's id ({@code openai.gpt-oss-120b}).
     *
     * @throws IllegalArgumentException if either is blank
     */
    public Builder model(String alias, String modelId) {
      if (alias == null || alias.isBlank() || modelId == null || modelId.isBlank()) {
        throw new IllegalArgumentException("model alias and Bedrock model id must be non-blank");
      }
      models.put(alias, modelId.strip());
      return this;
    }

    /**
     * The path prefix bedrock-mantle serves {@code modelId} under, {@code /v1} or {@code /openai/v1},
     * as its model card's "Programmatic access" table says. Without it: {@code /openai/v1} for the
     * OpenAI GPT models, {@code /v1} for the others (GPT OSS among them). Ignored on bedrock-runtime.
     *
     * @throws IllegalArgumentException if the prefix is neither
     */
    public Builder mantlePathPrefix(String modelId, String pathPrefix) {
      Objects.requireNonNull(modelId, "modelId");
      if (!"/v1".equals(pathPrefix) && !"/openai/v1".equals(pathPrefix)) {
        throw new IllegalArgumentException("bedrock-mantle serves OpenAI-compatible APIs under /v1 or /openai/v1,"
            + " not '" + pathPrefix + "'");
      }
      mantlePrefixes.put(modelId.strip(), pathPrefix);
      return this;
    }

    /**
     * The Responses API (the default: conversations held server-side) or Chat Completions.
     */
    public Builder api(OpenAiApi api) {
      this.api = Objects.requireNonNull(api, "api");
      return this;
    }

    /**
     * Signs requests with SigV4 from these credentials (resolved per attempt, so rotated temporary
     * credentials are picked up); the provider is not closed by Stateline. Use this or
     * {@link #apiKey}, not both.
     */
    public Builder credentialsProvider(AwsCredentialsProvider credentialsProvider) {
      this.credentialsProvider = Objects.requireNonNull(credentialsProvider, "credentialsProvider");
      return this;
    }

    /**
     * Authenticates with a Bedrock API key, sent as {@code Authorization: Bearer} and kept out of
     * {@code toString()}, logs and exception messages. A short-term key works only in the Region it
     * was made for. Use this or {@link #credentialsProvider}, not both.
     *
     * @throws IllegalArgumentException if blank or not printable ASCII (the message omits the key)
     */
    public Builder apiKey(String apiKey) {
      this.apiKey = requireSecret("apiKey", apiKey);
      return this;
    }

    /**
     * Sends calls to {@code endpoint} instead of the regional endpoint: a VPC interface endpoint, a
     * proxy or an emulator. Its path, if any, is kept in front of {@code /openai/v1} (or {@code /v1}).
     * Plain {@code http://} is refused unless the host is loopback or {@link #allowInsecureHttp()}
     * is set (it would send the API key, or signed requests with their session token, in clear text).
     *
     * @throws IllegalArgumentException if it is not an absolute http(s) URI
     */
    public Builder endpointOverride(URI endpoint) {
      Objects.requireNonNull(endpoint, "endpoint");
      String scheme = endpoint.getScheme();
      if (scheme == null || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))
          || endpoint.getHost() == null || endpoint.getQuery() != null) {
        throw new IllegalArgumentException("endpointOverride must be an absolute http(s) URI without a query, was "
            + endpoint);
      }
      this.endpointOverride = endpoint;
      return this;
    }

    /**
     * The Bedrock project, sent as {@code OpenAI-Project}; none by default or when null (the
     * account's default project). bedrock-runtime accepts only {@code default} or the ARN of the
     * default project ({@link #build()} checks).
     *
     * @throws IllegalArgumentException if blank or not printable ASCII (a CR or LF would split the header)
     */
    public Builder project(String project) {
      this.project = requireHeaderValue("project", project);
      return this;
    }

    /** Where {@value #API_KEY_VARIABLE} is read from (tests). */
    Builder environment(UnaryOperator<String> environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /** The clock of SigV4 signing times (tests); the system clock by default. */
    Builder signingClock(Clock clock) {
      this.signingClock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the target and its model.
     *
     * @throws IllegalArgumentException if the region or every model is missing; both an API key and
     *     a credentials provider are set; a model id breaks the endpoint's rules (on bedrock-runtime: a
     *     foundation model id where the Responses API or an OpenAI GPT model needs a cross-Region
     *     inference profile, an application inference profile with the Responses API, the Responses
     *     API of a GPT OSS model, which bedrock-mantle serves; on either: a profile of another
     *     geography than the Region's); the Region does not serve bedrock-mantle; the project is not
     *     one bedrock-runtime accepts; or the endpoint is plain http on a non-loopback host without
     *     {@link #allowInsecureHttp()}
     */
    @Override
    public Target build() {
      String who = "Bedrock OpenAI target '" + name() + "'";
      if (awsRegion == null) {
        throw new IllegalArgumentException(who + " needs a region: call region(\"us-east-1\")");
      }
      if (models.isEmpty()) {
        throw new IllegalArgumentException(who + " serves no model: add model(alias, modelId), such as"
            + " model(\"gpt\", \"us.openai.gpt-5.6-sol\")");
      }
      if (apiKey != null && credentialsProvider != null) {
        throw new IllegalArgumentException(who + " has both an apiKey and a credentialsProvider; keep one");
      }
      for (String modelId : models.values()) {
        String problem = BedrockModelIds.problem(modelId, endpoint, api, awsRegion);
        if (problem != null) {
          throw new IllegalArgumentException(who + ": " + problem);
        }
      }
      if (endpoint == BedrockEndpoint.MANTLE && endpointOverride == null
          && !BedrockEndpoint.MANTLE_REGIONS.contains(awsRegion)) {
        throw new IllegalArgumentException(who + ": bedrock-mantle is not served in " + awsRegion + "; its Regions are "
            + BedrockEndpoint.MANTLE_REGIONS + " (use one of them, endpoint(BedrockEndpoint.RUNTIME), or an"
            + " endpointOverride for a Region added since)");
      }
      if (project != null && endpoint == BedrockEndpoint.RUNTIME && !project.equals("default")
          && !(project.startsWith("arn:") && project.contains(":project/"))) {
        throw new IllegalArgumentException(who + ": bedrock-runtime supports only the default project: set"
            + " project(\"default\") or the default project's ARN, or use endpoint(BedrockEndpoint.MANTLE) for '"
            + project + "'");
      }
      HttpUrl root = root();
      requireSecureTransport(root, who, "the credential");

      List<SdkAutoCloseable> owned = new ArrayList<>();
      RequestAuth auth = auth(owned);
      if (project != null) {
        auth = new WithProject(auth, project);
      }
      HttpChatModel wire;
      try {
        wire = modelBuilder()
            .dialect(WireDialect.OPENAI.withProvider(PROVIDER))
            .api(api)
            .endpoint(new BedrockOpenAiEndpoint(root, endpoint, mantlePrefixes))
            .auth(auth)
            .extension(new BedrockOpenAiExtension(awsRegion))
            .requestIdHeaders("x-amzn-RequestId", "x-request-id")
            .build();
      } catch (RuntimeException e) {
        owned.forEach(SdkAutoCloseable::close);
        throw e;
      }
      String description = endpoint + ", region=" + awsRegion
          + (endpointOverride == null ? "" : ", endpoint=" + root.newBuilder().username("").password("").build())
          + ", " + auth;
      BedrockOpenAiModel model = new BedrockOpenAiModel(wire, owned, description);
      try {
        Target.Builder t = target(model, PROVIDER)
            .region(Region.aws(awsRegion))
            // The stateful runtime: session turns are placed here by the standard policy.
            .hosting(Target.Hosting.STATEFUL_RUNTIME)
            .capabilities(Capabilities.all().toBuilder().serverState(api == OpenAiApi.RESPONSES).build())
            .serverAddress(root.host(), root.port());
        models.forEach(t::model);
        models.forEach((alias, id) -> derivedScope(t, alias, BedrockModelIds.scope(id, awsRegion, name(), alias)));
        return t.build();
      } catch (RuntimeException e) {
        model.close();
        throw e;
      }
    }

    private HttpUrl root() {
      if (endpointOverride == null) {
        return new HttpUrl.Builder().scheme("https").host(endpoint.host(awsRegion)).build();
      }
      HttpUrl parsed = HttpUrl.get(endpointOverride);
      if (parsed == null) {
        throw new IllegalArgumentException("endpointOverride " + endpointOverride + " is not an http(s) URL");
      }
      return parsed;
    }

    /** The credential: an explicit key or provider, else the environment's key, else the default chain. */
    private RequestAuth auth(List<SdkAutoCloseable> owned) {
      if (apiKey != null) {
        return new BedrockApiKeyAuth(apiKey);
      }
      AwsCredentialsProvider credentials = credentialsProvider;
      if (credentials == null) {
        String fromEnvironment = environment.apply(API_KEY_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
          return new BedrockApiKeyAuth(requireSecret(API_KEY_VARIABLE, fromEnvironment.strip()));
        }
        DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
        owned.add(chain);
        credentials = chain;
      }
      return new SigV4Auth(new SigV4Signer(PROVIDER, credentials, awsRegion, endpoint.signingName(), signingClock));
    }

    @Override
    public String toString() {
      return "BedrockOpenAi.Builder[" + name() + ", " + endpoint + ", " + api + ", region=" + awsRegion
          + ", models=" + models
          + ", auth=" + (apiKey != null ? "api-key ***" : credentialsProvider != null ? "sigv4" : "default") + "]";
    }
  }
}
