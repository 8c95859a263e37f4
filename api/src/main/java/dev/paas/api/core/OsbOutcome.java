package dev.paas.api.core;

import java.util.Map;

/**
 * What the platform does with a broker's answer (OSB v2.17), decided by {@link Osb}. Each kind
 * names the next step:
 * <ul>
 * <li>{@link Done}: the broker finished synchronously; {@code body} is its JSON object.</li>
 * <li>{@link Accepted}: it works asynchronously; poll {@code last_operation} (with {@code operation}).</li>
 * <li>{@link Gone}: the thing is not (or no longer) at the broker (410, or 200 to a delete).</li>
 * <li>{@link Concurrency}: 422 ConcurrencyError, another operation runs on the instance: nothing
 * changed, the user may try again (409 CONFLICT).</li>
 * <li>{@link Refused}: the broker refused and made nothing (a 4xx): nothing to clean up.</li>
 * <li>{@link Orphan}: a create whose result is unknown (time-out, 5xx, a 2xx that cannot be read):
 * the broker may have made something, so the platform sends the matching delete (orphan
 * mitigation).</li>
 * <li>{@link Failed}: any other failure (of a delete, a poll, a catalog): nothing is known to have
 * changed; try again later.</li>
 * </ul>
 * Every description names the broker and says what it answered.
 */
public sealed interface OsbOutcome {

    /** In words, for a user and the log. */
    String description();

    record Done(Map<String, Object> body, String description) implements OsbOutcome {
    }

    record Accepted(String operation, String description) implements OsbOutcome {
    }

    record Gone(String description) implements OsbOutcome {
    }

    record Concurrency(String description) implements OsbOutcome {
    }

    record Refused(String description) implements OsbOutcome {
    }

    record Orphan(String description) implements OsbOutcome {
    }

    record Failed(String description) implements OsbOutcome {
    }
}
