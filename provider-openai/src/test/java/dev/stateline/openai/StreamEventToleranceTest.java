/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai;

import static dev.stateline.openai.Fixtures.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stateline.Target;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.ProtocolException;
import dev.stateline.spi.EventSource;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rule for stream events: one Stateline does not use is skipped, parseable or not (a service may
 * add event types, a proxy may add pings); one it uses that does not parse fails the stream loudly,
 * keeping what arrived.
 */
class StreamEventToleranceTest {
  @StartStop
  private final MockWebServer server = new MockWebServer();
  private Target target;

  @AfterEach
  void close() {
    if (target != null) {
      target.chatModel().close();
    }
  }

  private ChatResponse stream(OpenAiApi api, String sse) {
    server.enqueue(Fixtures.sse(sse));
    target = Fixtures.target(server).api(api).build();
    try (EventSource source = target.chatModel().stream(call(target, ChatRequest.of("gpt-4.1", "hi"), true))) {
      ChatEvent e;
      ChatResponse done = null;
      while ((e = source.next()) != null) {
        if (e instanceof ChatEvent.Completed c) {
          done = c.response();
        }
      }
      return done;
    }
  }

  private static String responsesEvent(String type, String json) {
    return "event: " + type + "\ndata: " + json + "\n\n";
  }

  private static final String CREATED = responsesEvent("response.created",
      "{\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\",\"model\":\"gpt-4.1\",\"status\":\"in_progress\",\"output\":[]}}");
  private static final String COMPLETED = responsesEvent("response.completed",
      "{\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\",\"model\":\"gpt-4.1\",\"status\":\"completed\","
          + "\"output\":[],\"usage\":{\"input_tokens\":1,\"output_tokens\":2,\"total_tokens\":3}}}");

  private static String delta(String text) {
    return responsesEvent("response.output_text.delta",
        "{\"type\":\"response.output_text.delta\",\"item_id\":\"msg_1\",\"output_index\":0,\"delta\":\"" + text + "\"}");
  }

  @Test
  void givenAnUnusedEventTypeWithBrokenData_whenNamedByItsEventField_thenTheStreamCompletes() {
    ChatResponse r = stream(OpenAiApi.RESPONSES, CREATED + delta("one ")
        + "event: response.reasoning_summary_text.delta\ndata: {\"type\":\"response.reasoning_sum\n\n"
        + delta("two") + COMPLETED);

    assertThat(r.text()).isEqualTo("one two");
  }

  @Test
  void givenAnUnusedEventWithoutEventField_whoseBrokenDataStillNamesItsType_thenItIsSkipped() {
    ChatResponse r = stream(OpenAiApi.RESPONSES, CREATED + delta("one ")
        + "data: {\"type\":\"response.future_feature\",\"payload\":[1,2,\n\n" + delta("two") + COMPLETED);

    assertThat(r.text()).isEqualTo("one two");
  }

  @Test
  void givenAnUnusedEventOfAnOddShape_thenItIsNotEvenParsed() {
    ChatResponse r = stream(OpenAiApi.RESPONSES, CREATED + delta("one")
        + responsesEvent("response.output_item.done", "{\"type\":\"response.output_item.done\",\"item\":[\"odd\"],"
            + "\"response\":7}") + COMPLETED);

    assertThat(r.text()).isEqualTo("one");
  }

  @Test
  void givenAUsedEventThatDoesNotParse_thenTheStreamFailsLoudlyKeepingWhatArrived() {
    ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> stream(OpenAiApi.RESPONSES,
        CREATED + delta("one ") + "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"delta\":\"tw\n\n"
            + COMPLETED));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("malformed JSON in a stream event");
    assertThat(e.partialText()).isEqualTo("one ");
  }

  @Test
  void givenAProxyPingInAChatCompletionsStream_thenItIsSkipped() {
    ChatResponse r = stream(OpenAiApi.CHAT_COMPLETIONS,
        "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"one\"},\"finish_reason\":null}]}\n\n"
            + "event: ping\ndata: keep-alive <not json>\n\n"
            + "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
            + "data: [DONE]\n\n");

    assertThat(r.text()).isEqualTo("one");
  }

  @Test
  void givenAChatCompletionsChunkThatDoesNotParse_thenTheStreamFailsLoudly() {
    ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> stream(OpenAiApi.CHAT_COMPLETIONS,
        "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"one\"},\"finish_reason\":null}]}\n\n"
            + "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\n\n"
            + "data: [DONE]\n\n"));

    assertThat(e).isNotNull();
    assertThat(e.partialText()).isEqualTo("one");
  }
}
