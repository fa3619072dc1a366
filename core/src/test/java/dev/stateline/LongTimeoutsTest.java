/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.chat.ChatRequest;
import dev.stateline.placement.CallKind;
import dev.stateline.session.Session;
import dev.stateline.spi.ModelCall;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A total timeout too long for a long of nanoseconds (over ~292 years, the way some code says
 * "no limit") saturates instead of failing with an ArithmeticException.
 */
class LongTimeoutsTest {
  static final Duration THOUSAND_YEARS = Duration.ofDays(365L * 1000);
  static final Timeouts NO_TOTAL_LIMIT = Timeouts.DEFAULT.withTotal(THOUSAND_YEARS);

  @Test
  void given_a_thousand_year_total_when_a_model_call_is_created_then_its_remaining_time_saturates() {
    ModelCall call = ModelCall.create("call_1", ChatRequest.of("gpt-4.1", "hi"), false, CallKind.STATELESS,
        NO_TOTAL_LIMIT, new Cancellation());

    assertThat(call.remaining()).isPositive().isGreaterThan(Duration.ofDays(365L * 290));
    assertThat(call.timeouts().total()).isEqualTo(THOUSAND_YEARS);
  }

  @Test
  void given_a_client_with_a_thousand_year_total_when_chatting_and_sending_session_turns_then_they_work() {
    ScriptedModel model = new ScriptedModel();
    try (StatelineClient client = Fixtures.client(Target.builder("t", model).provider("fake.t")
        .hosting(Target.Hosting.STATEFUL_RUNTIME).anyModel().build()).timeouts(NO_TOTAL_LIMIT).build()) {

      assertThat(client.chat(ChatRequest.of("gpt-4.1", "hi")).text()).isEqualTo("hi");
      Session session = client.session("s", dev.stateline.session.SessionOptions.builder().model("gpt-4.1").build());
      assertThat(session.send("first").text()).isEqualTo("first");
      assertThat(session.send("second").text()).isEqualTo("second");
    }

    assertThat(model.calls()).hasSize(3).allSatisfy(c -> assertThat(c.remaining()).isPositive());
  }
}
