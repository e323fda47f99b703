// What util/message.hpp refuses to compile. CMakeLists.txt here compiles this file once per
// case (-DSONDE_CASE_<name>) and expects the build to fail with that case's diagnostic; the
// control case must compile, so a failure is the case's doing and not a broken command line.
#include <string>

#include "util/message.hpp"

namespace sonde {

// A catalogue as the report's are: a field type per sentence, a designated initializer per language.
struct Catalogue {
  Message<"name", "rate"> item;  // `name` at `rate`
  Text heading;                  // no placeholders
};

constexpr Catalogue kEn{.item = "`{name}` at {rate}", .heading = "Heading"};

#if defined(SONDE_CASE_typo_in_second_language)
constexpr Catalogue kKo{.item = "{rate}에서 `{nmae}`", .heading = "제목"};
#elif defined(SONDE_CASE_placeholder_dropped)
constexpr Catalogue kKo{.item = "`{name}`", .heading = "제목"};
#elif defined(SONDE_CASE_positional_placeholder)
constexpr Catalogue kKo{.item = "{} `{name}` {rate}", .heading = "제목"};
#elif defined(SONDE_CASE_format_spec)
constexpr Catalogue kKo{.item = "`{name}` {rate:.2f}", .heading = "제목"};
#elif defined(SONDE_CASE_stray_brace)
constexpr Catalogue kKo{.item = "`{name}` {rate} }", .heading = "제목"};
#else
constexpr Catalogue kKo{.item = "{rate}에서 `{name}`", .heading = "제목"};
#endif

#if defined(SONDE_CASE_message_without_placeholders)
struct Bad {
  Message<> plain;  // must be a Text
};
constexpr Bad kBad{.plain = "text"};
#endif

std::string render(const Catalogue& m) {
#if defined(SONDE_CASE_call_misses_an_argument)
  return m.item.format(arg<"name">(std::string("a")));
#elif defined(SONDE_CASE_call_misspells_an_argument)
  return m.item.format(arg<"name">(std::string("a")), arg<"rte">(1.5));
#elif defined(SONDE_CASE_call_passes_an_extra_argument)
  return m.item.format(arg<"name">(std::string("a")), arg<"rate">(1.5), arg<"n">(3));
#elif defined(SONDE_CASE_call_repeats_an_argument)
  return m.item.format(arg<"name">(std::string("a")), arg<"name">(std::string("b")));
#elif defined(SONDE_CASE_sentence_used_unformatted)
  const char* raw = m.item;
  return raw;
#else
  return m.item.format(arg<"rate">(1.5), arg<"name">(std::string("a"))) + m.heading;
#endif
}

}  // namespace sonde

int main() { return sonde::render(sonde::kKo).empty() || sonde::render(sonde::kEn).empty(); }
