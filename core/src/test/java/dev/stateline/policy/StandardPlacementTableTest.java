/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.policy;

import static dev.stateline.policy.StandardPolicy.AFFINITY;
import static dev.stateline.policy.StandardPolicy.BUDGET;
import static dev.stateline.policy.StandardPolicy.CAPABILITIES;
import static dev.stateline.policy.StandardPolicy.HEALTH;
import static dev.stateline.policy.StandardPolicy.HOSTING;
import static dev.stateline.policy.StandardPolicy.LATENCY;
import static dev.stateline.policy.StandardPolicy.MODEL;
import static dev.stateline.policy.StandardPolicy.PRICE;
import static dev.stateline.policy.StandardPolicy.RESIDENCY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.CallOptions;
import dev.stateline.Cancellation;
import dev.stateline.Capabilities;
import dev.stateline.Price;
import dev.stateline.Region;
import dev.stateline.Target.Hosting;
import dev.stateline.Target;
import dev.stateline.Timeouts;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ImagePart;
import dev.stateline.chat.Message;
import dev.stateline.chat.ResponseFormat;
import dev.stateline.chat.TextPart;
import dev.stateline.chat.ToolDefinition;
import dev.stateline.error.NoEligibleTargetException;
import dev.stateline.error.ResidencyViolationException;
import dev.stateline.placement.Affinity;
import dev.stateline.placement.CallKind;
import dev.stateline.placement.CircuitState;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.placement.Placement;
import dev.stateline.placement.ScriptedTestModel;
import dev.stateline.placement.TargetHealth;
import dev.stateline.spi.ModelCall;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The standard placement policy, case by case, against one fleet of eleven targets. Each row of
 * the table names the policy tweak, the call, the observed health, and the expected order and
 * exclusions (or the expected failure).
 *
 * <pre>
 *  target     hosting           region                 price/M in/out  notes
 *  az-swc     STATELESS_HOST    azure/swedencentral    2 / 8           also serves gpt-4o-mini
 *  az-weu     STATELESS_HOST    azure/westeurope       3 / 12
 *  az-uks     STATELESS_HOST    azure/uksouth          2 / 8           not EU
 *  az-eus     STATELESS_HOST    azure/eastus           1 / 4           not EU, cheapest
 *  az-legacy  STATELESS_HOST    azure/francecentral    2 / 8           no streaming/tools/schema/images, 8k context
 *  aws-fra    STATEFUL_RUNTIME  aws/eu-central-1       2 / 8           no images, no server state, 128k
 *  aws-lon    STATEFUL_RUNTIME  aws/eu-west-2          2 / 8           no server state; London is not EU
 *  aws-use1   STATEFUL_RUNTIME  aws/us-east-1          2 / 8           no server state
 *  openai     DIRECT            (none)                 2 / 8           also serves gpt-4o-mini
 *  openai-eu  DIRECT            openai/eu              2 / 8
 *  custom     UNSPECIFIED       azure/swedencentral    (none)
 * </pre>
 */
class StandardPlacementTableTest {

  static final List<Target> FLEET = List.of(
      target("az-swc", "azure.ai.openai", Hosting.STATELESS_HOST, Region.azure("swedencentral"), "2", "8",
          Capabilities.all(), "gpt-4.1", "gpt-4o-mini"),
      target("az-weu", "azure.ai.openai", Hosting.STATELESS_HOST, Region.azure("westeurope"), "3", "12",
          Capabilities.all(), "gpt-4.1"),
      target("az-uks", "azure.ai.openai", Hosting.STATELESS_HOST, Region.azure("uksouth"), "2", "8",
          Capabilities.all(), "gpt-4.1"),
      target("az-eus", "azure.ai.openai", Hosting.STATELESS_HOST, Region.azure("eastus"), "1", "4",
          Capabilities.all(), "gpt-4.1"),
      target("az-legacy", "azure.ai.openai", Hosting.STATELESS_HOST, Region.azure("francecentral"), "2", "8",
          Capabilities.builder().streaming(false).tools(false).jsonSchema(false).imageInput(false)
              .maxContextTokens(8_000).build(), "gpt-4.1"),
      target("aws-fra", "aws.bedrock", Hosting.STATEFUL_RUNTIME, Region.aws("eu-central-1"), "2", "8",
          Capabilities.builder().imageInput(false).serverState(false).maxContextTokens(128_000).build(), "gpt-4.1"),
      target("aws-lon", "aws.bedrock", Hosting.STATEFUL_RUNTIME, Region.aws("eu-west-2"), "2", "8",
          Capabilities.builder().serverState(false).build(), "gpt-4.1"),
      target("aws-use1", "aws.bedrock", Hosting.STATEFUL_RUNTIME, Region.aws("us-east-1"), "2", "8",
          Capabilities.builder().serverState(false).build(), "gpt-4.1"),
      target("openai", "openai", Hosting.DIRECT, null, "2", "8", Capabilities.all(), "gpt-4.1", "gpt-4o-mini"),
      target("openai-eu", "openai", Hosting.DIRECT, Region.openai("eu"), "2", "8", Capabilities.all(), "gpt-4.1"),
      target("custom", "custom", null, Region.azure("swedencentral"), null, null, Capabilities.all(), "gpt-4.1"));

  static final Jurisdiction UK = Jurisdiction.of("UK", Region.azure("uksouth"), Region.aws("eu-west-2"));
  static final Jurisdiction NORDICS = Jurisdiction.of("Nordics", Region.azure("swedencentral"), Region.aws("eu-north-1"));

  static Stream<Case> cases() {
    return Stream.of(
        // ---------------------------------------------------------------- hosting
        c("stateless call goes to Azure stateless hosts only, cheapest first")
            .order("az-eus", "az-swc", "az-uks", "az-legacy", "az-weu")
            .excluded("aws-fra", HOSTING).excluded("openai", HOSTING).excluded("custom", HOSTING),
        c("stateful call goes to AWS stateful runtimes only").stateful()
            .order("aws-fra", "aws-lon", "aws-use1")
            .excluded("az-swc", HOSTING).excluded("openai", HOSTING),
        c("an alias no target serves leaves an empty candidate set").alias("gpt-9")
            .fails(NoEligibleTargetException.class)
            .excluded("az-swc", MODEL).excluded("aws-fra", MODEL).excluded("custom", MODEL),
        c("a client without targets has nothing to place on").fleet()
            .fails(NoEligibleTargetException.class),
        c("an alias served by few targets goes to those of the right hosting").alias("gpt-4o-mini")
            .order("az-swc")
            .excluded("az-weu", MODEL).excluded("openai", HOSTING),
        c("OpenAI direct allowed for stateless calls of one alias")
            .policy(p -> p.allowProvider("gpt-4.1", CallKind.STATELESS, "openai"))
            .order("az-eus", "az-swc", "az-uks", "az-legacy", "openai", "openai-eu", "az-weu"),
        c("an allowance for one alias does not leak to another").alias("gpt-4o-mini")
            .policy(p -> p.allowProvider("gpt-4.1", CallKind.STATELESS, "openai"))
            .order("az-swc")
            .excluded("openai", HOSTING),
        c("a provider-wide allowance covers every alias").alias("gpt-4o-mini")
            .policy(p -> p.allowProvider(CallKind.STATELESS, "openai"))
            .order("az-swc", "openai"),
        c("stateful calls may fall back to stateless hosts in EU when allowed").stateful()
            .policy(p -> p.residency(Jurisdiction.EU).allow(CallKind.STATEFUL, Hosting.STATELESS_HOST).prefer("aws-fra"))
            .order("aws-fra", "az-swc", "az-legacy", "az-weu")
            .excluded("aws-lon", RESIDENCY).excluded("az-uks", RESIDENCY),
        c("without the hosting rule every EU target serving the alias is eligible, unpriced last")
            .policy(p -> p.without(HOSTING).residency(Jurisdiction.EU))
            .order("az-swc", "az-legacy", "aws-fra", "openai-eu", "az-weu", "custom"),
        c("a target that declares no hosting takes no call by default").stateful()
            .order("aws-fra", "aws-lon", "aws-use1")
            .excluded("custom", HOSTING),
        // ---------------------------------------------------------------- residency
        c("EU residency keeps stateless calls in EU regions; uksouth and eastus are out")
            .policy(p -> p.residency(Jurisdiction.EU))
            .order("az-swc", "az-legacy", "az-weu")
            .excluded("az-uks", RESIDENCY).excluded("az-eus", RESIDENCY),
        c("EU residency keeps stateful calls in Frankfurt; London (eu-west-2) is not EU").stateful()
            .policy(p -> p.residency(Jurisdiction.EU))
            .order("aws-fra")
            .excluded("aws-lon", RESIDENCY).excluded("aws-use1", RESIDENCY),
        c("a target without a region never takes a call bound to a jurisdiction")
            .policy(p -> p.residency(Jurisdiction.EU).allowProvider(CallKind.STATELESS, "openai"))
            .order("az-swc", "az-legacy", "openai-eu", "az-weu")
            .excluded("openai", RESIDENCY),
        c("a per-call jurisdiction cannot widen the policy's: UK under an EU policy has nowhere to run")
            .policy(p -> p.residency(Jurisdiction.EU)).residency(UK)
            .fails(ResidencyViolationException.class)
            .excluded("az-uks", RESIDENCY).excluded("az-swc", RESIDENCY).excluded("az-weu", RESIDENCY),
        c("a per-call jurisdiction narrows the policy's")
            .policy(p -> p.residency(Jurisdiction.EU)).residency(NORDICS)
            .order("az-swc")
            .excluded("az-weu", RESIDENCY).excluded("az-legacy", RESIDENCY).excluded("az-uks", RESIDENCY),
        c("a per-call jurisdiction wider than the policy's changes nothing")
            .policy(p -> p.residency(NORDICS)).residency(Jurisdiction.EU)
            .order("az-swc")
            .excluded("az-weu", RESIDENCY).excluded("az-legacy", RESIDENCY),
        c("a per-call jurisdiction overlapping the policy's keeps only the common regions")
            .policy(p -> p.residency(Jurisdiction.EU)).residency(NORDICS.plus(Region.azure("uksouth")))
            .order("az-swc")
            .excluded("az-uks", RESIDENCY).excluded("az-weu", RESIDENCY),
        c("a stateful call cannot widen into London either").stateful()
            .policy(p -> p.residency(Jurisdiction.EU)).residency(Jurisdiction.EU.plus(Region.aws("eu-west-2")))
            .order("aws-fra")
            .excluded("aws-lon", RESIDENCY).excluded("aws-use1", RESIDENCY),
        c("a per-call jurisdiction applies without a policy default").stateful().residency(Jurisdiction.EU)
            .order("aws-fra")
            .excluded("aws-lon", RESIDENCY),
        c("residency under failover: Frankfurt down, London up -> residency violation, never London").stateful()
            .policy(p -> p.residency(Jurisdiction.EU)).down("aws-fra")
            .fails(ResidencyViolationException.class)
            .excluded("aws-fra", HEALTH).excluded("aws-lon", RESIDENCY).excluded("aws-use1", RESIDENCY),
        c("everything down, inside and out -> no eligible target, not a residency violation").stateful()
            .policy(p -> p.residency(Jurisdiction.EU)).down("aws-fra", "aws-lon", "aws-use1")
            .fails(NoEligibleTargetException.class)
            .excluded("aws-fra", HEALTH).excluded("aws-lon", RESIDENCY),
        c("a custom jurisdiction of two regions")
            .policy(p -> p.residency(NORDICS))
            .order("az-swc")
            .excluded("az-legacy", RESIDENCY).excluded("custom", HOSTING),
        c("fallbacks stay in the jurisdiction when the primary's circuit is open")
            .policy(p -> p.residency(Jurisdiction.EU)).down("az-swc")
            .order("az-legacy", "az-weu")
            .excluded("az-swc", HEALTH).excluded("az-uks", RESIDENCY),
        // ---------------------------------------------------------------- capabilities
        c("a streamed call skips the target that cannot stream")
            .policy(p -> p.residency(Jurisdiction.EU)).streaming()
            .order("az-swc", "az-weu")
            .excluded("az-legacy", CAPABILITIES),
        c("a call with tools skips the target without tools")
            .policy(p -> p.residency(Jurisdiction.EU)).tools()
            .order("az-swc", "az-weu")
            .excluded("az-legacy", CAPABILITIES),
        c("a JSON-schema call skips the target without structured output")
            .policy(p -> p.residency(Jurisdiction.EU)).jsonSchema()
            .order("az-swc", "az-weu")
            .excluded("az-legacy", CAPABILITIES),
        c("a stateful call with an image skips the runtime without image input").stateful().image()
            .order("aws-lon", "aws-use1")
            .excluded("aws-fra", CAPABILITIES),
        c("server-held state needs a target that keeps it").stateful().serverState()
            .policy(p -> p.allowProvider(CallKind.STATEFUL, "openai"))
            .order("openai", "openai-eu")
            .excluded("aws-fra", CAPABILITIES).excluded("aws-lon", CAPABILITIES),
        c("a long prompt skips the 8k-context target")
            .policy(p -> p.residency(Jurisdiction.EU)).promptChars(40_000)
            .order("az-swc", "az-weu")
            .excluded("az-legacy", CAPABILITIES),
        c("the context check counts the requested output tokens")
            .policy(p -> p.residency(Jurisdiction.EU)).promptChars(24_000).maxOutput(4_000)
            .order("az-swc", "az-weu")
            .excluded("az-legacy", CAPABILITIES),
        c("the same prompt without an output budget fits in 8k")
            .policy(p -> p.residency(Jurisdiction.EU)).promptChars(24_000)
            .order("az-swc", "az-legacy", "az-weu"),
        c("a pluggable token estimator decides what fits")
            .policy(p -> p.residency(Jurisdiction.EU).tokenEstimator(m -> 10_000))
            .order("az-swc", "az-weu")
            .excluded("az-legacy", CAPABILITIES),
        // ---------------------------------------------------------------- health
        c("an open circuit excludes its target; the others keep their order").down("az-eus")
            .order("az-swc", "az-uks", "az-legacy", "az-weu")
            .excluded("az-eus", HEALTH),
        c("a half-open circuit takes probe calls").halfOpen("az-eus")
            .order("az-eus", "az-swc", "az-uks", "az-legacy", "az-weu"),
        c("without the health rule an open circuit is still placed")
            .policy(p -> p.without(HEALTH)).down("az-eus")
            .order("az-eus", "az-swc", "az-uks", "az-legacy", "az-weu"),
        // ---------------------------------------------------------------- budget
        c("the budget guard refuses a tenant on expensive targets").tenant("acme")
            .policy(p -> p.budget((call, t) -> "acme".equals(call.options().tenant())
                && t.price() != null && t.price().inputPerMillion().intValue() > 2 ? "acme is over budget" : null))
            .order("az-eus", "az-swc", "az-uks", "az-legacy")
            .excluded("az-weu", BUDGET),
        c("a budget guard refusing everything leaves nothing eligible")
            .policy(p -> p.budget((call, t) -> "monthly ceiling reached"))
            .fails(NoEligibleTargetException.class)
            .excluded("az-swc", BUDGET).excluded("aws-fra", HOSTING),
        // ---------------------------------------------------------------- ranking
        c("a declared preference beats price")
            .policy(p -> p.prefer("az-weu"))
            .order("az-weu", "az-eus", "az-swc", "az-uks", "az-legacy"),
        c("lower observed latency goes first; within a band, price decides")
            .latency("az-swc", 900).latency("az-uks", 100).latency("az-eus", 400).latency("az-legacy", 100)
            .latency("az-weu", 100)
            .order("az-uks", "az-legacy", "az-weu", "az-eus", "az-swc"),
        c("latencies within 50% of each other count as equal, so price decides")
            .latency("az-eus", 100).latency("az-swc", 110).latency("az-uks", 110).latency("az-legacy", 110)
            .latency("az-weu", 110)
            .order("az-eus", "az-swc", "az-uks", "az-legacy", "az-weu"),
        c("an unmeasured target goes first so that it gets measured")
            .latency("az-eus", 100).latency("az-swc", 100).latency("az-uks", 100).latency("az-legacy", 100)
            .order("az-weu", "az-eus", "az-swc", "az-uks", "az-legacy"),
        c("without price ranking, ties fall back to declaration order")
            .policy(p -> p.without(PRICE))
            .order("az-swc", "az-weu", "az-uks", "az-eus", "az-legacy"),
        // ---------------------------------------------------------------- affinity
        c("the affinity target goes first when eligible").stateful().affinity(Affinity.prefer("aws-use1"))
            .order("aws-use1", "aws-fra", "aws-lon"),
        c("affinity to a target outside the jurisdiction moves the call; residency still rules").stateful()
            .policy(p -> p.residency(Jurisdiction.EU)).affinity(Affinity.prefer("aws-lon"))
            .order("aws-fra")
            .excluded("aws-lon", RESIDENCY).moves(),
        c("a pinned call runs on its target only").stateful().affinity(Affinity.pin("aws-lon"))
            .order("aws-lon")
            .excluded("aws-fra", AFFINITY).excluded("aws-use1", AFFINITY),
        c("a call pinned to a down target has nowhere to go").stateful().affinity(Affinity.pin("aws-fra"))
            .down("aws-fra")
            .fails(NoEligibleTargetException.class)
            .excluded("aws-fra", HEALTH).excluded("aws-lon", AFFINITY),
        // ---------------------------------------------------------------- your own rules
        c("a custom filter excludes under its own name")
            .policy(p -> p.withRule(Rule.filter("no-uk", (call, t) ->
                t.region() != null && t.region().name().startsWith("uk") ? "no UK regions for this app" : null)))
            .order("az-eus", "az-swc", "az-legacy", "az-weu")
            .excluded("az-uks", "no-uk"),
        c("a custom ranking placed before latency outranks price")
            .policy(p -> p.withRuleBefore(LATENCY, Rule.ranking("eastus-last",
                (call, t) -> t.name().equals("az-eus") ? 1 : 0)))
            .order("az-swc", "az-uks", "az-legacy", "az-weu", "az-eus"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void places(Case c) {
    List<Target> fleet = c.fleet;
    PlacementPolicy policy = c.policy.apply(PlacementPolicy.standard()).bind(fleet);
    List<TargetHealth> health = new ArrayList<>();
    for (Target t : fleet) {
      health.add(c.health.getOrDefault(t.name(), TargetHealth.UNKNOWN));
    }

    Placement p = policy.place(PlacementContext.of(c.call(), fleet, health));

    // every target has exactly one decision, in declaration order, consistent with the order
    assertThat(p.decisions()).extracting(Placement.Decision::target)
        .containsExactlyElementsOf(fleet.stream().map(Target::name).toList());
    for (Placement.Decision d : p.decisions()) {
      assertThat(p.order().contains(d.target())).as("%s in order iff eligible", d.target()).isEqualTo(d.eligible());
      assertThat(d.reason()).isNotBlank();
    }
    c.exclusions.forEach((target, rule) -> {
      Placement.Decision d = p.decision(target);
      assertThat(d.eligible()).as("%s eligible", target).isFalse();
      assertThat(d.rule()).as("rule that excluded %s (%s)", target, d.reason()).isEqualTo(rule);
    });
    if (c.error == null) {
      assertThat(p.order()).containsExactlyElementsOf(c.order);
      assertThat(p.primary()).isEqualTo(c.order.get(0));
      assertThat(p.fallbacks()).containsExactlyElementsOf(c.order.subList(1, c.order.size()));
    } else {
      assertThat(p.hasEligibleTarget()).isFalse();
      assertThat(p.blockedByResidency()).isEqualTo(c.error == ResidencyViolationException.class);
      NoEligibleTargetException e = p.blockedByResidency()
          ? new ResidencyViolationException(p) : new NoEligibleTargetException(p);
      assertThat(e).isExactlyInstanceOf(c.error);
      for (String target : c.exclusions.keySet()) {
        assertThat(e.getMessage()).contains(target + " excluded by " + c.exclusions.get(target));
      }
      assertThat(e.placement()).isSameAs(p);
    }
    assertThat(p.movesAwayFromAffinity()).isEqualTo(c.moves);
  }

  // -------------------------------------------------------------------- the case table's vocabulary

  static Case c(String name) {
    return new Case(name);
  }

  static Target target(String name, String provider, Hosting hosting, Region region, String in, String out,
      Capabilities caps, String... aliases) {
    Target.Builder b = Target.builder(name, new ScriptedTestModel(name)).provider(provider).hosting(hosting)
        .region(region).capabilities(caps);
    if (in != null) {
      b.price(Price.perMillionTokens(in, out));
    }
    for (String a : aliases) {
      b.model(a, a.equals("gpt-4.1") && name.startsWith("aws") ? "openai.gpt-oss-120b-1:0" : a);
    }
    return b.build();
  }

  static TargetHealth health(CircuitState state, long latencyMs) {
    return new TargetHealth() {
      @Override
      public CircuitState circuitState() {
        return state;
      }

      @Override
      public boolean acceptsCalls() {
        return state != CircuitState.OPEN;
      }

      @Override
      public long latencyNanos(boolean streaming) {
        return latencyMs < 0 ? -1 : latencyMs * 1_000_000;
      }

      @Override
      public int inFlight() {
        return 0;
      }

      @Override
      public int maxInFlight() {
        return 0;
      }

      @Override
      public String summary() {
        return state + " (test)";
      }
    };
  }

  /** One row of the table. */
  static final class Case {
    final String name;
    List<Target> fleet = FLEET;
    UnaryOperator<StandardPolicy> policy = p -> p;
    String alias = "gpt-4.1";
    CallKind kind = CallKind.STATELESS;
    boolean streaming;
    boolean tools;
    boolean jsonSchema;
    boolean image;
    boolean serverState;
    int promptChars = 5;
    Integer maxOutput;
    Jurisdiction residency;
    Affinity affinity;
    String tenant;
    final Map<String, TargetHealth> health = new HashMap<>();
    List<String> order = List.of();
    final Map<String, String> exclusions = new LinkedHashMap<>();
    Class<? extends NoEligibleTargetException> error;
    boolean moves;

    Case(String name) {
      this.name = name;
    }

    Case fleet(String... names) {
      List<String> keep = Arrays.asList(names);
      this.fleet = FLEET.stream().filter(t -> keep.contains(t.name())).toList();
      return this;
    }

    Case policy(UnaryOperator<StandardPolicy> policy) {
      this.policy = policy;
      return this;
    }

    Case alias(String alias) {
      this.alias = alias;
      return this;
    }

    Case stateful() {
      this.kind = CallKind.STATEFUL;
      return this;
    }

    Case streaming() {
      this.streaming = true;
      return this;
    }

    Case tools() {
      this.tools = true;
      return this;
    }

    Case jsonSchema() {
      this.jsonSchema = true;
      return this;
    }

    Case image() {
      this.image = true;
      return this;
    }

    Case serverState() {
      this.serverState = true;
      return this;
    }

    Case promptChars(int n) {
      this.promptChars = n;
      return this;
    }

    Case maxOutput(int n) {
      this.maxOutput = n;
      return this;
    }

    Case residency(Jurisdiction j) {
      this.residency = j;
      return this;
    }

    Case affinity(Affinity a) {
      this.affinity = a;
      return this;
    }

    Case tenant(String t) {
      this.tenant = t;
      return this;
    }

    Case down(String... targets) {
      for (String t : targets) {
        health.put(t, StandardPlacementTableTest.health(CircuitState.OPEN, -1));
      }
      return this;
    }

    Case halfOpen(String target) {
      health.put(target, StandardPlacementTableTest.health(CircuitState.HALF_OPEN, -1));
      return this;
    }

    Case latency(String target, long ms) {
      health.put(target, StandardPlacementTableTest.health(CircuitState.CLOSED, ms));
      return this;
    }

    Case order(String... targets) {
      this.order = List.of(targets);
      return this;
    }

    Case excluded(String target, String rule) {
      exclusions.put(target, rule);
      return this;
    }

    Case fails(Class<? extends NoEligibleTargetException> error) {
      this.error = error;
      return this;
    }

    Case moves() {
      this.moves = true;
      return this;
    }

    ModelCall call() {
      ChatRequest.Builder r = ChatRequest.builder().model(alias);
      if (image) {
        r.addMessage(Message.user(new TextPart("what is this?"), ImagePart.fromUrl("https://example.com/cat.png")));
      } else {
        r.userMessage("x".repeat(promptChars));
      }
      if (tools) {
        r.addTool(ToolDefinition.of("lookup", "looks things up", "{\"type\":\"object\"}"));
      }
      if (jsonSchema) {
        r.responseFormat(ResponseFormat.jsonSchema("answer", "{\"type\":\"object\"}"));
      }
      if (serverState) {
        r.previousResponseId("resp_123").store(true);
      }
      if (maxOutput != null) {
        r.maxOutputTokens(maxOutput);
      }
      CallOptions.Builder o = CallOptions.builder().residency(residency).affinity(affinity).tenant(tenant);
      return ModelCall.create("call_test", r.build(), streaming, kind, Timeouts.DEFAULT, new Cancellation())
          .withOptions(o.build());
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
