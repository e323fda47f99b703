// The document model as HTML (report.html): one self-contained page, inline CSS and SVG, a table
// of contents of its sections. Every piece of text is escaped here, once.
#include <cctype>
#include <string>

#include "chart/svg.hpp"
#include "report/document.hpp"
#include "report/html_style.hpp"

namespace sonde::report::doc {

namespace {

bool word_char(unsigned char c) { return std::isalnum(c) || c >= 0x80; }

}  // namespace

std::string inline_html(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\\' && i + 1 < s.size() && std::ispunct(static_cast<unsigned char>(s[i + 1]))) {
      out += svg::escape_text(s.substr(++i, 1));
    } else if (c == '`') {
      const std::size_t end = s.find('`', i + 1);
      if (end == std::string_view::npos) {
        out += c;
        continue;
      }
      out += "<code>" + svg::escape_text(s.substr(i + 1, end - i - 1)) + "</code>";
      i = end;
    } else if (c == '*' && i + 1 < s.size() && s[i + 1] == '*') {
      const std::size_t end = s.find("**", i + 2);
      if (end == std::string_view::npos) {
        out += "**";
        ++i;
        continue;
      }
      out += "<strong>" + inline_html(s.substr(i + 2, end - i - 2)) + "</strong>";
      i = end + 1;
    } else if (c == '_' && (i == 0 || !word_char(s[i - 1])) && i + 1 < s.size() && s[i + 1] != ' ') {
      // Emphasis only at word boundaries, so that short_1k stays a name (as in CommonMark).
      std::size_t end = i + 1;
      while ((end = s.find('_', end)) != std::string_view::npos) {
        if (s[end - 1] != ' ' && (end + 1 == s.size() || !word_char(s[end + 1]))) break;
        ++end;
      }
      if (end == std::string_view::npos) {
        out += c;
        continue;
      }
      out += "<em>" + inline_html(s.substr(i + 1, end - i - 1)) + "</em>";
      i = end;
    } else {
      out += svg::escape_text(s.substr(i, 1));
    }
  }
  return out;
}

bool is_numeric_cell(std::string_view cell) {
  bool digit = false;
  for (std::size_t i = 0; i < cell.size(); ++i) {
    const char c = cell[i];
    if (std::isdigit(static_cast<unsigned char>(c)))
      digit = true;
    else if (c == ',' || c == '.' || c == ' ' || c == '/' || c == '-' || c == '%')
      continue;
    else if (cell.substr(i, 3) == "—")
      i += 2;  // U+2014, three bytes in UTF-8
    else
      return false;
  }
  return digit || cell == "—";
}

namespace {

// Lines of a paragraph or list item flow into one line of HTML.
std::string joined(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(start, nl - start);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    if (!line.empty()) out += (out.empty() ? "" : " ") + std::string(line);
    start = nl + 1;
  }
  return out;
}

struct HtmlBlock {
  std::ostream& out;

  void operator()(const Heading& h) const {
    const std::string tag = "h" + std::to_string(h.level < 1 ? 1 : h.level > 6 ? 6 : h.level);
    out << "<" << tag << ">" << inline_html(h.text) << "</" << tag << ">\n";
  }
  void operator()(const Paragraph& p) const {
    const char* open = p.style == Paragraph::Style::meta     ? "<p class=\"meta\">"
                       : p.style == Paragraph::Style::banner ? "<p class=\"banner\">"
                                                             : "<p>";
    out << open << inline_html(joined(p.text)) << "</p>\n";
  }
  void operator()(const List& l) const {
    out << "<ul>\n";
    for (const ListItem& item : l.items) {
      std::string text = item.text;
      for (const Inline& d : item.details) text += "\n" + d;
      out << "<li>" << inline_html(joined(text)) << "</li>\n";
    }
    out << "</ul>\n";
  }
  void operator()(const KeyValues& kv) const {
    out << "<table class=\"kv\"><tbody>\n";
    for (const auto& [key, value] : kv.rows) {
      out << "<tr><th scope=\"row\">" << inline_html(key) << "</th><td>" << inline_html(value)
          << "</td></tr>\n";
    }
    out << "</tbody></table>\n";
  }
  void operator()(const Note& n) const {
    out << "<blockquote class=\"warning\"><p>" << inline_html(joined(n.text))
        << "</p></blockquote>\n";
  }
  void operator()(const Table& t) const {
    out << "<div class=\"table-wrap\"><table>\n<thead><tr>";
    for (const Inline& h : t.header) out << "<th scope=\"col\">" << inline_html(h) << "</th>";
    out << "</tr></thead>\n<tbody>\n";
    for (const auto& row : t.rows) {
      out << "<tr>";
      for (std::size_t i = 0; i < row.size(); ++i) {
        const Align a = i < t.align.size() ? t.align[i] : Align::figures;
        const std::string text = markup(row[i]);
        const bool num = a == Align::right || (a == Align::figures && is_numeric_cell(text));
        out << (num ? "<td class=\"num\">" : "<td>") << inline_html(text) << "</td>";
      }
      out << "</tr>\n";
    }
    out << "</tbody></table></div>\n";
  }
  void operator()(const Code& c) const {
    std::string text;
    for (const std::string& line : c.lines) text += line + "\n";
    out << "<pre>" << svg::escape_text(text) << "</pre>\n";
  }
  void operator()(const Figures& f) const {
    if (!f.figures.empty()) {
      // Two columns; single charts pack side by side, pairs take a whole row.
      out << "<div class=\"figures\">\n";
      for (const Figure& fig : f.figures) {
        out << "<figure class=\"chart" << (fig.svgs.size() > 1 ? " pair" : "")
            << "\"><div class=\"panels\">\n";
        for (const std::string& svg : fig.svgs) out << "<div class=\"panel\">" << svg << "</div>\n";
        out << "</div><figcaption>" << inline_html(fig.caption) << "</figcaption></figure>\n";
      }
      out << "</div>\n";
    }
    if (!f.note.empty()) out << "<p class=\"note\">" << inline_html(f.note) << "</p>\n";
  }
};

}  // namespace

void write_html(const std::vector<Block>& blocks, std::ostream& out) {
  for (const Block& b : blocks) std::visit(HtmlBlock{out}, b);
}

void write_html(const Document& doc, std::ostream& out) {
  out << "<!DOCTYPE html>\n<html lang=\"" << svg::escape_attr(doc.lang) << "\">\n<head>\n"
      << "<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<meta name=\"generator\" content=\"sonde " << svg::escape_attr(doc.generator) << "\">\n"
      << "<title>" << svg::escape_text(doc.title) << "</title>\n<style>" << html::stylesheet()
      << doc.extra_css << "</style>\n</head>\n<body>\n<main>\n<header>\n";
  write_html(doc.header, out);
  out << "</header>\n";
  if (!doc.sections.empty()) {
    out << "<nav class=\"toc\" aria-label=\"" << svg::escape_attr(doc.contents) << "\"><strong>"
        << svg::escape_text(doc.contents) << "</strong><ol>\n";
    for (const Section& s : doc.sections) {
      out << "<li><a href=\"#" << svg::escape_attr(s.id) << "\">" << inline_html(s.heading)
          << "</a></li>\n";
    }
    out << "</ol></nav>\n";
  }
  for (const Section& s : doc.sections) {
    out << "<section id=\"" << svg::escape_attr(s.id) << "\">\n<h2>" << inline_html(s.heading)
        << "</h2>\n";
    write_html(s.blocks, out);
    out << "</section>\n";
  }
  out << "</main>\n</body>\n</html>\n";
}

}  // namespace sonde::report::doc
