/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples;

import dev.stateline.CallOptions;
import dev.stateline.ChatStream;
import dev.stateline.Price;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.Timeouts;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.Message;
import dev.stateline.error.StatelineException;
import dev.stateline.placement.Affinity;
import dev.stateline.placement.CircuitBreakerPolicy;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.samples.LoadStats.Operation;
import dev.stateline.session.Session;
import dev.stateline.session.SessionOptions;
import dev.stateline.session.SessionState;
import dev.stateline.session.SessionTurn;
import dev.stateline.testing.Conditions;
import dev.stateline.testing.emulators.EmulatedClouds;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cross-cloud load test that runs offline: many simulated users share one {@link StatelineClient}
 * and mix stateless calls with session turns, against the emulated clouds with latency and faults.
 * Under {@code PlacementPolicy.standard().residency(Jurisdiction.EU)} the stateless calls go to the
 * two Azure regions and fail over between them; the session turns go to Bedrock, the stateful
 * runtime: every other user's session is server-held (Bedrock's OpenAI-compatible Responses API on
 * bedrock-mantle keeps the conversation; each turn continues the stored response), the others are
 * client-held (Converse, or the Responses API with the whole history). The report shows latency percentiles, errors by type, where the calls ran, failovers,
 * cost at the targets' prices, and checks that no session lost or doubled a turn.
 *
 * <pre>
 * mvn -B -q -pl samples -am -DskipTests package exec:java -Dsample.main=dev.stateline.samples.LoadTest \
 *     -Dexec.args="--users=64 --ops=2000"
 * </pre>
 *
 * <p>Arguments: {@code --users=N} (default 64), {@code --ops=N} (operations in all, default 2000),
 * {@code --seed=N} (the users' choices and the fault plan), {@code --no-faults} (latency only),
 * {@code --deadline=SECONDS} (default 50: the run stops there whatever happens). The same settings
 * are read from the system properties {@code stateline.load.users}, {@code .ops}, {@code .seed},
 * {@code .faults} and {@code .deadline}.
 */
public final class LoadTest {
  private LoadTest() {}

  /** The options of the server-held sessions (every other user's). */
  static final SessionOptions SERVER_HELD = SessionOptions.builder().serverHeld(true).build();

  /** The target name the {@link Operation#DIRECT_CHAT} calls are pinned to. */
  static final String DIRECT_TARGET = "openai";

  /**
   * How the users divide their operations, in percent (the shares add up to 100).
   *
   * @param chat stateless calls ({@code client.chat})
   * @param stream stateless streamed calls ({@code client.stream})
   * @param directChat stateless calls pinned to the {@value #DIRECT_TARGET} target (the policy must
   *     allow it)
   * @param sessionSend session turns ({@code session.send})
   * @param sessionStream streamed session turns ({@code session.stream})
   */
  record Mix(int chat, int stream, int directChat, int sessionSend, int sessionStream) {
    /** The sample's mix: stateless calls on Azure, session turns on Bedrock, nothing direct. */
    static final Mix DEFAULT = new Mix(45, 15, 0, 25, 15);

    Mix {
      if (chat < 0 || stream < 0 || directChat < 0 || sessionSend < 0 || sessionStream < 0
          || chat + stream + directChat + sessionSend + sessionStream != 100) {
        throw new IllegalArgumentException("the shares must be non-negative and add up to 100");
      }
    }

    Operation pick(int dice) {
      int d = dice;
      for (Operation op : Operation.values()) {
        int share = share(op);
        if (d < share) {
          return op;
        }
        d -= share;
      }
      throw new IllegalArgumentException("dice must be in [0, 100): " + dice);
    }

    private int share(Operation op) {
      switch (op) {
        case CHAT: return chat;
        case STREAM: return stream;
        case DIRECT_CHAT: return directChat;
        case SESSION_SEND: return sessionSend;
        default: return sessionStream;
      }
    }
  }

  /**
   * The settings of a run.
   *
   * @param users concurrent simulated users
   * @param operations operations in all, shared among the users
   * @param seed drives the users' choices and the emulators' fault plans
   * @param faults whether the emulators inject faults (latency is always on)
   * @param deadline the longest the run may take; it stops there and says so
   */
  public record Config(int users, int operations, long seed, boolean faults, Duration deadline) {
    public Config {
      if (users < 1 || operations < 1) {
        throw new IllegalArgumentException("users and operations must be at least 1");
      }
      if (deadline.isNegative() || deadline.isZero()) {
        throw new IllegalArgumentException("deadline must be positive");
      }
    }

    /** 64 users, 2,000 operations, faults on, a 50 s deadline. */
    public static Config defaults() {
      return new Config(64, 2000, 7, true, Duration.ofSeconds(50));
    }

    /** The defaults, changed by system properties, then by {@code --name=value} arguments. */
    public static Config parse(String... args) {
      Map<String, String> s = new LinkedHashMap<>();
      for (String name : List.of("users", "ops", "seed", "faults", "deadline")) {
        String v = System.getProperty("stateline.load." + name);
        if (v != null) {
          s.put(name, v);
        }
      }
      for (String a : args) {
        if (a.equals("--no-faults")) {
          s.put("faults", "false");
        } else if (a.startsWith("--") && a.contains("=")) {
          s.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        } else {
          throw new IllegalArgumentException("unknown argument '" + a
              + "'; use --users=N --ops=N --seed=N --no-faults --deadline=SECONDS");
        }
      }
      Config d = defaults();
      return new Config(
          Integer.parseInt(s.getOrDefault("users", Integer.toString(d.users()))),
          Integer.parseInt(s.getOrDefault("ops", Integer.toString(d.operations()))),
          Long.parseLong(s.getOrDefault("seed", Long.toString(d.seed()))),
          Boolean.parseBoolean(s.getOrDefault("faults", "true")),
          Duration.ofSeconds(Long.parseLong(s.getOrDefault("deadline", Long.toString(d.deadline().toSeconds())))));
    }
  }

  public static void main(String[] args) {
    // Keep the progress line readable: failovers are counted in the report, not logged one by one.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    LoadStats stats = run(Config.parse(args), System.out, System.console() != null);
    boolean intact = stats.sessions().stream().allMatch(LoadStats.SessionCheck::intact);
    if (stats.timedOut() || !intact) {
      System.exit(1);
    }
  }

  /**
   * Runs the load test, printing progress (every second) and the report to {@code out}.
   *
   * @param sameLine true to rewrite one progress line with {@code \r} (a terminal), false for a
   *     line per second
   */
  public static LoadStats run(Config config, PrintStream out, boolean sameLine) {
    try (EmulatedClouds clouds = EmulatedClouds.builder().azure("swedencentral").azure("westeurope")
        .bedrock("eu-central-1").bedrockMantle("eu-central-1").openAi("us").start()) {
      Map<String, Conditions> conditions = conditions(config);
      clouds.azure("swedencentral").conditions(conditions.get("azure-swc"));
      clouds.azure("westeurope").conditions(conditions.get("azure-weu"));
      clouds.bedrock("eu-central-1").conditions(conditions.get("aws-fra"));
      clouds.bedrockMantle("eu-central-1").conditions(conditions.get("aws-mantle"));
      clouds.openAi().conditions(conditions.get("openai"));

      // Prices per million tokens (example figures in one currency); the report adds up the cost.
      List<Target> targets = List.of(
          clouds.azureTarget("azure-swc", "swedencentral").toBuilder().price(Price.perMillionTokens("2.00", "8.00")).build(),
          clouds.azureTarget("azure-weu", "westeurope").toBuilder().price(Price.perMillionTokens("2.20", "8.80")).build(),
          clouds.bedrockTarget("aws-fra", "eu-central-1").toBuilder().price(Price.perMillionTokens("0.15", "0.60")).build(),
          clouds.bedrockMantleTarget("aws-mantle", "eu-central-1").toBuilder()
              .price(Price.perMillionTokens("0.15", "0.60")).build(),
          clouds.openAiTarget("openai").toBuilder().price(Price.perMillionTokens("2.00", "8.00")).build());
      Map<String, Price> prices = new LinkedHashMap<>();
      targets.forEach(t -> prices.put(t.name(), t.price()));

      StatelineClient.Builder builder = StatelineClient.builder()
          .placement(PlacementPolicy.standard().residency(Jurisdiction.EU))
          .retryPolicy(RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(20))
              .maxBackoff(Duration.ofMillis(200)).maxRetryAfter(Duration.ofSeconds(1)).build())
          .timeouts(new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10)))
          .circuitBreaker(CircuitBreakerPolicy.builder().openDuration(Duration.ofSeconds(1)).build());
      targets.forEach(builder::target);

      out.printf("Stateline load test: %d users, %d operations, seed %d, against %s%n", config.users(),
          config.operations(), config.seed(), clouds);
      conditions.forEach((t, c) -> out.printf("  %-10s %s%n", t, c));
      try (StatelineClient client = builder.build()) {
        warmUp(client, List.of("azure-swc", "azure-weu"), 8);
        return drive(client, config, Mix.DEFAULT, "user-",
            user -> user % 2 == 1 ? SERVER_HELD : SessionOptions.defaults(), prices, out, sameLine);
      }
    }
  }

  /**
   * A few calls on each target before measuring: the first calls of a JVM are slow (class loading,
   * JIT, connections), and placement ranks targets by the latency it observed, so an unwarmed target
   * would start the run looking slow. Stateless calls are pinned to each Azure target in turn; a
   * throw-away session warms up Bedrock, with sent and streamed turns alike (a streamed Converse turn
   * runs on another client, the SDK's async one: warmed with sends only, the run's first streamed
   * turns paid for its class loading, JIT and connections, and read several times slower than sends).
   * Failures do not matter here.
   */
  private static void warmUp(StatelineClient client, List<String> statelessTargets, int calls) {
    for (String target : statelessTargets) {
      CallOptions pinned = CallOptions.builder().affinity(Affinity.pin(target)).build();
      for (int i = 0; i < calls; i++) {
        try {
          client.chat(ChatRequest.of(EmulatedClouds.MODEL_ALIAS, "warm-up"), pinned);
        } catch (StatelineException ignored) {
          // a fault of the emulator's plan
        }
      }
    }
    for (SessionOptions options : List.of(SessionOptions.defaults(), SERVER_HELD)) {
      try (Session warmUp = client.session("warm-up", options)) {
        for (int i = 0; i < calls; i++) {
          try {
            warmUp.send("warm-up");
            try (ChatStream stream = warmUp.stream("warm-up")) {
              stream.forEach(event -> { });
            }
          } catch (StatelineException ignored) {
            // a fault of the emulator's plan
          }
        }
      }
      client.sessionStore().delete("warm-up");
    }
  }

  /** Latency everywhere; faults on top unless switched off. Each emulator has its own fault plan. */
  private static Map<String, Conditions> conditions(Config config) {
    Map<String, Conditions> m = new LinkedHashMap<>();
    long seed = config.seed();
    Conditions.Builder swc = Conditions.builder().latency(Duration.ofMillis(5), Duration.ofMillis(20)).seed(seed);
    Conditions.Builder weu = Conditions.builder().latency(Duration.ofMillis(8), Duration.ofMillis(25)).seed(seed + 1);
    Conditions.Builder fra = Conditions.builder().latency(Duration.ofMillis(10), Duration.ofMillis(30)).seed(seed + 2);
    Conditions.Builder openai = Conditions.builder().latency(Duration.ofMillis(5), Duration.ofMillis(15)).seed(seed + 3);
    Conditions.Builder mantle = Conditions.builder().latency(Duration.ofMillis(10), Duration.ofMillis(30)).seed(seed + 4);
    if (config.faults()) {
      swc.rateLimitBursts(40, 4, Duration.ofMillis(25)).truncatedStreams(0.02);
      weu.serverErrors(0.03).slowResponses(0.03, Duration.ofMillis(250));
      fra.rateLimitBursts(60, 3, Duration.ofMillis(20)).serverErrors(0.02).truncatedStreams(0.02)
          .slowResponses(0.02, Duration.ofMillis(300));
      mantle.rateLimitBursts(50, 3, Duration.ofMillis(20)).serverErrors(0.02).truncatedStreams(0.02);
    }
    m.put("azure-swc", swc.build());
    m.put("azure-weu", weu.build());
    m.put("aws-fra", fra.build());
    m.put("aws-mantle", mantle.build());
    m.put("openai", openai.build());
    return m;
  }

  /**
   * Runs {@code config.users()} users on {@code client} until they have performed
   * {@code config.operations()} operations in all (or the deadline passed), then checks every
   * user's session against the client's store and prints the report. The users' sessions are named
   * {@code userPrefix + i} and opened with {@code sessionOptions}. Used by {@link #run} and by the
   * soak test, which builds its own client.
   */
  static LoadStats drive(StatelineClient client, Config config, Mix mix, String userPrefix,
      SessionOptions sessionOptions, Map<String, Price> prices, PrintStream out, boolean sameLine) {
    return drive(client, config, mix, userPrefix, user -> sessionOptions, prices, out, sameLine);
  }

  /** {@link #drive}, with each user's session options chosen by the user's number. */
  static LoadStats drive(StatelineClient client, Config config, Mix mix, String userPrefix,
      java.util.function.IntFunction<SessionOptions> sessionOptions, Map<String, Price> prices, PrintStream out,
      boolean sameLine) {
    LoadStats stats = new LoadStats(config.operations(), prices);
    long start = System.nanoTime();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("load-progress"));
    ticker.scheduleAtFixedRate(() -> {
      String line = stats.progressLine(Duration.ofNanos(System.nanoTime() - start));
      if (sameLine) {
        out.print("\r" + line);
        out.flush();
      } else {
        out.println(line);
      }
    }, 1, 1, TimeUnit.SECONDS);

    ExecutorService users = Executors.newFixedThreadPool(config.users(), daemon("load-user"));
    List<User> all = new ArrayList<>();
    for (int i = 0; i < config.users(); i++) {
      int share = config.operations() / config.users() + (i < config.operations() % config.users() ? 1 : 0);
      User u = new User(client, userPrefix + i, share, mix, sessionOptions.apply(i),
          new SplittableRandom(config.seed() * 1_000_003 + i), stats);
      all.add(u);
      users.execute(u);
    }
    users.shutdown();
    boolean finished;
    try {
      finished = users.awaitTermination(config.deadline().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      finished = false;
    }
    if (!finished) {
      users.shutdownNow(); // interrupts waits; every call is bounded by its total timeout anyway
    }
    ticker.shutdownNow();
    out.println((sameLine ? "\r" : "") + stats.progressLine(Duration.ofNanos(System.nanoTime() - start)));
    out.println();
    stats.finished(Duration.ofNanos(System.nanoTime() - start), !finished);
    for (User u : all) {
      stats.session(u.check());
    }
    stats.print(out);
    return stats;
  }

  /** One simulated user: a share of operations, and one session of its own. */
  private static final class User implements Runnable {
    private final StatelineClient client;
    private final String id;
    private final int operations;
    private final SplittableRandom random;
    private final LoadStats stats;
    private final Mix mix;
    private final SessionOptions sessionOptions;
    /** The questions of the turns that succeeded, in order (only this user's thread adds to it). */
    private final List<String> committed = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Session session;

    User(StatelineClient client, String id, int operations, Mix mix, SessionOptions sessionOptions,
        SplittableRandom random, LoadStats stats) {
      this.sessionOptions = sessionOptions;
      this.client = client;
      this.id = id;
      this.operations = operations;
      this.mix = mix;
      this.random = random;
      this.stats = stats;
    }

    @Override
    public void run() {
      for (int n = 1; n <= operations && !Thread.currentThread().isInterrupted(); n++) {
        Operation op = mix.pick(random.nextInt(100));
        String text = "Question " + n + " from " + id + " about clause " + random.nextInt(1, 40);
        long t0 = System.nanoTime();
        try {
          ChatResponse answer = perform(op, text);
          stats.succeeded(op, System.nanoTime() - t0, answer);
        } catch (StatelineException e) {
          stats.failed(op, e, e.attempts());
        } catch (RuntimeException e) {
          stats.failed(op, e, List.of());
        }
      }
    }

    private ChatResponse perform(Operation op, String text) {
      switch (op) {
        case CHAT:
          return client.chat(ChatRequest.of(EmulatedClouds.MODEL_ALIAS, text));
        case STREAM:
          try (ChatStream stream = client.stream(ChatRequest.of(EmulatedClouds.MODEL_ALIAS, text))) {
            return drain(stream);
          }
        case DIRECT_CHAT:
          return client.chat(ChatRequest.of(EmulatedClouds.MODEL_ALIAS, text),
              CallOptions.builder().affinity(Affinity.pin(DIRECT_TARGET)).build());
        case SESSION_SEND:
          ChatResponse sent = session().send(text);
          committed.add(text);
          return sent;
        default:
          try (ChatStream stream = session().stream(text)) {
            ChatResponse streamed = drain(stream);
            committed.add(text);
            return streamed;
          }
      }
    }

    private static ChatResponse drain(ChatStream stream) {
      for (ChatEvent ignored : stream) {
        // a real user would render the deltas
      }
      return stream.response();
    }

    private Session session() {
      if (session == null) {
        session = client.session(id, sessionOptions);
      }
      return session;
    }

    /** Compares what the client's store holds for this user's session with the turns it saw succeed. */
    LoadStats.SessionCheck check() {
      List<SessionTurn> turns = client.sessionStore().load(id).map(SessionState::turns).orElse(List.of());
      int messages = 0;
      int misplaced = Math.abs(turns.size() - committed.size());
      for (int i = 0; i < turns.size(); i++) {
        List<Message> m = turns.get(i).messages();
        messages += m.size();
        String question = m.isEmpty() ? null : m.get(0).text();
        if (i >= committed.size() || !committed.get(i).equals(question)) {
          misplaced++;
        }
      }
      return new LoadStats.SessionCheck(id, committed.size(), messages, misplaced);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
