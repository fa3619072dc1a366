/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing;

import dev.stateline.Cancellation;
import dev.stateline.Target;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.Message;
import dev.stateline.chat.Role;
import dev.stateline.chat.ToolCall;
import dev.stateline.chat.Usage;
import dev.stateline.error.CallCancelledException;
import dev.stateline.error.CallTimeoutException;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.ProtocolException;
import dev.stateline.error.StatelineException;
import dev.stateline.spi.ChatModel;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import dev.stateline.spi.ResponseAssembler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted {@link ChatModel} for tests: no network, deterministic answers, and a record of every
 * call it received.
 *
 * <pre>{@code
 * FakeChatModel fake = new FakeChatModel()
 *     .failWith(FakeErrors.rateLimited(Duration.ofMillis(5)))   // 1st call: 429, retry after 5 ms
 *     .streamChunks("Hel", "lo");                              // 2nd call: "Hello" in two deltas
 * StatelineClient client = StatelineClient.builder().target(fake.asTarget("fake")).build();
 *
 * assertThat(client.chat(ChatRequest.of("gpt-4.1", "Hi")).text()).isEqualTo("Hello");
 * assertThat(fake.callCount()).isEqualTo(2);
 * assertThat(fake.lastRequest().messages()).hasSize(1);
 * }</pre>
 *
 * <p><b>Script.</b> Each scripting method queues one {@link FakeReply}; each call, streamed or not,
 * takes the next one in order. When the script is empty, calls get the {@linkplain
 * #defaultReply(FakeReply) default reply}, which echoes the last user message. See
 * {@link FakeReply} for delays, cut streams and stalls.
 *
 * <p><b>Contract.</b> The fake behaves like a well-mannered provider: it makes one attempt per call,
 * answers with {@link ModelCall#providerModel()} as the model, honours the call's total timeout
 * and cancellation while it waits, ends each stream with one
 * {@link ChatEvent.Completed} assembled from its deltas (or a {@link ProtocolException} carrying
 * the partial answer), and makes a blocked stream fail promptly when closed. It leaves the
 * response's provider unset, so the client reports its target's provider.
 *
 * <p>Thread-safe: one fake may serve concurrent calls, and be scripted and inspected from any
 * thread.
 */
public final class FakeChatModel implements ChatModel {
  /** The provider name in the errors and targets the fake makes. */
  public static final String PROVIDER = "fake";

  private final Object lock = new Object();
  private final Deque<FakeReply> script = new ArrayDeque<>();
  private final List<ModelCall> calls = new ArrayList<>();
  private FakeReply defaultReply = FakeReply.echo();
  private final AtomicInteger closes = new AtomicInteger();

  /** A fake with an empty script: every call echoes its last user message. */
  public FakeChatModel() {}

  /**
   * A target named {@code name}, provider {@value #PROVIDER}, answering through this fake.
   *
   * @param aliases the model aliases it serves, each under its own name; none means any alias
   * @throws IllegalArgumentException if the name or an alias is invalid (see {@link Target})
   */
  public Target asTarget(String name, String... aliases) {
    Target.Builder b = Target.builder(name, this).provider(PROVIDER);
    if (aliases.length == 0) {
      b.anyModel();
    }
    for (String alias : aliases) {
      b.model(alias);
    }
    return b.build();
  }

  // ---- scripting ----

  /** Queues {@code replies}, one per call, in order. */
  public FakeChatModel enqueue(FakeReply... replies) {
    for (FakeReply r : replies) {
      Objects.requireNonNull(r, "reply");
    }
    synchronized (lock) {
      script.addAll(List.of(replies));
    }
    return this;
  }

  /** The next call answers {@code text} (streamed as one chunk). */
  public FakeChatModel replyWith(String text) {
    return enqueue(FakeReply.text(text));
  }

  /** The next call answers exactly {@code response}. */
  public FakeChatModel replyWith(ChatResponse response) {
    return enqueue(FakeReply.response(response));
  }

  /** The next call asks for one call of tool {@code toolName} with {@code argumentsJson}. */
  public FakeChatModel replyWithToolCall(String toolName, String argumentsJson) {
    return enqueue(FakeReply.toolCall(toolName, argumentsJson));
  }

  /** The next call answers the chunks joined; streamed, one {@code TextDelta} per chunk. */
  public FakeChatModel streamChunks(String... chunks) {
    return enqueue(FakeReply.chunks(chunks));
  }

  /**
   * The next call sends the first {@code sent} of {@code chunks}, then breaks with a
   * {@link ProtocolException} whose partial answer holds what was sent.
   */
  public FakeChatModel streamBreaksAfter(int sent, String... chunks) {
    return enqueue(FakeReply.chunks(chunks).truncatedAfter(sent));
  }

  /** The next call fails with {@code error} before any event. Script a fresh exception per call. */
  public FakeChatModel failWith(StatelineException error) {
    return enqueue(FakeReply.failure(error));
  }

  /**
   * The next call waits {@code delay}, then gets the current default reply. While it waits, cancelling the
   * call fails it with {@link CallCancelledException}, and if the call's time runs out first it
   * fails with a {@link CallTimeoutException} of kind {@code TOTAL}. To delay a particular reply,
   * use {@link FakeReply#delayedBy(Duration)}.
   */
  public FakeChatModel delay(Duration delay) {
    synchronized (lock) {
      script.add(defaultReply.delayedBy(delay));
    }
    return this;
  }

  /** What calls get once the script is empty; {@link FakeReply#echo()} at first. */
  public FakeChatModel defaultReply(FakeReply reply) {
    Objects.requireNonNull(reply, "reply");
    synchronized (lock) {
      defaultReply = reply;
    }
    return this;
  }

  // ---- recording ----

  /** Every call received so far, in arrival order (a snapshot). */
  public List<ModelCall> calls() {
    synchronized (lock) {
      return List.copyOf(calls);
    }
  }

  /** The requests of {@link #calls()}, in arrival order. */
  public List<ChatRequest> requests() {
    return calls().stream().map(ModelCall::request).toList();
  }

  /**
   * The latest call.
   *
   * @throws IllegalStateException if there was none
   */
  public ModelCall lastCall() {
    synchronized (lock) {
      if (calls.isEmpty()) {
        throw new IllegalStateException("the fake has not been called");
      }
      return calls.get(calls.size() - 1);
    }
  }

  /**
   * The latest call's request.
   *
   * @throws IllegalStateException if there was none
   */
  public ChatRequest lastRequest() {
    return lastCall().request();
  }

  /** How many calls arrived, failed ones included (each retry is a call). */
  public int callCount() {
    synchronized (lock) {
      return calls.size();
    }
  }

  /** Scripted replies not yet used. */
  public int pendingReplies() {
    synchronized (lock) {
      return script.size();
    }
  }

  /**
   * Waits until at least {@code count} calls have arrived, for tests that act while a call is in
   * flight.
   *
   * @return false if {@code timeout} passed first
   */
  public boolean awaitCalls(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (calls.size() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return true;
    }
  }

  /** How often {@link #close()} was called. */
  public int closeCount() {
    return closes.get();
  }

  // ---- ChatModel ----

  @Override
  public ChatResponse chat(ModelCall call) {
    try (Answer answer = start(call)) {
      ChatEvent e;
      while ((e = answer.next()) != null) {
        if (e instanceof ChatEvent.Completed c) {
          return c.response();
        }
      }
    }
    throw new IllegalStateException("unreachable: every fake answer completes or throws");
  }

  @Override
  public EventSource stream(ModelCall call) {
    return start(call);
  }

  /** Counts the close; the fake keeps answering afterwards. */
  @Override
  public void close() {
    closes.incrementAndGet();
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "FakeChatModel[calls=" + calls.size() + ", pending=" + script.size() + "]";
    }
  }

  private Answer start(ModelCall call) {
    Objects.requireNonNull(call, "call");
    FakeReply reply;
    int number;
    synchronized (lock) {
      calls.add(call);
      number = calls.size();
      reply = script.isEmpty() ? defaultReply : script.poll();
      lock.notifyAll();
    }
    if (call.cancellation().isCancelled()) {
      throw new CallCancelledException("the fake call was cancelled before it started", null);
    }
    if (!reply.delay.isZero()) {
      pause(call, reply.delay, new CountDownLatch(1));
    }
    if (reply.kind == FakeReply.Kind.FAILURE) {
      throw reply.failure;
    }
    return new Answer(call, number, reply);
  }

  /**
   * Waits {@code delay} (null: until woken), waking early when the call is cancelled or
   * {@code wake} is counted down, and failing when the call's total time runs out first.
   */
  private static void pause(ModelCall call, Duration delay, CountDownLatch wake) {
    long remaining = Math.max(0, call.remaining().toNanos());
    long wanted = delay == null ? Long.MAX_VALUE : saturatedNanos(delay);
    boolean outlastsCall = wanted > remaining;
    Cancellation.Registration registration = call.cancellation().onCancel(wake::countDown);
    try {
      if (wake.await(Math.min(wanted, remaining), TimeUnit.NANOSECONDS)) {
        throw new CallCancelledException("the fake call was cancelled while it waited", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CallCancelledException("interrupted while the fake call waited", e);
    } finally {
      registration.close();
    }
    if (outlastsCall) {
      throw new CallTimeoutException("the call's total timeout of " + call.timeouts().total()
          + " expired while the fake waited", ErrorInfo.of(PROVIDER), CallTimeoutException.Kind.TOTAL, null);
    }
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private static int words(String text) {
    String t = text.strip();
    return t.isEmpty() ? 0 : t.split("\\s+").length;
  }

  /** The events of one call, produced on demand so that cuts, stalls and closes happen in order. */
  private static final class Answer implements EventSource {
    private final ModelCall call;
    private final FakeReply reply;
    private final List<ChatEvent> deltas = new ArrayList<>();
    private final ResponseAssembler assembler;
    private final ChatResponse given;
    private final Usage usage;
    private final CountDownLatch closedSignal = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private int position;
    private boolean finished;

    Answer(ModelCall call, int number, FakeReply reply) {
      this.call = call;
      this.reply = reply;
      this.given = reply.response;
      this.assembler = new ResponseAssembler()
          .id("fake-resp-" + number)
          .model(call.target() == null ? call.request().model() : call.providerModel())
          .requestId("fake-req-" + number);
      StringBuilder output = new StringBuilder();
      switch (reply.kind) {
        case ECHO -> addText(lastUserText(call.request()), output);
        case CHUNKS -> reply.chunks.forEach(c -> addText(c, output));
        case TOOL_CALLS -> addToolCalls(reply.toolCalls, number, output);
        case RESPONSE -> {
          addText(given.text(), output);
          addToolCalls(given.toolCalls(), number, output);
        }
        default -> throw new IllegalStateException("no answer for " + reply.kind);
      }
      if (given != null) {
        usage = given.usage();
      } else if (reply.usage != null) {
        usage = reply.usage;
      } else {
        usage = new Usage(call.request().messages().stream().mapToInt(m -> words(m.text())).sum(), 0,
            words(output.toString()), 0);
      }
    }

    private static String lastUserText(ChatRequest request) {
      String text = "";
      for (Message m : request.messages()) {
        if (m.role() == Role.USER) {
          text = m.text();
        }
      }
      return text;
    }

    private void addText(String text, StringBuilder output) {
      if (reply.kind == FakeReply.Kind.CHUNKS || !text.isEmpty()) {
        deltas.add(new ChatEvent.TextDelta(text));
        output.append(text);
      }
    }

    private void addToolCalls(List<ToolCall> toolCalls, int number, StringBuilder output) {
      for (int i = 0; i < toolCalls.size(); i++) {
        ToolCall tc = toolCalls.get(i);
        String id = tc.id().isEmpty() ? "call_" + number + "_" + i : tc.id();
        deltas.add(new ChatEvent.ToolCallDelta(i, id, tc.name(), tc.argumentsJson()));
        output.append(' ').append(tc.argumentsJson());
      }
    }

    @Override
    public ChatEvent next() {
      if (closed.get()) {
        throw new CallCancelledException("the fake stream was closed", null);
      }
      if (finished) {
        return null;
      }
      // A cut after more deltas than there are comes just before the usage and completion.
      if (reply.cut != FakeReply.Cut.NONE && position == Math.min(reply.cutAfter, deltas.size())) {
        cut();
      }
      if (position < deltas.size()) {
        ChatEvent e = deltas.get(position++);
        assembler.accept(e);
        return e;
      }
      if (position == deltas.size()) {
        position++;
        if (given == null || !usage.equals(Usage.ZERO)) {
          ChatEvent u = new ChatEvent.UsageReport(usage);
          assembler.accept(u);
          return u;
        }
      }
      finished = true;
      return new ChatEvent.Completed(given != null ? given : assembler.build());
    }

    private void cut() {
      int sent = Math.min(position, deltas.size());
      switch (reply.cut) {
        case TRUNCATE -> throw new ProtocolException("the fake stream was cut after " + sent + " delta(s)",
            ErrorInfo.of(PROVIDER), sent == 0, assembler.partial(), null);
        case FAIL -> throw reply.cutError;
        case HANG -> {
          try {
            pause(call, null, closedSignal);
          } catch (CallCancelledException e) {
            throw closed.get() ? new CallCancelledException("the fake stream was closed", null) : e;
          } catch (CallTimeoutException timeout) {
            if (sent == 0) {
              throw timeout; // nothing handed out yet: a plain timeout, as the providers give
            }
            // Deltas were handed out: a truncated answer keeping its partial text, as the providers give.
            throw new ProtocolException("the fake stream timed out mid-stream, after " + sent + " delta(s) ("
                + timeout.kind().name().toLowerCase(java.util.Locale.ROOT)
                + " timeout), before the answer was complete", ErrorInfo.of(PROVIDER), false, assembler.partial(),
                timeout);
          }
        }
        default -> throw new IllegalStateException("no cut " + reply.cut);
      }
    }

    @Override
    public void close() {
      closed.set(true);
      closedSignal.countDown();
    }
  }
}
