/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.stateline.CallOptions;
import dev.stateline.ChatListener;
import dev.stateline.StatelineClient;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ToolCall;
import dev.stateline.error.StatelineException;
import dev.stateline.langchain4j.internal.Errors;
import dev.stateline.langchain4j.internal.Requests;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A LangChain4j {@link StreamingChatModel} backed by a {@link StatelineClient}: text deltas go to
 * {@link StreamingChatResponseHandler#onPartialResponse(String)}, tool-call deltas to
 * {@code onPartialToolCall}, each finished tool call to {@code onCompleteToolCall}, then the whole
 * answer to {@code onCompleteResponse}; a failure to {@code onError}, exactly once, as the
 * LangChain4j exception type that fits (the Stateline exception its cause). Requests and answers
 * are mapped as by {@link StatelineChatModel}.
 *
 * <p>The handler is called on the thread that reads the stream (the client's executor), never
 * concurrently for one call. If the handler itself throws from a partial or complete callback, the
 * stream is closed and the handler is told through {@code onError} with that exception (once). Immutable and thread-safe; the client is the caller's.
 */
public final class StatelineStreamingChatModel implements StreamingChatModel {
  private final StatelineClient client;
  private final String defaultModel;
  private final CallOptions options;

  private StatelineStreamingChatModel(Builder b) {
    this.client = b.client;
    this.defaultModel = b.defaultModel;
    this.options = b.options;
  }

  /** A builder over {@code client}, which must not be null. */
  public static Builder builder(StatelineClient client) {
    return new Builder(Objects.requireNonNull(client, "client"));
  }

  @Override
  public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
    dev.stateline.chat.ChatRequest r;
    try {
      r = Requests.toStateline(request, defaultModel);
    } catch (RuntimeException e) {
      handler.onError(e);
      return;
    }
    client.stream(r, options, new Forwarder(handler));
  }

  @Override
  public Set<Capability> supportedCapabilities() {
    return Set.of(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
  }

  /** {@link ModelProvider#OTHER}: the provider is chosen per call by Stateline's placement. */
  @Override
  public ModelProvider provider() {
    return ModelProvider.OTHER;
  }

  /** Stateline's stream events to one LangChain4j handler. */
  private static final class Forwarder implements ChatListener {
    private final StreamingChatResponseHandler handler;
    /** Each tool call's id and name, from its first delta (later deltas may carry neither). */
    private final Map<Integer, String[]> toolCalls = new ConcurrentHashMap<>();

    Forwarder(StreamingChatResponseHandler handler) {
      this.handler = handler;
    }

    private volatile boolean failed;

    @Override
    public void onEvent(ChatEvent event) {
      try {
        forward(event);
      } catch (RuntimeException e) {
        handlerFailed(e);
      }
    }

    /** The handler threw: it hears of it once, and the stream ends (the client closes it). */
    private void handlerFailed(RuntimeException e) {
      if (!failed) {
        failed = true;
        handler.onError(e);
      }
      throw e;
    }

    private void forward(ChatEvent event) {
      if (event instanceof ChatEvent.TextDelta t) {
        if (!t.text().isEmpty()) {
          handler.onPartialResponse(t.text());
        }
      } else if (event instanceof ChatEvent.ToolCallDelta d) {
        String[] idName = toolCalls.computeIfAbsent(d.index(), i -> new String[2]);
        if (d.id() != null) {
          idName[0] = d.id();
        }
        if (d.name() != null) {
          idName[1] = d.name();
        }
        // LangChain4j's partial tool call needs a name and some arguments: a delta with only the
        // call's id and name (the first, usually) is remembered, not forwarded.
        if (idName[1] != null && d.argumentsDelta() != null && !d.argumentsDelta().isEmpty()) {
          handler.onPartialToolCall(PartialToolCall.builder().index(d.index()).id(idName[0]).name(idName[1])
              .partialArguments(d.argumentsDelta()).build());
        }
      }
    }

    @Override
    public void onComplete(dev.stateline.chat.ChatResponse response) {
      try {
        complete(response);
      } catch (RuntimeException e) {
        handlerFailed(e);
      }
    }

    private void complete(dev.stateline.chat.ChatResponse response) {
      List<ToolCall> calls = response.toolCalls();
      for (int i = 0; i < calls.size(); i++) {
        ToolCall c = calls.get(i);
        handler.onCompleteToolCall(new CompleteToolCall(i, ToolExecutionRequest.builder().id(c.id()).name(c.name())
            .arguments(c.argumentsJson()).build()));
      }
      handler.onCompleteResponse(Requests.toLangChain4j(response));
    }

    @Override
    public void onError(StatelineException error) {
      if (!failed) {
        failed = true;
        handler.onError(Errors.toLangChain4j(error));
      }
    }
  }

  /** Builds a {@link StatelineStreamingChatModel}. Not thread-safe. */
  public static final class Builder {
    private final StatelineClient client;
    private String defaultModel;
    private CallOptions options = CallOptions.defaults();

    private Builder(StatelineClient client) {
      this.client = client;
    }

    /** The Stateline model alias of requests that name no model. */
    public Builder defaultModel(String alias) {
      this.defaultModel = alias;
      return this;
    }

    /** The options of every call; {@link CallOptions#defaults()} by default. */
    public Builder callOptions(CallOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    public StatelineStreamingChatModel build() {
      return new StatelineStreamingChatModel(this);
    }
  }
}
