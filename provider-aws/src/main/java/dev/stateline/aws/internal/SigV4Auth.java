/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.internal;

import dev.stateline.openai.wire.RequestAuth;
import dev.stateline.spi.ModelCall;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okio.ByteString;

/**
 * AWS SigV4 for the OpenAI wire codec: every attempt is signed afresh by a {@link SigV4Signer} over
 * the exact method, URL and body bytes it sends ({@code Authorization}, {@code X-Amz-Date},
 * {@code x-amz-content-sha256}, and {@code X-Amz-Security-Token} for temporary credentials). Not API;
 * thread-safe; {@code toString()} shows no secret.
 */
public final class SigV4Auth implements RequestAuth {
  private final SigV4Signer signer;

  public SigV4Auth(SigV4Signer signer) {
    this.signer = signer;
  }

  /** Never used: a signature needs the body ({@link #apply(Request.Builder, ModelCall, String, HttpUrl, ByteString)}). */
  @Override
  public void apply(Request.Builder request, ModelCall call) {
    throw new IllegalStateException("SigV4 signs the request body: call apply(request, call, method, url, body)");
  }

  @Override
  public void apply(Request.Builder request, ModelCall call, String method, HttpUrl url, ByteString body) {
    SigV4Signer.Signature s = signer.sign(method, url.uri(), body.toByteArray());
    request.header("Authorization", s.authorization())
        .header("X-Amz-Date", s.date())
        .header("x-amz-content-sha256", s.contentSha256());
    if (s.securityToken() != null) {
      request.header("X-Amz-Security-Token", s.securityToken());
    }
  }

  @Override
  public String redact(String text) {
    return signer.redact(text);
  }

  public SigV4Signer signer() {
    return signer;
  }

  @Override
  public String toString() {
    return "SigV4Auth[" + signer.signingName() + ", " + signer.region() + "]";
  }
}
