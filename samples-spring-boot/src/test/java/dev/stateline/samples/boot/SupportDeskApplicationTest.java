/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.StatelineClient;
import dev.stateline.testing.emulators.EmulatedClouds;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The sample runs offline: stateless work on Azure, the session on AWS, the health UP. */
class SupportDeskApplicationTest {

  @Test
  void theSampleRunsOnTheEmulators_placingEachCallWhereItBelongs() {
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    ConfigurableApplicationContext context;
    try {
      context = SupportDeskApplication.run();
    } finally {
      System.setOut(out);
    }
    String printed = captured.toString(StandardCharsets.UTF_8);
    EmulatedClouds clouds = context.getBean(EmulatedClouds.class);
    StatelineClient client = context.getBean(StatelineClient.class);
    try {
      assertThat(printed).contains("summary  -> azure-swc: ", "session  -> aws-fra: ", "health   -> ")
          .contains("UP");
      assertThat(printed).contains("timer    -> azure-swc stateless success: 1 call(s)",
          "timer    -> aws-fra stateful success: 1 call(s)");
      assertThat(clouds.azure("swedencentral").requestCount()).isEqualTo(1);
      assertThat(clouds.bedrock("eu-central-1").requestCount()).isEqualTo(1);
    } finally {
      context.close();
    }
    assertThat(clouds.azure("swedencentral").endpoint()).isNotNull();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.session("after")).hasMessageContaining("closed");
  }
}
