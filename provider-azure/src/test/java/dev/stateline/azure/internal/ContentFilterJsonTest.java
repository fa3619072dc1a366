/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.azure.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonReader;
import dev.stateline.chat.ContentFilterCategory;
import dev.stateline.chat.ContentFilterCategory.Citation;
import dev.stateline.chat.ContentFilterCategory.Severity;
import dev.stateline.chat.ContentFilterResult;
import java.io.IOException;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** Azure's annotation shapes, as documented and as observed, read into the portable result. */
class ContentFilterJsonTest {

  private static JsonReader json(String text) {
    return JsonReader.of(new Buffer().writeUtf8(text));
  }

  @Test
  void choiceResults_everyDocumentedShape() throws IOException {
    ContentFilterResult.Builder out = ContentFilterResult.builder();
    ContentFilterJson.readChoiceResults(json("""
        {"hate":{"filtered":false,"severity":"safe"},
         "self_harm":{"filtered":true,"severity":"high"},
         "profanity":{"filtered":false,"detected":true},
         "protected_material_code":{"filtered":false,"detected":true,
           "citation":{"URL":"https://github.com/x/y","license":"EPL-1.0"}},
         "protected_material_text":{"filtered":false,"detected":false},
         "ungrounded_material":{"filtered":false,"detected":true,"details":[{"completion_end_offset":5}]},
         "custom_blocklists":{"filtered":true,"details":[{"filtered":true,"id":"list-a"},{"filtered":false,"id":"list-b"}]},
         "custom_topics":{"filtered":false,"details":[{"detected":true,"id":"crypto"}]},
         "error":{"code":"content_filter_error","message":"The contents are not filtered"},
         "something_new":{"filtered":true},
         "odd":"not an object"}
        """), out);
    ContentFilterResult r = out.build();

    assertThat(r.completion()).containsExactly(
        ContentFilterCategory.ofSeverity("hate", false, Severity.SAFE),
        ContentFilterCategory.ofSeverity("self_harm", true, Severity.HIGH),
        ContentFilterCategory.ofDetection("profanity", false, true),
        ContentFilterCategory.ofDetection("protected_material_code", false, true)
            .withCitation(new Citation("https://github.com/x/y", "EPL-1.0")),
        ContentFilterCategory.ofDetection("protected_material_text", false, false),
        ContentFilterCategory.ofDetection("ungrounded_material", false, true),
        ContentFilterCategory.ofDetection("custom_blocklist", true, true).withId("list-a"),
        ContentFilterCategory.ofDetection("custom_blocklist", false, false).withId("list-b"),
        ContentFilterCategory.ofDetection("custom_topic", false, true).withId("crypto"),
        ContentFilterCategory.ofDetection("something_new", true, true));
    assertThat(r.errors()).containsExactly("content_filter_error: The contents are not filtered");
  }

  @Test
  void promptFilterResults_severalPromptIndexesMergeIntoOnePromptSide() throws IOException {
    ContentFilterResult.Builder out = ContentFilterResult.builder();
    ContentFilterJson.readPromptFilterResults(json("""
        [{"prompt_index":0,"content_filter_results":{"jailbreak":{"filtered":false,"detected":false},
                                                     "hate":{"filtered":false,"severity":"safe"}}},
         {"prompt_index":1,"content_filter_results":{"jailbreak":{"filtered":true,"detected":true},
                                                     "indirect_attack":{"filtered":false,"detected":true},
                                                     "hate":{"filtered":false,"severity":"low"}}}]
        """), out);
    ContentFilterResult r = out.build();

    assertThat(r.prompt()).containsExactly(
        ContentFilterCategory.ofDetection("jailbreak", true, true),
        ContentFilterCategory.ofSeverity("hate", false, Severity.LOW),
        ContentFilterCategory.ofDetection("indirect_attack", false, true));
    assertThat(r.completion()).isEmpty();
  }

  @Test
  void errorBodies_bothSpellingsOfTheInnerError_andTheOlderBlocklistArray() {
    ContentFilterResult observed = ContentFilterJson.readErrorBody("""
        {"error":{"message":"The response was filtered","type":null,"param":"prompt","code":"content_filter",
          "status":400,"innererror":{"code":"ResponsibleAIPolicyViolation","content_filter_result":{
            "custom_blocklists":[{"filtered":true,"id":"raiBlocklistName"}],
            "hate":{"filtered":false,"severity":"safe"},"jailbreak":{"filtered":false,"detected":false}}}}}
        """);
    assertThat(observed.prompt()).contains(
        ContentFilterCategory.ofDetection("custom_blocklist", true, true).withId("raiBlocklistName"));
    assertThat(observed.promptFiltered()).isTrue();

    ContentFilterResult published = ContentFilterJson.readErrorBody("""
        {"error":{"code":"content_filter","message":"m","inner_error":{"code":"ResponsibleAIPolicyViolation",
          "content_filter_results":{"violence":{"filtered":true,"severity":"medium"}}}}}
        """);
    assertThat(published.prompt()).containsExactly(ContentFilterCategory.ofSeverity("violence", true, Severity.MEDIUM));

    ContentFilterResult safetySystem = ContentFilterJson.readErrorBody("""
        {"error":{"code":"content_policy_violation","type":"invalid_request_error","param":null,
          "message":"Your request was rejected as a result of our safety system.",
          "innererror":{"code":"ResponsibleAIPolicyViolation","content_filter_results":{
            "sexual":{"filtered":true,"severity":"high"},"profanity":{"filtered":false,"detected":false}}}}}
        """);
    assertThat(safetySystem).as("content_policy_violation carries its filter details too").isNotNull();
    assertThat(safetySystem.prompt("sexual")).contains(ContentFilterCategory.ofSeverity("sexual", true, Severity.HIGH));
  }

  @Test
  void errorBodies_thatAreNotContentFilterErrors_giveNothing_andNeverThrow() {
    assertThat(ContentFilterJson.readErrorBody(null)).isNull();
    assertThat(ContentFilterJson.readErrorBody("")).isNull();
    assertThat(ContentFilterJson.readErrorBody("<html>bad gateway</html>")).isNull();
    assertThat(ContentFilterJson.readErrorBody("{\"error\":{\"code\":\"429\",\"message\":\"slow down\"}}")).isNull();
    assertThat(ContentFilterJson.readErrorBody("{\"error\":{\"code\":\"content_filter\",\"message\":\"no details\"}}"))
        .isNull();
    assertThat(ContentFilterJson.readErrorBody("{\"error\":{\"code\":\"content_filter\",\"innererror\":")).isNull();
    assertThat(ContentFilterJson.readErrorBody("[1,2]")).isNull();
  }

  @Test
  void unknownSeverities_areKeptAsUngraded() throws IOException {
    ContentFilterResult.Builder out = ContentFilterResult.builder();
    ContentFilterJson.readChoiceResults(json("{\"hate\":{\"filtered\":false,\"severity\":\"extreme\"}}"), out);

    assertThat(out.build().completion()).containsExactly(
        new ContentFilterCategory("hate", false, false, null, null, null));
  }
}
