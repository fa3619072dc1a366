/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Smoke test: the streaming sample shows deltas, a listener, and the partial text of a broken stream. */
class StreamingSampleTest {

  @Test
  void showsDeltasTheListenerAndABrokenStreamsPartialText() {
    String out = SampleOutput.of(StreamingSample::run);

    assertThat(out)
        .contains("iterator : [Tokens][ arrive][ one][ by][ one.]")
        .contains("whole    : Tokens arrive one by one. (5 tokens, from azure-swc)")
        .contains("listener : A listener gets the same events. (heard 32 characters)")
        .contains("broken   : ProtocolException, partial text kept: 'This answer breaks off'");
  }
}
