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
import dev.stateline.chat.ContentPart;
import dev.stateline.chat.ImagePart;
import dev.stateline.chat.Message;
import dev.stateline.chat.ToolCall;
import dev.stateline.chat.ToolDefinition;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.NoEligibleTargetException;
import dev.stateline.error.ProtocolException;
import dev.stateline.error.StatelineException;
import dev.stateline.spi.ModelCall;
import dev.stateline.spi.ResponseAssembler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Prompt and completion content never shows in toString() or in exception messages, so requests,
 * answers and failures can be logged safely.
 */
class ContentSecrecyTest {
  private static final String PROMPT = "PROMPT-SECRET-4711";
  private static final String ANSWER = "ANSWER-SECRET-0815";
  private static final String ARGS = "ARGS-SECRET-42";
  private static final String TOOL_RESULT = "TOOL-RESULT-SECRET-7";

  private static final List<String> SECRETS = List.of(PROMPT, ANSWER, ARGS, TOOL_RESULT, "sig=SAS");

  private static void assertNoSecret(Object... values) {
    for (Object v : values) {
      String s = v instanceof Throwable t ? t.toString() + " / " + t.getMessage() : String.valueOf(v);
      for (String secret : SECRETS) {
        assertThat(s).as("%s must not contain %s", v == null ? null : v.getClass().getSimpleName(), secret)
            .doesNotContain(secret);
      }
    }
  }

  private static ChatRequest secretRequest() {
    ToolCall call = new ToolCall("call_1", "lookup", "{\"q\":\"" + ARGS + "\"}");
    return ChatRequest.builder()
        .model("gpt-4.1")
        .systemMessage("System: " + PROMPT)
        .addMessage(Message.user(ContentPart.text(PROMPT),
            ImagePart.fromUrl("https://acct.blob.core.windows.net/c/a.png?sig=SAS")))
        .addMessage(Message.assistant(ANSWER, List.of(call)))
        .addMessage(Message.tool("call_1", TOOL_RESULT))
        .addTool(ToolDefinition.of("lookup", "Looks things up", "{\"type\":\"object\"}"))
        .putMetadata("note", PROMPT)
        .user(PROMPT)
        .build();
  }

  @Test
  void requestsMessagesAndParts_describeTheirShapeOnly() {
    ChatRequest r = secretRequest();

    assertNoSecret(r);
    for (Message m : r.messages()) {
      assertNoSecret(m, m.content(), m.toolCalls());
    }
    assertThat(r.toString()).contains("gpt-4.1", "messages=4", "tools=1");
  }

  @Test
  void responsesAndStreamEvents_describeTheirShapeOnly() {
    ResponseAssembler assembler = new ResponseAssembler().id("resp_1").model("gpt-4.1");
    List<ChatEvent> events = new ArrayList<>(List.of(
        new ChatEvent.TextDelta(ANSWER),
        new ChatEvent.ToolCallDelta(0, "call_1", "lookup", "{\"q\":\"" + ARGS),
        new ChatEvent.ToolCallDelta(0, null, null, "\"}")));
    events.forEach(assembler::accept);
    ChatResponse whole = assembler.build();
    events.add(new ChatEvent.Completed(whole));

    assertNoSecret(whole, whole.message(), whole.toolCalls());
    for (ChatEvent e : events) {
      assertNoSecret(e);
    }
  }

  @Test
  void callsAndTargets_showNoContent() {
    ScriptedModel model = new ScriptedModel();
    Target t = target("a", model);
    ModelCall call = ModelCall.create("call_1", secretRequest(), false, dev.stateline.placement.CallKind.STATELESS,
        Timeouts.DEFAULT, new Cancellation()).withTarget(t, 1);

    assertNoSecret(call, t);
  }

  @Test
  void failuresOfTheWholePipeline_showNoContent() {
    ScriptedModel model = new ScriptedModel();
    ProtocolException cut = new ProtocolException("stream cut", ErrorInfo.of("fake"), false,
        new ResponseAssembler().partial(), null);
    model.chunksThenFail(cut, ANSWER);
    model.fail(new IllegalStateException("bug while sending " + PROMPT));
    StatelineClient client = client(target("a", model)).build();
    ChatRequest request = secretRequest();

    ProtocolException midStream;
    try (ChatStream stream = client.stream(request)) {
      midStream = catchThrowableOfType(ProtocolException.class, () -> stream.forEach(e -> { }));
    }
    StatelineException wrapped = catchThrowableOfType(StatelineException.class, () -> client.chat(request));
    NoEligibleTargetException none = catchThrowableOfType(NoEligibleTargetException.class,
        () -> client(Target.builder("b", model).model("other").build()).build()
            .chat(request.toBuilder().model("gpt-4.1").build()));

    assertNoSecret(midStream, wrapped, none, midStream.placement(), midStream.attempts(), none.placement());
  }
}
