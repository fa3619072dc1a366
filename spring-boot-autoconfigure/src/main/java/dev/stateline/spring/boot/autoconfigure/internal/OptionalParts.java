/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.spring.boot.autoconfigure.internal;

import dev.stateline.aws.DynamoDbSessionStore;
import dev.stateline.session.SessionStore;
import dev.stateline.session.file.FileSessionStore;
import dev.stateline.spring.boot.autoconfigure.StatelineProperties;
import java.net.URI;
import org.springframework.beans.factory.BeanFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/** Session stores of the optional modules, each in a class of its own (see {@link ProviderTargets}). */
public final class OptionalParts {
  private OptionalParts() {}

  /** {@code stateline-session-file}. */
  public static final class Files {
    private Files() {}

    public static SessionStore store(StatelineProperties.SessionStore p) {
      FileSessionStore.Builder b = FileSessionStore.builder(p.getDirectory());
      if (p.getTtl() != null) {
        b.ttl(p.getTtl());
      }
      return b.build();
    }
  }

  /** {@code stateline-aws}'s DynamoDB store, on the DynamoDbClient bean. */
  public static final class Dynamo {
    private Dynamo() {}

    public static SessionStore store(StatelineProperties.SessionStore p, BeanFactory beans) {
      DynamoDbSessionStore.Builder b = DynamoDbSessionStore.builder(beans.getBean(DynamoDbClient.class), p.getTable());
      if (p.getTtl() != null) {
        b.ttl(p.getTtl());
      }
      return b.build();
    }

    /** A client from the properties, on the AwsCredentialsProvider bean or the AWS default chain. */
    public static DynamoDbClient client(StatelineProperties.SessionStore p, BeanFactory beans) {
      DynamoDbClientBuilder b = DynamoDbClient.builder();
      if (p.getRegion() != null) {
        b.region(Region.of(p.getRegion()));
      }
      if (p.getEndpoint() != null) {
        b.endpointOverride(URI.create(p.getEndpoint()));
      }
      beans.getBeanProvider(software.amazon.awssdk.auth.credentials.AwsCredentialsProvider.class)
          .ifAvailable(b::credentialsProvider);
      return b.build();
    }
  }
}
