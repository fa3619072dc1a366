package dev.stateline.placement;

import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ContentPart;
import dev.stateline.chat.ImagePart;
import dev.stateline.chat.Message;
import dev.stateline.chat.ResponseFormat;
import dev.stateline.chat.TextPart;
import dev.stateline.chat.ToolCall;
import dev.stateline.chat.ToolDefinition;

/**
 * Estimates how many tokens a prompt takes, without a tokenizer: placement uses it to keep a call
 * off targets whose context window is too small and to rank targets by price; sessions use it to
 * fit their history into a token budget.
 *
 * <p>Estimates must be cheap (no I/O, no tokenizer tables): they run on the placement hot path.
 * Implementations must be thread-safe.
 */
@FunctionalInterface
public interface TokenEstimator {

  /** The estimated tokens of one message, its role and framing included. */
  int estimate(Message message);

  /** The estimated prompt tokens of a whole request: messages, tool definitions, response schema. */
  default int estimate(ChatRequest request) {
    long total = 3;
    for (Message m : request.messages()) {
      total += estimate(m);
    }
    for (ToolDefinition t : request.tools()) {
      total += 8 + Approximate.chars(t.name().length() + (t.description() == null ? 0 : t.description().length())
          + t.parametersSchemaJson().length());
    }
    if (request.responseFormat() instanceof ResponseFormat.JsonSchema s) {
      total += 8 + Approximate.chars(s.schemaJson().length());
    }
    return (int) Math.min(Integer.MAX_VALUE, total);
  }

  /**
   * The default: about four characters of text per token (OpenAI's rule of thumb for English; it
   * undercounts languages such as Chinese or Japanese, for which you may plug in your own), four
   * tokens of framing per message, 85 tokens for a low-detail image and 765 for any other.
   */
  static TokenEstimator approximate() {
    return Approximate.INSTANCE;
  }

  /** The default estimator. */
  final class Approximate implements TokenEstimator {
    static final Approximate INSTANCE = new Approximate();

    private Approximate() {}

    static long chars(long n) {
      return (n + 3) / 4;
    }

    @Override
    public int estimate(Message message) {
      long total = 4;
      for (ContentPart p : message.content()) {
        if (p instanceof TextPart t) {
          total += chars(t.text().length());
        } else if (p instanceof ImagePart i) {
          total += i.detail() == ImagePart.Detail.LOW ? 85 : 765;
        }
      }
      for (ToolCall c : message.toolCalls()) {
        total += 4 + chars(c.name().length() + c.argumentsJson().length());
      }
      return (int) Math.min(Integer.MAX_VALUE, total);
    }

    @Override
    public String toString() {
      return "TokenEstimator.approximate()";
    }
  }
}
