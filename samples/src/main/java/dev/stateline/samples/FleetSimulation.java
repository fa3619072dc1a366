/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples;

import dev.stateline.CallOptions;
import dev.stateline.Price;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.audit.AuditTrail;
import dev.stateline.chat.ChatRequest;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.NoEligibleTargetException;
import dev.stateline.error.ProviderUnavailableException;
import dev.stateline.error.StatelineException;
import dev.stateline.governance.dynamodb.DynamoDbAuditSink;
import dev.stateline.governance.dynamodb.DynamoDbAuditVerifier;
import dev.stateline.governance.dynamodb.DynamoDbModelMemory;
import dev.stateline.governance.dynamodb.DynamoDbQuota;
import dev.stateline.governance.dynamodb.DynamoDbSpendCeiling;
import dev.stateline.governance.dynamodb.DynamoDbSpendLedger;
import dev.stateline.governance.dynamodb.GovernanceTable;
import dev.stateline.governance.dynamodb.SpendPeriod;
import dev.stateline.governance.dynamodb.SpendScope;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.testing.FakeChatModel;
import dev.stateline.testing.FakeReply;
import dev.stateline.testing.dynamodb.DynamoDbEmulator;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A fleet in one JVM, offline: {@code N} instances of one application, each with its own
 * {@link StatelineClient} and its own DynamoDB client, share one governance table on the DynamoDB
 * emulator: spend and a tenant ceiling ({@link DynamoDbSpendLedger}, {@link DynamoDbSpendCeiling}),
 * a provider quota on the primary target ({@link DynamoDbQuota}), the central audit trail with one
 * chain per instance ({@link DynamoDbAuditSink}) and the model watch. Calls run from several
 * threads, with faults: the store fails some requests, the provider throttles some calls. The report
 * says whether the fleet kept the ceiling and the quota, whether the audit trail verifies end to end,
 * and what the shared parts cost per call.
 *
 * <pre>
 * mvn -B -q -pl samples -am -DskipTests package exec:java -Dsample.main=dev.stateline.samples.FleetSimulation \
 *     -Dexec.args="--instances=4 --calls=400"
 * </pre>
 *
 * <p>Arguments: {@code --instances=N} (4), {@code --calls=N} (400), {@code --threads=N} (8),
 * {@code --ceiling=USD} (tenant acme's monthly ceiling, 60; every call costs 1 USD),
 * {@code --quota=N} (requests per minute on the primary, 80), {@code --seed=N}, {@code --no-faults}.
 */
public final class FleetSimulation {
  private static final String TABLE = "stateline-governance";
  private static final String ACCESS_KEY_ID = "AKIDFLEETSIMULATION";
  private static final String SECRET = "fleet/simulation/secret";

  private FleetSimulation() {}

  /** The run's settings. */
  public record Config(int instances, int calls, int threads, BigDecimal ceiling, long quota, long seed,
      boolean faults) {}

  /**
   * What the run found.
   *
   * @param calls calls made
   * @param answered calls answered
   * @param refusedByCeiling calls refused because tenant acme had spent its ceiling
   * @param failed calls failed otherwise (injected faults)
   * @param acmeSpent acme's spend in the shared counter
   * @param ceilingKept acme's spend is at most the ceiling plus one call per thread (the calls in flight)
   * @param primaryCalls calls the primary target's provider received (all in one minute)
   * @param quotaKept the primary never got more than its quota
   * @param auditIntact every instance's chain intact and ending at its anchored head
   * @param auditRecords records verified
   * @param trailsFailedClosed instances whose trail stopped at a store fault (their chain stays intact)
   * @param plainMillisPerCall mean time per call of a plain client
   * @param fleetMillisPerCall mean time per call with the shared parts
   * @param storeRequestsPerCall DynamoDB requests per call of the fleet phase
   */
  public record Report(int calls, int answered, int refusedByCeiling, int failed, BigDecimal acmeSpent,
      boolean ceilingKept, int primaryCalls, boolean quotaKept, boolean auditIntact, long auditRecords,
      int trailsFailedClosed, double plainMillisPerCall, double fleetMillisPerCall, double storeRequestsPerCall) {}

  public static void main(String[] args) {
    int instances = 4;
    int calls = 400;
    int threads = 8;
    BigDecimal ceiling = new BigDecimal("60");
    long quota = 80;
    long seed = 7;
    boolean faults = true;
    for (String a : args) {
      String v = a.contains("=") ? a.substring(a.indexOf('=') + 1) : "";
      if (a.startsWith("--instances=")) {
        instances = Integer.parseInt(v);
      } else if (a.startsWith("--calls=")) {
        calls = Integer.parseInt(v);
      } else if (a.startsWith("--threads=")) {
        threads = Integer.parseInt(v);
      } else if (a.startsWith("--ceiling=")) {
        ceiling = new BigDecimal(v);
      } else if (a.startsWith("--quota=")) {
        quota = Long.parseLong(v);
      } else if (a.startsWith("--seed=")) {
        seed = Long.parseLong(v);
      } else if (a.equals("--no-faults")) {
        faults = false;
      } else {
        throw new IllegalArgumentException("unknown argument " + a);
      }
    }
    run(new Config(instances, calls, threads, ceiling, quota, seed, faults), System.out);
  }

  /** One instance of the application. */
  private record Instance(StatelineClient client, AuditTrail audit, DynamoDbClient dynamoDb) {}

  /** Runs the simulation and prints its report to {@code out}. */
  public static Report run(Config config, PrintStream out) {
    // every call happens in one minute of the fleet's clock, so the quota is one window
    InstantSource clock = InstantSource.fixed(Instant.parse("2026-03-31T12:00:10Z"));
    FakeChatModel primary = new FakeChatModel();   // the providers are shared by the fleet, as in life
    FakeChatModel fallback = new FakeChatModel();
    try (DynamoDbEmulator emulator = DynamoDbEmulator.start()
        .verifySignatures(dev.stateline.testing.aws.SigV4Verifier.builder("dynamodb", "eu-central-1")
            .credentials(ACCESS_KEY_ID, SECRET).build())
        .createTable(TABLE, GovernanceTable.PARTITION_KEY, GovernanceTable.SORT_KEY)) {
      List<Instance> fleet = new ArrayList<>();
      for (int i = 0; i < config.instances(); i++) {
        fleet.add(instance(emulator, clock, "instance-" + i, config, primary, fallback));
      }
      // the baseline: one plain client, nothing shared
      StatelineClient plain = StatelineClient.builder().target(target("az-swc", primary))
          .target(target("az-ne", fallback)).placement(PlacementPolicy.standard().prefer("az-swc")).build();
      double plainMillis = timed(config.calls() / 4 + 1, i -> plain.chat(ChatRequest.of("gpt-4.1", "q")));
      int primaryBefore = primary.callCount();
      long requestsBefore = emulator.requests().size();

      Random random = new Random(config.seed());
      AtomicInteger answered = new AtomicInteger();
      AtomicInteger refused = new AtomicInteger();
      AtomicInteger failed = new AtomicInteger();
      AtomicLong nanos = new AtomicLong();
      AtomicInteger next = new AtomicInteger();
      java.util.concurrent.atomic.AtomicIntegerArray perInstance = new java.util.concurrent.atomic.AtomicIntegerArray(
          fleet.size());
      ExecutorService pool = Executors.newFixedThreadPool(config.threads());
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < config.threads(); t++) {
        work.add(pool.submit(() -> {
          int n;
          while ((n = next.getAndIncrement()) < config.calls()) {
            boolean acme = n % 2 == 0;
            if (config.faults()) {
              synchronized (random) {
                int dice = random.nextInt(100);
                if (dice < 3) {
                  emulator.failNext("UpdateItem", 500, "InternalServerError", "injected");
                } else if (dice < 4) {
                  emulator.failNext("TransactWriteItems", 400, "ProvisionedThroughputExceededException", "injected");
                } else if (dice < 8) {
                  primary.enqueue(FakeReply.failure(new ProviderUnavailableException("injected 503",
                      new ErrorInfo("fake", 503, null, null), null, null)));
                }
              }
            }
            Instance instance = fleet.get(n % fleet.size());
            perInstance.incrementAndGet(n % fleet.size());
            long start = System.nanoTime();
            try {
              instance.client().chat(ChatRequest.of("gpt-4.1", "q"),
                  CallOptions.builder().tenant(acme ? "acme" : "globex").build());
              answered.incrementAndGet();
            } catch (NoEligibleTargetException e) {
              refused.incrementAndGet();
            } catch (StatelineException e) {
              failed.incrementAndGet();
            } finally {
              nanos.addAndGet(System.nanoTime() - start);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : work) {
        f.get(10, TimeUnit.MINUTES);
      }
      pool.shutdown();
      long storeRequests = emulator.requests().size() - requestsBefore;
      int primaryCalls = primary.callCount() - primaryBefore;

      GovernanceTable reader = GovernanceTable.builder(fleet.get(0).dynamoDb(), TABLE).clock(clock).build();
      DynamoDbSpendLedger ledger = DynamoDbSpendLedger.builder(reader, "USD").periods(SpendPeriod.MONTH).build();
      BigDecimal acmeSpent = ledger.spend(SpendPeriod.MONTH, SpendScope.tenant("acme")).amount();
      int failedClosed = 0;
      for (int i = 0; i < fleet.size(); i++) {
        // a trail holds fewer records than its instance's calls when a store fault stopped it
        failedClosed += fleet.get(i).audit().lastSeq() < perInstance.get(i) ? 1 : 0;
        fleet.get(i).audit().close();
      }
      DynamoDbAuditVerifier.Result audit = DynamoDbAuditVerifier.verify(reader, "simulation");
      Report r = new Report(config.calls(), answered.get(), refused.get(), failed.get(), acmeSpent,
          acmeSpent.compareTo(config.ceiling().add(BigDecimal.valueOf(config.threads()))) <= 0, primaryCalls,
          primaryCalls <= config.quota(), audit.intact(), audit.records(), failedClosed, plainMillis,
          nanos.get() / 1e6 / config.calls(), (double) storeRequests / config.calls());
      print(r, config, out);
      for (Instance i : fleet) {
        i.client().close();
        i.dynamoDb().close();
      }
      plain.close();
      return r;
    } catch (Exception e) {
      throw new IllegalStateException("the fleet simulation failed: " + e, e);
    }
  }

  private static Target target(String name, FakeChatModel model) {
    return Target.builder(name, model).provider("fake").anyModel().hosting(Target.Hosting.STATELESS_HOST)
        .price(Price.perMillionTokens("1000000", "0")).build();   // "q" is one token: 1 USD a call
  }

  private static Instance instance(DynamoDbEmulator emulator, InstantSource clock, String name, Config config,
      FakeChatModel primary, FakeChatModel fallback) {
    DynamoDbClient dynamoDb = DynamoDbClient.builder().region(Region.EU_CENTRAL_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET)))
        .endpointOverride(emulator.endpoint())
        .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
            .socketTimeout(Duration.ofSeconds(10)).build())
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            .retryStrategy(software.amazon.awssdk.retries.DefaultRetryStrategy.doNotRetry()).build())
        .build();
    GovernanceTable table = GovernanceTable.builder(dynamoDb, TABLE).clock(clock).build();
    DynamoDbSpendLedger ledger = DynamoDbSpendLedger.builder(table, "USD").periods(SpendPeriod.MONTH).build();
    DynamoDbSpendCeiling ceiling = DynamoDbSpendCeiling.builder(ledger, SpendPeriod.MONTH)
        .ceiling(SpendScope.tenant("acme"), config.ceiling()).build();
    DynamoDbQuota quota = DynamoDbQuota.builder(table).limit("az-swc", config.quota(), 1_000_000).build();
    AuditTrail audit = AuditTrail.to(DynamoDbAuditSink.builder(table, "simulation").writerId(name).build(),
        DynamoDbModelMemory.of(table));
    StatelineClient client = StatelineClient.builder()
        .target(target("az-swc", primary))
        .target(target("az-ne", fallback))
        .retryPolicy(RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(1))
            .maxBackoff(Duration.ofMillis(5)).maxRetryAfter(Duration.ofSeconds(1)).build())
        .placement(PlacementPolicy.standard().prefer("az-swc").budget(ceiling).quota(quota))
        .addTargetInterceptor(quota)
        .telemetry(ledger)
        .telemetry(audit)
        .build();
    return new Instance(client, audit, dynamoDb);
  }

  private interface Call {
    void run(int i);
  }

  private static double timed(int n, Call call) {
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      call.run(i);
    }
    return (System.nanoTime() - start) / 1e6 / n;
  }

  private static void print(Report r, Config c, PrintStream out) {
    out.printf(Locale.ROOT, "Stateline fleet simulation: %d instances, %d calls from %d threads, faults %s%n",
        c.instances(), c.calls(), c.threads(), c.faults() ? "on" : "off");
    out.printf(Locale.ROOT, "Calls: %d answered, %d refused by the ceiling, %d failed (injected faults)%n",
        r.answered(), r.refusedByCeiling(), r.failed());
    out.printf(Locale.ROOT, "Ceiling: tenant acme spent %s USD of %s USD (bound: ceiling + %d calls in flight): %s%n",
        r.acmeSpent().toPlainString(), c.ceiling().toPlainString(), c.threads(), r.ceilingKept() ? "KEPT" : "BROKEN");
    out.printf(Locale.ROOT, "Quota: az-swc received %d requests in the minute, quota %d: %s%n", r.primaryCalls(),
        c.quota(), r.quotaKept() ? "KEPT" : "BROKEN");
    out.printf(Locale.ROOT, "Audit: %d records in %d chains, %s; %d trail(s) failed closed at a store fault%n",
        r.auditRecords(), c.instances(), r.auditIntact() ? "VERIFIED end to end" : "BROKEN", r.trailsFailedClosed());
    out.printf(Locale.ROOT, "Per call: %.2f ms plain, %.2f ms with the shared parts (%.1f DynamoDB requests per call)%n",
        r.plainMillisPerCall(), r.fleetMillisPerCall(), r.storeRequestsPerCall());
  }
}
