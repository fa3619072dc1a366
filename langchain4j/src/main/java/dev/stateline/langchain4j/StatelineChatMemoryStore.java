/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.langchain4j;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import dev.stateline.chat.Message;
import dev.stateline.error.SessionConflictException;
import dev.stateline.langchain4j.internal.Messages;
import dev.stateline.session.SessionState;
import dev.stateline.session.SessionStore;
import dev.stateline.session.SessionTurn;
import java.time.Clock;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A LangChain4j {@link ChatMemoryStore} backed by a Stateline {@link SessionStore} (in memory, a
 * directory of files, DynamoDB): each memory id ({@code toString()}, a valid Stateline session id)
 * is a session, so a conversation kept by LangChain4j's chat memory lives where Stateline's
 * sessions live, with their TTL, durability and optimistic concurrency.
 *
 * <p>{@link #updateMessages} appends: when the new list extends the stored one (the usual case), the
 * new messages are committed as one turn at the version read, so two writers never lose a
 * message; the loser re-reads and tries again (up to {@value #MAX_TRIES} times, then the
 * {@link SessionConflictException} is thrown). When the list no longer extends the stored one (a
 * window memory evicted old messages, or a system message changed), the session is replaced: deleted
 * and written anew as one turn; that replacement is not atomic against a concurrent writer.
 *
 * <p>Thread-safe. Errors are the store's {@code StatelineException}s; an invalid memory id is an
 * {@link IllegalArgumentException}.
 */
public final class StatelineChatMemoryStore implements ChatMemoryStore {
  /** How often an append is tried against concurrent writers. */
  public static final int MAX_TRIES = 3;

  private final SessionStore store;
  private final InstantSource clock;

  private StatelineChatMemoryStore(SessionStore store, InstantSource clock) {
    this.store = store;
    this.clock = clock;
  }

  /** A memory store over {@code store}, which must not be null (often {@code client.sessionStore()}). */
  public static StatelineChatMemoryStore of(SessionStore store) {
    return new StatelineChatMemoryStore(Objects.requireNonNull(store, "store"), Clock.systemUTC());
  }

  @Override
  public List<ChatMessage> getMessages(Object memoryId) {
    return store.load(id(memoryId)).map(s -> Messages.toLangChain4j(s.messages())).orElseGet(List::of);
  }

  @Override
  public void updateMessages(Object memoryId, List<ChatMessage> messages) {
    String id = id(memoryId);
    List<Message> wanted = Messages.toStateline(messages);
    for (int tries = 1; ; tries++) {
      Optional<SessionState> state = store.load(id);
      List<Message> stored = state.map(SessionState::messages).orElse(List.of());
      long version = state.map(SessionState::version).orElse(0L);
      try {
        if (extends_(wanted, stored)) {
          if (wanted.size() > stored.size()) {
            store.append(id, version, turn(wanted.subList(stored.size(), wanted.size())));
          }
        } else {
          store.delete(id);
          if (!wanted.isEmpty()) {
            store.append(id, 0, turn(wanted));
          }
        }
        return;
      } catch (SessionConflictException e) {
        if (tries >= MAX_TRIES) {
          throw e;
        }
      }
    }
  }

  @Override
  public void deleteMessages(Object memoryId) {
    store.delete(id(memoryId));
  }

  private SessionTurn turn(List<Message> messages) {
    return new SessionTurn(UUID.randomUUID().toString(), messages, null, null, clock.instant());
  }

  private static boolean extends_(List<Message> wanted, List<Message> stored) {
    return wanted.size() >= stored.size() && wanted.subList(0, stored.size()).equals(stored);
  }

  private static String id(Object memoryId) {
    Objects.requireNonNull(memoryId, "memoryId");
    return SessionState.validateId(memoryId.toString());
  }
}
