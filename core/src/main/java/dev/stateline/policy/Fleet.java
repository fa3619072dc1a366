/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.policy;

import dev.stateline.Target;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One client's targets as the standard policy's rules bind to them: target {@code i} is
 * {@code list().get(i)}, in declaration order. Immutable.
 */
final class Fleet {
  final List<Target> list;
  final Target[] targets;
  final String[] names;
  private final Map<String, Integer> index;

  Fleet(List<Target> list) {
    this.list = list;
    this.targets = list.toArray(new Target[0]);
    this.names = new String[targets.length];
    Map<String, Integer> idx = new HashMap<>();
    for (int i = 0; i < targets.length; i++) {
      names[i] = targets[i].name();
      idx.put(names[i], i);
    }
    this.index = idx;
  }

  int size() {
    return targets.length;
  }

  /** The index of the target named {@code name}, or -1 if there is none. */
  int indexOf(String name) {
    Integer i = index.get(name);
    return i == null ? -1 : i;
  }
}
