package dev.stateline;

import dev.stateline.spi.ChatModel;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A place a call can run: one provider endpoint ({@link ChatModel}), in one {@link Region}, serving
 * a set of model aliases, each mapped to the provider's own model name or deployment.
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

  private Target(Builder b) {
    if (b.name == null || !NAME.matcher(b.name).matches()) {
      throw new IllegalArgumentException("target name '" + b.name
          + "' must be 1-64 characters of letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    this.name = b.name;
    this.chatModel = Objects.requireNonNull(b.chatModel, "chatModel");
    this.provider = b.provider == null ? "custom" : b.provider;
    this.region = b.region;
    this.models = Collections.unmodifiableMap(new LinkedHashMap<>(b.models));
    this.anyModel = b.anyModel;
    if (models.isEmpty() && !anyModel) {
      throw new IllegalArgumentException("target '" + name
          + "' serves no model: add model(alias, providerModel) or allow anyModel()");
    }
  }

  /**
   * A builder for a target named {@code name} (unique within a client) answering through
   * {@code chatModel}.
   */
  public static Builder builder(String name, ChatModel chatModel) {
    return new Builder(name, chatModel);
  }

  public Builder toBuilder() {
    Builder b = new Builder(name, chatModel).provider(provider).region(region);
    b.models.putAll(models);
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

  /** The provider endpoint. */
  public ChatModel chatModel() {
    return chatModel;
  }

  @Override
  public String toString() {
    return "Target[" + name + ", " + provider + (region == null ? "" : ", " + region)
        + ", models=" + (anyModel ? "*" : models.keySet()) + "]";
  }

  /** Builds a {@link Target}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private final ChatModel chatModel;
    private String provider;
    private Region region;
    private final Map<String, String> models = new LinkedHashMap<>();
    private boolean anyModel;

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

    /** Also serves unmapped aliases, under their own names. */
    public Builder anyModel() {
      this.anyModel = true;
      return this;
    }

    public Target build() {
      return new Target(this);
    }
  }
}
