/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.emulators;

import dev.stateline.Region;
import dev.stateline.Target;
import dev.stateline.testing.Conditions;
import dev.stateline.testing.azure.AzureOpenAiEmulator;
import dev.stateline.testing.bedrock.BedrockEmulator;
import dev.stateline.testing.bedrock.agents.BedrockManagedAgentsEmulator;
import dev.stateline.testing.bedrock.openai.BedrockOpenAiEmulator;
import dev.stateline.testing.openai.OpenAiEmulator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Every cloud Stateline speaks to, emulated in-process and started by one call: Azure OpenAI in one
 * or more regions, Amazon Bedrock in one or more regions, and OpenAI, each a real HTTP server on
 * loopback speaking its cloud's wire format, with ready-made {@link Target}s pointing at them.
 *
 * <pre>{@code
 * try (EmulatedClouds clouds = EmulatedClouds.start();
 *     StatelineClient client = StatelineClient.builder()
 *         .target(clouds.azureTarget("azure-swc", "swedencentral"))
 *         .target(clouds.azureTarget("azure-weu", "westeurope"))
 *         .target(clouds.bedrockTarget("aws-fra", "eu-central-1"))
 *         .placement(PlacementPolicy.standard().residency(Jurisdiction.EU))
 *         .build()) {
 *   clouds.azure("swedencentral").conditions(Conditions.outage());   // Sweden is down: calls fail over
 *   ...
 * }
 * }</pre>
 *
 * <p><b>Defaults</b> ({@link #start()}): Azure OpenAI in {@code swedencentral} and
 * {@code westeurope}, Bedrock in {@code eu-central-1}, OpenAI in region {@code us}. With
 * {@link #builder()} you choose the regions, for example a US Azure region ({@code eastus}) for a
 * residency demonstration, and add Bedrock's OpenAI-compatible endpoints, which hold conversations
 * server-side: bedrock-runtime's {@code /openai/v1} ({@link Builder#bedrockOpenAi(String)}) and
 * bedrock-mantle ({@link Builder#bedrockMantle(String)}), and Amazon Bedrock Managed Agents
 * ({@link Builder#bedrockAgents(String)}, whose targets serve the agent alias {@value #AGENT_ALIAS}).
 * On every cloud the model alias {@value #MODEL_ALIAS} is mapped: to the
 * Azure deployment {@value #AZURE_DEPLOYMENT} (model {@value #AZURE_MODEL}), to the Bedrock model
 * {@value #BEDROCK_MODEL_ID}, to the cross-Region inference profile of {@value #BEDROCK_OPENAI_MODEL}
 * for the Region's geography on bedrock-runtime ({@code us.} in US Regions, else {@code global.}), to
 * {@value #BEDROCK_MANTLE_MODEL_ID} on bedrock-mantle, and to OpenAI's {@value #OPENAI_MODEL}.
 *
 * <p><b>Credentials</b> are static fakes, the same on every run: the Azure emulators accept
 * {@link AzureOpenAiEmulator#DEFAULT_API_KEY}, the OpenAI emulator
 * {@link OpenAiEmulator#DEFAULT_API_KEY}, and the Bedrock emulators requests signed by
 * {@value #AWS_ACCESS_KEY_ID} for their own region only (every SigV4 signature recomputed from
 * {@value #AWS_SECRET_ACCESS_KEY}).
 *
 * <p><b>Targets</b> are built with the provider modules' own builders, exactly as an application
 * builds them: Azure targets with {@code AzureOpenAi.target(...)} (declared
 * {@link Target.Hosting#STATELESS_HOST}), Bedrock targets with {@code Bedrock.target(...)} (a
 * {@link Target.Hosting#STATEFUL_RUNTIME}), the OpenAI target with {@code OpenAi.target(...)} (a
 * {@link Target.Hosting#DIRECT} host); {@code stateline-testing} brings the provider modules. Change a target with {@link Target#toBuilder()},
 * say to give it a {@code Price}. The models of targets built here are closed with the clouds
 * (closing them twice, by the client and here, is harmless).
 *
 * <p><b>Conditions</b>: each emulator can be given latency and faults (429 bursts with a retry-after,
 * 5xx, slow responses, truncated streams) with {@link Conditions}, through its accessor
 * ({@link #azure(String)}, {@link #bedrock(String)}, {@link #openAi()}) or for all at once
 * ({@link #conditions(Conditions)}). Scripted replies work as on each emulator alone.
 *
 * <p>Thread-safe. {@link #close()} stops every emulator.
 */
public final class EmulatedClouds implements AutoCloseable {
  /** The model alias every cloud serves. */
  public static final String MODEL_ALIAS = "gpt-4.1";
  /** The Azure deployment the alias maps to. */
  public static final String AZURE_DEPLOYMENT = "gpt41-prod";
  /** The model the Azure deployment reports. */
  public static final String AZURE_MODEL = "gpt-4.1-2025-04-14";
  /** The embedding alias the Azure targets embed. */
  public static final String EMBEDDING_ALIAS = "embed";
  /** The Azure embedding deployment {@value #EMBEDDING_ALIAS} maps to. */
  public static final String AZURE_EMBEDDING_DEPLOYMENT = "embed-small-prod";
  /** The model the Azure embedding deployment reports. */
  public static final String AZURE_EMBEDDING_MODEL = "text-embedding-3-small";
  /** The Bedrock model id the alias maps to (an OpenAI open-weight model on Bedrock). */
  public static final String BEDROCK_MODEL_ID = "openai.gpt-oss-120b-1:0";
  /** The OpenAI model the alias maps to. */
  public static final String OPENAI_MODEL = "gpt-4.1";
  /** The OpenAI model on bedrock-runtime, reached through its cross-Region inference profiles. */
  public static final String BEDROCK_OPENAI_MODEL = "openai.gpt-5.6-sol";
  /** The model the alias maps to on bedrock-mantle (its Responses API is served there only). */
  public static final String BEDROCK_MANTLE_MODEL_ID = "openai.gpt-oss-120b";
  /** The alias of the agent on Bedrock Managed Agents targets. */
  public static final String AGENT_ALIAS = "support";
  /** The session role of the agent on Bedrock Managed Agents targets (in the emulator's fake account). */
  public static final String AGENT_ROLE_ARN =
      "arn:aws:iam::123456789012:role/BedrockManagedAgentsPreviewInferenceServiceRole";
  /** The AWS access key id the Bedrock emulators accept (a fake). */
  public static final String AWS_ACCESS_KEY_ID = "AKIAEMULATOR00000000";
  /**
   * The AWS secret key the Bedrock targets sign with (a fake): the Converse emulator checks the form of
   * the signature, the OpenAI-compatible emulators recompute it with this key.
   */
  public static final String AWS_SECRET_ACCESS_KEY = "emulator-secret-access-key-0000000000000";

  private static final Map<String, String> AZURE_DISPLAY_NAMES = Map.ofEntries(
      Map.entry("swedencentral", "Sweden Central"), Map.entry("westeurope", "West Europe"),
      Map.entry("northeurope", "North Europe"), Map.entry("francecentral", "France Central"),
      Map.entry("germanywestcentral", "Germany West Central"), Map.entry("italynorth", "Italy North"),
      Map.entry("polandcentral", "Poland Central"), Map.entry("spaincentral", "Spain Central"),
      Map.entry("uksouth", "UK South"), Map.entry("switzerlandnorth", "Switzerland North"),
      Map.entry("eastus", "East US"), Map.entry("eastus2", "East US 2"), Map.entry("westus", "West US"),
      Map.entry("westus3", "West US 3"), Map.entry("centralus", "Central US"),
      Map.entry("japaneast", "Japan East"), Map.entry("australiaeast", "Australia East"));

  private final Map<String, AzureOpenAiEmulator> azure;
  private final Map<String, BedrockEmulator> bedrock;
  private final Map<String, BedrockOpenAiEmulator> bedrockOpenAi;
  private final Map<String, BedrockOpenAiEmulator> bedrockMantle;
  private final Map<String, BedrockManagedAgentsEmulator> bedrockAgents;
  private final OpenAiEmulator openAi;
  private final List<Target> built = new ArrayList<>();
  private boolean closed;

  private EmulatedClouds(Map<String, AzureOpenAiEmulator> azure, Map<String, BedrockEmulator> bedrock,
      Map<String, BedrockOpenAiEmulator> bedrockOpenAi, Map<String, BedrockOpenAiEmulator> bedrockMantle,
      Map<String, BedrockManagedAgentsEmulator> bedrockAgents, OpenAiEmulator openAi) {
    this.azure = azure;
    this.bedrock = bedrock;
    this.bedrockOpenAi = bedrockOpenAi;
    this.bedrockMantle = bedrockMantle;
    this.bedrockAgents = bedrockAgents;
    this.openAi = openAi;
  }

  /**
   * Starts the default clouds: Azure OpenAI in {@code swedencentral} and {@code westeurope},
   * Bedrock in {@code eu-central-1}, OpenAI in {@code us}.
   */
  public static EmulatedClouds start() {
    return builder().azure("swedencentral").azure("westeurope").bedrock("eu-central-1").openAi("us").start();
  }

  /** A builder that starts exactly the clouds you add. */
  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------- emulators

  /**
   * The Azure OpenAI emulator of {@code region}, to script replies or set conditions.
   *
   * @throws IllegalArgumentException if no Azure emulator runs in that region
   */
  public AzureOpenAiEmulator azure(String region) {
    AzureOpenAiEmulator e = azure.get(key(region));
    if (e == null) {
      throw new IllegalArgumentException("no Azure OpenAI emulator in region '" + region + "'; the clouds have "
          + azure.keySet() + " (add one with EmulatedClouds.builder().azure(\"" + region + "\"))");
    }
    return e;
  }

  /**
   * The Bedrock emulator of {@code region}.
   *
   * @throws IllegalArgumentException if no Bedrock emulator runs in that region
   */
  public BedrockEmulator bedrock(String region) {
    BedrockEmulator e = bedrock.get(key(region));
    if (e == null) {
      throw new IllegalArgumentException("no Bedrock emulator in region '" + region + "'; the clouds have "
          + bedrock.keySet() + " (add one with EmulatedClouds.builder().bedrock(\"" + region + "\"))");
    }
    return e;
  }

  /**
   * The bedrock-runtime {@code /openai/v1} emulator of {@code region}.
   *
   * @throws IllegalArgumentException if none runs in that region
   */
  public BedrockOpenAiEmulator bedrockOpenAi(String region) {
    BedrockOpenAiEmulator e = bedrockOpenAi.get(key(region));
    if (e == null) {
      throw new IllegalArgumentException("no bedrock-runtime OpenAI-compatible emulator in region '" + region
          + "'; the clouds have " + bedrockOpenAi.keySet() + " (add one with EmulatedClouds.builder().bedrockOpenAi(\""
          + region + "\"))");
    }
    return e;
  }

  /**
   * The bedrock-mantle emulator of {@code region}.
   *
   * @throws IllegalArgumentException if none runs in that region
   */
  public BedrockOpenAiEmulator bedrockMantle(String region) {
    BedrockOpenAiEmulator e = bedrockMantle.get(key(region));
    if (e == null) {
      throw new IllegalArgumentException("no bedrock-mantle emulator in region '" + region + "'; the clouds have "
          + bedrockMantle.keySet() + " (add one with EmulatedClouds.builder().bedrockMantle(\"" + region + "\"))");
    }
    return e;
  }

  /**
   * The Bedrock Managed Agents emulator of {@code region}.
   *
   * @throws IllegalArgumentException if none runs in that region
   */
  public BedrockManagedAgentsEmulator bedrockAgents(String region) {
    BedrockManagedAgentsEmulator e = bedrockAgents.get(key(region));
    if (e == null) {
      throw new IllegalArgumentException("no Bedrock Managed Agents emulator in region '" + region + "'; the clouds have "
          + bedrockAgents.keySet() + " (add one with EmulatedClouds.builder().bedrockAgents(\"" + region + "\"))");
    }
    return e;
  }

  /**
   * The OpenAI emulator.
   *
   * @throws IllegalStateException if the clouds have none
   */
  public OpenAiEmulator openAi() {
    if (openAi == null) {
      throw new IllegalStateException("these clouds have no OpenAI emulator (add one with"
          + " EmulatedClouds.builder().openAi(\"us\"))");
    }
    return openAi;
  }

  /** The Azure regions, in the order they were added. */
  public Set<String> azureRegions() {
    return azure.keySet();
  }

  /** The Bedrock regions, in the order they were added. */
  public Set<String> bedrockRegions() {
    return bedrock.keySet();
  }

  /** The regions of the bedrock-runtime OpenAI-compatible emulators, in the order they were added. */
  public Set<String> bedrockOpenAiRegions() {
    return bedrockOpenAi.keySet();
  }

  /** The regions of the bedrock-mantle emulators, in the order they were added. */
  public Set<String> bedrockMantleRegions() {
    return bedrockMantle.keySet();
  }

  /** The regions of the Bedrock Managed Agents emulators, in the order they were added. */
  public Set<String> bedrockAgentsRegions() {
    return bedrockAgents.keySet();
  }

  /** True if the clouds include the OpenAI emulator. */
  public boolean hasOpenAi() {
    return openAi != null;
  }

  /** Sets {@code conditions} on every emulator (see {@link Conditions}). */
  public EmulatedClouds conditions(Conditions conditions) {
    Objects.requireNonNull(conditions, "conditions");
    azure.values().forEach(e -> e.conditions(conditions));
    bedrock.values().forEach(e -> e.conditions(conditions));
    bedrockOpenAi.values().forEach(e -> e.conditions(conditions));
    bedrockMantle.values().forEach(e -> e.conditions(conditions));
    bedrockAgents.values().forEach(e -> e.conditions(conditions));
    if (openAi != null) {
      openAi.conditions(conditions);
    }
    return this;
  }

  /** Requests received by all emulators together. */
  public int requestCount() {
    int n = openAi == null ? 0 : openAi.requestCount();
    for (AzureOpenAiEmulator e : azure.values()) {
      n += e.requestCount();
    }
    for (BedrockEmulator e : bedrock.values()) {
      n += e.requestCount();
    }
    for (BedrockOpenAiEmulator e : openAiCompatible()) {
      n += e.requestCount();
    }
    for (BedrockManagedAgentsEmulator e : bedrockAgents.values()) {
      n += e.requestCount();
    }
    return n;
  }

  /**
   * Connections that carried requests to all emulators together (see
   * {@link OpenAiEmulator#connectionCount()}): with connection reuse, far fewer than
   * {@link #requestCount()}.
   */
  public int connectionCount() {
    int n = openAi == null ? 0 : openAi.connectionCount();
    for (AzureOpenAiEmulator e : azure.values()) {
      n += e.connectionCount();
    }
    for (BedrockEmulator e : bedrock.values()) {
      n += e.connectionCount();
    }
    for (BedrockOpenAiEmulator e : openAiCompatible()) {
      n += e.connectionCount();
    }
    for (BedrockManagedAgentsEmulator e : bedrockAgents.values()) {
      n += e.connectionCount();
    }
    return n;
  }

  private List<BedrockOpenAiEmulator> openAiCompatible() {
    List<BedrockOpenAiEmulator> all = new ArrayList<>(bedrockOpenAi.values());
    all.addAll(bedrockMantle.values());
    return all;
  }

  // ---------------------------------------------------------------- targets

  /**
   * A target named {@code name} on the Azure OpenAI emulator of {@code region}: region
   * {@code Region.azure(region)}, alias {@value #MODEL_ALIAS} on deployment
   * {@value #AZURE_DEPLOYMENT}, embedding alias {@value #EMBEDDING_ALIAS} on deployment
   * {@value #AZURE_EMBEDDING_DEPLOYMENT}, {@code api-key} credential, a stateless host.
   *
   * @throws IllegalArgumentException if no Azure emulator runs there, or the name is invalid
   */
  public Target azureTarget(String name, String region) {
    AzureOpenAiEmulator e = azure(region);
    Target t = ProviderTargets.azure(name, e.endpoint().toString(), e.apiKey(), key(region), MODEL_ALIAS,
        AZURE_DEPLOYMENT, EMBEDDING_ALIAS, AZURE_EMBEDDING_DEPLOYMENT);
    if (t.hosting() == Target.Hosting.UNSPECIFIED) {
      // Azure OpenAI is where stateless calls are hosted; say so if the provider did not.
      t = t.toBuilder().hosting(Target.Hosting.STATELESS_HOST).build();
    }
    return track(t);
  }

  /**
   * A target named {@code name} on the Bedrock emulator of {@code region}: region
   * {@code Region.aws(region)}, alias {@value #MODEL_ALIAS} on model {@value #BEDROCK_MODEL_ID},
   * static fake credentials, a stateful runtime.
   *
   * @throws IllegalArgumentException if no Bedrock emulator runs there, or the name is invalid
   */
  public Target bedrockTarget(String name, String region) {
    BedrockEmulator e = bedrock(region);
    return track(ProviderTargets.bedrock(name, e.endpoint(), key(region), MODEL_ALIAS, BEDROCK_MODEL_ID,
        AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY));
  }

  /**
   * A target named {@code name} on the bedrock-runtime {@code /openai/v1} emulator of {@code region}:
   * {@code BedrockOpenAi.target(...)} with region {@code Region.aws(region)}, the Responses API, alias
   * {@value #MODEL_ALIAS} on the cross-Region inference profile of {@value #BEDROCK_OPENAI_MODEL}
   * for the region's geography ({@code us.} in US regions, {@code global.} elsewhere), SigV4-signed
   * with the static fake credentials; a stateful runtime holding conversations server-side.
   *
   * @throws IllegalArgumentException if no such emulator runs there, or the name is invalid
   */
  public Target bedrockOpenAiTarget(String name, String region) {
    BedrockOpenAiEmulator e = bedrockOpenAi(region);
    String r = key(region);
    String profile = (r.startsWith("us-gov-") ? "us-gov." : r.startsWith("us-") ? "us." : "global.")
        + BEDROCK_OPENAI_MODEL;
    return track(ProviderTargets.bedrockOpenAi(name, e.endpoint().uri(), r, "RUNTIME", MODEL_ALIAS, profile,
        AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY));
  }

  /**
   * A target named {@code name} on the bedrock-mantle emulator of {@code region}: the Responses API,
   * alias {@value #MODEL_ALIAS} on {@value #BEDROCK_MANTLE_MODEL_ID} (served under {@code /v1}),
   * SigV4-signed with the static fake credentials; a stateful runtime holding conversations
   * server-side, in the region.
   *
   * @throws IllegalArgumentException if no such emulator runs there, or the name is invalid
   */
  public Target bedrockMantleTarget(String name, String region) {
    BedrockOpenAiEmulator e = bedrockMantle(region);
    return track(ProviderTargets.bedrockOpenAi(name, e.endpoint().uri(), key(region), "MANTLE", MODEL_ALIAS,
        BEDROCK_MANTLE_MODEL_ID, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY));
  }

  /**
   * A target named {@code name} on the Bedrock Managed Agents emulator of {@code region}:
   * {@code BedrockManagedAgent.target(...)} with region {@code Region.aws(region)}, the agent alias
   * {@value #AGENT_ALIAS} on an agent named {@code support} with model
   * {@value BedrockManagedAgentsEmulator#DEFAULT_MODEL}, a self-hosted environment and the session
   * role {@value #AGENT_ROLE_ARN}, SigV4-signed (signing name {@code bedrock-mantle}) with the static
   * fake credentials; a stateful runtime whose sessions are the agent's.
   *
   * @throws IllegalArgumentException if no such emulator runs there, or the name is invalid
   */
  public Target bedrockAgentTarget(String name, String region) {
    BedrockManagedAgentsEmulator e = bedrockAgents(region);
    return track(ProviderTargets.bedrockManagedAgent(name, e.endpoint().uri(), key(region), AGENT_ALIAS, "support",
        BedrockManagedAgentsEmulator.DEFAULT_MODEL, AGENT_ROLE_ARN, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY));
  }

  /**
   * A target named {@code name} on the OpenAI emulator: region {@code Region.openai(region)}, alias
   * {@value #MODEL_ALIAS} on model {@value #OPENAI_MODEL}, a direct host (Chat Completions).
   *
   * @throws IllegalStateException if the clouds have no OpenAI emulator
   */
  public Target openAiTarget(String name) {
    OpenAiEmulator e = openAi();
    return track(ProviderTargets.openAi(name, e.baseUrl().toString(), e.apiKey(), Region.openai(e.region()),
        MODEL_ALIAS, OPENAI_MODEL));
  }

  /**
   * One target per emulator, named {@code azure-<region>}, {@code aws-<region>},
   * {@code aws-openai-<region>} (bedrock-runtime {@code /openai/v1}), {@code aws-mantle-<region>},
   * {@code aws-agents-<region>} and {@code openai}: Azure first, then Bedrock (Converse, runtime,
   * mantle, managed agents), then OpenAI, each in the order added.
   */
  public List<Target> targets() {
    List<Target> all = new ArrayList<>();
    azure.keySet().forEach(r -> all.add(azureTarget("azure-" + r, r)));
    bedrock.keySet().forEach(r -> all.add(bedrockTarget("aws-" + r, r)));
    bedrockOpenAi.keySet().forEach(r -> all.add(bedrockOpenAiTarget("aws-openai-" + r, r)));
    bedrockMantle.keySet().forEach(r -> all.add(bedrockMantleTarget("aws-mantle-" + r, r)));
    bedrockAgents.keySet().forEach(r -> all.add(bedrockAgentTarget("aws-agents-" + r, r)));
    if (openAi != null) {
      all.add(openAiTarget("openai"));
    }
    return all;
  }

  private synchronized Target track(Target t) {
    if (closed) {
      t.chatModel().close();
      throw new IllegalStateException("the clouds are closed");
    }
    built.add(t);
    return t;
  }

  /** Closes the models of the targets built here, then stops every emulator. Idempotent. */
  @Override
  public void close() {
    List<Target> targets;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      targets = List.copyOf(built);
      built.clear();
    }
    RuntimeException failure = null;
    for (Target t : targets) {
      try {
        t.chatModel().close();
      } catch (RuntimeException e) {
        failure = add(failure, e);
      }
    }
    List<AutoCloseable> servers = new ArrayList<>(azure.values());
    servers.addAll(bedrock.values());
    servers.addAll(openAiCompatible());
    servers.addAll(bedrockAgents.values());
    if (openAi != null) {
      servers.add(openAi);
    }
    for (AutoCloseable s : servers) {
      try {
        s.close();
      } catch (Exception e) {
        failure = add(failure, e instanceof RuntimeException r ? r : new IllegalStateException(e));
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static RuntimeException add(RuntimeException first, RuntimeException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  /** Lists the clouds and their endpoints; no credentials. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("EmulatedClouds[");
    azure.forEach((r, e) -> sb.append("azure/").append(r).append('=').append(e.endpoint()).append(", "));
    bedrock.forEach((r, e) -> sb.append("aws/").append(r).append('=').append(e.endpoint()).append(", "));
    bedrockOpenAi.forEach((r, e) -> sb.append("aws-openai/").append(r).append('=').append(e.endpoint()).append(", "));
    bedrockMantle.forEach((r, e) -> sb.append("aws-mantle/").append(r).append('=').append(e.endpoint()).append(", "));
    bedrockAgents.forEach((r, e) -> sb.append("aws-agents/").append(r).append('=').append(e.endpoint()).append(", "));
    if (openAi != null) {
      sb.append("openai/").append(openAi.region()).append('=').append(openAi.baseUrl()).append(", ");
    }
    if (sb.length() > "EmulatedClouds[".length()) {
      sb.setLength(sb.length() - 2);
    }
    return sb.append(']').toString();
  }

  private static String key(String region) {
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException("a region name must be non-blank, such as swedencentral or eu-central-1");
    }
    return region.strip().toLowerCase(Locale.ROOT);
  }

  /** The name Azure reports in {@code x-ms-region} for a region code, such as "Sweden Central". */
  static String azureDisplayName(String region) {
    return AZURE_DISPLAY_NAMES.getOrDefault(region, region);
  }

  /** Chooses the clouds to start. Not thread-safe. */
  public static final class Builder {
    private final Set<String> azure = new LinkedHashSet<>();
    private final Set<String> bedrock = new LinkedHashSet<>();
    private final Set<String> bedrockOpenAi = new LinkedHashSet<>();
    private final Set<String> bedrockMantle = new LinkedHashSet<>();
    private final Set<String> bedrockAgents = new LinkedHashSet<>();
    private String openAi;
    private Conditions conditions = Conditions.none();

    private Builder() {}

    /** Adds an Azure OpenAI emulator in {@code region}, such as {@code swedencentral} or {@code eastus}. */
    public Builder azure(String region) {
      azure.add(key(region));
      return this;
    }

    /** Adds a Bedrock emulator in the AWS region {@code region}, such as {@code eu-central-1}. */
    public Builder bedrock(String region) {
      String r = key(region);
      if (!r.matches("[a-z]{2,}(-[a-z0-9]+)+")) {
        throw new IllegalArgumentException("'" + region + "' is not an AWS region name like eu-central-1");
      }
      bedrock.add(r);
      return this;
    }

    /**
     * Adds an emulator of bedrock-runtime's OpenAI-compatible endpoint ({@code /openai/v1}: the
     * Responses API with server-held state, Chat Completions) in the AWS region {@code region}.
     */
    public Builder bedrockOpenAi(String region) {
      bedrockOpenAi.add(awsRegion(region));
      return this;
    }

    /** Adds an emulator of bedrock-mantle in the AWS region {@code region}, such as {@code eu-central-1}. */
    public Builder bedrockMantle(String region) {
      bedrockMantle.add(awsRegion(region));
      return this;
    }

    /**
     * Adds an emulator of Amazon Bedrock Managed Agents (preview) in {@code region}: one of the
     * preview's Regions {@code us-east-1}, {@code us-west-2} and {@code us-east-2}.
     *
     * @throws IllegalArgumentException for another Region
     */
    public Builder bedrockAgents(String region) {
      String r = awsRegion(region);
      if (!List.of("us-east-1", "us-west-2", "us-east-2").contains(r)) {
        throw new IllegalArgumentException("Bedrock Managed Agents (preview) runs in us-east-1, us-west-2 and"
            + " us-east-2, not " + r);
      }
      bedrockAgents.add(r);
      return this;
    }

    private static String awsRegion(String region) {
      String r = key(region);
      if (!r.matches("[a-z]{2,}(-[a-z0-9]+)+")) {
        throw new IllegalArgumentException("'" + region + "' is not an AWS region name like eu-central-1");
      }
      return r;
    }

    /** Adds the OpenAI emulator, standing for OpenAI's data-residency region {@code region} ({@code us}, {@code eu}). */
    public Builder openAi(String region) {
      this.openAi = key(region);
      return this;
    }

    /** Conditions every emulator starts with; none by default. */
    public Builder conditions(Conditions conditions) {
      this.conditions = Objects.requireNonNull(conditions, "conditions");
      return this;
    }

    /**
     * Starts the emulators.
     *
     * @throws IllegalStateException if no cloud was added
     */
    public EmulatedClouds start() {
      if (azure.isEmpty() && bedrock.isEmpty() && bedrockOpenAi.isEmpty() && bedrockMantle.isEmpty()
          && bedrockAgents.isEmpty() && openAi == null) {
        throw new IllegalStateException("add at least one cloud: azure(region), bedrock(region), bedrockOpenAi(region),"
            + " bedrockMantle(region), bedrockAgents(region) or openAi(region)");
      }
      Map<String, AzureOpenAiEmulator> azureEmulators = new LinkedHashMap<>();
      Map<String, BedrockEmulator> bedrockEmulators = new LinkedHashMap<>();
      Map<String, BedrockOpenAiEmulator> runtimeEmulators = new LinkedHashMap<>();
      Map<String, BedrockOpenAiEmulator> mantleEmulators = new LinkedHashMap<>();
      OpenAiEmulator openAiEmulator = null;
      Map<String, BedrockManagedAgentsEmulator> agentEmulators = new LinkedHashMap<>();
      try {
        for (String r : azure) {
          AzureOpenAiEmulator e = AzureOpenAiEmulator.builder()
              .deployment(AZURE_DEPLOYMENT, AZURE_MODEL)
              .deployment(AZURE_EMBEDDING_DEPLOYMENT, AZURE_EMBEDDING_MODEL)
              .region(azureDisplayName(r))
              .build();
          azureEmulators.put(r, e);
          e.start().conditions(conditions);
        }
        for (String r : bedrock) {
          BedrockEmulator e = BedrockEmulator.start();
          bedrockEmulators.put(r, e);
          e.requireRegion(r).acceptCredentials(AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).conditions(conditions);
        }
        startOpenAiCompatible(bedrockOpenAi, BedrockOpenAiEmulator.Surface.RUNTIME, runtimeEmulators::put);
        startOpenAiCompatible(bedrockMantle, BedrockOpenAiEmulator.Surface.MANTLE, mantleEmulators::put);
        for (String r : bedrockAgents) {
          BedrockManagedAgentsEmulator e = BedrockManagedAgentsEmulator.builder().region(r)
              .credentials(AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).build();
          agentEmulators.put(r, e);
          e.start().conditions(conditions);
        }
        if (openAi != null) {
          openAiEmulator = OpenAiEmulator.builder().region(openAi).build();
          openAiEmulator.start().conditions(conditions);
        }
      } catch (RuntimeException e) {
        azureEmulators.values().forEach(AzureOpenAiEmulator::close);
        bedrockEmulators.values().forEach(BedrockEmulator::close);
        runtimeEmulators.values().forEach(BedrockOpenAiEmulator::close);
        mantleEmulators.values().forEach(BedrockOpenAiEmulator::close);
        agentEmulators.values().forEach(BedrockManagedAgentsEmulator::close);
        if (openAiEmulator != null) {
          openAiEmulator.close();
        }
        throw e;
      }
      return new EmulatedClouds(Collections.unmodifiableMap(azureEmulators),
          Collections.unmodifiableMap(bedrockEmulators), Collections.unmodifiableMap(runtimeEmulators),
          Collections.unmodifiableMap(mantleEmulators), Collections.unmodifiableMap(agentEmulators), openAiEmulator);
    }

    /** Starts one emulator of {@code surface} per region, accepting the static fake credentials. */
    private void startOpenAiCompatible(Set<String> regions, BedrockOpenAiEmulator.Surface surface,
        java.util.function.BiConsumer<String, BedrockOpenAiEmulator> started) {
      for (String r : regions) {
        BedrockOpenAiEmulator e = BedrockOpenAiEmulator.builder().surface(surface).region(r)
            .credentials(AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).build();
        started.accept(r, e);
        e.start().conditions(conditions);
      }
    }
  }
}
