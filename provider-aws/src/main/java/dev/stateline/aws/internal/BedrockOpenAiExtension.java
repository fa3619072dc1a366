/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.internal;

import dev.stateline.error.InvalidRequestException;
import dev.stateline.error.StatelineException;
import dev.stateline.error.StoredResponseNotFoundException;
import dev.stateline.openai.wire.ResponseExtension;
import dev.stateline.spi.ModelCall;
import okhttp3.Headers;

/**
 * What Bedrock's OpenAI-compatible endpoints answer differently from OpenAI:
 *
 * <ul>
 *   <li>a continuation ({@code previous_response_id}) whose stored response the Region does not
 *       have is an HTTP 404, the same whether it expired (30 days), was deleted, was never stored or
 *       belongs to another account or Region: it becomes a {@link StoredResponseNotFoundException}
 *       naming the response id;
 *   <li>bedrock-mantle refuses a model on the wrong path prefix ("model ... isn't supported on this
 *       route"): the error says which setting changes the prefix.
 * </ul>
 *
 * <p>Not API; thread-safe; a reader is made only for calls that continue a stored response.
 */
public final class BedrockOpenAiExtension implements ResponseExtension {
  private final String region;
  private final Reader plain;

  public BedrockOpenAiExtension(String region) {
    this.region = region;
    this.plain = new Mapping(null);
  }

  @Override
  public Reader open(ModelCall call, Headers headers) {
    String previous = call.request().previousResponseId();
    return previous == null ? plain : new Mapping(previous);
  }

  private final class Mapping implements Reader {
    private final String previous;

    Mapping(String previous) {
      this.previous = previous;
    }

    @Override
    public StatelineException onError(StatelineException error) {
      if (previous != null && (error.statusCode() == 404 || error instanceof StoredResponseNotFoundException)) {
        return new StoredResponseNotFoundException(error.provider() + ": the stored response '" + previous
            + "' was not found in " + region + " (a stored response lives 30 days, in the Region that served it:"
            + " it expired, was deleted, was never stored, or belongs elsewhere) [" + error.getMessage() + "]",
            error.info(), previous, error);
      }
      if (error instanceof InvalidRequestException invalid && String.valueOf(error.getMessage())
          .contains("isn't supported on this route")) {
        return new InvalidRequestException(error.getMessage() + "; bedrock-mantle serves this model under another"
            + " path prefix: set mantlePathPrefix(modelId, \"/openai/v1\") or (modelId, \"/v1\") on the target,"
            + " as the model card's Programmatic access table says", error.info(), invalid.param(), error);
      }
      return error;
    }
  }
}
