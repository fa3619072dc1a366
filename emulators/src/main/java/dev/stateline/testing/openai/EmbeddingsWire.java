/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.openai;

import dev.stateline.testing.FakeEmbeddingModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;

/**
 * The embeddings operation ({@code POST .../embeddings}) as the OpenAI emulator serves it, for
 * OpenAI and, behind the Azure emulator, Azure OpenAI: what it checks in a request, as the service
 * documents it, and the answer it renders.
 *
 * <ul>
 *   <li>{@code input}: a string or an array of 1 to {@value #MAX_INPUTS} strings, none empty;
 *   <li>{@code model} required; {@code dimensions} a positive integer, refused by
 *       {@code text-embedding-ada-002}; {@code encoding_format} {@code float} (default) or
 *       {@code base64};
 *   <li>the answer: {@code {"object": "list", "data": [{"object": "embedding", "index", "embedding"}],
 *       "model", "usage": {"prompt_tokens", "total_tokens"}}}, each vector
 *       {@link FakeEmbeddingModel#vectorFor} of its text (1536 dimensions, 3072 for a
 *       {@code -large} model, unless {@code dimensions} says otherwise), base64 as little-endian
 *       32-bit floats. One prompt token per started four UTF-8 bytes.
 * </ul>
 */
final class EmbeddingsWire {
  /** OpenAI's documented limit on the input array. */
  static final int MAX_INPUTS = 2048;

  private EmbeddingsWire() {}

  /** A request's problem as a 400 body's parts, or null if it is valid. */
  record Problem(String param, String message) {}

  static Problem check(Map<String, Object> json) {
    Object model = json.get("model");
    if (!(model instanceof String m) || m.isBlank()) {
      return new Problem("model", "you must provide a model parameter");
    }
    List<String> inputs = inputs(json.get("input"));
    if (inputs == null) {
      return new Problem("input", "'$.input' is invalid. Please check the API reference:"
          + " https://platform.openai.com/docs/api-reference.");
    }
    if (inputs.size() > MAX_INPUTS) {
      return new Problem("input", "'$.input' is invalid: an array of at most " + MAX_INPUTS + " inputs is allowed, got "
          + inputs.size() + ".");
    }
    Object format = json.get("encoding_format");
    if (format != null && !"float".equals(format) && !"base64".equals(format)) {
      return new Problem("encoding_format", "'" + format + "' is not one of ['float', 'base64'] - 'encoding_format'");
    }
    Object dims = json.get("dimensions");
    if (dims != null) {
      if (!(dims instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < 1) {
        return new Problem("dimensions", "Invalid value for 'dimensions': must be a positive integer.");
      }
      if (((String) model).startsWith("text-embedding-ada-002")) {
        return new Problem("dimensions", "This model does not support specifying dimensions.");
      }
    }
    return null;
  }

  /** The texts of {@code input}, or null if it is not a string or a non-empty array of non-empty strings. */
  static List<String> inputs(Object input) {
    if (input instanceof String s) {
      return s.isEmpty() ? null : List.of(s);
    }
    if (!(input instanceof List<?> list) || list.isEmpty()) {
      return null;
    }
    List<String> out = new ArrayList<>(list.size());
    for (Object o : list) {
      if (!(o instanceof String s) || s.isEmpty()) {
        return null;
      }
      out.add(s);
    }
    return out;
  }

  /** The answer to a valid request, with {@code headers} (the request id, ...). */
  static MockResponse render(Map<String, Object> json, String requestId, Map<String, String> headers) {
    String model = (String) json.get("model");
    List<String> inputs = inputs(json.get("input"));
    int dims = json.get("dimensions") instanceof Number n ? n.intValue() : model.contains("-large") ? 3072 : 1536;
    boolean base64 = "base64".equals(json.get("encoding_format"));
    List<Object> data = new ArrayList<>(inputs.size());
    long tokens = 0;
    for (int i = 0; i < inputs.size(); i++) {
      float[] v = FakeEmbeddingModel.vectorFor(inputs.get(i), dims);
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("object", "embedding");
      item.put("index", i);
      item.put("embedding", base64 ? base64(v) : floats(v));
      data.add(item);
      tokens += (inputs.get(i).getBytes(StandardCharsets.UTF_8).length + 3) / 4;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("object", "list");
    body.put("data", data);
    body.put("model", model);
    body.put("usage", Map.of("prompt_tokens", tokens, "total_tokens", tokens));
    MockResponse.Builder b = new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json")
        .addHeader("x-request-id", requestId)
        .body(OpenAiEmulator.JSON.toJson(body));
    headers.forEach(b::addHeader);
    return b.build();
  }

  /** {@code v} as base64 of little-endian 32-bit floats, as OpenAI sends it. */
  static String base64(float[] v) {
    ByteBuffer buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      buf.putFloat(f);
    }
    return Base64.getEncoder().encodeToString(buf.array());
  }

  private static List<Object> floats(float[] v) {
    List<Object> out = new ArrayList<>(v.length);
    for (float f : v) {
      out.add((double) f);
    }
    return out;
  }
}
