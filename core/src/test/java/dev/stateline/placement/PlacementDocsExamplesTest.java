/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.CallOptions;
import dev.stateline.Capabilities;
import dev.stateline.Price;
import dev.stateline.Region;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.NoEligibleTargetException;
import dev.stateline.error.ResidencyViolationException;
import dev.stateline.policy.BudgetGuard;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.policy.Rule;
import dev.stateline.policy.StandardPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The code of docs/placement.md, kept compiling and true. */
class PlacementDocsExamplesTest {
  final ScriptedTestModel azureModel = new ScriptedTestModel("azure");
  final ScriptedTestModel bedrockModel = new ScriptedTestModel("bedrock");

  // docs: "Targets tell placement what they are"
  final Target azure = Target.builder("azure-swc", azureModel)
      .provider("azure.ai.openai")
      .hosting(Target.Hosting.STATELESS_HOST)
      .region(Region.azure("swedencentral"))
      .model("gpt-4.1", "gpt41-prod")
      .price(Price.perMillionTokens("2.00", "8.00"))
      .maxConcurrentCalls(64)
      .build();
  final Target bedrock = Target.builder("aws-fra", bedrockModel)
      .provider("aws.bedrock")
      .hosting(Target.Hosting.STATEFUL_RUNTIME)
      .region(Region.aws("eu-central-1"))
      .model("gpt-4.1", "openai.gpt-oss-120b-1:0")
      .capabilities(Capabilities.builder().imageInput(false).serverState(false).maxContextTokens(128_000).build())
      .build();

  StatelineClient client;

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
  }

  @Test
  void the_standard_policy_and_reading_a_placement() {
    // docs: "The standard policy"
    client = StatelineClient.builder()
        .target(azure)
        .target(bedrock)
        .placement(PlacementPolicy.standard().residency(Jurisdiction.EU))
        .build();

    ChatResponse answer = client.chat(ChatRequest.of("gpt-4.1", "Summarise this contract: ..."));

    // docs: "Reading a placement"
    Placement p = answer.placement();
    assertThat(p.primary()).isEqualTo("azure-swc");
    assertThat(p.fallbacks()).isEmpty();
    assertThat(p.residency()).isEqualTo(Jurisdiction.EU);
    Placement.Decision why = p.decision("aws-fra");
    assertThat(why.eligible()).isFalse();
    assertThat(why.rule()).isEqualTo("hosting");
    assertThat(why.reason()).isEqualTo("STATEFUL_RUNTIME target (provider aws.bedrock) does not take STATELESS calls;"
        + " they go to [STATELESS_HOST]");
    assertThat(answer.target()).isEqualTo("azure-swc");
    assertThat(answer.failovers()).isEmpty();
  }

  @Test
  void per_call_residency_fails_closed() {
    client = StatelineClient.builder().target(azure).target(bedrock)
        .placement(PlacementPolicy.standard().residency(Jurisdiction.EU)).build();

    // docs: "Residency"
    Jurisdiction germany = Jurisdiction.of("DE", Region.azure("germanywestcentral"), Region.aws("eu-central-1"));
    CallOptions germanyOnly = CallOptions.builder().residency(germany).build();
    try {
      client.chat(ChatRequest.of("gpt-4.1", "Hallo"), germanyOnly);
    } catch (ResidencyViolationException e) {
      // azure-swc could have answered, but Sweden is outside DE; aws-fra is in DE but hosts stateful work
      assertThat(e.placement().decision("azure-swc").rule()).isEqualTo("residency");
      assertThat(e.placement().decision("aws-fra").rule()).isEqualTo("hosting");
    }
    assertThat(azureModel.calls()).isEmpty();

    assertThatThrownBy(() -> client.chat(ChatRequest.of("gpt-4.1", "Hallo"), germanyOnly))
        .isInstanceOf(ResidencyViolationException.class);
  }

  @Test
  void adjusting_the_eu_list() {
    // docs: "Residency"
    Jurisdiction euWithoutNetherlands = Jurisdiction.EU.minus(Region.azure("westeurope"));
    Jurisdiction euPlusSovereign = Jurisdiction.EU.plus(Region.aws("eusc-de-east-1"));

    assertThat(euWithoutNetherlands.allows(Region.azure("westeurope"))).isFalse();
    assertThat(euPlusSovereign.allows(Region.aws("eusc-de-east-1"))).isTrue();
  }

  @Test
  void hosting_allowances() {
    // docs: "Hosting"
    StandardPolicy policy = PlacementPolicy.standard()
        .allowProvider("gpt-4.1", CallKind.STATELESS, "openai")       // OpenAI direct too, for this alias
        .allow(CallKind.STATEFUL, Target.Hosting.STATELESS_HOST)      // sessions may fall back to Azure
        .prefer("aws-fra");                                           // ... but start on Bedrock

    client = StatelineClient.builder().target(azure).target(bedrock).placement(policy).build();
    assertThat(client.session("s").send("hi").target()).isEqualTo("aws-fra");
  }

  @Test
  void your_own_rules() {
    Map<String, Long> spentMicros = new ConcurrentHashMap<>();
    spentMicros.put("acme", 5_000_000_000L);

    // docs: "Writing your own rule"
    Rule noBeta = Rule.filter("no-beta", (call, target) ->
        target.name().endsWith("-beta") ? "beta targets take no production traffic" : null);
    Rule acmeInSweden = Rule.ranking("acme-home", (call, target) ->
        "acme".equals(call.options().tenant()) && target.region() != null
            && target.region().name().equals("swedencentral") ? 0 : 1);
    BudgetGuard ceiling = (call, target) -> {
      String tenant = call.options().tenant();
      return tenant != null && spentMicros.getOrDefault(tenant, 0L) > 1_000_000_000L
          ? "tenant over its monthly ceiling" : null;
    };

    PlacementPolicy policy = PlacementPolicy.standard()
        .residency(Jurisdiction.EU)
        .withRule(noBeta)
        .withRuleBefore(StandardPolicy.LATENCY, acmeInSweden)
        .budget(ceiling);

    Target beta = Target.builder("azure-weu-beta", new ScriptedTestModel("beta")).provider("azure.ai.openai")
        .hosting(Target.Hosting.STATELESS_HOST).region(Region.azure("westeurope")).model("gpt-4.1").build();
    client = StatelineClient.builder().target(beta).target(azure).target(bedrock).placement(policy).build();
    ChatResponse r = client.chat(ChatRequest.of("gpt-4.1", "hi"));
    assertThat(r.target()).isEqualTo("azure-swc");
    assertThat(r.placement().decision("azure-weu-beta").rule()).isEqualTo("no-beta");
    assertThatThrownBy(() -> client.chat(ChatRequest.of("gpt-4.1", "hi"), CallOptions.builder().tenant("acme").build()))
        .isInstanceOfSatisfying(NoEligibleTargetException.class, e ->
            assertThat(e.placement().decision("azure-swc").reason()).isEqualTo("tenant over its monthly ceiling"));
  }

  @Test
  void circuit_breakers_and_health() {
    // docs: "Health: circuit breakers"
    client = StatelineClient.builder()
        .target(azure)
        .placement(PlacementPolicy.standard())
        .circuitBreaker(CircuitBreakerPolicy.builder()
            .failureRateThreshold(0.5)
            .minimumCalls(10)
            .windowSize(20)
            .windowDuration(Duration.ofSeconds(60))
            .openDuration(Duration.ofSeconds(30))
            .halfOpenProbes(1)
            .build())
        .build();

    TargetHealth health = client.health("azure-swc");
    assertThat(health.circuitState()).isEqualTo(CircuitState.CLOSED);
    assertThat(health.inFlight()).isZero();
    assertThat(health.maxInFlight()).isEqualTo(64);
  }
}
