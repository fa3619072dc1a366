/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.internal;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.stateline.chat.Embedding;
import dev.stateline.chat.EmbeddingRequest;
import dev.stateline.chat.EmbeddingResponse;
import dev.stateline.chat.Usage;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.InvalidRequestException;
import dev.stateline.error.ProtocolException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import okio.Buffer;

/**
 * The InvokeModel bodies of the embedding models Bedrock serves, as the Bedrock user guide documents
 * them ("Amazon Titan Embeddings G1 - Text" / V2 and "Cohere Embed v3"):
 *
 * <ul>
 *   <li><b>Amazon Titan Text Embeddings V2</b> ({@code amazon.titan-embed-text-v2:0}): one text per
 *       request, {@code {"inputText", "dimensions": 1024|512|256, "normalize": true}}; answer
 *       {@code {"embedding": [...], "inputTextTokenCount"}};
 *   <li><b>Titan Embeddings G1 - Text</b> ({@code amazon.titan-embed-text-v1}): {@code {"inputText"}}
 *       only, no dimensions;
 *   <li><b>Cohere Embed v3</b> ({@code cohere.embed-english-v3}, {@code cohere.embed-multilingual-v3}):
 *       up to 96 texts of at most 2048 characters, {@code {"texts", "input_type": "search_document"}};
 *       answer {@code {"id", "response_type": "embeddings_floats", "embeddings": [[...]], "texts"}}; no
 *       dimensions (and no token count in the body).
 * </ul>
 *
 * <p>Not API. Thread-safe (stateless).
 */
public enum BedrockEmbeddings {
  TITAN_V2(1),
  TITAN_V1(1),
  COHERE_V3(96);

  private static final JsonReader.Options TITAN = JsonReader.Options.of("embedding", "inputTextTokenCount");
  private static final JsonReader.Options COHERE = JsonReader.Options.of("embeddings");
  /** Cohere Embed v3's documented limit on each text. */
  static final int COHERE_MAX_CHARS = 2048;

  private final int maxInputs;

  BedrockEmbeddings(int maxInputs) {
    this.maxInputs = maxInputs;
  }

  /** The most inputs one InvokeModel request takes. */
  public int maxInputs() {
    return maxInputs;
  }

  /**
   * The format of {@code modelId} (a model id, or an inference profile id or ARN that names one).
   *
   * @throws InvalidRequestException if it is no embedding model Stateline knows
   */
  public static BedrockEmbeddings of(String modelId) {
    String id = modelId.toLowerCase(Locale.ROOT);
    if (id.contains("amazon.titan-embed-text-v2")) {
      return TITAN_V2;
    }
    if (id.contains("amazon.titan-embed-text-v1") || id.contains("amazon.titan-embed-g1-text")) {
      return TITAN_V1;
    }
    if (id.contains("cohere.embed-english-v3") || id.contains("cohere.embed-multilingual-v3")) {
      return COHERE_V3;
    }
    throw invalid("'" + modelId + "' is not an embedding model Stateline can call on Bedrock (Amazon Titan Text"
        + " Embeddings V2 or G1, Cohere Embed v3)", null);
  }

  /**
   * The request body for {@code batch} (at most {@link #maxInputs()} texts).
   *
   * @throws InvalidRequestException for an option the model does not support, before anything is sent
   */
  public String encode(EmbeddingRequest batch, String modelId) {
    Integer dims = batch.dimensions();
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.beginObject();
      switch (this) {
        case TITAN_V2 -> {
          if (dims != null && dims != 256 && dims != 512 && dims != 1024) {
            throw invalid("model '" + modelId + "' takes dimensions 1024, 512 or 256, not " + dims, "dimensions");
          }
          w.name("inputText").value(batch.inputs().get(0));
          if (dims != null) {
            w.name("dimensions").value(dims.longValue());
          }
          w.name("normalize").value(true);
        }
        case TITAN_V1 -> {
          if (dims != null) {
            throw invalid("model '" + modelId + "' does not support 'dimensions' (its vectors have 1536)",
                "dimensions");
          }
          w.name("inputText").value(batch.inputs().get(0));
        }
        case COHERE_V3 -> {
          if (dims != null) {
            throw invalid("model '" + modelId + "' does not support 'dimensions' (its vectors have a fixed size)",
                "dimensions");
          }
          w.name("texts").beginArray();
          List<String> inputs = batch.inputs();
          for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).length() > COHERE_MAX_CHARS) {
              throw invalid("model '" + modelId + "' takes texts of at most " + COHERE_MAX_CHARS + " characters; one"
                  + " has " + inputs.get(i).length(), "input");
            }
            w.value(inputs.get(i));
          }
          w.endArray();
          w.name("input_type").value("search_document");
        }
        default -> throw new AssertionError(this);
      }
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readUtf8();
  }

  /**
   * The vectors of an answer to a batch of {@code inputs} texts.
   *
   * @throws ProtocolException if the body is malformed or does not match the batch
   */
  public EmbeddingResponse decode(String body, int inputs, String modelId) {
    try {
      JsonReader r = JsonReader.of(new Buffer().writeUtf8(body));
      EmbeddingResponse.Builder out = EmbeddingResponse.builder().model(modelId);
      r.beginObject();
      if (this == COHERE_V3) {
        float[][] vectors = null;
        while (r.hasNext()) {
          if (r.selectName(COHERE) == 0) {
            vectors = cohereVectors(r);
          } else {
            r.skipName();
            r.skipValue();
          }
        }
        r.endObject();
        if (vectors == null || vectors.length != inputs) {
          throw protocol("the answer has " + (vectors == null ? 0 : vectors.length) + " vectors for " + inputs
              + " texts");
        }
        for (int i = 0; i < inputs; i++) {
          out.add(Embedding.wrap(i, vectors[i]));
        }
        return out.build();
      }
      float[] vector = null;
      long tokens = 0;
      while (r.hasNext()) {
        switch (r.selectName(TITAN)) {
          case 0 -> vector = floats(r);
          case 1 -> tokens = r.nextLong();
          default -> {
            r.skipName();
            r.skipValue();
          }
        }
      }
      r.endObject();
      if (vector == null) {
        throw protocol("the answer has no embedding");
      }
      return out.add(Embedding.wrap(0, vector)).usage(new Usage(Math.max(0, tokens), 0, 0, 0)).build();
    } catch (IOException | RuntimeException e) {
      if (e instanceof ProtocolException p) {
        throw p;
      }
      throw new ProtocolException(BedrockErrors.PROVIDER + ": malformed embeddings answer ("
          + e.getClass().getSimpleName() + ")", ErrorInfo.of(BedrockErrors.PROVIDER), false, null, null);
    }
  }

  private static float[][] cohereVectors(JsonReader r) throws IOException {
    float[][] out = new float[4][];
    int n = 0;
    r.beginArray();
    while (r.hasNext()) {
      if (n == out.length) {
        out = Arrays.copyOf(out, n * 2);
      }
      out[n++] = floats(r);
    }
    r.endArray();
    return Arrays.copyOf(out, n);
  }

  private static float[] floats(JsonReader r) throws IOException {
    float[] buf = new float[1024];
    int n = 0;
    r.beginArray();
    while (r.hasNext()) {
      if (n == buf.length) {
        buf = Arrays.copyOf(buf, n * 2);
      }
      buf[n++] = (float) r.nextDouble();
    }
    r.endArray();
    if (n == 0) {
      throw protocol("an empty embedding");
    }
    return n == buf.length ? buf : Arrays.copyOf(buf, n);
  }

  private static ProtocolException protocol(String what) {
    return new ProtocolException(BedrockErrors.PROVIDER + ": " + what, ErrorInfo.of(BedrockErrors.PROVIDER), false,
        null, null);
  }

  private static InvalidRequestException invalid(String what, String param) {
    return new InvalidRequestException(BedrockErrors.PROVIDER + ": " + what, ErrorInfo.of(BedrockErrors.PROVIDER),
        param, null);
  }
}
