/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.chat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a provider's content filter found in one call, in one portable shape: the checks run on the
 * prompt and on the completion ({@link ContentFilterCategory}), and the filters that could not run.
 * Azure OpenAI fills it from its {@code prompt_filter_results} and {@code content_filter_results};
 * other providers' guardrails can fill it the same way.
 *
 * <p>Reached from {@link ChatResponse#contentFilter()} (annotations of an answer, also when the
 * completion was cut with {@link FinishReason#CONTENT_FILTER}) and from
 * {@link dev.stateline.error.ContentFilteredException#contentFilter()} (a prompt the filter refused).
 *
 * <p>Each check appears at most once per side: results for the same check (a streamed answer is
 * annotated chunk by chunk; a prompt may be annotated per part) are merged into their
 * {@linkplain ContentFilterCategory#strongest strongest finding}.
 *
 * <p>Immutable and thread-safe. Holds no prompt or completion content; {@code toString()} lists the
 * checks.
 */
public final class ContentFilterResult {
  private final List<ContentFilterCategory> prompt;
  private final List<ContentFilterCategory> completion;
  private final List<String> errors;

  private ContentFilterResult(Builder b) {
    this.prompt = Collections.unmodifiableList(new ArrayList<>(b.prompt));
    this.completion = Collections.unmodifiableList(new ArrayList<>(b.completion));
    this.errors = List.copyOf(b.errors);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.prompt.addAll(prompt);
    b.completion.addAll(completion);
    b.errors.addAll(errors);
    return b;
  }

  /** The checks run on the prompt, in the order the provider reported them. */
  public List<ContentFilterCategory> prompt() {
    return prompt;
  }

  /** The checks run on the completion, in the order the provider reported them. */
  public List<ContentFilterCategory> completion() {
    return completion;
  }

  /**
   * Filters that reported they could not run, as {@code "code: message"} texts from the provider
   * (Azure: {@code content_filter_error: The contents are not filtered}); empty if all ran.
   */
  public List<String> errors() {
    return errors;
  }

  /** The prompt check of this name (the first, if several ids share it). */
  public Optional<ContentFilterCategory> prompt(String name) {
    return find(prompt, name);
  }

  /** The completion check of this name (the first, if several ids share it). */
  public Optional<ContentFilterCategory> completion(String name) {
    return find(completion, name);
  }

  /** True if any check on the prompt or the completion filtered content. */
  public boolean filtered() {
    return promptFiltered() || completionFiltered();
  }

  /** True if any check on the prompt filtered it. */
  public boolean promptFiltered() {
    return prompt.stream().anyMatch(ContentFilterCategory::filtered);
  }

  /** True if any check on the completion filtered it. */
  public boolean completionFiltered() {
    return completion.stream().anyMatch(ContentFilterCategory::filtered);
  }

  /** True if nothing was reported at all. */
  public boolean isEmpty() {
    return prompt.isEmpty() && completion.isEmpty() && errors.isEmpty();
  }

  /** This result and {@code other} together, each check at its strongest finding. */
  public ContentFilterResult merge(ContentFilterResult other) {
    Builder b = toBuilder();
    other.prompt.forEach(b::addPrompt);
    other.completion.forEach(b::addCompletion);
    other.errors.forEach(b::addError);
    return b.build();
  }

  private static Optional<ContentFilterCategory> find(List<ContentFilterCategory> list, String name) {
    for (ContentFilterCategory c : list) {
      if (c.name().equals(name)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ContentFilterResult r && prompt.equals(r.prompt) && completion.equals(r.completion)
        && errors.equals(r.errors);
  }

  @Override
  public int hashCode() {
    return Objects.hash(prompt, completion, errors);
  }

  @Override
  public String toString() {
    return "ContentFilterResult[prompt=" + prompt + ", completion=" + completion
        + (errors.isEmpty() ? "" : ", errors=" + errors.size()) + "]";
  }

  /** Builds a {@link ContentFilterResult}, merging repeated checks. Not thread-safe. */
  public static final class Builder {
    private final List<ContentFilterCategory> prompt = new ArrayList<>();
    private final List<ContentFilterCategory> completion = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    private Builder() {}

    /** Adds a prompt check, or strengthens the same check already added. */
    public Builder addPrompt(ContentFilterCategory category) {
      add(prompt, Objects.requireNonNull(category, "category"));
      return this;
    }

    /** Adds a completion check, or strengthens the same check already added. */
    public Builder addCompletion(ContentFilterCategory category) {
      add(completion, Objects.requireNonNull(category, "category"));
      return this;
    }

    /** Records a filter that could not run (added once). */
    public Builder addError(String error) {
      Objects.requireNonNull(error, "error");
      if (!errors.contains(error)) {
        errors.add(error);
      }
      return this;
    }

    private static void add(List<ContentFilterCategory> list, ContentFilterCategory category) {
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i).sameCheck(category)) {
          list.set(i, list.get(i).strongest(category));
          return;
        }
      }
      list.add(category);
    }

    public ContentFilterResult build() {
      return new ContentFilterResult(this);
    }
  }
}
