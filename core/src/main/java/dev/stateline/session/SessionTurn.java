/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.session;

import dev.stateline.chat.Message;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One committed turn of a session: the messages sent and the answer, where it ran, and when.
 *
 * @param id a unique id of the turn, so a store can tell a retried write from a new turn
 * @param messages the messages sent in the turn, then the model's answer; not empty
 * @param target the name of the target that answered, or null if unknown
 * @param responseId the provider's response id (for server-held sessions, the handle the next turn
 *     continues from), or null
 * @param at when the turn was committed
 */
public record SessionTurn(String id, List<Message> messages, String target, String responseId, Instant at) {
  public SessionTurn {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("a turn needs an id");
    }
    messages = List.copyOf(messages);
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a turn needs at least one message");
    }
    Objects.requireNonNull(at, "at");
  }

  @Override
  public String toString() {
    return "SessionTurn[" + id + ", " + messages.size() + " messages, target=" + target + ", at=" + at + "]";
  }
}
