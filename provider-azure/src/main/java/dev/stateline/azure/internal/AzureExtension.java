/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.azure.internal;

import com.squareup.moshi.JsonReader;
import dev.stateline.azure.AzureRateLimits;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.ContentFilterCategory;
import dev.stateline.chat.ContentFilterResult;
import dev.stateline.error.ContentFilteredException;
import dev.stateline.error.StatelineException;
import dev.stateline.openai.wire.ResponseExtension;
import dev.stateline.spi.ModelCall;
import java.io.IOException;
import java.util.stream.Collectors;
import okhttp3.Headers;

/**
 * Azure's additions to the OpenAI wire format, read through the codec's extension hooks:
 *
 * <ul>
 *   <li>rate-limit headers of every response, into the target's {@link AzureRateLimits};
 *   <li>{@code prompt_filter_results} (top level) and the first choice's
 *       {@code content_filter_results}, in whole bodies and stream chunks alike, merged into one
 *       {@link ContentFilterResult} on the answer;
 *   <li>a {@code content_filter} error's {@code innererror.content_filter_result}, put on the
 *       {@link ContentFilteredException}.
 * </ul>
 *
 * <p>Not API. Thread-safe; each exchange gets its own reader.
 */
public final class AzureExtension implements ResponseExtension {
  private final AzureRateLimits rateLimits;

  public AzureExtension(AzureRateLimits rateLimits) {
    this.rateLimits = rateLimits;
  }

  @Override
  public Reader open(ModelCall call, Headers headers) {
    String deployment = call.target() == null ? null : call.providerModel();
    rateLimits.record(deployment, headers.get("x-ratelimit-remaining-requests"),
        headers.get("x-ratelimit-remaining-tokens"));
    return new FilterReader();
  }

  /** Collects one exchange's content-filter annotations. */
  static final class FilterReader implements Reader {
    private final ContentFilterResult.Builder filter = ContentFilterResult.builder();
    private boolean seen;
    private ContentFilterResult errorDetails;

    @Override
    public boolean readField(Scope scope, int index, String name, JsonReader reader, boolean streaming)
        throws IOException {
      if (scope == Scope.RESPONSE && name.equals("prompt_filter_results")) {
        ContentFilterJson.readPromptFilterResults(reader, filter);
        seen = true;
        return true;
      }
      if (scope == Scope.CHOICE && (name.equals("content_filter_results") || name.equals("content_filter_result"))) {
        if (index != 0) {
          return false; // Only the first choice becomes the answer.
        }
        ContentFilterJson.readChoiceResults(reader, filter);
        seen = true;
        return true;
      }
      return false;
    }

    @Override
    public ChatResponse onResponse(ChatResponse response) {
      if (!seen) {
        return response;
      }
      return response.toBuilder().contentFilter(filter.build()).build();
    }

    @Override
    public void readErrorBody(String body) {
      errorDetails = ContentFilterJson.readErrorBody(body);
    }

    @Override
    public StatelineException onError(StatelineException error) {
      if (!(error instanceof ContentFilteredException cf) || errorDetails == null || cf.contentFilter() != null) {
        return error;
      }
      String which = errorDetails.prompt().stream().filter(ContentFilterCategory::filtered)
          .map(ContentFilterCategory::toString).collect(Collectors.joining(", "));
      String message = withoutStatusSuffix(cf) + (which.isEmpty() ? "" : " [filtered: " + which + "]");
      return new ContentFilteredException(message, cf.info(), errorDetails, cf.getCause());
    }

    /**
     * The error's message without the status and request id that {@link StatelineException#getMessage()}
     * appends, since the replacement appends them again.
     */
    private static String withoutStatusSuffix(StatelineException e) {
      String message = e.getMessage();
      if (e.statusCode() == 0 && e.requestId() == null) {
        return message;
      }
      String suffix = " [status=" + e.statusCode() + (e.requestId() == null ? "" : ", requestId=" + e.requestId()) + "]";
      return message.endsWith(suffix) ? message.substring(0, message.length() - suffix.length()) : message;
    }
  }
}
