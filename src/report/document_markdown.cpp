// The document model as Markdown (report.md). Inline text is written as it is: it already is
// Markdown's inline language; only table cells need their '|' escaped.
#include <string>

#include "report/document.hpp"

namespace sonde::report::doc {

Inline literal(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (std::string_view("\\`*_[]<>").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::vector<Inline> header_cells(std::string_view row) {
  std::vector<Inline> cells;
  std::size_t start = row.find('|');
  while (start != std::string_view::npos) {
    const std::size_t end = row.find('|', start + 1);
    if (end == std::string_view::npos) {
      // "| a | b" (a header that the caller continues): the last cell has no closing bar.
      std::string_view rest = row.substr(start + 1);
      while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
      while (!rest.empty() && rest.back() == ' ') rest.remove_suffix(1);
      if (!rest.empty()) cells.emplace_back(rest);
      break;
    }
    std::string_view cell = row.substr(start + 1, end - start - 1);
    while (!cell.empty() && cell.front() == ' ') cell.remove_prefix(1);
    while (!cell.empty() && cell.back() == ' ') cell.remove_suffix(1);
    cells.emplace_back(cell);
    start = end;
  }
  return cells;
}

Inline markup(const Cell& c) {
  std::string text = c.strong ? "**" + c.text + "**" : c.text;
  return c.mark.empty() ? text : c.mark + " " + text;
}

namespace {

// A '|' inside a cell must not split the row.
std::string cell_text(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

void write_row(const std::vector<std::string>& cells, std::ostream& out) {
  out << "|";
  for (const std::string& c : cells) out << " " << cell_text(c) << " |";
  out << "\n";
}

struct MarkdownBlock {
  std::ostream& out;

  void operator()(const Heading& h) const {
    out << std::string(h.level, '#') << " " << h.text << "\n\n";
  }
  void operator()(const Paragraph& p) const { out << p.text << "\n\n"; }
  void operator()(const List& l) const {
    for (const ListItem& item : l.items) {
      out << "- " << item.text << "\n";
      for (const Inline& d : item.details) out << "  " << d << "\n";
    }
    out << "\n";
  }
  void operator()(const KeyValues& kv) const {
    for (const auto& [key, value] : kv.rows) out << "- **" << key << "**: " << value << "\n";
    out << "\n";
  }
  void operator()(const Note& n) const { out << "> " << n.text << "\n\n"; }
  void operator()(const Table& t) const {
    write_row(t.header, out);
    out << "|";
    for (std::size_t i = 0; i < t.header.size(); ++i) {
      out << (i < t.align.size() && t.align[i] == Align::right ? " ---: |" : " --- |");
    }
    out << "\n";
    for (const auto& row : t.rows) {
      std::vector<std::string> cells;
      for (const Cell& c : row) cells.push_back(markup(c));
      write_row(cells, out);
    }
    out << "\n";
  }
  void operator()(const Code& c) const {
    out << "```\n";
    for (const std::string& line : c.lines) out << line << "\n";
    out << "```\n\n";
  }
  void operator()(const Figures& f) const {
    for (const Figure& fig : f.figures) {
      if (!fig.file.empty()) out << "![" << fig.caption << "](" << fig.file << ")\n\n";
    }
  }
};

}  // namespace

void write_markdown(const std::vector<Block>& blocks, std::ostream& out) {
  for (const Block& b : blocks) std::visit(MarkdownBlock{out}, b);
}

void write_markdown(const Document& doc, std::ostream& out) {
  write_markdown(doc.header, out);
  for (const Section& s : doc.sections) {
    out << "## " << s.heading << "\n\n";
    write_markdown(s.blocks, out);
  }
  out << doc.markdown_end;
}

}  // namespace sonde::report::doc
