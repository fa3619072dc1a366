/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import dev.stateline.placement.ProcessingScope;
import dev.stateline.spi.ChatModel;
import dev.stateline.spi.EmbeddingModel;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A place a call can run: one provider endpoint ({@link ChatModel}), in one {@link Region}, serving
 * a set of model aliases, each mapped to the provider's own model name or deployment.
 *
 * <p>Besides where it runs, a target tells placement what it is for ({@link #hosting()}: a stateless
 * host such as Azure OpenAI, or a stateful runtime such as Bedrock), what it can do
 * ({@link #capabilities()}), what it costs ({@link #price()}) and how many calls it may run at once
 * ({@link #maxConcurrentCalls()}), and where it may process a call ({@link #processingScope(String)}),
 * which a cloud can route wider than the endpoint's region.
 *
 * <p>Provider modules offer builders that produce targets ({@code OpenAi.target(...)},
 * {@code AzureOpenAi.target(...)}); {@link #builder(String, ChatModel)} wraps any other model,
 * such as a test fake. Immutable and thread-safe.
 */
public final class Target {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final String name;
  private final String provider;
  private final Region region;
  private final Map<String, String> models;
  private final boolean anyModel;
  private final ChatModel chatModel;
  private final EmbeddingModel embeddingModel;
  private final Map<String, String> embeddingModels;
  private final Hosting hosting;
  private final Capabilities capabilities;
  private final Price price;
  private final int maxConcurrentCalls;
  private final String serverAddress;
  private final int serverPort;
  private final ProcessingScope scope;
  private final Map<String, ProcessingScope> modelScopes;

  /**
   * What kind of host a target is, which decides what calls the standard placement policy sends it:
   * stateless calls to {@link #STATELESS_HOST}s, stateful ones (session turns, agent runs) to
   * {@link #STATEFUL_RUNTIME}s. Provider modules set it; the policy can allow other pairings.
   */
  public enum Hosting {
    /** A host for self-contained calls, such as Azure OpenAI. */
    STATELESS_HOST,
    /** A runtime for stateful work (sessions, agents), such as Amazon Bedrock / AgentCore. */
    STATEFUL_RUNTIME,
    /** The model vendor's own API (OpenAI directly); used where the policy allows it. */
    DIRECT,
    /** Not declared: the standard hosting rule takes it only where explicitly allowed. */
    UNSPECIFIED
  }

  private Target(Builder b) {
    if (b.name == null || !NAME.matcher(b.name).matches()) {
      throw new IllegalArgumentException("target name '" + b.name
          + "' must be 1-64 characters of letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    this.name = b.name;
    if (b.chatModel == null && b.embeddingModel == null) {
      throw new NullPointerException("target '" + b.name + "' has neither a chat model nor an embedding model");
    }
    this.chatModel = b.chatModel;
    this.embeddingModel = b.embeddingModel;
    this.embeddingModels = Collections.unmodifiableMap(new LinkedHashMap<>(b.embeddingModels));
    if (embeddingModel == null && !embeddingModels.isEmpty()) {
      throw new IllegalArgumentException("target '" + b.name + "' embeds " + embeddingModels.keySet()
          + " but has no embedding model");
    }
    if (embeddingModel != null && embeddingModels.isEmpty()) {
      throw new IllegalArgumentException("target '" + b.name
          + "' has an embedding model but embeds no alias: add embeds(alias, providerModel)");
    }
    if (chatModel == null && (!b.models.isEmpty() || b.anyModel)) {
      throw new IllegalArgumentException("target '" + b.name + "' serves chat models but has no chat model");
    }
    this.provider = b.provider == null ? "custom" : b.provider;
    this.region = b.region;
    this.models = Collections.unmodifiableMap(new LinkedHashMap<>(b.models));
    this.anyModel = b.anyModel;
    this.hosting = b.hosting == null ? Hosting.UNSPECIFIED : b.hosting;
    this.capabilities = b.capabilities == null ? Capabilities.all() : b.capabilities;
    this.price = b.price;
    if (b.maxConcurrentCalls < 0) {
      throw new IllegalArgumentException("target '" + name + "': maxConcurrentCalls must be positive, or 0 for"
          + " no limit; was " + b.maxConcurrentCalls);
    }
    this.maxConcurrentCalls = b.maxConcurrentCalls;
    if (b.serverPort < 0 || b.serverPort > 65535) {
      throw new IllegalArgumentException("target '" + name + "': serverPort must be 1-65535, or 0 if unknown; was "
          + b.serverPort);
    }
    this.serverAddress = b.serverAddress;
    this.serverPort = b.serverAddress == null ? 0 : b.serverPort;
    if (models.isEmpty() && !anyModel && embeddingModels.isEmpty()) {
      throw new IllegalArgumentException("target '" + name
          + "' serves no model: add model(alias, providerModel) or allow anyModel()");
    }
    this.scope = b.scope;
    for (String alias : b.modelScopes.keySet()) {
      if (!models.containsKey(alias)) {
        throw new IllegalArgumentException("target '" + name + "' declares a processing scope for alias '" + alias
            + "', which it does not serve");
      }
    }
    this.modelScopes = Collections.unmodifiableMap(new LinkedHashMap<>(b.modelScopes));
  }

  /**
   * A builder for a target named {@code name} (unique within a client) answering through
   * {@code chatModel}.
   */
  public static Builder builder(String name, ChatModel chatModel) {
    return new Builder(name, Objects.requireNonNull(chatModel, "chatModel"));
  }

  /**
   * A builder for a target named {@code name} that only embeds, through {@code embeddingModel};
   * declare the aliases with {@link Builder#embeds(String, String)}.
   */
  public static Builder embeddingBuilder(String name, EmbeddingModel embeddingModel) {
    return new Builder(name, null).embeddingModel(Objects.requireNonNull(embeddingModel, "embeddingModel"));
  }

  public Builder toBuilder() {
    Builder b = new Builder(name, chatModel).embeddingModel(embeddingModel).provider(provider).region(region).hosting(hosting)
        .capabilities(capabilities).price(price).maxConcurrentCalls(maxConcurrentCalls)
        .serverAddress(serverAddress, serverPort).processingScope(scope);
    b.models.putAll(models);
    b.embeddingModels.putAll(embeddingModels);
    b.modelScopes.putAll(modelScopes);
    b.anyModel = anyModel;
    return b;
  }

  /** The target's name, unique within a client; used in placements, telemetry and errors. */
  public String name() {
    return name;
  }

  /** The provider's name ({@code openai}, {@code azure.ai.openai}, {@code aws.bedrock}, ...). */
  public String provider() {
    return provider;
  }

  /** Where the target runs, or null if not declared (residency rules then exclude it). */
  public Region region() {
    return region;
  }

  /**
   * Where the target may process a call for {@code alias}: the scope declared for that alias, else
   * the target's declared scope, else its {@linkplain #region() region} (a call runs where it is
   * sent), else {@link ProcessingScope.Kind#UNKNOWN}. Residency rules judge this, not the region alone.
   *
   * @param alias a model alias, or null for the target's own scope (declared or from its region)
   */
  public ProcessingScope processingScope(String alias) {
    ProcessingScope s = alias == null ? null : modelScopes.get(alias);
    if (s != null) {
      return s;
    }
    if (scope != null) {
      return scope;
    }
    return region != null ? ProcessingScope.region(region)
        : ProcessingScope.unknown("declare region(...) or processingScope(...) on target '" + name + "'");
  }

  /** The scopes declared per alias (see {@link Builder#processingScope(String, ProcessingScope)}). */
  public Map<String, ProcessingScope> processingScopes() {
    return modelScopes;
  }

  /** Alias to provider model name. */
  public Map<String, String> models() {
    return models;
  }

  /** True if the target serves aliases it does not map, under the alias's own name. */
  public boolean servesAnyModel() {
    return anyModel;
  }

  /** True if the target can answer for {@code alias}. */
  public boolean serves(String alias) {
    return anyModel || models.containsKey(alias);
  }

  /**
   * The provider model name for {@code alias}.
   *
   * @throws IllegalArgumentException if the target does not serve the alias
   */
  public String modelFor(String alias) {
    String m = models.get(alias);
    if (m != null) {
      return m;
    }
    if (anyModel) {
      return alias;
    }
    throw new IllegalArgumentException("target '" + name + "' does not serve model alias '" + alias + "'");
  }

  /** The provider endpoint for chat, or null for a target that only embeds. */
  public ChatModel chatModel() {
    return chatModel;
  }

  /** The provider endpoint for embeddings, or null for a target that does not embed. */
  public EmbeddingModel embeddingModel() {
    return embeddingModel;
  }

  /** Embedding alias to provider model name; empty for a target that does not embed. */
  public Map<String, String> embeddingModels() {
    return embeddingModels;
  }

  /** True if the target makes embeddings for {@code alias} (declared with {@link Builder#embeds}). */
  public boolean embeds(String alias) {
    return embeddingModels.containsKey(alias);
  }

  /**
   * The provider model name for the embedding alias {@code alias}.
   *
   * @throws IllegalArgumentException if the target does not embed the alias
   */
  public String embeddingModelFor(String alias) {
    String m = embeddingModels.get(alias);
    if (m == null) {
      throw new IllegalArgumentException("target '" + name + "' does not embed model alias '" + alias + "'");
    }
    return m;
  }

  /** What kind of host this is; {@link Hosting#UNSPECIFIED} unless declared. */
  public Hosting hosting() {
    return hosting;
  }

  /** What the target can do; {@link Capabilities#all()} unless declared. */
  public Capabilities capabilities() {
    return capabilities;
  }

  /** What the target charges, or null if not declared. */
  public Price price() {
    return price;
  }

  /**
   * The most calls (and open streams) this target runs at once within one client, or 0 for no
   * limit. A call that finds the target full fails over to the next target with a
   * {@link dev.stateline.error.BulkheadFullException}.
   */
  public int maxConcurrentCalls() {
    return maxConcurrentCalls;
  }

  /**
   * The host name of the endpoint the target calls, such as {@code myres.openai.azure.com}, or null
   * if not declared. Telemetry reports it as {@code server.address}; never carries credentials or a
   * path.
   */
  public String serverAddress() {
    return serverAddress;
  }

  /** The endpoint's port, or 0 if not declared. */
  public int serverPort() {
    return serverPort;
  }

  @Override
  public String toString() {
    return "Target[" + name + ", " + provider + (region == null ? "" : ", " + region) + ", " + hosting
        + ", models=" + (anyModel ? "*" : models.keySet())
        + (embeddingModels.isEmpty() ? "" : ", embeds=" + embeddingModels.keySet()) + "]";
  }

  /** Builds a {@link Target}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private final ChatModel chatModel;
    private EmbeddingModel embeddingModel;
    private final Map<String, String> embeddingModels = new LinkedHashMap<>();
    private String provider;
    private Region region;
    private final Map<String, String> models = new LinkedHashMap<>();
    private boolean anyModel;
    private Hosting hosting;
    private Capabilities capabilities;
    private Price price;
    private int maxConcurrentCalls;
    private String serverAddress;
    private int serverPort;
    private ProcessingScope scope;
    private final Map<String, ProcessingScope> modelScopes = new LinkedHashMap<>();

    private Builder(String name, ChatModel chatModel) {
      this.name = name;
      this.chatModel = chatModel;
    }

    /** The provider's name, as in OpenTelemetry's {@code gen_ai.provider.name}. */
    public Builder provider(String provider) {
      this.provider = provider;
      return this;
    }

    public Builder region(Region region) {
      this.region = region;
      return this;
    }

    /** Serves {@code alias} as the provider model (or deployment) {@code providerModel}. */
    public Builder model(String alias, String providerModel) {
      if (alias == null || alias.isBlank() || providerModel == null || providerModel.isBlank()) {
        throw new IllegalArgumentException("model alias and provider model must be non-blank");
      }
      models.put(alias, providerModel);
      return this;
    }

    /** Serves {@code alias} under its own name. */
    public Builder model(String alias) {
      return model(alias, alias);
    }

    /**
     * The endpoint the target makes embeddings with; null for none. Provider modules set it (a
     * chat target of theirs may also embed); declare the aliases with {@link #embeds}.
     */
    public Builder embeddingModel(EmbeddingModel embeddingModel) {
      this.embeddingModel = embeddingModel;
      return this;
    }

    /**
     * Embeds {@code alias} as the provider model (or deployment) {@code providerModel}: embedding
     * calls for the alias may be placed here. Targets that embed the same alias must serve the same
     * model, as vectors of different models cannot be compared.
     */
    public Builder embeds(String alias, String providerModel) {
      if (alias == null || alias.isBlank() || providerModel == null || providerModel.isBlank()) {
        throw new IllegalArgumentException("embedding alias and provider model must be non-blank");
      }
      embeddingModels.put(alias, providerModel);
      return this;
    }

    /** Also serves unmapped aliases, under their own names. */
    public Builder anyModel() {
      this.anyModel = true;
      return this;
    }

    /** What kind of host the target is; see {@link Hosting}. Null means {@link Hosting#UNSPECIFIED}. */
    public Builder hosting(Hosting hosting) {
      this.hosting = hosting;
      return this;
    }

    /** What the target can do; null means {@link Capabilities#all()}. */
    public Builder capabilities(Capabilities capabilities) {
      this.capabilities = capabilities;
      return this;
    }

    /** What the target charges; null if unknown. */
    public Builder price(Price price) {
      this.price = price;
      return this;
    }

    /** The most concurrent calls on this target per client; 0 (the default) for no limit. */
    public Builder maxConcurrentCalls(int maxConcurrentCalls) {
      this.maxConcurrentCalls = maxConcurrentCalls;
      return this;
    }

    /**
     * The endpoint's host name and port, for telemetry ({@code server.address}, {@code server.port}).
     * Provider modules set it from their base URL; a host only, never credentials or a path. Null
     * (the default) for unknown.
     */
    public Builder serverAddress(String host, int port) {
      if (host != null && (host.isBlank() || host.contains("/") || host.contains("@"))) {
        throw new IllegalArgumentException("serverAddress must be a bare host name, such as api.openai.com");
      }
      this.serverAddress = host;
      this.serverPort = port;
      return this;
    }

    /**
     * Where the target may process its calls, when that is wider than (or other than) its region:
     * see {@link ProcessingScope}. Null (the default) means its region. Provider modules derive it
     * (Bedrock from the model id, Azure from the deployment type, OpenAI from the host).
     */
    public Builder processingScope(ProcessingScope scope) {
      this.scope = scope;
      return this;
    }

    /**
     * Where the target may process calls for {@code alias} (a target serving a Bedrock {@code eu.}
     * profile and a {@code global.} one under two aliases, say); overrides
     * {@link #processingScope(ProcessingScope)} for that alias. Null removes it.
     */
    public Builder processingScope(String alias, ProcessingScope scope) {
      if (alias == null || alias.isBlank()) {
        throw new IllegalArgumentException("a processing scope needs a non-blank model alias");
      }
      if (scope == null) {
        modelScopes.remove(alias);
      } else {
        modelScopes.put(alias, scope);
      }
      return this;
    }

    /**
     * @throws IllegalArgumentException if the name is malformed, no model is served,
     *     {@code maxConcurrentCalls} is negative or the server port out of range
     */
    public Target build() {
      return new Target(this);
    }
  }
}
