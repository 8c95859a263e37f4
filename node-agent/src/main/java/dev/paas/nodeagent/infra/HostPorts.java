package dev.paas.nodeagent.infra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Whether a host port is free on an address right now (another process may hold it). */
final class HostPorts {

    private HostPorts() {}

    static boolean bindable(String address, int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName(address))) {
            s.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
