package dev.paas.router.infra;

import dev.paas.router.api.RouterConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The proxy's event loops and listening socket, and what its connections share: the table,
 * endpoint health, the access log, and one {@link AppPool} per event loop. It is built on Netty's
 * HTTP codecs directly, below Vert.x's HTTP layer: a proxy does little per request besides
 * parsing and writing headers, and Vert.x's server and client objects, futures and header copies
 * cost more CPU than the proxying itself (scheduler/README.md, "Where the floor is"). Its loops
 * are its own: the control-plane work (table fetches, access-log batches of thousands of lines)
 * runs on Vert.x's loop and never holds up a request.
 */
final class ProxyServer implements AutoCloseable {

    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private final EventLoopGroup loops;
    final LiveRoutes routes;
    final EndpointHealth health;
    final AccessLog accessLog;
    final Holds holds;
    final int maxTries;
    private final Class<? extends Channel> socketType;
    private final int connectTimeoutMillis;
    private final long idleNanos;
    private final long clientIdleMillis;
    private final Map<EventLoop, AppPool> pools = new ConcurrentHashMap<>();
    private final ChannelGroup clients = new DefaultChannelGroup("router-clients", GlobalEventExecutor.INSTANCE);
    private Channel listener;
    private int port;

    private ProxyServer(EventLoopGroup loops, LiveRoutes routes, EndpointHealth health, AccessLog accessLog, Holds holds,
                        RouterConfig.Tuning tuning, Class<? extends Channel> socketType) {
        this.loops = loops;
        this.holds = holds;
        this.routes = routes;
        this.health = health;
        this.accessLog = accessLog;
        this.maxTries = tuning.maxTries();
        this.socketType = socketType;
        this.connectTimeoutMillis = (int) tuning.connectTimeout().toMillis();
        this.idleNanos = tuning.idleKeepAlive().toNanos();
        this.clientIdleMillis = tuning.clientIdle().toMillis();
    }

    /** Listens on {@code config}'s address and port; fails when it cannot bind. */
    static ProxyServer start(RouterConfig config, LiveRoutes routes, EndpointHealth health, AccessLog accessLog,
                             Holds holds) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        ThreadFactory threads = new DefaultThreadFactory("router-proxy", true);
        EventLoopGroup loops = epoll ? new EpollEventLoopGroup(config.instances(), threads)
                : new NioEventLoopGroup(config.instances(), threads);
        ProxyServer server = new ProxyServer(loops, routes, health, accessLog, holds, config.tuning(),
                epoll ? EpollSocketChannel.class : NioSocketChannel.class);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops, loops)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        server.clients.add(ch);
                        // Says when the client sent nothing for clientIdle; ClientConnection decides. Reads
                        // only: watching writes too would cost a promise listener on every write.
                        ch.pipeline().addLast(new IdleStateHandler(server.clientIdleMillis, 0, 0, TimeUnit.MILLISECONDS),
                                new HttpServerCodec(MAX_HEADER_BYTES, MAX_HEADER_BYTES, 8192),
                                new HttpServerExpectContinueHandler(), new ClientConnection(server));
                    }
                });
        var bound = bootstrap.bind(config.bind(), config.port()).await();
        if (!bound.isSuccess()) {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            Throwable cause = bound.cause();
            throw new IllegalStateException("cannot listen on " + config.bind() + ":" + config.port() + ": "
                    + Events.describe(cause), cause);
        }
        server.listener = bound.channel();
        server.port = ((InetSocketAddress) server.listener.localAddress()).getPort();
        return server;
    }

    /** The port it listens (or listened, once closed) on. */
    int port() {
        return port;
    }

    AppPool pool(EventLoop loop) {
        return pools.computeIfAbsent(loop, l -> new AppPool(l, socketType, connectTimeoutMillis, idleNanos,
                MAX_HEADER_BYTES));
    }

    /** Whether the sockets are Linux's epoll (else Java's NIO). */
    boolean nativeTransport() {
        return listener instanceof EpollServerSocketChannel;
    }

    /** Stops listening, closes every connection and stops the event loops. */
    @Override
    public void close() {
        listener.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        clients.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        pools.forEach((loop, pool) -> loop.execute(pool::close));
        loops.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
