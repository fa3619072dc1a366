/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import dev.stateline.Capabilities;
import dev.stateline.Region;
import dev.stateline.Target;
import dev.stateline.aws.internal.AwsClients;
import dev.stateline.aws.internal.BedrockChatModel;
import dev.stateline.aws.internal.BedrockEmbeddings;
import dev.stateline.aws.internal.BedrockErrors;
import dev.stateline.aws.internal.BedrockModelIds;
import dev.stateline.aws.internal.CallTimeoutsConnectionFactory;
import dev.stateline.aws.internal.CancellableHttpClient;
import dev.stateline.aws.internal.RequestSent;
import dev.stateline.aws.internal.ResponseSizeLimit;
import dev.stateline.aws.internal.TransportLogs;
import dev.stateline.spi.ProviderTargetBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientAsyncConfiguration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedAsyncClientOption;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.ProtocolNegotiation;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClientBuilder;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClientBuilder;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Amazon Bedrock targets: models on Bedrock's Converse API, called through the AWS SDK for Java v2.
 *
 * <pre>{@code
 * Target fra = Bedrock.target("aws-fra")
 *     .region("eu-central-1")
 *     .model("gpt-oss", "openai.gpt-oss-120b-1:0")
 *     .build();
 * }</pre>
 *
 * <p>The target's provider is {@value #PROVIDER} and its {@link Region} is
 * {@code Region.aws(awsRegion)}, which placement uses for residency rules. Non-streamed calls use
 * {@code Converse} on a {@link BedrockRuntimeClient} (JDK {@code HttpURLConnection} transport);
 * streamed calls use {@code ConverseStream} on a {@link BedrockRuntimeAsyncClient} (Netty). Requests
 * are signed with SigV4 by the SDK from the credentials provider, which defaults to the SDK's
 * {@link DefaultCredentialsProvider} chain (environment, system properties, web identity, SSO,
 * profile, container and instance credentials).
 *
 * <p>This class is a static entry point; it holds no state.
 */
public final class Bedrock {

  /** The provider name on targets, responses and errors, as OpenTelemetry names AWS Bedrock. */
  public static final String PROVIDER = BedrockErrors.PROVIDER;

  /** Connect timeout of the HTTP clients Stateline builds. */
  static final Duration CONNECT_TIMEOUT = AwsClients.CONNECT_TIMEOUT;

  /**
   * Socket read timeout of the HTTP clients Stateline builds: a ceiling only. Each call's own read
   * and total timeouts are enforced per call, below it.
   */
  static final Duration SOCKET_TIMEOUT = AwsClients.SOCKET_TIMEOUT;

  /**
   * Concurrent streams (HTTP/1.1 connections, or HTTP/2 streams) the async client Stateline builds
   * allows when the target has no {@code maxConcurrentCalls}; with one, it allows that many.
   */
  static final int DEFAULT_MAX_STREAMS = 256;

  private Bedrock() {}

  /**
   * Starts a Bedrock target named {@code name} (unique within a client, such as {@code aws-fra}).
   */
  public static Builder target(String name) {
    return new Builder(name);
  }

  /**
   * Builds a Bedrock {@link Target}. Not thread-safe; the built target is immutable and
   * thread-safe.
   *
   * <p>A region is required: set {@link #region(String)}, or inject clients, whose region is then
   * used. Clients that the builder creates are closed when the target's model is closed (which the
   * {@code StatelineClient} does on {@code close()}); injected clients are left open for their
   * owner. Price, bulkhead and response size limit are set as on every target
   * ({@link ProviderTargetBuilder}).
   */
  public static final class Builder extends ProviderTargetBuilder<Builder> {
    private final String name;
    private final Map<String, String> models = new LinkedHashMap<>();
    private final Map<String, String> embeddings = new LinkedHashMap<>();
    private String awsRegion;
    private AwsCredentialsProvider credentialsProvider;
    private URI endpointOverride;
    private BedrockRuntimeClient client;
    private BedrockRuntimeAsyncClient asyncClient;

    private Builder(String name) {
      super(name);
      this.name = name;
    }

    /**
     * Serves the model alias {@code alias} with the Bedrock model id (or inference profile id or
     * ARN) {@code modelId}, for example {@code model("gpt-oss", "openai.gpt-oss-120b-1:0")}.
     *
     * @throws IllegalArgumentException if either is blank
     */
    public Builder model(String alias, String modelId) {
      if (alias == null || alias.isBlank() || modelId == null || modelId.isBlank()) {
        throw new IllegalArgumentException("model alias and Bedrock model id must be non-blank");
      }
      models.put(alias, modelId);
      return this;
    }

    /**
     * Embeds the alias {@code alias} with the Bedrock embedding model {@code modelId} through
     * InvokeModel: Amazon Titan Text Embeddings V2 ({@code amazon.titan-embed-text-v2:0}, one text
     * per request, dimensions 1024, 512 or 256), Titan Embeddings G1 - Text
     * ({@code amazon.titan-embed-text-v1}) or Cohere Embed v3 ({@code cohere.embed-english-v3},
     * {@code cohere.embed-multilingual-v3}, 96 texts per request, as {@code search_document}).
     *
     * @throws IllegalArgumentException if either is blank
     * @throws dev.stateline.error.InvalidRequestException if the model is none of those
     */
    public Builder embeds(String alias, String modelId) {
      if (alias == null || alias.isBlank() || modelId == null || modelId.isBlank()) {
        throw new IllegalArgumentException("embedding alias and Bedrock model id must be non-blank");
      }
      BedrockEmbeddings.of(modelId);
      embeddings.put(alias, modelId);
      return this;
    }

    /**
     * The AWS region, such as {@code eu-central-1}; also the target's {@link Region}.
     *
     * @throws IllegalArgumentException if it is not an AWS region name (letters, digits, dashes)
     */
    public Builder region(String awsRegion) {
      Objects.requireNonNull(awsRegion, "awsRegion");
      String r = awsRegion.trim().toLowerCase(Locale.ROOT);
      if (!r.matches("[a-z]{2,}(-[a-z0-9]+)+")) {
        throw new IllegalArgumentException("'" + awsRegion
            + "' is not an AWS region name like eu-central-1");
      }
      this.awsRegion = r;
      return this;
    }

    /**
     * Where the credentials come from; defaults to the SDK's default chain. Used only for clients
     * the builder creates. The provider is not closed by Stateline.
     */
    public Builder credentialsProvider(AwsCredentialsProvider credentialsProvider) {
      this.credentialsProvider = Objects.requireNonNull(credentialsProvider, "credentialsProvider");
      return this;
    }

    /**
     * The most calls in flight on this target at once (a bulkhead); 0, the default, means no limit.
     * It also sizes the streaming HTTP client Stateline builds: that many concurrent streams, or 256
     * without a limit.
     *
     * @throws IllegalArgumentException if negative
     */
    @Override
    public Builder maxConcurrentCalls(int maxConcurrentCalls) {
      return super.maxConcurrentCalls(maxConcurrentCalls);
    }

    /**
     * Sends calls to {@code endpoint} instead of the regional Bedrock runtime endpoint: a VPC
     * interface endpoint, a proxy, or an emulator. Used only for clients the builder creates.
     *
     * @throws IllegalArgumentException if it is not an absolute http(s) URI
     */
    public Builder endpointOverride(URI endpoint) {
      Objects.requireNonNull(endpoint, "endpoint");
      String scheme = endpoint.getScheme();
      if (scheme == null || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))
          || endpoint.getHost() == null) {
        throw new IllegalArgumentException("endpointOverride must be an absolute http(s) URI, was " + endpoint);
      }
      this.endpointOverride = endpoint;
      return this;
    }

    /**
     * Uses {@code client} for non-streamed calls instead of building one. Stateline does not close
     * it, and switches its SDK retries off per request (Stateline retries).
     */
    public Builder client(BedrockRuntimeClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Uses {@code asyncClient} for streamed calls instead of building one. Stateline does not close
     * it, and switches its SDK retries off per request (Stateline retries).
     */
    public Builder asyncClient(BedrockRuntimeAsyncClient asyncClient) {
      this.asyncClient = Objects.requireNonNull(asyncClient, "asyncClient");
      return this;
    }

    /**
     * The largest response body the target reads, whole or streamed; 16 MiB by default. A larger
     * one fails the call with a {@code ProtocolException} (not retried) instead of filling the heap.
     * Applies to the HTTP clients Stateline builds, not to injected ones.
     *
     * @throws IllegalArgumentException if below 1024
     */
    @Override
    public Builder maxResponseBytes(long maxResponseBytes) {
      return super.maxResponseBytes(maxResponseBytes);
    }

    /**
     * Builds the target, creating the SDK clients that were not injected.
     *
     * @throws IllegalStateException if no region is known, or an injected client is in another
     *     region than {@link #region(String)} says
     * @throws IllegalArgumentException if the target name is invalid or no model was added
     */
    @Override
    public Target build() {
      String region = resolveRegion();
      if (models.isEmpty() && embeddings.isEmpty()) {
        throw new IllegalArgumentException("Bedrock target '" + name
            + "' serves no model: add model(alias, modelId), e.g. model(\"gpt-oss\", \"openai.gpt-oss-120b-1:0\")");
      }
      List<SdkAutoCloseable> owned = new ArrayList<>();
      AwsCredentialsProvider credentials = credentialsProvider;
      if (credentials == null && (client == null || asyncClient == null)) {
        DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
        owned.add(chain);
        credentials = chain;
      }
      software.amazon.awssdk.regions.Region sdkRegion = software.amazon.awssdk.regions.Region.of(region);
      long maxResponseBytes = maxResponseBytes();
      int maxConcurrentCalls = maxConcurrentCalls();
      // The SDK clients Stateline builds run their call timeouts on the target's own scheduler, which
      // close() stops at once (the SDK's own would outlive close() while a call's timeout is pending).
      AwsClients.Scheduler scheduler = client != null && asyncClient != null ? null : AwsClients.scheduler(name);
      if (scheduler != null) {
        owned.add(scheduler);
      }
      RequestSent sent = new RequestSent();
      ClientOverrideConfiguration noRetries = ClientOverrideConfiguration.builder()
          .retryStrategy(AwsRetryStrategy.doNotRetry())
          .scheduledExecutorService(scheduler)
          .build();
      TransportLogs.warnIfRequestHeadersAreLogged("Bedrock target '" + name + "'", client == null, asyncClient == null);

      BedrockRuntimeClient sync = client;
      BedrockRuntimeAsyncClient async = asyncClient;
      try {
        if (sync == null) {
          // A client passed as an instance is not closed by the SDK: it is ours to close.
          // Each connection gets its call's connect and read timeouts, below these ceilings.
          CancellableHttpClient http = new CancellableHttpClient(UrlConnectionHttpClient.create(
              new CallTimeoutsConnectionFactory(CONNECT_TIMEOUT, SOCKET_TIMEOUT)), maxResponseBytes);
          owned.add(http);
          BedrockRuntimeClientBuilder b = BedrockRuntimeClient.builder()
              .region(sdkRegion)
              .credentialsProvider(credentials)
              .overrideConfiguration(noRetries)
              .httpClient(http);
          if (endpointOverride != null) {
            b.endpointOverride(endpointOverride);
          }
          sync = b.build();
        }
        if (async == null) {
          // Our own event loop group, shut down without Netty's default 2 s quiet period: the HTTP
          // client is closed first, so no work can still arrive, and close() should not stall.
          SdkEventLoopGroup group = SdkEventLoopGroup.builder().build();
          owned.add(() -> group.eventLoopGroup().shutdownGracefully(0, 5, TimeUnit.SECONDS));
          // Room for as many streams as the target's bulkhead admits (the SDK's default of 50, with
          // a 10 s wait for a free one, failed streams under a few hundred concurrent callers).
          NettyNioAsyncHttpClient.Builder http = NettyNioAsyncHttpClient.builder()
              .eventLoopGroup(group)
              .maxConcurrency(maxConcurrentCalls > 0 ? maxConcurrentCalls : DEFAULT_MAX_STREAMS)
              .connectionTimeout(CONNECT_TIMEOUT)
              .readTimeout(SOCKET_TIMEOUT);
          if (endpointOverride != null && "http".equalsIgnoreCase(endpointOverride.getScheme())) {
            // Bedrock's default is HTTP/2 negotiated by ALPN, which needs TLS; plain-text endpoints
            // (emulators, local proxies) speak HTTP/1.1.
            http.protocol(Protocol.HTTP1_1);
          } else {
            // What the SDK's Bedrock Runtime defaults would set on a client it built itself.
            http.protocol(Protocol.HTTP2).protocolNegotiation(ProtocolNegotiation.ALPN);
          }
          // Built here (not by the SDK) to bound its response bodies; closed before its event loops.
          SdkAsyncHttpClient limited = ResponseSizeLimit.limit(http.build(), maxResponseBytes, sent);
          owned.add(owned.size() - 1, limited);
          // The stream's futures complete on the I/O thread that has the answer: Stateline's callbacks
          // on them only hand over to the stream's queue (never block), and the SDK's default, a
          // hop to its own thread pool per completion, cost every stream a thread wake-up.
          BedrockRuntimeAsyncClientBuilder b = BedrockRuntimeAsyncClient.builder()
              .region(sdkRegion)
              .credentialsProvider(credentials)
              .overrideConfiguration(noRetries.toBuilder().addExecutionInterceptor(sent).build())
              .asyncConfiguration(ClientAsyncConfiguration.builder()
                  .advancedOption(SdkAdvancedAsyncClientOption.FUTURE_COMPLETION_EXECUTOR, Runnable::run)
                  .build())
              .httpClient(limited);
          if (endpointOverride != null) {
            b.endpointOverride(endpointOverride);
          }
          async = b.build();
        }
      } catch (RuntimeException e) {
        if (sync != null && client == null) {
          sync.close();
        }
        owned.forEach(SdkAutoCloseable::close);
        throw e;
      }

      String description = "region=" + region
          + (endpointOverride == null ? "" : ", endpoint=" + endpointOverride)
          + (client != null || asyncClient != null ? ", injected clients" : "");
      BedrockChatModel model = new BedrockChatModel(sync, client != null, async, asyncClient != null,
          owned, description);
      // Bedrock targets are the stateful runtime: session turns are placed here by the standard policy.
      // Converse holds no conversation state itself (serverState false); JSON schema is emulated.
      Target.Builder t = target(model, PROVIDER)
          .region(Region.aws(region))
          .hosting(Target.Hosting.STATEFUL_RUNTIME)
          .capabilities(Capabilities.all().toBuilder().serverState(false).build());
      if (endpointOverride != null) {
        t.serverAddress(endpointOverride.getHost(),
            endpointOverride.getPort() > 0 ? endpointOverride.getPort()
                : "http".equalsIgnoreCase(endpointOverride.getScheme()) ? 80 : 443);
      } else {
        // The regional Bedrock runtime endpoint the SDK resolves for this region.
        t.serverAddress("bedrock-runtime." + region + ".amazonaws.com", 443);
      }
      models.forEach(t::model);
      models.forEach((alias, id) -> derivedScope(t, alias, BedrockModelIds.scope(id, region, name(), alias)));
      if (!embeddings.isEmpty()) {
        t.embeddingModel(model);
        embeddings.forEach(t::embeds);
      }
      try {
        return t.build();
      } catch (RuntimeException e) {
        model.close();
        throw e;
      }
    }

    private String resolveRegion() {
      String fromClients = null;
      for (Object c : new Object[] {client, asyncClient}) {
        software.amazon.awssdk.regions.Region r = null;
        if (c instanceof BedrockRuntimeClient s) {
          r = s.serviceClientConfiguration().region();
        } else if (c instanceof BedrockRuntimeAsyncClient a) {
          r = a.serviceClientConfiguration().region();
        }
        if (r == null) {
          continue;
        }
        if (fromClients != null && !fromClients.equals(r.id())) {
          throw new IllegalStateException("the injected Bedrock clients are in different regions ("
              + fromClients + ", " + r.id() + ")");
        }
        fromClients = r.id();
      }
      if (awsRegion != null && fromClients != null && !awsRegion.equals(fromClients)) {
        throw new IllegalStateException("Bedrock target '" + name + "' is declared in region " + awsRegion
            + " but its injected client calls " + fromClients + "; residency rules rely on the region being true");
      }
      String region = awsRegion != null ? awsRegion : fromClients;
      if (region == null) {
        throw new IllegalStateException("Bedrock target '" + name
            + "' needs a region: call region(\"eu-central-1\") (or inject a client with one)");
      }
      return region;
    }
  }
}
