/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.PriceBook;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The example price book in docs/ loads, and means what its comments say. */
class PriceBookExampleTest {
  @Test
  void theDocumentedExample_loads_withTargetAndAliasEntries() throws Exception {
    PriceBook book = PriceBook.load(Path.of("..", "docs", "pricebook.example.properties"));

    assertThat(book.currency()).isEqualTo("USD");
    assertThat(book.targetPrices()).containsOnlyKeys("azure-swc", "azure-weu", "aws-fra");
    assertThat(book.priceFor("azure-swc", "gpt-4.1").inputPerMillion()).isEqualByComparingTo("2.00");
    assertThat(book.priceFor("azure-swc", "gpt-4.1-mini").cachedInputPerMillion()).isEqualByComparingTo("0.10");
    assertThat(book.priceFor("aws-fra", "gpt-4.1").cachedInputPerMillion()).isEqualByComparingTo("0.15");
    assertThat(book.priceFor("nowhere", "gpt-4.1")).isNull();
  }
}
