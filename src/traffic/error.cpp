#include "traffic/error.hpp"

#include <fmt/format.h>

namespace sonde::traffic {
namespace {

std::string compose(const ErrorSite& site, const std::string& field, const std::string& what,
                    const std::string& hint) {
  std::string out =
      site.line > 0 ? fmt::format("{}:{}: ", site.file, site.line) : fmt::format("{}: ", site.file);
  if (site.element) out += fmt::format("element {}: ", *site.element);
  if (!field.empty()) out += fmt::format("field \"{}\" ", field);
  out += what;
  if (!hint.empty()) out += "; " + hint;
  return out;
}

}  // namespace

TrafficError::TrafficError(ErrorSite site, std::string field, const std::string& what,
                           const std::string& hint)
    : UsageError(compose(site, field, what, hint)), site_(std::move(site)),
      field_(std::move(field)) {}

}  // namespace sonde::traffic
