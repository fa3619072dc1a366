/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stateline.ChatStream;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.RateLimitedException;
import dev.stateline.opentelemetry.StatelineOpenTelemetry;
import dev.stateline.placement.CircuitBreakerPolicy;
import dev.stateline.placement.CircuitState;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.session.Session;
import dev.stateline.testing.azure.AzureReply;
import dev.stateline.testing.emulators.EmulatedClouds;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Stateless to Azure, a session to AWS, streamed too, then a throttled call that opens Azure's
 * circuit breaker, on the versions this build resolved.
 */
class CrossCloudTest {

  @Test
  void callsArePlacedAcrossTwoClouds_onTheResolvedVersions() {
    String netty = io.netty.util.Version.identify().get("netty-common").artifactVersion();
    System.out.println("resolved: okhttp " + okhttp3.OkHttp.VERSION + ", kotlin-stdlib " + kotlin.KotlinVersion.CURRENT
        + ", netty " + netty + ", opentelemetry-api "
        + io.opentelemetry.api.OpenTelemetry.class.getPackage().getImplementationVersion());
    assertEquals("5.3.0", okhttp3.OkHttp.VERSION, "Stateline's OkHttp, whatever Spring Boot manages");
    assertEquals(System.getProperty("expect.kotlin"), kotlin.KotlinVersion.CURRENT.toString());
    assertEquals(System.getProperty("expect.netty"), netty);
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    InMemoryLogRecordExporter logs = InMemoryLogRecordExporter.create();
    try (OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .setLoggerProvider(SdkLoggerProvider.builder()
                .addLogRecordProcessor(SimpleLogRecordProcessor.create(logs)).build())
            .build();
        EmulatedClouds clouds = EmulatedClouds.builder().azure("swedencentral").bedrock("eu-central-1").start()) {
      StatelineOpenTelemetry telemetry = StatelineOpenTelemetry.builder(otel).build();
      StatelineClient client = StatelineClient.builder()
          .target(clouds.azureTarget("azure-swc", "swedencentral"))
          .target(clouds.bedrockTarget("aws-fra", "eu-central-1"))
          .placement(PlacementPolicy.standard().residency(Jurisdiction.EU))
          .retryPolicy(RetryPolicy.builder().maxAttempts(1).build())
          // One failure opens a circuit: the last step below opens Azure's.
          .circuitBreaker(CircuitBreakerPolicy.builder().minimumCalls(1).windowSize(1).build())
          .telemetry(telemetry)
          .addTargetInterceptor(telemetry.interceptor())
          .build();
      try (client) {
        ChatResponse stateless = client.chat(ChatRequest.of("gpt-4.1", "Summarise this contract"));
        assertEquals("azure-swc", stateless.target());

        try (Session session = client.session("case-4711")) {
          ChatResponse turn = session.send("What does clause 7 say?");
          assertEquals("aws-fra", turn.target(), () -> "placement " + turn.placement() + ", attempts " + turn.attempts());
          try (ChatStream stream = session.stream("And clause 8?")) {
            ChatResponse streamed = stream.response();
            assertEquals("aws-fra", streamed.target(), () -> "attempts " + streamed.attempts());
            assertFalse(streamed.text().isEmpty());
          }
        }

        clouds.azure("swedencentral").enqueue(AzureReply.rateLimited(Duration.ofSeconds(1)));
        assertThrows(RateLimitedException.class, () -> client.chat(ChatRequest.of("gpt-4.1", "throttled")));
        assertEquals(CircuitState.OPEN, client.health("azure-swc").circuitState());
      }
      assertEquals(1, logs.getFinishedLogRecordItems().stream().filter(r -> "open".equals(
          r.getAttributes().get(AttributeKey.stringKey("stateline.circuit_breaker.state")))).count(),
          "the breaker's change, as an OpenTelemetry event");
      assertEquals(4, spans.getFinishedSpanItems().stream()
          .filter(s -> s.getInstrumentationScopeInfo().getName().equals("dev.stateline")).count());
      assertTrue(spans.getFinishedSpanItems().stream().anyMatch(s -> s.getName().startsWith("chat ")));
    }
  }
}
