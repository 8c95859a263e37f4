/*
 * Reading /proc/net/tcp and /proc/net/tcp6 lines: does the app listen on its port yet?
 * Pure (no I/O), so the host-side harness can test it; system.c reads the files.
 *
 *   sl  local_address rem_address   st ...
 *    0: 00000000:1F90 00000000:0000 0A ...                       (tcp: 8 hex digits)
 *    0: 00000000000000000000000000000000:1F90 000...000:0000 0A   (tcp6: 32 hex digits)
 *
 * The address is printed as 32-bit words in host byte order, the port in hex, the state in hex
 * (0A is LISTEN).
 */
#include "paas_init.h"

#include <stdint.h>
#include <string.h>

#define TCP_LISTEN 0x0A
#define HEX "0123456789ABCDEFabcdef"

/* The value of the n hex digits at s (checked by the caller). */
static uint32_t hex(const char *s, size_t n)
{
	uint32_t v = 0;
	for (size_t i = 0; i < n; i++)
		v = v << 4 | (uint32_t)(s[i] <= '9' ? s[i] - '0' : (s[i] | 0x20) - 'a' + 10);
	return v;
}

/* Parsed by hand: sscanf would make the init a third bigger. */
int tcp_line_listens(const char *line, int port)
{
	const char *p = line + strspn(line, " ");
	size_t n = strspn(p, "0123456789");  /* "sl", the slot number */
	if (n == 0 || p[n] != ':')
		return 0;
	p += n + 1;
	p += strspn(p, " ");
	const char *addr = p;  /* local address:port, remote address:port, state */
	size_t alen = strspn(p, HEX);
	if ((alen != 8 && alen != 32) || p[alen] != ':' || strspn(p + alen + 1, HEX) != 4 || p[alen + 5] != ' ')
		return 0;
	uint32_t local_port = hex(p + alen + 1, 4);
	p += alen + 6;
	if (strspn(p, HEX) != alen || p[alen] != ':' || strspn(p + alen + 1, HEX) != 4 || p[alen + 5] != ' ')
		return 0;
	p += alen + 6;
	if (strspn(p, HEX) != 2 || hex(p, 2) != TCP_LISTEN || local_port != (uint32_t)port)
		return 0;

	unsigned char ip[16];
	for (size_t w = 0; w < alen / 8; w++) {
		uint32_t v = hex(addr + 8 * w, 8);
		memcpy(ip + 4 * w, &v, 4);  /* back to network byte order, as the kernel holds it */
	}
	/* QEMU's port forward connects to the guest's eth0 address: a listener on loopback only
	 * (127.0.0.0/8, ::1, ::ffff:127.x.y.z) cannot take those connections. */
	static const unsigned char v6_loopback[16] = { [15] = 1 };
	static const unsigned char v4_mapped[12] = { [10] = 0xff, [11] = 0xff };
	if (alen == 8)
		return ip[0] != 127;
	return memcmp(ip, v6_loopback, 16) != 0 && !(memcmp(ip, v4_mapped, 12) == 0 && ip[12] == 127);
}
