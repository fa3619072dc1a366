package dev.stateline.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Smoke test: the README's default sample runs offline from start to end and shows each step. */
class TourTest {

  @Test
  void theTourRunsOfflineAndShowsEveryStep() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Tour.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);

    assertThat(out)
        .contains("answer    : echo: What is Stateline?")
        .contains("model     : gpt-4.1-2025-04-14")
        .contains("tool call : get_weather {\"city\":\"Stockholm\"}")
        .contains("It is 4 degrees and clear in Stockholm.")
        .contains("json      : {\"city\":\"Stockholm\",\"celsius\":4}")
        .contains("RateLimitedException, waited 200 ms")
        .contains("ContextLengthExceededException")
        .contains("Tour complete: 8 HTTP requests");
  }
}
