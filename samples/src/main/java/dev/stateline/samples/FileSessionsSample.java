/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples;

import dev.stateline.StatelineClient;
import dev.stateline.chat.ChatResponse;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.session.Session;
import dev.stateline.session.SessionState;
import dev.stateline.session.file.FileSessionStore;
import dev.stateline.testing.emulators.EmulatedClouds;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Sessions that survive a restart: a conversation kept in a {@link FileSessionStore}, continued by
 * a second client as if the application had restarted. Session turns are stateful calls, so under
 * the standard placement policy they run on Bedrock (the stateful runtime), not on Azure. Runs
 * offline against the emulated clouds, in a temporary directory (or the one given as argument).
 *
 * <pre>
 * mvn -B -q -pl samples -am -DskipTests package exec:java -Dsample.main=dev.stateline.samples.FileSessionsSample
 * </pre>
 */
public final class FileSessionsSample {
  private FileSessionsSample() {}

  public static void main(String[] args) throws IOException {
    if (args.length > 0) {
      run(Path.of(args[0]), System.out);
      return;
    }
    Path dir = Files.createTempDirectory("stateline-sessions");
    try {
      run(dir, System.out);
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Runs the sample with its session files in {@code directory}, printing to {@code out}. */
  public static void run(Path directory, PrintStream out) {
    try (EmulatedClouds clouds = EmulatedClouds.builder().azure("swedencentral").bedrock("eu-central-1").start()) {
      // First run of the application: two turns.
      try (StatelineClient client = newClient(clouds, directory);
          Session session = client.session("case-4711")) {
        ChatResponse first = session.send("Summarise clause 7 of the lease.");
        session.send("What does it mean for the tenant?");
        out.println("first run : 2 turns on " + first.target() + " (" + first.placement().kind() + ")");
      }

      // The application restarts: a new client on the same directory finds the session.
      try (StatelineClient client = newClient(clouds, directory);
          Session session = client.session("case-4711")) {
        out.println("restarted : the session has " + session.history().size() + " messages");
        ChatResponse third = session.send("And if the landlord sells the flat?");
        out.println("third turn: sent with the whole history (" + third.usage().inputTokens()
            + " input tokens), answered by " + third.target());
        out.println("history   : " + session.history().size() + " messages");
        SessionState state = client.sessionStore().load("case-4711").orElseThrow();
        out.println("store     : version " + state.version() + ", turns on " + state.turns().stream()
            .map(t -> t.target()).distinct().toList());
      }
      try (Stream<Path> files = Files.list(directory)) {
        out.println("files     : " + files.map(p -> p.getFileName().toString()).sorted().toList());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  // tag::file-store[]
  static StatelineClient newClient(EmulatedClouds clouds, Path directory) {
    return StatelineClient.builder()
        .target(clouds.azureTarget("azure-swc", "swedencentral"))   // stateless calls
        .target(clouds.bedrockTarget("aws-fra", "eu-central-1"))    // session turns
        .placement(PlacementPolicy.standard().residency(Jurisdiction.EU))
        .sessionStore(FileSessionStore.builder(directory).ttl(Duration.ofDays(30)).build())
        .build();
  }
  // end::file-store[]
}
