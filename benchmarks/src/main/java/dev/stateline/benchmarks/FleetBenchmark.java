/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.benchmarks;

import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.audit.AuditTrail;
import dev.stateline.chat.ChatRequest;
import dev.stateline.governance.dynamodb.DynamoDbAuditSink;
import dev.stateline.governance.dynamodb.DynamoDbQuota;
import dev.stateline.governance.dynamodb.DynamoDbSpendCeiling;
import dev.stateline.governance.dynamodb.DynamoDbSpendLedger;
import dev.stateline.governance.dynamodb.GovernanceTable;
import dev.stateline.governance.dynamodb.SpendPeriod;
import dev.stateline.governance.dynamodb.SpendScope;
import dev.stateline.openai.OpenAi;
import dev.stateline.CallOptions;
import dev.stateline.Price;
import dev.stateline.placement.CallKind;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.testing.dynamodb.DynamoDbEmulator;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the shared governance parts cost per call, on loopback: a model call to the loopback OpenAI
 * server, and DynamoDB on the in-process emulator of {@code stateline-emulators} (real SDK, SigV4,
 * HTTP on loopback; the emulator is not DynamoDB's speed, so the ratios say how many store round
 * trips a call adds, not what they cost in a Region).
 *
 * <ul>
 *   <li>{@code chat}: a plain call, nothing shared;
 *   <li>{@code chatWithQuota}: the same call through a {@link DynamoDbQuota} (one conditional
 *       {@code UpdateItem} per attempt, the quota rule in placement);
 *   <li>{@code conditionalUpdateFloor}: the same conditional {@code UpdateItem} by hand with the SDK,
 *       alone: {@code chatWithQuota - chat} should be about this;
 *   <li>{@code chatWithFleet}: quota, a tenant ceiling (one conditional write), a month ledger (4
 *       updates for a tenant without tags) and the central audit trail (one transaction): everything
 *       a fleet shares.
 * </ul>
 *
 * Throughput, one thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FleetBenchmark {
  private static final String TABLE = "stateline-governance";

  private LoopbackServer server;
  private Clients clients;
  private DynamoDbEmulator emulator;
  private DynamoDbClient dynamoDb;
  private StatelineClient plain;
  private StatelineClient withQuota;
  private StatelineClient withFleet;
  private AuditTrail audit;
  private final ChatRequest request = ChatRequest.of(Clients.MODEL, Canned.PROMPT);
  private final CallOptions acme = CallOptions.builder().tenant("acme").build();

  @Setup
  public void setUp() {
    server = LoopbackServer.start();
    clients = new Clients(server.baseUrl());
    emulator = DynamoDbEmulator.start().createTable(TABLE, GovernanceTable.PARTITION_KEY, GovernanceTable.SORT_KEY)
        .acceptCredentials("AKIDBENCH", "bench");
    dynamoDb = DynamoDbClient.builder().region(Region.EU_CENTRAL_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDBENCH", "bench")))
        .endpointOverride(emulator.endpoint()).httpClient(UrlConnectionHttpClient.create()).build();
    GovernanceTable table = GovernanceTable.builder(dynamoDb, TABLE).build();

    plain = client(null, null, null, null);
    DynamoDbQuota quota = DynamoDbQuota.builder(table).limit("openai-loopback", 1_000_000_000L, 1_000_000_000_000L)
        .build();
    withQuota = client(quota, null, null, null);
    DynamoDbSpendLedger ledger = DynamoDbSpendLedger.builder(table, "USD").periods(SpendPeriod.MONTH).build();
    DynamoDbSpendCeiling ceiling = DynamoDbSpendCeiling.builder(ledger, SpendPeriod.MONTH)
        .ceiling(SpendScope.tenant("acme"), new BigDecimal("1000000000")).build();
    audit = AuditTrail.to(DynamoDbAuditSink.builder(table, "bench").build());
    withFleet = client(quota, ceiling, ledger, audit);
    if (!chat().equals(Canned.ANSWER) || !chatWithQuota().equals(Canned.ANSWER)
        || !chatWithFleet().equals(Canned.ANSWER)) {
      throw new IllegalStateException("fleet benchmark: unexpected answer");
    }
  }

  private StatelineClient client(DynamoDbQuota quota, DynamoDbSpendCeiling ceiling, DynamoDbSpendLedger ledger,
      AuditTrail trail) {
    Target target = OpenAi.target("openai-loopback").baseUrl(server.baseUrl()).apiKey(Clients.KEY)
        .model(Clients.MODEL).httpClient(clients.okHttp).price(Price.perMillionTokens("2", "8")).build();
    PlacementPolicy policy = PlacementPolicy.standard().allowProvider(CallKind.STATELESS, "openai");
    if (quota != null) {
      policy = ((dev.stateline.policy.StandardPolicy) policy).quota(quota);
    }
    if (ceiling != null) {
      policy = ((dev.stateline.policy.StandardPolicy) policy).budget(ceiling);
    }
    StatelineClient.Builder b = StatelineClient.builder().target(target).placement(policy)
        .retryPolicy(RetryPolicy.defaults());
    if (quota != null) {
      b.addTargetInterceptor(quota);
    }
    if (ledger != null) {
      b.telemetry(ledger);
    }
    if (trail != null) {
      b.telemetry(trail);
    }
    return b.build();
  }

  @TearDown
  public void tearDown() {
    plain.close();
    withQuota.close();
    withFleet.close();
    audit.close();
    dynamoDb.close();
    emulator.close();
    clients.close();
    server.close();
  }

  @Benchmark
  public String chat() {
    return plain.chat(request, acme).text();
  }

  @Benchmark
  public String chatWithQuota() {
    return withQuota.chat(request, acme).text();
  }

  @Benchmark
  public String chatWithFleet() {
    return withFleet.chat(request, acme).text();
  }

  /** The quota's one conditional write, by hand: what {@code chatWithQuota} adds to {@code chat}. */
  @Benchmark
  public Object conditionalUpdateFloor() {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":one", AttributeValue.fromN("1"));
    values.put(":t", AttributeValue.fromN("12"));
    values.put(":maxRequests", AttributeValue.fromN("1000000000"));
    values.put(":maxTokens", AttributeValue.fromN("999999999988"));
    values.put(":exp", AttributeValue.fromN("4102444800"));
    String minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).toString();
    return dynamoDb.updateItem(u -> u.tableName(TABLE)
        .key(Map.of("pk", AttributeValue.fromS("floor#" + minute), "sk", AttributeValue.fromS("S")))
        .updateExpression("ADD #r :one, #t :t SET #exp = if_not_exists(#exp, :exp)")
        .conditionExpression("(attribute_not_exists(#r) OR #r < :maxRequests) AND (attribute_not_exists(#t) OR #t <= :maxTokens)")
        .expressionAttributeNames(Map.of("#r", "requests", "#t", "tokens", "#exp", "expiresAt"))
        .expressionAttributeValues(values)
        .returnValues("UPDATED_NEW"));
  }
}
