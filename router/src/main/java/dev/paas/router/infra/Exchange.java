package dev.paas.router.infra;

import dev.paas.router.core.ExchangePhase;
import dev.paas.router.core.OwnAnswer;
import dev.paas.scheduler.api.RouteIndex;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One request on its way through: route by Host and path, pick an endpoint round robin, get a
 * connection (a pooled one, else connect, trying up to {@code maxTries} endpoints while no byte
 * of the request has been sent), forward with the router's headers, stream both bodies with
 * back-pressure, tunnel a WebSocket, log one line. It is over when it has answered and read its
 * whole request. Confined to the event loop of its client connection (its app connection is on
 * the same loop).
 *
 * <p>Its life is one {@link ExchangePhase}, changed only by {@link #moveTo}, which refuses a move
 * the phase's table does not allow. The request body is read alongside ({@code requestDone});
 * the other flags are decisions about connections, not phases.
 */
final class Exchange {

    private final ClientConnection client;
    private final HttpRequest req;
    private final long startNanos = System.nanoTime();
    private final long startMillis = System.currentTimeMillis();
    private final String requestId;
    private final String host;
    private final String method;
    private final String uri;
    private final String userAgent;
    private final HttpVersion version;
    private final boolean keepAlive;
    private final boolean upgrade;
    private final boolean hasBody;
    private final boolean chunked;
    private Target target;
    private int tries;
    private long tried;
    /** Body parts that arrived before there was an app connection to send them on. */
    private List<HttpContent> early;
    private AppConnection app;
    private String endpoint;
    private ExchangePhase phase = ExchangePhase.WAITING;
    /** The whole request body has been read (or there was none): the request side is done. */
    private boolean requestDone;
    /** The app's response allows its connection to be reused. */
    private boolean appKeepAlive;
    /** The client's connection closes after this response. */
    private boolean closeAfter;
    /** Request parts were written to the app's connection and not flushed yet. */
    private boolean appNeedsFlush;
    private int status;
    private long bytes;
    /** The path routed by (set in {@link #begin}), for a look at the table again after a hold. */
    private String path;
    /** When the request was held for its app to wake (System.nanoTime), or -1. */
    private long heldAt = -1;
    /** How long it was held, for the access log; -1 when it was not. */
    private long wakeMillis = -1;
    private io.netty.util.concurrent.ScheduledFuture<?> holdTimer;

    Exchange(ClientConnection client, HttpRequest req) {
        this.client = client;
        this.req = req;
        HttpHeaders h = req.headers();
        this.requestId = Headers.requestId(h.get(Headers.X_REQUEST_ID));
        this.host = h.get(HttpHeaderNames.HOST);
        this.method = req.method().name();
        this.uri = req.uri();
        this.userAgent = h.get(HttpHeaderNames.USER_AGENT);
        this.version = req.protocolVersion();
        this.keepAlive = HttpUtil.isKeepAlive(req);
        this.upgrade = Headers.isWebSocketUpgrade(h);
        this.chunked = HttpUtil.isTransferEncodingChunked(req);
        String length = h.get(HttpHeaderNames.CONTENT_LENGTH);
        this.hasBody = chunked || (length != null && !length.equals("0"));
    }

    boolean requestDone() {
        return requestDone;
    }

    ExchangePhase phase() {
        return phase;
    }

    /** The only place the phase changes. */
    private void moveTo(ExchangePhase next) {
        if (!phase.allowsTransitionTo(next)) {
            throw new IllegalStateException("exchange " + requestId + ": " + phase + " -> " + next + " is not a transition");
        }
        phase = next;
    }

    void begin() {
        if (!req.decoderResult().isSuccess()) {
            Throwable cause = req.decoderResult().cause();
            int code = cause instanceof TooLongHttpLineException ? 414
                    : cause instanceof TooLongHttpHeaderException ? 431 : 400;
            closeAfter = true; // the decoder cannot find the next request after a bad one
            reply(OwnAnswer.badRequest(code, HttpResponseStatus.valueOf(code).reasonPhrase(),
                    cause instanceof TooLongFrameException));
            return;
        }
        LiveRoutes.Snapshot table = client.server.routes.current();
        if (!table.loaded()) {
            // Not "no such app": the router does not know yet. Clients and load balancers retry.
            reply(OwnAnswer.starting());
            return;
        }
        path = Headers.path(uri);
        Optional<RouteIndex.Entry<Target>> route = table.index().lookup(host, path);
        if (route.isEmpty()) {
            // No app, so no app log to write to; the status tells the client what happened.
            reply(OwnAnswer.unknownRoute(host, path));
            return;
        }
        target = route.get().value();
        if (target.backends().length == 0) {
            if (target.idle() || client.server.holds.waking(target.appId())) {
                hold(); // scaled to zero, or being woken: wait for an instance
                return;
            }
            reply(OwnAnswer.noEndpoints(target.host()));
            return;
        }
        connect();
    }

    /** The event loop this exchange is confined to. */
    io.netty.channel.EventLoop loop() {
        return client.channel.eventLoop();
    }

    /**
     * Keeps the request until its app has an endpoint ({@link #released}) or the wait limit
     * passes ({@link #heldTooLong}); reading of its body pauses meanwhile. The router asks the
     * control plane to wake the app ({@link Holds}).
     */
    private void hold() {
        Holds holds = client.server.holds;
        if (heldAt < 0) {
            heldAt = System.nanoTime();
        }
        moveTo(ExchangePhase.HELD);
        client.pause(ClientConnection.PAUSE_HELD);
        if (holdTimer == null) {
            long left = holds.waitNanos() - (System.nanoTime() - heldAt);
            holdTimer = loop().schedule(this::heldTooLong, Math.max(0, left), java.util.concurrent.TimeUnit.NANOSECONDS);
        }
        if (!holds.hold(this, target.appId(), target.app())) {
            reply(OwnAnswer.tooManyHeld(target.host(), holds.maxHeld()));
        }
    }

    /** A table with endpoints for the app arrived: route the request as usual. On this exchange's loop. */
    void released() {
        if (phase != ExchangePhase.HELD) {
            return; // answered (its wait limit) or gone meanwhile
        }
        Optional<RouteIndex.Entry<Target>> route = client.server.routes.current().index().lookup(host, path);
        if (route.isEmpty()) {
            reply(OwnAnswer.unknownRoute(host, path)); // unmapped while it waited
            return;
        }
        if (route.get().value().backends().length == 0) {
            target = route.get().value();
            hold(); // not for this route after all (a stale release): wait on, within the same limit
            return;
        }
        unhold();
        moveTo(ExchangePhase.WAITING);
        target = route.get().value();
        connect();
        client.resume(ClientConnection.PAUSE_HELD);
    }

    private void heldTooLong() {
        if (phase != ExchangePhase.HELD) {
            return;
        }
        reply(OwnAnswer.wakeTimedOut(target.host(), client.server.holds.waitNanos() / 1_000_000_000L));
    }

    /** No longer held (routed, answered or gone): the timer stops, the wait is recorded for the access log. */
    private void unhold() {
        if (heldAt < 0 || wakeMillis >= 0) {
            return;
        }
        wakeMillis = (System.nanoTime() - heldAt) / 1_000_000;
        if (holdTimer != null) {
            holdTimer.cancel(false);
        }
        client.server.holds.letGo(this, target.appId());
    }

    /** Tries the next endpoint; only connection set-up happens here, so a failure is safe to retry. */
    private void connect() {
        int i = tries < client.server.maxTries ? target.pick(tried, client.server.health) : -1;
        if (i < 0) {
            reply(OwnAnswer.noConnection(target.host(), tries));
            return;
        }
        tries++;
        if (i < 64) {
            tried |= 1L << i;
        }
        Backend backend = target.backends()[i];
        AppConnection pooled = client.pool.poll(backend.address());
        if (pooled != null) {
            attach(pooled);
            return;
        }
        if (backend.socket().isUnresolved()) {
            refused(backend, new UnknownHostException(backend.host()));
            return;
        }
        if (hasBody) {
            client.pause(ClientConnection.PAUSE_CONNECTING); // nothing more of the body until an app accepts
        }
        client.pool.connect(backend).addListener((ChannelFuture f) -> {
            if (f.isSuccess()) {
                AppConnection c = AppPool.handler(f.channel());
                c.endpoint = backend.address();
                if (phase != ExchangePhase.WAITING) {
                    c.release(true); // a good connection nobody waits for any more
                } else {
                    attach(c);
                }
            } else if (phase == ExchangePhase.WAITING) {
                refused(backend, f.cause());
            }
        });
    }

    private void refused(Backend backend, Throwable cause) {
        var health = client.server.health;
        boolean wasBad = health.isBad(backend.address());
        health.markBad(backend.address());
        if (!wasBad) {
            Events.warn("router.endpoint-failed", "endpoint", backend.address(), "app", target.app(),
                    "error", Events.describe(cause), "request-id", requestId);
        }
        connect();
    }

    /** Sends the request head (and any body that came early) on {@code c}. */
    private void attach(AppConnection c) {
        app = c;
        endpoint = c.endpoint;
        c.own(this);
        HttpHeaders h = req.headers();
        Headers.stripHopByHop(h, upgrade);
        h.remove(HttpHeaderNames.EXPECT); // the router answered "100 Continue" itself
        Headers.addForwarded(h, client.remote, host, requestId, startMillis);
        if (chunked) {
            h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        req.setProtocolVersion(HttpVersion.HTTP_1_1); // keep-alive to the app, whatever the client spoke
        Channel ch = c.channel();
        ch.write(req, ch.voidPromise());
        if (early != null) {
            early.forEach(part -> ch.write(part, ch.voidPromise()));
            early = null;
        }
        appNeedsFlush = true;
        if (!client.reading) {
            flushApp();
        }
        client.resume(ClientConnection.PAUSE_CONNECTING);
        if (!ch.isWritable()) {
            client.pause(ClientConnection.PAUSE_APP_FULL);
        }
    }

    void fromClient(HttpContent part) {
        if (part.decoderResult().isFailure()) {
            part.release();
            badBody();
            return;
        }
        boolean last = part instanceof LastHttpContent;
        if (app != null) {
            Channel ch = app.channel();
            ch.write(part, ch.voidPromise());
            appNeedsFlush = true;
            if (!ch.isWritable()) {
                client.pause(ClientConnection.PAUSE_APP_FULL);
            }
        } else if (phase == ExchangePhase.WAITING || phase == ExchangePhase.HELD) {
            if (early == null) {
                early = new ArrayList<>(2);
            }
            early.add(part);
        } else {
            part.release(); // answered already (an error, or an app that did not wait for the body)
        }
        if (last) {
            requestDone = true;
            if (phase == ExchangePhase.RESPONDED) {
                finish();
            }
        }
    }

    /**
     * The request body is not valid HTTP (a broken chunk): the app must not see it end as if it
     * were whole, and the client's connection is out of step, so both connections close.
     */
    private void badBody() {
        requestDone = true;
        closeAfter = true;
        letGoOfApp(false);
        if (phase == ExchangePhase.WAITING || phase == ExchangePhase.HELD) {
            reply(OwnAnswer.badBody());
        } else if (phase == ExchangePhase.RESPONDING) {
            abort();
        }
    }

    void flushApp() {
        if (appNeedsFlush && app != null) {
            appNeedsFlush = false;
            app.channel().flush();
        }
    }

    void flushClient() {
        client.channel.flush();
    }

    void fromApp(HttpObject msg) {
        if (msg instanceof HttpResponse response) {
            if (!response.decoderResult().isSuccess()) {
                ReferenceCountUtil.release(msg);
                appFailed("an invalid response: " + Events.describe(response.decoderResult().cause()));
                return;
            }
            int code = response.status().code();
            if (code == 101 && upgrade) {
                tunnel(response);
                return;
            }
            if (code < 200) {
                ReferenceCountUtil.release(msg); // an interim response; the final one follows
                return;
            }
            respond(response);
        }
        if (msg instanceof HttpContent part) {
            if (phase != ExchangePhase.RESPONDING) {
                part.release(); // the end of an interim response, or of one already cut off
                return;
            }
            bytes += part.content().readableBytes();
            Channel ch = client.channel;
            ch.write(part, ch.voidPromise());
            if (!ch.isWritable()) {
                app.channel().config().setAutoRead(false);
            }
            if (part instanceof LastHttpContent) {
                moveTo(ExchangePhase.RESPONDED);
                flushClient();
                log(status, bytes);
                releaseApp();
                if (requestDone || closeAfter) {
                    finish();
                }
            }
        }
    }

    private void respond(HttpResponse response) {
        moveTo(ExchangePhase.RESPONDING);
        status = response.status().code();
        appKeepAlive = HttpUtil.isKeepAlive(response);
        HttpHeaders h = response.headers();
        boolean length = h.contains(HttpHeaderNames.CONTENT_LENGTH);
        Headers.stripHopByHop(h, false);
        h.set(Headers.X_REQUEST_ID, requestId);
        response.setProtocolVersion(version);
        if (!length && mayHaveBody()) {
            if (version == HttpVersion.HTTP_1_0) {
                closeAfter = true; // the body ends where the connection does
            } else {
                h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            }
        }
        connectionHeader(h);
        client.channel.write(response, client.channel.voidPromise());
    }

    /** RFC 9110 §6.4.1: no body after HEAD, nor in a 1xx, 204 or 304 response. */
    private boolean mayHaveBody() {
        return !HttpMethod.HEAD.name().equals(method) && status >= 200 && status != 204 && status != 304;
    }

    private void connectionHeader(HttpHeaders h) {
        if (!keepAlive) {
            closeAfter = true;
        }
        if (closeAfter) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (version == HttpVersion.HTTP_1_0) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    /** The app switched protocols: pass its 101 on, then bytes both ways until either side closes. */
    private void tunnel(HttpResponse response) {
        moveTo(ExchangePhase.TUNNELED);
        status = 101;
        response.headers().set(Headers.X_REQUEST_ID, requestId);
        AppConnection c = app;
        app = null;
        Tunnel t = new Tunnel(client.channel, c.channel(), sent -> log(101, sent)); // logged once, at the end
        c.tunnel(t);
        client.channel.writeAndFlush(response, client.channel.voidPromise());
        client.startTunnel(t);
        c.channel().pipeline().remove(HttpClientCodec.class);
    }

    void appWritabilityChanged(boolean writable) {
        if (writable) {
            client.resume(ClientConnection.PAUSE_APP_FULL);
        } else {
            client.pause(ClientConnection.PAUSE_APP_FULL);
        }
    }

    void clientWritabilityChanged(boolean writable) {
        if (app != null) {
            app.channel().config().setAutoRead(writable);
        }
    }

    /** The app's connection failed or closed while this exchange owned it. */
    void appFailed(String why) {
        letGoOfApp(false);
        client.resume(ClientConnection.PAUSE_APP_FULL | ClientConnection.PAUSE_CONNECTING);
        if (phase.over() || phase == ExchangePhase.HELD) {
            return;
        }
        Events.warn("router.endpoint-request-failed", "endpoint", endpoint, "app", target.app(),
                "error", why, "request-id", requestId);
        if (phase == ExchangePhase.RESPONDING) {
            abort(); // the client must see a broken response, not a short one
            return;
        }
        reply(OwnAnswer.endpointFailed(endpoint));
    }

    /** The client's connection closed: free the app's connection too (a body cut short must not look whole). */
    void clientGone() {
        releaseEarly();
        letGoOfApp(false);
        if (phase == ExchangePhase.HELD) {
            unhold(); // dropped: nobody waits for it any more
        }
        if (phase == ExchangePhase.WAITING || phase == ExchangePhase.HELD || phase == ExchangePhase.RESPONDING) {
            log(499, bytes);
        }
        if (phase.allowsTransitionTo(ExchangePhase.GONE)) {
            moveTo(ExchangePhase.GONE);
        }
    }

    /** The response broke off after its head went out: logged as it stands, and the client's connection closed. */
    private void abort() {
        moveTo(ExchangePhase.ABORTED);
        log(status, bytes);
        client.channel.close();
    }

    /** The response has ended: the app connection goes back to the pool when it can be reused. */
    private void releaseApp() {
        client.resume(ClientConnection.PAUSE_APP_FULL);
        // Reusable only when the app keeps the connection and has the whole request: one that
        // answered before reading all of the body would take the rest for the next request.
        letGoOfApp(appKeepAlive && requestDone);
    }

    /** This exchange is done with its app connection (if it has one): pooled, or closed. */
    private void letGoOfApp(boolean reusable) {
        if (app != null) {
            AppConnection c = app;
            app = null;
            c.release(reusable);
        }
    }

    /** An answer of the router's own (a short text body); the rest of the request body is dropped. */
    private void reply(OwnAnswer answer) {
        if (phase == ExchangePhase.HELD) {
            unhold();
        }
        moveTo(ExchangePhase.RESPONDED);
        int code = answer.status();
        status = code;
        releaseEarly();
        ByteBuf body = ByteBufUtil.writeUtf8(client.channel.alloc(), answer.text());
        FullHttpResponse response = new DefaultFullHttpResponse(
                version == HttpVersion.HTTP_1_0 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(code), body);
        HttpHeaders h = response.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        h.set(Headers.X_CONTENT_TYPE_OPTIONS, "nosniff");
        h.set(Headers.X_ROUTER_ERROR, answer.error());
        h.set(Headers.X_REQUEST_ID, requestId);
        if (answer.retryAfter()) {
            h.set(HttpHeaderNames.RETRY_AFTER, "1");
        }
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        connectionHeader(h);
        bytes = body.readableBytes();
        client.channel.writeAndFlush(response, client.channel.voidPromise());
        client.resume(ClientConnection.PAUSE_CONNECTING | ClientConnection.PAUSE_APP_FULL | ClientConnection.PAUSE_HELD);
        if (answer.logged()) {
            log(code, bytes);
        }
        if (requestDone || closeAfter) {
            finish();
        }
    }

    private void finish() {
        if (phase != ExchangePhase.FINISHED) {
            moveTo(ExchangePhase.FINISHED);
            client.exchangeDone(this, closeAfter);
        }
    }

    private void releaseEarly() {
        if (early != null) {
            early.forEach(ReferenceCountUtil::release);
            early = null;
        }
    }

    /**
     * Called once per exchange, on the move that ends its response (the transitions make it once):
     * the access-log line and the app's request counters.
     */
    private void log(int code, long sent) {
        if (target == null) {
            return;
        }
        long nanos = System.nanoTime() - startNanos;
        target.counters().record(code, nanos / 1000, code != 101);
        client.server.accessLog.offer(new AccessLog.Entry(target.appId(), startMillis, host, method, uri, code, sent,
                nanos / 1_000_000, requestId, endpoint, userAgent, client.remote, wakeMillis));
    }
}
