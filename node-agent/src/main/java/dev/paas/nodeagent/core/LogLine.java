package dev.paas.nodeagent.core;

import java.time.Instant;

/**
 * One line an instance produced.
 *
 * @param at      when the agent read it
 * @param channel OUT or ERR for the app's stdout and stderr; CELL for the guest console (kernel
 *                warnings, the init's lines, the exit record) and the agent's own notes
 * @param index   the instance index
 * @param text    the line without its line break
 */
public record LogLine(Instant at, Channel channel, int index, String text) {

    public enum Channel { OUT, ERR, CELL }
}
