/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.emulators;

import dev.stateline.Region;
import dev.stateline.Target;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;

/**
 * Builds provider targets through the provider modules' public builders, found on the classpath.
 *
 * <p>{@code stateline-testing} cannot depend on the provider modules at compile time: they depend
 * on it for their own tests, and Maven forbids the cycle. So the builders are called by name, with
 * the same calls an application makes ({@code AzureOpenAi.target(name).endpoint(...)...build()}).
 * A missing provider module is an {@link IllegalStateException} that names the artifact to add.
 * Stateless and thread-safe; package-private.
 */
final class ProviderTargets {
  private ProviderTargets() {}

  static Target azure(String name, String endpoint, String apiKey, String region, String alias, String deployment,
      String embeddingAlias, String embeddingDeployment) {
    Object b = begin("dev.stateline.azure.AzureOpenAi", "stateline-azure", name);
    b = call(b, "endpoint", endpoint);
    b = call(b, "apiKey", apiKey);
    b = call(b, "deployment", alias, deployment);
    b = call(b, "embeddingDeployment", embeddingAlias, embeddingDeployment);
    b = call(b, "region", region);
    return (Target) call(b, "build");
  }

  static Target bedrock(String name, URI endpoint, String region, String alias, String modelId,
      String accessKeyId, String secretAccessKey) {
    Object b = begin("dev.stateline.aws.Bedrock", "stateline-aws", name);
    b = call(b, "region", region);
    b = call(b, "model", alias, modelId);
    b = call(b, "credentialsProvider", awsCredentials(accessKeyId, secretAccessKey));
    b = call(b, "endpointOverride", endpoint);
    return (Target) call(b, "build");
  }

  /**
   * A target on Bedrock's OpenAI-compatible endpoint {@code surface} ({@code RUNTIME} or
   * {@code MANTLE}, a {@code dev.stateline.aws.BedrockEndpoint}), SigV4-signed with static credentials.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Target bedrockOpenAi(String name, URI endpoint, String region, String surface, String alias, String modelId,
      String accessKeyId, String secretAccessKey) {
    Object b = begin("dev.stateline.aws.BedrockOpenAi", "stateline-aws", name);
    Class endpointType = load("dev.stateline.aws.BedrockEndpoint", "stateline-aws");
    b = call(b, "region", region);
    b = call(b, "endpoint", Enum.valueOf(endpointType, surface));
    b = call(b, "model", alias, modelId);
    b = call(b, "credentialsProvider", awsCredentials(accessKeyId, secretAccessKey));
    b = call(b, "endpointOverride", endpoint);
    return (Target) call(b, "build");
  }

  /**
   * A Bedrock Managed Agents target serving {@code alias} with one agent ({@code agentName}, on
   * {@code model}, self-hosted in {@code /workspace}, session role {@code roleArn}), SigV4-signed.
   */
  static Target bedrockManagedAgent(String name, URI endpoint, String region, String alias, String agentName,
      String model, String roleArn, String accessKeyId, String secretAccessKey) {
    Class<?> agentType = load("dev.stateline.aws.BedrockManagedAgent$Agent", "stateline-aws");
    Class<?> environmentType = load("dev.stateline.aws.BedrockManagedAgent$Environment", "stateline-aws");
    Object agent = invokeStatic(agentType, "builder", agentName);
    agent = call(agent, "model", model);
    agent = call(agent, "environment", invokeStatic(environmentType, "selfHosted", "/workspace", new String[0]));
    agent = call(agent, "build");
    Object b = begin("dev.stateline.aws.BedrockManagedAgent", "stateline-aws", name);
    b = call(b, "region", region);
    b = call(b, "roleArn", roleArn);
    b = call(b, "agent", alias, agent);
    b = call(b, "credentialsProvider", awsCredentials(accessKeyId, secretAccessKey));
    b = call(b, "endpointOverride", endpoint);
    return (Target) call(b, "build");
  }

  private static Object awsCredentials(String accessKeyId, String secretAccessKey) {
    Object credentials = invokeStatic(load("software.amazon.awssdk.auth.credentials.AwsBasicCredentials", "stateline-aws"),
        "create", accessKeyId, secretAccessKey);
    return invokeStatic(load("software.amazon.awssdk.auth.credentials.StaticCredentialsProvider", "stateline-aws"),
        "create", credentials);
  }

  static Target openAi(String name, String baseUrl, String apiKey, Region region, String alias, String model) {
    Object b = begin("dev.stateline.openai.OpenAi", "stateline-openai", name);
    b = call(b, "apiKey", apiKey);
    b = call(b, "baseUrl", baseUrl);
    b = call(b, "model", alias, model);
    b = call(b, "region", region);
    return (Target) call(b, "build");
  }

  private static Object begin(String className, String artifact, String targetName) {
    return invokeStatic(load(className, artifact), "target", targetName);
  }

  private static Class<?> load(String className, String artifact) {
    try {
      return Class.forName(className, true, ProviderTargets.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("this target needs " + artifact + " on the classpath: add the"
          + " dependency dev.stateline:" + artifact + " (test scope is enough)", e);
    }
  }

  private static Object invokeStatic(Class<?> type, String method, Object... args) {
    return invoke(type, null, method, args);
  }

  private static Object call(Object receiver, String method, Object... args) {
    return invoke(receiver.getClass(), receiver, method, args);
  }

  private static Object invoke(Class<?> type, Object receiver, String name, Object... args) {
    Method m = find(type, name, receiver == null, args);
    try {
      return m.invoke(receiver, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(type.getSimpleName() + "." + name + " failed", cause);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot call " + type.getName() + "." + name, e);
    }
  }

  /** The public method {@code name} whose parameters accept {@code args} (none of them null). */
  private static Method find(Class<?> type, String name, boolean isStatic, Object[] args) {
    for (Method m : type.getMethods()) {
      if (!m.getName().equals(name) || m.getParameterCount() != args.length
          || Modifier.isStatic(m.getModifiers()) != isStatic) {
        continue;
      }
      Class<?>[] params = m.getParameterTypes();
      boolean fits = true;
      for (int i = 0; i < params.length && fits; i++) {
        fits = params[i].isInstance(args[i]);
      }
      if (fits) {
        return m;
      }
    }
    throw new IllegalStateException(type.getName() + " has no public method " + name + " taking "
        + args.length + " argument(s) of these types; is the provider module of the same version as"
        + " stateline-testing?");
  }
}
