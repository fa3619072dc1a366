/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.benchmarks;

import dev.stateline.Cancellation;
import dev.stateline.Region;
import dev.stateline.Target;
import dev.stateline.Timeouts;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.placement.CallKind;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.placement.Placement;
import dev.stateline.policy.PlacementContext;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.spi.ChatModel;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One placement decision over 20 targets (8 Azure stateless hosts, 6 AWS stateful runtimes, 6 OpenAI
 * direct; EU and US regions, all serving gpt-4.1) with the standard rules, bound once as the client
 * binds them, residency EU and OpenAI-direct allowed for stateless calls. Each op builds the
 * {@link PlacementContext} the client builds per call and places a stateless and a stateful call
 * alternately. No model is ever called.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PlacementBenchmark {
  private List<Target> targets;
  private PlacementPolicy bound;
  private ModelCall stateless;
  private ModelCall stateful;
  private boolean flip;

  @Setup
  public void setUp() {
    ChatModel idle = new ChatModel() {
      @Override
      public ChatResponse chat(ModelCall call) {
        throw new UnsupportedOperationException("placement benchmark never calls a model");
      }

      @Override
      public EventSource stream(ModelCall call) {
        throw new UnsupportedOperationException("placement benchmark never calls a model");
      }
    };
    String[] azure = {"swedencentral", "westeurope", "francecentral", "germanywestcentral", "eastus", "eastus2",
        "westus3", "northcentralus"};
    String[] aws = {"eu-central-1", "eu-west-1", "eu-north-1", "us-east-1", "us-west-2", "us-east-2"};
    List<Target> list = new ArrayList<>();
    for (String r : azure) {
      list.add(Target.builder("azure-" + r, idle).provider("azure").region(Region.azure(r))
          .hosting(Target.Hosting.STATELESS_HOST).model("gpt-4.1", "gpt41-prod").build());
    }
    for (String r : aws) {
      list.add(Target.builder("aws-" + r, idle).provider("aws").region(Region.aws(r))
          .hosting(Target.Hosting.STATEFUL_RUNTIME).model("gpt-4.1", "openai.gpt-oss-120b-1:0").build());
    }
    for (int i = 0; i < 6; i++) {
      String r = i < 3 ? "eu" : "us";
      list.add(Target.builder("openai-" + i, idle).provider("openai").region(Region.openai(r))
          .hosting(Target.Hosting.DIRECT).model("gpt-4.1").build());
    }
    targets = List.copyOf(list);
    bound = PlacementPolicy.standard()
        .residency(Jurisdiction.EU)
        .allowProvider(CallKind.STATELESS, "openai")
        .bind(targets);
    ChatRequest request = ChatRequest.of("gpt-4.1", Canned.PROMPT);
    stateless = ModelCall.create("call-1", request, false, CallKind.STATELESS, Timeouts.DEFAULT, new Cancellation());
    stateful = ModelCall.create("call-2", request, false, CallKind.STATEFUL, Timeouts.DEFAULT, new Cancellation());
    Placement p = bound.place(PlacementContext.of(stateless, targets));
    Placement q = bound.place(PlacementContext.of(stateful, targets));
    if (p.order().isEmpty() || q.order().isEmpty()) {
      throw new IllegalStateException("placement found no target: " + p + " / " + q);
    }
  }

  @Benchmark
  public Placement place() {
    flip = !flip;
    return bound.place(PlacementContext.of(flip ? stateless : stateful, targets));
  }
}
