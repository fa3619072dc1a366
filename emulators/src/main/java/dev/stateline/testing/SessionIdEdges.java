/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing;

import java.text.Normalizer;
import java.util.List;

/**
 * Session ids the docs call valid, chosen at the edges, for a session store's tests: every one must
 * work, and no two may share storage. Normalisation forms ({@code é} composed and decomposed, the
 * Angstrom sign and {@code Å}), case ({@code Case-1}, {@code CASE-1}, {@code ß} and {@code SS}),
 * supplementary characters, the longest ids in several scripts (128 characters: ASCII, Latin, CJK,
 * emoji, punctuation), names file systems treat specially ({@code CON}, {@code .hidden},
 * {@code ..}), invisible and bidi characters, and strings that look like a store's own escapes.
 *
 * <p>Immutable.
 */
public final class SessionIdEdges {
  private SessionIdEdges() {}

  /** The ids, all distinct. */
  public static List<String> all() {
    return List.of(
        "case-4711", "Case-4711", "CASE-4711", "a", "A", ".hidden", "..", "-", "_", "%41", "^a", "0_zx", "_h",
        "caf\u00e9", "cafe\u0301", Normalizer.normalize("Å", Normalizer.Form.NFD), "Å", "\u212B",
        "😀", "😀".repeat(128), "x".repeat(128), "é".repeat(128), "東".repeat(128), "/".repeat(128),
        "a/b", "a\\b", "con", "CON", "nul.txt", "  spaced  ", "tab\u00a0nbsp", "\u200Bzero-width", "\u202Ertl",
        "x".repeat(127) + "😀", "ß", "SS", "ss", "ǅ", "ǆ", "İ", "i\u0307");
  }
}
