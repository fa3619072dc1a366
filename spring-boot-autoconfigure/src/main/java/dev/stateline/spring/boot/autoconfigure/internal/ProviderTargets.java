/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.spring.boot.autoconfigure.internal;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.DefaultAzureCredentialBuilder;
import dev.stateline.Region;
import dev.stateline.Target;
import dev.stateline.aws.Bedrock;
import dev.stateline.aws.BedrockOpenAi;
import dev.stateline.azure.AzureDeploymentType;
import dev.stateline.azure.AzureOpenAi;
import dev.stateline.openai.OpenAi;
import dev.stateline.spring.boot.autoconfigure.InvalidStatelinePropertyException;
import dev.stateline.spring.boot.autoconfigure.StatelineProperties.TargetProperties;
import java.net.URI;
import java.util.Map;
import org.springframework.beans.factory.BeanFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Builds one provider's targets. Each provider has its own nested class, loaded only when a target
 * of that provider is configured, so a missing provider module fails with a message naming the
 * property instead of a NoClassDefFoundError. Stateless.
 */
public final class ProviderTargets {
  private ProviderTargets() {}

  /** Azure OpenAI; credential: the api key, else the TokenCredential bean, else DefaultAzureCredential. */
  public static final class Azure {
    private Azure() {}

    public static Target build(String name, TargetProperties p, BeanFactory beans) {
      AzureOpenAi.TargetBuilder b = AzureOpenAi.target(name).endpoint(p.getEndpoint());
      if (p.getRegion() != null) {
        b.region(p.getRegion());
      }
      for (Map.Entry<String, String> m : p.getModels().entrySet()) {
        b.deployment(m.getKey(), m.getValue());
      }
      if (p.getApiKey() != null) {
        b.apiKey(p.getApiKey());
      } else {
        TokenCredential credential = beans.getBeanProvider(TokenCredential.class).getIfAvailable();
        b.credential(credential != null ? credential : new DefaultAzureCredentialBuilder().build());
      }
      if (p.getMaxConcurrentCalls() != null) {
        b.maxConcurrentCalls(p.getMaxConcurrentCalls());
      }
      if (p.getDeploymentType() != null) {
        b.deploymentType(deploymentType(name, p.getDeploymentType()));
      }
      return b.build();
    }

    /** {@code data-zone-standard}, {@code DataZoneStandard} or {@code DATA_ZONE_STANDARD}. */
    static AzureDeploymentType deploymentType(String target, String value) {
      String wanted = value.replace("-", "").replace("_", "").trim();
      for (AzureDeploymentType t : AzureDeploymentType.values()) {
        if (t.name().replace("_", "").equalsIgnoreCase(wanted) || t.skuName().equalsIgnoreCase(wanted)) {
          return t;
        }
      }
      throw new InvalidStatelinePropertyException("stateline.targets." + target + ".deployment-type",
          "is '" + value + "', not one of standard, provisioned, data-zone-standard, data-zone-provisioned,"
              + " data-zone-batch, global-standard, global-provisioned, global-batch");
    }
  }

  /** OpenAI directly; the api key is required. */
  public static final class Direct {
    private Direct() {}

    public static Target build(String name, TargetProperties p) {
      OpenAi.TargetBuilder b = OpenAi.target(name).apiKey(p.getApiKey());
      if (p.getEndpoint() != null) {
        b.baseUrl(p.getEndpoint());
      }
      if (p.getRegion() != null) {
        b.region(Region.openai(p.getRegion()));
      }
      for (Map.Entry<String, String> m : p.getModels().entrySet()) {
        b.model(m.getKey(), m.getValue());
      }
      if (p.getMaxConcurrentCalls() != null) {
        b.maxConcurrentCalls(p.getMaxConcurrentCalls());
      }
      return b.build();
    }
  }

  /** Bedrock Converse; credentials: the AwsCredentialsProvider bean, else the AWS default chain. */
  public static final class Aws {
    private Aws() {}

    public static Target bedrock(String name, TargetProperties p, BeanFactory beans) {
      Bedrock.Builder b = Bedrock.target(name).region(p.getRegion());
      for (Map.Entry<String, String> m : p.getModels().entrySet()) {
        b.model(m.getKey(), m.getValue());
      }
      AwsCredentialsProvider credentials = beans.getBeanProvider(AwsCredentialsProvider.class).getIfAvailable();
      if (credentials != null) {
        b.credentialsProvider(credentials);
      }
      if (p.getEndpoint() != null) {
        b.endpointOverride(URI.create(p.getEndpoint()));
      }
      if (p.getMaxConcurrentCalls() != null) {
        b.maxConcurrentCalls(p.getMaxConcurrentCalls());
      }
      return b.build();
    }

    public static Target bedrockOpenAi(String name, TargetProperties p, BeanFactory beans) {
      BedrockOpenAi.Builder b = BedrockOpenAi.target(name).region(p.getRegion());
      for (Map.Entry<String, String> m : p.getModels().entrySet()) {
        b.model(m.getKey(), m.getValue());
      }
      if (p.getApiKey() != null) {
        b.apiKey(p.getApiKey());
      } else {
        AwsCredentialsProvider credentials = beans.getBeanProvider(AwsCredentialsProvider.class).getIfAvailable();
        if (credentials != null) {
          b.credentialsProvider(credentials);
        }
      }
      if (p.getEndpoint() != null) {
        b.endpointOverride(URI.create(p.getEndpoint()));
      }
      if (p.getMaxConcurrentCalls() != null) {
        b.maxConcurrentCalls(p.getMaxConcurrentCalls());
      }
      return b.build();
    }
  }
}
