/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.wire;

import dev.stateline.chat.ChatResponse;

/**
 * What a whole (non-streamed) response body held: an answer, or an error object the provider put in
 * a 2xx body. Exactly one of the two is non-null.
 *
 * <p>Part of the provider SPI. Immutable.
 *
 * @param response the answer, without request id or provider (the HTTP layer adds those)
 * @param error the error the body carried instead
 */
public record DecodedResponse(ChatResponse response, ProviderError error) {
  public DecodedResponse {
    if ((response == null) == (error == null)) {
      throw new IllegalArgumentException("exactly one of response and error must be set");
    }
  }

  public static DecodedResponse of(ChatResponse response) {
    return new DecodedResponse(response, null);
  }

  public static DecodedResponse failed(ProviderError error) {
    return new DecodedResponse(null, error);
  }

  public boolean isError() {
    return error != null;
  }
}
