/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.bedrock;

import dev.stateline.testing.FakeEmbeddingModel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * InvokeModel ({@code POST /model/{modelId}/invoke}) for the embedding models, as the Bedrock user
 * guide documents their bodies: what the emulator checks and what it answers. Vectors are
 * {@link FakeEmbeddingModel#vectorFor} of each text; one token per started four UTF-8 bytes.
 *
 * <ul>
 *   <li>Amazon Titan Text Embeddings V2 ({@code amazon.titan-embed-text-v2:0}): {@code inputText} a
 *       non-empty string of at most 50,000 characters, {@code dimensions} 1024 (default), 512 or 256,
 *       {@code normalize} a boolean; answer {@code embedding}, {@code inputTextTokenCount},
 *       {@code embeddingsByType.float};
 *   <li>Titan Embeddings G1 - Text ({@code amazon.titan-embed-text-v1}): {@code inputText} only; 1536
 *       dimensions;
 *   <li>Cohere Embed v3 ({@code cohere.embed-english-v3}, {@code cohere.embed-multilingual-v3}):
 *       {@code texts} 1 to 96 strings of at most 2048 characters, {@code input_type} one of
 *       {@code search_document}, {@code search_query}, {@code classification}, {@code clustering};
 *       answer {@code id}, {@code response_type: embeddings_floats}, {@code embeddings}, {@code texts},
 *       the token count in {@code X-Amzn-Bedrock-Input-Token-Count}; 1024 dimensions.
 * </ul>
 */
final class BedrockEmbeddingsWire {
  private static final Set<String> TITAN_V2_DIMS = Set.of(256, 512, 1024).stream().map(String::valueOf)
      .collect(java.util.stream.Collectors.toSet());
  private static final Set<String> INPUT_TYPES = Set.of("search_document", "search_query", "classification",
      "clustering");

  private BedrockEmbeddingsWire() {}

  /** What to answer: a body and headers, or a validation error message. */
  record Answer(Map<String, Object> body, long tokens, String validationError) {}

  static Answer answer(String modelId, Map<?, ?> json) {
    if (modelId.contains("amazon.titan-embed-text-v2") || modelId.contains("amazon.titan-embed-text-v1")) {
      boolean v2 = modelId.contains("v2");
      if (!(json.get("inputText") instanceof String text) || text.isEmpty()) {
        return invalid("Malformed input request: #: required key [inputText] not found or empty, please reformat"
            + " your input and try again.");
      }
      if (text.length() > 50_000) {
        return invalid("Malformed input request: expected maxLength: 50000, actual: " + text.length());
      }
      int dims = v2 ? 1024 : 1536;
      Object d = json.get("dimensions");
      if (d != null) {
        if (!v2 || !(d instanceof Number n) || !TITAN_V2_DIMS.contains(String.valueOf(n.intValue()))
            || n.doubleValue() != n.intValue()) {
          return invalid("Malformed input request: #/dimensions: " + d + " is not a valid enum value,"
              + " please reformat your input and try again.");
        }
        dims = ((Number) d).intValue();
      }
      Object normalize = json.get("normalize");
      if (normalize != null && !(normalize instanceof Boolean)) {
        return invalid("Malformed input request: #/normalize: expected type: Boolean");
      }
      for (Object key : json.keySet()) {
        if (!Set.of("inputText", "dimensions", "normalize", "embeddingTypes").contains(key) || !v2 && !key.equals(
            "inputText")) {
          return invalid("Malformed input request: extraneous key [" + key + "] is not permitted, please reformat"
              + " your input and try again.");
        }
      }
      List<Object> vector = floats(FakeEmbeddingModel.vectorFor(text, dims));
      long tokens = tokens(text);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("embedding", vector);
      body.put("inputTextTokenCount", tokens);
      if (v2) {
        body.put("embeddingsByType", Map.of("float", vector));
      }
      return new Answer(body, tokens, null);
    }
    if (modelId.contains("cohere.embed-english-v3") || modelId.contains("cohere.embed-multilingual-v3")) {
      if (!(json.get("texts") instanceof List<?> texts) || texts.isEmpty() || texts.size() > 96) {
        return invalid("Malformed input request: #/texts: expected between 1 and 96 texts");
      }
      if (!(json.get("input_type") instanceof String type) || !INPUT_TYPES.contains(type)) {
        return invalid("Malformed input request: #: required key [input_type] not found or not one of "
            + INPUT_TYPES);
      }
      List<Object> vectors = new ArrayList<>();
      long tokens = 0;
      for (Object t : texts) {
        if (!(t instanceof String s) || s.length() > 2048) {
          return invalid("Malformed input request: #/texts: expected strings of at most 2048 characters");
        }
        vectors.add(floats(FakeEmbeddingModel.vectorFor(s, 1024)));
        tokens += tokens(s);
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("id", java.util.UUID.nameUUIDFromBytes(String.valueOf(texts).getBytes(StandardCharsets.UTF_8))
          .toString());
      body.put("texts", texts);
      body.put("embeddings", vectors);
      body.put("response_type", "embeddings_floats");
      return new Answer(body, tokens, null);
    }
    return invalid("The provided model identifier is invalid.");
  }

  private static Answer invalid(String message) {
    return new Answer(null, 0, message);
  }

  private static long tokens(String s) {
    return (s.getBytes(StandardCharsets.UTF_8).length + 3) / 4;
  }

  private static List<Object> floats(float[] v) {
    List<Object> out = new ArrayList<>(v.length);
    for (float f : v) {
      out.add((double) f);
    }
    return out;
  }
}
