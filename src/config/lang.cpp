#include "config/lang.hpp"

#include <algorithm>
#include <cctype>

namespace sonde {

std::optional<Lang> parse_lang(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (text == "ko") return Lang::ko;
  if (text == "en") return Lang::en;
  return std::nullopt;
}

const char* to_string(Lang lang) { return lang == Lang::ko ? "ko" : "en"; }

}  // namespace sonde
