/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.wire;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.stateline.chat.Embedding;
import dev.stateline.chat.EmbeddingEncoding;
import dev.stateline.chat.EmbeddingRequest;
import dev.stateline.chat.EmbeddingResponse;
import dev.stateline.chat.Usage;
import dev.stateline.openai.internal.JsonIo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import okio.Buffer;
import okio.ByteString;

/**
 * The OpenAI embeddings wire format ({@code POST /embeddings}), as OpenAI and Azure OpenAI document
 * it.
 *
 * <p>Request: {@code {"model", "input": [texts], "encoding_format": "float"|"base64", "dimensions",
 * <end-user field>}} (the model only where the dialect sends it). Response: {@code {"object": "list",
 * "data": [{"object": "embedding", "index", "embedding": [numbers] | "base64"}], "model", "usage":
 * {"prompt_tokens", "total_tokens"}}}, or an {@code "error"} object. Base64 vectors are little-endian
 * 32-bit floats; each is decoded by the JDK's {@link java.util.Base64} decoder into one byte array
 * and read into its {@code float[]} through a little-endian buffer: no boxed number or other
 * object per element.
 *
 * <p>Thread-safe (stateless).
 */
public final class EmbeddingsCodec {
  private static final JsonReader.Options TOP = JsonReader.Options.of("data", "model", "usage", "error");
  private static final JsonReader.Options ITEM = JsonReader.Options.of("index", "embedding");
  private static final JsonReader.Options USAGE = JsonReader.Options.of("prompt_tokens");
  private static final int[] BASE64 = new int[128];

  static {
    java.util.Arrays.fill(BASE64, -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < alphabet.length(); i++) {
      BASE64[alphabet.charAt(i)] = i;
    }
  }

  private final WireDialect dialect;

  public EmbeddingsCodec(WireDialect dialect) {
    this.dialect = dialect;
  }

  /** The request body for {@code batch}, sent to {@code model}. */
  public ByteString encode(EmbeddingRequest batch, String model) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.beginObject();
      if (dialect.sendModel()) {
        w.name("model").value(model);
      }
      w.name("input").beginArray();
      List<String> inputs = batch.inputs();
      for (int i = 0, n = inputs.size(); i < n; i++) {
        w.value(inputs.get(i));
      }
      w.endArray();
      w.name("encoding_format").value(batch.encoding() == EmbeddingEncoding.BASE64 ? "base64" : "float");
      if (batch.dimensions() != null) {
        w.name("dimensions").value(batch.dimensions().longValue());
      }
      if (batch.user() != null) {
        w.name("user").value(batch.user());
      }
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a Buffer does not fail
    }
    return buffer.readByteString();
  }

  /** What a response body held: the vectors, or the provider's error. */
  public record Decoded(EmbeddingResponse response, ProviderError error) {}

  /**
   * Decodes a response to a batch of {@code inputs} texts.
   *
   * @throws IOException on malformed JSON
   * @throws MalformedEmbeddings if the vectors do not match the batch (missing, repeated or
   *     out-of-range indexes, empty or ragged vectors, bad base64)
   */
  public static Decoded decode(JsonReader reader, int inputs) throws IOException {
    float[][] vectors = new float[inputs][];
    String model = null;
    long promptTokens = 0;
    int seen = 0;
    FloatScratch scratch = new FloatScratch();
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(TOP)) {
        case 0 -> {
          reader.beginArray();
          while (reader.hasNext()) {
            seen += readItem(reader, vectors, scratch);
          }
          reader.endArray();
        }
        case 1 -> model = JsonIo.nextStringOrNull(reader);
        case 2 -> promptTokens = readUsage(reader);
        case 3 -> {
          ProviderError error = ProviderError.read(reader);
          if (error != null) {
            return new Decoded(null, error);
          }
        }
        default -> {
          reader.skipName();
          reader.skipValue();
        }
      }
    }
    reader.endObject();
    if (seen != inputs) {
      throw new MalformedEmbeddings("the response has " + seen + " vectors for " + inputs + " inputs");
    }
    EmbeddingResponse.Builder r = EmbeddingResponse.builder().model(model)
        .usage(new Usage(Math.max(0, promptTokens), 0, 0, 0));
    int dims = vectors[0].length;
    for (int i = 0; i < inputs; i++) {
      if (vectors[i].length != dims) {
        throw new MalformedEmbeddings("vectors of " + dims + " and " + vectors[i].length + " dimensions");
      }
      r.add(Embedding.wrap(i, vectors[i]));
    }
    return new Decoded(r.build(), null);
  }

  private static int readItem(JsonReader reader, float[][] vectors, FloatScratch scratch) throws IOException {
    int index = -1;
    float[] vector = null;
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(ITEM)) {
        case 0 -> {
          double d = reader.nextDouble();
          if (d != Math.rint(d) || d < 0 || d >= vectors.length) {
            throw new MalformedEmbeddings("an embedding's index " + d + " is not one of the batch's 0.."
                + (vectors.length - 1));
          }
          index = (int) d;
        }
        case 1 -> vector = reader.peek() == JsonReader.Token.STRING
            ? fromBase64(reader.nextString())
            : readFloats(reader, scratch);
        default -> {
          reader.skipName();
          reader.skipValue();
        }
      }
    }
    reader.endObject();
    if (index < 0 || vector == null) {
      throw new MalformedEmbeddings("an embedding without " + (index < 0 ? "an index" : "a vector"));
    }
    if (vector.length == 0) {
      throw new MalformedEmbeddings("embedding " + index + " is empty");
    }
    if (vectors[index] != null) {
      throw new MalformedEmbeddings("embedding " + index + " appears twice");
    }
    vectors[index] = vector;
    return 1;
  }

  private static long readUsage(JsonReader reader) throws IOException {
    if (reader.peek() == JsonReader.Token.NULL) {
      reader.nextNull();
      return 0;
    }
    long prompt = 0;
    reader.beginObject();
    while (reader.hasNext()) {
      if (reader.selectName(USAGE) == 0) {
        prompt = reader.nextLong();
      } else {
        reader.skipName();
        reader.skipValue();
      }
    }
    reader.endObject();
    return prompt;
  }

  /** Reads a JSON array of numbers into an exact-size array, growing one scratch buffer per response. */
  private static float[] readFloats(JsonReader reader, FloatScratch scratch) throws IOException {
    float[] buf = scratch.buf;
    int n = 0;
    reader.beginArray();
    while (reader.hasNext()) {
      if (n == buf.length) {
        buf = java.util.Arrays.copyOf(buf, buf.length * 2);
      }
      buf[n++] = (float) reader.nextDouble();
    }
    reader.endArray();
    scratch.buf = buf;
    return java.util.Arrays.copyOf(buf, n);
  }

  private static final class FloatScratch {
    float[] buf = new float[1536];
  }

  /**
   * Decodes base64 of little-endian 32-bit floats straight into a {@code float[]}.
   *
   * @throws MalformedEmbeddings if it is not base64 of whole floats
   */
  static float[] fromBase64(String s) {
    int len = s.length();
    int pad = 0;
    if (len > 0 && s.charAt(len - 1) == '=') {
      pad++;
      if (len > 1 && s.charAt(len - 2) == '=') {
        pad++;
      }
    }
    if (len % 4 != 0) {
      throw new MalformedEmbeddings("a base64 vector of " + len + " characters (not a multiple of 4)");
    }
    long bytes = (long) len / 4 * 3 - pad;
    if (bytes % 4 != 0) {
      throw new MalformedEmbeddings("a base64 vector of " + bytes + " bytes is not whole 32-bit floats");
    }
    // The JDK's decoder into one byte[] per vector, read as little-endian floats: no per-element
    // object, and several times faster than a loop over String.charAt (profiled: that loop was the
    // embedding call's hottest frame).
    byte[] raw;
    try {
      raw = java.util.Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new MalformedEmbeddings("a base64 vector has a character that is not base64 at " + firstNonBase64(s, len - pad));
    }
    float[] out = new float[raw.length / 4];
    java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }

  /** Where {@code s} first holds a character that is not base64 (its padding aside). */
  private static int firstNonBase64(String s, int end) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (i >= end ? c != '=' : c >= 128 || BASE64[c] < 0) {
        return i;
      }
    }
    return end;
  }

  /** The embeddings in a response do not match the batch. */
  public static final class MalformedEmbeddings extends RuntimeException {
    MalformedEmbeddings(String message) {
      super(message, null, false, false);
    }
  }
}
