/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.CallOptions;
import dev.stateline.ChatStream;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.Timeouts;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.CallTimeoutException;
import dev.stateline.placement.Attempt;
import dev.stateline.placement.CircuitBreakerPolicy;
import dev.stateline.placement.CircuitState;
import dev.stateline.placement.Failover;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.placement.TargetHealth;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.testing.Conditions;
import dev.stateline.testing.azure.AzureReply;
import dev.stateline.testing.emulators.EmulatedClouds;
import dev.stateline.testing.junit.Clouds;
import dev.stateline.testing.junit.StatelineTest;
import dev.stateline.testing.openai.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The code of docs/operations.md, run against two emulated Azure regions: every tagged region is
 * quoted in the doc (DocsSnippetsTest checks that), and each test checks that it does what the doc
 * says.
 */
@StatelineTest
@Clouds(azure = {"swedencentral", "westeurope"}, bedrock = {}, openAi = "")
class OperationsDocsExamplesTest {
  private static final ChatRequest REQUEST = ChatRequest.of("gpt-4.1", "Summarise this contract.");

  @Test
  void retriesWaitTheProvidersRetryAfter_andALongerOneFailsOverAtOnce(EmulatedClouds clouds) {
    Target swc = clouds.azureTarget("azure-swc", "swedencentral");
    Target weu = clouds.azureTarget("azure-weu", "westeurope");
    // tag::retry-policy[]
    RetryPolicy retries = RetryPolicy.builder()
        .maxAttempts(3)                          // per target, the first included
        .initialBackoff(Duration.ofMillis(200))  // full jitter: a random wait in [0, 200 ms], then [0, 400 ms], ...
        .maxBackoff(Duration.ofSeconds(5))       // ... capped here
        .maxRetryAfter(Duration.ofSeconds(10))   // a provider asking for more: give the target up, fail over
        .build();
    StatelineClient client = StatelineClient.builder()
        .target(swc)
        .target(weu)
        .placement(PlacementPolicy.standard().residency(Jurisdiction.EU).prefer("azure-swc"))
        .retryPolicy(retries)
        .build();
    // end::retry-policy[]
    try (client) {
      clouds.azure("swedencentral").enqueue(AzureReply.rateLimited(Duration.ofMillis(40)));
      ChatResponse answer = client.chat(REQUEST);
      assertThat(answer.attempts()).extracting(Attempt::target, Attempt::errorType, Attempt::retryDelay)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("azure-swc", "RateLimitedException", Duration.ofMillis(40)),
              org.assertj.core.groups.Tuple.tuple("azure-swc", null, Duration.ZERO));

      clouds.azure("swedencentral").enqueue(AzureReply.rateLimited(Duration.ofSeconds(30)));
      ChatResponse moved = client.chat(REQUEST);
      // tag::attempts[]
      List<String> route = new ArrayList<>();
      for (Attempt a : moved.attempts()) {
        route.add(a.target() + " #" + a.number() + " " + (a.succeeded() ? "ok" : a.errorType())
            + (a.retryDelay().isZero() ? "" : ", then waited " + a.retryDelay().toMillis() + " ms"));
      }
      List<Failover> failovers = moved.failovers();
      // end::attempts[]
      assertThat(route).containsExactly("azure-swc #1 RateLimitedException", "azure-weu #1 ok");
      assertThat(failovers).containsExactly(new Failover("azure-swc", "azure-weu", "RateLimitedException"));
    }
  }

  @Test
  void aSilentTargetTimesOut_isRetried_thenFailedOver_andATotalTimeoutEndsTheCall(EmulatedClouds clouds) {
    Target swc = clouds.azureTarget("azure-swc", "swedencentral");
    Target weu = clouds.azureTarget("azure-weu", "westeurope");
    clouds.azure("swedencentral").conditions(Conditions.latency(Duration.ofSeconds(20)));
    // tag::timeouts[]
    StatelineClient client = StatelineClient.builder()
        .target(swc)
        .target(weu)
        .placement(PlacementPolicy.standard().residency(Jurisdiction.EU).prefer("azure-swc"))
        .timeouts(new Timeouts(
            Duration.ofSeconds(2),      // connect, per attempt
            Duration.ofMillis(300),     // read: the longest silence, per attempt
            Duration.ofSeconds(10)))    // total: the whole call, retries, backoff and failover included
        .retryPolicy(RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(10)).build())
        .build();
    // end::timeouts[]
    try (client) {
      ChatResponse answer = client.chat(REQUEST);
      assertThat(answer.target()).isEqualTo("azure-weu");
      assertThat(answer.attempts()).extracting(Attempt::errorType)
          .containsExactly("CallTimeoutException", "CallTimeoutException", null);

      clouds.azure("westeurope").conditions(Conditions.latency(Duration.ofSeconds(20)));
      // tag::per-call-timeouts[]
      CallOptions quick = CallOptions.builder()
          .timeouts(new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMillis(500)))
          .build();
      // end::per-call-timeouts[]
      assertThatThrownBy(() -> client.chat(REQUEST, quick))
          .isInstanceOfSatisfying(CallTimeoutException.class,
              e -> assertThat(e.kind()).isEqualTo(CallTimeoutException.Kind.TOTAL));
    }
  }

  @Test
  void aFailingTargetsCircuitOpens_andPlacementLeavesItOut(EmulatedClouds clouds) {
    Target swc = clouds.azureTarget("azure-swc", "swedencentral");
    Target weu = clouds.azureTarget("azure-weu", "westeurope");
    clouds.azure("swedencentral").conditions(Conditions.outage());
    // tag::circuit-breaker[]
    StatelineClient client = StatelineClient.builder()
        .target(swc)
        .target(weu)
        .placement(PlacementPolicy.standard().residency(Jurisdiction.EU).prefer("azure-swc"))
        .circuitBreaker(CircuitBreakerPolicy.builder()
            .failureRateThreshold(0.5)             // open at 50% failures
            .windowSize(20)                        // of the last 20 attempts
            .windowDuration(Duration.ofSeconds(60))
            .minimumCalls(4)                       // once at least 4 are counted
            .openDuration(Duration.ofSeconds(30))  // then keep the target out for 30 s
            .halfOpenProbes(1)                     // and let one probe call decide
            .build())
        .retryPolicy(RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(5)).build())
        .build();
    // end::circuit-breaker[]
    try (client) {
      client.chat(REQUEST);
      client.chat(REQUEST);
      // tag::health[]
      TargetHealth health = client.health("azure-swc");
      CircuitState state = health.circuitState();     // CLOSED, OPEN or HALF_OPEN
      String why = health.summary();                  // "OPEN after 4 of 4 recent calls failed; ..."
      long latency = health.latencyNanos(false);      // smoothed latency of successful calls, -1 if none
      int busy = health.inFlight();                   // calls running on it now
      // end::health[]
      assertThat(state).isEqualTo(CircuitState.OPEN);
      assertThat(why).contains("OPEN");
      assertThat(latency).isEqualTo(-1);
      assertThat(busy).isZero();

      ChatResponse answer = client.chat(REQUEST);
      assertThat(answer.target()).isEqualTo("azure-weu");
      assertThat(answer.placement().decision("azure-swc").rule()).isEqualTo("health");
      assertThat(clouds.azure("swedencentral").requestCount()).isEqualTo(4);
    }
  }

  @Test
  void aFullTargetFailsOverAtOnce(EmulatedClouds clouds) {
    // tag::bulkhead[]
    Target swc = clouds.azureTarget("azure-swc", "swedencentral").toBuilder()
        .maxConcurrentCalls(1)    // at most one call or open stream at a time, per client
        .build();
    // end::bulkhead[]
    Target weu = clouds.azureTarget("azure-weu", "westeurope");
    clouds.azure("swedencentral").enqueue(AzureReply.of(
        Reply.text("a slow answer of many words").withEventDelay(Duration.ofMillis(50))));
    try (StatelineClient client = StatelineClient.builder().target(swc).target(weu)
        .placement(PlacementPolicy.standard().residency(Jurisdiction.EU).prefer("azure-swc")).build()) {
      try (ChatStream open = client.stream(REQUEST)) {
        Iterator<ChatEvent> events = open.iterator();
        assertThat(events.next()).isNotNull(); // the stream holds azure-swc's only slot

        ChatResponse meanwhile = client.chat(REQUEST);
        assertThat(meanwhile.target()).isEqualTo("azure-weu");
        assertThat(meanwhile.failovers()).extracting(Failover::errorType).containsExactly("BulkheadFullException");
      }
      assertThat(client.chat(REQUEST).target()).as("closing the stream gave the slot back").isEqualTo("azure-swc");
    }
  }
}
