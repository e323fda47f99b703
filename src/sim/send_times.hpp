#pragma once
// `sonde sim --emit-send-times`: every token chunk carries "sim_t_ns", the CLOCK_MONOTONIC
// instant (ns) its bytes were handed to the socket, so a client on the same host can measure its
// own receive delay per chunk (bench/). Chunks are rendered with a fixed-width blank
// slot when the engine produces them and stamped right before the write that sends them, so
// the instant is the send, not the render (a chunk may wait behind an earlier write).
#include <string>
#include <string_view>

namespace sonde::sim {

// The slot: this key, then kSendTimeWidth blanks (room for any int64) until stamped.
inline constexpr std::string_view kSendTimeKey = ",\"sim_t_ns\":";
inline constexpr size_t kSendTimeWidth = 20;

// `sse` is one SSE event "data: {...}\n\n"; returns it with `,"sim_t_ns":<blank slot>` added
// as the JSON object's last member (blanks before a number are valid JSON whitespace).
std::string with_send_time_slot(std::string_view sse);

// Fills every blank slot in `bytes` (about to be written) with the current CLOCK_MONOTONIC ns.
void stamp_send_times(std::string& bytes);

}  // namespace sonde::sim
