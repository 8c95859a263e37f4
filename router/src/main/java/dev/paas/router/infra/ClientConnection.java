package dev.paas.router.infra;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * One client's connection to the router, last in its pipeline (after an {@code HttpServerCodec}):
 * requests are served one at a time, each by an {@link Exchange}; a request pipelined behind the
 * current one waits (and reading pauses) until that one is answered. Reading also pauses while a
 * request body has nowhere to go yet (no app connection) or the app's side is full. Event-loop
 * confined.
 */
final class ClientConnection extends ChannelInboundHandlerAdapter {

    static final int PAUSE_PIPELINED = 1;
    static final int PAUSE_CONNECTING = 2;
    static final int PAUSE_APP_FULL = 4;
    /** Held while its app wakes from zero: nothing more of the body until it is routed. */
    static final int PAUSE_HELD = 8;

    final ProxyServer server;
    Channel channel;
    AppPool pool;
    /** The client's address as X-Forwarded-For and the access log show it; null when unknown. */
    String remote;
    /** True between a read and its read-complete: writes to the app are flushed then, together. */
    boolean reading;
    private Exchange current;
    private ArrayDeque<Object> queued;
    private boolean draining;
    private int paused;
    private Tunnel tunnel;

    ClientConnection(ProxyServer server) {
        this.server = server;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        pool = server.pool(channel.eventLoop());
        if (channel.remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null) {
            remote = a.getAddress().getHostAddress();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        reading = true;
        if (tunnel != null) {
            if (msg instanceof ByteBuf bytes) {
                tunnel.fromClient(bytes);
            } else {
                ReferenceCountUtil.release(msg);
            }
        } else if ((queued != null && !queued.isEmpty()) || (current != null && current.requestDone())) {
            if (queued == null) {
                queued = new ArrayDeque<>();
            }
            queued.add(msg);
            pause(PAUSE_PIPELINED);
        } else {
            dispatch(msg);
        }
    }

    private void dispatch(Object msg) {
        if (msg instanceof HttpRequest request) {
            Exchange e = new Exchange(this, request);
            current = e;
            e.begin();
            if (msg instanceof HttpContent body) {
                e.fromClient(body);
            }
        } else if (msg instanceof HttpContent body && current != null) {
            current.fromClient(body);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        reading = false;
        if (tunnel != null) {
            tunnel.clientReadComplete();
        } else if (current != null) {
            current.flushApp();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (tunnel != null) {
            tunnel.clientWritabilityChanged();
        } else if (current != null) {
            current.clientWritabilityChanged(channel.isWritable());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (tunnel != null) {
            tunnel.close();
        }
        if (current != null) {
            current.clientGone();
            current = null;
        }
        releaseQueued();
    }

    /**
     * The client sent nothing for the client idle time: a keep-alive connection between requests
     * is closed (as nginx's keepalive_timeout does); one waiting for its app's answer, or a
     * WebSocket tunnel, is the app's business and stays (until a later check finds it idle).
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent && tunnel == null && current == null && (queued == null || queued.isEmpty())) {
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a reset or a failed write: the connection is over, channelInactive cleans up
    }

    /** The exchange answered and read its whole request (or the connection must close now). */
    void exchangeDone(Exchange e, boolean close) {
        if (current == e) {
            current = null;
        }
        if (close) {
            releaseQueued();
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (draining) {
            return; // the loop below goes on
        }
        draining = true;
        try {
            while (queued != null && !queued.isEmpty() && tunnel == null && channel.isActive()
                    && (current == null || !current.requestDone())) {
                dispatch(queued.poll());
            }
        } finally {
            draining = false;
        }
        if (current != null) {
            current.flushApp();
        }
        if (queued == null || queued.isEmpty()) {
            resume(PAUSE_PIPELINED);
        }
    }

    /** From now on bytes, not HTTP: the handshake's response has been written. */
    void startTunnel(Tunnel t) {
        tunnel = t;
        current = null;
        releaseQueued();
        channel.pipeline().remove(HttpServerExpectContinueHandler.class);
        channel.pipeline().remove(HttpServerCodec.class);
        paused = 0;
        channel.config().setAutoRead(true);
    }

    void pause(int reason) {
        if (paused == 0) {
            channel.config().setAutoRead(false);
        }
        paused |= reason;
    }

    void resume(int reasons) {
        if ((paused & reasons) == 0) {
            return;
        }
        paused &= ~reasons;
        if (paused == 0) {
            channel.config().setAutoRead(true);
        }
    }

    private void releaseQueued() {
        if (queued != null) {
            queued.forEach(ReferenceCountUtil::release);
            queued.clear();
        }
    }
}
