#pragma once
// Free TCP ports for launched servers, and the check that a stopped server released its port.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace sonde {

// A port the kernel says is free now (bind 127.0.0.1:0, read it back, close). Another process
// can still take it before the server binds; the server's start-up failure then says so.
// Throws sonde::Error when no socket can be bound at all.
uint16_t pick_free_port();

// `n` distinct free ports (all held bound until the last is picked, so none repeats): the ports
// a sweep plans for its points, printed by --dry-run and used at launch while still free.
std::vector<uint16_t> pick_free_ports(std::size_t n);

// True when nothing listens on the port: a bind to 0.0.0.0:port with SO_REUSEADDR succeeds
// (so TIME_WAIT leftovers of closed connections do not count, as they do not stop a server
// from binding, while a listener on any IPv4 address does).
bool port_is_free(uint16_t port);

}  // namespace sonde
