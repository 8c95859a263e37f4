package dev.paas.router.infra;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;

/**
 * The router's end of one keep-alive connection to an app instance, last in its pipeline (after
 * an {@code HttpClientCodec}). It belongs either to one {@link Exchange} (a request on its way)
 * or to its {@link AppPool} (idle); what arrives goes to its owner. Event-loop confined.
 */
final class AppConnection extends ChannelInboundHandlerAdapter {

    private final AppPool pool;
    private Channel channel;
    /** The request this connection serves now; null while idle in the pool. */
    private Exchange owner;
    /** After a WebSocket handshake: raw bytes both ways. */
    private Tunnel tunnel;
    String endpoint;
    long idleSince;

    AppConnection(AppPool pool) {
        this.pool = pool;
    }

    Channel channel() {
        return channel;
    }

    void own(Exchange exchange) {
        this.owner = exchange;
    }

    void tunnel(Tunnel t) {
        this.owner = null;
        this.tunnel = t;
    }

    /** Back to the pool when the exchange left the connection reusable, else closed. */
    void release(boolean reusable) {
        owner = null;
        if (reusable && channel.isActive()) {
            channel.config().setAutoRead(true); // it may have been paused for a slow client
            pool.release(this);
        } else {
            channel.close();
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (tunnel != null) {
            if (msg instanceof ByteBuf bytes) {
                tunnel.fromApp(bytes);
            } else {
                ReferenceCountUtil.release(msg); // the handshake's empty end, decoded before the switch
            }
        } else if (owner != null && msg instanceof HttpObject http) {
            owner.fromApp(http);
        } else {
            // Bytes from an app no request is waiting for: the connection is out of step.
            ReferenceCountUtil.release(msg);
            ctx.close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (tunnel != null) {
            tunnel.appReadComplete();
        } else if (owner != null) {
            owner.flushClient();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (tunnel != null) {
            tunnel.appWritabilityChanged();
        } else if (owner != null) {
            owner.appWritabilityChanged(ctx.channel().isWritable());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (tunnel != null) {
            tunnel.close();
        } else if (owner != null) {
            Exchange e = owner;
            owner = null;
            e.appFailed("the connection closed");
        } else {
            pool.forget(this);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (owner != null) {
            Exchange e = owner;
            owner = null;
            e.appFailed(Events.describe(cause));
        }
        ctx.close();
    }
}
