/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import dev.stateline.testing.dynamodb.DynamoDbEmulator;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Shared set-up: a DynamoDB wire emulator with one sessions table, and real SDK clients pointed at
 * it with static fake credentials over url-connection-client.
 */
final class DynamoDbFixture implements AutoCloseable {
  static final String TABLE = "stateline-sessions";

  final DynamoDbEmulator emulator = DynamoDbEmulator.start()
      .acceptCredentials(BedrockFixture.ACCESS_KEY_ID, BedrockFixture.SECRET_KEY)
      .createTable(TABLE, DynamoDbSessionStore.PARTITION_KEY, DynamoDbSessionStore.SORT_KEY);
  final TestClock clock = new TestClock(Instant.parse("2026-03-01T10:00:00.250Z"));
  private final java.util.List<DynamoDbClient> clients = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** A new SDK client, like another process would have. */
  DynamoDbClient client() {
    DynamoDbClient c = DynamoDbClient.builder()
        .region(Region.EU_CENTRAL_1)
        .credentialsProvider(BedrockFixture.credentials())
        .endpointOverride(emulator.endpoint())
        .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
            .socketTimeout(Duration.ofSeconds(10)).build())
        .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofSeconds(20)).build())
        .build();
    clients.add(c);
    return c;
  }

  /** A store on its own client, on the fixture's clock. */
  DynamoDbSessionStore store(Duration ttl) {
    return DynamoDbSessionStore.builder(client(), TABLE).ttl(ttl).clock(clock).build();
  }

  DynamoDbSessionStore store() {
    return store(null);
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
      now = new AtomicReference<>(start);
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    void advance(Duration d) {
      now.updateAndGet(t -> t.plus(d));
    }
  }
}
