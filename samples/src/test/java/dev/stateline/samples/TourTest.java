/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smoke test of the README's default sample: given the emulated clouds, when the tour runs, then
 * every step of the story happens as it claims, and the audit trail it leaves verifies.
 */
class TourTest {

  @Test
  void theTourRunsOffline_andEveryStepOfTheStoryHappens(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Tour.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), dir);
    String out = bytes.toString(StandardCharsets.UTF_8);

    // offline: every cloud says it is emulated, and why
    assertThat(out)
        .contains("Azure OpenAI : emulated (AZURE_OPENAI_ENDPOINT not set)")
        .contains("AWS Bedrock  : emulated (STATELINE_BEDROCK_MODEL not set)")
        .contains("AWS Responses: emulated (STATELINE_BEDROCK_OPENAI_MODEL not set)")
        .contains("OpenAI       : emulated (OPENAI_API_KEY not set)")
        .contains("sessions     : in memory");
    // 1. stateless calls land on Azure, in the EU, with every exclusion explained
    assertThat(out)
        .contains("STATELESS -> primary azure-swc, fallbacks [azure-weu]")
        .contains("azure-eus excluded by residency: region azure/eastus is outside EU")
        .contains("aws-fra excluded by hosting")
        .contains("ran on     : azure-swc as gpt-4.1-2025-04-14")
        .contains("(on azure-swc)");
    // where each target may process a call: the Global deployment and the global. profile are out
    assertThat(out)
        .containsPattern("azure-swc-global +global azure +excluded: processed anywhere \\(global azure\\)")
        .containsPattern("aws-fra-global +global aws +excluded: processed anywhere \\(global aws\\)")
        .containsPattern("azure-swc +region azure/swedencentral +kept")
        .containsPattern("aws-fra +region aws/eu-central-1 +kept")
        .contains("azure-swc-global excluded by residency: processed anywhere (global azure)")
        .contains("answer 1 was processed in: Sweden Central");
    // 2. a session stays on the AWS stateful runtime across turns
    assertThat(out.lines().filter(l -> l.startsWith("  turn       : aws-fra (STATEFUL)"))).hasSize(3);
    assertThat(out).contains("history    : 6 messages, kept on aws-fra");
    // 2b. a server-held session: each turn continues the response Bedrock stored for the one before
    List<String> held = out.lines().filter(l -> l.startsWith("  turn       : aws-mantle (STATEFUL)")).toList();
    assertThat(held).hasSize(3);
    assertThat(held.get(0)).contains("continues nothing (first turn), stored as resp_");
    String firstId = held.get(0).substring(held.get(0).indexOf("stored as ") + "stored as ".length());
    assertThat(held.get(1)).contains("continues " + firstId + ", stored as resp_");
    assertThat(out).contains("history    : 6 messages in the session store too, kept on aws-mantle"
        + " (aws/eu-central-1)");
    // 2c. an agent turn on Bedrock Managed Agents: accepted once, its reasoning and tool, its answer
    assertThat(out)
        .containsPattern("accepted   : by agent session sess_[0-9a-f]+, never sent twice")
        .contains("reasoning  : Find the contract first, then read clause 7.")
        .contains("tool       : command_execution `grep -l 4713 contracts/*.md` completed in the agent's environment")
        .contains("turn       : aws-agents (STATEFUL, aws/us-east-1) <- Case 4713 is the Acme lease; clause 7 sets a"
            + " 90-day notice period.")
        .contains("usage      : 1800 tokens in, 120 out, cost ")
        .contains("history    : 2 messages, read from the agent's own items")
        .contains("EU session : refused (ResidencyViolationException): the preview runs in us-east-1, us-west-2,"
            + " us-east-2 only");
    // 3. a throttled Azure region is retried, then failed over within the EU
    assertThat(out)
        .contains("azure-swc #1 RateLimitedException, then waited 50 ms")
        .contains("azure-swc #3 RateLimitedException, retries spent")
        .contains("failover   : azure-swc -> azure-weu after RateLimitedException")
        .contains("answered by: azure-weu");
    // 4. a call that narrows EU to CH leaves an empty intersection: refused, and said so
    assertThat(out).contains("refused    : ResidencyViolationException")
        .contains("why        : EU∩CH is an empty intersection: no region is in both EU and CH");
    // 5-7. workload map, cost ledger, verified audit trail
    assertThat(out)
        .containsPattern("stateful +aws-fra +aws/eu-central-1")
        .containsPattern("stateful +aws-mantle +aws/eu-central-1")
        .contains("total      : ")
        .contains("chain intact: true");
    assertThat(Files.readAllLines(dir.resolve("audit.jsonl"))).hasSizeGreaterThanOrEqualTo(7);
    // 1b. embeddings run where stateless chat runs, and say so
    assertThat(out)
        .contains("embedded   : 3 texts, 256 dimensions each, in 1 request(s)")
        .contains("ran on     : azure-swc as text-embedding-3-small (embeddings), ")
        .containsPattern("stateless embeddings +azure-swc");
    assertThat(out).contains("Tour complete: 13 HTTP requests");
  }
}
