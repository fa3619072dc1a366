/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.emulators;

import dev.stateline.Region;
import dev.stateline.Target;
import dev.stateline.aws.Bedrock;
import dev.stateline.aws.BedrockEndpoint;
import dev.stateline.aws.BedrockManagedAgent;
import dev.stateline.aws.BedrockOpenAi;
import dev.stateline.azure.AzureDeploymentType;
import dev.stateline.azure.AzureOpenAi;
import dev.stateline.openai.OpenAi;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Builds provider targets with the provider modules' public builders, the same calls an application
 * makes ({@code AzureOpenAi.target(name).endpoint(...)...build()}), pointed at an emulator.
 * {@code stateline-testing} depends on the provider modules; their own tests use
 * {@code stateline-emulators}, which does not. Stateless and thread-safe; package-private.
 */
final class ProviderTargets {
  private ProviderTargets() {}

  static Target azure(String name, String endpoint, String apiKey, String region, String alias, String deployment,
      String embeddingAlias, String embeddingDeployment) {
    return AzureOpenAi.target(name)
        .endpoint(endpoint)
        .apiKey(apiKey)
        .deployment(alias, deployment)
        .embeddingDeployment(embeddingAlias, embeddingDeployment)
        .region(region)
        // The emulator serves a Standard (regional) deployment: processed in its region.
        .deploymentType(AzureDeploymentType.STANDARD)
        .build();
  }

  static Target bedrock(String name, URI endpoint, String region, String alias, String modelId,
      String accessKeyId, String secretAccessKey) {
    return Bedrock.target(name)
        .region(region)
        .model(alias, modelId)
        .credentialsProvider(awsCredentials(accessKeyId, secretAccessKey))
        .endpointOverride(endpoint)
        .build();
  }

  /**
   * A target on Bedrock's OpenAI-compatible endpoint {@code surface} ({@code RUNTIME} or
   * {@code MANTLE}, a {@link BedrockEndpoint}), SigV4-signed with static credentials.
   */
  static Target bedrockOpenAi(String name, URI endpoint, String region, String surface, String alias, String modelId,
      String accessKeyId, String secretAccessKey) {
    return BedrockOpenAi.target(name)
        .region(region)
        .endpoint(BedrockEndpoint.valueOf(surface))
        .model(alias, modelId)
        .credentialsProvider(awsCredentials(accessKeyId, secretAccessKey))
        .endpointOverride(endpoint)
        .build();
  }

  /**
   * A Bedrock Managed Agents target serving {@code alias} with one agent ({@code agentName}, on
   * {@code model}, self-hosted in {@code /workspace}, session role {@code roleArn}), SigV4-signed.
   */
  static Target bedrockManagedAgent(String name, URI endpoint, String region, String alias, String agentName,
      String model, String roleArn, String accessKeyId, String secretAccessKey) {
    BedrockManagedAgent.Agent agent = BedrockManagedAgent.Agent.builder(agentName)
        .model(model)
        .environment(BedrockManagedAgent.Environment.selfHosted("/workspace"))
        .build();
    return BedrockManagedAgent.target(name)
        .region(region)
        .roleArn(roleArn)
        .agent(alias, agent)
        .credentialsProvider(awsCredentials(accessKeyId, secretAccessKey))
        .endpointOverride(endpoint)
        .build();
  }

  private static StaticCredentialsProvider awsCredentials(String accessKeyId, String secretAccessKey) {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
  }

  static Target openAi(String name, String baseUrl, String apiKey, Region region, String alias, String model) {
    return OpenAi.target(name)
        .apiKey(apiKey)
        .baseUrl(baseUrl)
        .model(alias, model)
        .region(region)
        .build();
  }
}
