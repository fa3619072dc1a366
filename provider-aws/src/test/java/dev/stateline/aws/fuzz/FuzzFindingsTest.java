/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.error.ProtocolException;
import dev.stateline.spi.EventSource;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * What the fuzzers met on the AWS side, as plain tests: the SDK (2.35) throws a
 * {@code NullPointerException} from its unmarshaller when a response body or an event payload is
 * the JSON literal {@code null}; Stateline must turn that into a broken-response error, not let it
 * pass as a provider outage or escape raw.
 */
class FuzzFindingsTest {
  private static final InMemoryBedrock BEDROCK = new InMemoryBedrock();
  private static final ChatRequest HELLO = ChatRequest.of(InMemoryBedrock.ALIAS, "Hello");

  @Test
  void givenAConverseBodyOfJsonNull_whenChatting_thenAProtocolException() {
    BEDROCK.answer(new InMemoryBedrock.Reply(200, InMemoryBedrock.headers("Content-Type", "application/json"),
        List.of("null".getBytes(StandardCharsets.UTF_8))));

    assertThatThrownBy(() -> BEDROCK.target.chatModel().chat(BEDROCK.callOnTarget(HELLO, false)))
        .isInstanceOf(ProtocolException.class);
  }

  @Test
  void givenAnEventWhosePayloadIsJsonNull_whenStreaming_thenTheStreamBreaksWithAProtocolException() {
    BEDROCK.answer(new InMemoryBedrock.Reply(200,
        InMemoryBedrock.headers("Content-Type", "application/vnd.amazon.eventstream"),
        List.of(event("messageStart", "{\"role\":\"assistant\"}"), event("contentBlockDelta", "null"))));

    EventSource source = BEDROCK.target.chatModel().stream(BEDROCK.callOnTarget(HELLO, true));
    try {
      assertThatThrownBy(() -> {
        ChatEvent e;
        while ((e = source.next()) != null) {
          assertThat(e).isNotInstanceOf(ChatEvent.Completed.class);
        }
      }).isInstanceOf(ProtocolException.class);
    } finally {
      source.close();
    }
  }

  private static byte[] event(String type, String json) {
    ByteBuffer b = new Message(Map.of(
        ":event-type", HeaderValue.fromString(type),
        ":content-type", HeaderValue.fromString("application/json"),
        ":message-type", HeaderValue.fromString("event")), json.getBytes(StandardCharsets.UTF_8)).toByteBuffer();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
