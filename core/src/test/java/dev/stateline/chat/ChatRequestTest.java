/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChatRequestTest {
  private static final ToolDefinition WEATHER =
      ToolDefinition.of("get_weather", "Weather for a city", "{\"type\":\"object\"}");

  private static ChatRequest.Builder valid() {
    return ChatRequest.builder().model("gpt-4.1").userMessage("Hi");
  }

  @Test
  void ofAliasAndText_givesOneUserMessageAndPortableDefaults() {
    ChatRequest r = ChatRequest.of("gpt-4.1", "Hi");

    assertThat(r.model()).isEqualTo("gpt-4.1");
    assertThat(r.messages()).containsExactly(Message.user("Hi"));
    assertThat(r.responseFormat()).isSameAs(ResponseFormat.text());
    assertThat(r.tools()).isEmpty();
    assertThat(r.metadata()).isEmpty();
    assertThat(r.toolChoice()).isNull();
    assertThat(r.usesServerState()).isFalse();
    assertThat(r.hasImages()).isFalse();
  }

  @Test
  void missingOrBlankModel_isRejectedNamingTheField() {
    assertThatIllegalArgumentException().isThrownBy(() -> ChatRequest.builder().userMessage("Hi").build())
        .withMessage("model is required");
    assertThatIllegalArgumentException().isThrownBy(() -> valid().model("  ").build())
        .withMessage("model is required");
  }

  @Test
  void noMessages_isRejectedWithAHowToFix_unlessTheRequestContinuesServerState() {
    assertThatIllegalArgumentException().isThrownBy(() -> ChatRequest.builder().model("m").build())
        .withMessageContaining("at least one message")
        .withMessageContaining("userMessage");

    ChatRequest continued = ChatRequest.builder().model("m").previousResponseId("resp_1").build();
    assertThat(continued.usesServerState()).isTrue();
    assertThat(ChatRequest.of("m", "x").toBuilder().store(true).build().usesServerState()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.01, 2.01, Double.NaN, Double.POSITIVE_INFINITY})
  void temperatureOutsideZeroToTwo_isRejected(double t) {
    assertThatIllegalArgumentException().isThrownBy(() -> valid().temperature(t).build())
        .withMessageContaining("temperature must be between 0 and 2");
  }

  @Test
  void temperatureBounds_areAccepted() {
    assertThat(valid().temperature(0.0).build().temperature()).isEqualTo(0.0);
    assertThat(valid().temperature(2.0).build().temperature()).isEqualTo(2.0);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, -0.5, 1.0001, Double.NaN})
  void topPOutsideZeroExclusiveToOne_isRejected(double p) {
    assertThatIllegalArgumentException().isThrownBy(() -> valid().topP(p).build())
        .withMessageContaining("topP must be in (0, 1]");
  }

  @Test
  void topPOfOne_andSmallPositive_areAccepted() {
    assertThat(valid().topP(1.0).build().topP()).isEqualTo(1.0);
    assertThat(valid().topP(0.01).build().topP()).isEqualTo(0.01);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
  void maxOutputTokensBelowOne_isRejected(int n) {
    assertThatIllegalArgumentException().isThrownBy(() -> valid().maxOutputTokens(n).build())
        .withMessageContaining("maxOutputTokens must be at least 1");
    assertThat(valid().maxOutputTokens(1).build().maxOutputTokens()).isEqualTo(1);
  }

  @Test
  void emptyStopSequence_isRejected() {
    assertThatIllegalArgumentException().isThrownBy(() -> valid().stop(List.of("END", "")).build())
        .withMessageContaining("stop sequences");
  }

  @Test
  void toolChoiceThatNeedsTools_withoutTools_isRejected_butNoneIsFine() {
    assertThatIllegalArgumentException().isThrownBy(() -> valid().toolChoice(ToolChoice.REQUIRED).build())
        .withMessage("toolChoice REQUIRED needs at least one tool");
    assertThatIllegalArgumentException().isThrownBy(() -> valid().toolChoice(ToolChoice.AUTO).build())
        .withMessageContaining("needs at least one tool");
    assertThatCode(() -> valid().toolChoice(ToolChoice.NONE).build()).doesNotThrowAnyException();
  }

  @Test
  void toolChoiceNamingAToolTheRequestLacks_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> valid().addTool(WEATHER).toolChoice(ToolChoice.tool("get_time")).build())
        .withMessageContaining("'get_time'")
        .withMessageContaining("not among the request's tools");

    ChatRequest ok = valid().addTool(WEATHER).toolChoice(ToolChoice.tool("get_weather")).build();
    assertThat(ok.toolChoice().toolName()).isEqualTo("get_weather");
  }

  @Test
  void duplicateToolNames_areRejected() {
    ToolDefinition sameName = ToolDefinition.of("get_weather", "another", "{\"type\":\"object\"}");

    assertThatIllegalArgumentException().isThrownBy(() -> valid().addTool(WEATHER).addTool(sameName).build())
        .withMessageContaining("tool names must be unique");
  }

  @Test
  void sixteenMetadataEntries_areAllowed_seventeenAreNot() {
    ChatRequest.Builder b = valid();
    for (int i = 0; i < 16; i++) {
      b.putMetadata("k" + i, "v");
    }
    assertThat(b.build().metadata()).hasSize(16);

    b.putMetadata("k16", "v");
    assertThatIllegalArgumentException().isThrownBy(b::build)
        .withMessage("at most 16 metadata entries are allowed, got 17");
  }

  @Test
  void metadataKeysAndValues_mustBePresent() {
    assertThatIllegalArgumentException().isThrownBy(() -> valid().putMetadata(null, "v"));
    assertThatIllegalArgumentException().isThrownBy(() -> valid().putMetadata("", "v"));
    assertThatIllegalArgumentException().isThrownBy(() -> valid().putMetadata("k", null));
  }

  @Test
  void nullMessagesAndTools_areRejectedAtTheBuilder() {
    assertThatThrownBy(() -> valid().addMessage(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> valid().addTool(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void builtRequest_isImmutable_andUnaffectedByLaterBuilderOrInputChanges() {
    List<Message> history = new ArrayList<>(List.of(Message.user("first")));
    ChatRequest.Builder b = ChatRequest.builder().model("m").messages(history);
    ChatRequest r = b.build();

    history.add(Message.user("second"));
    b.userMessage("third").putMetadata("k", "v");

    assertThat(r.messages()).containsExactly(Message.user("first"));
    assertThat(r.metadata()).isEmpty();
    assertThatThrownBy(() -> r.messages().add(Message.user("x"))).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> r.metadata().put("k", "v")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> r.stop().add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void toBuilder_copiesEveryField_andDerivesWithoutTouchingTheOriginal() {
    ChatRequest original = valid()
        .systemMessage("Be brief")
        .addTool(WEATHER)
        .toolChoice(ToolChoice.tool("get_weather"))
        .parallelToolCalls(false)
        .responseFormat(ResponseFormat.jsonObject())
        .temperature(0.2)
        .topP(0.9)
        .maxOutputTokens(100)
        .stop(List.of("END"))
        .seed(42L)
        .user("user-1")
        .putMetadata("tenant", "acme")
        .store(false)
        .build();

    ChatRequest copy = original.toBuilder().build();
    ChatRequest warmer = original.toBuilder().temperature(1.0).build();

    assertThat(copy).isEqualTo(original).hasSameHashCodeAs(original);
    assertThat(warmer).isNotEqualTo(original);
    assertThat(original.temperature()).isEqualTo(0.2);
    assertThat(warmer.tools()).containsExactly(WEATHER);
  }

  @Test
  void hasImages_isTrueWhenAnyMessageCarriesAnImage() {
    ChatRequest r = valid()
        .addMessage(Message.user(ContentPart.text("What is this?"), ImagePart.fromUrl("https://example.com/a.png")))
        .build();

    assertThat(r.hasImages()).isTrue();
  }
}
