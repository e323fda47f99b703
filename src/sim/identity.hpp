#pragma once
// How `sonde sim` says that it is a simulator while speaking vLLM's formats, so that no client
// mistakes its times for a GPU's: every HTTP response carries an `x-sonde-sim` header and
// /metrics carries sonde_sim:info and sonde_sim:time_scale (docs/simulator.md). sonde run reads
// the header back (runner/target.cpp) and converts times as --sim does.
#include <optional>
#include <string>
#include <string_view>

#include "sim/sim_config.hpp"

namespace sonde::sim {

inline constexpr std::string_view kIdentityHeader = "x-sonde-sim";

// What a simulator says about itself.
struct Identity {
  std::string profile;    // GPU and model simulated, e.g. "NVIDIA H100 80GB HBM3 x1 / llama-3.1-8b"
  double time_scale = 1;  // simulated seconds per real second (its --speed)
};

// run.json's sim_profile of a simulator with this configuration: "<product> x<gpus> / <model>",
// followed by " / fitted profile <file>" when `sonde sim --profile-file` loaded one.
std::string profile_label(const SimConfig& config);
Identity identity_of(const SimConfig& config);

// The header's value: "time_scale=5; profile=NVIDIA H100 80GB HBM3 x1 / llama-3.1-8b" (the
// profile last, so that it may hold any character but a line break).
std::string identity_header_value(const Identity& identity);
// The header's value read back; nullopt when it is not one (no positive, finite time_scale).
std::optional<Identity> parse_identity_header(std::string_view value);

}  // namespace sonde::sim
