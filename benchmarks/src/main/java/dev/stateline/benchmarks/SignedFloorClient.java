/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.benchmarks;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import okio.ByteString;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/**
 * The floor of a Responses API call to Bedrock's OpenAI-compatible endpoint: the least a Java
 * program must do by hand with OkHttp, Moshi and the AWS SDK's SigV4 signer. It writes the body
 * Stateline writes for {@code ChatRequest.of(model, prompt)} (one input message, {@code store:
 * false}) with a streaming {@link JsonWriter}, signs it with {@link AwsV4HttpSigner} as Stateline
 * does (method, URL, body hash; signing name {@code bedrock}), and reads the fields Stateline reads
 * (id, model, status, the output text, usage) with {@link JsonReader.Options}. No retries, placement,
 * telemetry or validation beyond the status code. Thread-safe.
 */
final class SignedFloorClient {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final JsonReader.Options TOP = JsonReader.Options.of("id", "model", "status", "output", "usage");
  private static final JsonReader.Options ITEM = JsonReader.Options.of("type", "content");
  private static final JsonReader.Options PART = JsonReader.Options.of("type", "text");
  private static final JsonReader.Options USAGE = JsonReader.Options.of("input_tokens", "output_tokens");

  private final OkHttpClient http;
  private final HttpUrl url;
  private final String model;
  private final AwsBasicCredentials credentials;
  private final String region;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

  SignedFloorClient(OkHttpClient http, HttpUrl url, String model, AwsBasicCredentials credentials, String region) {
    this.http = http;
    this.url = url;
    this.model = model;
    this.credentials = credentials;
    this.region = region;
  }

  /** What the floor extracts: the same facts Stateline's ChatResponse carries. */
  record Result(String id, String model, String status, String text, int inputTokens, int outputTokens) {}

  /** The request body Stateline writes for one user message. */
  ByteString body(String prompt) {
    Buffer body = new Buffer();
    try (JsonWriter w = JsonWriter.of(body)) {
      w.beginObject();
      w.name("model").value(model);
      w.name("input").beginArray().beginObject();
      w.name("type").value("message").name("role").value("user");
      w.name("content").beginArray().beginObject().name("type").value("input_text").name("text").value(prompt)
          .endObject().endArray();
      w.endObject().endArray();
      w.name("store").value(false);
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return body.readByteString();
  }

  /** SigV4-signs {@code body} for this client's URL; returns the request ready to send. */
  Request signed(ByteString body) {
    byte[] bytes = body.toByteArray();
    SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(url.uri()).build();
    SdkHttpRequest signed = signer.sign(r -> r.identity(credentials).request(unsigned)
        .payload(ContentStreamProvider.fromByteArrayUnsafe(bytes))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "bedrock")
        .putProperty(AwsV4HttpSigner.REGION_NAME, region)).request();
    return new Request.Builder().url(url)
        .header("Authorization", signed.firstMatchingHeader("Authorization").orElseThrow())
        .header("X-Amz-Date", signed.firstMatchingHeader("X-Amz-Date").orElseThrow())
        .header("x-amz-content-sha256", signed.firstMatchingHeader("x-amz-content-sha256").orElseThrow())
        .post(RequestBody.create(body, JSON))
        .build();
  }

  /** The call, signed. */
  Result respond(String prompt) {
    return execute(signed(body(prompt)));
  }

  /** The same call, unsigned (what the signature costs is the difference). */
  Result respondUnsigned(String prompt) {
    return execute(new Request.Builder().url(url).post(RequestBody.create(body(prompt), JSON)).build());
  }

  private Result execute(Request request) {
    try (Response response = http.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw new IllegalStateException("HTTP " + response.code());
      }
      return parse(JsonReader.of(response.body().source()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Result parse(JsonReader r) throws IOException {
    String id = null;
    String m = null;
    String status = null;
    StringBuilder text = new StringBuilder();
    int in = 0;
    int out = 0;
    r.beginObject();
    while (r.hasNext()) {
      switch (r.selectName(TOP)) {
        case 0 -> id = r.nextString();
        case 1 -> m = r.nextString();
        case 2 -> status = r.nextString();
        case 3 -> {
          r.beginArray();
          while (r.hasNext()) {
            readItem(r, text);
          }
          r.endArray();
        }
        case 4 -> {
          r.beginObject();
          while (r.hasNext()) {
            switch (r.selectName(USAGE)) {
              case 0 -> in = r.nextInt();
              case 1 -> out = r.nextInt();
              default -> {
                r.skipName();
                r.skipValue();
              }
            }
          }
          r.endObject();
        }
        default -> {
          r.skipName();
          r.skipValue();
        }
      }
    }
    r.endObject();
    return new Result(id, m, status, text.toString(), in, out);
  }

  /** An output item: the text of a message's {@code output_text} parts goes to {@code text}. */
  private static void readItem(JsonReader r, StringBuilder text) throws IOException {
    r.beginObject();
    while (r.hasNext()) {
      int field = r.selectName(ITEM);
      if (field == 1) {
        r.beginArray();
        while (r.hasNext()) {
          r.beginObject();
          while (r.hasNext()) {
            int part = r.selectName(PART);
            if (part == 1) {
              text.append(r.nextString());
            } else {
              if (part < 0) {
                r.skipName();
              }
              r.skipValue();
            }
          }
          r.endObject();
        }
        r.endArray();
      } else {
        if (field < 0) {
          r.skipName();
        }
        r.skipValue();
      }
    }
    r.endObject();
  }
}
