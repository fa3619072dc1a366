/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples;

import com.azure.identity.DefaultAzureCredentialBuilder;
import dev.stateline.Price;
import dev.stateline.Region;
import dev.stateline.Target;
import dev.stateline.aws.Bedrock;
import dev.stateline.aws.BedrockEndpoint;
import dev.stateline.aws.BedrockOpenAi;
import dev.stateline.aws.DynamoDbSessionStore;
import dev.stateline.azure.AzureDeploymentType;
import dev.stateline.azure.AzureOpenAi;
import dev.stateline.testing.emulators.EmulatedClouds;
import dev.stateline.openai.OpenAi;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.session.SessionStore;
import java.net.URI;
import java.time.Duration;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Which clouds the {@link Tour} reaches for real, read from an environment (a name-to-value lookup,
 * {@code System::getenv} in {@code main}); each cloud independently. A cloud whose settings are
 * absent or incomplete stays on its emulator, and {@link #azureStatus()} and friends say why.
 *
 * <ul>
 *   <li><b>Azure OpenAI</b> is live when {@code AZURE_OPENAI_ENDPOINT}, {@code AZURE_OPENAI_DEPLOYMENT}
 *       {@code AZURE_OPENAI_REGION} (an EU region: the tour runs under an EU residency policy) and
 *       {@code AZURE_OPENAI_DEPLOYMENT_TYPE} (the deployment's type, such as {@code Standard} or
 *       {@code DataZoneStandard}; a Global type is processed anywhere, so not under EU residency)
 *       are set; it authenticates with {@code AZURE_OPENAI_API_KEY}, else with Entra ID through
 *       {@code DefaultAzureCredential}. {@code AZURE_OPENAI_API_VERSION} is optional, and so is
 *       {@code AZURE_OPENAI_EMBEDDING_DEPLOYMENT} (an embedding deployment for the tour's embeddings).
 *   <li><b>AWS Bedrock</b> is live when {@code STATELINE_BEDROCK_MODEL} (a Bedrock model id) and
 *       {@code AWS_REGION} (or {@code AWS_DEFAULT_REGION}, an EU region) are set. Credentials are
 *       {@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY} / {@code AWS_SESSION_TOKEN} when set,
 *       else the SDK's default chain (profile, SSO, container, instance). {@code
 *       AWS_ENDPOINT_URL_BEDROCK_RUNTIME} (or {@code AWS_ENDPOINT_URL}) overrides the endpoint.
 *       With {@code STATELINE_DYNAMODB_TABLE} (and a region) sessions are kept in that DynamoDB table
 *       ({@code pk}/{@code sk} string keys; endpoint override {@code AWS_ENDPOINT_URL_DYNAMODB});
 *       otherwise in memory.
 *   <li><b>AWS's server-held state</b> (Bedrock's OpenAI-compatible Responses API) is live when
 *       {@code STATELINE_BEDROCK_OPENAI_MODEL} and the AWS region (an EU region) are set.
 *       {@code STATELINE_BEDROCK_OPENAI_ENDPOINT} is {@code runtime} (the default) or {@code mantle};
 *       a {@code us.} or {@code global.} inference profile is refused here, since it may process and
 *       store the conversation outside the EU (bedrock-mantle in an EU region keeps it there). It
 *       authenticates with {@code AWS_BEARER_TOKEN_BEDROCK} when set, else SigV4 with the AWS
 *       credentials above; {@code AWS_ENDPOINT_URL_BEDROCK_RUNTIME} / {@code
 *       AWS_ENDPOINT_URL_BEDROCK_MANTLE} override the endpoint.
 *   <li><b>OpenAI</b> is live when {@code OPENAI_API_KEY} is set; {@code OPENAI_BASE_URL} is optional.
 * </ul>
 *
 * <p>Secrets are read, passed to the providers and never printed: the status lines name endpoints,
 * regions and the kind of credential only. Not thread-safe (the tour uses it from one thread);
 * close it after the targets built from it. Not part of any published API.
 */
final class LiveClouds implements AutoCloseable {
  private final UnaryOperator<String> env;
  private final String azureReason;
  private final String awsReason;
  private final String responsesReason;
  private DefaultCredentialsProvider awsChain;   // made on first use, shared by Bedrock and DynamoDB

  private LiveClouds(UnaryOperator<String> env) {
    this.env = env;
    this.azureReason = azureMissing();
    this.awsReason = awsMissing();
    this.responsesReason = responsesMissing();
  }

  /** Reads the settings from {@code env}, which returns null for a variable that is not set. */
  static LiveClouds from(UnaryOperator<String> env) {
    return new LiveClouds(env);
  }

  /** No cloud is live: the offline tour. */
  static LiveClouds none() {
    return new LiveClouds(name -> null);
  }

  private String get(String name) {
    String v = env.apply(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  // ---------------------------------------------------------------- Azure

  private String azureMissing() {
    if (get("AZURE_OPENAI_ENDPOINT") == null) {
      return "AZURE_OPENAI_ENDPOINT not set";
    }
    if (get("AZURE_OPENAI_DEPLOYMENT") == null) {
      return "AZURE_OPENAI_ENDPOINT is set but AZURE_OPENAI_DEPLOYMENT is not";
    }
    String region = get("AZURE_OPENAI_REGION");
    if (region == null) {
      return "AZURE_OPENAI_REGION not set: the tour's EU residency rule needs the resource's region";
    }
    if (!Jurisdiction.EU.allows(Region.azure(region.toLowerCase(java.util.Locale.ROOT)))) {
      return "AZURE_OPENAI_REGION " + region + " is outside the EU, where this tour keeps its calls";
    }
    String type = get("AZURE_OPENAI_DEPLOYMENT_TYPE");
    if (type == null) {
      return "AZURE_OPENAI_DEPLOYMENT_TYPE not set: the tour's EU residency rule needs the deployment's type"
          + " (Standard, DataZoneStandard, ...)";
    }
    AzureDeploymentType t = deploymentType(type);
    if (t == null) {
      return "AZURE_OPENAI_DEPLOYMENT_TYPE " + type + " is not a deployment type such as Standard or DataZoneStandard";
    }
    if (t.processing() == AzureDeploymentType.Processing.GLOBAL) {
      return "AZURE_OPENAI_DEPLOYMENT_TYPE " + type + " may be processed anywhere, outside the EU";
    }
    return null;
  }

  /** The deployment type named by its SKU name ({@code DataZoneStandard}) or enum name, or null. */
  private static AzureDeploymentType deploymentType(String name) {
    for (AzureDeploymentType t : AzureDeploymentType.values()) {
      if (t.skuName().equalsIgnoreCase(name) || t.name().equalsIgnoreCase(name)) {
        return t;
      }
    }
    return null;
  }

  boolean azureLive() {
    return azureReason == null;
  }

  String azureStatus() {
    if (!azureLive()) {
      return "emulated (" + azureReason + ")";
    }
    return "live, " + get("AZURE_OPENAI_ENDPOINT") + " in " + get("AZURE_OPENAI_REGION") + ", deployment "
        + get("AZURE_OPENAI_DEPLOYMENT") + ", "
        + (get("AZURE_OPENAI_API_KEY") != null ? "api-key" : "Entra ID (DefaultAzureCredential)");
  }

  /** The live Azure target, serving {@code alias} on the configured deployment. */
  Target azureTarget(String name, String alias, Price price) {
    AzureOpenAi.TargetBuilder b = AzureOpenAi.target(name)
        .endpoint(get("AZURE_OPENAI_ENDPOINT"))
        .deployment(alias, get("AZURE_OPENAI_DEPLOYMENT"))
        .region(get("AZURE_OPENAI_REGION"))
        .deploymentType(deploymentType(get("AZURE_OPENAI_DEPLOYMENT_TYPE")))
        .price(price);
    String key = get("AZURE_OPENAI_API_KEY");
    if (key != null) {
      b.apiKey(key);
    } else {
      b.credential(new DefaultAzureCredentialBuilder().build());
    }
    String version = get("AZURE_OPENAI_API_VERSION");
    if (version != null) {
      b.apiVersion(version);
    }
    String embeddings = get("AZURE_OPENAI_EMBEDDING_DEPLOYMENT");
    if (embeddings != null) {
      b.embeddingDeployment(EmulatedClouds.EMBEDDING_ALIAS, embeddings);
    }
    Target t = b.build();
    return t.hosting() == Target.Hosting.UNSPECIFIED ? t.toBuilder().hosting(Target.Hosting.STATELESS_HOST).build() : t;
  }

  // ---------------------------------------------------------------- AWS

  private String awsRegion() {
    String r = get("AWS_REGION");
    return r != null ? r : get("AWS_DEFAULT_REGION");
  }

  private String awsMissing() {
    if (get("STATELINE_BEDROCK_MODEL") == null) {
      return "STATELINE_BEDROCK_MODEL not set";
    }
    String region = awsRegion();
    if (region == null) {
      return "STATELINE_BEDROCK_MODEL is set but AWS_REGION is not";
    }
    if (!Jurisdiction.EU.allows(Region.aws(region.toLowerCase(java.util.Locale.ROOT)))) {
      return "AWS_REGION " + region + " is outside the EU, where this tour keeps its calls";
    }
    return null;
  }

  boolean awsLive() {
    return awsReason == null;
  }

  String awsStatus() {
    if (!awsLive()) {
      return "emulated (" + awsReason + ")";
    }
    URI endpoint = endpoint("AWS_ENDPOINT_URL_BEDROCK_RUNTIME");
    return "live, " + (endpoint != null ? endpoint.toString() : "bedrock-runtime." + awsRegion() + ".amazonaws.com")
        + " in " + awsRegion() + ", model " + get("STATELINE_BEDROCK_MODEL") + ", credentials from "
        + (get("AWS_ACCESS_KEY_ID") != null ? "AWS_ACCESS_KEY_ID" : "the SDK's default chain");
  }

  /** The live Bedrock target, serving {@code alias} on {@code STATELINE_BEDROCK_MODEL}. */
  Target bedrockTarget(String name, String alias, Price price) {
    Bedrock.Builder b = Bedrock.target(name)
        .region(awsRegion())
        .model(alias, get("STATELINE_BEDROCK_MODEL"))
        .credentialsProvider(awsCredentials())
        .price(price);
    URI endpoint = endpoint("AWS_ENDPOINT_URL_BEDROCK_RUNTIME");
    if (endpoint != null) {
      b.endpointOverride(endpoint);
    }
    return b.build();
  }

  private AwsCredentialsProvider awsCredentials() {
    String id = get("AWS_ACCESS_KEY_ID");
    String secret = get("AWS_SECRET_ACCESS_KEY");
    if (id == null || secret == null) {
      if (awsChain == null) {
        awsChain = DefaultCredentialsProvider.builder().build();
      }
      return awsChain;
    }
    String token = get("AWS_SESSION_TOKEN");
    return StaticCredentialsProvider.create(token != null
        ? AwsSessionCredentials.create(id, secret, token) : AwsBasicCredentials.create(id, secret));
  }

  /** The service-specific endpoint variable, else {@code AWS_ENDPOINT_URL}, as the AWS SDKs read them. */
  private URI endpoint(String serviceVariable) {
    String v = get(serviceVariable);
    if (v == null) {
      v = get("AWS_ENDPOINT_URL");
    }
    return v == null ? null : URI.create(v);
  }

  // ---------------------------------------------------------------- AWS, server-held (Responses API)

  private BedrockEndpoint responsesEndpoint() {
    String e = get("STATELINE_BEDROCK_OPENAI_ENDPOINT");
    return e != null && e.equalsIgnoreCase("mantle") ? BedrockEndpoint.MANTLE : BedrockEndpoint.RUNTIME;
  }

  private String responsesMissing() {
    String model = get("STATELINE_BEDROCK_OPENAI_MODEL");
    if (model == null) {
      return "STATELINE_BEDROCK_OPENAI_MODEL not set";
    }
    String region = awsRegion();
    if (region == null) {
      return "STATELINE_BEDROCK_OPENAI_MODEL is set but AWS_REGION is not";
    }
    if (!Jurisdiction.EU.allows(Region.aws(region.toLowerCase(java.util.Locale.ROOT)))) {
      return "AWS_REGION " + region + " is outside the EU, where this tour keeps its calls";
    }
    String e = get("STATELINE_BEDROCK_OPENAI_ENDPOINT");
    if (e != null && !e.equalsIgnoreCase("runtime") && !e.equalsIgnoreCase("mantle")) {
      return "STATELINE_BEDROCK_OPENAI_ENDPOINT must be runtime or mantle, was " + e;
    }
    if (model.startsWith("us.") || model.startsWith("global.") || model.startsWith("apac.")) {
      return "inference profile " + model + " may process and store the conversation outside the EU;"
          + " use bedrock-mantle (STATELINE_BEDROCK_OPENAI_ENDPOINT=mantle) in an EU region";
    }
    return null;
  }

  boolean responsesLive() {
    return responsesReason == null;
  }

  String responsesStatus() {
    if (!responsesLive()) {
      return "emulated (" + responsesReason + ")";
    }
    BedrockEndpoint endpoint = responsesEndpoint();
    URI override = responsesOverride(endpoint);
    return "live, " + (override != null ? override.toString() : endpoint.host(awsRegion())) + " in " + awsRegion()
        + ", model " + get("STATELINE_BEDROCK_OPENAI_MODEL") + ", "
        + (get("AWS_BEARER_TOKEN_BEDROCK") != null ? "Bedrock API key (AWS_BEARER_TOKEN_BEDROCK)"
            : "SigV4 from " + (get("AWS_ACCESS_KEY_ID") != null ? "AWS_ACCESS_KEY_ID" : "the SDK's default chain"));
  }

  private URI responsesOverride(BedrockEndpoint endpoint) {
    return endpoint == BedrockEndpoint.MANTLE ? endpoint("AWS_ENDPOINT_URL_BEDROCK_MANTLE")
        : endpoint("AWS_ENDPOINT_URL_BEDROCK_RUNTIME");
  }

  /**
   * The live target on Bedrock's OpenAI-compatible Responses API, serving {@code alias} on
   * {@code STATELINE_BEDROCK_OPENAI_MODEL}: conversations held server-side, in the region.
   */
  Target responsesTarget(String name, String alias, Price price) {
    BedrockEndpoint endpoint = responsesEndpoint();
    BedrockOpenAi.Builder b = BedrockOpenAi.target(name)
        .endpoint(endpoint)
        .region(awsRegion())
        .model(alias, get("STATELINE_BEDROCK_OPENAI_MODEL"))
        .price(price);
    String key = get("AWS_BEARER_TOKEN_BEDROCK");
    if (key != null) {
      b.apiKey(key);
    } else {
      b.credentialsProvider(awsCredentials());
    }
    URI override = responsesOverride(endpoint);
    if (override != null) {
      b.endpointOverride(override);
    }
    return b.build();
  }

  /** Whether sessions go to a DynamoDB table: {@code STATELINE_DYNAMODB_TABLE} and a region are set. */
  boolean dynamoDbSessions() {
    return get("STATELINE_DYNAMODB_TABLE") != null && awsRegion() != null;
  }

  String sessionStatus() {
    return dynamoDbSessions()
        ? "DynamoDB table " + get("STATELINE_DYNAMODB_TABLE") + " in " + awsRegion()
        : "in memory (set STATELINE_DYNAMODB_TABLE for a DynamoDB table)";
  }

  /** A DynamoDB client for the session table; the caller closes it. */
  DynamoDbClient dynamoDbClient() {
    DynamoDbClientBuilder b = DynamoDbClient.builder()
        .region(software.amazon.awssdk.regions.Region.of(awsRegion()))
        .credentialsProvider(awsCredentials())
        .httpClientBuilder(UrlConnectionHttpClient.builder());
    URI endpoint = endpoint("AWS_ENDPOINT_URL_DYNAMODB");
    if (endpoint != null) {
      b.endpointOverride(endpoint);
    }
    return b.build();
  }

  /** The session store on {@code dynamo}: sessions expire after a day, the tour's are throwaway. */
  SessionStore dynamoDbStore(DynamoDbClient dynamo) {
    return DynamoDbSessionStore.builder(dynamo, get("STATELINE_DYNAMODB_TABLE")).ttl(Duration.ofDays(1)).build();
  }

  // ---------------------------------------------------------------- OpenAI

  boolean openAiLive() {
    return get("OPENAI_API_KEY") != null;
  }

  String openAiStatus() {
    return openAiLive()
        ? "live, " + openAiBaseUrl()
        : "emulated (OPENAI_API_KEY not set)";
  }

  private String openAiBaseUrl() {
    String url = get("OPENAI_BASE_URL");
    return url != null ? url : "https://api.openai.com/v1/";
  }

  /** The live OpenAI target (no declared region: residency rules exclude it, as the tour shows). */
  Target openAiTarget(String name, String alias) {
    return OpenAi.target(name).apiKey(get("OPENAI_API_KEY")).baseUrl(openAiBaseUrl()).model(alias).build();
  }

  boolean anyLive() {
    return azureLive() || awsLive() || responsesLive() || openAiLive();
  }

  /** Closes the AWS default credential chain, if one was made (Stateline does not close it). */
  @Override
  public void close() {
    if (awsChain != null) {
      awsChain.close();
    }
  }
}
