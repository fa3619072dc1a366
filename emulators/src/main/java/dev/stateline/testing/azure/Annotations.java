/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.azure;

import dev.stateline.chat.ContentFilterCategory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders content-filter checks in Azure OpenAI's wire shapes. Package-private; stateless.
 *
 * <ul>
 *   <li>graded harms: {@code {"filtered": bool, "severity": "safe|low|medium|high"}};
 *   <li>detections: {@code {"filtered": bool, "detected": bool}}, protected code with
 *       {@code "citation": {"URL", "license"}};
 *   <li>custom blocklists: {@code "custom_blocklists": [{"filtered": bool, "id": name}]};
 *   <li>custom topics: {@code "custom_topics": {"filtered": bool, "details": [{"detected", "id"}]}};
 *   <li>a filter that could not run: {@code "error": {"code": "content_filter_error", "message"}}.
 * </ul>
 */
final class Annotations {
  private Annotations() {}

  /** What Azure reports on a harmless prompt: the four harms safe, no jailbreak. */
  static final List<ContentFilterCategory> PROMPT_DEFAULTS = List.of(
      ContentFilterCategory.ofSeverity(ContentFilterCategory.HATE, false, ContentFilterCategory.Severity.SAFE),
      ContentFilterCategory.ofDetection(ContentFilterCategory.JAILBREAK, false, false),
      ContentFilterCategory.ofSeverity(ContentFilterCategory.SELF_HARM, false, ContentFilterCategory.Severity.SAFE),
      ContentFilterCategory.ofSeverity(ContentFilterCategory.SEXUAL, false, ContentFilterCategory.Severity.SAFE),
      ContentFilterCategory.ofSeverity(ContentFilterCategory.VIOLENCE, false, ContentFilterCategory.Severity.SAFE));

  /** What Azure reports on a harmless completion: the four harms safe, no protected material. */
  static final List<ContentFilterCategory> COMPLETION_DEFAULTS = List.of(
      ContentFilterCategory.ofSeverity(ContentFilterCategory.HATE, false, ContentFilterCategory.Severity.SAFE),
      ContentFilterCategory.ofDetection(ContentFilterCategory.PROTECTED_MATERIAL_CODE, false, false),
      ContentFilterCategory.ofDetection(ContentFilterCategory.PROTECTED_MATERIAL_TEXT, false, false),
      ContentFilterCategory.ofSeverity(ContentFilterCategory.SELF_HARM, false, ContentFilterCategory.Severity.SAFE),
      ContentFilterCategory.ofSeverity(ContentFilterCategory.SEXUAL, false, ContentFilterCategory.Severity.SAFE),
      ContentFilterCategory.ofSeverity(ContentFilterCategory.VIOLENCE, false, ContentFilterCategory.Severity.SAFE));

  /** The defaults with {@code overrides} in place of the same checks, plus any new ones. */
  static List<ContentFilterCategory> merge(List<ContentFilterCategory> defaults, List<ContentFilterCategory> overrides) {
    List<ContentFilterCategory> out = new ArrayList<>(defaults);
    for (ContentFilterCategory o : overrides) {
      boolean replaced = false;
      for (int i = 0; i < out.size(); i++) {
        if (out.get(i).sameCheck(o)) {
          out.set(i, o);
          replaced = true;
        }
      }
      if (!replaced) {
        out.add(o);
      }
    }
    return out;
  }

  /** A {@code content_filter_results} object (keys sorted, as Azure sends them). */
  static Map<String, Object> results(List<ContentFilterCategory> checks, String filterError) {
    Map<String, Object> out = new TreeMap<>();
    List<Object> blocklists = new ArrayList<>();
    List<Object> topics = new ArrayList<>();
    boolean topicFiltered = false;
    for (ContentFilterCategory c : checks) {
      if (c.name().equals(ContentFilterCategory.CUSTOM_BLOCKLIST)) {
        blocklists.add(obj("filtered", c.filtered(), "id", c.id()));
      } else if (c.name().equals(ContentFilterCategory.CUSTOM_TOPIC)) {
        topics.add(obj("detected", c.detected(), "id", c.id()));
        topicFiltered |= c.filtered();
      } else if (c.severity() != null) {
        out.put(c.name(), obj("filtered", c.filtered(), "severity", c.severity().name().toLowerCase(Locale.ROOT)));
      } else {
        Map<String, Object> m = obj("filtered", c.filtered(), "detected", c.detected());
        if (c.citation() != null) {
          m.put("citation", obj("URL", c.citation().url(), "license", c.citation().license()));
        }
        out.put(c.name(), m);
      }
    }
    if (!blocklists.isEmpty()) {
      out.put("custom_blocklists", blocklists);
    }
    if (!topics.isEmpty()) {
      out.put("custom_topics", obj("filtered", topicFiltered, "details", topics));
    }
    if (filterError != null) {
      out.put("error", obj("code", "content_filter_error", "message", filterError));
    }
    return out;
  }

  /** {@code prompt_filter_results}: one entry, for prompt index 0. */
  static List<Object> promptFilterResults(List<ContentFilterCategory> checks) {
    return List.of(obj("prompt_index", 0, "content_filter_results", results(checks, null)));
  }

  static Map<String, Object> obj(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }
}
