package dev.paas.nodeagent.infra;

import dev.paas.nodeagent.core.EgressPolicy;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --network user}: QEMU user networking with {@code restrict=on}. The host forward comes
 * in; the guest reaches nothing at all (no host, no internet, no DNS), whatever its egress rules
 * say: security groups do not apply here.
 */
final class UserNetwork implements GuestNetwork {

    @Override
    public Attachment prepare(Endpoint e, EgressPolicy egress) {
        return new Attachment(b -> b.restrictedForward(e.hostAddress(), e.hostPort(), e.guestPort()), List.of(), null);
    }

    @Override
    public void updateEgress(Endpoint e, EgressPolicy egress) {
        // restrict=on already denies everything
    }

    @Override
    public void ended(Endpoint e) {
        // QEMU's exit closed the forward's sockets
    }

    @Override
    public void release(Endpoint e) {
    }

    @Override
    public Map<Long, String> adopt(List<Endpoint> known, Set<Long> alive) {
        return Map.of();
    }
}
