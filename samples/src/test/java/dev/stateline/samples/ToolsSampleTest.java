/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Smoke test: one tool loop, two clouds, each cloud's own wire shape for the tool result. */
class ToolsSampleTest {

  @Test
  void theSameToolLoopRunsOnAzureAndBedrock() {
    String out = SampleOutput.of(ToolsSample::run);

    assertThat(out)
        .contains("  tool call get_weather {\"city\":\"Oslo\"}\nazure-swc: It is 4 degrees and clear in Oslo.")
        .contains("  tool call get_weather {\"city\":\"Oslo\"}\naws-fra: Oslo: 4 degrees, clear sky.")
        .contains("azure sent : role=tool tool_call_id=call_7")
        .contains("bedrock sent: toolResult.toolUseId=tooluse_7");
  }
}
