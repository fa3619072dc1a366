/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.spring.boot.autoconfigure;

import dev.stateline.PriceBook;
import dev.stateline.Region;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.Timeouts;
import dev.stateline.audit.AuditTrail;
import dev.stateline.micrometer.StatelineObservations;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.policy.StandardPolicy;
import dev.stateline.session.InMemorySessionStore;
import dev.stateline.session.SessionStore;
import dev.stateline.spring.boot.autoconfigure.StatelineProperties.TargetProperties;
import dev.stateline.spring.boot.autoconfigure.internal.OptionalParts;
import dev.stateline.spring.boot.autoconfigure.internal.ProviderTargets;
import dev.stateline.telemetry.Telemetry;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

/**
 * Auto-configures a {@link StatelineClient} from {@link StatelineProperties} ({@code stateline.*}):
 * its targets, placement policy, retry policy, timeouts, session store, price book and telemetry.
 * Every part is a bean of its own that the application replaces by defining one of the same type
 * ({@code @ConditionalOnMissingBean}); {@link Target} and {@link Telemetry} beans of the
 * application are added to the client's. The client is closed with the context.
 *
 * <p>Credentials come from the properties' {@code api-key}, else from the application's
 * {@code TokenCredential} / {@code AwsCredentialsProvider} bean, else from
 * {@code DefaultAzureCredential} and the AWS default chain. They are never logged.
 *
 * <p>Switch it off with {@code stateline.enabled=false}.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration"})
@ConditionalOnClass(StatelineClient.class)
@ConditionalOnProperty(prefix = "stateline", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(StatelineProperties.class)
public class StatelineAutoConfiguration {
  private static final String P = "stateline.";

  /** The standard placement policy with the residency, preferences and allowances of the properties. */
  @Bean
  @ConditionalOnMissingBean
  public PlacementPolicy statelinePlacementPolicy(StatelineProperties properties) {
    StatelineProperties.Placement p = properties.getPlacement();
    StandardPolicy policy = PlacementPolicy.standard();
    if (!p.getResidencyRegions().isEmpty()) {
      List<Region> regions = new ArrayList<>();
      for (int i = 0; i < p.getResidencyRegions().size(); i++) {
        regions.add(region(P + "placement.residency-regions[" + i + "]", p.getResidencyRegions().get(i)));
      }
      policy = policy.residency(Jurisdiction.of(p.getResidency() != null ? p.getResidency() : "custom", regions));
    } else if (p.getResidency() != null) {
      if (!p.getResidency().equalsIgnoreCase("EU")) {
        throw new InvalidStatelinePropertyException(P + "placement.residency",
            "'" + p.getResidency() + "' is not a jurisdiction Stateline knows (EU); list the regions in"
                + " stateline.placement.residency-regions instead");
      }
      policy = policy.residency(Jurisdiction.EU);
    }
    for (int i = 0; i < p.getAllowProviders().size(); i++) {
      StatelineProperties.Allowance a = p.getAllowProviders().get(i);
      String name = P + "placement.allow-providers[" + i + "]";
      if (a.getKind() == null) {
        throw new InvalidStatelinePropertyException(name + ".kind", "must be set (stateless or stateful)");
      }
      if (a.getProvider() == null || a.getProvider().isBlank()) {
        throw new InvalidStatelinePropertyException(name + ".provider", "must be set (such as openai)");
      }
      policy = a.getAlias() == null ? policy.allowProvider(a.getKind(), a.getProvider())
          : policy.allowProvider(a.getAlias(), a.getKind(), a.getProvider());
    }
    Map<String, TargetProperties> targets = properties.getTargets();
    for (int i = 0; i < p.getPrefer().size(); i++) {
      if (!targets.isEmpty() && !targets.containsKey(p.getPrefer().get(i))) {
        throw new InvalidStatelinePropertyException(P + "placement.prefer[" + i + "]",
            "no target is named '" + p.getPrefer().get(i) + "'; the targets are " + targets.keySet());
      }
    }
    if (!p.getPrefer().isEmpty()) {
      policy = policy.prefer(p.getPrefer().toArray(String[]::new));
    }
    return policy;
  }

  /** The retry policy of the properties, Stateline's defaults where unset. */
  @Bean
  @ConditionalOnMissingBean
  public RetryPolicy statelineRetryPolicy(StatelineProperties properties) {
    StatelineProperties.Retry r = properties.getRetry();
    if (r.getMaxAttempts() == null && r.getInitialBackoff() == null && r.getMaxBackoff() == null
        && r.getMaxRetryAfter() == null) {
      return RetryPolicy.defaults();
    }
    RetryPolicy.Builder b = RetryPolicy.builder();
    return guarded(P + "retry", () -> {
      if (r.getMaxAttempts() != null) {
        b.maxAttempts(r.getMaxAttempts());
      }
      if (r.getInitialBackoff() != null) {
        b.initialBackoff(r.getInitialBackoff());
      }
      if (r.getMaxBackoff() != null) {
        b.maxBackoff(r.getMaxBackoff());
      }
      if (r.getMaxRetryAfter() != null) {
        b.maxRetryAfter(r.getMaxRetryAfter());
      }
      return b.build();
    });
  }

  /** The session store of {@code stateline.session-store.type}. */
  @Bean
  @ConditionalOnMissingBean
  public SessionStore statelineSessionStore(StatelineProperties properties, BeanFactory beans) {
    StatelineProperties.SessionStore s = properties.getSessionStore();
    String name = P + "session-store";
    switch (s.getType()) {
      case FILE:
        requireClass(name + ".type", "dev.stateline.session.file.FileSessionStore", "stateline-session-file");
        if (s.getDirectory() == null) {
          throw new InvalidStatelinePropertyException(name + ".directory", "must be set for a file session store");
        }
        return guarded(name, () -> OptionalParts.Files.store(s));
      case DYNAMODB:
        requireClass(name + ".type", "dev.stateline.aws.DynamoDbSessionStore", "stateline-aws");
        if (s.getTable() == null || s.getTable().isBlank()) {
          throw new InvalidStatelinePropertyException(name + ".table", "must be set for a DynamoDB session store");
        }
        return guarded(name, () -> OptionalParts.Dynamo.store(s, beans));
      default:
        return InMemorySessionStore.builder().build();
    }
  }

  /** The client: the properties' targets and the application's Target beans, and every Telemetry bean. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public StatelineClient statelineClient(StatelineProperties properties, BeanFactory beans,
      PlacementPolicy placement, RetryPolicy retryPolicy, SessionStore sessionStore,
      ObjectProvider<Target> targetBeans, ObjectProvider<Telemetry> telemetry, ObjectProvider<PriceBook> priceBook) {
    StatelineClient.Builder b = StatelineClient.builder();
    int targets = 0;
    for (Map.Entry<String, TargetProperties> e : properties.getTargets().entrySet()) {
      b.target(target(e.getKey(), e.getValue(), beans));
      targets++;
    }
    for (Target t : targetBeans.orderedStream().toList()) {
      b.target(t);
      targets++;
    }
    if (targets == 0) {
      throw new InvalidStatelinePropertyException(P + "targets",
          "no target is configured: add one under stateline.targets (or define a Target bean)");
    }
    b.placement(placement).retryPolicy(retryPolicy).sessionStore(sessionStore);
    b.timeouts(timeouts(properties.getTimeouts()));
    telemetry.orderedStream().forEach(b::telemetry);
    priceBook.ifAvailable(b::priceBook);
    return b.build();
  }

  /** The price book of {@code stateline.price-book}. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "stateline", name = "price-book")
  public PriceBook statelinePriceBook(StatelineProperties properties) {
    try {
      return PriceBook.load(properties.getPriceBook());
    } catch (IOException | RuntimeException e) {
      throw new InvalidStatelinePropertyException(P + "price-book", "cannot be read: " + e.getMessage());
    }
  }

  /** The audit trail of {@code stateline.audit.file}, closed after the client. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(AuditTrail.class)
  @ConditionalOnProperty(prefix = "stateline.audit", name = "file")
  static class AuditConfiguration {
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    AuditTrail statelineAuditTrail(StatelineProperties properties) {
      try {
        return AuditTrail.toFile(properties.getAudit().getFile());
      } catch (IOException | RuntimeException e) {
        throw new InvalidStatelinePropertyException(P + "audit.file", "cannot be opened: " + e.getMessage());
      }
    }
  }

  /** One Micrometer observation per call, when there is an ObservationRegistry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({StatelineObservations.class, ObservationRegistry.class})
  @ConditionalOnBean(ObservationRegistry.class)
  @ConditionalOnProperty(prefix = "stateline.observations", name = "enabled", matchIfMissing = true)
  static class ObservationConfiguration {
    @Bean
    @ConditionalOnMissingBean
    StatelineObservations statelineObservations(ObservationRegistry registry) {
      return StatelineObservations.of(registry);
    }
  }

  /** The DynamoDB client of the DynamoDB session store, unless the application has one; closed with the context. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {"software.amazon.awssdk.services.dynamodb.DynamoDbClient",
      "dev.stateline.aws.DynamoDbSessionStore"})
  @ConditionalOnProperty(prefix = "stateline.session-store", name = "type", havingValue = "dynamodb")
  static class DynamoDbConfiguration {
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    software.amazon.awssdk.services.dynamodb.DynamoDbClient statelineDynamoDbClient(StatelineProperties properties,
        BeanFactory beans) {
      return OptionalParts.Dynamo.client(properties.getSessionStore(), beans);
    }
  }

  static Target target(String name, TargetProperties p, BeanFactory beans) {
    String prefix = P + "targets." + name;
    if (p.getProvider() == null) {
      throw new InvalidStatelinePropertyException(prefix + ".provider",
          "must be set: azure-openai, openai, bedrock or bedrock-openai");
    }
    if (p.getModels().isEmpty()) {
      throw new InvalidStatelinePropertyException(prefix + ".models",
          "must map at least one model alias to the provider's model or deployment");
    }
    switch (p.getProvider()) {
      case AZURE_OPENAI:
        requireClass(prefix + ".provider", "dev.stateline.azure.AzureOpenAi", "stateline-azure");
        require(prefix + ".endpoint", p.getEndpoint(), "the Azure OpenAI resource's URL");
        return guarded(prefix, () -> ProviderTargets.Azure.build(name, p, beans));
      case OPENAI:
        requireClass(prefix + ".provider", "dev.stateline.openai.OpenAi", "stateline-openai");
        require(prefix + ".api-key", p.getApiKey(), "the OpenAI API key");
        return guarded(prefix, () -> ProviderTargets.Direct.build(name, p));
      case BEDROCK:
        requireClass(prefix + ".provider", "dev.stateline.aws.Bedrock", "stateline-aws");
        require(prefix + ".region", p.getRegion(), "the AWS region, such as eu-central-1");
        return guarded(prefix, () -> ProviderTargets.Aws.bedrock(name, p, beans));
      case BEDROCK_OPENAI:
        requireClass(prefix + ".provider", "dev.stateline.aws.BedrockOpenAi", "stateline-aws");
        require(prefix + ".region", p.getRegion(), "the AWS region, such as us-east-1");
        return guarded(prefix, () -> ProviderTargets.Aws.bedrockOpenAi(name, p, beans));
      default:
        throw new IllegalStateException(p.getProvider().toString());
    }
  }

  private static Timeouts timeouts(StatelineProperties.Timeouts t) {
    Timeouts out = Timeouts.DEFAULT;
    try {
      if (t.getConnect() != null) {
        out = out.withConnect(t.getConnect());
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidStatelinePropertyException(P + "timeouts.connect", e.getMessage());
    }
    try {
      if (t.getRead() != null) {
        out = out.withRead(t.getRead());
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidStatelinePropertyException(P + "timeouts.read", e.getMessage());
    }
    try {
      if (t.getTotal() != null) {
        out = out.withTotal(t.getTotal());
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidStatelinePropertyException(P + "timeouts.total", e.getMessage());
    }
    return out;
  }

  private static Region region(String property, String value) {
    int slash = value.indexOf('/');
    if (slash <= 0 || slash == value.length() - 1) {
      throw new InvalidStatelinePropertyException(property, "'" + value + "' is not cloud/region, such as"
          + " azure/swedencentral or aws/eu-central-1");
    }
    String cloud = value.substring(0, slash).toLowerCase(Locale.ROOT);
    String name = value.substring(slash + 1);
    return guarded(property, () -> new Region(cloud, name));
  }

  private static void require(String property, String value, String what) {
    if (value == null || value.isBlank()) {
      throw new InvalidStatelinePropertyException(property, "must be set: " + what);
    }
  }

  private static void requireClass(String property, String className, String artifact) {
    if (!ClassUtils.isPresent(className, StatelineAutoConfiguration.class.getClassLoader())) {
      throw new InvalidStatelinePropertyException(property, "needs " + artifact + " on the classpath");
    }
  }

  private interface Part<T> {
    T get();
  }

  /** Runs {@code part}, turning the builders' IllegalArgumentException into one naming {@code property}. */
  private static <T> T guarded(String property, Part<T> part) {
    try {
      return part.get();
    } catch (IllegalArgumentException | IllegalStateException e) {
      if (e instanceof InvalidStatelinePropertyException) {
        throw e;
      }
      throw new InvalidStatelinePropertyException(property, e.getMessage());
    }
  }
}
