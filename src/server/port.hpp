#pragma once
// Free TCP ports for launched servers, and the check that a stopped server released its port.
#include <cstdint>

namespace sonde {

// A port the kernel says is free now (bind 127.0.0.1:0, read it back, close). Another process
// can still take it before the server binds; the server's start-up failure then says so.
// Throws sonde::Error when no socket can be bound at all.
uint16_t pick_free_port();

// True when nothing listens on the port: a bind to 0.0.0.0:port with SO_REUSEADDR succeeds
// (so TIME_WAIT leftovers of closed connections do not count, as they do not stop a server
// from binding, while a listener on any IPv4 address does).
bool port_is_free(uint16_t port);

}  // namespace sonde
