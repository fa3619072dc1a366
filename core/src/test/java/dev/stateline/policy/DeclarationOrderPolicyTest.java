/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.CallOptions;
import dev.stateline.Cancellation;
import dev.stateline.Target;
import dev.stateline.Timeouts;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.placement.Affinity;
import dev.stateline.placement.CallKind;
import dev.stateline.placement.Placement;
import dev.stateline.spi.ChatModel;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The default policy, {@link PlacementPolicy#declarationOrder()}: declared order, except that a
 * call's affinity is honoured as {@link Affinity} promises (a preferred target first, a pinned
 * call on its target or nowhere).
 */
class DeclarationOrderPolicyTest {
  private static final ChatModel NEVER_CALLED = new ChatModel() {
    @Override
    public ChatResponse chat(ModelCall call) {
      throw new AssertionError("placement never calls a model");
    }

    @Override
    public EventSource stream(ModelCall call) {
      throw new AssertionError("placement never calls a model");
    }
  };
  private static final List<Target> TARGETS = List.of(
      Target.builder("a", NEVER_CALLED).model("m", "model-a").build(),
      Target.builder("b", NEVER_CALLED).model("m", "model-b").build(),
      Target.builder("c", NEVER_CALLED).model("other", "model-c").build());

  @ParameterizedTest(name = "affinity {0}:{1} -> order [{2}]")
  @CsvSource(delimiter = '|', value = {
      // affinity | target | order  | excluded by affinity
      "none       |        | a,b    | ''",
      "prefer     | b      | b,a    | ''",
      "prefer     | gone   | a,b    | ''",
      "pin        | b      | b      | a",
      "pin        | a      | a      | b",
      "pin        | c      | ''     | a,b",
      "pin        | gone   | ''     | a,b",
  })
  void placesInDeclaredOrderHonouringTheAffinity(String kind, String target, String order, String pinnedOut) {
    Affinity affinity = switch (kind) {
      case "prefer" -> Affinity.prefer(target);
      case "pin" -> Affinity.pin(target);
      default -> null;
    };
    ModelCall call = ModelCall.create("call_1", ChatRequest.of("m", "hi"), false, CallKind.STATELESS,
        Timeouts.DEFAULT, new Cancellation()).withOptions(CallOptions.builder().affinity(affinity).build());

    Placement placement = PlacementPolicy.declarationOrder().place(call, TARGETS);

    assertThat(placement.order()).containsExactlyElementsOf(list(order));
    assertThat(placement.exclusions().stream().filter(d -> d.rule().equals(StandardPolicy.AFFINITY))
        .map(Placement.Decision::target)).containsExactlyElementsOf(list(pinnedOut));
    assertThat(placement.exclusions().stream().filter(d -> d.rule().equals(StandardPolicy.MODEL))
        .map(Placement.Decision::target)).containsExactly("c");
  }

  private static List<String> list(String csv) {
    return csv == null || csv.isBlank() ? List.of() : List.of(csv.split(","));
  }
}
