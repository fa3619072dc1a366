/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stateline.StatelineClient;
import dev.stateline.chat.ChatRequest;
import dev.stateline.session.Session;
import dev.stateline.testing.emulators.EmulatedClouds;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application as a user writes it: no Stateline code but properties; the client, its health and
 * its metrics come from the starter on Spring Boot 3.5.
 */
@SpringBootTest(classes = StarterOnBoot35Test.App.class, properties = "management.endpoint.health.show-details=always")
class StarterOnBoot35Test {
  @SpringBootApplication
  static class App {}

  static final EmulatedClouds CLOUDS = EmulatedClouds.builder().azure("swedencentral").bedrock("eu-central-1")
      .start();

  @DynamicPropertySource
  static void stateline(DynamicPropertyRegistry p) {
    p.add("stateline.targets.azure-swc.provider", () -> "azure-openai");
    p.add("stateline.targets.azure-swc.endpoint", () -> CLOUDS.azure("swedencentral").endpoint().toString());
    p.add("stateline.targets.azure-swc.region", () -> "swedencentral");
    p.add("stateline.targets.azure-swc.api-key", () -> CLOUDS.azure("swedencentral").apiKey());
    p.add("stateline.targets.azure-swc.models[gpt-4.1]", () -> EmulatedClouds.AZURE_DEPLOYMENT);
    p.add("stateline.targets.azure-swc.deployment-type", () -> "standard");
    p.add("stateline.targets.aws-fra.provider", () -> "bedrock");
    p.add("stateline.targets.aws-fra.region", () -> "eu-central-1");
    p.add("stateline.targets.aws-fra.endpoint", () -> CLOUDS.bedrock("eu-central-1").endpoint().toString());
    p.add("stateline.targets.aws-fra.models[gpt-4.1]", () -> EmulatedClouds.BEDROCK_MODEL_ID);
    p.add("stateline.placement.residency", () -> "EU");
    p.add("stateline.retry.max-attempts", () -> "1");
  }

  @AfterAll
  static void stop() {
    CLOUDS.close();
  }

  @Autowired
  StatelineClient client;
  @Autowired
  HealthEndpoint health;
  @Autowired
  MeterRegistry meters;

  @Test
  void theStarterConfiguresTheClient_itsHealth_andItsMetrics_onSpringBoot35() {
    assertTrue(SpringBootVersion.getVersion().startsWith("3.5."), SpringBootVersion.getVersion());

    assertEquals("azure-swc", client.chat(ChatRequest.of("gpt-4.1", "Summarise this contract")).target());
    try (Session session = client.session("case-4711")) {
      assertEquals("aws-fra", session.send("What does clause 7 say?").target(), "signed by the AWS default chain");
    }

    assertEquals(Status.UP, health.healthForPath("stateline").getStatus());

    Timer azure = meters.find("gen_ai.client.operation").tag("stateline.target", "azure-swc")
        .tag("stateline.outcome", "success").timer();
    assertNotNull(azure, () -> "meters: " + meters.getMeters().stream().map(m -> m.getId().toString()).toList());
    assertEquals(1, azure.count());
    Timer aws = meters.find("gen_ai.client.operation").tag("stateline.call.kind", "stateful").timer();
    assertNotNull(aws);
    assertEquals(1, aws.count());
  }
}
