#include "traffic/dataset_options.hpp"

#include "traffic/utf8.hpp"

namespace sonde::traffic {

std::size_t prompt_length(const DatasetOptions& options, std::string_view text) {
  return options.length ? options.length(text) : utf8_length(text);
}

}  // namespace sonde::traffic
