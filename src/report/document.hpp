#pragma once
// The reports' document model: what report.md and report.html show, built once by each report
// (run, sweep, findings) and rendered twice, to Markdown (document_markdown.cpp) and to HTML
// (document_html.cpp). Only the forms the reports use: sections with anchors, headings,
// paragraphs, lists, key/value lists, notes, tables, preformatted text and figures (charts).
//
// Text inside blocks (`Inline`) is the catalogue's inline language, the same in both outputs:
// `code`, **strong**, _emphasis_ and backslash escapes (\* \_ ...). The Markdown renderer writes
// it as it is; the HTML renderer turns it into tags and escapes everything else, once. Text from
// outside the catalogue (a runner warning, a probe's note) goes in through literal().
#include <ostream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace sonde::report::doc {

using Inline = std::string;

// Text shown as written: Markdown's active characters (\ ` * _ [ ] < >) are backslash-escaped,
// so neither output reads them as markup.
Inline literal(std::string_view text);

// A heading inside a section (level 3 or 4; sections carry their own level-2 heading).
struct Heading {
  int level = 3;  // 1 = the page title ("#"), 3 = "###", 4 = "####"
  Inline text;
};

struct Paragraph {
  enum class Style {
    plain,   // <p>
    meta,    // a line of facts about the report itself, under the title (<p class="meta">)
    banner,  // a notice the reader must not miss, bold throughout (<p class="banner">)
  };
  Inline text;  // may hold line breaks; HTML joins the lines with spaces
  Style style = Style::plain;
};

struct ListItem {
  Inline text;                  // "- text"
  std::vector<Inline> details;  // further lines of the item, indented by two spaces
};

struct List {
  std::vector<ListItem> items;
};

// "- **key**: value" in Markdown, a two-column table in HTML.
struct KeyValues {
  std::vector<std::pair<Inline, Inline>> rows;
};

// A warning set apart from the text ("> " in Markdown, <blockquote class="warning">).
struct Note {
  Inline text;
};

enum class Align {
  figures,  // HTML right-aligns the cells that hold a figure (digits, separators, "—")
  left,
  right,
};

struct Cell {
  Inline text;
  bool strong = false;  // **text**: a difference larger than the run-to-run spread
  std::string mark;     // written before the text, e.g. "≈" (within the spread); "" none
  Cell(Inline t = {}) : text(std::move(t)) {}  // NOLINT: plain text is the usual cell
  Cell(const char* t) : text(t) {}             // NOLINT
  Cell(std::string_view t) : text(t) {}        // NOLINT
  Cell(Inline t, bool s, std::string m) : text(std::move(t)), strong(s), mark(std::move(m)) {}
};

// The cell as inline text: "**+12.3%**", "≈ +1.2%".
Inline markup(const Cell& cell);

struct Table {
  std::vector<Inline> header;           // one per column
  std::vector<Align> align;             // per column; missing entries mean Align::figures
  std::vector<std::vector<Cell>> rows;  // each as long as the header
};

// Preformatted text (a server log excerpt): shown verbatim, never read as markup.
struct Code {
  std::vector<std::string> lines;
};

// One chart or a pair shown side by side under one caption.
struct Figure {
  std::vector<std::string> svgs;  // one <svg> element per panel (1 or 2), embedded in HTML
  Inline caption;                 // what the figure shows, from the catalogue
  std::string file;               // the SVG file report.md links to; "" = HTML only
};

// The charts placed at one point of a section, and a sentence on any that could not be drawn.
struct Figures {
  std::vector<Figure> figures;
  Inline note;  // "" none; shown in HTML only
};

using Block = std::variant<Heading, Paragraph, List, KeyValues, Note, Table, Code, Figures>;

// A level-2 heading and what follows it up to the next one; `id` is its stable anchor.
struct Section {
  std::string id;  // "summary", "conclusions", ...: the same in every language
  Inline heading;
  std::vector<Block> blocks;
};

struct Document {
  std::string lang;           // "ko", "en": <html lang>
  std::string title;          // <title> (plain text)
  std::string generator;      // tool version for <meta name="generator">
  std::string extra_css;      // appended to the shared stylesheet
  std::string contents;       // the table of contents' label, from the catalogue
  std::vector<Block> header;  // before the first section: title, banners, meta lines
  std::vector<Section> sections;
  std::string markdown_end;  // written after the last block of report.md (the sweep's
                             // report has always ended with one more blank line)
};

// A catalogue table header written as one Markdown row ("| a | b |", so that translators see
// the table): its cells.
std::vector<Inline> header_cells(std::string_view row);

void write_markdown(const Document& doc, std::ostream& out);
void write_html(const Document& doc, std::ostream& out);

// Blocks alone, without page or sections (the findings, in tests and callers that embed them).
void write_markdown(const std::vector<Block>& blocks, std::ostream& out);
void write_html(const std::vector<Block>& blocks, std::ostream& out);

// Inline text as HTML (tags for the inline forms, everything else escaped).
std::string inline_html(std::string_view text);

// True when a table cell holds a figure (digits, separators, "—").
bool is_numeric_cell(std::string_view cell);

}  // namespace sonde::report::doc
