package dev.paas.router.infra;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Keep-alive connections to app instances, for one event loop only (a request never leaves the
 * loop its client connection is on): connects new ones and keeps idle ones by endpoint, the most
 * recently used first. An idle connection is closed by the router after {@code idleNanos}, before
 * the app's own idle time-out could close it under a request. Event-loop confined.
 */
final class AppPool {

    /** Idle connections kept per endpoint; more are closed when their request ends. */
    private static final int MAX_IDLE_PER_ENDPOINT = 256;

    private final Bootstrap bootstrap;
    private final long idleNanos;
    private final Map<String, ArrayDeque<AppConnection>> idle = new HashMap<>();
    private final ScheduledFuture<?> sweeper;

    AppPool(EventLoop loop, Class<? extends Channel> channelType, int connectTimeoutMillis, long idleNanos,
            int maxHeaderBytes) {
        this.idleNanos = idleNanos;
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(channelType)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(maxHeaderBytes, maxHeaderBytes, 8192),
                                new AppConnection(AppPool.this));
                    }
                });
        long every = Math.max(TimeUnit.MILLISECONDS.toNanos(200), idleNanos / 4);
        this.sweeper = loop.scheduleAtFixedRate(this::sweep, every, every, TimeUnit.NANOSECONDS);
    }

    /** An idle live connection to {@code endpoint}, now owned by the caller; null when none. */
    AppConnection poll(String endpoint) {
        ArrayDeque<AppConnection> q = idle.get(endpoint);
        if (q == null) {
            return null;
        }
        AppConnection c;
        while ((c = q.pollLast()) != null) {
            if (c.channel().isActive()) {
                return c;
            }
        }
        return null;
    }

    /**
     * A new connection; its future's channel has an {@link AppConnection} last in the pipeline.
     * The address must be resolved (resolving here would block the event loop).
     */
    ChannelFuture connect(Backend backend) {
        return bootstrap.connect(backend.socket());
    }

    static AppConnection handler(Channel ch) {
        return ch.pipeline().get(AppConnection.class);
    }

    void release(AppConnection c) {
        ArrayDeque<AppConnection> q = idle.computeIfAbsent(c.endpoint, k -> new ArrayDeque<>());
        if (q.size() >= MAX_IDLE_PER_ENDPOINT) {
            c.channel().close();
            return;
        }
        c.idleSince = System.nanoTime();
        q.addLast(c);
    }

    /** An idle connection closed (by the app, or by us). */
    void forget(AppConnection c) {
        ArrayDeque<AppConnection> q = idle.get(c.endpoint);
        if (q != null) {
            q.remove(c);
            if (q.isEmpty()) {
                idle.remove(c.endpoint);
            }
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        List<AppConnection> expired = new ArrayList<>();
        for (Iterator<ArrayDeque<AppConnection>> it = idle.values().iterator(); it.hasNext(); ) {
            ArrayDeque<AppConnection> q = it.next();
            while (!q.isEmpty() && now - q.peekFirst().idleSince >= idleNanos) {
                expired.add(q.pollFirst());
            }
            if (q.isEmpty()) {
                it.remove();
            }
        }
        expired.forEach(c -> c.channel().close());
    }

    void close() {
        sweeper.cancel(false);
        List<AppConnection> all = new ArrayList<>();
        idle.values().forEach(all::addAll);
        idle.clear();
        all.forEach(c -> c.channel().close());
    }
}
