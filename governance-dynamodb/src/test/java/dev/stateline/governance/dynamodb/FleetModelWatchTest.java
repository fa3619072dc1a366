/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.governance.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.StatelineClient;
import dev.stateline.audit.AuditTrail;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.Message;
import dev.stateline.chat.Usage;
import dev.stateline.testing.FakeChatModel;
import dev.stateline.testing.FakeReply;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The model-version watch of a fleet: a silent model change is written once, across instances and restarts. */
class FleetModelWatchTest {
  final FleetFixture fleet = new FleetFixture();

  @AfterEach
  void close() {
    fleet.close();
  }

  /** An instance: its own sink and memory on the shared table, its provider answering as {@code model}. */
  private AuditTrail instance(String writer) {
    GovernanceTable table = fleet.table();
    return AuditTrail.to(DynamoDbAuditSink.builder(table, "payments").writerId(writer).build(),
        DynamoDbModelMemory.of(table));
  }

  private static void answerAs(AuditTrail audit, String model, int calls) {
    FakeChatModel fake = new FakeChatModel().defaultReply(FakeReply.response(ChatResponse.builder().id("r").model(model)
        .message(Message.assistant("fine")).usage(new Usage(1, 0, 1, 0)).build()));
    StatelineClient client = StatelineClient.builder().target(FleetFixture.pricedTarget("az-swc", fake))
        .telemetry(audit).build();
    for (int i = 0; i < calls; i++) {
      client.chat(ChatRequest.of("gpt-4.1", "q"));
    }
  }

  private List<String> changes() {
    return fleet.emulator.items(FleetFixture.TABLE).stream()
        .map(i -> i.get("record"))
        .filter(r -> r != null && ((String) ((java.util.Map<?, ?>) r).get("S")).contains("\"type\":\"model-changed\""))
        .map(r -> (String) ((java.util.Map<?, ?>) r).get("S"))
        .toList();
  }

  @Test
  void given_three_instances_that_all_see_a_new_model_then_the_change_is_written_once() {
    AuditTrail a = instance("a");
    AuditTrail b = instance("b");
    AuditTrail c = instance("c");
    answerAs(a, "gpt-4.1-2025-04-14", 2);
    answerAs(b, "gpt-4.1-2025-04-14", 2);

    answerAs(b, "gpt-4.1-2026-01-20", 2); // b sees the update first
    answerAs(a, "gpt-4.1-2026-01-20", 2);
    answerAs(c, "gpt-4.1-2026-01-20", 2);

    assertThat(changes()).singleElement().satisfies(r -> assertThat(r).contains(
        "\"previousModel\":\"gpt-4.1-2025-04-14\"", "\"newModel\":\"gpt-4.1-2026-01-20\""));
    assertThat(DynamoDbAuditVerifier.verify(fleet.table(), "payments").intact()).isTrue();
  }

  @Test
  void given_a_restart_then_the_model_seen_before_it_is_the_baseline_and_a_change_during_it_is_reported() {
    AuditTrail before = instance("a");
    answerAs(before, "gpt-4.1-2025-04-14", 1);
    before.close();

    AuditTrail same = instance("a"); // restarted; the provider did not change
    answerAs(same, "gpt-4.1-2025-04-14", 1);
    assertThat(changes()).isEmpty();
    same.close();

    AuditTrail after = instance("a"); // restarted again; the provider changed while it was down
    answerAs(after, "gpt-4.1-2026-01-20", 1);
    assertThat(changes()).hasSize(1);
  }
}
