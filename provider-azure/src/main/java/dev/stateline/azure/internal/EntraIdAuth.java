/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.azure.internal;

import dev.stateline.openai.wire.RequestAuth;
import dev.stateline.spi.ModelCall;
import okhttp3.Request;

/**
 * Microsoft Entra ID: {@code Authorization: Bearer <token>}, the token from a {@link TokenCache}
 * (fetched once, shared, renewed before expiry). Redacts the current token, and anything shaped like
 * a JWT, from provider text. Not API; thread-safe; {@code toString()} shows no token.
 */
public final class EntraIdAuth implements RequestAuth {
  private final TokenCache tokens;

  public EntraIdAuth(TokenCache tokens) {
    this.tokens = tokens;
  }

  /** Blocks the calling thread while a token is fetched, if none is valid. */
  @Override
  public void apply(Request.Builder request, ModelCall call) {
    request.header("Authorization", "Bearer " + tokens.token());
  }

  @Override
  public String redact(String text) {
    return tokens.redact(text);
  }

  public TokenCache tokens() {
    return tokens;
  }

  @Override
  public String toString() {
    return "EntraIdAuth[" + tokens + "]";
  }
}
