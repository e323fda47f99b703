#pragma once
// Internal to report.html: the Markdown subset that report.md and its catalogue use (headings,
// paragraphs, "- " lists, "> " quotes, pipe tables, `code`, **strong**, _em_, backslash
// escapes), parsed into blocks and rendered as HTML. report.html is built from the same
// Markdown so that its sections and tables can never drift from report.md's.
#include <string>
#include <string_view>
#include <vector>

namespace sonde::report::html {

struct Block {
  enum class Kind { heading, paragraph, list, quote, table };
  Kind kind = Kind::paragraph;
  int level = 0;                               // heading level (1 = "#")
  std::vector<std::string> items;              // text lines: one per list item, else one
  std::vector<std::vector<std::string>> rows;  // table cells (raw Markdown); rows[0] = header
};

std::vector<Block> parse_blocks(std::string_view markdown);

// Inline Markdown to HTML, everything else escaped.
std::string inline_html(std::string_view text);

// True when a table cell holds a figure (digits, separators, "—"): it is right-aligned.
bool is_numeric_cell(std::string_view cell);

// One block as HTML (headings included; sections are the caller's business).
std::string render_block(const Block& block);

}  // namespace sonde::report::html
