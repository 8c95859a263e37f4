package dev.paas.nodeagent.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Which cached images to evict: least recently used first, never a pinned one (in use by a VM),
 * until the total fits under the cap. If the pinned images alone exceed the cap, everything
 * unpinned goes and the cache stays over its cap until VMs stop.
 */
public final class LruPolicy {

    /** One cached image: its digest, size on disk and last use. */
    public record Entry(String digest, long sizeBytes, Instant lastUsed) {}

    private LruPolicy() {}

    public static List<String> victims(List<Entry> entries, long capBytes, Set<String> pinned) {
        long total = entries.stream().mapToLong(Entry::sizeBytes).sum();
        List<Entry> candidates = new ArrayList<>(entries.stream().filter(e -> !pinned.contains(e.digest())).toList());
        candidates.sort(Comparator.comparing(Entry::lastUsed).thenComparing(Entry::digest));
        List<String> out = new ArrayList<>();
        for (Entry e : candidates) {
            if (total <= capBytes) {
                break;
            }
            out.add(e.digest());
            total -= e.sizeBytes();
        }
        return out;
    }
}
