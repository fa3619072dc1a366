/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.CallOptions;
import dev.stateline.Price;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.ChatRequest;
import dev.stateline.audit.AuditTrail;
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
import dev.stateline.testing.dynamodb.DynamoDbEmulator;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The code of the fleet sections of docs/governance.md, run against the DynamoDB emulator. */
class FleetDocsExamplesTest {

  @Test
  void sharedSpend() {
    try (DynamoDbEmulator emulator = DynamoDbEmulator.start().createTable("stateline-governance", "pk", "sk")
            .acceptCredentials("AKIDDOCS", "docs");
        DynamoDbClient dynamoDb = DynamoDbClient.builder().region(Region.EU_CENTRAL_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDDOCS", "docs")))
            .endpointOverride(emulator.endpoint()).httpClient(UrlConnectionHttpClient.create()).build()) {
      Target azure = Target.builder("az-swc", new FakeChatModel()).provider("fake").anyModel()
          .hosting(Target.Hosting.STATELESS_HOST).price(Price.perMillionTokens("1000000", "0")).build();

      GovernanceTable table = GovernanceTable.builder(dynamoDb, "stateline-governance").build();
      DynamoDbSpendLedger ledger = DynamoDbSpendLedger.builder(table, "USD").build();   // day and month
      DynamoDbSpendCeiling ceiling = DynamoDbSpendCeiling.builder(ledger, SpendPeriod.MONTH)
          .ceiling(SpendScope.tenant("acme"), new BigDecimal("500"))
          .ceiling(SpendScope.tagOnTarget("batch", "az-swc"), BigDecimal.ZERO)
          .build();
      StatelineClient client = StatelineClient.builder()
          .target(azure)
          .telemetry(ledger)                                        // every instance books here
          .placement(PlacementPolicy.standard().budget(ceiling))    // and is capped here
          .build();

      client.chat(ChatRequest.of("gpt-4.1", "q"), CallOptions.builder().tenant("acme").build());
      ledger.spend(SpendPeriod.MONTH, SpendScope.tenant("acme"));  // SharedSpend[amount=1, calls=1, ...]

      assertThat(ledger.spend(SpendPeriod.MONTH, SpendScope.tenant("acme")).amount()).isEqualByComparingTo("1");
    }
  }

  @Test
  void centralAudit() {
    try (DynamoDbEmulator emulator = DynamoDbEmulator.start().createTable("stateline-governance", "pk", "sk")
            .acceptCredentials("AKIDDOCS", "docs");
        DynamoDbClient dynamoDb = DynamoDbClient.builder().region(Region.EU_CENTRAL_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDDOCS", "docs")))
            .endpointOverride(emulator.endpoint()).httpClient(UrlConnectionHttpClient.create()).build()) {
      GovernanceTable table = GovernanceTable.builder(dynamoDb, "stateline-governance").build();
      Target azure = Target.builder("az-swc", new FakeChatModel()).provider("fake").anyModel()
          .hosting(Target.Hosting.STATELESS_HOST).build();
      String podName = "pod-7f3c";

      AuditTrail audit = AuditTrail.to(
          DynamoDbAuditSink.builder(table, "payments").writerId(podName).build(),  // this instance's chain
          DynamoDbModelMemory.of(table));                                          // one model watch for all
      StatelineClient client = StatelineClient.builder().target(azure).telemetry(audit).build();
      client.chat(ChatRequest.of("gpt-4.1", "q"));

      DynamoDbAuditVerifier.Result result = DynamoDbAuditVerifier.verify(table, "payments");
      result.intact();      // every writer's chain intact and ending at its anchored head
      result.writers();     // per writer: anchored seq and hash, the chain's verification, the problem

      assertThat(result.intact()).isTrue();
      assertThat(result.records()).isEqualTo(1);
    }
  }

  @Test
  void sharedQuota() {
    try (DynamoDbEmulator emulator = DynamoDbEmulator.start().createTable("stateline-governance", "pk", "sk")
            .acceptCredentials("AKIDDOCS", "docs");
        DynamoDbClient dynamoDb = DynamoDbClient.builder().region(Region.EU_CENTRAL_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDDOCS", "docs")))
            .endpointOverride(emulator.endpoint()).httpClient(UrlConnectionHttpClient.create()).build()) {
      GovernanceTable table = GovernanceTable.builder(dynamoDb, "stateline-governance").build();
      Target azure = Target.builder("az-swc", new FakeChatModel()).provider("fake").anyModel()
          .hosting(Target.Hosting.STATELESS_HOST).build();
      Target fallback = Target.builder("az-ne", new FakeChatModel()).provider("fake").anyModel()
          .hosting(Target.Hosting.STATELESS_HOST).build();

      DynamoDbQuota quota = DynamoDbQuota.builder(table)
          .limit("az-swc", 600, 100_000)        // the deployment's RPM and TPM, for the whole fleet
          .build();
      StatelineClient client = StatelineClient.builder()
          .target(azure)
          .target(fallback)
          .placement(PlacementPolicy.standard().quota(quota))   // prefer targets with quota left
          .addTargetInterceptor(quota)                          // take quota before each attempt
          .build();

      assertThat(client.chat(ChatRequest.of("gpt-4.1", "q")).text()).isEqualTo("q");
    }
  }
}
