/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.azure;

import static dev.stateline.azure.AzureFixtures.ALIAS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stateline.ChatStream;
import dev.stateline.StatelineClient;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.ContentFilterCategory;
import dev.stateline.chat.ContentFilterCategory.Citation;
import dev.stateline.chat.ContentFilterCategory.Severity;
import dev.stateline.chat.ContentFilterResult;
import dev.stateline.chat.FinishReason;
import dev.stateline.error.ContentFilteredException;
import dev.stateline.testing.azure.AzureOpenAiEmulator;
import dev.stateline.testing.azure.AzureReply;
import dev.stateline.testing.openai.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Azure's content-filter annotations and errors, mapped to the portable ContentFilterResult. */
class AzureContentFilterTest {
  private AzureOpenAiEmulator azure;
  private StatelineClient client;

  @BeforeEach
  void start() {
    azure = AzureFixtures.emulator();
    client = AzureFixtures.client(AzureFixtures.target(azure).build());
  }

  @AfterEach
  void stop() {
    client.close();
    azure.close();
  }

  @Test
  void givenAHarmlessExchange_thenTheDefaultAnnotationsOfBothSidesAreOnTheAnswer() {
    ContentFilterResult filter = client.chat(ChatRequest.of(ALIAS, "hello")).contentFilter();

    assertThat(filter.prompt()).extracting(ContentFilterCategory::name)
        .containsExactlyInAnyOrder("hate", "jailbreak", "self_harm", "sexual", "violence");
    assertThat(filter.prompt("hate")).contains(ContentFilterCategory.ofSeverity("hate", false, Severity.SAFE));
    assertThat(filter.prompt("jailbreak")).contains(ContentFilterCategory.ofDetection("jailbreak", false, false));
    assertThat(filter.completion()).extracting(ContentFilterCategory::name).containsExactlyInAnyOrder(
        "hate", "self_harm", "sexual", "violence", "protected_material_code", "protected_material_text");
    assertThat(filter.filtered()).isFalse();
    assertThat(filter.errors()).isEmpty();
  }

  @Test
  void givenAnnotatedButUnfilteredFindings_thenTheyAreReportedWithoutBlockingTheAnswer() {
    azure.enqueue(AzureReply.text("def quicksort(xs): ...")
        .withPromptAnnotations(ContentFilterCategory.ofDetection("jailbreak", false, true),
            ContentFilterCategory.ofDetection("indirect_attack", false, true),
            ContentFilterCategory.ofDetection("custom_blocklist", false, false).withId("competitors"))
        .withCompletionAnnotations(ContentFilterCategory.ofDetection("protected_material_code", false, true)
                .withCitation(new Citation("https://github.com/example/sorts", "MIT")),
            ContentFilterCategory.ofSeverity("violence", false, Severity.LOW),
            ContentFilterCategory.ofDetection("profanity", false, true)));

    ChatResponse answer = client.chat(ChatRequest.of(ALIAS, "write a sort"));

    ContentFilterResult filter = answer.contentFilter();
    assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(filter.prompt("jailbreak")).get().extracting(ContentFilterCategory::detected).isEqualTo(true);
    assertThat(filter.prompt("indirect_attack")).get().extracting(ContentFilterCategory::detected).isEqualTo(true);
    assertThat(filter.prompt("custom_blocklist")).get().extracting(ContentFilterCategory::id).isEqualTo("competitors");
    assertThat(filter.completion("protected_material_code")).get()
        .extracting(ContentFilterCategory::citation).isEqualTo(new Citation("https://github.com/example/sorts", "MIT"));
    assertThat(filter.completion("violence")).contains(ContentFilterCategory.ofSeverity("violence", false, Severity.LOW));
    assertThat(filter.completion("profanity")).get().extracting(ContentFilterCategory::detected).isEqualTo(true);
    assertThat(filter.filtered()).isFalse();
  }

  @Test
  void givenACompletionCutByTheFilter_thenFinishReasonIsContentFilter_andTheDetailsAreOnTheAnswer() {
    azure.enqueue(AzureReply.of(Reply.text("Here is how").withFinishReason("content_filter"))
        .withCompletionAnnotations(ContentFilterCategory.ofSeverity("violence", true, Severity.HIGH)));

    ChatResponse answer = client.chat(ChatRequest.of(ALIAS, "tell me"));

    assertThat(answer.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(answer.rawFinishReason()).isEqualTo("content_filter");
    assertThat(answer.contentFilter().completionFiltered()).isTrue();
    assertThat(answer.contentFilter().completion("violence"))
        .contains(ContentFilterCategory.ofSeverity("violence", true, Severity.HIGH));
  }

  @Test
  void givenAStreamFilteredAtItsEnd_thenChunkAnnotationsMergeToTheStrongestFinding() {
    azure.enqueue(AzureReply.of(Reply.text("one two three").withFinishReason("content_filter"))
        .withPromptAnnotations(ContentFilterCategory.ofDetection("jailbreak", false, true))
        .withCompletionAnnotations(ContentFilterCategory.ofSeverity("hate", true, Severity.MEDIUM)));

    ChatResponse done;
    try (ChatStream stream = client.stream(ChatRequest.of(ALIAS, "go"))) {
      stream.forEach(e -> { });
      done = stream.response();
    }

    assertThat(done.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(done.text()).isEqualTo("one two three");
    // Earlier chunks said "safe"; the last one said "medium, filtered": the answer keeps the latter.
    assertThat(done.contentFilter().completion("hate"))
        .contains(ContentFilterCategory.ofSeverity("hate", true, Severity.MEDIUM));
    assertThat(done.contentFilter().completion("sexual"))
        .contains(ContentFilterCategory.ofSeverity("sexual", false, Severity.SAFE));
    assertThat(done.contentFilter().prompt("jailbreak")).get().extracting(ContentFilterCategory::detected).isEqualTo(true);
  }

  @Test
  void givenAFilterThatCouldNotRun_thenItsErrorIsReported() {
    azure.enqueue(AzureReply.text("unchecked").withCompletionFilterError());

    ContentFilterResult filter = client.chat(ChatRequest.of(ALIAS, "hi")).contentFilter();

    assertThat(filter.errors()).containsExactly("content_filter_error: The contents are not filtered");
  }

  @Test
  void givenAnswersWithoutAnnotations_thenContentFilterIsNull() {
    azure.enqueue(AzureReply.text("bare").withoutAnnotations());

    assertThat(client.chat(ChatRequest.of(ALIAS, "hi")).contentFilter()).isNull();
  }

  @Test
  void givenAFilteredPrompt_thenAContentFilteredExceptionCarriesTheInnerErrorsResults_andIsNotRetried() {
    azure.enqueue(AzureReply.contentFilterError(ContentFilterCategory.ofSeverity("sexual", true, Severity.MEDIUM),
        ContentFilterCategory.ofDetection("jailbreak", true, true),
        ContentFilterCategory.ofDetection("custom_blocklist", true, true).withId("banned-words")));

    ContentFilteredException refused = catchThrowableOfType(ContentFilteredException.class,
        () -> client.chat(ChatRequest.of(ALIAS, "something filtered")));

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.info().errorCode()).isEqualTo("content_filter");
    assertThat(refused.requestId()).startsWith("apim-emu-");
    assertThat(refused.isRetryable()).isFalse();
    assertThat(refused.getMessage()).contains("content filter blocked the call",
        "[filtered: ", "jailbreak(filtered)", "sexual(filtered, medium)", "custom_blocklist[banned-words](filtered)");
    assertThat(refused.getMessage()).containsOnlyOnce("status=400");
    ContentFilterResult filter = refused.contentFilter();
    assertThat(filter.promptFiltered()).isTrue();
    assertThat(filter.prompt("sexual")).contains(ContentFilterCategory.ofSeverity("sexual", true, Severity.MEDIUM));
    assertThat(filter.prompt("hate")).contains(ContentFilterCategory.ofSeverity("hate", false, Severity.SAFE));
    assertThat(filter.prompt("custom_blocklist")).get().extracting(ContentFilterCategory::id).isEqualTo("banned-words");
    assertThat(refused.attempts()).hasSize(1);
    assertThat(azure.requestCount()).isEqualTo(1);
  }

  @Test
  void givenAFilteredPromptOnAStream_thenTheSameExceptionIsThrownBeforeAnyEvent() {
    azure.enqueue(AzureReply.contentFilterError(ContentFilterCategory.ofSeverity("violence", true, Severity.HIGH)));

    ContentFilteredException refused = catchThrowableOfType(ContentFilteredException.class, () -> {
      try (ChatStream stream = client.stream(ChatRequest.of(ALIAS, "x"))) {
        stream.forEach(e -> { });
      }
    });

    assertThat(refused.contentFilter().prompt("violence"))
        .contains(ContentFilterCategory.ofSeverity("violence", true, Severity.HIGH));
  }

  @Test
  void givenTheSafetySystemsContentPolicyViolation_thenItsFilterDetailsAreOnTheContentFilteredException() {
    azure.enqueue(AzureReply.safetySystemError(ContentFilterCategory.ofSeverity("violence", true, Severity.HIGH),
        ContentFilterCategory.ofDetection("jailbreak", true, true)));

    ContentFilteredException refused = catchThrowableOfType(ContentFilteredException.class,
        () -> client.chat(ChatRequest.of(ALIAS, "something the safety system refuses")));

    assertThat(refused.info().errorCode()).isEqualTo("content_policy_violation");
    assertThat(refused.isRetryable()).isFalse();
    assertThat(refused.contentFilter()).as("the filter details of inner_error.content_filter_results").isNotNull();
    assertThat(refused.contentFilter().prompt("violence"))
        .contains(ContentFilterCategory.ofSeverity("violence", true, Severity.HIGH));
    assertThat(refused.contentFilter().prompt("jailbreak")).contains(ContentFilterCategory.ofDetection("jailbreak", true, true));
    assertThat(refused.getMessage()).contains("[filtered: ").contains("violence(filtered, high)");
  }
}
