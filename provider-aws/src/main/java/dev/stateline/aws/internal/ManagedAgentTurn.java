/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.internal;

import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.FinishReason;
import dev.stateline.chat.Message;
import dev.stateline.chat.Role;
import dev.stateline.chat.TextPart;
import dev.stateline.chat.Usage;
import dev.stateline.error.AgentTurnFailedException;
import dev.stateline.error.AuthenticationException;
import dev.stateline.error.CallCancelledException;
import dev.stateline.error.CallTimeoutException;
import dev.stateline.error.ContentFilteredException;
import dev.stateline.error.ContextLengthExceededException;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.InvalidRequestException;
import dev.stateline.error.ProtocolException;
import dev.stateline.error.ProviderUnavailableException;
import dev.stateline.error.StatelineException;
import dev.stateline.error.StoredResponseNotFoundException;
import dev.stateline.placement.CallKind;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One turn of a Bedrock Managed Agents session, as one attempt of a stateful call.
 *
 * <p><b>Before the message is accepted</b> ({@link #start}): the first turn creates the agent
 * session (without input); a later turn reads the session (it must be idle) and the newest item (the
 * baseline). Then it opens the session's event stream (streams do not replay: it is opened first) and
 * submits the message. When the answer to the submission is lost, the turn reads the items after the
 * baseline and the status: only if its message is not there, and the session is idle, is the
 * submission's failure thrown, as retryable, and the attempt may be retried. Whatever fails before
 * acceptance leaves no trace: an agent session this attempt created is deleted again.
 *
 * <p><b>After acceptance</b> ({@link #next}): the turn's events become {@code ChatEvent}s, to its
 * terminal event. A stream that breaks, stalls past the read timeout or grows past the size limit is
 * not an error: the turn is followed by polling the session's status and reading its items. No
 * failure after acceptance is retryable, so the pipeline never submits the turn again; the call's
 * cancellation, closing the stream early and running out of time submit the cancel event.
 *
 * <p>Not API. One reader thread; {@link #close()} from any thread.
 */
final class ManagedAgentTurn implements EventSource {
  private static final Logger LOG = LoggerFactory.getLogger("dev.stateline.aws.agents");
  private static final String PROVIDER = ManagedAgentModel.PROVIDER;
  /** How long a clean-up (a cancel event, deleting an unused session) may take. */
  private static final Duration CLEANUP = Duration.ofSeconds(5);
  /** How often the items are read to find a submission whose answer was lost. */
  private static final int RECONCILE_READS = 3;
  private static final int MAX_ITEM_PAGES = 50;
  private static final Set<String> TOOL_ITEMS =
      Set.of("command_execution", "mcp_call", "web_search_call", "function_call", "computer_use_call");

  private final ManagedAgentModel model;
  private final ManagedAgentHttp http;
  private final ModelCall call;
  private final ManagedAgentHttp.Budget budget;
  private final ManagedAgentModel.Definition definition;
  private final List<String> texts;
  private String sessionId;
  private boolean created;
  private String baselineId;
  private Usage usageBefore;
  private volatile ManagedAgentHttp.EventStream events;
  private String requestId;
  private String turnId;
  private volatile boolean accepted;
  private volatile boolean ended;
  private volatile boolean closed;
  private final AtomicBoolean cancelSent = new AtomicBoolean();
  private boolean announced;
  private final Deque<ChatEvent> pending = new ArrayDeque<>();
  /** Assistant message item id to its text so far, in the order the messages began. */
  private final LinkedHashMap<String, StringBuilder> answers = new LinkedHashMap<>();
  private final Set<String> textDeltas = new HashSet<>();
  private final Set<String> reasoningShown = new HashSet<>();
  /** Tool item id to whether its end was reported. */
  private final Map<String, Boolean> tools = new HashMap<>();
  private Usage usage;

  private ManagedAgentTurn(ManagedAgentModel model, ModelCall call, ManagedAgentModel.Definition definition,
      List<String> texts) {
    this.model = model;
    this.http = model.http();
    this.call = call;
    this.budget = ManagedAgentHttp.Budget.of(call);
    this.definition = definition;
    this.texts = texts;
  }

  /**
   * Runs the turn up to the agent's acceptance of its message.
   *
   * @throws StatelineException if the turn did not get accepted: retryable only if nothing ran
   */
  static ManagedAgentTurn start(ManagedAgentModel model, ModelCall call) {
    ChatRequest request = call.request();
    if (call.kind() != CallKind.STATEFUL) {
      throw new InvalidRequestException(PROVIDER + ": a managed agent answers the turns of an agent session, not"
          + " stateless calls: use client.session(id, options) with the agent's alias (or a request with"
          + " store(true) to start an agent session, previousResponseId to continue one)",
          ErrorInfo.of(PROVIDER), null, null);
    }
    ManagedAgentModel.Definition definition = model.definition(call.providerModel());
    if (definition == null) {
      throw new InvalidRequestException(PROVIDER + ": target '" + call.target().name() + "' has no agent for '"
          + call.providerModel() + "'", ErrorInfo.of(PROVIDER), "model", null);
    }
    String owner = request.metadata().get(ManagedAgentModel.TARGET_KEY);
    if (owner != null && !owner.equals(call.target().name())) {
      throw new InvalidRequestException(PROVIDER + ": the agent session lives on target '" + owner + "', but this"
          + " turn was placed on '" + call.target().name() + "'; an agent session never moves: use a placement policy"
          + " that honours a session's affinity, such as PlacementPolicy.standard()", ErrorInfo.of(PROVIDER), null,
          null);
    }
    ManagedAgentTurn turn = new ManagedAgentTurn(model, call, definition, userTexts(request));
    turn.begin(request.previousResponseId());
    return turn;
  }

  /** The turn's user texts; anything else is refused before anything is sent. */
  private static List<String> userTexts(ChatRequest request) {
    List<String> out = new ArrayList<>();
    for (Message m : request.messages()) {
      if (m.role() != Role.USER) {
        throw new InvalidRequestException(PROVIDER + ": a managed agent's turn takes user messages only (the"
            + " agent's instructions are part of its definition, and its tools run on its side); got a "
            + m.role().name().toLowerCase(Locale.ROOT) + " message", ErrorInfo.of(PROVIDER), "messages", null);
      }
      if (m.hasImages() || m.content().stream().anyMatch(p -> !(p instanceof TextPart))) {
        throw new InvalidRequestException(PROVIDER + ": the Bedrock Managed Agents preview takes text input only",
            ErrorInfo.of(PROVIDER), "messages", null);
      }
      if (m.text().isBlank()) {
        throw new InvalidRequestException(PROVIDER + ": a turn's message must have text", ErrorInfo.of(PROVIDER),
            "messages", null);
      }
      out.add(m.text());
    }
    if (out.isEmpty()) {
      throw new InvalidRequestException(PROVIDER + ": a turn needs a user message", ErrorInfo.of(PROVIDER),
          "messages", null);
    }
    return List.copyOf(out);
  }

  private void begin(String previous) {
    if (previous == null) {
      Map<String, Object> session = http.createSession(
          ManagedAgentJson.createSession(definition.agent(), definition.roleArn()), budget);
      sessionId = ManagedAgentJson.string(session, "id");
      if (sessionId == null || sessionId.isBlank()) {
        throw http.protocol("the created agent session has no id", null, true, null);
      }
      created = true;
      LOG.atDebug().addKeyValue("call", call.callId()).addKeyValue("agentSession", sessionId)
          .log("created an agent session");
    } else {
      sessionId = previous;
    }
    boolean mayHaveRun = false;
    try {
      if (!created) {
        preflight();
      }
      events = http.openEvents(sessionId, budget);
      ManagedAgentHttp.Posted posted = http.postEvents(sessionId, ManagedAgentJson.message(texts), budget);
      requestId = posted.requestId() != null ? posted.requestId() : events.requestId();
      if (!posted.acknowledged()) {
        mayHaveRun = true;
        boolean arrived = reconcile(posted.ambiguous());
        if (!arrived) {
          mayHaveRun = false;
          throw posted.ambiguous(); // the message did not arrive: the attempt may be retried
        }
      }
    } catch (RuntimeException e) {
      closeEvents();
      if (created && !mayHaveRun) {
        deleteUnused(); // no turn ran in it: it would only be litter
      }
      throw e;
    }
    accepted = true;
    if (call.cancellation().isCancelled()) {
      // cancelled while the submission was under way, and it arrived: the turn is cancelled at once
      cancelTurn();
      ended = true;
      throw new CallCancelledException(PROVIDER + ": the call was cancelled; Stateline cancelled the agent's turn",
          null);
    }
  }

  /** A later turn: the session must be idle; its newest item and usage so far are the baseline. */
  private void preflight() {
    Map<String, Object> session = http.getSession(sessionId, budget);
    String status = ManagedAgentJson.string(session, "status");
    if ("in_progress".equals(status) || "requires_action".equals(status)) {
      throw new ProviderUnavailableException(PROVIDER + ": the agent session '" + sessionId + "' is busy with a turn"
          + " this call did not start (status " + status + "); the turn waits for it to end, and is not sent"
          + " into it", ErrorInfo.of(PROVIDER), model.pollInterval(), null);
    }
    if ("failed".equals(status)) {
      throw new StatelineException(PROVIDER + ": the agent session '" + sessionId + "' has failed ("
          + clip(http.redact(errorText(session.get("error")))) + "); it takes no more turns: delete it and start"
          + " a new session", ErrorInfo.of(PROVIDER), false, null);
    }
    usageBefore = ManagedAgentJson.usage(ManagedAgentJson.object(session, "usage"));
    Map<String, Object> newest = http.listItems(sessionId, "desc", 1, null, budget);
    List<Map<String, Object>> data = ManagedAgentJson.objects(newest, "data");
    baselineId = data.isEmpty() ? null : ManagedAgentJson.string(data.get(0), "id");
  }

  /**
   * After the answer to the submission was lost: true if the message arrived (it is among the items
   * after the baseline, or a turn is under way), false if it did not (no such item, the session
   * idle).
   *
   * @throws ProtocolException (not retryable) if the session cannot be read to tell
   */
  private boolean reconcile(StatelineException lost) {
    ManagedAgentHttp.Budget b = call.cancellation().isCancelled() || budget.remainingNanos() <= 0
        ? budget.cleanup(CLEANUP) : budget;
    StatelineException unreadable = null;
    for (int i = 0; i < RECONCILE_READS; i++) {
      try {
        String found = findSubmitted(b);
        if (found != null) {
          turnId = found.isEmpty() ? null : found;
          log("the agent had accepted the turn; following it", lost);
          return true;
        }
        String status = ManagedAgentJson.string(http.getSession(sessionId, b), "status");
        if ("in_progress".equals(status) || "requires_action".equals(status)) {
          log("a turn is under way since the submission: taken as this one; following it", lost);
          return true;
        }
        unreadable = null;
      } catch (StatelineException e) {
        unreadable = e;
      }
      if (i < RECONCILE_READS - 1) {
        pause(b, model.pollInterval());
      }
    }
    if (unreadable != null) {
      throw new ProtocolException(PROVIDER + ": the answer to submitting the turn to agent session '" + sessionId
          + "' was lost (" + lost.getClass().getSimpleName() + "), and reading the session to tell whether it arrived"
          + " failed too (" + unreadable.getClass().getSimpleName() + "); the turn is not sent again: read"
          + " session.history() to see whether it ran", ErrorInfo.of(PROVIDER), false, null, unreadable);
    }
    log("the turn did not arrive; the attempt may be retried", lost);
    return false;
  }

  private void log(String what, StatelineException lost) {
    LOG.atInfo().addKeyValue("call", call.callId()).addKeyValue("agentSession", sessionId)
        .addKeyValue("lost", lost.getClass().getSimpleName()).log(what);
  }

  /** The turn id of this turn's message among the items after the baseline ("" if it has none), or null. */
  private String findSubmitted(ManagedAgentHttp.Budget b) {
    String last = texts.get(texts.size() - 1);
    for (Map<String, Object> item : itemsAfterBaseline(b)) {
      if ("message".equals(ManagedAgentJson.string(item, "type"))
          && "user".equals(ManagedAgentJson.string(item, "role"))
          && last.equals(ManagedAgentJson.text(item, "input_text"))) {
        String t = ManagedAgentJson.string(item, "turn_id");
        return t == null ? "" : t;
      }
    }
    return null;
  }

  private List<Map<String, Object>> itemsAfterBaseline(ManagedAgentHttp.Budget b) {
    List<Map<String, Object>> out = new ArrayList<>();
    String after = baselineId;
    for (int page = 0; page < MAX_ITEM_PAGES; page++) {
      Map<String, Object> json = http.listItems(sessionId, "asc", 100, after, b);
      out.addAll(ManagedAgentJson.objects(json, "data"));
      String lastId = ManagedAgentJson.string(json, "last_id");
      if (!ManagedAgentJson.bool(json, "has_more") || lastId == null || lastId.equals(after)) {
        break;
      }
      after = lastId;
    }
    return out;
  }

  // ---------------------------------------------------------------- after acceptance

  @Override
  public ChatEvent next() {
    try {
      while (true) {
        ChatEvent e = pending.poll();
        if (e != null) {
          return e;
        }
        if (ended) {
          return null;
        }
        step();
      }
    } catch (StatelineException e) {
      ended = true;
      closeEvents();
      if (e.isRetryable()) {
        // Never a turn twice: no failure after acceptance may make the pipeline submit it again.
        throw new ProtocolException(PROVIDER + ": following the agent's turn in session '" + sessionId + "' failed ("
            + e.getMessage() + "); the turn was accepted and is not sent again: read session.history() for its"
            + " outcome", e.info(), false, partial(), e);
      }
      throw e;
    }
  }

  private void step() {
    if (closed || call.cancellation().isCancelled()) {
      throw cancelled();
    }
    if (events == null) {
      announce();
      if (!pending.isEmpty()) {
        return;
      }
      follow();
      return;
    }
    Map<String, Object> event;
    try {
      event = events.next();
    } catch (IOException e) {
      if (closed || call.cancellation().isCancelled()) {
        throw cancelled();
      }
      LOG.atInfo().addKeyValue("call", call.callId()).addKeyValue("agentSession", sessionId)
          .addKeyValue("error", e.getClass().getSimpleName())
          .log("the agent's event stream broke or stalled; following the turn by the session's status");
      closeEvents();
      return;
    }
    if (event == null) {
      closeEvents();
      return;
    }
    handle(event);
  }

  private void handle(Map<String, Object> event) {
    String type = ManagedAgentJson.string(event, "type");
    if (type == null) {
      return;
    }
    Map<String, Object> turn = ManagedAgentJson.object(event, "turn");
    if (turn != null && ManagedAgentJson.string(turn, "subagent_id") != null) {
      return; // a subagent's turn (the preview has none): not this turn's outcome
    }
    String eventTurn = ManagedAgentJson.string(event, "turn_id");
    if (eventTurn == null && turn != null) {
      eventTurn = ManagedAgentJson.string(turn, "id");
    }
    if (turnId == null && eventTurn != null
        && (type.equals("agent.session.turn.created") || type.equals("agent.session.turn.in_progress"))) {
      turnId = eventTurn;
    }
    if (eventTurn != null && turnId != null && !eventTurn.equals(turnId)) {
      return; // another turn's event
    }
    if (eventTurn != null && turnId == null) {
      turnId = eventTurn;
    }
    if (turnId != null) {
      announce();
    }
    switch (type) {
      case "agent.session.turn.output_text.delta" -> {
        String item = ManagedAgentJson.string(event, "item_id");
        String delta = ManagedAgentJson.string(event, "delta");
        if (item != null && delta != null && !delta.isEmpty()) {
          textDeltas.add(item);
          appendText(item, delta);
        }
      }
      case "agent.session.turn.output_text.done" -> {
        String item = ManagedAgentJson.string(event, "item_id");
        String text = ManagedAgentJson.string(event, "text");
        if (item != null && text != null) {
          settleText(item, text);
        }
      }
      case "agent.session.turn.reasoning_summary_text.delta" -> {
        String item = ManagedAgentJson.string(event, "item_id");
        String delta = ManagedAgentJson.string(event, "delta");
        if (delta != null && !delta.isEmpty()) {
          reasoningShown.add(item);
          pending.add(new ChatEvent.ReasoningDelta(delta));
        }
      }
      case "agent.session.turn.reasoning_summary_text.done" -> {
        String item = ManagedAgentJson.string(event, "item_id");
        String text = ManagedAgentJson.string(event, "text");
        if (!reasoningShown.contains(item) && text != null && !text.isEmpty()) {
          reasoningShown.add(item);
          pending.add(new ChatEvent.ReasoningDelta(text));
        }
      }
      case "agent.session.turn.item.added" -> item(ManagedAgentJson.object(event, "item"), false);
      case "agent.session.turn.item.done" -> item(ManagedAgentJson.object(event, "item"), true);
      case "agent.session.turn.completed" -> {
        Usage u = ManagedAgentJson.usage(ManagedAgentJson.object(event, "usage"));
        usage = u != null ? u : ManagedAgentJson.usage(ManagedAgentJson.object(turn, "usage"));
        finish();
      }
      case "agent.session.turn.failed" -> throw failed(ManagedAgentJson.object(turn, "error"));
      case "agent.session.turn.cancelled" -> throw cancelledByAgent();
      case "error", "agent.session.failed", "agent.session.environment.failed" -> {
        Map<String, Object> error = ManagedAgentJson.object(event, "error");
        if (error == null) {
          Map<String, Object> holder = ManagedAgentJson.object(event, "session");
          holder = holder != null ? holder : ManagedAgentJson.object(event, "environment");
          Object said = holder == null ? null : holder.get("error");
          error = said instanceof Map<?, ?> ? ManagedAgentJson.object(holder, "error") : errorMap(said, type);
        }
        throw failed(error);
      }
      case "agent.session.idle" -> {
        if (turnId != null) {
          // the session went idle without this turn's end on the stream: the items tell how it ended
          closeEvents();
        }
      }
      default -> {
        // tolerated: event types this turn does not use (environment, content parts, deltas of commands)
      }
    }
  }

  /** Says, once and first, that the agent accepted the turn (with its id once known). */
  private void announce() {
    if (!announced) {
      announced = true;
      pending.addFirst(new ChatEvent.TurnAccepted(sessionId, turnId));
    }
  }

  /** An item the turn added (or finished): assistant messages keep their order; tools are reported. */
  private void item(Map<String, Object> item, boolean done) {
    if (item == null) {
      return;
    }
    String id = ManagedAgentJson.string(item, "id");
    String type = ManagedAgentJson.string(item, "type");
    if (id == null || type == null) {
      return;
    }
    if ("message".equals(type) && "assistant".equals(ManagedAgentJson.string(item, "role"))) {
      answers.putIfAbsent(id, new StringBuilder());
      if (done) {
        settleText(id, ManagedAgentJson.text(item, "output_text"));
      }
    } else if ("reasoning".equals(type) && done && !reasoningShown.contains(id)) {
      String summary = ManagedAgentJson.summary(item);
      if (!summary.isEmpty()) {
        reasoningShown.add(id);
        pending.add(new ChatEvent.ReasoningDelta(summary));
      }
    } else if (TOOL_ITEMS.contains(type)) {
      Boolean reportedEnd = tools.get(id);
      if (!done && reportedEnd == null) {
        tools.put(id, false);
        pending.add(tool(item, type, ChatEvent.ToolActivity.Status.STARTED));
      } else if (done && !Boolean.TRUE.equals(reportedEnd)) {
        tools.put(id, true);
        pending.add(tool(item, type, ended(item, type)));
      }
    }
  }

  /** How a tool ended: failed if its status says so, a command exited non-zero, or an MCP call erred. */
  private static ChatEvent.ToolActivity.Status ended(Map<String, Object> item, String type) {
    String status = ManagedAgentJson.string(item, "status");
    boolean failed = "failed".equals(status) || "incomplete".equals(status)
        || ("command_execution".equals(type) && item.get("exit_code") instanceof Number n && n.longValue() != 0)
        || ("mcp_call".equals(type) && item.get("error") != null);
    return failed ? ChatEvent.ToolActivity.Status.FAILED : ChatEvent.ToolActivity.Status.COMPLETED;
  }

  private static ChatEvent.ToolActivity tool(Map<String, Object> item, String type,
      ChatEvent.ToolActivity.Status status) {
    String name;
    String input = null;
    String output;
    if ("command_execution".equals(type)) {
      name = ManagedAgentJson.string(item, "command");
      output = ManagedAgentJson.string(item, "output");
    } else if ("mcp_call".equals(type)) {
      String server = ManagedAgentJson.string(item, "server_label");
      String tool = ManagedAgentJson.string(item, "name");
      name = server == null ? tool : server + "." + tool;
      input = ManagedAgentJson.json(item.get("arguments"));
      output = ManagedAgentJson.json(item.get("output") != null ? item.get("output") : item.get("error"));
    } else {
      name = ManagedAgentJson.string(item, "name");
      input = ManagedAgentJson.json(item.get("arguments"));
      output = ManagedAgentJson.json(item.get("output"));
    }
    return new ChatEvent.ToolActivity(ManagedAgentJson.string(item, "id"), type, name, status, input,
        status == ChatEvent.ToolActivity.Status.STARTED ? null : output);
  }

  /** Text arriving for an assistant message: a blank line before a new message's first text. */
  private void appendText(String item, String text) {
    StringBuilder sb = answers.get(item);
    if (sb == null) {
      sb = new StringBuilder();
      answers.put(item, sb);
    }
    if (sb.length() == 0 && hasTextBefore(item)) {
      pending.add(new ChatEvent.TextDelta("\n\n"));
    }
    sb.append(text);
    pending.add(new ChatEvent.TextDelta(text));
  }

  /**
   * The whole text of an assistant message: what did not arrive as deltas yet is delivered now (all
   * of it when deltas were absent); the whole text is what the answer keeps.
   */
  private void settleText(String item, String whole) {
    if (whole == null || whole.isEmpty()) {
      return;
    }
    StringBuilder sb = answers.get(item);
    String have = sb == null ? "" : sb.toString();
    if (have.equals(whole)) {
      return;
    }
    if (whole.startsWith(have)) {
      appendText(item, whole.substring(have.length()));
    } else {
      answers.get(item).setLength(0);
      answers.get(item).append(whole);
    }
  }

  private boolean hasTextBefore(String item) {
    for (Map.Entry<String, StringBuilder> e : answers.entrySet()) {
      if (e.getKey().equals(item)) {
        return false;
      }
      if (e.getValue().length() > 0) {
        return true;
      }
    }
    return false;
  }

  private String answerText() {
    StringBuilder sb = new StringBuilder();
    for (StringBuilder part : answers.values()) {
      if (part.length() > 0) {
        if (sb.length() > 0) {
          sb.append("\n\n");
        }
        sb.append(part);
      }
    }
    return sb.toString();
  }

  /** Follows the turn without its stream: polls the status to its end, then reads the turn's items. */
  private void follow() {
    Map<String, Object> session;
    while (true) {
      if (closed || call.cancellation().isCancelled()) {
        throw cancelled();
      }
      if (budget.remainingNanos() <= 0) {
        cancelTurn();
        throw new CallTimeoutException(PROVIDER + ": the agent's turn in session '" + sessionId + "' outlasted the"
            + " call's total timeout of " + call.timeouts().total() + "; Stateline cancelled it (set a longer total"
            + " timeout in the session's call options for long tasks)", ErrorInfo.of(PROVIDER),
            CallTimeoutException.Kind.TOTAL, null);
      }
      try {
        session = http.getSession(sessionId, budget);
      } catch (StoredResponseNotFoundException e) {
        throw new AgentTurnFailedException(PROVIDER + ": the agent session '" + sessionId + "' disappeared during the"
            + " turn", e.info(), turnId, null, partial(), e);
      } catch (CallTimeoutException e) {
        if (e.kind() == CallTimeoutException.Kind.TOTAL) {
          continue; // the loop's top cancels the turn and says so
        }
        pause(budget, model.pollInterval());
        continue;
      } catch (StatelineException e) {
        if (!e.isRetryable()) {
          throw e;
        }
        pause(budget, model.pollInterval());
        continue;
      }
      String status = ManagedAgentJson.string(session, "status");
      if (!"in_progress".equals(status) && !"requires_action".equals(status)) {
        break;
      }
      pause(budget, model.pollInterval());
    }
    resolve(session);
  }

  /** The turn's end, from the session (idle or failed) and its items. */
  private void resolve(Map<String, Object> session) {
    List<Map<String, Object>> items = itemsAfterBaseline(budget);
    String last = texts.get(texts.size() - 1);
    boolean ours = turnId != null;
    for (Map<String, Object> item : items) {
      String itemTurn = ManagedAgentJson.string(item, "turn_id");
      if (!ours) {
        if ("message".equals(ManagedAgentJson.string(item, "type"))
            && "user".equals(ManagedAgentJson.string(item, "role"))
            && last.equals(ManagedAgentJson.text(item, "input_text"))) {
          ours = true;
          turnId = itemTurn;
        }
        continue;
      }
      if (turnId != null && itemTurn != null && !turnId.equals(itemTurn)) {
        continue;
      }
      item(item, true);
    }
    if (usage == null && usageBefore != null) {
      Usage after = ManagedAgentJson.usage(ManagedAgentJson.object(session, "usage"));
      if (after != null) {
        usage = new Usage(Math.max(0, after.inputTokens() - usageBefore.inputTokens()),
            Math.max(0, after.cachedInputTokens() - usageBefore.cachedInputTokens()),
            Math.max(0, after.outputTokens() - usageBefore.outputTokens()),
            Math.max(0, after.reasoningTokens() - usageBefore.reasoningTokens()));
      }
    } else if (usage == null && created) {
      usage = ManagedAgentJson.usage(ManagedAgentJson.object(session, "usage"));
    }
    if ("failed".equals(ManagedAgentJson.string(session, "status"))) {
      throw failed(errorMap(session.get("error"), "session_failed"));
    }
    if (answerText().isEmpty()) {
      throw new AgentTurnFailedException(PROVIDER + ": the agent's turn in session '" + sessionId + "' ended without"
          + " an answer (cancelled or failed: the preview has no turn-retrieval API to say which); it stays in the"
          + " session's conversation and is not sent again", ErrorInfo.of(PROVIDER), turnId, null, null, null);
    }
    finish();
  }

  private void finish() {
    ChatResponse r = response(answerText());
    if (usage != null && usage.totalTokens() > 0) {
      pending.add(new ChatEvent.UsageReport(usage));
    }
    pending.add(new ChatEvent.Completed(r));
    ended = true;
    closeEvents();
  }

  private ChatResponse response(String text) {
    return ChatResponse.builder()
        .id(sessionId)
        .model(definition.agent().model())
        .message(Message.assistant(text))
        .finishReason(FinishReason.STOP)
        .rawFinishReason("completed")
        .usage(usage == null ? Usage.ZERO : usage)
        .requestId(requestId)
        .provider(PROVIDER)
        .build();
  }

  private ChatResponse partial() {
    String text = answerText();
    return text.isEmpty() || sessionId == null ? null : response(text).toBuilder()
        .finishReason(FinishReason.OTHER).rawFinishReason(null).build();
  }

  /** The failure of an accepted turn, as the agent reported it; never retryable. */
  private StatelineException failed(Map<String, Object> error) {
    ended = true;
    String code = ManagedAgentJson.string(error, "code");
    String type = ManagedAgentJson.string(error, "type");
    String message = ManagedAgentJson.string(error, "message");
    ErrorInfo info = new ErrorInfo(PROVIDER, 0, requestId, code != null ? code : type);
    String said = (code != null ? " (" + clip(http.redact(code)) + ")" : type != null ? " (" + clip(http.redact(type))
        + ")" : "") + (message == null || message.isBlank() ? "" : ": " + clip(http.redact(message)));
    String text = PROVIDER + ": the agent's turn failed" + said + "; the turn stays in the agent session's"
        + " conversation and is not sent again";
    String c = code == null ? "" : code.toLowerCase(Locale.ROOT);
    return switch (c) {
      case "context_length_exceeded" -> new ContextLengthExceededException(text, info, null, null);
      case "cyber_policy", "misalignment_policy_violation" -> new ContentFilteredException(text, info, null);
      case "authentication_error" -> new AuthenticationException(text, info, null);
      default -> new AgentTurnFailedException(text, info, turnId, code, partial(), null);
    };
  }

  private static Map<String, Object> errorMap(Object error, String fallbackCode) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("code", fallbackCode);
    if (error instanceof String s) {
      m.put("message", s);
    }
    return m;
  }

  private static String errorText(Object error) {
    if (error instanceof String s) {
      return s;
    }
    if (error instanceof Map<?, ?> m) {
      Object msg = m.get("message");
      Object code = m.get("code");
      return (code == null ? "" : code + ": ") + (msg == null ? "" : msg);
    }
    return "no details";
  }

  private StatelineException cancelled() {
    cancelTurn();
    ended = true;
    return new CallCancelledException(PROVIDER + ": the call was cancelled; Stateline cancelled the agent's turn"
        + " (what its tools already did stands)", null);
  }

  private StatelineException cancelledByAgent() {
    ended = true;
    return new CallCancelledException(PROVIDER + ": the agent's turn was cancelled"
        + (cancelSent.get() ? "" : " (not by this call)") + "; what its tools already did stands", null);
  }

  /** Submits the cancel event once, for an accepted turn that has not ended; best effort. */
  private void cancelTurn() {
    if (!accepted || ended || !cancelSent.compareAndSet(false, true)) {
      return;
    }
    try {
      http.postEvents(sessionId, ManagedAgentJson.cancel(), budget.cleanup(CLEANUP));
      LOG.atInfo().addKeyValue("call", call.callId()).addKeyValue("agentSession", sessionId)
          .log("cancelled the agent's turn");
    } catch (RuntimeException e) {
      LOG.atWarn().addKeyValue("call", call.callId()).addKeyValue("agentSession", sessionId)
          .addKeyValue("error", e.getClass().getSimpleName()).log("cancelling the agent's turn failed");
    }
  }

  /** Deletes the agent session this attempt created when the attempt failed before its turn was accepted. */
  private void deleteUnused() {
    try {
      http.deleteSession(sessionId, budget.cleanup(CLEANUP));
    } catch (RuntimeException e) {
      LOG.atWarn().addKeyValue("call", call.callId()).addKeyValue("agentSession", sessionId)
          .addKeyValue("error", e.getClass().getSimpleName())
          .log("deleting an agent session no turn ran in failed; it stays, empty and idle");
    }
  }

  private void pause(ManagedAgentHttp.Budget b, Duration d) {
    long left = b.remainingNanos();
    if (left <= 0) {
      return;
    }
    Duration wait = Duration.ofNanos(Math.min(d.toNanos(), left));
    try {
      b.cancellation().sleep(wait);
    } catch (CallCancelledException e) {
      if (b.cancellation() == call.cancellation()) {
        throw cancelled();
      }
      throw e;
    }
  }

  private void closeEvents() {
    ManagedAgentHttp.EventStream e = events;
    events = null;
    if (e != null) {
      e.close();
    }
  }

  @Override
  public void close() {
    closed = true;
    if (accepted && !ended) {
      cancelTurn();
    }
    ManagedAgentHttp.EventStream e = events;
    if (e != null) {
      e.close();
    }
  }

  private static String clip(String s) {
    String one = s.replace('\r', ' ').replace('\n', ' ');
    return one.length() <= 500 ? one : one.substring(0, 500) + "...";
  }

  @Override
  public String toString() {
    return "ManagedAgentTurn[" + call.callId() + ", session=" + sessionId + ", turn=" + turnId + "]";
  }
}
