/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples;

import dev.stateline.CallOptions;
import dev.stateline.ChatStream;
import dev.stateline.Price;
import dev.stateline.PriceBook;
import dev.stateline.Region;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.audit.AuditTrail;
import dev.stateline.audit.AuditVerification;
import dev.stateline.audit.AuditVerifier;
import dev.stateline.aws.Bedrock;
import dev.stateline.aws.BedrockManagedAgent;
import dev.stateline.azure.AzureDeploymentType;
import dev.stateline.azure.AzureOpenAi;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.EmbeddingRequest;
import dev.stateline.chat.EmbeddingResponse;
import dev.stateline.cost.CostLedger;
import dev.stateline.error.ResidencyViolationException;
import dev.stateline.placement.Attempt;
import dev.stateline.placement.Failover;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.placement.Placement;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.policy.StandardPolicy;
import dev.stateline.session.Session;
import dev.stateline.session.SessionOptions;
import dev.stateline.session.SessionStore;
import dev.stateline.testing.azure.AzureReply;
import dev.stateline.testing.bedrock.agents.AgentTurn;
import dev.stateline.testing.emulators.EmulatedClouds;
import dev.stateline.workload.WorkloadMap;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The default sample: Stateline doing its whole job in one run, offline. It starts emulators of
 * Azure OpenAI (Sweden Central, West Europe and East US), Amazon Bedrock (Frankfurt: Converse, and
 * bedrock-mantle's OpenAI-compatible Responses API) and OpenAI in-process, builds one client over
 * all of them under an EU residency policy, and shows:
 *
 * <ol>
 *   <li>stateless calls placed on Azure, with the reason for every target;
 *   <li>a session kept on AWS, the stateful runtime, across turns; and one kept in Bedrock's
 *       server-held state (stored responses, continued with {@code previous_response_id}); and an
 *       agent turn on Amazon Bedrock Managed Agents (its reasoning, the command it ran, its answer);
 *   <li>where each target may process a call: a Global Azure deployment and a {@code global.}
 *       Bedrock profile in EU regions, excluded under EU residency;
 *   <li>a throttled Azure region failed over to the other EU region;
 *   <li>a call refused because no target in its jurisdiction could take it;
 *   <li>the workload map, the cost ledger and the verified audit trail.
 * </ol>
 *
 * <p>Every call crosses real HTTP on loopback, in each cloud's own wire format. Run it with
 * {@code mvn -B -q -pl samples -am -DskipTests package exec:java}.
 *
 * <p>With a cloud's settings in the environment (see {@link LiveClouds} and
 * docs/getting-started.md) the same program talks to that cloud's real service instead, each cloud
 * independently, and says at the start which clouds are live and which emulated. Faults are
 * injected only into emulators: with Azure live, the failover step is skipped and says so.
 */
public final class Tour {
  private Tour() {}

  public static void main(String[] args) throws IOException {
    Path dir = Files.createTempDirectory("stateline-tour");
    run(System.out, dir, System::getenv);
  }

  /**
   * Runs the tour offline, on emulators only (whatever the process environment holds), printing to
   * {@code out} and keeping the audit trail in {@code workDir}.
   */
  public static void run(PrintStream out, Path workDir) {
    run(out, workDir, name -> null);
  }

  /**
   * Runs the tour, printing to {@code out}, keeping the audit trail in {@code workDir}, and talking to
   * the real services of each cloud whose settings {@code env} holds ({@code System::getenv} in
   * {@link #main}; it returns null for a variable that is not set). The variables are described in
   * docs/getting-started.md; clouds without them run on in-process emulators. No secret is printed.
   */
  public static void run(PrintStream out, Path workDir, UnaryOperator<String> env) {
    LiveClouds live = LiveClouds.from(env);
    Path auditFile = workDir.resolve("audit.jsonl");
    CostLedger ledger = CostLedger.create("USD");
    WorkloadMap workload = new WorkloadMap();

    EmulatedClouds.Builder emulated = EmulatedClouds.builder();
    if (!live.azureLive()) {
      emulated.azure("swedencentral").azure("westeurope").azure("eastus");
    }
    if (!live.awsLive()) {
      emulated.bedrock("eu-central-1");
    }
    if (!live.responsesLive()) {
      // In an EU region, bedrock-mantle keeps a stored conversation in that region.
      emulated.bedrockMantle("eu-central-1");
    }
    if (!live.openAiLive()) {
      emulated.openAi("us");
    }

    try (live;
        EmulatedClouds clouds = live.azureLive() && live.awsLive() && live.responsesLive() && live.openAiLive()
            ? null : emulated.start();
        DynamoDbClient dynamo = live.dynamoDbSessions() ? live.dynamoDbClient() : null;
        AuditTrail audit = AuditTrail.toFile(auditFile)) {

      // Illustrative prices, the same live or emulated.
      Price azurePrice = Price.perMillionTokens("2.00", "8.00");
      Price awsPrice = Price.perMillionTokens("0.15", "0.60");
      List<Target> targets = new ArrayList<>();
      List<String> preferred = new ArrayList<>();
      if (live.azureLive()) {
        targets.add(live.azureTarget("azure-live", EmulatedClouds.MODEL_ALIAS, azurePrice));
        preferred.add("azure-live");
      } else {
        targets.add(clouds.azureTarget("azure-swc", "swedencentral").toBuilder().price(azurePrice).build());
        targets.add(clouds.azureTarget("azure-weu", "westeurope").toBuilder().price(azurePrice).build());
        targets.add(clouds.azureTarget("azure-eus", "eastus").toBuilder().price(azurePrice).build());
        preferred.add("azure-swc");
        preferred.add("azure-weu");
        // A Global Standard deployment on the same Swedish resource: Azure may process its calls in
        // any region, so the EU policy never sends it a call.
        targets.add(AzureOpenAi.target("azure-swc-global").endpoint(clouds.azure("swedencentral").endpoint().toString())
            .apiKey(clouds.azure("swedencentral").apiKey())
            .deployment(EmulatedClouds.MODEL_ALIAS, EmulatedClouds.AZURE_DEPLOYMENT).region("swedencentral")
            .deploymentType(AzureDeploymentType.GLOBAL_STANDARD).price(azurePrice).build());
      }
      Target converse = live.awsLive()
          ? live.bedrockTarget("aws-live", EmulatedClouds.MODEL_ALIAS, awsPrice)
          : clouds.bedrockTarget("aws-fra", "eu-central-1").toBuilder().price(awsPrice).build();
      targets.add(converse);
      if (!live.awsLive()) {
        // The same Frankfurt endpoint, but a global. cross-Region inference profile: processed in any
        // commercial AWS Region, so it is no place for an EU call either.
        targets.add(Bedrock.target("aws-fra-global").region("eu-central-1")
            .model(EmulatedClouds.MODEL_ALIAS, "global." + EmulatedClouds.BEDROCK_MODEL_ID)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                EmulatedClouds.AWS_ACCESS_KEY_ID, EmulatedClouds.AWS_SECRET_ACCESS_KEY)))
            .endpointOverride(clouds.bedrock("eu-central-1").endpoint()).price(awsPrice).build());
      }
      // Client-held sessions start on the Converse target; server-held ones need a Responses target.
      preferred.add(converse.name());
      Target responses = live.responsesLive()
          ? live.responsesTarget("aws-held", EmulatedClouds.MODEL_ALIAS, awsPrice)
          : clouds.bedrockMantleTarget("aws-mantle", "eu-central-1").toBuilder().price(awsPrice).build();
      targets.add(responses);
      targets.add(live.openAiLive()
          ? live.openAiTarget("openai", EmulatedClouds.MODEL_ALIAS)
          : clouds.openAiTarget("openai"));

      StatelineClient.Builder builder = StatelineClient.builder()
          .placement(PlacementPolicy.standard().residency(Jurisdiction.EU).prefer(preferred.toArray(String[]::new)))
          .retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ofMillis(20)).maxRetryAfter(Duration.ofSeconds(2)).build())
          .telemetry(ledger)
          .telemetry(workload)
          .telemetry(audit);
      // Embeddings are priced per alias: input tokens only, at an embedding model's rate.
      PriceBook.Builder prices = PriceBook.builder("USD");
      for (Target t : targets) {
        if (t.embeds(EmulatedClouds.EMBEDDING_ALIAS)) {
          prices.price(t.name(), EmulatedClouds.EMBEDDING_ALIAS, Price.perMillionTokens("0.02", "0"));
        }
      }
      builder.priceBook(prices.build());
      targets.forEach(builder::target);
      SessionStore store = dynamo != null ? live.dynamoDbStore(dynamo) : null;
      if (store != null) {
        builder.sessionStore(store);
      }

      try (StatelineClient client = builder.build()) {

        if (live.anyLive()) {
          out.println("Stateline tour: one client, three clouds; live where credentials are set, emulated elsewhere");
        } else {
          out.println("Stateline tour: one client, three clouds, offline (every call is real HTTP on loopback)");
        }
        out.println();
        out.println("Clouds");
        out.println("  Azure OpenAI : " + live.azureStatus());
        out.println("  AWS Bedrock  : " + live.awsStatus());
        out.println("  AWS Responses: " + live.responsesStatus());
        out.println("  OpenAI       : " + live.openAiStatus());
        out.println("  sessions     : " + live.sessionStatus());
        out.println();
        out.println("Targets");
        for (Target t : client.targets()) {
          out.printf("  %-16s %-22s %-17s %-16s processed in %s%n", t.name(), t.region(), t.hosting(), t.provider(),
              t.processingScope(EmulatedClouds.MODEL_ALIAS).describe());
        }
        out.println("Policy: standard, residency EU, prefer " + String.join(" then ", preferred)
            + " (stateless -> Azure, stateful -> AWS runtime)");

        // 1. Stateless calls go to Azure, inside the EU.
        section(out, "1. A stateless call");
        ChatResponse answer = client.chat(ChatRequest.of("gpt-4.1", "Summarise clause 7 of this contract."));
        out.println("  answer     : " + answer.text());
        explain(out, answer.placement());
        out.println("  ran on     : " + answer.target() + " as " + answer.model() + ", cost " + answer.cost());

        out.print("  streamed   : ");
        try (ChatStream stream = client.stream(ChatRequest.of("gpt-4.1", "Stream a short greeting"))) {
          for (ChatEvent event : stream) {
            if (event instanceof ChatEvent.TextDelta delta) {
              out.print(delta.text());
            }
          }
          out.println("   (on " + stream.response().target() + ")");
        }

        // 1b. Residency is judged by where a target may process a call, not only by its endpoint's
        //     region: a Global deployment and a global. profile sit in EU regions but are excluded.
        section(out, "1b. Where each target may process a call, judged under EU residency");
        for (Target t : client.targets()) {
          String why = StandardPolicy.residencyVerdict(Jurisdiction.EU, t, EmulatedClouds.MODEL_ALIAS);
          out.printf("  %-16s %-30s %s%n", t.name(), t.processingScope(EmulatedClouds.MODEL_ALIAS).describe(),
              why == null ? "kept" : "excluded: " + why);
        }
        out.println("  answer 1 was processed in: " + answer.processingRegion() + " (Azure's x-ms-region)");

        // 1c. Embeddings: the other stateless operation, through the same placement.
        section(out, "1c. Embeddings");
        if (client.targets().stream().noneMatch(t -> t.embeds(EmulatedClouds.EMBEDDING_ALIAS))) {
          out.println("  skipped    : no target embeds '" + EmulatedClouds.EMBEDDING_ALIAS + "' (live Azure without an"
              + " embedding deployment)");
        } else {
          EmbeddingResponse vectors = client.embed(EmbeddingRequest.builder(EmulatedClouds.EMBEDDING_ALIAS)
              .input("Clause 7: the tenant may terminate with three months' notice.")
              .input("Clause 8: rent is reviewed every five years.")
              .input("Clause 9: the landlord insures the building.")
              .dimensions(256).build());
          out.println("  embedded   : " + vectors.embeddings().size() + " texts, " + vectors.dimensions()
              + " dimensions each, in " + vectors.batches() + " request(s)");
          explain(out, vectors.placement());
          out.println("  ran on     : " + vectors.target() + " as " + vectors.model() + " ("
              + vectors.placement().operation().otelName() + "), " + vectors.usage().inputTokens() + " tokens, cost "
              + vectors.cost());
        }

        // 2. A session is stateful: it runs on the AWS stateful runtime and stays there.
        section(out, "2. A session on the stateful runtime");
        // A table outlives the tour: each run there gets a session of its own.
        String sessionId = store != null ? "case-4711-" + UUID.randomUUID() : "case-4711";
        try (Session session = client.session(sessionId)) {
          String[] turns = {"I need help with contract 4711.", "What about clause 7?", "And the notice period?"};
          for (String turn : turns) {
            ChatResponse r = session.send(turn);
            out.println("  turn       : " + r.target() + " (" + r.placement().kind() + ") <- " + r.text());
          }
          out.println("  history    : " + session.history().size() + " messages, kept on " + session.target());
        }

        // 2b. A server-held session: Bedrock keeps the conversation (stored responses, 30 days, in the
        //     region that served them); each turn sends only its new message and continues the last
        //     response. The session store still keeps the turns, to replay them if Bedrock forgets.
        section(out, "2b. A session kept in Bedrock's server-held state");
        String heldId = store != null ? "case-4712-" + UUID.randomUUID() : "case-4712";
        try (Session held = client.session(heldId, SessionOptions.builder().serverHeld(true).build())) {
          String previous = null;
          for (String turn : new String[] {"Open a claim for contract 4711.", "Add: water damage in the kitchen.",
              "Summarise the claim."}) {
            ChatResponse r = held.send(turn);
            out.println("  turn       : " + r.target() + " (" + r.placement().kind() + ") continues "
                + (previous == null ? "nothing (first turn)" : previous) + ", stored as " + r.id());
            previous = r.id();
          }
          out.println("  history    : " + held.history().size() + " messages in the session store too, kept on "
              + held.target() + " (" + responses.region() + ")");
        }

        // 2c. An agent on Amazon Bedrock Managed Agents: the service keeps the agent's session and runs
        //     its loop; its tools run in an environment of yours. The preview runs in US Regions only,
        //     so it has a client of its own here (under the EU policy above it would be refused).
        section(out, "2c. An agent turn on Amazon Bedrock Managed Agents (emulated)");
        agentTurn(out);

        // 3. Sweden Central throttles: the call is retried there (waiting out retry-after-ms each
        //    time), then, with its three attempts spent, fails over to West Europe.
        section(out, "3. A throttled Azure region fails over");
        if (live.azureLive()) {
          // Faults are injected only into emulators; a live service is never throttled on purpose.
          out.println("  skipped    : Azure is live (azure-live); throttling is injected only on emulated Azure");
        } else {
          clouds.azure("swedencentral").enqueue(
              AzureReply.rateLimited(Duration.ofMillis(50)), AzureReply.rateLimited(Duration.ofMillis(50)),
              AzureReply.rateLimited(Duration.ofMillis(50)));
          ChatResponse failedOver = client.chat(ChatRequest.of("gpt-4.1", "Translate clause 7 into French."));
          for (Attempt a : failedOver.attempts()) {
            out.println("  attempt    : " + a.target() + " #" + a.number() + " "
                + (a.succeeded() ? "ok"
                    : a.retryDelay().isZero() ? a.errorType() + ", retries spent"
                    : a.errorType() + ", then waited " + a.retryDelay().toMillis() + " ms"));
          }
          for (Failover move : failedOver.failovers()) {
            out.println("  failover   : " + move.from() + " -> " + move.to() + " after " + move.errorType());
          }
          out.println("  answered by: " + failedOver.target() + " (still in the EU: azure-eus was never a candidate)");
        }

        // 4. A call may narrow the policy's jurisdiction, never widen it: asking for CH under an EU
        // policy leaves EU∩CH, an empty intersection, so the call is refused, never sent elsewhere.
        section(out, "4. A call no target may take is refused");
        Jurisdiction swiss = Jurisdiction.of("CH", Region.azure("switzerlandnorth"));
        try {
          client.chat(ChatRequest.of("gpt-4.1", "Data of a Swiss customer"),
              CallOptions.builder().residency(swiss).build());
          throw new IllegalStateException("the call should have been refused");
        } catch (ResidencyViolationException refused) {
          Jurisdiction both = refused.placement().residency();
          String policy = Jurisdiction.EU.name();
          out.println("  asked      : residency " + swiss.name() + " " + swiss.regions() + ", under the policy's "
              + policy);
          out.println("  refused    : " + refused.getClass().getSimpleName());
          out.println("  why        : " + (both != null && both.regions().isEmpty()
              ? policy + "∩" + swiss.name() + " is an empty intersection: no region is in both " + policy + " and "
                  + swiss.name() + ", so no target can take the call"
              : "no target in " + (both == null ? "the call's jurisdiction" : both.name()) + " can take the call"));
          for (Placement.Decision d : refused.placement().exclusions()) {
            out.println("    " + d.target() + " excluded by " + d.rule() + ": " + d.reason());
          }
        }

        // 5. What ran where, what it cost, and the proof.
        section(out, "5. Workload map");
        out.println(workload.render().stripTrailing().indent(2).stripTrailing());
        section(out, "6. Cost ledger");
        for (Map.Entry<String, CostLedger.Spend> e : ledger.byTarget().entrySet()) {
          out.printf("  %-10s %s%n", e.getKey(), e.getValue());
        }
        out.println("  total      : " + ledger.total());
      }
      section(out, "7. Audit trail");
      audit.close();
      AuditVerification verified = AuditVerifier.verify(auditFile);
      out.println("  file       : " + auditFile);
      out.println("  records    : " + verified.records() + ", chain intact: " + verified.intact());
      out.println("  head       : " + verified.head());
      out.println();
      if (clouds == null) {
        out.println("Tour complete: every cloud was live, no emulator ran.");
      } else if (live.anyLive()) {
        out.println("Tour complete: " + clouds.requestCount() + " HTTP requests served by the emulators, the rest by live services.");
      } else {
        out.println("Tour complete: " + clouds.requestCount() + " HTTP requests served by the emulators.");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One streamed turn of an agent on the Bedrock Managed Agents emulator, and an EU session refused. */
  private static void agentTurn(PrintStream out) {
    try (EmulatedClouds agents = EmulatedClouds.builder().bedrockAgents("us-east-1").start();
        StatelineClient client = StatelineClient.builder()
            .target(agents.bedrockAgentTarget("aws-agents", "us-east-1").toBuilder()
                .price(Price.perMillionTokens("1.25", "10.00")).build())
            .placement(PlacementPolicy.standard())
            .build()) {
      agents.bedrockAgents("us-east-1").enqueue(AgentTurn.builder()
          .reasoning("Find the contract first, then read clause 7.")
          .command("grep -l 4713 contracts/*.md", "contracts/4713-acme.md\n", 0)
          .text("Case 4713 is the Acme lease; clause 7 sets a 90-day notice period.")
          .usage(1800, 600, 120, 40)
          .build());
      SessionOptions options = SessionOptions.builder().model(EmulatedClouds.AGENT_ALIAS).build();
      try (Session session = client.session("case-4713", options);
          ChatStream stream = session.stream("Which contract is case 4713, and what does clause 7 say?")) {
        StringBuilder reasoning = new StringBuilder();
        for (ChatEvent event : stream) {
          if (event instanceof ChatEvent.TurnAccepted accepted) {
            out.println("  accepted   : by agent session " + accepted.sessionId() + ", never sent twice");
          } else if (event instanceof ChatEvent.ReasoningDelta r) {
            reasoning.append(r.text());
          } else if (event instanceof ChatEvent.ToolActivity tool
              && tool.status() != ChatEvent.ToolActivity.Status.STARTED) {
            out.println("  reasoning  : " + reasoning);
            out.println("  tool       : " + tool.kind() + " `" + tool.name() + "` "
                + tool.status().name().toLowerCase(Locale.ROOT) + " in the agent's environment");
          }
        }
        ChatResponse r = stream.response();
        out.println("  turn       : " + r.target() + " (" + r.placement().kind() + ", " + client.targets().get(0).region()
            + ") <- " + r.text());
        out.println("  usage      : " + r.usage().inputTokens() + " tokens in, " + r.usage().outputTokens() + " out, cost "
            + r.cost());
        out.println("  history    : " + session.history().size() + " messages, read from the agent's own items");
      }
      try {
        client.session("case-4714", options.toBuilder()
            .callOptions(CallOptions.builder().residency(Jurisdiction.EU).build()).build()).send("An EU case.");
        throw new IllegalStateException("the EU session should have been refused");
      } catch (ResidencyViolationException refused) {
        out.println("  EU session : refused (" + refused.getClass().getSimpleName() + "): the preview runs in "
            + String.join(", ", BedrockManagedAgent.PREVIEW_REGIONS) + " only");
      }
    }
  }

  private static void explain(PrintStream out, Placement p) {
    out.println("  placement  : " + p.kind() + " -> primary " + p.primary() + ", fallbacks " + p.fallbacks());
    for (Placement.Decision d : p.exclusions()) {
      out.println("    " + d.target() + " excluded by " + d.rule() + ": " + d.reason());
    }
  }

  private static void section(PrintStream out, String title) {
    out.println();
    out.println(title);
  }
}
