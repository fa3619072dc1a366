/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.chat.ContentFilterCategory.Citation;
import dev.stateline.chat.ContentFilterCategory.Severity;
import dev.stateline.error.ContentFilteredException;
import dev.stateline.error.ErrorInfo;
import org.junit.jupiter.api.Test;

class ContentFilterResultTest {

  @Test
  void givenTheSameCheckTwice_thenTheStrongestFindingIsKept() {
    ContentFilterResult result = ContentFilterResult.builder()
        .addCompletion(ContentFilterCategory.ofSeverity("hate", false, Severity.SAFE))
        .addCompletion(ContentFilterCategory.ofSeverity("hate", true, Severity.MEDIUM))
        .addCompletion(ContentFilterCategory.ofSeverity("hate", false, Severity.LOW))
        .build();

    assertThat(result.completion()).containsExactly(
        new ContentFilterCategory("hate", true, true, Severity.MEDIUM, null, null));
    assertThat(result.completionFiltered()).isTrue();
    assertThat(result.promptFiltered()).isFalse();
    assertThat(result.filtered()).isTrue();
  }

  @Test
  void givenBlocklistsWithDifferentIds_thenEachIsItsOwnCheck() {
    ContentFilterResult result = ContentFilterResult.builder()
        .addPrompt(ContentFilterCategory.ofDetection("custom_blocklist", true, true).withId("a"))
        .addPrompt(ContentFilterCategory.ofDetection("custom_blocklist", false, false).withId("b"))
        .build();

    assertThat(result.prompt()).extracting(ContentFilterCategory::id).containsExactly("a", "b");
    assertThat(result.prompt("custom_blocklist")).get().extracting(ContentFilterCategory::filtered).isEqualTo(true);
  }

  @Test
  void severityCategoriesAreDetectedAboveSafe_andMergeKeepsTheFirstCitation() {
    assertThat(ContentFilterCategory.ofSeverity("violence", false, Severity.SAFE).detected()).isFalse();
    assertThat(ContentFilterCategory.ofSeverity("violence", false, Severity.LOW).detected()).isTrue();

    ContentFilterCategory first = ContentFilterCategory.ofDetection("protected_material_code", false, true)
        .withCitation(new Citation("https://example.test/repo", "MIT"));
    ContentFilterCategory second = ContentFilterCategory.ofDetection("protected_material_code", true, false);
    ContentFilterCategory merged = first.strongest(second);
    assertThat(merged.filtered()).isTrue();
    assertThat(merged.detected()).isTrue();
    assertThat(merged.citation()).isEqualTo(new Citation("https://example.test/repo", "MIT"));
    assertThatThrownBy(() -> first.strongest(ContentFilterCategory.ofDetection("jailbreak", false, false)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void mergeCombinesBothSidesAndErrors_andToStringNamesChecksOnly() {
    ContentFilterResult a = ContentFilterResult.builder()
        .addPrompt(ContentFilterCategory.ofDetection("jailbreak", false, false)).build();
    ContentFilterResult b = ContentFilterResult.builder()
        .addPrompt(ContentFilterCategory.ofDetection("jailbreak", true, true))
        .addError("content_filter_error: The contents are not filtered").build();

    ContentFilterResult merged = a.merge(b);

    assertThat(merged.prompt("jailbreak")).get().extracting(ContentFilterCategory::filtered).isEqualTo(true);
    assertThat(merged.errors()).containsExactly("content_filter_error: The contents are not filtered");
    assertThat(merged.toString()).contains("jailbreak(filtered)");
    assertThat(ContentFilterResult.builder().build().isEmpty()).isTrue();
  }

  @Test
  void responsesAndErrorsCarryTheResult() {
    ContentFilterResult result = ContentFilterResult.builder()
        .addPrompt(ContentFilterCategory.ofSeverity("sexual", true, Severity.HIGH)).build();

    ChatResponse response = ChatResponse.builder().message(Message.assistant("", java.util.List.of()))
        .finishReason(FinishReason.CONTENT_FILTER).contentFilter(result).build();
    assertThat(response.contentFilter()).isEqualTo(result);
    assertThat(response.toBuilder().target("t").build().contentFilter()).isEqualTo(result);
    assertThat(response.toString()).contains("contentFilter=filtered");

    ContentFilteredException error = new ContentFilteredException("blocked", ErrorInfo.NONE, result, null);
    assertThat(error.contentFilter()).isEqualTo(result);
    assertThat(error.isRetryable()).isFalse();
    assertThat(new ContentFilteredException("blocked", ErrorInfo.NONE, null).contentFilter()).isNull();
  }
}
