/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import dev.stateline.Capabilities;
import dev.stateline.Region;
import dev.stateline.Target;
import dev.stateline.aws.internal.AgentCorePayloads;
import dev.stateline.aws.internal.AgentCoreRuntimeModel;
import dev.stateline.aws.internal.AwsClients;
import dev.stateline.aws.internal.CallTimeoutsConnectionFactory;
import dev.stateline.aws.internal.CancellableHttpClient;
import dev.stateline.aws.internal.TransportLogs;
import dev.stateline.spi.ProviderTargetBuilder;
import dev.stateline.chat.Message;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.bedrockagentcore.BedrockAgentCoreClient;
import software.amazon.awssdk.services.bedrockagentcore.BedrockAgentCoreClientBuilder;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Amazon Bedrock AgentCore Runtime targets: agents you host on AgentCore Runtime, called with
 * {@code InvokeAgentRuntime}, behind Stateline's {@code Session} interface.
 *
 * <pre>{@code
 * Target agent = AgentCoreRuntime.target("agentcore-fra")
 *     .region("eu-central-1")
 *     .agent("support", "arn:aws:bedrock-agentcore:eu-central-1:123456789012:runtime/support_agent-XyZ1234567")
 *     .build();
 * StatelineClient client = StatelineClient.builder().target(agent).build();
 * Session session = client.session("case-4711", SessionOptions.builder().model("support").serverHeld(true).build());
 * session.send("My order has not arrived.");
 * }</pre>
 *
 * <p><b>Where the state lives.</b> The agent holds the conversation, per <i>runtime session</i>: the
 * first turn of a session gets a new runtime session id ({@code stateline-<uuid>}, 46 characters;
 * AgentCore wants at least 33), which comes back as the answer's {@code id()}. A server-held
 * Stateline session stores it as the turn's response id and sends it as
 * {@code previousResponseId} on the next turn, which this target turns into the
 * {@code X-Amzn-Bedrock-AgentCore-Runtime-Session-Id} header, so every turn reaches the same runtime
 * session (the same microVM while it lives). The session's history is still recorded in the
 * client's {@code SessionStore} (any store: in-memory, file, DynamoDB, AgentCore Memory), so
 * {@code session.history()} is complete from Stateline's side, and placement, affinity, retries,
 * timeouts and telemetry work as for every target. What Stateline cannot see is the agent's own
 * state: when AgentCore ends an idle runtime session (15 minutes by default, 8 hours at most), the
 * next turn with that id starts a fresh one and the agent forgets unless it keeps its memory
 * elsewhere (AgentCore Memory, say); Stateline is not told.
 *
 * <p><b>Payloads.</b> The agent decides its payload format; {@link PayloadCodec#standard()} sends
 * {@code {"prompt": <last user or tool text>, "messages": [{"role", "content", ...}]}} (on a
 * continued turn the messages are the system prompt and the new input only, on a first or replayed
 * turn the whole history) as {@code application/json}, and reads the answer's text from a JSON
 * string, from the first of {@code result, response, output, answer, text, content, message, delta,
 * data} that holds text (recursively, joining lists, so {@code {"result": {"role": "assistant",
 * "content": [{"text": "..."}]}}} works), or takes a non-JSON body as it is. Streamed turns ask for
 * {@code text/event-stream} and read each {@code data:} field the same way. Plug in your own
 * {@link PayloadCodec} for another contract.
 *
 * <p>The target is a {@link Target.Hosting#STATEFUL_RUNTIME} with server-held state, streaming, no
 * tool definitions, no JSON-schema output and no images (an agent takes its own tools). Its provider
 * is {@value Bedrock#PROVIDER}; errors map as for Bedrock ({@code ThrottlingException} is rate
 * limited, {@code ValidationException} an invalid request, ...).
 *
 * <p><b>IAM</b>: {@code bedrock-agentcore:InvokeAgentRuntime} on the runtime (and its endpoint, if a
 * qualifier is set).
 *
 * <p>This class is a static entry point; it holds no state.
 */
public final class AgentCoreRuntime {
  private static final Pattern ARN =
      Pattern.compile("arn:aws[a-z-]*:bedrock-agentcore:([a-z0-9-]+):(\\d{12}):runtime/[a-zA-Z][a-zA-Z0-9_]{0,99}-[a-zA-Z0-9]{10}");

  private AgentCoreRuntime() {}

  /** Starts an AgentCore Runtime target named {@code name} (unique within a client). */
  public static Builder target(String name) {
    return new Builder(name);
  }

  /**
   * How a turn becomes the agent's payload and the agent's answer becomes text. Implementations
   * must be thread-safe and must not log the content.
   */
  public interface PayloadCodec {

    /** The payload's content type; {@code application/json} for the standard codec. */
    String contentType();

    /**
     * The payload for one turn.
     *
     * @param messages what the turn sends: on a continued turn the system prompt (if any) and the new
     *     messages; on a first or replayed turn the whole history before them
     */
    byte[] encode(List<Message> messages);

    /** The answer's text from a whole (non-streamed) response body. */
    String answer(String contentType, byte[] body);

    /** The text in one server-sent event's {@code data} field (possibly empty). */
    String streamed(String data);

    /** The standard codec described on {@link AgentCoreRuntime}. */
    static PayloadCodec standard() {
      return AgentCorePayloads.STANDARD;
    }
  }

  /**
   * Builds an AgentCore Runtime {@link Target}. Not thread-safe; the built target is immutable and
   * thread-safe. A client the builder creates (url-connection-client, SDK retries off, each call's
   * connect and read timeouts on its connections below a 10 s connect and 30 min socket ceiling,
   * response bodies bounded by {@link #maxResponseBytes(long)}) is closed with the target's model; an
   * injected one is not. Price, bulkhead and response size limit are set as on every target
   * ({@link ProviderTargetBuilder}).
   */
  public static final class Builder extends ProviderTargetBuilder<Builder> {
    private final String name;
    private final Map<String, String> agents = new LinkedHashMap<>();
    private String awsRegion;
    private String qualifier;
    private String runtimeUserId;
    private AwsCredentialsProvider credentialsProvider;
    private URI endpointOverride;
    private BedrockAgentCoreClient client;
    private PayloadCodec codec = PayloadCodec.standard();

    private Builder(String name) {
      super(name);
      this.name = name;
    }

    /**
     * Serves the model alias {@code alias} with the agent runtime {@code agentRuntimeArn}
     * ({@code arn:aws:bedrock-agentcore:<region>:<account>:runtime/<id>}).
     *
     * @throws IllegalArgumentException if the alias is blank or the ARN is not a runtime ARN
     */
    public Builder agent(String alias, String agentRuntimeArn) {
      if (alias == null || alias.isBlank()) {
        throw new IllegalArgumentException("the agent's alias must be non-blank");
      }
      if (agentRuntimeArn == null || !ARN.matcher(agentRuntimeArn).matches()) {
        throw new IllegalArgumentException("'" + agentRuntimeArn + "' is not an AgentCore runtime ARN like"
            + " arn:aws:bedrock-agentcore:eu-central-1:123456789012:runtime/my_agent-AbCdE12345");
      }
      agents.put(alias, agentRuntimeArn);
      return this;
    }

    /** The AWS region, such as {@code eu-central-1}; every agent's ARN must be in it. */
    public Builder region(String awsRegion) {
      Objects.requireNonNull(awsRegion, "awsRegion");
      String r = awsRegion.trim().toLowerCase(Locale.ROOT);
      if (!r.matches("[a-z]{2,}(-[a-z0-9]+)+")) {
        throw new IllegalArgumentException("'" + awsRegion + "' is not an AWS region name like eu-central-1");
      }
      this.awsRegion = r;
      return this;
    }

    /**
     * The runtime endpoint to call (the {@code qualifier}); AgentCore's default endpoint if unset.
     *
     * @throws IllegalArgumentException if blank or not printable ASCII
     */
    public Builder qualifier(String qualifier) {
      this.qualifier = requireHeaderValue("qualifier", qualifier);
      return this;
    }

    /**
     * Sent as {@code X-Amzn-Bedrock-AgentCore-Runtime-User-Id} on every call, or nothing if null.
     *
     * @throws IllegalArgumentException if blank or not printable ASCII (a CR or LF would split the header)
     */
    public Builder runtimeUserId(String runtimeUserId) {
      this.runtimeUserId = requireHeaderValue("runtimeUserId", runtimeUserId);
      return this;
    }

    /** Where credentials come from for a client the builder creates; the SDK's default chain otherwise. */
    public Builder credentialsProvider(AwsCredentialsProvider credentialsProvider) {
      this.credentialsProvider = Objects.requireNonNull(credentialsProvider, "credentialsProvider");
      return this;
    }

    /** Sends calls to {@code endpoint} (a VPC endpoint, a proxy, an emulator) instead of the regional one. */
    public Builder endpointOverride(URI endpoint) {
      Objects.requireNonNull(endpoint, "endpoint");
      if (endpoint.getScheme() == null || !endpoint.getScheme().matches("(?i)https?") || endpoint.getHost() == null) {
        throw new IllegalArgumentException("endpointOverride must be an absolute http(s) URI, was " + endpoint);
      }
      this.endpointOverride = endpoint;
      return this;
    }

    /** Uses {@code client} instead of building one; it is not closed by Stateline and its retries are switched off per call. */
    public Builder client(BedrockAgentCoreClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** The payload format of the agents; {@link PayloadCodec#standard()} by default. */
    public Builder payloadCodec(PayloadCodec codec) {
      this.codec = Objects.requireNonNull(codec, "codec");
      return this;
    }

    /**
     * Builds the target.
     *
     * @throws IllegalStateException if no region is known or an agent's ARN is in another region
     * @throws IllegalArgumentException if no agent was added
     */
    @Override
    public Target build() {
      if (agents.isEmpty()) {
        throw new IllegalArgumentException("AgentCore Runtime target '" + name + "' serves no agent: add"
            + " agent(alias, agentRuntimeArn)");
      }
      String region = awsRegion;
      if (region == null && client != null) {
        region = client.serviceClientConfiguration().region().id();
      }
      if (region == null) {
        throw new IllegalStateException("AgentCore Runtime target '" + name + "' needs a region: call region(...)");
      }
      for (String arn : agents.values()) {
        Matcher m = ARN.matcher(arn);
        if (m.matches() && !m.group(1).equals(region)) {
          throw new IllegalStateException("agent " + arn + " runs in " + m.group(1) + ", not in the target's region "
              + region + "; residency rules rely on the region being true");
        }
      }
      if (client != null && !client.serviceClientConfiguration().region().id().equals(region)) {
        throw new IllegalStateException("the injected AgentCore client calls " + client.serviceClientConfiguration()
            .region().id() + ", not " + region);
      }
      List<SdkAutoCloseable> owned = new ArrayList<>();
      // The target's own scheduler: Stateline's deadline watch on response bodies, and the call
      // timeouts of a client built here (stopped at once on close).
      AwsClients.Scheduler scheduler = AwsClients.scheduler(name);
      owned.add(scheduler);
      BedrockAgentCoreClient c = client;
      TransportLogs.warnIfRequestHeadersAreLogged("AgentCore Runtime target '" + name + "'", c == null, false);
      if (c == null) {
        AwsCredentialsProvider credentials = credentialsProvider;
        if (credentials == null) {
          DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
          owned.add(chain);
          credentials = chain;
        }
        // Each connection gets its call's connect and read timeouts, below these ceilings.
        CancellableHttpClient http = new CancellableHttpClient(UrlConnectionHttpClient.create(
            new CallTimeoutsConnectionFactory(AwsClients.CONNECT_TIMEOUT, AwsClients.SOCKET_TIMEOUT)),
            maxResponseBytes());
        owned.add(http);
        BedrockAgentCoreClientBuilder b = BedrockAgentCoreClient.builder()
            .region(software.amazon.awssdk.regions.Region.of(region))
            .credentialsProvider(credentials)
            .httpClient(http)
            .overrideConfiguration(ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.doNotRetry()).scheduledExecutorService(scheduler).build());
        if (endpointOverride != null) {
          b.endpointOverride(endpointOverride);
        }
        c = b.build();
      }
      String description = "region=" + region + (endpointOverride == null ? "" : ", endpoint=" + endpointOverride)
          + (client != null ? ", injected client" : "");
      AgentCoreRuntimeModel model = new AgentCoreRuntimeModel(c, client != null, qualifier, runtimeUserId, codec,
          scheduler, owned, description);
      Target.Builder t = target(model, Bedrock.PROVIDER)
          .region(Region.aws(region))
          .hosting(Target.Hosting.STATEFUL_RUNTIME)
          .capabilities(Capabilities.builder().streaming(true).tools(false).jsonSchema(false).imageInput(false)
              .serverState(true).build());
      agents.forEach(t::model);
      try {
        return t.build();
      } catch (RuntimeException e) {
        model.close();
        throw e;
      }
    }
  }
}
