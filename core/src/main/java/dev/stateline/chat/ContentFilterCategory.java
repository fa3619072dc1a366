/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.chat;

import java.util.Objects;

/**
 * One check of a provider's content filter (Azure OpenAI content filtering, a guardrail) on the
 * prompt or on the completion: what was checked, whether it was found, how severe it was, and
 * whether the provider blocked content because of it.
 *
 * <p>Names are the providers' category names in lower snake case; the well-known ones are the
 * constants of this type ({@link #HATE}, {@link #JAILBREAK}, ...). Providers may report others.
 * Categories that carry an identity of their own (a custom blocklist, a custom topic) have an
 * {@link #id()}; categories backed by a source (protected code) may have a {@link #citation()}.
 *
 * <p>Immutable and thread-safe. Holds no prompt or completion content.
 *
 * @param name the category, never blank ({@code hate}, {@code jailbreak}, {@code custom_blocklist})
 * @param filtered true if the provider blocked or removed content because of this category
 * @param detected true if the category was found: a {@code detected} flag as reported, or for
 *     severity categories a severity above {@link Severity#SAFE}
 * @param severity the graded severity for categories that have one ({@code hate}, {@code sexual},
 *     {@code violence}, {@code self_harm}), else null
 * @param id the identity within the category (a blocklist or topic name), or null
 * @param citation where matching protected material comes from, or null
 */
public record ContentFilterCategory(
    String name, boolean filtered, boolean detected, Severity severity, String id, Citation citation) {

  /** Hate and fairness harms. */
  public static final String HATE = "hate";
  /** Sexual content. */
  public static final String SEXUAL = "sexual";
  /** Violence. */
  public static final String VIOLENCE = "violence";
  /** Self-harm. */
  public static final String SELF_HARM = "self_harm";
  /** Profanity. */
  public static final String PROFANITY = "profanity";
  /** A user prompt attack (jailbreak), checked on the prompt. */
  public static final String JAILBREAK = "jailbreak";
  /** An attack hidden in documents or tool output (indirect prompt injection), checked on the prompt. */
  public static final String INDIRECT_ATTACK = "indirect_attack";
  /** Known text such as lyrics or articles, checked on the completion. */
  public static final String PROTECTED_MATERIAL_TEXT = "protected_material_text";
  /** Known source code from public repositories, checked on the completion; may carry a citation. */
  public static final String PROTECTED_MATERIAL_CODE = "protected_material_code";
  /** Completion text not grounded in the supplied sources. */
  public static final String UNGROUNDED_MATERIAL = "ungrounded_material";
  /** A customer-defined blocklist; {@link #id()} names it. */
  public static final String CUSTOM_BLOCKLIST = "custom_blocklist";
  /** A customer-defined topic; {@link #id()} names it. */
  public static final String CUSTOM_TOPIC = "custom_topic";

  /** Graded severity of a harm category, from least to most severe. */
  public enum Severity {
    /** Nothing harmful, or harmful terms in a neutral context. */
    SAFE,
    /** Harmful content of low intensity. */
    LOW,
    /** Harmful content of medium intensity. */
    MEDIUM,
    /** Harmful content of high intensity. */
    HIGH;

    /** The more severe of two, either of which may be null. */
    static Severity max(Severity a, Severity b) {
      if (a == null) {
        return b;
      }
      return b == null || a.compareTo(b) >= 0 ? a : b;
    }
  }

  /**
   * The source of matched protected material.
   *
   * @param url where the material was found, or null
   * @param license the license of that source, or null
   */
  public record Citation(String url, String license) {}

  public ContentFilterCategory {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a content filter category needs a name");
    }
  }

  /** A graded harm category; detected when the severity is above {@link Severity#SAFE}. */
  public static ContentFilterCategory ofSeverity(String name, boolean filtered, Severity severity) {
    return new ContentFilterCategory(name, filtered, severity != null && severity != Severity.SAFE, severity,
        null, null);
  }

  /** A detect-or-not category such as {@link #JAILBREAK}. */
  public static ContentFilterCategory ofDetection(String name, boolean filtered, boolean detected) {
    return new ContentFilterCategory(name, filtered, detected, null, null, null);
  }

  /** A copy that names the blocklist or topic it belongs to. */
  public ContentFilterCategory withId(String id) {
    return new ContentFilterCategory(name, filtered, detected, severity, id, citation);
  }

  /** A copy with a citation. */
  public ContentFilterCategory withCitation(Citation citation) {
    return new ContentFilterCategory(name, filtered, detected, severity, id, citation);
  }

  /** True if this category and {@code other} are the same check (same name and id). */
  public boolean sameCheck(ContentFilterCategory other) {
    return name.equals(other.name) && Objects.equals(id, other.id);
  }

  /**
   * The strongest finding of two results of the same check (say from successive stream chunks):
   * filtered or detected if either was, the higher severity, the first citation.
   *
   * @throws IllegalArgumentException if {@code other} is another check
   */
  public ContentFilterCategory strongest(ContentFilterCategory other) {
    if (!sameCheck(other)) {
      throw new IllegalArgumentException("cannot merge " + name + " with " + other.name);
    }
    return new ContentFilterCategory(name, filtered || other.filtered, detected || other.detected,
        Severity.max(severity, other.severity), id, citation != null ? citation : other.citation);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(name);
    if (id != null) {
      sb.append('[').append(id).append(']');
    }
    sb.append('(');
    sb.append(filtered ? "filtered" : detected ? "detected" : "clear");
    if (severity != null) {
      sb.append(", ").append(severity.name().toLowerCase(java.util.Locale.ROOT));
    }
    return sb.append(')').toString();
  }
}
