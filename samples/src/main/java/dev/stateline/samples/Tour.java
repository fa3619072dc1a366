package dev.stateline.samples;

import dev.stateline.CallOptions;
import dev.stateline.ChatStream;
import dev.stateline.Price;
import dev.stateline.Region;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.audit.AuditTrail;
import dev.stateline.audit.AuditVerification;
import dev.stateline.audit.AuditVerifier;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.cost.CostLedger;
import dev.stateline.error.ResidencyViolationException;
import dev.stateline.placement.Attempt;
import dev.stateline.placement.Failover;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.placement.Placement;
import dev.stateline.placement.PlacementPolicy;
import dev.stateline.session.Session;
import dev.stateline.telemetry.WorkloadMap;
import dev.stateline.testing.azure.AzureReply;
import dev.stateline.testing.emulators.EmulatedClouds;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The default sample: Stateline doing its whole job in one run, offline. It starts emulators of
 * Azure OpenAI (Sweden Central, West Europe and East US), Amazon Bedrock (Frankfurt) and OpenAI
 * in-process, builds one client over all of them under an EU residency policy, and shows:
 *
 * <ol>
 *   <li>stateless calls placed on Azure, with the reason for every target;
 *   <li>a session kept on AWS, the stateful runtime, across turns;
 *   <li>a throttled Azure region failed over to the other EU region;
 *   <li>a call refused because no target in its jurisdiction could take it;
 *   <li>the workload map, the cost ledger and the verified audit trail.
 * </ol>
 *
 * <p>Every call crosses real HTTP on loopback, in each cloud's own wire format. Run it with
 * {@code mvn -B -q -pl samples -am -DskipTests package exec:java}.
 */
public final class Tour {
  private Tour() {}

  public static void main(String[] args) throws IOException {
    Path dir = Files.createTempDirectory("stateline-tour");
    run(System.out, dir);
  }

  /** Runs the tour, printing to {@code out}, keeping the audit trail in {@code workDir}. */
  public static void run(PrintStream out, Path workDir) {
    Path auditFile = workDir.resolve("audit.jsonl");
    CostLedger ledger = CostLedger.create("USD");
    WorkloadMap workload = new WorkloadMap();

    try (EmulatedClouds clouds = EmulatedClouds.builder()
            .azure("swedencentral").azure("westeurope").azure("eastus")
            .bedrock("eu-central-1")
            .openAi("us")
            .start();
        AuditTrail audit = AuditTrail.toFile(auditFile)) {

      Price azurePrice = Price.perMillionTokens("2.00", "8.00");
      Target azureSwc = clouds.azureTarget("azure-swc", "swedencentral").toBuilder().price(azurePrice).build();
      Target azureWeu = clouds.azureTarget("azure-weu", "westeurope").toBuilder().price(azurePrice).build();
      Target azureUs = clouds.azureTarget("azure-eus", "eastus").toBuilder().price(azurePrice).build();
      Target awsFra = clouds.bedrockTarget("aws-fra", "eu-central-1").toBuilder()
          .price(Price.perMillionTokens("0.15", "0.60")).build();
      Target openai = clouds.openAiTarget("openai");

      try (StatelineClient client = StatelineClient.builder()
          .target(azureSwc).target(azureWeu).target(azureUs).target(awsFra).target(openai)
          .placement(PlacementPolicy.standard().residency(Jurisdiction.EU).prefer("azure-swc", "azure-weu"))
          .retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ofMillis(20)).maxRetryAfter(Duration.ofSeconds(2)).build())
          .telemetry(ledger)
          .telemetry(workload)
          .telemetry(audit)
          .build()) {

        out.println("Stateline tour: one client, three clouds, offline (every call is real HTTP on loopback)");
        out.println();
        out.println("Targets");
        for (Target t : client.targets()) {
          out.printf("  %-10s %-22s %-17s %s%n", t.name(), t.region(), t.hosting(), t.provider());
        }
        out.println("Policy: standard, residency EU, prefer azure-swc then azure-weu (stateless -> Azure, stateful -> AWS runtime)");

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

        // 2. A session is stateful: it runs on the AWS stateful runtime and stays there.
        section(out, "2. A session on the stateful runtime");
        try (Session session = client.session("case-4711")) {
          String[] turns = {"I need help with contract 4711.", "What about clause 7?", "And the notice period?"};
          for (String turn : turns) {
            ChatResponse r = session.send(turn);
            out.println("  turn       : " + r.target() + " (" + r.placement().kind() + ") <- " + r.text());
          }
          out.println("  history    : " + session.history().size() + " messages, kept on " + session.target());
        }

        // 3. Sweden Central throttles: the call is retried there (waiting out retry-after-ms each
        //    time), then, with its three attempts spent, fails over to West Europe.
        section(out, "3. A throttled Azure region fails over");
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

        // 4. A call whose jurisdiction no target serves is refused, never sent elsewhere.
        section(out, "4. A call no target may take is refused");
        Jurisdiction swiss = Jurisdiction.of("CH", Region.azure("switzerlandnorth"));
        try {
          client.chat(ChatRequest.of("gpt-4.1", "Data of a Swiss customer"),
              CallOptions.builder().residency(swiss).build());
          throw new IllegalStateException("the call should have been refused");
        } catch (ResidencyViolationException refused) {
          out.println("  refused    : " + refused.getClass().getSimpleName());
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
      out.println("Tour complete: " + clouds.requestCount() + " HTTP requests served by the emulators.");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
