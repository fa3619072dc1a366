/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.internal;

import dev.stateline.Region;
import dev.stateline.aws.BedrockEndpoint;
import dev.stateline.openai.OpenAiApi;
import dev.stateline.placement.ProcessingScope;
import java.util.Set;

/**
 * What a Bedrock model id says, and the rules of the OpenAI-compatible endpoints about it, as the user
 * guide gives them ("Using the Responses API on the bedrock-runtime endpoint", the model cards):
 *
 * <ul>
 *   <li>a cross-Region inference profile id starts with its geography: {@code us.}, {@code eu.},
 *       {@code apac.}, {@code us-gov.}, {@code global.} ({@code us.openai.gpt-5.6-sol}); it can be
 *       called only from a Region of that geography ({@code global.}: any commercial Region);
 *   <li>on bedrock-runtime the Responses API takes an inference profile, not a foundation model id,
 *       and the OpenAI GPT models have no in-Region inference there at all; application inference
 *       profiles are refused by its Responses API;
 *   <li>the Responses API of the GPT OSS models is served on bedrock-mantle only;
 *   <li>on bedrock-mantle most models are served under {@code /v1}, the OpenAI GPT models under
 *       {@code /openai/v1}.
 * </ul>
 *
 * <p>Not API. Stateless and thread-safe.
 */
public final class BedrockModelIds {
  private static final Set<String> GEOGRAPHIES = Set.of("us", "us-gov", "eu", "apac", "global", "jp", "au", "ca");

  private BedrockModelIds() {}

  /** The geography of a cross-Region inference profile id ({@code us}, {@code global}...), or null. */
  public static String geography(String modelId) {
    if (modelId.startsWith("arn:")) {
      int slash = modelId.indexOf('/');
      return modelId.contains(":inference-profile/") && slash > 0 ? geography(modelId.substring(slash + 1)) : null;
    }
    int dot = modelId.indexOf('.');
    return dot > 0 && GEOGRAPHIES.contains(modelId.substring(0, dot)) ? modelId.substring(0, dot) : null;
  }

  /**
   * Where Bedrock may process a call to {@code modelId} sent to {@code region} ("Supported Regions
   * and models for inference profiles", "Geographic cross-Region inference"): a geography's
   * profile anywhere in that geography ({@code zone aws/eu}), a {@code global.} profile in any
   * commercial Region; a foundation model (id or ARN), a provisioned or custom model in its own
   * Region. An application inference profile, or an ARN of another kind, routes where its creator
   * chose: unknown, to be declared.
   */
  public static ProcessingScope scope(String modelId, String region, String target, String alias) {
    String geo = geography(modelId);
    if (geo != null) {
      return geo.equals("global") ? ProcessingScope.global("aws") : ProcessingScope.zone("aws", geo);
    }
    if (!modelId.startsWith("arn:")) {
      return ProcessingScope.region(Region.aws(region));
    }
    String[] arn = modelId.split(":", 6);
    String resource = arn.length == 6 ? arn[5] : "";
    if (arn.length == 6 && !arn[3].isEmpty() && (resource.startsWith("foundation-model/")
        || resource.startsWith("provisioned-model/") || resource.startsWith("custom-model/")
        || resource.startsWith("imported-model/"))) {
      return ProcessingScope.region(Region.aws(arn[3]));
    }
    return ProcessingScope.unknown("'" + alias + "' is served by " + (resource.startsWith("application-inference-profile/")
        ? "an application inference profile" : "an ARN") + " whose Regions Stateline cannot know; declare"
        + " processingScope(\"" + alias + "\", ProcessingScope.region(...) / zone(\"aws\", \"eu\") / global(\"aws\"))"
        + " on Bedrock target '" + target + "' as the profile's Regions say");
  }

  /** The foundation model a model id or inference profile names: {@code openai.gpt-5.6-sol}. */
  public static String foundation(String modelId) {
    String id = modelId;
    if (id.startsWith("arn:")) {
      int slash = id.lastIndexOf('/');
      id = slash >= 0 ? id.substring(slash + 1) : id;
    }
    String geo = geography(id);
    return geo == null ? id : id.substring(geo.length() + 1);
  }

  /** True for an OpenAI GPT model other than GPT OSS ({@code openai.gpt-5.6-sol}, {@code us.openai.gpt-6-sol}). */
  public static boolean isOpenAiGpt(String modelId) {
    String f = foundation(modelId);
    return f.startsWith("openai.gpt-") && !isGptOss(modelId);
  }

  /** True for a GPT OSS model ({@code openai.gpt-oss-120b}, {@code openai.gpt-oss-20b-1:0}). */
  public static boolean isGptOss(String modelId) {
    return foundation(modelId).startsWith("openai.gpt-oss");
  }

  /** The path prefix bedrock-mantle serves a model under unless told otherwise: {@code /openai/v1} or {@code /v1}. */
  public static String defaultMantlePrefix(String modelId) {
    return isOpenAiGpt(modelId) ? "/openai/v1" : BedrockEndpoint.MANTLE.defaultPathPrefix();
  }

  /**
   * What is wrong with serving {@code modelId} through {@code api} on {@code endpoint} in
   * {@code region}, said as what to change; null if nothing is.
   */
  public static String problem(String modelId, BedrockEndpoint endpoint, OpenAiApi api, String region) {
    String geo = geography(modelId);
    if (geo != null && !servesGeography(region, geo)) {
      return "'" + modelId + "' is a " + geo + ". cross-Region inference profile, which can be called only from a"
          + (geo.equals("global") ? " commercial AWS Region" : " Region of that geography") + ", not from " + region
          + "; use the profile of " + region + "'s geography, or a Region of " + geo;
    }
    if (endpoint != BedrockEndpoint.RUNTIME) {
      return null;
    }
    if (api == OpenAiApi.RESPONSES && isGptOss(modelId)) {
      return "bedrock-runtime does not serve the Responses API of GPT OSS models ('" + modelId
          + "'); use endpoint(BedrockEndpoint.MANTLE), or api(OpenAiApi.CHAT_COMPLETIONS) on bedrock-runtime";
    }
    if (api == OpenAiApi.RESPONSES && modelId.startsWith("arn:") && modelId.contains(":application-inference-profile/")) {
      return "the Responses API on bedrock-runtime refuses application inference profiles ('" + modelId
          + "'); name the system-defined cross-Region profile, such as us.openai.gpt-5.6-sol";
    }
    if (geo == null && (api == OpenAiApi.RESPONSES || isOpenAiGpt(modelId))) {
      String f = foundation(modelId);
      return "'" + modelId + "' is a foundation model id, but "
          + (isOpenAiGpt(modelId) ? "OpenAI GPT models have no in-Region inference on bedrock-runtime"
              : "the Responses API on bedrock-runtime takes a cross-Region inference profile")
          + "; name the profile instead, such as " + (region.startsWith("us-gov-") ? "us-gov." : "us.") + f
          + " or global." + f + " (the model card lists them), or use endpoint(BedrockEndpoint.MANTLE)";
    }
    return null;
  }

  private static boolean servesGeography(String region, String geo) {
    return switch (geo) {
      case "us" -> region.startsWith("us-") && !region.startsWith("us-gov-");
      case "us-gov" -> region.startsWith("us-gov-");
      case "eu" -> region.startsWith("eu-");
      case "apac" -> region.startsWith("ap-");
      case "jp" -> region.equals("ap-northeast-1") || region.equals("ap-northeast-3");
      case "au" -> region.equals("ap-southeast-2") || region.equals("ap-southeast-4");
      case "ca" -> region.startsWith("ca-");
      case "global" -> !region.startsWith("us-gov-") && !region.startsWith("cn-") && !region.startsWith("us-iso");
      default -> true;
    };
  }
}
