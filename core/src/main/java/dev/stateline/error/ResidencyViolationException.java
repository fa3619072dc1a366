package dev.stateline.error;

import dev.stateline.placement.Placement;

/**
 * The call would have left its jurisdiction: every target that could serve it is outside the
 * allowed regions. Fails closed; never retried elsewhere.
 */
public class ResidencyViolationException extends NoEligibleTargetException {
  public ResidencyViolationException(Placement placement) {
    super(placement);
  }
}
