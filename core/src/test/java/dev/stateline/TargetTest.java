/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class TargetTest {
  private final ScriptedModel model = new ScriptedModel();

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "-azure", ".x", "azure swc", "azure/swc", "azüre",
      "x2345678901234567890123456789012345678901234567890123456789012345"})
  void badNames_areRejectedSayingWhatIsAllowed(String name) {
    assertThatIllegalArgumentException().isThrownBy(() -> Target.builder(name, model).anyModel().build())
        .withMessageContaining("must be 1-64 characters");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "azure-swc", "aws.eu_central.1", "X234567890123456789012345678901234567890123456789012345678901234"})
  void goodNames_areAccepted(String name) {
    assertThat(Target.builder(name, model).anyModel().build().name()).isEqualTo(name);
  }

  @Test
  void aTargetServingNoModel_isRejectedWithAHowToFix() {
    assertThatIllegalArgumentException().isThrownBy(() -> Target.builder("t", model).build())
        .withMessageContaining("serves no model")
        .withMessageContaining("anyModel()");
  }

  @Test
  void aTargetNeedsAModel() {
    assertThatNullPointerException().isThrownBy(() -> Target.builder("t", null).anyModel().build());
  }

  @Test
  void aliases_mapToTheProvidersOwnModelNames() {
    Target t = Target.builder("azure-swc", model)
        .provider("azure.ai.openai")
        .region(Region.azure("SwedenCentral"))
        .model("gpt-4.1", "gpt41-prod")
        .model("gpt-4o")
        .build();

    assertThat(t.serves("gpt-4.1")).isTrue();
    assertThat(t.modelFor("gpt-4.1")).isEqualTo("gpt41-prod");
    assertThat(t.modelFor("gpt-4o")).isEqualTo("gpt-4o");
    assertThat(t.serves("o3")).isFalse();
    assertThatIllegalArgumentException().isThrownBy(() -> t.modelFor("o3"))
        .withMessage("target 'azure-swc' does not serve model alias 'o3'");
    assertThat(t.provider()).isEqualTo("azure.ai.openai");
    assertThat(t.region()).isEqualTo(new Region("azure", "swedencentral"));
    assertThat(t.servesAnyModel()).isFalse();
    assertThatThrownBy(() -> t.models().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void anyModel_servesUnmappedAliasesUnderTheirOwnName_butKeepsMappings() {
    Target t = Target.builder("fake", model).anyModel().model("gpt-4.1", "deployment-7").build();

    assertThat(t.serves("anything")).isTrue();
    assertThat(t.modelFor("anything")).isEqualTo("anything");
    assertThat(t.modelFor("gpt-4.1")).isEqualTo("deployment-7");
    assertThat(t.provider()).isEqualTo("custom");
    assertThat(t.region()).isNull();
  }

  @Test
  void blankAliasOrProviderModel_isRejected() {
    assertThatIllegalArgumentException().isThrownBy(() -> Target.builder("t", model).model(" ", "x"));
    assertThatIllegalArgumentException().isThrownBy(() -> Target.builder("t", model).model("a", ""));
    assertThatIllegalArgumentException().isThrownBy(() -> Target.builder("t", model).model(null));
  }

  @Test
  void toBuilder_copiesEverything() {
    Target t = Target.builder("t", model).provider("openai").region(Region.openai("eu"))
        .model("a", "b").anyModel().build();

    Target copy = t.toBuilder().build();

    assertThat(copy.name()).isEqualTo("t");
    assertThat(copy.provider()).isEqualTo("openai");
    assertThat(copy.region()).isEqualTo(Region.openai("eu"));
    assertThat(copy.models()).containsExactly(org.assertj.core.api.Assertions.entry("a", "b"));
    assertThat(copy.servesAnyModel()).isTrue();
    assertThat(copy.chatModel()).isSameAs(model);
  }

  @Test
  void region_needsCloudAndName_andPrintsAsCloudSlashName() {
    assertThat(Region.aws("EU-Central-1").toString()).isEqualTo("aws/eu-central-1");
    assertThatIllegalArgumentException().isThrownBy(() -> new Region("aws", " "));
    assertThatNullPointerException().isThrownBy(() -> new Region(null, "x"));
  }
}
