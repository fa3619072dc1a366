/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.openai.wire.ErrorMapper;
import dev.stateline.openai.wire.ProviderError;
import org.junit.jupiter.api.Test;

/** What the fuzzers found, as plain tests (the inputs themselves replay in the fuzz tests' Inputs). */
class FuzzFindingsTest {

  @Test
  void givenStatusCodeAfterCode_whenParsingTheErrorBody_thenItIsReadAsJsonNotAsText() {
    // Found by ErrorMapperFuzzTest: "statusCode" after "code" was left unread, the reader failed on
    // its value, and the whole body fell back to plain text (the message was the raw JSON).
    ProviderError e = ErrorMapper.parseBody("{\"code\":\"quota\",\"statusCode\":429,\"message\":\"slow down\"}");

    assertThat(e.message()).isEqualTo("slow down");
    assertThat(e.code()).isEqualTo("quota");
  }

  @Test
  void givenOnlyStatusCode_whenParsingTheErrorBody_thenItIsTheCode() {
    ProviderError e = ErrorMapper.parseBody("{ \"statusCode\": 401, \"message\": \"Access denied\" }");

    assertThat(e.message()).isEqualTo("Access denied");
    assertThat(e.code()).isEqualTo("401");
  }
}
