/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** The server-sent-events reader follows the WHATWG event-stream rules. */
class SseReaderTest {

  private static List<SseEvent> read(String stream) throws IOException {
    SseReader reader = new SseReader(new Buffer().writeUtf8(stream));
    List<SseEvent> events = new ArrayList<>();
    SseEvent e;
    while ((e = reader.next()) != null) {
      events.add(e);
    }
    return events;
  }

  @Test
  void givenDataLinesWithAndWithoutASpace_thenOneSpaceIsStrippedAtMost() throws IOException {
    assertThat(read("data:a\n\ndata: b\n\ndata:  c\n\n"))
        .extracting(SseEvent::data).containsExactly("a", "b", " c");
  }

  @Test
  void givenMultiLineData_thenLinesAreJoinedWithNewlines() throws IOException {
    assertThat(read("data: {\"a\":\ndata: 1}\n\n")).extracting(SseEvent::data).containsExactly("{\"a\":\n1}");
  }

  @Test
  void givenCommentsEventIdAndRetryFields_thenCommentsAndRetryAreIgnored() throws IOException {
    List<SseEvent> events = read(": ping\nevent: response.output_text.delta\nid: 42\nretry: 3000\ndata: x\n\n"
        + "data: y\n\n");

    assertThat(events).containsExactly(
        new SseEvent("response.output_text.delta", "x", "42"),
        new SseEvent(null, "y", null));
  }

  @Test
  void givenCrLfAndLoneCrLineEndings_thenTheyEndLinesLikeLf() throws IOException {
    assertThat(read("data: a\r\n\r\ndata: b\r\rdata: c\n\n")).extracting(SseEvent::data)
        .containsExactly("a", "b", "c");
  }

  @Test
  void givenBlankLinesWithoutData_thenNoEventIsDispatched() throws IOException {
    assertThat(read("\n\nevent: lonely\n\n: only a comment\n\ndata: real\n\n"))
        .containsExactly(new SseEvent(null, "real", null));
  }

  @Test
  void givenAStreamCutInsideAnEvent_thenTheHalfEventIsDiscarded() throws IOException {
    assertThat(read("data: whole\n\ndata: half")).extracting(SseEvent::data).containsExactly("whole");
    assertThat(read("data: whole\n\ndata: complete line but no blank line\n")).extracting(SseEvent::data)
        .containsExactly("whole");
  }

  @Test
  void givenDoneAndAByteOrderMark_thenDoneIsRecognisedAndTheBomSkipped() throws IOException {
    List<SseEvent> events = read("\uFEFFdata: [DONE]\n\n");

    assertThat(events).hasSize(1);
    assertThat(events.get(0).isDone()).isTrue();
  }

  @Test
  void givenAFieldWithoutColon_thenItIsAFieldWithAnEmptyValue() throws IOException {
    assertThat(read("data\n\n")).extracting(SseEvent::data).containsExactly("");
  }
}
