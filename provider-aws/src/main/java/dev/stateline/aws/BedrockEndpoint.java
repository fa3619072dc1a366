/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import java.util.List;
import java.util.Locale;

/**
 * The two inference endpoints through which Amazon Bedrock serves its OpenAI-compatible APIs (the
 * Responses API and Chat Completions), as AWS's Bedrock user guide describes them ("Endpoints
 * supported by Amazon Bedrock", "Responses API"):
 *
 * <ul>
 *   <li>{@link #RUNTIME}: {@code https://bedrock-runtime.{region}.amazonaws.com/openai/v1}, AWS's
 *       recommendation for new applications. Always synchronous ({@code background=true} is a 400),
 *       no server-side tools, only the default project, OpenAI GPT models named by cross-Region
 *       inference profile ({@code us.}, {@code global.}, {@code us-gov.}), {@code model} required on
 *       every request. SigV4 signing name {@code bedrock}.
 *   <li>{@link #MANTLE}: {@code https://bedrock-mantle.{region}.api.aws/v1} for most models, with
 *       some served under {@code /openai/v1} instead (the model card's "Programmatic access" table
 *       says which); background inference, server-side tools, projects; the Responses API of the GPT
 *       OSS models is served here only. SigV4 signing name {@code bedrock-mantle}.
 * </ul>
 *
 * <p>Either endpoint also takes a Bedrock API key as {@code Authorization: Bearer}. Immutable.
 */
public enum BedrockEndpoint {
  /** {@code bedrock-runtime.{region}.amazonaws.com}, OpenAI-compatible APIs under {@code /openai/v1}. */
  RUNTIME("bedrock", "/openai/v1"),
  /** {@code bedrock-mantle.{region}.api.aws}, OpenAI-compatible APIs under {@code /v1} (or {@code /openai/v1}). */
  MANTLE("bedrock-mantle", "/v1");

  /**
   * The AWS Regions that serve {@code bedrock-mantle}, as listed in the user guide ("Responses API",
   * "Supported Regions and Endpoints").
   */
  public static final List<String> MANTLE_REGIONS = List.of("us-east-2", "us-east-1", "us-west-2",
      "ap-southeast-3", "ap-south-1", "ap-southeast-2", "ap-northeast-1", "eu-central-1", "eu-west-1",
      "eu-west-2", "eu-south-1", "eu-north-1", "sa-east-1", "us-gov-west-1");

  private final String signingName;
  private final String defaultPathPrefix;

  BedrockEndpoint(String signingName, String defaultPathPrefix) {
    this.signingName = signingName;
    this.defaultPathPrefix = defaultPathPrefix;
  }

  /** The SigV4 signing name (service) of the endpoint: {@code bedrock} or {@code bedrock-mantle}. */
  public String signingName() {
    return signingName;
  }

  /** The host of the endpoint in {@code region}, such as {@code bedrock-runtime.us-east-1.amazonaws.com}. */
  public String host(String region) {
    String r = region.toLowerCase(Locale.ROOT);
    return this == RUNTIME ? "bedrock-runtime." + r + ".amazonaws.com" : "bedrock-mantle." + r + ".api.aws";
  }

  /**
   * The path under which the endpoint serves the OpenAI-compatible APIs for most models:
   * {@code /openai/v1} on runtime, {@code /v1} on mantle.
   */
  public String defaultPathPrefix() {
    return defaultPathPrefix;
  }
}
