/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.benchmarks;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.EmbeddingRequest;
import dev.stateline.chat.EmbeddingResponse;
import dev.stateline.openai.OpenAi;
import dev.stateline.placement.CallKind;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.workload.WorkloadMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;

/**
 * The four clients of {@link EmbeddingBenchmark}, each embedding {@link Canned#EMBEDDING_TEXTS}
 * ({@value Canned#EMBEDDING_INPUTS} texts, one request) on one {@link LoopbackServer} and returning
 * a checksum of the vectors, so that none can skip decoding:
 *
 * <ul>
 *   <li>floor: OkHttp + Moshi by hand, base64 vectors decoded with the JDK's {@code Base64} into a
 *       {@code float[]} per input;
 *   <li>stateline: a {@link StatelineClient} with one OpenAI target that embeds the alias, the
 *       standard placement policy, the default retry policy, a {@link WorkloadMap} listener; base64
 *       (its default);
 *   <li>openai: the official OpenAI Java SDK, {@code embeddings().create(...)} (its own default
 *       encoding);
 *   <li>langchain4j: {@code OpenAiEmbeddingModel.embedAll(...)} (its own default encoding).
 * </ul>
 */
final class EmbeddingClients implements AutoCloseable {
  static final String MODEL = "text-embedding-3-small";
  private static final MediaType JSON = MediaType.get("application/json");

  final OkHttpClient okHttp;
  private final okhttp3.HttpUrl url;
  final StatelineClient stateline;
  final OpenAIClient openai;
  private final EmbeddingCreateParams openaiParams;
  final OpenAiEmbeddingModel lc4j;
  private final List<TextSegment> segments = new ArrayList<>();
  private final EmbeddingRequest request = EmbeddingRequest.of("embed", Canned.EMBEDDING_TEXTS);

  EmbeddingClients(String baseUrl) {
    okHttp = new OkHttpClient.Builder().connectionPool(new ConnectionPool(16, 5, TimeUnit.MINUTES))
        .connectTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(120)).build();
    url = okhttp3.HttpUrl.get(baseUrl + "/embeddings");
    Target target = OpenAi.target("openai-loopback").baseUrl(baseUrl).apiKey(Clients.KEY)
        .embeds("embed", MODEL).httpClient(okHttp).build();
    stateline = StatelineClient.builder().target(target)
        .placement(PlacementPolicy.standard().allowProvider(CallKind.STATELESS, "openai"))
        .retryPolicy(RetryPolicy.defaults()).telemetry(new WorkloadMap()).build();
    openai = OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey(Clients.KEY).build();
    openaiParams = EmbeddingCreateParams.builder().model(MODEL).inputOfArrayOfStrings(Canned.EMBEDDING_TEXTS)
        .build();
    lc4j = OpenAiEmbeddingModel.builder().baseUrl(baseUrl).apiKey(Clients.KEY).modelName(MODEL).build();
    for (String t : Canned.EMBEDDING_TEXTS) {
      segments.add(TextSegment.from(t));
    }
  }

  double floor() {
    Buffer body = new Buffer();
    try (JsonWriter w = JsonWriter.of(body)) {
      w.beginObject().name("model").value(MODEL).name("input").beginArray();
      for (String t : Canned.EMBEDDING_TEXTS) {
        w.value(t);
      }
      w.endArray().name("encoding_format").value("base64").endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Request req = new Request.Builder().url(url).header("Authorization", "Bearer " + Clients.KEY)
        .post(RequestBody.create(body.readByteString(), JSON)).build();
    try (Response response = okHttp.newCall(req).execute()) {
      if (!response.isSuccessful()) {
        throw new IllegalStateException("HTTP " + response.code());
      }
      JsonReader r = JsonReader.of(response.body().source());
      float[][] vectors = new float[Canned.EMBEDDING_INPUTS][];
      r.beginObject();
      while (r.hasNext()) {
        if (!r.nextName().equals("data")) {
          r.skipValue();
          continue;
        }
        r.beginArray();
        while (r.hasNext()) {
          int index = -1;
          float[] v = null;
          r.beginObject();
          while (r.hasNext()) {
            switch (r.nextName()) {
              case "index" -> index = r.nextInt();
              case "embedding" -> {
                ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(r.nextString()))
                    .order(ByteOrder.LITTLE_ENDIAN);
                v = new float[bytes.remaining() / 4];
                bytes.asFloatBuffer().get(v);
              }
              default -> r.skipValue();
            }
          }
          r.endObject();
          vectors[index] = v;
        }
        r.endArray();
      }
      r.endObject();
      return checksum(vectors);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  double stateline() {
    EmbeddingResponse r = stateline.embed(request);
    double sum = 0;
    for (int i = 0; i < r.embeddings().size(); i++) {
      sum += r.embeddings().get(i).get(0);
    }
    return sum;
  }

  double openai() {
    CreateEmbeddingResponse r = openai.embeddings().create(openaiParams);
    double sum = 0;
    for (var e : r.data()) {
      sum += e.embedding().get(0);
    }
    return sum;
  }

  double langchain4j() {
    var r = lc4j.embedAll(segments).content();
    double sum = 0;
    for (var e : r) {
      sum += e.vector()[0];
    }
    return sum;
  }

  private static double checksum(float[][] vectors) {
    double sum = 0;
    for (float[] v : vectors) {
      sum += v[0];
    }
    return sum;
  }

  /** Fails unless all four read the same vectors. */
  void verify() {
    double expected = floor();
    for (double got : new double[] {stateline(), openai(), langchain4j()}) {
      if (Math.abs(got - expected) > 1e-4) {
        throw new IllegalStateException("checksums differ: " + got + " vs the floor's " + expected);
      }
    }
  }

  @Override
  public void close() {
    stateline.close();
    openai.close();
    okHttp.dispatcher().executorService().shutdown();
    okHttp.connectionPool().evictAll();
  }
}
