/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.aws;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** Requests signed as the AWS SDK signs them, for the emulators' own tests. */
public final class SignedRequests {
  private static final MediaType JSON = MediaType.get("application/json");

  private SignedRequests() {}

  /** A request signed with SigV4 over method, URL and body, for {@code service} in {@code region}. */
  public static Request.Builder signed(String method, HttpUrl url, String body, AwsCredentialsIdentity identity,
      String service, String region) {
    return signed(method, url, body, Map.of(), identity, service, region);
  }

  /**
   * As {@link #signed(String, HttpUrl, String, AwsCredentialsIdentity, String, String)}, with these
   * headers sent and signed too ({@code Content-Type} among them sets the body's media type).
   */
  public static Request.Builder signed(String method, HttpUrl url, String body, Map<String, String> headers,
      AwsCredentialsIdentity identity, String service, String region) {
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    SdkHttpRequest.Builder ub = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(url.uri());
    headers.forEach(ub::putHeader);
    SdkHttpRequest unsigned = ub.build();
    String contentType = headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Content-Type"))
        .map(Map.Entry::getValue).findFirst().orElse(null);
    SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(identity).request(unsigned)
        .payload(ContentStreamProvider.fromByteArrayUnsafe(bytes))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
        .putProperty(AwsV4HttpSigner.REGION_NAME, region)).request();
    Request.Builder b = new Request.Builder().url(url)
        .method(method, body == null ? null
            : RequestBody.create(bytes, contentType == null ? JSON : MediaType.get(contentType)));
    signed.forEachHeader((name, values) -> {
      if (!name.equalsIgnoreCase("Host")) {
        b.header(name, values.get(0));
      }
    });
    return b;
  }
}
