/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples.docs;

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
import dev.stateline.error.ResidencyViolationException;
import dev.stateline.placement.CallKind;
import dev.stateline.placement.CircuitBreakerPolicy;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.placement.Placement;
import dev.stateline.placement.TargetHealth;
import dev.stateline.policy.BudgetGuard;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.policy.Rule;
import dev.stateline.policy.StandardPolicy;
import dev.stateline.testing.FakeChatModel;
import dev.stateline.testing.FakeErrors;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The code of docs/placement.md, run against fake models behind real targets and the real pipeline. */
class PlacementDocsExamplesTest {
  private final FakeChatModel azureModel = new FakeChatModel();
  private final FakeChatModel bedrockModel = new FakeChatModel();

  private Target[] targets() {
    Target azure = Target.builder("azure-swc", azureModel)
        .provider("azure.ai.openai")
        .hosting(Target.Hosting.STATELESS_HOST)
        .region(Region.azure("swedencentral"))
        .model("gpt-4.1", "gpt41-prod")
        .price(Price.perMillionTokens("2.00", "8.00"))
        .maxConcurrentCalls(64)
        .build();
    Target bedrock = Target.builder("aws-fra", bedrockModel)
        .provider("aws.bedrock")
        .hosting(Target.Hosting.STATEFUL_RUNTIME)
        .region(Region.aws("eu-central-1"))
        .model("gpt-4.1", "openai.gpt-oss-120b-1:0")
        .capabilities(Capabilities.builder().imageInput(false).serverState(false).maxContextTokens(128_000).build())
        .build();
    return new Target[] {azure, bedrock};
  }

  @Test
  void aStatelessCallGoesToAzure_explained_andAForeignJurisdictionIsRefused() {
    Target azure = targets()[0];
    Target bedrock = targets()[1];
    StatelineClient client;
    client = StatelineClient.builder()
        .target(azure)
        .target(bedrock)
        .placement(PlacementPolicy.standard().residency(Jurisdiction.EU))
        .build();

    ChatResponse answer = client.chat(ChatRequest.of("gpt-4.1", "Summarise this contract: ..."));

    Placement p = answer.placement();
    p.primary();                          // "azure-swc"
    p.fallbacks();                        // []
    p.residency();                        // Jurisdiction.EU
    Placement.Decision why = p.decision("aws-fra");
    why.eligible();                       // false
    why.rule();                           // "hosting"
    why.reason();                         // "STATEFUL_RUNTIME target (provider aws.bedrock) does not take STATELESS calls; they go to [STATELESS_HOST]"
    answer.target();                      // where it actually ran

    assertThat(p.primary()).isEqualTo("azure-swc");
    assertThat(p.fallbacks()).isEmpty();
    assertThat(p.residency()).isEqualTo(Jurisdiction.EU);
    assertThat(why.eligible()).isFalse();
    assertThat(why.rule()).isEqualTo("hosting");
    assertThat(why.reason()).isEqualTo(
        "STATEFUL_RUNTIME target (provider aws.bedrock) does not take STATELESS calls; they go to [STATELESS_HOST]");
    assertThat(answer.target()).isEqualTo("azure-swc");

    Jurisdiction germany = Jurisdiction.of("DE", Region.azure("germanywestcentral"), Region.aws("eu-central-1"));
    CallOptions germanyOnly = CallOptions.builder().residency(germany).build();
    try {
      client.chat(ChatRequest.of("gpt-4.1", "Hallo"), germanyOnly);
    } catch (ResidencyViolationException e) {
      // azure-swc could have answered, but Sweden is outside DE; aws-fra is in DE but hosts stateful work
    }
    assertThatThrownBy(() -> client.chat(ChatRequest.of("gpt-4.1", "Hallo"), germanyOnly))
        .isInstanceOf(ResidencyViolationException.class);
    client.close();
  }

  @Test
  void jurisdictionsAreValues() {
    Jurisdiction euWithoutNetherlands = Jurisdiction.EU.minus(Region.azure("westeurope"));
    Jurisdiction euPlusSovereign = Jurisdiction.EU.plus(Region.aws("eusc-de-east-1"));

    assertThat(euWithoutNetherlands.allows(Region.azure("westeurope"))).isFalse();
    assertThat(euPlusSovereign.allows(Region.aws("eusc-de-east-1"))).isTrue();
  }

  @Test
  void sessionsMayFallBackToAzure_butStartOnBedrock() {
    StandardPolicy policy = PlacementPolicy.standard()
        .allowProvider("gpt-4.1", CallKind.STATELESS, "openai")       // OpenAI direct too, for this alias
        .allow(CallKind.STATEFUL, Target.Hosting.STATELESS_HOST)      // sessions may fall back to Azure
        .prefer("aws-fra");                                           // ... but start on Bedrock

    bedrockModel.failWith(FakeErrors.unavailable());
    bedrockModel.failWith(FakeErrors.unavailable());
    bedrockModel.failWith(FakeErrors.unavailable());
    try (StatelineClient client = StatelineClient.builder().target(targets()[0]).target(targets()[1])
        .placement(policy).retryPolicy(dev.stateline.RetryPolicy.builder().initialBackoff(Duration.ofMillis(1)).build())
        .build()) {
      ChatResponse answer = client.session("case-1").send("Hello");

      answer.attempts();    // every try: target, number, time, error
      answer.failovers();   // [Failover[from=aws-fra, to=azure-swc, errorType=ProviderUnavailableException]]

      assertThat(answer.failovers()).singleElement().satisfies(f -> {
        assertThat(f.from()).isEqualTo("aws-fra");
        assertThat(f.to()).isEqualTo("azure-swc");
        assertThat(f.errorType()).isEqualTo("ProviderUnavailableException");
      });
    }
  }

  @Test
  void aCircuitBreakerPerTarget() {
    Target azure = targets()[0];
    StatelineClient client;
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

    TargetHealth health = client.health("azure-swc");   // circuitState(), latencyNanos(...), inFlight()

    assertThat(health.inFlight()).isZero();
    client.close();
  }

  @Test
  void yourOwnRules() {
    Map<String, Long> spentMicros = new ConcurrentHashMap<>(Map.of("acme", 2_000_000_000L));
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

    try (StatelineClient client = StatelineClient.builder().target(targets()[0]).placement(policy).build()) {
      assertThat(client.chat(ChatRequest.of("gpt-4.1", "Hi")).target()).isEqualTo("azure-swc");
      assertThatThrownBy(() -> client.chat(ChatRequest.of("gpt-4.1", "Hi"), CallOptions.builder().tenant("acme").build()))
          .hasMessageContaining("tenant over its monthly ceiling");
    }
  }
}
