/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import static dev.stateline.Fixtures.client;
import static dev.stateline.Fixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.telemetry.TelemetryEvent.CallFinished;
import dev.stateline.telemetry.TelemetryEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The cost ledger books what telemetry reports (moved here from core's {@code TelemetryEventsTest}). */
class LedgerEventsTest {
  private static final ChatRequest HELLO = ChatRequest.of("gpt-4.1", "Hello");

  private final ScriptedModel a = new ScriptedModel();
  private final List<TelemetryEvent> events = new CopyOnWriteArrayList<>();

  private List<String> names() {
    return events.stream().map(TelemetryEvent::name).toList();
  }

  private <T extends TelemetryEvent> List<T> of(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void aCallAnsweredByAnInterceptorWithoutATarget_stillEndsWithOneFinishedEvent() {
    dev.stateline.cost.CostLedger ledger = dev.stateline.cost.CostLedger.create("USD");
    StatelineClient client = client(target("a", a))
        .addInterceptor(chain -> dev.stateline.spi.EventSource.of(new ChatEvent.Completed(ChatResponse.builder()
            .message(dev.stateline.chat.Message.assistant("cached")).build())))
        .telemetry(events::add).telemetry(ledger).build();

    assertThat(client.chat(HELLO).text()).isEqualTo("cached");

    assertThat(names()).containsExactly("call.started", "call.finished");
    assertThat(of(CallFinished.class).get(0).target()).isNull();
    assertThat(ledger.target("-").calls()).isEqualTo(1);
    assertThat(a.callCount()).isZero();
  }
}
