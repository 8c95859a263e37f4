package dev.paas.scheduler.api;

/**
 * How placement ranks the nodes that pass every filter. Both first spread an app's instances
 * (fewest instances of that app on the node wins), so losing one node loses as few of an app's
 * instances as possible; then both prefer a node holding a snapshot of the release being placed
 * (the instance starts there as a clone instead of booting); they differ in the tie-break that
 * follows. The node name breaks the last tie.
 */
public enum Scoring {
    /** Then the node least allocated after placing (by fraction of its memory): even load. */
    SPREAD,
    /** Then the node most allocated after placing: fills nodes up, keeps others empty for big apps. */
    BINPACK
}
