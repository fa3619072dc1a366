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
 * A credential that also names the Bedrock project ({@code OpenAI-Project}) the request runs in.
 * The header is set before the credential applies (SigV4 signs the host, the {@code x-amz-*} headers
 * and the body, not this header). Not API; immutable and thread-safe.
 */
public final class WithProject implements RequestAuth {
  private final RequestAuth auth;
  private final String project;

  public WithProject(RequestAuth auth, String project) {
    this.auth = auth;
    this.project = project;
  }

  @Override
  public void apply(Request.Builder request, ModelCall call) {
    request.header("OpenAI-Project", project);
    auth.apply(request, call);
  }

  @Override
  public void apply(Request.Builder request, ModelCall call, String method, HttpUrl url, ByteString body) {
    request.header("OpenAI-Project", project);
    auth.apply(request, call, method, url, body);
  }

  @Override
  public String redact(String text) {
    return auth.redact(text);
  }

  @Override
  public String toString() {
    return auth + " in project " + project;
  }
}
