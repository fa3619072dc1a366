/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.bedrock;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request the {@link BedrockEmulator} received, for tests to assert on: which operation, which
 * model, the headers, and the JSON body (as text and as a tree of maps, lists, strings, numbers
 * and booleans, numbers as {@link Double}).
 *
 * <p>Immutable and thread-safe. {@code toString()} shows the operation and model, not the body.
 */
public final class BedrockRecordedRequest {
  private final String operation;
  private final String modelId;
  private final String method;
  private final String path;
  private final Map<String, List<String>> headers;
  private final String body;
  private final Object json;
  private final SigV4 sigV4;

  BedrockRecordedRequest(String operation, String modelId, String method, String path,
      Map<String, List<String>> headers, String body, Object json, SigV4 sigV4) {
    this.operation = operation;
    this.modelId = modelId;
    this.method = method;
    this.path = path;
    this.headers = headers;
    this.body = body;
    this.json = json;
    this.sigV4 = sigV4;
  }

  /** {@code Converse} or {@code ConverseStream}; null for a request to an unknown path. */
  public String operation() {
    return operation;
  }

  /** The model id from the path, URL-decoded ({@code openai.gpt-oss-120b-1:0}). */
  public String modelId() {
    return modelId;
  }

  public String method() {
    return method;
  }

  /** The encoded request path, as sent. */
  public String path() {
    return path;
  }

  /** The first value of header {@code name} (case-insensitive), or null. */
  public String header(String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }

  /** The request body as text. */
  public String body() {
    return body;
  }

  /** The body parsed as a JSON object; empty if it was not one. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> json() {
    return json instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /**
   * Follows a path of object member names and list indexes into {@link #json()}, such as
   * {@code at("messages", 0, "content", 0, "text")}; null if the path leads nowhere.
   */
  public Object at(Object... path) {
    Object cur = json;
    for (Object step : path) {
      if (step instanceof String key && cur instanceof Map<?, ?> m) {
        cur = m.get(key);
      } else if (step instanceof Integer i && cur instanceof List<?> l && i >= 0 && i < l.size()) {
        cur = l.get(i);
      } else {
        return null;
      }
    }
    return cur;
  }

  /** The parsed SigV4 {@code Authorization} header, or null if it was missing or malformed. */
  public SigV4 sigV4() {
    return sigV4;
  }

  @Override
  public String toString() {
    return "BedrockRecordedRequest[" + operation + ", model=" + modelId + "]";
  }

  /**
   * The parts of a well-formed SigV4 {@code Authorization} header.
   *
   * @param accessKeyId the access key id of the credential scope (never a secret)
   * @param date the scope date, {@code yyyyMMdd}
   * @param region the scope region
   * @param service the scope service ({@code bedrock})
   * @param signedHeaders the signed header names, lower case
   * @param signature the 64 hex digit signature
   */
  public record SigV4(String accessKeyId, String date, String region, String service,
      List<String> signedHeaders, String signature) {
    public SigV4 {
      Objects.requireNonNull(accessKeyId, "accessKeyId");
      signedHeaders = List.copyOf(signedHeaders);
    }

    @Override
    public String toString() {
      return "SigV4[" + accessKeyId + "/" + date + "/" + region + "/" + service
          + ", signedHeaders=" + signedHeaders + "]";
    }
  }
}
