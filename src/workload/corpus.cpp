#include "workload/corpus.hpp"

#include <fstream>
#include <iterator>
#include <sstream>

#include "util/error.hpp"
#include "workload/builtin_corpora.hpp"
#include "util/utf8.hpp"

namespace sonde {
namespace {

constexpr const char* kInstructionKo = "다음 문서를 읽고 핵심 내용을 요약해 주세요.";
constexpr const char* kInstructionEn = "Read the following document and summarise its key points.";

std::string join_documents(std::span<const std::string_view> docs) {
  std::string out;
  for (std::string_view d : docs) {
    if (!out.empty()) out += "\n\n";
    out += d;
  }
  return out;
}

std::string read_corpus_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw UsageError("corpus file '" + path +
                     "' cannot be opened (missing or unreadable); pass --corpus ko, en or a "
                     "readable UTF-8 text file");
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) throw UsageError("corpus file '" + path + "' could not be read");
  return buf.str();
}

// Trims surrounding whitespace so a file of blank lines counts as empty.
std::string_view trimmed(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

}  // namespace

Corpus Corpus::load(const std::string& spec) {
  Corpus c;
  if (spec == "ko" || spec == "en") {
    const bool ko = spec == "ko";
    c.text_ = join_documents(ko ? builtin_documents_ko() : builtin_documents_en());
    c.lang_ = spec;
    c.instruction_ = ko ? kInstructionKo : kInstructionEn;
    return c;
  }
  std::string raw = read_corpus_file(spec);
  if (const auto bad = utf8::first_invalid(raw)) {
    throw UsageError("corpus file '" + spec + "' is not valid UTF-8 (first bad byte at offset " +
                     std::to_string(*bad) + "); convert it to UTF-8, e.g. with iconv");
  }
  const std::string_view body = trimmed(raw);
  if (body.empty()) {
    throw UsageError("corpus file '" + spec + "' is empty; give a file with some text in it");
  }
  // Windows line ends would hide the blank lines that separate paragraphs.
  c.text_.reserve(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\r' && i + 1 < body.size() && body[i + 1] == '\n') continue;
    c.text_ += body[i];
  }
  c.lang_ = "file";
  // A mostly-Korean file gets the Korean instruction so the prompt reads naturally.
  const utf8::ScriptCounts sc = utf8::count_scripts(c.text_);
  c.instruction_ = sc.hangul > sc.latin ? kInstructionKo : kInstructionEn;
  return c;
}

}  // namespace sonde
