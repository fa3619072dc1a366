/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.spi;

import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.FinishReason;
import dev.stateline.chat.Message;
import dev.stateline.chat.ToolCall;
import dev.stateline.chat.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Assembles a streamed answer from its deltas: text in order, tool calls by index with their
 * argument fragments joined, and the last usage seen. Providers feed it every delta they emit and
 * put {@link #build()} in the final {@link ChatEvent.Completed}; on a broken stream,
 * {@link #partial()} keeps what arrived for the {@link dev.stateline.error.ProtocolException}.
 *
 * <p>Not thread-safe: one assembler per stream.
 */
public final class ResponseAssembler {
  private final StringBuilder text = new StringBuilder();
  private final TreeMap<Integer, PendingCall> calls = new TreeMap<>();
  private Usage usage;
  private String id;
  private String model;
  private String requestId;
  private String provider;
  private FinishReason finishReason;
  private String rawFinishReason;

  /** Adds a delta or usage event; other events are ignored. */
  public void accept(ChatEvent event) {
    if (event instanceof ChatEvent.TextDelta t) {
      text.append(t.text());
    } else if (event instanceof ChatEvent.ToolCallDelta d) {
      PendingCall call = calls.computeIfAbsent(d.index(), i -> new PendingCall());
      if (d.id() != null && call.id == null) {
        call.id = d.id();
      }
      if (d.name() != null && call.name == null) {
        call.name = d.name();
      }
      call.arguments.append(d.argumentsDelta());
    } else if (event instanceof ChatEvent.UsageReport u) {
      usage = u.usage();
    }
  }

  public ResponseAssembler id(String id) {
    if (id != null) {
      this.id = id;
    }
    return this;
  }

  public ResponseAssembler model(String model) {
    if (model != null) {
      this.model = model;
    }
    return this;
  }

  public ResponseAssembler requestId(String requestId) {
    this.requestId = requestId;
    return this;
  }

  public ResponseAssembler provider(String provider) {
    this.provider = provider;
    return this;
  }

  public ResponseAssembler finishReason(FinishReason reason, String raw) {
    this.finishReason = reason;
    this.rawFinishReason = raw;
    return this;
  }

  /** The text so far. */
  public String text() {
    return text.toString();
  }

  /** True once any text or tool-call delta arrived. */
  public boolean hasContent() {
    return text.length() > 0 || !calls.isEmpty();
  }

  /** The whole answer. Tool calls without an id or name get a positional placeholder. */
  public ChatResponse build() {
    return response(finishReason);
  }

  /** What arrived so far, for a stream that broke; tool-call arguments may be incomplete. */
  public ChatResponse partial() {
    return response(finishReason == null ? FinishReason.OTHER : finishReason);
  }

  private ChatResponse response(FinishReason reason) {
    List<ToolCall> toolCalls = new ArrayList<>(calls.size());
    calls.forEach((index, c) -> toolCalls.add(new ToolCall(
        c.id == null ? "call_" + index : c.id, c.name == null ? "" : c.name, c.arguments.toString())));
    FinishReason effective = reason;
    if (effective == null) {
      effective = toolCalls.isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS;
    }
    return ChatResponse.builder()
        .id(id)
        .model(model)
        .message(Message.assistant(text.toString(), toolCalls))
        .finishReason(effective)
        .rawFinishReason(rawFinishReason)
        .usage(usage)
        .requestId(requestId)
        .provider(provider)
        .build();
  }

  private static final class PendingCall {
    String id;
    String name;
    final StringBuilder arguments = new StringBuilder();
  }
}
