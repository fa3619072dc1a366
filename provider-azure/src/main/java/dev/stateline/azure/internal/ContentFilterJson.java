/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.azure.internal;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import dev.stateline.chat.ContentFilterCategory;
import dev.stateline.chat.ContentFilterCategory.Severity;
import dev.stateline.chat.ContentFilterResult;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import okio.Buffer;

/**
 * Reads Azure OpenAI's content-filter annotations into the portable {@link ContentFilterResult}.
 *
 * <p>Wire shapes (Azure OpenAI inference API, 2024-10-21 and the v1 API):
 *
 * <ul>
 *   <li>top level: {@code prompt_filter_results: [{prompt_index, content_filter_results: {...}}]};
 *   <li>per choice: {@code content_filter_results: {...}} (in stream chunks too);
 *   <li>a 400 safety-system error: code {@code content_filter} (chat and completions) with
 *       {@code error.innererror.content_filter_result}, or code {@code content_policy_violation}
 *       (the published spec's {@code dalleError}: {@code inner_error.content_filter_results}, with
 *       {@code code: ResponsibleAIPolicyViolation}); every spelling of both fields is read;
 *   <li>inside a results object: {@code hate}, {@code sexual}, {@code violence}, {@code self_harm}
 *       as {@code {filtered, severity}}; {@code profanity}, {@code jailbreak},
 *       {@code indirect_attack}, {@code protected_material_text} as {@code {filtered, detected}};
 *       {@code protected_material_code} also with {@code citation: {URL, license}};
 *       {@code custom_blocklists} as {@code [{filtered, id}]} or {@code {filtered, details: [...]}};
 *       {@code custom_topics} as {@code {filtered, details: [{detected, id}]}}; {@code error} as
 *       {@code {code, message}} when a filter could not run. Unknown categories of the
 *       {@code {filtered, detected?}} shape are kept under their own names; anything else is skipped.
 * </ul>
 *
 * <p>Not API. Stateless and thread-safe; never throws on odd shapes (it skips them), only on
 * malformed JSON.
 */
public final class ContentFilterJson {
  /** The error codes of Azure's safety system. */
  private static final java.util.Set<String> SAFETY_CODES =
      java.util.Set.of("content_filter", "content_policy_violation", "contentFilter");

  private ContentFilterJson() {}

  /** Reads a {@code prompt_filter_results} array (or a single entry) into prompt checks. */
  public static void readPromptFilterResults(JsonReader reader, ContentFilterResult.Builder out) throws IOException {
    Object value = reader.readJsonValue();
    if (value instanceof List<?> list) {
      for (Object entry : list) {
        promptEntry(entry, out);
      }
    } else {
      promptEntry(value, out);
    }
  }

  private static void promptEntry(Object entry, ContentFilterResult.Builder out) {
    if (entry instanceof Map<?, ?> map) {
      Object results = map.get("content_filter_results");
      categories(results, out::addPrompt, out::addError);
    }
  }

  /** Reads a choice's {@code content_filter_results} object into completion checks. */
  public static void readChoiceResults(JsonReader reader, ContentFilterResult.Builder out) throws IOException {
    categories(reader.readJsonValue(), out::addCompletion, out::addError);
  }

  /**
   * Reads the prompt checks of a {@code content_filter} error body, or returns null if the body is
   * not such an error or carries no details. Never throws.
   */
  public static ContentFilterResult readErrorBody(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    Object root;
    try {
      root = JsonReader.of(new Buffer().writeUtf8(body)).readJsonValue();
    } catch (IOException | JsonDataException | IllegalStateException e) {
      return null;
    }
    if (!(root instanceof Map<?, ?> top)) {
      return null;
    }
    Object error = top.get("error") instanceof Map<?, ?> nested ? nested : top;
    if (!(error instanceof Map<?, ?> e) || !SAFETY_CODES.contains(String.valueOf(e.get("code")))) {
      return null;
    }
    Object inner = e.get("innererror") != null ? e.get("innererror") : e.get("inner_error");
    if (!(inner instanceof Map<?, ?> in)) {
      return null;
    }
    Object results = in.get("content_filter_result") != null
        ? in.get("content_filter_result") : in.get("content_filter_results");
    ContentFilterResult.Builder out = ContentFilterResult.builder();
    categories(results, out::addPrompt, out::addError);
    ContentFilterResult result = out.build();
    return result.isEmpty() ? null : result;
  }

  private static void categories(Object results, Consumer<ContentFilterCategory> out, Consumer<String> errors) {
    if (!(results instanceof Map<?, ?> map)) {
      return;
    }
    for (Map.Entry<?, ?> field : map.entrySet()) {
      String name = String.valueOf(field.getKey());
      Object value = field.getValue();
      switch (name) {
        case "error" -> error(value, errors);
        case "custom_blocklists" -> identified(ContentFilterCategory.CUSTOM_BLOCKLIST, value, out);
        case "custom_topics" -> identified(ContentFilterCategory.CUSTOM_TOPIC, value, out);
        default -> category(name, value, out);
      }
    }
  }

  private static void category(String name, Object value, Consumer<ContentFilterCategory> out) {
    if (!(value instanceof Map<?, ?> m) || !m.containsKey("filtered")) {
      return;
    }
    boolean filtered = Boolean.TRUE.equals(m.get("filtered"));
    if (m.containsKey("severity")) {
      out.accept(ContentFilterCategory.ofSeverity(name, filtered, severity(m.get("severity"))));
      return;
    }
    boolean detected = Boolean.TRUE.equals(m.get("detected")) || (!m.containsKey("detected") && filtered);
    ContentFilterCategory category = ContentFilterCategory.ofDetection(name, filtered, detected);
    if (m.get("citation") instanceof Map<?, ?> c) {
      String url = c.get("URL") instanceof String s ? s : c.get("url") instanceof String s2 ? s2 : null;
      String license = c.get("license") instanceof String s ? s : null;
      if (url != null || license != null) {
        category = category.withCitation(new ContentFilterCategory.Citation(url, license));
      }
    }
    out.accept(category);
  }

  /** Blocklists and topics: an array of {filtered, detected?, id}, or {filtered, details: [...]}. */
  private static void identified(String name, Object value, Consumer<ContentFilterCategory> out) {
    Object items = value;
    if (value instanceof Map<?, ?> m) {
      items = m.get("details");
      if (!(items instanceof List<?> list) || list.isEmpty()) {
        if (m.containsKey("filtered")) {
          boolean filtered = Boolean.TRUE.equals(m.get("filtered"));
          out.accept(ContentFilterCategory.ofDetection(name, filtered, filtered));
        }
        return;
      }
    }
    if (!(items instanceof List<?> list)) {
      return;
    }
    for (Object item : list) {
      if (item instanceof Map<?, ?> d && d.get("id") instanceof String id) {
        boolean filtered = Boolean.TRUE.equals(d.get("filtered"));
        boolean detected = Boolean.TRUE.equals(d.get("detected")) || filtered;
        out.accept(ContentFilterCategory.ofDetection(name, filtered, detected).withId(id));
      }
    }
  }

  private static void error(Object value, Consumer<String> errors) {
    if (value instanceof Map<?, ?> m) {
      Object code = m.get("code");
      Object message = m.get("message");
      String text = (code == null ? "error" : String.valueOf(code)) + (message == null ? "" : ": " + message);
      errors.accept(text.length() <= 300 ? text : text.substring(0, 300) + "...");
    }
  }

  /** Maps {@code safe|low|medium|high}; anything else (say a future grade) is null. */
  static Severity severity(Object value) {
    if (!(value instanceof String s)) {
      return null;
    }
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "safe" -> Severity.SAFE;
      case "low" -> Severity.LOW;
      case "medium" -> Severity.MEDIUM;
      case "high" -> Severity.HIGH;
      default -> null;
    };
  }
}
