#pragma once
// Report languages: Korean (the user's, default) and English.
#include <optional>
#include <string>

namespace sonde {

enum class Lang { ko, en };

// "ko" or "en" (case-insensitive); nullopt for anything else.
std::optional<Lang> parse_lang(std::string text);

const char* to_string(Lang lang);

}  // namespace sonde
