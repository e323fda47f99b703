#include "report/html_markdown.hpp"

#include <cctype>

#include "report/svg.hpp"

namespace sonde::report::html {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

std::string trim(std::string_view s) {
  std::size_t a = 0, b = s.size();
  while (a < b && (s[a] == ' ' || s[a] == '\t')) ++a;
  while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r')) --b;
  return std::string(s.substr(a, b - a));
}

// Splits "| a | b \| c |" into {"a", "b \| c"}; escapes stay for inline_html to resolve.
std::vector<std::string> split_row(std::string_view line) {
  std::vector<std::string> cells;
  std::string cur;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 1 < line.size()) {
      cur += line[i];
      cur += line[++i];
    } else if (line[i] == '|') {
      cells.push_back(trim(cur));
      cur.clear();
    } else {
      cur += line[i];
    }
  }
  cells.push_back(trim(cur));
  if (!cells.empty() && cells.front().empty()) cells.erase(cells.begin());
  if (!cells.empty() && cells.back().empty()) cells.pop_back();
  return cells;
}

bool is_separator_row(std::string_view line) {
  for (char c : line) {
    if (c != '|' && c != '-' && c != ':' && c != ' ') return false;
  }
  return true;
}

bool word_char(unsigned char c) { return std::isalnum(c) || c >= 0x80; }

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      if (start < text.size()) lines.emplace_back(text.substr(start));
      break;
    }
    lines.emplace_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

}  // namespace

std::vector<Block> parse_blocks(std::string_view markdown) {
  using K = Block::Kind;
  std::vector<Block> blocks;
  bool open = false;  // whether the last block may take the next line
  for (const std::string& raw : split_lines(markdown)) {
    const std::string line = trim(raw);
    const bool indented = starts_with(raw, "  ") && !line.empty();
    if (line.empty()) {
      open = false;
    } else if (line[0] == '#') {
      std::size_t n = line.find_first_not_of('#');
      blocks.push_back({K::heading, int(n), {trim(std::string_view(line).substr(n))}, {}});
      open = false;
    } else if (line[0] == '|') {
      if (!open || blocks.back().kind != K::table) blocks.push_back({K::table, 0, {}, {}});
      if (!is_separator_row(line) || blocks.back().rows.empty()) blocks.back().rows.push_back(split_row(line));
      open = true;
    } else if (starts_with(line, "- ")) {
      if (!open || blocks.back().kind != K::list) blocks.push_back({K::list, 0, {}, {}});
      blocks.back().items.push_back(line.substr(2));
      open = true;
    } else if (open && indented && blocks.back().kind == K::list) {
      blocks.back().items.back() += " " + line;  // continuation of a wrapped list item
    } else if (starts_with(line, "> ") || line == ">") {
      const std::string text = trim(std::string_view(line).substr(1));
      if (open && blocks.back().kind == K::quote) blocks.back().items[0] += " " + text;
      else blocks.push_back({K::quote, 0, {text}, {}});
      open = true;
    } else if (open && blocks.back().kind == K::paragraph) {
      blocks.back().items[0] += " " + line;
    } else {
      blocks.push_back({K::paragraph, 0, {line}, {}});
      open = true;
    }
  }
  return blocks;
}

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
    if (std::isdigit(static_cast<unsigned char>(c))) digit = true;
    else if (c == ',' || c == '.' || c == ' ' || c == '/' || c == '-' || c == '%') continue;
    else if (cell.substr(i, 3) == "—") i += 2;  // U+2014, three bytes in UTF-8
    else return false;
  }
  return digit || cell == "—";
}

namespace {

// "**Label**: value" list items (the environment section) read better as a two-column table.
bool is_key_value_list(const Block& b) {
  for (const std::string& item : b.items) {
    if (!starts_with(item, "**") || item.find("**: ", 2) == std::string::npos) return false;
  }
  return !b.items.empty();
}

std::string render_key_values(const Block& b) {
  std::string out = "<table class=\"kv\"><tbody>\n";
  for (const std::string& item : b.items) {
    const std::size_t end = item.find("**: ", 2);
    out += "<tr><th scope=\"row\">" + inline_html(item.substr(2, end - 2)) + "</th><td>" +
           inline_html(item.substr(end + 4)) + "</td></tr>\n";
  }
  return out + "</tbody></table>\n";
}

std::string render_table(const Block& b) {
  std::string out = "<div class=\"table-wrap\"><table>\n<thead><tr>";
  for (const std::string& cell : b.rows[0]) out += "<th scope=\"col\">" + inline_html(cell) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (std::size_t r = 1; r < b.rows.size(); ++r) {
    out += "<tr>";
    for (const std::string& cell : b.rows[r]) {
      out += is_numeric_cell(cell) ? "<td class=\"num\">" : "<td>";
      out += inline_html(cell) + "</td>";
    }
    out += "</tr>\n";
  }
  return out + "</tbody></table></div>\n";
}

}  // namespace

std::string render_block(const Block& b) {
  using K = Block::Kind;
  switch (b.kind) {
    case K::heading: {
      const std::string tag = "h" + std::to_string(b.level < 1 ? 1 : b.level > 6 ? 6 : b.level);
      return "<" + tag + ">" + inline_html(b.items[0]) + "</" + tag + ">\n";
    }
    case K::table: return b.rows.empty() ? "" : render_table(b);
    case K::quote: return "<blockquote class=\"warning\"><p>" + inline_html(b.items[0]) + "</p></blockquote>\n";
    case K::list: {
      if (is_key_value_list(b)) return render_key_values(b);
      std::string out = "<ul>\n";
      for (const std::string& item : b.items) out += "<li>" + inline_html(item) + "</li>\n";
      return out + "</ul>\n";
    }
    case K::paragraph: break;
  }
  const std::string& text = b.items[0];
  // A paragraph that is bold throughout is a banner (the simulator notice).
  const bool banner = text.size() > 4 && starts_with(text, "**") &&
                      text.compare(text.size() - 2, 2, "**") == 0 && text.find("**", 2) == text.size() - 2;
  return std::string(banner ? "<p class=\"banner\">" : "<p>") + inline_html(text) + "</p>\n";
}

}  // namespace sonde::report::html
