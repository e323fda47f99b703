#pragma once
// Source text for prompts: built-in natural Korean (default) or English, or a user's file.
#include <string>
#include <string_view>

namespace sonde {

class Corpus {
 public:
  // spec: "ko", "en", or a path to a UTF-8 text file. Throws UsageError naming the file when
  // it cannot be read, is empty or is not valid UTF-8.
  static Corpus load(const std::string& spec);

  const std::string& text() const { return text_; }      // whole corpus, UTF-8
  const std::string& language() const { return lang_; }  // "ko", "en" or "file"
  // The instruction placed before the document, e.g. "다음 문서를 요약해 주세요."
  const std::string& instruction() const { return instruction_; }

 private:
  std::string text_;
  std::string lang_;
  std::string instruction_;
};

}  // namespace sonde
