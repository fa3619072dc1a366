/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.Timeouts;
import dev.stateline.aws.Bedrock;
import dev.stateline.aws.DynamoDbSessionStore;
import dev.stateline.openai.internal.SharedHttpClient;
import dev.stateline.placement.CallKind;
import dev.stateline.placement.CircuitBreakerPolicy;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.session.SessionOptions;
import dev.stateline.testing.Conditions;
import dev.stateline.testing.ThreadWatch;
import dev.stateline.testing.dynamodb.DynamoDbEmulator;
import dev.stateline.testing.emulators.EmulatedClouds;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Load and soak: hundreds of concurrent callers share one {@link StatelineClient} with Azure (two
 * regions), Bedrock and OpenAI targets, on the in-process emulators, and mix stateless calls,
 * streamed calls, calls pinned to OpenAI, session turns and streamed session turns; the sessions live
 * in a {@link DynamoDbSessionStore} on the DynamoDB emulator. The users are {@link LoadTest}'s.
 *
 * <p>Given a warm-up round (which loads classes and fills the pools) and then the measured round,
 * it proves: every call succeeds (no faults are injected); every session's stored history holds
 * exactly the turns its user saw succeed, in order, once each; the connections the emulators saw
 * stay far below the calls (connection reuse); the live threads and the live objects of Stateline's
 * own classes do not grow from the end of the warm-up to the end of the run (no per-call leak in a
 * running client); and after {@code close()} no thread is left beyond a documented allowance and
 * the used heap is back within {@value #HEAP_MARGIN_MB} MB of where it was before the clients were
 * built.
 *
 * <p>The CI run is short ({@code stateline.soak.calls}, default 5,000 calls, 256 users). The long run
 * is {@code mvn -B verify -Psoak -pl samples -am -Dtest=SoakTest -Dsurefire.failIfNoSpecifiedTests=false}
 * (100,000 calls; see docs/reliability.md). The figures are printed to the test's output.
 */
class SoakTest {
  private static final int CALLS = Integer.getInteger("stateline.soak.calls", 5_000);
  private static final int USERS = Integer.getInteger("stateline.soak.users", 256);
  /** How far the used heap after close may lie above the baseline. */
  private static final int HEAP_MARGIN_MB = 24;
  private static final String TABLE = "stateline-sessions";
  /**
   * Threads that may outlive close(): idle pool threads of OkHttp and the JDK that end by themselves
   * (an OkHttp TaskRunner thread takes the name of the task it runs, such as the connection pool's
   * "OkHttp ConnectionPool connection closer" finishing the eviction close() started), and the JVM's
   * own "Attach Listener" (started when jcmd or jstat looks at the running test).
   */
  private static final Predicate<String> ALLOWED_AFTER_CLOSE = name -> name.startsWith("OkHttp TaskRunner")
      || name.equals("OkHttp ConnectionPool connection closer")
      || name.equals("Keep-Alive-Timer") || name.equals("Keep-Alive-SocketCleaner")
      || name.equals("Attach Listener");

  @Test
  void givenHundredsOfConcurrentCallers_whenTheyMixCallsStreamsAndSessionTurns_thenNothingLeaksAndNoTurnIsLost()
      throws Exception {
    // Warm the JVM once on a throw-away set-up, so that the baseline includes loaded classes and
    // the SDKs' static caches, then take the baseline.
    Set<Thread> initial = Thread.getAllStackTraces().keySet();
    try (Rig prime = new Rig()) {
      prime.round(16, 200, "prime-");
    }
    awaitThreads(initial, Duration.ofSeconds(10), n -> !ALLOWED_AFTER_CLOSE.test(n));
    long heapBefore = usedHeapAfterGc();
    Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
    ThreadWatch threadWatch = ThreadWatch.start();
    int leasesBefore = SharedHttpClient.leases();

    Rig rig = new Rig();
    long start = System.nanoTime();
    LoadStats warm = rig.round(USERS, Math.max(2 * USERS, CALLS / 10), "warm-");
    awaitThreads(threadsBefore, Duration.ofSeconds(5), n -> n.startsWith("load-user"));
    int threadsWarm = clientThreads();
    String threadNamesWarm = threadNames();
    Map<String, long[]> ownWarm = liveObjects("dev.stateline.", "dev.stateline.testing.", "dev.stateline.samples.");
    long heapWarm = usedHeapAfterGc();

    long measured = System.nanoTime();
    LoadStats run = rig.round(USERS, CALLS, "soak-");
    Duration runTime = Duration.ofNanos(System.nanoTime() - measured);
    awaitThreads(threadsBefore, Duration.ofSeconds(5), n -> n.startsWith("load-user"));
    int threadsEnd = clientThreads();
    String threadNamesEnd = threadNames();
    Map<String, long[]> ownEnd = liveObjects("dev.stateline.", "dev.stateline.testing.", "dev.stateline.samples.");
    long heapEndLive = usedHeapAfterGc();
    int calls = rig.clouds.requestCount();
    int connections = rig.clouds.connectionCount();
    int storeCalls = rig.dynamoRequests();
    int storeConnections = rig.dynamo.connectionCount();
    Map<String, Integer> connectionsByEmulator = rig.connectionsByEmulator();

    // Every session holds exactly the turns made, once each, in order; then the sessions go.
    List<LoadStats.SessionCheck> sessions = new ArrayList<>(warm.sessions());
    sessions.addAll(run.sessions());
    int deleted = rig.deleteSessions();
    rig.close();
    rig = null;
    List<String> lingering = awaitThreads(threadsBefore, Duration.ofSeconds(15), n -> !ALLOWED_AFTER_CLOSE.test(n));
    // ... and none appears later either: a delayed or scheduled task that starts (or keeps) a thread
    // after close() is caught by watching two seconds more.
    List<String> late = threadWatch.lingering(n -> !ALLOWED_AFTER_CLOSE.test(n), Duration.ofSeconds(15),
        Duration.ofSeconds(2));
    long heapAfter = usedHeapAfterGc();
    Duration total = Duration.ofNanos(System.nanoTime() - start);

    // Message content (the chat values) is kept only as long as the requests that carry it; its amount
    // follows the sessions' history length, so it is reported but not part of the bound.
    long ownWarmCount = sum(withoutContent(ownWarm), 0);
    long ownEndCount = sum(withoutContent(ownEnd), 0);
    String figures = String.format(Locale.ROOT,
        "SOAK %d calls (+%d warm-up), %d concurrent users, %.1f s (%.1f s with warm-up and close)%n"
            + "  errors: %s; failed attempts: %s%n"
            + "  model requests %d, connections %d %s; DynamoDB requests %d, connections %d%n"
            + "  threads (without the emulators' MockWebServer threads): %d before, %d after warm-up, %d at the end, %d new after close %s%n"
            + "    after warm-up: %s%n    at the end: %s%n"
            + "  heap used (MB, after GC): %.1f before, %.1f after warm-up, %.1f at the end (emulators hold every request), %.1f after close%n"
            + "  live Stateline objects (without message content): %d after warm-up, %d at the end; most at the end: %s%n"
            + "  sessions: %d checked, %d turns, %d deleted",
        run.done(), warm.done(), USERS, runTime.toMillis() / 1000.0, total.toMillis() / 1000.0,
        errors(warm, run), failedAttempts(warm, run), calls, connections, connectionsByEmulator, storeCalls, storeConnections,
        (int) threadsBefore.stream().filter(t -> !t.getName().startsWith("MockWebServer")).count(), threadsWarm,
        threadsEnd, lingering.size(), lingering, threadNamesWarm, threadNamesEnd,
        mb(heapBefore), mb(heapWarm), mb(heapEndLive), mb(heapAfter),
        ownWarmCount, ownEndCount, top(ownEnd, ownWarm), sessions.size(),
        sessions.stream().mapToInt(LoadStats.SessionCheck::committedTurns).sum(), deleted);
    System.out.println(figures);

    // Every call ended well and everything went where policy says.
    for (LoadStats stats : List.of(warm, run)) {
      assertThat(stats.timedOut()).as(figures).isFalse();
      assertThat(stats.done()).isEqualTo(stats.planned());
      assertThat(stats.errorsByType()).as(figures).isEmpty();
    }
    assertThat(run.answersByTarget()).as(figures).containsKeys("aws-fra", "openai");
    assertThat(run.answersByTarget().keySet()).containsAnyOf("azure-swc", "azure-weu");
    assertThat(run.attemptsByTarget(true)).containsOnlyKeys("aws-fra");

    // No session lost or doubled a turn.
    assertThat(sessions).hasSize(2 * USERS).allSatisfy(s -> assertThat(s.intact()).as(s.toString()).isTrue());
    assertThat(deleted).isEqualTo(sessions.stream().filter(s -> s.committedTurns() > 0).count());

    // Connections are reused: only a minority of requests opens one (the figures say how many).
    assertThat(calls).isGreaterThanOrEqualTo(run.done() + warm.done());
    assertThat(connections).as(figures).isPositive().isLessThan(calls / 4);
    assertThat(storeConnections).as(figures).isPositive().isLessThan(storeCalls / 3);

    // A running client does not grow: threads and Stateline's live objects are flat from the end of
    // the warm-up to the end of a run many times longer.
    // (The SDKs' pools start and retire threads as load varies, e.g. the 8 sdk-async-response threads
    // come and go: a margin of 16; a thread per call, or per session, would exceed it many times.)
    assertThat(threadsEnd).as(figures).isLessThanOrEqualTo(threadsWarm + 16);
    // (Requests still referenced by pooled connections are kept: a few per connection, bounded by
    // the pools. A leak of one object per call would add as many objects as calls.)
    assertThat(ownEndCount).as(figures).isLessThanOrEqualTo(ownWarmCount + ownWarmCount / 4 + 5_000);

    // After close: no thread left but idle pool threads that end by themselves, the shared OkHttp
    // client released, and the heap back near the baseline.
    assertThat(lingering).as(figures).allMatch(ALLOWED_AFTER_CLOSE).hasSizeLessThanOrEqualTo(6);
    assertThat(late).as("threads a delayed task started or kept after close(); " + figures).isEmpty();
    assertThat(SharedHttpClient.leases()).isEqualTo(leasesBefore);
    assertThat(mb(heapAfter - heapBefore)).as(figures).isLessThan(HEAP_MARGIN_MB);
  }

  /** The clouds, the DynamoDB store and a client on them. Closing closes all of it. */
  private static final class Rig implements AutoCloseable {
    final EmulatedClouds clouds = EmulatedClouds.builder().azure("swedencentral").azure("westeurope")
        .bedrock("eu-central-1").openAi("eu")
        .conditions(Conditions.builder().latency(Duration.ofMillis(1), Duration.ofMillis(5)).seed(3).build())
        .start();
    final DynamoDbEmulator dynamo = DynamoDbEmulator.start()
        .acceptCredentials(EmulatedClouds.AWS_ACCESS_KEY_ID, EmulatedClouds.AWS_SECRET_ACCESS_KEY)
        .createTable(TABLE, DynamoDbSessionStore.PARTITION_KEY, DynamoDbSessionStore.SORT_KEY);
    final DynamoDbClient dynamoClient = DynamoDbClient.builder()
        .region(Region.EU_CENTRAL_1)
        .credentialsProvider(credentials())
        .endpointOverride(dynamo.endpoint())
        .httpClient(UrlConnectionHttpClient.builder().build())
        .build();
    final List<Target> targets = List.of(clouds.azureTarget("azure-swc", "swedencentral"),
        clouds.azureTarget("azure-weu", "westeurope"),
        Bedrock.target("aws-fra").region("eu-central-1")
            .model(EmulatedClouds.MODEL_ALIAS, EmulatedClouds.BEDROCK_MODEL_ID)
            .credentialsProvider(credentials())
            .endpointOverride(clouds.bedrock("eu-central-1").endpoint())
            .build(),
        clouds.openAiTarget(LoadTest.DIRECT_TARGET));
    final StatelineClient client;

    Rig() {
      StatelineClient.Builder b = StatelineClient.builder()
          .placement(PlacementPolicy.standard().residency(Jurisdiction.EU)
              .allow(CallKind.STATELESS, Target.Hosting.DIRECT).prefer("azure-swc", "azure-weu"))
          .retryPolicy(RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(5))
              .maxBackoff(Duration.ofMillis(50)).build())
          // Generous timeouts and no circuit breaking: on a shared, overloaded machine a slow spell
          // must not turn into failures; any failure that still happens is reported by type.
          .timeouts(new Timeouts(Duration.ofSeconds(30), Duration.ofSeconds(120), Duration.ofSeconds(300)))
          .circuitBreaker(CircuitBreakerPolicy.disabled())
          .sessionStore(DynamoDbSessionStore.of(dynamoClient, TABLE));
      targets.forEach(b::target);
      client = b.build();
    }

    LoadStats round(int users, int operations, String prefix) {
      Duration deadline = Duration.ofSeconds(Math.max(120, operations / 50));
      // Mostly stateless (Azure), some pinned to OpenAI, the rest session turns (Bedrock + DynamoDB).
      LoadTest.Mix mix = new LoadTest.Mix(35, 15, 10, 25, 15);
      ByteArrayOutputStream report = new ByteArrayOutputStream();
      // A context budget, as long conversations have: each turn sends the recent part of its
      // history (the store keeps all of it), so a request's size does not grow with the run.
      SessionOptions sessions = SessionOptions.builder().contextBudget(500).build();
      LoadStats stats = LoadTest.drive(client, new LoadTest.Config(users, operations, 11, false, deadline), mix,
          prefix, sessions, Map.of(), new PrintStream(report, true, StandardCharsets.UTF_8), false);
      String text = report.toString(StandardCharsets.UTF_8);
      System.out.println(text.substring(Math.max(0, text.indexOf("Done in"))));
      return stats;
    }

    static StaticCredentialsProvider credentials() {
      return StaticCredentialsProvider.create(AwsBasicCredentials.create(
          EmulatedClouds.AWS_ACCESS_KEY_ID, EmulatedClouds.AWS_SECRET_ACCESS_KEY));
    }

    int dynamoRequests() {
      return (int) List.of("GetItem", "PutItem", "DeleteItem", "Query", "Scan", "TransactWriteItems").stream()
          .mapToLong(dynamo::requestCount).sum();
    }

    Map<String, Integer> connectionsByEmulator() {
      Map<String, Integer> m = new TreeMap<>();
      clouds.azureRegions().forEach(r -> m.put("azure/" + r, clouds.azure(r).connectionCount()));
      clouds.bedrockRegions().forEach(r -> m.put("bedrock/" + r, clouds.bedrock(r).connectionCount()));
      m.put("openai", clouds.openAi().connectionCount());
      return m;
    }

    int deleteSessions() {
      int n = 0;
      for (String id : client.sessionStore().list()) {
        if (client.sessionStore().delete(id)) {
          n++;
        }
      }
      return n;
    }

    @Override
    public void close() {
      client.close();
      dynamoClient.close();
      clouds.close();
      dynamo.close();
    }
  }

  // ---------------------------------------------------------------- measuring

  /** Used heap after full collections: the lowest of a few, to step over a collection still settling. */
  private static long usedHeapAfterGc() throws InterruptedException {
    long lowest = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(150);
      MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
      lowest = Math.min(lowest, heap.getUsed());
    }
    return lowest;
  }

  /**
   * Live instances and bytes per class whose name starts with {@code prefix} and none of
   * {@code excluded}, from the JVM's class histogram (which runs a full collection first).
   */
  private static Map<String, long[]> liveObjects(String prefix, String... excluded) throws Exception {
    String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
        new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
        new Object[] {null}, new String[] {String[].class.getName()});
    Pattern row = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)", Pattern.MULTILINE);
    Map<String, long[]> m = new TreeMap<>();
    Matcher matcher = row.matcher(histogram);
    outer:
    while (matcher.find()) {
      String name = matcher.group(3);
      if (!name.startsWith(prefix)) {
        continue;
      }
      for (String x : excluded) {
        if (name.startsWith(x)) {
          continue outer;
        }
      }
      m.put(name, new long[] {Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2))});
    }
    return m;
  }

  private static Map<String, long[]> withoutContent(Map<String, long[]> m) {
    Map<String, long[]> rest = new TreeMap<>(m);
    rest.keySet().removeIf(n -> n.equals("dev.stateline.chat.Message") || n.endsWith("Part"));
    return rest;
  }

  /** Live threads but the emulators' (MockWebServer's threads serve the clients' open connections). */
  private static int clientThreads() {
    return (int) Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !t.getName().startsWith("MockWebServer")).count();
  }

  /** Live threads by name, digits folded: "load-user-# x256, OkHttp TaskRunner x3, ...". */
  private static String threadNames() {
    Map<String, Integer> m = new TreeMap<>();
    Thread.getAllStackTraces().keySet().forEach(t -> m.merge(t.getName().replaceAll("\\d+", "#"), 1, Integer::sum));
    return m.entrySet().stream().map(e -> e.getKey() + (e.getValue() > 1 ? " x" + e.getValue() : ""))
        .collect(Collectors.joining(", "));
  }

  private static long sum(Map<String, long[]> m, int column) {
    return m.values().stream().mapToLong(v -> v[column]).sum();
  }

  /** The classes with the most instances at the end, with their growth since the warm-up. */
  private static String top(Map<String, long[]> end, Map<String, long[]> warm) {
    return end.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
        .limit(5)
        .map(e -> e.getKey().substring(e.getKey().lastIndexOf('.') + 1) + " " + e.getValue()[0] + " ("
            + (e.getValue()[0] - warm.getOrDefault(e.getKey(), new long[] {0, 0})[0]) + ")")
        .collect(Collectors.joining(", "));
  }

  /**
   * Waits until no live thread outside {@code before} satisfies {@code mustGo}, or {@code max}
   * passed; returns the names of the live threads outside {@code before} then.
   */
  private static List<String> awaitThreads(Set<Thread> before, Duration max, Predicate<String> mustGo)
      throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (true) {
      List<String> fresh = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.isAlive() && !before.contains(t))
          .map(Thread::getName)
          .sorted()
          .collect(Collectors.toList());
      if (fresh.stream().noneMatch(mustGo) || System.nanoTime() > deadline) {
        return fresh;
      }
      Thread.sleep(100);
    }
  }

  private static String errors(LoadStats... rounds) {
    Map<String, Integer> all = new TreeMap<>();
    for (LoadStats s : rounds) {
      s.errorsByType().forEach((k, v) -> all.merge(k, v, Integer::sum));
    }
    return all.isEmpty() ? "none" : all.toString();
  }

  private static String failedAttempts(LoadStats... rounds) {
    Map<String, Integer> all = new TreeMap<>();
    for (LoadStats s : rounds) {
      s.failedAttempts().forEach((k, v) -> all.merge(k, v, Integer::sum));
    }
    return all.isEmpty() ? "none" : all.toString();
  }

  private static double mb(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
