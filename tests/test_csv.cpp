#include <catch2/catch.hpp>

#include <cstdio>

#include "masktag/csv.h"

using namespace masktag::csv;
using F = std::vector<std::string>;

namespace {

struct Parsed {
    std::vector<F> rows;
    std::vector<std::size_t> lines;
    std::vector<std::string> errors;
};

Parsed parse(std::string text, char delimiter = ',', std::size_t max_bytes = std::size_t{1} << 20) {
    std::FILE* stream = fmemopen(text.data(), text.size(), "rb");
    REQUIRE(stream != nullptr);
    Reader reader(stream, delimiter, 1, max_bytes);
    Parsed p;
    Row row;
    while (reader.next(row)) {
        p.rows.emplace_back(row.fields.begin(), row.fields.end());
        p.lines.push_back(row.line);
        p.errors.push_back(row.error);
    }
    std::fclose(stream);
    return p;
}

}  // namespace

TEST_CASE("simple rows, LF and CRLF, with and without a last terminator", "[csv]") {
    CHECK(parse("a,b\n1,2\n").rows == std::vector<F>{{"a", "b"}, {"1", "2"}});
    CHECK(parse("a,b\r\n1,2\r\n").rows == std::vector<F>{{"a", "b"}, {"1", "2"}});
    CHECK(parse("a,b\n1,2").rows == std::vector<F>{{"a", "b"}, {"1", "2"}});
    CHECK(parse("").rows.empty());
}

TEST_CASE("quoted fields hold delimiters, doubled quotes and line breaks", "[csv]") {
    const Parsed p = parse("\"3M, Aura\",\"say \"\"hi\"\"\"\n\"two\nlines\",x\r\n\"crlf\r\ninside\",y\nlast,z\n");
    CHECK(p.rows == std::vector<F>{{"3M, Aura", "say \"hi\""}, {"two\nlines", "x"}, {"crlf\r\ninside", "y"}, {"last", "z"}});
    CHECK(p.lines == std::vector<std::size_t>{1, 2, 4, 6});
    for (const auto& e : p.errors) CHECK(e.empty());
}

TEST_CASE("empty fields, trailing delimiters, empty lines and a lone CR", "[csv]") {
    CHECK(parse("a,,b\n").rows == std::vector<F>{{"a", "", "b"}});
    CHECK(parse("a,b,\n").rows == std::vector<F>{{"a", "b", ""}});
    CHECK(parse("a\n\nb\n").rows == std::vector<F>{{"a"}, {""}, {"b"}});
    CHECK(parse("\"\",x\n").rows == std::vector<F>{{"", "x"}});
    CHECK(parse("a\rb,c\n").rows == std::vector<F>{{"a\rb", "c"}});
}

TEST_CASE("a byte order mark at the start is dropped, other bytes are kept", "[csv]") {
    CHECK(parse("\xEF\xBB\xBFtitle,x\n").rows == std::vector<F>{{"title", "x"}});
    CHECK(parse("\xEF\xBBz\n").rows == std::vector<F>{{"\xEF\xBBz"}});
    CHECK(parse("\xC3\xA4,b\n").rows == std::vector<F>{{"\xC3\xA4", "b"}});
}

TEST_CASE("other delimiters", "[csv]") {
    CHECK(parse("a;b,c\n", ';').rows == std::vector<F>{{"a", "b,c"}});
    CHECK(parse("a\tb c\n\"x\ty\"\tz\n", '\t').rows == std::vector<F>{{"a", "b c"}, {"x\ty", "z"}});
}

TEST_CASE("malformed rows say where, and the next rows are read", "[csv]") {
    const Parsed p = parse("a,b\nab\"c,d\n\"x\"y,z\nok,1\n");
    REQUIRE(p.rows.size() == 4);
    CHECK(p.errors[1] == "unexpected '\"' in an unquoted field at line 2, column 3");
    CHECK(p.errors[2] == "unexpected 'y' after a closing quote at line 3, column 4");
    CHECK(p.errors[3].empty());
    CHECK(p.rows[3] == F{"ok", "1"});
    CHECK(p.lines[3] == 4);
}

TEST_CASE("an unterminated quote ends the input with an error naming its start", "[csv]") {
    const Parsed p = parse("a,b\nx,\"open\nmore\n");
    REQUIRE(p.rows.size() == 2);
    CHECK(p.errors[1] == "unterminated quoted field starting at line 2, column 3");
}

TEST_CASE("a record over the size limit is an error and memory stays bounded", "[csv]") {
    const Parsed p = parse("short,1\n" + std::string(100, 'x') + ",2\nnext,3\n", ',', 50);
    REQUIRE(p.rows.size() == 3);
    CHECK(p.errors[1] == "record longer than 50 bytes (it starts at line 2)");
    CHECK(p.rows[2] == F{"next", "3"});
    CHECK(p.lines[2] == 3);
}

TEST_CASE("a 1 MB field is read whole", "[csv]") {
    const std::string big(1000000, 'm');
    const Parsed p = parse("\"" + big + "\",x\n");
    REQUIRE(p.rows.size() == 1);
    CHECK(p.rows[0][0] == big);
}

TEST_CASE("append_field quotes only what needs it, and reads back the same", "[csv]") {
    std::string out;
    append_field(out, "plain");
    CHECK(out == "plain");
    out.clear();
    append_field(out, "a,b");
    CHECK(out == "\"a,b\"");
    out.clear();
    append_field(out, "say \"hi\"");
    CHECK(out == "\"say \"\"hi\"\"\"");
    out.clear();
    append_field(out, "a;b", ';');
    CHECK(out == "\"a;b\"");

    const F tricky{"", " lead", "trail ", "a,b", "\"", "two\nlines", "cr\rhere", "crlf\r\n", "tab\there", "\xE2\x84\xA2"};
    std::string line;
    for (std::size_t i = 0; i < tricky.size(); ++i) {
        if (i > 0) line += ',';
        append_field(line, tricky[i]);
    }
    line += '\n';
    const Parsed p = parse(line);
    REQUIRE(p.rows.size() == 1);
    CHECK(p.rows[0] == tricky);
}
