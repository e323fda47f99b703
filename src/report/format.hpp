#pragma once
// Number formatting for reports: thousands separators, precision by magnitude, "—" for a
// figure that does not exist (NaN).
#include <cstdint>
#include <string>

#include "config/scenario.hpp"

namespace sonde::report {

inline constexpr const char* kMissing = "—";

// `v` with `decimals` digits after the point and ',' between thousands; "—" when not finite.
std::string number(double v, int decimals);

// Precision by magnitude: < 1 → 3 decimals, < 10 → 2, < 1000 → 1, else 0 (e.g. 0.472,
// 6.35, 79.9, 1,234). Used for ms, tok/s and req/s.
std::string autonum(double v);

// Milliseconds shown in seconds with 2 decimals (3 below 1 s).
std::string seconds_from_ms(double ms);

// `v` with at most `max_decimals` decimals, trailing zeros dropped: 20 → "20", 2.5 → "2.5".
// For settings the user typed (speed-up, request rate), shown as given.
std::string trimmed(double v, int max_decimals);

// Integer with thousands separators.
std::string integer(int64_t v);

// A rate scenario's request rate as a number to put before "req/s": "2.5", or "1→20" for a
// ramp (report/rate_label.cpp).
std::string rate_label(const ScenarioSpec& spec);

}  // namespace sonde::report
