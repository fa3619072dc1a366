/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stateline.Cancellation;
import dev.stateline.Timeouts;
import dev.stateline.chat.ChatRequest;
import dev.stateline.error.CallTimeoutException;
import dev.stateline.placement.CallKind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one "total timeout already spent" check providers make before they send or wait. */
class ModelCallDeadlineTest {

  private static ModelCall call(Duration total) {
    return ModelCall.create("c1", ChatRequest.of("m", "hi"), false, CallKind.STATELESS,
        Timeouts.DEFAULT.withTotal(total), new Cancellation());
  }

  @Test
  void givenTimeLeft_thenItIsReturned() {
    ModelCall call = call(Duration.ofMinutes(5));

    assertThat(call.requireTimeLeft("p", "the request was sent")).isPositive();
    assertThat(call.expired()).isFalse();
  }

  @Test
  void givenASpentBudget_thenATotalTimeoutNamingTheProviderAndTheStep() throws InterruptedException {
    ModelCall call = call(Duration.ofNanos(1));
    Thread.sleep(1);

    CallTimeoutException e = catchThrowableOfType(CallTimeoutException.class,
        () -> call.requireTimeLeft("aws.bedrock", "Bedrock was called"));

    assertThat(e.kind()).isEqualTo(CallTimeoutException.Kind.TOTAL);
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.provider()).isEqualTo("aws.bedrock");
    assertThat(e.getMessage()).startsWith("aws.bedrock: the call's total timeout of PT0.000000001S ran out before"
        + " Bedrock was called");
    assertThat(call.expired()).isTrue();
  }
}
