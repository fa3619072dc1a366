/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import dev.stateline.Capabilities;
import dev.stateline.Region;
import dev.stateline.Target;
import dev.stateline.aws.internal.BedrockApiKeyAuth;
import dev.stateline.aws.internal.ManagedAgentHttp;
import dev.stateline.aws.internal.ManagedAgentModel;
import dev.stateline.aws.internal.SigV4Auth;
import dev.stateline.aws.internal.SigV4Signer;
import dev.stateline.openai.wire.OkHttpTargetBuilder;
import dev.stateline.openai.wire.RequestAuth;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Targets on Amazon Bedrock Managed Agents, powered by OpenAI (public preview): the service runs the
 * agent loop and model inference and keeps each agent session's conversation; the tools run in an
 * execution environment you provide (your own host running {@code codex exec-server}, or an Amazon
 * Bedrock AgentCore Runtime). A session of the client whose alias such a target serves is the
 * agent's session ({@link ManagedAgentSession}).
 *
 * <pre>{@code
 * Target agents = BedrockManagedAgent.target("aws-agents")
 *     .region("us-east-1")
 *     .roleArn("arn:aws:iam::123456789012:role/BedrockManagedAgentsPreviewInferenceServiceRole")
 *     .agent("support", BedrockManagedAgent.Agent.builder("support")
 *         .model("openai.gpt-5.6-luna")
 *         .instructions("Use the workspace tools to answer.")
 *         .environment(BedrockManagedAgent.Environment.agentCore(
 *             "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/support_tools-AbCdE12345",
 *             "/mnt/workspace", "/mnt/workspace/skills"))
 *         .build())
 *     .build();                                   // SigV4 (bedrock-mantle) from the default chain
 * StatelineClient client = StatelineClient.builder().target(agents).placement(PlacementPolicy.standard()).build();
 * try (Session session = client.session("case-4711", SessionOptions.builder().model("support").build())) {
 *   session.send("Find the contract for case 4711 and summarise clause 7.");
 * }
 * }</pre>
 *
 * <p><b>Wire.</b> The regional {@code bedrock-mantle} endpoint ({@code https://bedrock-mantle.{region}.api.aws}),
 * under {@code /openai/v1/agents/sessions}: create, get, list and delete sessions; {@code POST
 * .../{id}/events} to submit a message or cancel the current turn; {@code GET .../{id}/events?stream=true}
 * as {@code text/event-stream}; {@code GET .../{id}/items} (paginated) for the durable conversation.
 * Every request is signed with AWS SigV4 by the AWS SDK's signer for signing name
 * {@value #SIGNING_NAME} and the target's Region, credentials resolved per request (the session
 * token of temporary credentials included), or carries a Bedrock API key as {@code Authorization:
 * Bearer} when one is given.
 *
 * <p><b>A turn</b> is one stateful call through the client's pipeline, so placement, residency,
 * budgets, circuit breakers, telemetry ({@code invoke_agent}), cost and audit apply to it. Its first
 * turn creates the agent session (without input), then every turn opens the event stream, submits
 * the message and reads the turn's events to its end ({@code agent.session.turn.completed},
 * {@code .failed} or {@code .cancelled}). Text arrives as {@code TextDelta}s, reasoning summaries
 * as {@code ReasoningDelta}s, the commands and MCP calls the agent runs as {@code ToolActivity}
 * events; the turn's usage, when reported, prices it.
 *
 * <p><b>Never a turn twice.</b> Submitting a message is not idempotent. When the answer to the
 * submission is lost (a reset connection, a timeout, a 5xx), the target checks the session's items
 * and status before anything else: if the message arrived, the turn is followed to its end; only if
 * it did not is the attempt failed as retryable, and retried. Once a turn is accepted no failure is
 * retryable: a broken event stream is followed up by polling the session and reading its items, and
 * a turn that failed on the agent's side is a {@link dev.stateline.error.AgentTurnFailedException}.
 *
 * <p><b>Placement.</b> The target is a {@link Target.Hosting#STATEFUL_RUNTIME} on AWS in its Region,
 * which is also where every call is processed: the preview supports no cross-Region inference
 * profiles (the builder refuses one) and an AgentCore environment's Runtime must be in the same
 * Region. An agent session never moves: its turns are pinned to the target that created it, and a
 * turn that cannot reach it fails with a {@link dev.stateline.error.AgentUnreachableException}.
 * Use a placement policy that honours affinity, such as {@code PlacementPolicy.standard()}.
 *
 * <p><b>IAM.</b> The caller: {@code bedrock-mantle:CreateAgentSession}, {@code GetAgentSession},
 * {@code ListAgentSessions}, {@code CreateAgentSessionEvent}, {@code ListAgentSessionEvents},
 * {@code ListAgentSessionItems}, {@code DeleteAgentSession}, and {@code iam:PassRole} on the
 * session role with {@code iam:PassedToService} {@code bedrock-mantle.amazonaws.com}. The session
 * role ({@link Builder#roleArn}, same account) trusts {@code bedrock-mantle.amazonaws.com} and may
 * {@code bedrock-mantle:CreateInference} for the agent's model; for an AgentCore environment also
 * {@code bedrock-agentcore:InvokeAgentRuntime} and {@code StopRuntimeSession} on the Runtime. See
 * docs/agents.md.
 *
 * <p>This class is a static entry point; it holds no state.
 */
public final class BedrockManagedAgent {
  /** The provider name on targets, answers and errors. */
  public static final String PROVIDER = Bedrock.PROVIDER;
  /** The SigV4 signing name (service) of Bedrock Managed Agents: {@value}. */
  public static final String SIGNING_NAME = "bedrock-mantle";
  /** The Regions the preview is offered in, as the user guide's "Regional endpoints" lists them. */
  public static final List<String> PREVIEW_REGIONS = List.of("us-east-1", "us-west-2", "us-east-2");
  /**
   * The prefix of the provider model names of agent targets: an alias maps to
   * {@code bedrock-managed-agent:<agent name>:<model id>}, which is what placement, telemetry
   * ({@code invoke_agent <agent name>}) and audit show.
   */
  public static final String PROVIDER_MODEL_PREFIX = "bedrock-managed-agent:";

  private static final Pattern REGION = Pattern.compile("[a-z]{2,}(-[a-z0-9]+)+");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
  private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):role/[\\w+=,.@/-]{1,512}");
  private static final Pattern RUNTIME_ARN =
      Pattern.compile("arn:aws[a-z-]*:bedrock-agentcore:([a-z0-9-]+):(\\d{12}):runtime/[A-Za-z0-9_-]{1,128}");
  private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");
  private static final Set<String> GEOGRAPHIES = Set.of("us", "us-gov", "eu", "apac", "global", "jp", "au", "ca");
  private static final int MAX_CAPABILITY_DIRECTORIES = 32;

  private BedrockManagedAgent() {}

  /** Starts a target named {@code name} (unique within a client, such as {@code aws-agents}). */
  public static Builder target(String name) {
    return new Builder(name);
  }

  /**
   * What an agent is: its model, instructions, tools and execution environment, and the IAM role
   * the service assumes for its sessions. Every session created for it starts from this
   * definition. Immutable; {@code toString()} shows no instructions.
   */
  public static final class Agent {
    private final String name;
    private final String model;
    private final String instructions;
    private final Environment environment;
    private final List<McpServer> tools;
    private final String roleArn;

    private Agent(Builder b) {
      if (b.model == null) {
        throw new IllegalArgumentException("agent '" + name(b) + "' needs a model: model(\"openai.gpt-5.6-luna\"),"
            + " a Bedrock Managed Agents model available in the Region and account");
      }
      if (b.environment == null) {
        throw new IllegalArgumentException("agent '" + name(b) + "' needs an execution environment:"
            + " environment(Environment.selfHosted(...)) or environment(Environment.agentCore(...))");
      }
      Set<String> labels = new LinkedHashSet<>();
      for (McpServer s : b.tools) {
        if (!labels.add(s.label())) {
          throw new IllegalArgumentException("agent '" + name(b) + "' has two MCP servers labelled '" + s.label()
              + "'; labels must be unique");
        }
      }
      this.name = b.name;
      this.model = b.model;
      this.instructions = b.instructions;
      this.environment = b.environment;
      this.tools = List.copyOf(b.tools);
      this.roleArn = b.roleArn;
    }

    private static String name(Builder b) {
      return b.name;
    }

    /**
     * A builder for the agent named {@code name}: letters, digits, {@code _} and {@code -}, up to 64,
     * as telemetry's {@code gen_ai.agent.name}.
     *
     * @throws IllegalArgumentException if the name is malformed
     */
    public static Builder builder(String name) {
      if (name == null || !NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("agent name '" + name + "' must be 1-64 letters, digits, '_' or '-',"
            + " starting with a letter or digit");
      }
      return new Builder(name);
    }

    public Builder toBuilder() {
      Builder b = new Builder(name).model(model).instructions(instructions).environment(environment);
      if (roleArn != null) {
        b.roleArn(roleArn);
      }
      tools.forEach(b::tool);
      return b;
    }

    public String name() {
      return name;
    }

    /** The Bedrock Managed Agents model id, such as {@code openai.gpt-5.6-luna}. */
    public String model() {
      return model;
    }

    /** The instructions, or null. */
    public String instructions() {
      return instructions;
    }

    public Environment environment() {
      return environment;
    }

    /** The MCP servers the agent may use, in the order added. */
    public List<McpServer> tools() {
      return tools;
    }

    /** This agent's session role, or null for the target's. */
    public String roleArn() {
      return roleArn;
    }

    /** The provider model name an alias of this agent maps to: {@code bedrock-managed-agent:<name>:<model>}. */
    public String providerModel() {
      return PROVIDER_MODEL_PREFIX + name + ":" + model;
    }

    @Override
    public String toString() {
      return "Agent[" + name + ", " + model + ", " + environment.type() + ", " + tools.size() + " MCP servers"
          + (instructions == null ? "" : ", with instructions") + "]";
    }

    /** Builds an {@link Agent}. Not thread-safe. */
    public static final class Builder {
      private final String name;
      private String model;
      private String instructions;
      private Environment environment;
      private final List<McpServer> tools = new ArrayList<>();
      private String roleArn;

      private Builder(String name) {
        this.name = name;
      }

      /**
       * The model, such as {@code openai.gpt-5.6-luna}: an OpenAI model that Bedrock Managed Agents
       * supports in the Region and account. Cross-Region inference profiles ({@code us.},
       * {@code global.} ...) are not supported by the preview.
       *
       * @throws IllegalArgumentException if blank, malformed, or a cross-Region inference profile
       */
      public Builder model(String model) {
        if (model == null || !MODEL_ID.matcher(model.strip()).matches()) {
          throw new IllegalArgumentException("'" + model + "' is not a model id like openai.gpt-5.6-luna");
        }
        String m = model.strip();
        int dot = m.indexOf('.');
        if (dot > 0 && GEOGRAPHIES.contains(m.substring(0, dot).toLowerCase(Locale.ROOT))) {
          throw new IllegalArgumentException("'" + m + "' is a cross-Region inference profile, which the Bedrock"
              + " Managed Agents preview does not support: use the model id without '" + m.substring(0, dot + 1)
              + "' (such as " + m.substring(dot + 1) + "); the session is processed in the target's Region");
        }
        this.model = m;
        return this;
      }

      /** Instructions for the agent; none by default. */
      public Builder instructions(String instructions) {
        if (instructions != null && instructions.isBlank()) {
          throw new IllegalArgumentException("instructions must be non-blank, or null for none");
        }
        this.instructions = instructions;
        return this;
      }

      /** Where the agent's commands and tools run. */
      public Builder environment(Environment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
        return this;
      }

      /** Adds an MCP server the agent may use (it runs in the execution environment). */
      public Builder tool(McpServer server) {
        tools.add(Objects.requireNonNull(server, "server"));
        return this;
      }

      /**
       * The IAM role Bedrock Managed Agents assumes for this agent's sessions, instead of the
       * target's {@link BedrockManagedAgent.Builder#roleArn}.
       *
       * @throws IllegalArgumentException if it is not an IAM role ARN
       */
      public Builder roleArn(String roleArn) {
        this.roleArn = checkRoleArn(roleArn);
        return this;
      }

      /**
       * @throws IllegalArgumentException if the model or the environment is missing, or two MCP
       *     servers share a label
       */
      public Agent build() {
        return new Agent(this);
      }
    }
  }

  /**
   * Where an agent's commands and local tools run: a host of yours running {@code codex exec-server}
   * ({@link #selfHosted}) or an Amazon Bedrock AgentCore Runtime that Bedrock Managed Agents
   * activates for each session ({@link #agentCore}). Paths are in the execution environment and
   * absolute. Immutable.
   */
  public static final class Environment {
    /** The environment's kind, as the wire names it. */
    public enum Type {
      /** {@code self_hosted}: your host, connected by its exec server. */
      SELF_HOSTED("self_hosted"),
      /** {@code aws_bedrock_agentcore}: an AgentCore Runtime in your account. */
      AGENTCORE("aws_bedrock_agentcore");

      private final String wire;

      Type(String wire) {
        this.wire = wire;
      }

      /** The {@code type} value on the wire. */
      public String wire() {
        return wire;
      }
    }

    private final Type type;
    private final String workspaceDirectory;
    private final List<String> capabilityDirectories;
    private final String runtimeArn;
    private final String runtimeQualifier;

    private Environment(Type type, String workspaceDirectory, List<String> capabilityDirectories, String runtimeArn,
        String runtimeQualifier) {
      this.type = type;
      this.workspaceDirectory = absolute(workspaceDirectory, "workspaceDirectory");
      Set<String> unique = new LinkedHashSet<>();
      for (String d : capabilityDirectories) {
        unique.add(absolute(d, "a capability directory"));
      }
      if (unique.size() > MAX_CAPABILITY_DIRECTORIES) {
        throw new IllegalArgumentException("at most " + MAX_CAPABILITY_DIRECTORIES + " unique capability directories"
            + " are allowed, not " + unique.size());
      }
      this.capabilityDirectories = List.copyOf(unique);
      this.runtimeArn = runtimeArn;
      this.runtimeQualifier = runtimeQualifier;
    }

    /**
     * Your own host: a workspace directory on it, and directories holding skills
     * ({@code <skill>/SKILL.md}). Attach its exec server to each session before asking for work.
     *
     * @throws IllegalArgumentException if a path is not absolute, or more than 32 capability
     *     directories are given
     */
    public static Environment selfHosted(String workspaceDirectory, String... capabilityDirectories) {
      return new Environment(Type.SELF_HOSTED, workspaceDirectory, List.of(capabilityDirectories), null, null);
    }

    /**
     * An AgentCore Runtime ({@code arn:aws:bedrock-agentcore:<region>:<account>:runtime/<id>}, in the
     * target's Region) running the exec server, its {@code DEFAULT} endpoint, with a workspace and
     * capability directories inside the Runtime's container.
     *
     * @throws IllegalArgumentException if the ARN is not a Runtime ARN, a path is not absolute, or
     *     more than 32 capability directories are given
     */
    public static Environment agentCore(String runtimeArn, String workspaceDirectory, String... capabilityDirectories) {
      if (runtimeArn == null || !RUNTIME_ARN.matcher(runtimeArn).matches()) {
        throw new IllegalArgumentException("'" + runtimeArn + "' is not an AgentCore Runtime ARN like"
            + " arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/my_runtime-AbCdE12345");
      }
      return new Environment(Type.AGENTCORE, workspaceDirectory, List.of(capabilityDirectories), runtimeArn, "DEFAULT");
    }

    /**
     * A copy that uses the Runtime endpoint {@code qualifier} instead of {@code DEFAULT}.
     *
     * @throws IllegalStateException if this is not an AgentCore environment
     */
    public Environment withRuntimeQualifier(String qualifier) {
      if (type != Type.AGENTCORE) {
        throw new IllegalStateException("only an AgentCore environment has a Runtime qualifier");
      }
      if (qualifier == null || !qualifier.matches("[A-Za-z0-9_-]{1,64}")) {
        throw new IllegalArgumentException("'" + qualifier + "' is not a Runtime endpoint name like DEFAULT");
      }
      return new Environment(type, workspaceDirectory, capabilityDirectories, runtimeArn, qualifier);
    }

    public Type type() {
      return type;
    }

    public String workspaceDirectory() {
      return workspaceDirectory;
    }

    public List<String> capabilityDirectories() {
      return capabilityDirectories;
    }

    /** The AgentCore Runtime ARN, or null for a self-hosted environment. */
    public String runtimeArn() {
      return runtimeArn;
    }

    /** The AgentCore Runtime endpoint, or null for a self-hosted environment. */
    public String runtimeQualifier() {
      return runtimeQualifier;
    }

    /** The Region of the AgentCore Runtime, or null for a self-hosted environment. */
    public String runtimeRegion() {
      if (runtimeArn == null) {
        return null;
      }
      Matcher m = RUNTIME_ARN.matcher(runtimeArn);
      return m.matches() ? m.group(1) : null;
    }

    private static String absolute(String path, String what) {
      if (path == null || !path.startsWith("/") || path.chars().anyMatch(c -> c < ' ')) {
        throw new IllegalArgumentException(what + " must be an absolute path in the execution environment, such as"
            + " /mnt/workspace; was '" + path + "'");
      }
      return path;
    }

    @Override
    public String toString() {
      return "Environment[" + type.wire() + ", " + workspaceDirectory
          + (runtimeArn == null ? "" : ", " + runtimeArn + "@" + runtimeQualifier) + "]";
    }
  }

  /**
   * An MCP server that runs in the execution environment and speaks MCP over standard input and
   * output ("environment-based STDIO MCP" in the user guide). Forward only the environment
   * variables it needs ({@link Builder#envVars}); values are never written into the configuration,
   * which the session keeps. Immutable.
   */
  public static final class McpServer {
    private final String label;
    private final String command;
    private final List<String> args;
    private final String cwd;
    private final List<String> envVars;
    private final List<String> allowedTools;

    private McpServer(Builder b) {
      this.label = b.label;
      this.command = b.command;
      this.args = List.copyOf(b.args);
      this.cwd = b.cwd;
      this.envVars = List.copyOf(b.envVars);
      this.allowedTools = b.allowedTools == null ? null : List.copyOf(b.allowedTools);
    }

    /**
     * A STDIO MCP server labelled {@code label}, started with the absolute path {@code command} in
     * the execution environment.
     *
     * @throws IllegalArgumentException if the label is malformed or the command not absolute
     */
    public static Builder stdio(String label, String command) {
      if (label == null || !NAME.matcher(label).matches()) {
        throw new IllegalArgumentException("MCP server label '" + label + "' must be 1-64 letters, digits, '_' or"
            + " '-'");
      }
      return new Builder(label, Environment.absolute(command, "the MCP server's command"));
    }

    public String label() {
      return label;
    }

    public String command() {
      return command;
    }

    public List<String> args() {
      return args;
    }

    /** The working directory, or null for the environment's default. */
    public String cwd() {
      return cwd;
    }

    /** Names of environment variables the server inherits from the execution environment. */
    public List<String> envVars() {
      return envVars;
    }

    /** The tools the agent may call on this server, or null for all it offers. */
    public List<String> allowedTools() {
      return allowedTools;
    }

    @Override
    public String toString() {
      return "McpServer[" + label + ", stdio, " + args.size() + " args"
          + (allowedTools == null ? "" : ", tools=" + allowedTools) + "]";
    }

    /** Builds an {@link McpServer}. Not thread-safe. */
    public static final class Builder {
      private final String label;
      private final String command;
      private final List<String> args = new ArrayList<>();
      private String cwd;
      private final List<String> envVars = new ArrayList<>();
      private List<String> allowedTools;

      private Builder(String label, String command) {
        this.label = label;
        this.command = command;
      }

      /** Arguments passed to the command. */
      public Builder args(String... args) {
        for (String a : args) {
          this.args.add(Objects.requireNonNull(a, "arg"));
        }
        return this;
      }

      /** The absolute working directory in the execution environment. */
      public Builder cwd(String cwd) {
        this.cwd = Environment.absolute(cwd, "the MCP server's cwd");
        return this;
      }

      /** Names of environment variables to inherit from the execution environment. */
      public Builder envVars(String... names) {
        for (String n : names) {
          if (n == null || !n.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("'" + n + "' is not an environment variable name");
          }
          envVars.add(n);
        }
        return this;
      }

      /** Exposes only these tools of the server to the agent. */
      public Builder allowedTools(String... tools) {
        List<String> list = new ArrayList<>();
        for (String t : tools) {
          if (t == null || t.isBlank()) {
            throw new IllegalArgumentException("tool names must be non-blank");
          }
          list.add(t);
        }
        this.allowedTools = list;
        return this;
      }

      public McpServer build() {
        return new McpServer(this);
      }
    }
  }

  /**
   * Builds a Bedrock Managed Agents {@link Target}: with what every OkHttp target has
   * ({@link #price}, {@link #maxConcurrentCalls}, {@link #maxResponseBytes}, which also caps one
   * turn's event stream before Stateline follows the turn by polling instead, {@link #httpClient},
   * {@link #allowInsecureHttp()}), and the agents' own settings. Not thread-safe. {@code toString()}
   * never shows a key or a secret.
   */
  public static final class Builder extends OkHttpTargetBuilder<Builder> {
    private final Map<String, Agent> agents = new LinkedHashMap<>();
    private String awsRegion;
    private String roleArn;
    private AwsCredentialsProvider credentialsProvider;
    private String apiKey;
    private URI endpointOverride;
    private Duration pollInterval = Duration.ofSeconds(2);
    private Clock signingClock;

    private Builder(String name) {
      super(name);
    }

    /**
     * The AWS Region of the endpoint, such as {@code us-east-1}: where sessions are created, kept and
     * processed, and the target's {@link Region}. The preview serves {@link #PREVIEW_REGIONS}.
     *
     * @throws IllegalArgumentException if it is not an AWS Region name
     */
    public Builder region(String awsRegion) {
      Objects.requireNonNull(awsRegion, "awsRegion");
      String r = awsRegion.trim().toLowerCase(Locale.ROOT);
      if (!REGION.matcher(r).matches()) {
        throw new IllegalArgumentException("'" + awsRegion + "' is not an AWS region name like us-east-1");
      }
      this.awsRegion = r;
      return this;
    }

    /**
     * The IAM role (in the calling account) Bedrock Managed Agents assumes for the sessions of every
     * agent that names none of its own, sent as {@code role_arn}. The caller needs
     * {@code iam:PassRole} on it.
     *
     * @throws IllegalArgumentException if it is not an IAM role ARN
     */
    public Builder roleArn(String roleArn) {
      this.roleArn = checkRoleArn(roleArn);
      return this;
    }

    /**
     * Serves the model alias {@code alias} with {@code agent}: a session of that alias is a session
     * of this agent.
     *
     * @throws IllegalArgumentException if the alias is blank
     */
    public Builder agent(String alias, Agent agent) {
      if (alias == null || alias.isBlank()) {
        throw new IllegalArgumentException("the agent's alias must be non-blank");
      }
      agents.put(alias, Objects.requireNonNull(agent, "agent"));
      return this;
    }

    /**
     * Signs requests with SigV4 from these credentials (resolved per request); the provider is not
     * closed by Stateline. Use this or {@link #apiKey}, not both; without either, the SDK's default
     * credentials chain.
     */
    public Builder credentialsProvider(AwsCredentialsProvider credentialsProvider) {
      this.credentialsProvider = Objects.requireNonNull(credentialsProvider, "credentialsProvider");
      return this;
    }

    /**
     * Authenticates with a Bedrock API key (such as a short-term key), sent as
     * {@code Authorization: Bearer} and kept out of {@code toString()}, logs and exception messages.
     * The caller then also needs {@code bedrock-mantle:CallWithBearerToken}.
     *
     * @throws IllegalArgumentException if blank or not printable ASCII (the message omits the key)
     */
    public Builder apiKey(String apiKey) {
      this.apiKey = requireSecret("apiKey", apiKey);
      return this;
    }

    /**
     * Sends calls to {@code endpoint} (a VPC endpoint, a proxy, an emulator) instead of
     * {@code https://bedrock-mantle.{region}.api.aws}; its path, if any, is kept in front of
     * {@code /openai/v1}. Plain {@code http://} is refused unless the host is loopback or
     * {@link #allowInsecureHttp()}.
     *
     * @throws IllegalArgumentException if it is not an absolute http(s) URI without a query
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
     * How often the session's status is read while Stateline follows a turn without its event
     * stream (the stream broke or stalled, or the answer to the submission was lost); 2 seconds by
     * default, as the user guide's examples poll.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder pollInterval(Duration pollInterval) {
      if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
        throw new IllegalArgumentException("pollInterval must be positive, was " + pollInterval);
      }
      this.pollInterval = pollInterval;
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
     * @throws IllegalArgumentException if the region or every agent is missing; an agent has no
     *     session role (its own or the target's); an AgentCore Runtime is in another Region; the
     *     Region is not one the preview serves (without an endpoint override); both an API key and a
     *     credentials provider are set; or the endpoint is plain http on a non-loopback host without
     *     {@link #allowInsecureHttp()}
     */
    @Override
    public Target build() {
      String who = "Bedrock managed agent target '" + name() + "'";
      if (awsRegion == null) {
        throw new IllegalArgumentException(who + " needs a region: call region(\"us-east-1\")");
      }
      if (agents.isEmpty()) {
        throw new IllegalArgumentException(who + " serves no agent: add agent(alias, Agent.builder(name)...build())");
      }
      if (apiKey != null && credentialsProvider != null) {
        throw new IllegalArgumentException(who + " has both an apiKey and a credentialsProvider; keep one");
      }
      if (endpointOverride == null && !PREVIEW_REGIONS.contains(awsRegion)) {
        throw new IllegalArgumentException(who + ": Bedrock Managed Agents (preview) is not offered in " + awsRegion
            + "; its Regions are " + PREVIEW_REGIONS + " (use one of them, or an endpointOverride for a Region added"
            + " since)");
      }
      Map<String, ManagedAgentModel.Definition> definitions = new LinkedHashMap<>();
      for (Map.Entry<String, Agent> e : agents.entrySet()) {
        Agent a = e.getValue();
        String role = a.roleArn() != null ? a.roleArn() : roleArn;
        if (role == null) {
          throw new IllegalArgumentException(who + ": agent '" + a.name() + "' has no session role: set roleArn(...)"
              + " on the target or on the agent (an IAM role in the calling account that Bedrock Managed Agents"
              + " assumes)");
        }
        String runtimeRegion = a.environment().runtimeRegion();
        if (runtimeRegion != null && !runtimeRegion.equals(awsRegion)) {
          throw new IllegalArgumentException(who + ": agent '" + a.name() + "' runs its tools on an AgentCore Runtime"
              + " in " + runtimeRegion + ", but the target's Region is " + awsRegion + "; a session runs in the"
              + " Region of its Runtime, and residency rules rely on the Region being true");
        }
        ManagedAgentModel.Definition d = new ManagedAgentModel.Definition(a, role);
        ManagedAgentModel.Definition other = definitions.get(a.providerModel());
        if (other != null && !other.equals(d)) {
          throw new IllegalArgumentException(who + ": two different agents are named '" + a.name() + "' with model "
              + a.model() + "; give them different names");
        }
        definitions.put(a.providerModel(), d);
      }
      HttpUrl root = root();
      requireSecureTransport(root, who, "the credential");
      List<SdkAutoCloseable> owned = new ArrayList<>();
      RequestAuth auth;
      if (apiKey != null) {
        auth = new BedrockApiKeyAuth(apiKey);
      } else {
        AwsCredentialsProvider credentials = credentialsProvider;
        if (credentials == null) {
          DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
          owned.add(chain);
          credentials = chain;
        }
        auth = new SigV4Auth(new SigV4Signer(PROVIDER, credentials, awsRegion, SIGNING_NAME, signingClock));
      }
      String description = "region=" + awsRegion
          + (endpointOverride == null ? "" : ", endpoint=" + root.newBuilder().username("").password("").build())
          + ", " + auth;
      ManagedAgentHttp http = new ManagedAgentHttp(root, httpClient(), auth, awsRegion, maxResponseBytes());
      ManagedAgentModel model = new ManagedAgentModel(http, definitions, pollInterval, owned, description);
      try {
        Target.Builder t = target(model, PROVIDER)
            .region(Region.aws(awsRegion))
            .hosting(Target.Hosting.STATEFUL_RUNTIME)
            .capabilities(Capabilities.builder().streaming(true).tools(false).jsonSchema(false).imageInput(false)
                .serverState(true).build())
            .serverAddress(root.host(), root.port());
        agents.forEach((alias, a) -> t.model(alias, a.providerModel()));
        return t.build();
      } catch (RuntimeException e) {
        model.close();
        throw e;
      }
    }

    private HttpUrl root() {
      if (endpointOverride == null) {
        return new HttpUrl.Builder().scheme("https").host(SIGNING_NAME + "." + awsRegion + ".api.aws").build();
      }
      HttpUrl parsed = HttpUrl.get(endpointOverride);
      if (parsed == null) {
        throw new IllegalArgumentException("endpointOverride " + endpointOverride + " is not an http(s) URL");
      }
      return parsed;
    }

    @Override
    public String toString() {
      return "BedrockManagedAgent.Builder[" + name() + ", region=" + awsRegion + ", agents=" + agents.keySet()
          + ", auth=" + (apiKey != null ? "api-key ***" : credentialsProvider != null ? "sigv4" : "default") + "]";
    }
  }

  private static String checkRoleArn(String roleArn) {
    if (roleArn == null || !ROLE_ARN.matcher(roleArn).matches()) {
      throw new IllegalArgumentException("'" + roleArn + "' is not an IAM role ARN like"
          + " arn:aws:iam::123456789012:role/BedrockManagedAgentsPreviewInferenceServiceRole");
    }
    return roleArn;
  }
}
