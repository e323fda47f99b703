#pragma once
// Catalogue sentences whose placeholders are checked when sonde is compiled.
//
// A catalogue field's type declares the names it takes: `Message<"name", "rate"> warn_item;`.
// Every language's string for that field is parsed at compile time (consteval constructor): each
// {placeholder} must be a declared name, each declared name must appear, and the only other
// braces allowed are the escapes {{ and }} (no positional {} and no format specs: values arrive
// formatted). A call passes exactly the declared names, in any order:
//   m.warn_item.format(arg<"name">(sc.name), arg<"rate">(rate))
// and anything else fails the build (static_assert). So a typo in a translation, a forgotten
// argument or a stale one is a compile error, never an fmt exception in front of a user.
// A sentence without placeholders is a plain `Text` (const char*): it is never formatted, so it
// can hold no placeholder to get wrong; the catalogue test checks it has no brace at all.
#include <fmt/format.h>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace sonde {

// A placeholder name as a template argument: the "rate" of Message<"rate">.
template <std::size_t N>
struct MessageName {
  char chars[N]{};  // the name, NUL-terminated (fmt::arg keeps a pointer to it)

  consteval MessageName(const char (&name)[N]) {  // NOLINT: implicit from a string literal
    for (std::size_t i = 0; i < N; ++i) chars[i] = name[i];
  }
  constexpr std::string_view view() const { return {chars, N - 1}; }
};

// One named argument of a sentence: arg<"rate">(value). Holds a reference, so it lives only
// until the end of the full expression that formats it.
template <MessageName Name, class T>
struct MessageArg {
  const T& value;  // the value to put in place of {Name}
};

template <MessageName Name, class T>
constexpr MessageArg<Name, T> arg(const T& value) {
  return {value};
}

namespace message_check {

// Never defined as constexpr: a compile-time check that fails calls one of these, and the
// compiler's error names it (the whole diagnostic a catalogue author sees).
inline void catalogue_string_uses_a_placeholder_its_type_does_not_declare() {}
inline void catalogue_string_lacks_a_placeholder_its_type_declares() {}
inline void catalogue_string_has_a_stray_brace_positional_or_format_spec() {}

constexpr bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Checks `text` against `names` (see the top of this file); fails the build when wrong.
template <std::size_t K>
consteval void check(const char* text, const std::array<std::string_view, K>& names) {
  std::array<bool, K> used{};
  for (std::size_t i = 0; text[i] != '\0'; ++i) {
    if (text[i] == '}') {
      if (text[i + 1] != '}') catalogue_string_has_a_stray_brace_positional_or_format_spec();
      ++i;
      continue;
    }
    if (text[i] != '{') continue;
    if (text[i + 1] == '{') {
      ++i;
      continue;
    }
    std::size_t end = i + 1;
    while (is_name_char(text[end])) ++end;
    if (end == i + 1 || text[end] != '}')
      catalogue_string_has_a_stray_brace_positional_or_format_spec();
    const std::string_view name(text + i + 1, end - i - 1);
    std::size_t k = 0;
    while (k < K && names[k] != name) ++k;
    if (k == K) catalogue_string_uses_a_placeholder_its_type_does_not_declare();
    used[k] = true;
    i = end;
  }
  for (const bool u : used) {
    if (!u) catalogue_string_lacks_a_placeholder_its_type_declares();
  }
}

template <std::size_t K>
constexpr bool distinct(const std::array<std::string_view, K>& names) {
  for (std::size_t a = 0; a < K; ++a) {
    for (std::size_t b = a + 1; b < K; ++b) {
      if (names[a] == names[b]) return false;
    }
  }
  return true;
}

// True when `given` and `declared` hold the same names (each list without repeats).
template <std::size_t G, std::size_t K>
constexpr bool same_names(const std::array<std::string_view, G>& given,
                          const std::array<std::string_view, K>& declared) {
  if (G != K || !distinct(given)) return false;
  for (const std::string_view g : given) {
    bool found = false;
    for (const std::string_view d : declared) found = found || g == d;
    if (!found) return false;
  }
  return true;
}

}  // namespace message_check

// A catalogue sentence taking the named arguments Names.
template <MessageName... Names>
class Message {
 public:
  // The declared placeholder names, in declaration order.
  static constexpr std::array<std::string_view, sizeof...(Names)> names{Names.view()...};
  static_assert(sizeof...(Names) > 0, "a sentence without placeholders is a Text");
  static_assert(message_check::distinct(names), "a catalogue field declares a placeholder twice");

  consteval Message(const char* text) : text_(text) {  // NOLINT: implicit from a string literal
    message_check::check(text, names);
  }

  // Whether `name` is one of the declared placeholders.
  static constexpr bool declares(std::string_view name) {
    for (const std::string_view n : names) {
      if (n == name) return true;
    }
    return false;
  }

  // The sentence with every placeholder replaced; the arguments must be exactly Names.
  template <MessageName... Given, class... T>
  std::string format(const MessageArg<Given, T>&... args) const {
    static_assert(message_check::same_names(
                      std::array<std::string_view, sizeof...(Given)>{Given.view()...}, names),
                  "the arguments must be exactly the placeholders this catalogue field declares");
    return fmt::format(fmt::runtime(text_), fmt::arg(Given.chars, args.value)...);
  }

  // The catalogue string itself, placeholders unreplaced (for tests).
  constexpr const char* c_str() const { return text_; }

 private:
  const char* text_;  // a string literal of the catalogue
};

// A catalogue sentence without placeholders, used as it is.
using Text = const char*;

}  // namespace sonde
