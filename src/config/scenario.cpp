#include "config/scenario.hpp"

namespace sonde {

const char* to_string(LoadShape shape) {
  switch (shape) {
    case LoadShape::burst:
      return "burst";
    case LoadShape::closed:
      return "closed";
    case LoadShape::rate:
      return "rate";
  }
  return "closed";
}

std::optional<LoadShape> parse_load_shape(const std::string& text) {
  if (text == "burst") return LoadShape::burst;
  if (text == "closed") return LoadShape::closed;
  if (text == "rate") return LoadShape::rate;
  return std::nullopt;
}

}  // namespace sonde
