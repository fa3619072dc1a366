/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.chat.ChatEvent;
import dev.stateline.spi.ResponseAssembler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** The byte-level way through SseReader (advance/data) and the Chat Completions decoder on it. */
class SseReaderBytesTest {

  @Test
  void givenAMixedStream_whenReadAsBytes_thenEachEventMatchesWhatNextReturns() throws IOException {
    String stream = "\uFEFF: comment\r\nevent: delta\r\nid: 7\r\ndata: {\"a\":\r\ndata:1}\r\n\r\n"
        + "retry: 10\ndata: ünïcødé\n\ndata\n\nevent: lost\ndata: cut";
    List<SseEvent> viaNext = new ArrayList<>();
    SseReader texts = new SseReader(new Buffer().writeUtf8(stream));
    SseEvent e;
    while ((e = texts.next()) != null) {
      viaNext.add(e);
    }

    List<SseEvent> viaBytes = new ArrayList<>();
    SseReader bytes = new SseReader(new Buffer().writeUtf8(stream));
    while (bytes.advance()) {
      viaBytes.add(new SseEvent(bytes.eventType(), bytes.data().readUtf8(), bytes.eventId()));
    }

    assertThat(viaBytes).isEqualTo(viaNext).containsExactly(
        new SseEvent("delta", "{\"a\":\n1}", "7"),
        new SseEvent(null, "ünïcødé", null),
        new SseEvent(null, "", null));
  }

  @Test
  void givenChunksAsBytes_whenDecoded_thenTheyGiveTheSameDeltasAsTheirText() throws IOException {
    String chunk = "{\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}";
    String other = "{\"id\":\"c2\",\"model\":\"m\",\"choices\":[{\"delta\":{\"content\":\"!\"},\"index\":0,"
        + "\"finish_reason\":\"stop\"}]}";
    ResponseAssembler fromBytes = new ResponseAssembler();
    ChatCompletionsStreamDecoder bytes = new ChatCompletionsStreamDecoder(fromBytes, ResponseExtension.Reader.NONE, false);
    ResponseAssembler fromText = new ResponseAssembler();
    ChatCompletionsStreamDecoder text = new ChatCompletionsStreamDecoder(fromText, ResponseExtension.Reader.NONE, false);
    List<ChatEvent> bytesOut = new ArrayList<>();
    List<ChatEvent> textOut = new ArrayList<>();

    for (String data : List.of(chunk, chunk, other, " \t ", "\u2003", "[DONE]")) {
      StreamDecoder.Progress p1 = bytes.decode(null, null, new Buffer().writeUtf8(data), ev -> {
        fromBytes.accept(ev);
        bytesOut.add(ev);
      });
      StreamDecoder.Progress p2 = text.decode(new SseEvent(null, data, null), ev -> {
        fromText.accept(ev);
        textOut.add(ev);
      });
      assertThat(p1).as(data).isEqualTo(p2);
    }

    assertThat(bytesOut).isEqualTo(textOut).hasSize(3);
    assertThat(fromBytes.build().text()).isEqualTo("HiHi!");
    assertThat(fromBytes.build().id()).as("the last id wins, also when an equal one was skipped").isEqualTo("c2");
    assertThat(fromBytes.build().model()).isEqualTo("m");
    assertThat(bytes.completeAtEof()).isTrue();
  }
}
