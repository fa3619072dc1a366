/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.spring.boot.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code stateline.*} properties from which {@link StatelineAutoConfiguration} builds the
 * application's {@code StatelineClient}. Bound by Spring Boot; mutable JavaBeans as binding needs,
 * not meant to be shared across threads while being bound. Every property is optional but
 * {@code stateline.targets}; a value that cannot work fails the application's start with an
 * {@link InvalidStatelinePropertyException} that names the property.
 */
@ConfigurationProperties(prefix = "stateline")
public class StatelineProperties {
  /** Whether to configure a StatelineClient at all. */
  private boolean enabled = true;
  /** The targets by name: where calls may run. At least one. */
  private Map<String, TargetProperties> targets = new LinkedHashMap<>();
  private final Placement placement = new Placement();
  private final Retry retry = new Retry();
  private final Timeouts timeouts = new Timeouts();
  private final SessionStore sessionStore = new SessionStore();
  /** A price book file (properties format, see docs/pricebook.example.properties); none by default. */
  private Path priceBook;
  private final Audit audit = new Audit();
  private final Observations observations = new Observations();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public Map<String, TargetProperties> getTargets() {
    return targets;
  }

  public void setTargets(Map<String, TargetProperties> targets) {
    this.targets = targets;
  }

  public Placement getPlacement() {
    return placement;
  }

  public Retry getRetry() {
    return retry;
  }

  public Timeouts getTimeouts() {
    return timeouts;
  }

  public SessionStore getSessionStore() {
    return sessionStore;
  }

  public Path getPriceBook() {
    return priceBook;
  }

  public void setPriceBook(Path priceBook) {
    this.priceBook = priceBook;
  }

  public Audit getAudit() {
    return audit;
  }

  public Observations getObservations() {
    return observations;
  }

  /** The providers a target can be on. */
  public enum Provider {
    /** Azure OpenAI (stateline-azure): stateless calls. */
    AZURE_OPENAI,
    /** OpenAI directly (stateline-openai). */
    OPENAI,
    /** Amazon Bedrock Converse (stateline-aws): stateful work. */
    BEDROCK,
    /** Amazon Bedrock's OpenAI-compatible Responses API (stateline-aws): stateful work, server-held state. */
    BEDROCK_OPENAI
  }

  /** One target. */
  public static class TargetProperties {
    /** Which provider the target is on. Required. */
    private Provider provider;
    /**
     * The endpoint: Azure OpenAI's resource URL (required there); OpenAI's base URL; for Bedrock, an
     * endpoint override (a VPC endpoint, an emulator). Plain http only on loopback.
     */
    private String endpoint;
    /**
     * The region: the Azure region (such as swedencentral) or the AWS region (such as eu-central-1,
     * required for Bedrock). Residency is decided from it.
     */
    private String region;
    /**
     * An API key (Azure OpenAI, OpenAI, Bedrock's OpenAI API). Without one, Azure targets use the
     * application's TokenCredential bean or DefaultAzureCredential, Bedrock targets the application's
     * AwsCredentialsProvider bean or the AWS default chain. Never logged.
     */
    private String apiKey;
    /**
     * Model alias to the provider's model id or Azure deployment; in YAML write an alias with a dot
     * in brackets: {@code "[gpt-4.1]": gpt41-prod}. At least one.
     */
    private Map<String, String> models = new LinkedHashMap<>();
    /** At most this many calls in flight on the target (its bulkhead); unlimited if unset. */
    private Integer maxConcurrentCalls;
    /**
     * Azure OpenAI only: the deployments' type, which says where Azure processes the data
     * (standard, provisioned: the region; data-zone-standard, data-zone-provisioned,
     * data-zone-batch: the resource's EU or US data zone; global-standard, global-provisioned,
     * global-batch: any Azure region). Required under a residency rule: an Azure target whose type
     * is not declared is excluded (fail closed).
     */
    private String deploymentType;

    public Provider getProvider() {
      return provider;
    }

    public void setProvider(Provider provider) {
      this.provider = provider;
    }

    public String getEndpoint() {
      return endpoint;
    }

    public void setEndpoint(String endpoint) {
      this.endpoint = endpoint;
    }

    public String getRegion() {
      return region;
    }

    public void setRegion(String region) {
      this.region = region;
    }

    public String getApiKey() {
      return apiKey;
    }

    public void setApiKey(String apiKey) {
      this.apiKey = apiKey;
    }

    public Map<String, String> getModels() {
      return models;
    }

    public void setModels(Map<String, String> models) {
      this.models = models;
    }

    public Integer getMaxConcurrentCalls() {
      return maxConcurrentCalls;
    }

    public String getDeploymentType() {
      return deploymentType;
    }

    public void setDeploymentType(String deploymentType) {
      this.deploymentType = deploymentType;
    }

    public void setMaxConcurrentCalls(Integer maxConcurrentCalls) {
      this.maxConcurrentCalls = maxConcurrentCalls;
    }

    /** No API key here, ever: the key is a secret. */
    @Override
    public String toString() {
      return "TargetProperties[provider=" + provider + ", endpoint=" + endpoint + ", region=" + region
          + ", apiKey=" + (apiKey == null ? "none" : "***") + ", models=" + models
          + (deploymentType == null ? "" : ", deploymentType=" + deploymentType) + "]";
    }
  }

  /** Placement: the standard policy's residency, preferences and provider allowances. */
  public static class Placement {
    /**
     * Where calls may run: {@code EU} (Stateline's EU jurisdiction), or unset for anywhere. See also
     * residency-regions.
     */
    private String residency;
    /**
     * A jurisdiction of your own: regions as cloud/name (azure/swedencentral, aws/eu-central-1);
     * replaces residency when set.
     */
    private List<String> residencyRegions = new ArrayList<>();
    /** Target names to prefer, in order, among the eligible ones. */
    private List<String> prefer = new ArrayList<>();
    /**
     * Providers allowed for a kind of call beyond where it is hosted by default (stateless on Azure
     * OpenAI, stateful on AWS).
     */
    private List<Allowance> allowProviders = new ArrayList<>();

    public String getResidency() {
      return residency;
    }

    public void setResidency(String residency) {
      this.residency = residency;
    }

    public List<String> getResidencyRegions() {
      return residencyRegions;
    }

    public void setResidencyRegions(List<String> residencyRegions) {
      this.residencyRegions = residencyRegions;
    }

    public List<String> getPrefer() {
      return prefer;
    }

    public void setPrefer(List<String> prefer) {
      this.prefer = prefer;
    }

    public List<Allowance> getAllowProviders() {
      return allowProviders;
    }

    public void setAllowProviders(List<Allowance> allowProviders) {
      this.allowProviders = allowProviders;
    }
  }

  /** One provider allowance. */
  public static class Allowance {
    /** The kind of call: stateless or stateful. Required. */
    private dev.stateline.placement.CallKind kind;
    /** The provider name the targets report (openai, azure.ai.openai, aws.bedrock). Required. */
    private String provider;
    /** Only for this model alias; every alias if unset. */
    private String alias;

    public dev.stateline.placement.CallKind getKind() {
      return kind;
    }

    public void setKind(dev.stateline.placement.CallKind kind) {
      this.kind = kind;
    }

    public String getProvider() {
      return provider;
    }

    public void setProvider(String provider) {
      this.provider = provider;
    }

    public String getAlias() {
      return alias;
    }

    public void setAlias(String alias) {
      this.alias = alias;
    }
  }

  /** The built-in retry on each target. */
  public static class Retry {
    /** Attempts per target, the first included (1 = no retry); Stateline's default if unset. */
    private Integer maxAttempts;
    /** The first backoff. */
    private Duration initialBackoff;
    /** The longest backoff. */
    private Duration maxBackoff;
    /** The longest Retry-After honoured. */
    private Duration maxRetryAfter;

    public Integer getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(Integer maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    public Duration getInitialBackoff() {
      return initialBackoff;
    }

    public void setInitialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
    }

    public Duration getMaxBackoff() {
      return maxBackoff;
    }

    public void setMaxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
    }

    public Duration getMaxRetryAfter() {
      return maxRetryAfter;
    }

    public void setMaxRetryAfter(Duration maxRetryAfter) {
      this.maxRetryAfter = maxRetryAfter;
    }
  }

  /** Per-call timeouts; Stateline's defaults where unset. */
  public static class Timeouts {
    /** Connect timeout. */
    private Duration connect;
    /** Read timeout: the longest silence between bytes. */
    private Duration read;
    /** The whole call, all attempts included. */
    private Duration total;

    public Duration getConnect() {
      return connect;
    }

    public void setConnect(Duration connect) {
      this.connect = connect;
    }

    public Duration getRead() {
      return read;
    }

    public void setRead(Duration read) {
      this.read = read;
    }

    public Duration getTotal() {
      return total;
    }

    public void setTotal(Duration total) {
      this.total = total;
    }
  }

  /** Where session state is kept. */
  public static class SessionStore {
    /** Which store: memory (the default), file (stateline-session-file) or dynamodb (stateline-aws). */
    private Type type = Type.MEMORY;
    /** The directory of the file store. Required for type file. */
    private Path directory;
    /** The table of the DynamoDB store. Required for type dynamodb. */
    private String table;
    /** The AWS region of the DynamoDB table; the SDK's default region if unset. */
    private String region;
    /** An endpoint override for DynamoDB (a VPC endpoint, an emulator). */
    private String endpoint;
    /** How long an idle session is kept (file and dynamodb); forever if unset. */
    private Duration ttl;

    public Type getType() {
      return type;
    }

    public void setType(Type type) {
      this.type = type;
    }

    public Path getDirectory() {
      return directory;
    }

    public void setDirectory(Path directory) {
      this.directory = directory;
    }

    public String getTable() {
      return table;
    }

    public void setTable(String table) {
      this.table = table;
    }

    public String getRegion() {
      return region;
    }

    public void setRegion(String region) {
      this.region = region;
    }

    public String getEndpoint() {
      return endpoint;
    }

    public void setEndpoint(String endpoint) {
      this.endpoint = endpoint;
    }

    public Duration getTtl() {
      return ttl;
    }

    public void setTtl(Duration ttl) {
      this.ttl = ttl;
    }

    /** The session store types. */
    public enum Type {
      /** In memory: lost when the application stops. */
      MEMORY,
      /** A local directory, crash-safe (stateline-session-file). */
      FILE,
      /** A DynamoDB table (stateline-aws). */
      DYNAMODB
    }
  }

  /** The hash-chained audit trail (stateline-governance). */
  public static class Audit {
    /** The audit trail's file; no audit trail if unset. */
    private Path file;

    public Path getFile() {
      return file;
    }

    public void setFile(Path file) {
      this.file = file;
    }
  }

  /** Micrometer observations (stateline-micrometer and an ObservationRegistry bean). */
  public static class Observations {
    /** Whether to record one observation per call when Micrometer is there. */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }
}
