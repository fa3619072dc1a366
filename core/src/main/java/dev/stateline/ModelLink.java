/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import dev.stateline.chat.ChatEvent;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.StatelineException;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;

/**
 * The last link: calls the target's model ({@code chat} for a whole answer, as a source of one
 * {@code Completed} event; {@code stream} for a stream; for an embedding call the target's
 * embedding model, batch by batch ({@link EmbeddingBatches}), as a source of one
 * {@code EmbeddingsCompleted} event), and turns any non-Stateline exception a
 * provider lets slip into a {@link StatelineException}, so callers see one hierarchy.
 */
final class ModelLink implements Interceptor {
  static final ModelLink INSTANCE = new ModelLink();

  private ModelLink() {}

  @Override
  public EventSource intercept(Chain chain) {
    ModelCall call = chain.call();
    Target target = call.target();
    try {
      if (call.embeddingRequest() != null) {
        return new Whole(new ChatEvent.EmbeddingsCompleted(EmbeddingBatches.embed(RealChain.realCall(chain), call)));
      }
      if (!call.streaming()) {
        return new Whole(new ChatEvent.Completed(target.chatModel().chat(call)));
      }
      EventSource source = target.chatModel().stream(call);
      if (source == null) {
        throw new NullPointerException("stream() returned null");
      }
      return new Guarded(source, target);
    } catch (StatelineException e) {
      throw e;
    } catch (RuntimeException e) {
      throw unexpected(target, e);
    }
  }

  static StatelineException unexpected(Target target, RuntimeException e) {
    return new StatelineException("the '" + target.provider() + "' model of target '" + target.name()
        + "' failed unexpectedly: " + e.getClass().getName(), ErrorInfo.of(target.provider()), false, e);
  }

  /** A whole answer: one completion, then the end. */
  private static final class Whole implements EventSource {
    private ChatEvent completed;

    Whole(ChatEvent completed) {
      this.completed = completed;
    }

    @Override
    public ChatEvent next() {
      ChatEvent e = completed;
      completed = null;
      return e;
    }

    @Override
    public void close() {
      completed = null;
    }
  }

  private static final class Guarded implements EventSource {
    private final EventSource delegate;
    private final Target target;

    Guarded(EventSource delegate, Target target) {
      this.delegate = delegate;
      this.target = target;
    }

    @Override
    public ChatEvent next() {
      try {
        return delegate.next();
      } catch (StatelineException e) {
        throw e;
      } catch (RuntimeException e) {
        throw unexpected(target, e);
      }
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
