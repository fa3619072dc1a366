/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Smoke test: the same JSON-schema request answers with the same JSON on Azure and on Bedrock. */
class JsonOutputSampleTest {

  @Test
  void bothCloudsAnswerWithTheSchemasJson_eachAskedTheWayItUnderstands() {
    String out = SampleOutput.of(JsonOutputSample::run);

    String json = "{\"number\":\"INV-2041\",\"total\":1250.5,\"currency\":\"EUR\"}";
    assertThat(out)
        .contains("azure-swc : " + json)
        .contains("aws-fra : " + json)
        .contains("azure sent  : response_format.type=json_schema name=invoice")
        .contains("bedrock sent: toolChoice.tool.name=invoice");
  }
}
