/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.governance.dynamodb;

import dev.stateline.Price;
import dev.stateline.Target;
import dev.stateline.testing.FakeChatModel;
import dev.stateline.testing.aws.SigV4Verifier;
import dev.stateline.testing.dynamodb.DynamoDbEmulator;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A fleet in one JVM: one DynamoDB emulator (SigV4 recomputed) holding the governance table, and a
 * new SDK client per instance, as each process of a fleet has its own.
 */
final class FleetFixture implements AutoCloseable {
  static final String TABLE = "stateline-governance";
  static final String ACCESS_KEY_ID = "AKIDSTATELINEFLEET01";
  static final String SECRET_KEY = "fLeEt/StatelineFakeSecretKey+DoNotLeak0123";

  final TestClock clock = new TestClock(Instant.parse("2026-03-31T23:00:00Z"));
  final DynamoDbEmulator emulator = DynamoDbEmulator.start()
      .verifySignatures(SigV4Verifier.builder("dynamodb", "eu-central-1").credentials(ACCESS_KEY_ID, SECRET_KEY)
          .build())
      .createTable(TABLE, GovernanceTable.PARTITION_KEY, GovernanceTable.SORT_KEY);
  private final List<DynamoDbClient> clients = new CopyOnWriteArrayList<>();

  /** An instance's own SDK client (no SDK retries, so injected faults reach Stateline). */
  DynamoDbClient client() {
    return client(SECRET_KEY);
  }

  DynamoDbClient client(String secret) {
    DynamoDbClient c = DynamoDbClient.builder()
        .region(Region.EU_CENTRAL_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, secret)))
        .endpointOverride(emulator.endpoint())
        .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
            .socketTimeout(Duration.ofSeconds(10)).build())
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            .retryStrategy(software.amazon.awssdk.retries.DefaultRetryStrategy.doNotRetry())
            .apiCallTimeout(Duration.ofSeconds(20)).build())
        .build();
    clients.add(c);
    return c;
  }

  /** An instance's view of the shared table. */
  GovernanceTable table() {
    return GovernanceTable.builder(client(), TABLE).clock(clock).build();
  }

  /** A target whose every input token costs 1 USD (an echo of "q" costs exactly 1 USD). */
  static Target pricedTarget(String name, FakeChatModel model) {
    return Target.builder(name, model).provider("fake").anyModel().hosting(Target.Hosting.STATELESS_HOST)
        .price(Price.perMillionTokens("1000000", "0")).build();
  }

  @Override
  public void close() {
    clients.forEach(DynamoDbClient::close);
    emulator.close();
  }

  /** A clock the test moves by hand. */
  static final class TestClock implements InstantSource {
    private final AtomicReference<Instant> now;

    TestClock(Instant start) {
      this.now = new AtomicReference<>(start);
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    void set(Instant instant) {
      now.set(instant);
    }
  }
}
