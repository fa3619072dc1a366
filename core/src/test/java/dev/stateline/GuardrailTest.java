/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import static dev.stateline.Fixtures.client;
import static dev.stateline.Fixtures.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.Message;
import dev.stateline.guardrail.Guardrail;
import dev.stateline.guardrail.GuardrailBlockedException;
import dev.stateline.guardrail.GuardrailVerdict;
import dev.stateline.session.Session;
import dev.stateline.session.SessionOptions;
import dev.stateline.spi.ModelCall;
import dev.stateline.telemetry.TelemetryEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Stories of guardrails: pass, redact and block, before the request and after the response. */
class GuardrailTest {
  private final ScriptedModel a = new ScriptedModel();
  private final List<TelemetryEvent> events = new CopyOnWriteArrayList<>();

  /** Masks card-like digit runs in user messages. */
  private static final Guardrail MASK_CARDS = new Guardrail() {
    @Override
    public String name() {
      return "mask-cards";
    }

    @Override
    public GuardrailVerdict<ChatRequest> beforeRequest(ModelCall call, ChatRequest request) {
      List<Message> masked = new ArrayList<>();
      boolean changed = false;
      for (Message m : request.messages()) {
        String t = m.text().replaceAll("\\d{4}(\\s?\\d{4}){3}", "[card]");
        changed |= !t.equals(m.text());
        masked.add(changed && m.role() == dev.stateline.chat.Role.USER ? Message.user(t) : m);
      }
      return changed ? GuardrailVerdict.redact(request.toBuilder().messages(masked).build()) : GuardrailVerdict.pass();
    }
  };

  private static Guardrail blockRequestsMentioning(String word) {
    return new Guardrail() {
      @Override
      public String name() {
        return "no-" + word;
      }

      @Override
      public GuardrailVerdict<ChatRequest> beforeRequest(ModelCall call, ChatRequest request) {
        return request.messages().stream().anyMatch(m -> m.text().contains(word))
            ? GuardrailVerdict.block("mentions a forbidden topic") : GuardrailVerdict.pass();
      }
    };
  }

  private static Guardrail blockAnswersMentioning(String word) {
    return new Guardrail() {
      @Override
      public String name() {
        return "answer-filter";
      }

      @Override
      public GuardrailVerdict<ChatResponse> afterResponse(ModelCall call, ChatResponse response) {
        return response.text().contains(word) ? GuardrailVerdict.block("answer names an internal host")
            : GuardrailVerdict.pass();
      }
    };
  }

  private static final Guardrail REDACT_ANSWERS = new Guardrail() {
    @Override
    public String name() {
      return "redact-answers";
    }

    @Override
    public GuardrailVerdict<ChatResponse> afterResponse(ModelCall call, ChatResponse response) {
      return GuardrailVerdict.redact(response.toBuilder()
          .message(Message.assistant(response.text().replace("secret", "[redacted]"))).build());
    }
  };

  @Test
  void aRedactingRequestGuardrail_changesWhatTheModelReceives() {
    StatelineClient client = client(target("a", a)).guardrail(MASK_CARDS).build();

    ChatResponse answer = client.chat(ChatRequest.of("gpt-4.1", "charge 4111 1111 1111 1111 please"));

    assertThat(a.calls().get(0).request().messages().get(0).text()).isEqualTo("charge [card] please");
    assertThat(answer.text()).isEqualTo("charge [card] please");
  }

  @Test
  void aBlockingRequestGuardrail_sendsNothing_andNamesItselfAndItsReason_withoutContent() {
    StatelineClient client = client(target("a", a)).guardrail(blockRequestsMentioning("merger"))
        .telemetry(events::add).build();

    GuardrailBlockedException e = catchThrowableOfType(GuardrailBlockedException.class,
        () -> client.chat(ChatRequest.of("gpt-4.1", "summarise the merger plan")));

    assertThat(e.guardrail()).isEqualTo("no-merger");
    assertThat(e.reason()).isEqualTo("mentions a forbidden topic");
    assertThat(e.afterResponse()).isFalse();
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage()).doesNotContain("summarise the merger plan");
    assertThat(a.callCount()).isZero();
    assertThat(events).extracting(TelemetryEvent::name).containsExactly("call.started", "call.failed");
    assertThat(((TelemetryEvent.CallFailed) events.get(1)).errorType()).isEqualTo("GuardrailBlockedException");
  }

  @Test
  void aRedactingResponseGuardrail_replacesTheAnswer() {
    a.reply("the secret is 42");
    StatelineClient client = client(target("a", a)).guardrail(REDACT_ANSWERS).build();

    ChatResponse answer = client.chat(ChatRequest.of("gpt-4.1", "tell me"));

    assertThat(answer.text()).isEqualTo("the [redacted] is 42");
    assertThat(answer.target()).isEqualTo("a");
  }

  @Test
  void aBlockingResponseGuardrail_withholdsTheAnswer_afterTheModelWasCalled() {
    a.reply("connect to db01.internal");
    StatelineClient client = client(target("a", a)).guardrail(blockAnswersMentioning(".internal")).build();

    GuardrailBlockedException e = catchThrowableOfType(GuardrailBlockedException.class,
        () -> client.chat(ChatRequest.of("gpt-4.1", "where is the database?")));

    assertThat(e.afterResponse()).isTrue();
    assertThat(e.target()).isEqualTo("a");
    assertThat(e.getMessage()).doesNotContain("db01");
    assertThat(a.callCount()).isEqualTo(1);
  }

  @Test
  void onAStream_deltasAlreadyReadStay_butABlockedAnswerNeverCompletes() {
    a.reply("connect to ", "db01.internal");
    StatelineClient client = client(target("a", a)).guardrail(blockAnswersMentioning(".internal"))
        .telemetry(events::add).build();
    List<ChatEvent> seen = new ArrayList<>();

    GuardrailBlockedException e;
    try (ChatStream stream = client.stream(ChatRequest.of("gpt-4.1", "where?"))) {
      e = catchThrowableOfType(GuardrailBlockedException.class, () -> stream.forEach(seen::add));
    }

    assertThat(e).isNotNull();
    assertThat(seen).hasSize(3).noneMatch(ev -> ev instanceof ChatEvent.Completed);
    assertThat(events).extracting(TelemetryEvent::name).endsWith("call.failed");
  }

  @Test
  void onAStream_aRedactionReplacesTheCompletedResponse() {
    a.reply("a secret ", "answer");
    StatelineClient client = client(target("a", a)).guardrail(REDACT_ANSWERS).build();

    try (ChatStream stream = client.stream(ChatRequest.of("gpt-4.1", "q"))) {
      assertThat(stream.response().text()).isEqualTo("a [redacted] answer");
    }
  }

  @Test
  void aSessionTurnWhoseAnswerIsBlocked_isNotCommitted() {
    a.reply("fine").reply("leak db01.internal");
    StatelineClient client = client(target("a", a)).guardrail(blockAnswersMentioning(".internal"))
        .sessionDefaults(SessionOptions.builder().model("gpt-4.1").build()).build();
    Session session = client.session("s-1");

    session.send("hello");
    catchThrowableOfType(GuardrailBlockedException.class, () -> session.send("and the db?"));

    assertThat(session.history()).hasSize(2);
  }

  @Test
  void guardrailsRunInTheOrderAdded_eachSeeingTheLastOnesResult() {
    StatelineClient client = client(target("a", a)).guardrail(MASK_CARDS)
        .guardrail(blockRequestsMentioning("4111")).build();

    ChatResponse answer = client.chat(ChatRequest.of("gpt-4.1", "card 4111 1111 1111 1111"));

    assertThat(answer.text()).isEqualTo("card [card]");
  }
}
