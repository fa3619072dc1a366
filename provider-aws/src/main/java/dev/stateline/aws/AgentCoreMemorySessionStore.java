/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import dev.stateline.aws.internal.BedrockErrors;
import dev.stateline.aws.internal.JsonDocuments;
import dev.stateline.aws.internal.SessionJson;
import dev.stateline.chat.Message;
import dev.stateline.error.SessionConflictException;
import dev.stateline.error.SessionCorruptedException;
import dev.stateline.error.SessionStoreException;
import dev.stateline.session.SessionState;
import dev.stateline.session.SessionStore;
import dev.stateline.session.SessionTurn;
import dev.stateline.spi.SessionIdCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.bedrockagentcore.BedrockAgentCoreClient;
import software.amazon.awssdk.services.bedrockagentcore.model.Content;
import software.amazon.awssdk.services.bedrockagentcore.model.Conversational;
import software.amazon.awssdk.services.bedrockagentcore.model.CreateEventResponse;
import software.amazon.awssdk.services.bedrockagentcore.model.Event;
import software.amazon.awssdk.services.bedrockagentcore.model.ListEventsResponse;
import software.amazon.awssdk.services.bedrockagentcore.model.ListSessionsResponse;
import software.amazon.awssdk.services.bedrockagentcore.model.PayloadType;
import software.amazon.awssdk.services.bedrockagentcore.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockagentcore.model.SessionSummary;

/**
 * Sessions in Amazon Bedrock AgentCore Memory (short-term memory): a {@link SessionStore} that
 * keeps each committed turn as one <b>event</b> of an AgentCore session, under one actor.
 *
 * <pre>{@code
 * BedrockAgentCoreClient agentCore = BedrockAgentCoreClient.builder().region(Region.EU_CENTRAL_1).build();
 * SessionStore store = AgentCoreMemorySessionStore.builder(agentCore, "support_memory-AbCdE12345")
 *     .actorId("support-app")
 *     .build();
 * }</pre>
 *
 * <p><b>Mapping.</b> A Stateline session is the AgentCore session of the store's actor whose id is
 * the Stateline id escaped to AgentCore's alphabet ({@code [a-zA-Z0-9][a-zA-Z0-9-_]*}, at most 100):
 * letters, digits and inner dashes stay, every other UTF-8 byte becomes {@code _xx} (hex), so
 * {@code case-4711} stays {@code case-4711} and {@code Two/2} becomes {@code Two_2f2}; an id that
 * would start with {@code _} starts {@code 0_z} instead, and an id longer than 100 once escaped gets
 * a readable prefix and a hash (its events name the Stateline id, so {@link #list()} finds it), so
 * every valid session id works and no two share an AgentCore session. Each turn is one
 * {@code CreateEvent} whose payload's {@code blob} holds the turn as JSON (every message shape,
 * see the DynamoDB store) with its version, the id of the turn it follows, its commit time and
 * expiry; with {@link Builder#conversationalPayload(boolean)} the messages' text is also added as
 * {@code conversational} items, so that the memory's long-term strategies can extract from it.
 *
 * <p><b>Concurrency: what is and is not guaranteed.</b> AgentCore Memory events are append-only
 * and {@code CreateEvent} has no condition, so optimistic concurrency is built on the client:
 *
 * <ol>
 *   <li>each event names its version and the turn it follows, so the history is a chain; readers
 *       follow it from the first turn, and when several events claim the same place the earliest
 *       (by event timestamp, then event id) wins, the same for every reader;
 *   <li>an append reads the chain, refuses a stale expected version with a
 *       {@link SessionConflictException} (no event written), writes its event with a client token
 *       (so an SDK retry does not write twice), then reads the chain again: if another writer's
 *       event won the place, it deletes its own event and throws a {@link SessionConflictException};
 *   <li>appends of one session in one JVM are serialised by a lock, so there they are exact.
 * </ol>
 *
 * Across processes this is exact only if {@code ListEvents} returns every event written before the
 * verifying read and the writers' clocks agree to within the time between two writers' events.
 * AgentCore documents neither its read consistency nor its listing order; if a verifying read
 * missed a competing event that sorts earlier, both writers would report success and readers would
 * keep only one of the two turns. Use {@link DynamoDbSessionStore} where many processes write to one
 * session at once; this store suits one writer per session (the usual agent), with other processes
 * reading.
 *
 * <p><b>TTL.</b> The store's TTL is enforced when reading (a session expires that long after its last
 * turn; its id then starts afresh, and the old events stay until deleted or until the memory's own
 * event expiry). The memory's {@code eventExpiryDuration} (set when it is created, 7 to 365 days)
 * deletes events that long after they were written, oldest first: set it longer than sessions
 * live, or old sessions lose their beginning (they then read as gone).
 *
 * <p><b>Costs.</b> {@code load} and {@code append} list the session's events (100 per request);
 * {@link #list()} lists the actor's sessions and loads each (to drop expired and deleted ones);
 * {@link #delete} deletes event by event, oldest first, so a failed delete leaves the session gone
 * and a retry removes the rest.
 *
 * <p><b>IAM</b>: {@code bedrock-agentcore:CreateEvent}, {@code bedrock-agentcore:ListEvents},
 * {@code bedrock-agentcore:DeleteEvent}, {@code bedrock-agentcore:ListSessions} on the memory.
 *
 * <p>Thread-safe. The client is the caller's and is never closed here. Errors:
 * {@link SessionConflictException}, {@link SessionCorruptedException} for events of this store's
 * format that cannot be read (events of other formats in the same session are ignored),
 * {@link SessionStoreException} for the rest, with the AWS error code and request id.
 */
public final class AgentCoreMemorySessionStore implements SessionStore {
  /**
   * Stateline ids as AgentCore session ids ({@code [a-zA-Z0-9][a-zA-Z0-9-_]*}, at most 100): letters,
   * digits and inner dashes stay, every other UTF-8 byte becomes {@code _xx}; an id that would start
   * with {@code _} gets the prefix {@code 0_z}; one longer than 100 once escaped gets a hashed id (and
   * its events name the Stateline id).
   */
  private static final SessionIdCodec CODEC = SessionIdCodec.of(
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", "-", '_', false, true, 100);

  /** The actor the sessions belong to unless {@link Builder#actorId(String)} says otherwise. */
  public static final String DEFAULT_ACTOR_ID = "stateline";
  private static final ConcurrentHashMap<String, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
  private static final Comparator<Stored> ORDER =
      Comparator.comparing(Stored::timestamp).thenComparing(Stored::eventId);

  private final BedrockAgentCoreClient client;
  private final String memoryId;
  private final String actorId;
  private final Duration ttl;
  private final InstantSource clock;
  private final boolean conversational;

  private AgentCoreMemorySessionStore(Builder b) {
    this.client = b.client;
    this.memoryId = b.memoryId;
    this.actorId = b.actorId;
    this.ttl = b.ttl;
    this.clock = b.clock;
    this.conversational = b.conversational;
  }

  /** Starts a store on the AgentCore Memory {@code memoryId}. */
  public static Builder builder(BedrockAgentCoreClient client, String memoryId) {
    return new Builder(client, memoryId);
  }

  /** The AgentCore session id a Stateline session id maps to ({@link #CODEC}). */
  public static String agentCoreSessionId(String sessionId) {
    return CODEC.encode(sessionId);
  }

  /**
   * The Stateline session id an AgentCore session id encodes, or null if it is not one this store
   * wrote or is a hashed one (whose id is read from its events).
   */
  static String statelineId(String agentCoreId) {
    return CODEC.decode(agentCoreId);
  }

  // ------------------------------------------------------------------ SessionStore

  @Override
  public Optional<SessionState> load(String sessionId) {
    String id = SessionState.validateId(sessionId);
    Chain chain = readChain(id, agentCoreSessionId(id));
    return chain.live(clock.instant()) ? Optional.of(chain.state(id)) : Optional.empty();
  }

  @Override
  public SessionState append(String sessionId, long expectedVersion, SessionTurn turn) {
    String id = SessionState.validateId(sessionId);
    Objects.requireNonNull(turn, "turn");
    if (expectedVersion < 0) {
      throw new IllegalArgumentException("expectedVersion must not be negative, was " + expectedVersion);
    }
    String acId = agentCoreSessionId(id);
    ReentrantLock lock = LOCKS.computeIfAbsent(memoryId + "\u0000" + actorId + "\u0000" + acId, k -> new ReentrantLock());
    lock.lock();
    try {
      Chain chain = readChain(id, acId);
      Instant now = clock.instant();
      boolean live = chain.live(now);
      long actual = live ? chain.tail().version : 0;
      if (actual != expectedVersion) {
        if (live && actual == expectedVersion + 1 && chain.tail().turn.id().equals(turn.id())) {
          return chain.state(id); // committed already; the answer was lost
        }
        throw new SessionConflictException(id, expectedVersion, actual);
      }
      long version = expectedVersion + 1;
      Stored tail = chain.isEmpty() ? null : chain.tail();
      Instant createdAt = live ? chain.first().createdAt : now;
      Instant expiresAt = ttl == null ? null : now.plus(ttl);
      String blob = SessionJson.encodeTurn(turn, w -> {
        w.name("sessionId").value(id);
        w.name("version").value(version);
        w.name("parent").value(tail == null ? null : tail.turn.id());
        w.name("committedAt").value(now.toString());
        w.name("createdAt").value(createdAt.toString());
        if (expiresAt != null) {
          w.name("expiresAt").value(expiresAt.toString());
        }
      });
      Instant timestamp = tail != null && !now.isAfter(tail.timestamp) ? tail.timestamp.plusMillis(1) : now;
      String eventId = create(id, acId, turn, blob, timestamp, version);

      Chain after = readChain(id, acId);
      if (!after.isEmpty() && eventId.equals(after.tail().eventId) && after.tail().version == version) {
        return after.state(id);
      }
      for (int i = 0; i < after.links.size(); i++) {
        if (after.links.get(i).eventId.equals(eventId)) {
          // a later writer already followed ours: still committed; answer as of our turn
          return new Chain(after.links.subList(0, i + 1)).state(id);
        }
      }
      deleteQuietly(acId, eventId);
      throw new SessionConflictException(id, expectedVersion, after.live(clock.instant()) ? after.tail().version : 0);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<String> list() {
    List<String> ids = new ArrayList<>();
    String next = null;
    do {
      ListSessionsResponse page;
      try {
        String token = next;
        page = client.listSessions(b -> b.memoryId(memoryId).actorId(actorId).maxResults(100).nextToken(token));
      } catch (SdkException e) {
        throw failure("list sessions (ListSessions)", null, e);
      }
      for (SessionSummary s : page.sessionSummaries()) {
        String id = statelineId(s.sessionId());
        if (id == null && CODEC.isHashed(s.sessionId())) {
          id = idFromEvents(s.sessionId());
        }
        if (id != null && readChain(id, s.sessionId()).live(clock.instant())) {
          ids.add(id);
        }
      }
      next = page.nextToken();
    } while (next != null && !next.isEmpty());
    return ids;
  }

  @Override
  public boolean delete(String sessionId) {
    String id = SessionState.validateId(sessionId);
    String acId = agentCoreSessionId(id);
    List<Event> events = listEvents(id, acId);
    boolean live = chainOf(id, events).live(clock.instant());
    events.sort(Comparator.comparing(Event::eventTimestamp).thenComparing(Event::eventId));
    for (Event e : events) {
      try {
        client.deleteEvent(b -> b.memoryId(memoryId).actorId(actorId).sessionId(acId).eventId(e.eventId()));
      } catch (ResourceNotFoundException gone) {
        // deleted meanwhile
      } catch (SdkException ex) {
        throw failure("delete (DeleteEvent)", id, ex);
      }
    }
    return live;
  }

  // ------------------------------------------------------------------ events

  private String create(String id, String acId, SessionTurn turn, String blob, Instant timestamp, long version) {
    List<PayloadType> payload = new ArrayList<>();
    payload.add(PayloadType.builder().blob(JsonDocuments.parse(blob)).build());
    if (conversational) {
      for (Message m : turn.messages()) {
        String text = m.text();
        if (payload.size() < 100 && !text.isEmpty()) {
          payload.add(PayloadType.builder().conversational(Conversational.builder()
              .role(role(m)).content(Content.builder().text(text).build()).build()).build());
        }
      }
    }
    // The same turn at the same version always carries the same token: a repeated request is not a second event.
    String token = UUID.nameUUIDFromBytes((turn.id() + "#" + version).getBytes(StandardCharsets.UTF_8)).toString();
    try {
      CreateEventResponse r = client.createEvent(b -> b.memoryId(memoryId).actorId(actorId).sessionId(acId)
          .eventTimestamp(timestamp).payload(payload).clientToken(token));
      return r.event().eventId();
    } catch (SdkException e) {
      throw failure("append (CreateEvent)", id, e);
    }
  }

  private static String role(Message m) {
    return switch (m.role()) {
      case USER -> "USER";
      case ASSISTANT -> "ASSISTANT";
      case TOOL -> "TOOL";
      default -> "OTHER";
    };
  }

  private void deleteQuietly(String acId, String eventId) {
    try {
      client.deleteEvent(b -> b.memoryId(memoryId).actorId(actorId).sessionId(acId).eventId(eventId));
    } catch (SdkException e) {
      // harmless: readers never follow an event that lost its place in the chain
    }
  }

  private List<Event> listEvents(String id, String acId) {
    List<Event> events = new ArrayList<>();
    String next = null;
    do {
      ListEventsResponse page;
      try {
        String token = next;
        page = client.listEvents(b -> b.memoryId(memoryId).actorId(actorId).sessionId(acId)
            .includePayloads(true).maxResults(100).nextToken(token));
      } catch (ResourceNotFoundException e) {
        if (e.getMessage() != null && e.getMessage().toLowerCase(Locale.ROOT).contains("memory")) {
          throw failure("load (ListEvents)", id, e);
        }
        return events; // no such session yet
      } catch (SdkException e) {
        throw failure("load (ListEvents)", id, e);
      }
      events.addAll(page.events());
      next = page.nextToken();
    } while (next != null && !next.isEmpty());
    return events;
  }

  /** One event of this store's format, decoded. */
  private record Stored(String eventId, Instant timestamp, long version, String parent, Instant committedAt,
      Instant createdAt, Instant expiresAt, SessionTurn turn) {}

  /** The committed turns, in order: the chain readers agree on. */
  private record Chain(List<Stored> links) {
    boolean isEmpty() {
      return links.isEmpty();
    }

    Stored tail() {
      return links.get(links.size() - 1);
    }

    Stored first() {
      return links.get(0);
    }

    boolean live(Instant now) {
      return !links.isEmpty() && (tail().expiresAt == null || now.isBefore(tail().expiresAt));
    }

    SessionState state(String id) {
      List<SessionTurn> turns = new ArrayList<>(links.size());
      for (Stored s : links) {
        turns.add(s.turn);
      }
      return new SessionState(id, tail().version, turns, first().createdAt, tail().committedAt, tail().expiresAt);
    }
  }

  /** The Stateline id a hashed AgentCore session's events name, or null if none does. */
  private String idFromEvents(String acId) {
    for (Event e : listEvents(acId, acId)) {
      String json = turnJson(e);
      if (json == null) {
        continue;
      }
      Object named = SessionJson.decodeTurn(json, acId, "AgentCore Memory '" + memoryId + "', event '"
          + e.eventId() + "'").extra().get("sessionId");
      if (named instanceof String sid && SessionIdCodec.isValid(sid) && agentCoreSessionId(sid).equals(acId)) {
        return sid;
      }
    }
    return null;
  }

  /** The JSON of the first payload of {@code e} that is a turn of this store's format, or null. */
  private static String turnJson(Event e) {
    for (PayloadType p : e.payload()) {
      Document blob = p.blob();
      if (blob != null && blob.isMap()) {
        String json = JsonDocuments.render(blob);
        if (SessionJson.isTurn(json)) {
          return json;
        }
      }
    }
    return null;
  }

  private Chain readChain(String id, String acId) {
    return chainOf(id, listEvents(id, acId));
  }

  /**
   * Follows the chain: from no turn, the earliest event that claims the next place (version one up
   * and the current last turn as parent, or version 1 after the last turn expired) is the next turn.
   */
  private Chain chainOf(String id, List<Event> events) {
    List<Stored> stored = new ArrayList<>();
    for (Event e : events) {
      Stored s = decode(id, e);
      if (s != null) {
        stored.add(s);
      }
    }
    stored.sort(ORDER);
    List<Stored> links = new ArrayList<>();
    Stored tail = null;
    while (true) {
      Stored next = null;
      for (Stored s : stored) {
        String parent = tail == null ? null : tail.turn.id();
        if (!Objects.equals(s.parent, parent)) {
          continue;
        }
        boolean follows = tail == null ? s.version == 1 : s.version == tail.version + 1;
        boolean restarts = tail != null && s.version == 1 && tail.expiresAt != null
            && !s.committedAt.isBefore(tail.expiresAt);
        if (follows || restarts) {
          next = s;
          break;
        }
      }
      if (next == null) {
        return new Chain(links);
      }
      if (next.version == 1) {
        links.clear();
      }
      links.add(next);
      tail = next;
    }
  }

  private Stored decode(String id, Event e) {
    String json = turnJson(e);
    if (json != null) {
      String where = "AgentCore Memory '" + memoryId + "', actor '" + actorId + "', event '" + e.eventId() + "'";
      SessionJson.DecodedTurn d = SessionJson.decodeTurn(json, id, where);
      Map<String, Object> x = d.extra();
      try {
        long version = ((Number) x.get("version")).longValue();
        String parent = (String) x.get("parent");
        Instant committed = Instant.parse((String) x.get("committedAt"));
        Instant created = Instant.parse((String) x.get("createdAt"));
        Instant expires = x.get("expiresAt") == null ? null : Instant.parse((String) x.get("expiresAt"));
        return new Stored(e.eventId(), e.eventTimestamp(), version, parent, committed, created, expires, d.turn());
      } catch (RuntimeException ex) {
        throw new SessionCorruptedException("session '" + id + "' has an event without its version, parent or"
            + " times", id, where, ex);
      }
    }
    return null;
  }

  private SessionStoreException failure(String what, String id, SdkException e) {
    StringBuilder sb = new StringBuilder("AgentCore Memory ").append(what).append(" failed");
    if (id != null) {
      sb.append(" for session '").append(id).append('\'');
    }
    sb.append(" in memory '").append(memoryId).append('\'');
    BedrockErrors.appendDetails(sb, e);
    return new SessionStoreException(sb.toString(), id, BedrockErrors.cleanCause(e));
  }

  @Override
  public String toString() {
    return "AgentCoreMemorySessionStore[memory=" + memoryId + ", actor=" + actorId + ", ttl=" + ttl + "]";
  }

  /** Builds an {@link AgentCoreMemorySessionStore}. Not thread-safe. */
  public static final class Builder {
    private final BedrockAgentCoreClient client;
    private final String memoryId;
    private String actorId = DEFAULT_ACTOR_ID;
    private Duration ttl;
    private InstantSource clock = InstantSource.system();
    private boolean conversational;

    private Builder(BedrockAgentCoreClient client, String memoryId) {
      this.client = Objects.requireNonNull(client, "client");
      Objects.requireNonNull(memoryId, "memoryId");
      if (!memoryId.matches("[a-zA-Z][a-zA-Z0-9-_]{0,99}-[a-zA-Z0-9]{10}")) {
        throw new IllegalArgumentException("'" + memoryId + "' is not an AgentCore Memory id (like my_memory-AbCdE12345)");
      }
      this.memoryId = memoryId;
    }

    /**
     * The actor whose sessions these are ({@value #DEFAULT_ACTOR_ID} by default): an application,
     * or an end user when each user gets a store of their own.
     *
     * @throws IllegalArgumentException unless it matches {@code [a-zA-Z0-9][a-zA-Z0-9-_/]*} (1 to 255)
     */
    public Builder actorId(String actorId) {
      Objects.requireNonNull(actorId, "actorId");
      if (actorId.length() > 255 || !actorId.matches("[a-zA-Z0-9][a-zA-Z0-9-_/]*")) {
        throw new IllegalArgumentException("an AgentCore actor id matches [a-zA-Z0-9][a-zA-Z0-9-_/]* (1 to 255)");
      }
      this.actorId = actorId;
      return this;
    }

    /** How long after its last turn a session is forgotten; null (the default) for never. */
    public Builder ttl(Duration ttl) {
      if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
        throw new IllegalArgumentException("ttl must be positive, or null for none");
      }
      this.ttl = ttl;
      return this;
    }

    /** The clock for timestamps and expiry; the system clock by default. */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Also writes each message's text as a {@code conversational} payload item (USER, ASSISTANT,
     * TOOL; system and developer messages as OTHER), so that the memory's long-term strategies can
     * extract from the conversation. Off by default; the store itself reads only its blob.
     */
    public Builder conversationalPayload(boolean conversational) {
      this.conversational = conversational;
      return this;
    }

    public AgentCoreMemorySessionStore build() {
      return new AgentCoreMemorySessionStore(this);
    }
  }
}
