/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.session;

import dev.stateline.session.file.FileSessionStore;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** {@link SessionStoreContractTest}, the contract every store keeps, on the file store. */
class FileSessionStoreContractTest extends SessionStoreContractTest {

  static Stream<Arguments> stores() {
    return Stream.of(
        Arguments.of("file", (Factory) (t, ttl) -> FileSessionStore.builder(t.dir).ttl(ttl).clock(t.clock).build()));
  }
}
