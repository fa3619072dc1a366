/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples;

import dev.stateline.CallOptions;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.StatelineException;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.placement.Placement;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.policy.Rule;
import dev.stateline.testing.Conditions;
import dev.stateline.testing.emulators.EmulatedClouds;
import java.io.PrintStream;
import java.time.Duration;

/**
 * A placement rule of your own, added to the standard policy: tenant "acme" has a contract that
 * keeps its data in Sweden. The standard rules still apply (EU residency keeps the US region out,
 * hosting keeps stateless calls off Bedrock, Sweden is preferred); the new rule narrows acme's calls
 * to Sweden, and when
 * Sweden is down acme's calls fail rather than move, while other tenants fail over. Runs offline
 * against the emulated clouds.
 *
 * <pre>
 * mvn -B -q -pl samples -am -DskipTests package exec:java -Dsample.main=dev.stateline.samples.CustomRuleSample
 * </pre>
 */
public final class CustomRuleSample {
  private CustomRuleSample() {}

  // tag::custom-rule[]
  /** Calls of tenant "acme" may run only in Azure's Sweden Central region. */
  static final Rule ACME_IN_SWEDEN = Rule.filter("acme-in-sweden", (call, target) ->
      "acme".equals(call.options().tenant())
          && (target.region() == null || !target.region().name().equals("swedencentral"))
          ? "acme's contract keeps its data in swedencentral" : null);

  static final PlacementPolicy POLICY = PlacementPolicy.standard()
      .residency(Jurisdiction.EU)
      .prefer("azure-swc")
      .withRule(ACME_IN_SWEDEN);
  // end::custom-rule[]

  public static void main(String[] args) {
    run(System.out);
  }

  /** Runs the sample, printing to {@code out}. */
  public static void run(PrintStream out) {
    try (EmulatedClouds clouds = EmulatedClouds.builder()
            .azure("swedencentral").azure("westeurope").azure("eastus").bedrock("eu-central-1").start();
        StatelineClient client = StatelineClient.builder()
            .target(clouds.azureTarget("azure-swc", "swedencentral"))
            .target(clouds.azureTarget("azure-weu", "westeurope"))
            .target(clouds.azureTarget("azure-us", "eastus"))
            .target(clouds.bedrockTarget("aws-fra", "eu-central-1"))
            .placement(POLICY)
            .retryPolicy(RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(10)).build())
            .build()) {
      CallOptions acme = CallOptions.builder().tenant("acme").build();
      CallOptions globex = CallOptions.builder().tenant("globex").build();
      ChatRequest question = ChatRequest.of("gpt-4.1", "Where does this run?");

      ChatResponse forAcme = client.chat(question, acme);
      out.println("acme   -> " + forAcme.target() + " " + forAcme.placement().order());
      for (Placement.Decision d : forAcme.placement().decisions()) {
        out.println("         " + d);
      }
      ChatResponse forGlobex = client.chat(question, globex);
      out.println("globex -> " + forGlobex.target() + " " + forGlobex.placement().order());

      // Sweden goes down: globex fails over to West Europe, acme's calls fail in Sweden.
      clouds.azure("swedencentral").conditions(Conditions.outage());
      ChatResponse moved = client.chat(question, globex);
      out.println("sweden down, globex -> " + moved.target() + " after " + moved.failovers());
      try {
        client.chat(question, acme);
        out.println("sweden down, acme -> answered?!");
      } catch (StatelineException e) {
        out.println("sweden down, acme -> " + e.getClass().getSimpleName() + " on " + e.placement().order()
            + " (" + e.attempts().size() + " attempts, no failover)");
      }
    }
  }
}
