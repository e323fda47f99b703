#pragma once
// The built-in corpora, original prose written for sonde. Each entry is one short document of
// paragraphs separated by blank lines; they are kept as separate literals because ISO C++ only
// guarantees string literals up to 65,536 characters (-Woverlength-strings under -Wpedantic).
#include <span>
#include <string_view>

namespace sonde {

std::span<const std::string_view> builtin_documents_ko();  // natural Korean prose
std::span<const std::string_view> builtin_documents_en();  // natural English prose

}  // namespace sonde
