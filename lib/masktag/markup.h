// Text into HTML and SVG (XML) markup: the report's page and figures take titles, tokens,
// labels and paths from the data, which may hold '<', '&', quotes or bytes that are not
// UTF-8.
//
// Our own ~40 lines rather than a library: what a page needs is these five characters
// escaped and the text made valid UTF-8 for XML. Debian 12's candidates do more and fit
// worse: kainjow-mustache (libkainjow-mustache-dev 4.1, upstream quiet since 2020)
// escapes the same characters but not bytes that are not UTF-8 or XML's forbidden
// control characters, and its templates would need the report copied into its own data
// type; inja is not packaged in Debian 12.
#pragma once

#include <string>
#include <string_view>

namespace masktag {

// Appends `text` to `out` for an HTML or XML element's content or a quoted attribute
// value: '&', '<', '>', '"' and '\'' become entities; bytes that are not valid UTF-8,
// and control characters XML 1.0 forbids (all below U+0020 but tab, LF and CR), become
// U+FFFD. The result is well-formed in both HTML and XML whatever `text` holds.
void append_markup(std::string& out, std::string_view text);

// The same, returned.
std::string markup(std::string_view text);

}  // namespace masktag
