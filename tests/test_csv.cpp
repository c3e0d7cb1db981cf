#include <catch2/catch.hpp>

#include <cstdio>
#include <random>

#include "masktag/csv.h"
#include "masktag/error.h"

using namespace masktag::csv;
using F = std::vector<std::string>;

namespace {

// Every record of `text`, copied out of the reader's buffers.
struct Parsed {
    std::vector<F> rows;
    std::vector<std::size_t> lines;
    std::vector<std::string> errors;
    std::vector<std::string> raws;
};

Parsed parse(std::string text, char delimiter = ',', std::size_t max_bytes = std::size_t{1} << 20,
             std::size_t first_line = 1) {
    // fmemopen rejects a zero size; an empty stream is one that is at its end at once.
    std::FILE* stream = text.empty() ? std::tmpfile() : fmemopen(text.data(), text.size(), "rb");
    REQUIRE(stream != nullptr);
    Reader reader(stream, delimiter, first_line, max_bytes);
    Parsed p;
    Row row;
    while (reader.next(row)) {
        p.rows.emplace_back(row.fields.begin(), row.fields.end());
        p.lines.push_back(row.line);
        p.errors.push_back(row.error);
        p.raws.emplace_back(row.raw);
    }
    CHECK_FALSE(reader.next(row));  // the end stays the end
    std::fclose(stream);
    return p;
}

std::string joined(const F& fields, char delimiter) {
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) line += delimiter;
        append_field(line, fields[i], delimiter);
    }
    return line;
}

}  // namespace

TEST_CASE("simple rows keep their fields, lines and raw bytes", "[csv]") {
    const Parsed p = parse("id,title\n1,3M Aura 9320+\n2,Moldex 2200\n");
    CHECK(p.rows == std::vector<F>{{"id", "title"}, {"1", "3M Aura 9320+"}, {"2", "Moldex 2200"}});
    CHECK(p.lines == std::vector<std::size_t>{1, 2, 3});
    CHECK(p.errors == F{"", "", ""});
    CHECK(p.raws == F{"id,title", "1,3M Aura 9320+", "2,Moldex 2200"});
}

TEST_CASE("an empty stream, or one of only a byte order mark, has no records", "[csv]") {
    CHECK(parse("").rows.empty());
    CHECK(parse("\xEF\xBB\xBF").rows.empty());
}

TEST_CASE("CRLF terminators end records and are not part of raw", "[csv]") {
    const Parsed p = parse("a,b\r\n1,2\r\n3,4\n");
    CHECK(p.rows == std::vector<F>{{"a", "b"}, {"1", "2"}, {"3", "4"}});
    CHECK(p.lines == std::vector<std::size_t>{1, 2, 3});
    CHECK(p.raws == F{"a,b", "1,2", "3,4"});
}

TEST_CASE("a last record without a terminator is still a record", "[csv]") {
    CHECK(parse("a,b\n1,2").rows == std::vector<F>{{"a", "b"}, {"1", "2"}});
    CHECK(parse("a,\"b c\"").rows == std::vector<F>{{"a", "b c"}});
    CHECK(parse("a,").rows == std::vector<F>{{"a", ""}});
    // A CR just before the end is a line end, as any lone CR.
    CHECK(parse("a\r").rows == std::vector<F>{{"a"}});
}

TEST_CASE("a lone CR ends a record as old Mac files end lines, and is data inside quotes", "[csv]") {
    const Parsed p = parse("a\rb,c\nd,e\r\r\n");
    CHECK(p.rows == std::vector<F>{{"a"}, {"b", "c"}, {"d", "e"}, {""}});
    CHECK(p.lines == std::vector<std::size_t>{1, 2, 3, 4});
    const Parsed cr_only = parse("title,id\r\"x\ry\",1\rz,2\r");
    CHECK(cr_only.rows == std::vector<F>{{"title", "id"}, {"x\ry", "1"}, {"z", "2"}});
    CHECK(cr_only.lines == std::vector<std::size_t>{1, 2, 4});
    CHECK(cr_only.raws == F{"title,id", "\"x\ry\",1", "z,2"});
}

TEST_CASE("quoted fields hold the delimiter and spaces", "[csv]") {
    const Parsed p = parse("\"3M, Aura\",x\n\" padded \",\",\"\n");
    CHECK(p.rows == std::vector<F>{{"3M, Aura", "x"}, {" padded ", ","}});
    CHECK(p.raws == F{"\"3M, Aura\",x", "\" padded \",\",\""});
}

TEST_CASE("doubled quotes in a quoted field stand for one quote", "[csv]") {
    CHECK(parse("\"say \"\"hi\"\"\",b\n").rows == std::vector<F>{{"say \"hi\"", "b"}});
    CHECK(parse("\"\"\"\"\n").rows == std::vector<F>{{"\""}});
    CHECK(parse("\"\"\"\"\"\"\n").rows == std::vector<F>{{"\"\""}});
    CHECK(parse("\"a\"\"\",\"\"\"b\"\n").rows == std::vector<F>{{"a\"", "\"b"}});
}

TEST_CASE("LF line breaks in quotes: one record over several lines", "[csv]") {
    const Parsed p = parse("h1,h2\n\"two\nlines\",x\n\"three\n\nlines\",y\nlast,z\n");
    CHECK(p.rows == std::vector<F>{{"h1", "h2"}, {"two\nlines", "x"}, {"three\n\nlines", "y"}, {"last", "z"}});
    CHECK(p.lines == std::vector<std::size_t>{1, 2, 4, 7});
    CHECK(p.raws[1] == "\"two\nlines\",x");
    for (const auto& e : p.errors) CHECK(e.empty());
}

TEST_CASE("CRLF line breaks in quotes are kept as they are", "[csv]") {
    const Parsed p = parse("\"crlf\r\ninside\",y\r\nnext,1\r\n\"a\r\nb\r\nc\"\r\nend\r\n");
    CHECK(p.rows == std::vector<F>{{"crlf\r\ninside", "y"}, {"next", "1"}, {"a\r\nb\r\nc"}, {"end"}});
    CHECK(p.lines == std::vector<std::size_t>{1, 3, 4, 7});
    CHECK(p.raws[0] == "\"crlf\r\ninside\",y");
}

TEST_CASE("empty fields, trailing delimiters and empty lines", "[csv]") {
    CHECK(parse("a,,b\n").rows == std::vector<F>{{"a", "", "b"}});
    CHECK(parse("a,b,\n").rows == std::vector<F>{{"a", "b", ""}});
    CHECK(parse(",\n").rows == std::vector<F>{{"", ""}});
    CHECK(parse(",,\n").rows == std::vector<F>{{"", "", ""}});
    CHECK(parse("\"\",x\n").rows == std::vector<F>{{"", "x"}});

    const Parsed p = parse("a\n\n\r\nb\n");
    CHECK(p.rows == std::vector<F>{{"a"}, {""}, {""}, {"b"}});
    CHECK(p.lines == std::vector<std::size_t>{1, 2, 3, 4});
    CHECK(p.raws == F{"a", "", "", "b"});
    CHECK(p.errors == F{"", "", "", ""});

    // A quoted empty field is a record with content, unlike an empty line.
    CHECK(parse("\"\"\n").raws == F{"\"\""});
}

TEST_CASE("a byte order mark is dropped only at the very start", "[csv]") {
    const Parsed p = parse("\xEF\xBB\xBFtitle,x\n\xEF\xBB\xBFy,z\n");
    CHECK(p.rows == std::vector<F>{{"title", "x"}, {"\xEF\xBB\xBFy", "z"}});
    CHECK(p.raws[0] == "title,x");
    CHECK(parse("\xEF\xBB\xBF\"q,uoted\"\n").rows == std::vector<F>{{"q,uoted"}});
    // Not a whole mark: every byte is data.
    CHECK(parse("\xEF\xBBz\n").rows == std::vector<F>{{"\xEF\xBBz"}});
    CHECK(parse("\xEF").rows == std::vector<F>{{"\xEF"}});
    CHECK(parse("\xC3\xA4,b\n").rows == std::vector<F>{{"\xC3\xA4", "b"}});
    // A stream that starts after lines read elsewhere is not at the start of the input.
    const Parsed later = parse("\xEF\xBB\xBFx\n", ',', std::size_t{1} << 20, 5);
    CHECK(later.rows == std::vector<F>{{"\xEF\xBB\xBFx"}});
    CHECK(later.lines == std::vector<std::size_t>{5});
}

TEST_CASE("semicolon and tab delimiters", "[csv]") {
    const Parsed semi = parse("a;b,c\n\"x;y\";\"\"\"\"\n", ';');
    CHECK(semi.rows == std::vector<F>{{"a", "b,c"}, {"x;y", "\""}});
    // A tab delimiter is linear TSV: no quoting, backslash escapes.
    const Parsed tab = parse("a\tb c\nx\\ty\tz\n\t\n\"q\"\\\\n\\x\t\\n\\r\n", '\t');
    CHECK(tab.rows == std::vector<F>{{"a", "b c"}, {"x\ty", "z"}, {"", ""}, {"\"q\"\\n\\x", "\n\r"}});
    CHECK(parse("a,b\tc\n", '\t').rows == std::vector<F>{{"a,b", "c"}});
}

TEST_CASE("a quote inside an unquoted field is an error, and the next records are read", "[csv]") {
    const Parsed p = parse("a,b\nab\"c,d\r\nok,1\n");
    REQUIRE(p.rows.size() == 3);
    CHECK(p.errors[0].empty());
    CHECK(p.errors[1] == "unexpected '\"' in an unquoted field at line 2, column 3");
    CHECK(p.raws[1] == "ab\"c,d");
    CHECK(p.errors[2].empty());
    CHECK(p.rows[2] == F{"ok", "1"});
    CHECK(p.lines == std::vector<std::size_t>{1, 2, 3});

    // A space before the opening quote makes the field unquoted.
    CHECK(parse("x, \"y\"\n").errors == F{"unexpected '\"' in an unquoted field at line 1, column 4"});
    // The fields read before the error are kept.
    CHECK(parse("a,b,c\"d\n").rows == std::vector<F>{{"a", "b", "c"}});
}

TEST_CASE("text after a closing quote is an error, and the next records are read", "[csv]") {
    const Parsed p = parse("\"x\"y,z\n\"a\" ,b\nok,2\n");
    REQUIRE(p.rows.size() == 3);
    CHECK(p.errors[0] == "unexpected 'y' after a closing quote at line 1, column 4");
    CHECK(p.errors[1] == "unexpected ' ' after a closing quote at line 2, column 4");
    CHECK(p.raws[1] == "\"a\" ,b");
    CHECK(p.errors[2].empty());
    CHECK(p.rows[2] == F{"ok", "2"});
    CHECK(p.lines[2] == 3);

    // Bytes that would not print are named by value: a tab, part of a UTF-8 sequence.
    CHECK(parse("\"x\"\ty\nok\n").errors == F{"unexpected byte 0x09 after a closing quote at line 1, column 4", ""});
    CHECK(parse("a,\"x\"\xC3\xA4\nok\n").errors ==
          F{"unexpected byte 0xC3 after a closing quote at line 1, column 6", ""});
}

TEST_CASE("errors inside a record over several lines name the physical line", "[csv]") {
    const Parsed p = parse("h\n\"one\ntwo\"x,y\nnext\n\"a\nb\",c\"d\nlast");
    REQUIRE(p.rows.size() == 5);
    CHECK(p.errors[1] == "unexpected 'x' after a closing quote at line 3, column 5");
    CHECK(p.raws[1] == "\"one\ntwo\"x,y");
    CHECK(p.errors[3] == "unexpected '\"' in an unquoted field at line 6, column 5");
    CHECK(p.rows[4] == F{"last"});
    CHECK(p.errors[4].empty());
    CHECK(p.lines == std::vector<std::size_t>{1, 2, 4, 5, 7});
}

TEST_CASE("malformed lines in a row, and one at the end without a terminator", "[csv]") {
    const Parsed p = parse("a\"\nb\"\n\"c\"d\ne\n\"f\"g");
    REQUIRE(p.rows.size() == 5);
    CHECK(p.errors[0] == "unexpected '\"' in an unquoted field at line 1, column 2");
    CHECK(p.errors[1] == "unexpected '\"' in an unquoted field at line 2, column 2");
    CHECK(p.errors[2] == "unexpected 'd' after a closing quote at line 3, column 4");
    CHECK(p.errors[3].empty());
    CHECK(p.errors[4] == "unexpected 'g' after a closing quote at line 5, column 4");
    CHECK(p.lines == std::vector<std::size_t>{1, 2, 3, 4, 5});
}

TEST_CASE("columns do not count a byte order mark", "[csv]") {
    CHECK(parse("\xEF\xBB\xBF"
                "ab\"\n")
              .errors == F{"unexpected '\"' in an unquoted field at line 1, column 3"});
}

TEST_CASE("an unterminated quote ends the input with an error naming its start", "[csv]") {
    const Parsed p = parse("a,b\nx,\"open\nmore\n");
    REQUIRE(p.rows.size() == 2);
    CHECK(p.errors[0].empty());
    CHECK(p.errors[1] == "unterminated quoted field starting at line 2, column 3");
    CHECK(p.lines[1] == 2);
    CHECK(p.raws[1] == "x,\"open\nmore");  // the last line break, in quotes or not, ends raw

    CHECK(parse("\"").errors == F{"unterminated quoted field starting at line 1, column 1"});
    CHECK(parse("ok\n\"a\"\"\n").errors == F{"", "unterminated quoted field starting at line 2, column 1"});
    // A quote that closes and opens again: the second one is the open one.
    CHECK(parse("\"a\nb\",\"c\nd").errors == F{"unterminated quoted field starting at line 2, column 4"});
}

TEST_CASE("a record over the size limit is an error and the next records are read", "[csv]") {
    const Parsed p = parse("short,1\n" + std::string(100, 'x') + ",2\nnext,3\n", ',', 50);
    REQUIRE(p.rows.size() == 3);
    CHECK(p.errors[1] == "record longer than 50 bytes (it starts at line 2)");
    CHECK(p.rows[1].size() == 1);
    CHECK(p.raws[1] == std::string(50, 'x'));
    CHECK(p.rows[2] == F{"next", "3"});
    CHECK(p.lines[2] == 3);
}

TEST_CASE("the size limit does not count the terminator", "[csv]") {
    const std::string exact(50, 'x');
    for (const std::string terminator : {"\n", "\r\n", ""}) {
        const Parsed p = parse(exact + terminator + "next\n", ',', 50);
        REQUIRE(p.rows.size() == (terminator.empty() ? 1 : 2));
        CHECK(p.errors[0] == (terminator.empty() ? "record longer than 50 bytes (it starts at line 1)" : ""));
        if (!terminator.empty()) CHECK(p.rows[0] == F{exact});
    }
    CHECK(parse(exact + "x\r\nnext\n", ',', 50).errors == F{"record longer than 50 bytes (it starts at line 1)", ""});
    CHECK(parse(exact + "\r", ',', 50).errors == F{""});  // a lone CR is a terminator too
    CHECK(parse(exact + "x\r", ',', 50).errors == F{"record longer than 50 bytes (it starts at line 1)"});
}

TEST_CASE("an overlong record in quotes resumes after the record's own end, its quotes followed", "[csv]") {
    // Issue 15: resuming at the next physical line read the rest of the quoted field as
    // records of its own, and the later good records were swallowed.
    const Parsed p = parse("\"a\n" + std::string(60, 'y') + "\nz\",w\nok\n", ',', 50);
    REQUIRE(p.rows.size() == 2);
    CHECK(p.errors[0] == "record longer than 50 bytes (it starts at line 1)");
    CHECK(p.raws[0].size() == 50);
    CHECK(p.rows[1] == F{"ok"});
    CHECK(p.errors[1].empty());
    CHECK(p.lines[1] == 4);
    // Many short lines in quotes, a doubled quote among them, and a quote left open.
    std::string many = "\"";
    for (int i = 0; i < 100; ++i) many += i == 50 ? "\"\"\n" : "w\n";
    const Parsed q = parse(many + "\",1\nok,2\n" + many, ',', 50);
    REQUIRE(q.rows.size() == 3);
    CHECK(q.errors[0] == "record longer than 50 bytes (it starts at line 1)");
    CHECK(q.rows[1] == F{"ok", "2"});
    CHECK(q.lines[1] == 102);
    CHECK(q.errors[2] == "record longer than 50 bytes (it starts at line 103)");
}

TEST_CASE("memory stays bounded on an overlong malformed line", "[csv]") {
    const std::string text = "a\"" + std::string(5000, 'b') + "\nok\n";
    const Parsed p = parse(text, ',', 100);
    REQUIRE(p.rows.size() == 2);
    CHECK(p.errors[0] == "unexpected '\"' in an unquoted field at line 1, column 2");
    CHECK(p.raws[0] == text.substr(0, 100));
    CHECK(p.rows[1] == F{"ok"});
}

TEST_CASE("a 1 MB field is read whole, quoted or not", "[csv]") {
    const std::string big(1000000, 'm');
    const Parsed quoted = parse("\"" + big + "\",x\nnext\n");
    REQUIRE(quoted.rows.size() == 2);
    CHECK(quoted.errors[0].empty());
    CHECK(quoted.rows[0] == F{big, "x"});
    CHECK(quoted.rows[1] == F{"next"});

    // A field of exactly the default limit, 1 MiB, is a record of exactly the limit.
    const std::string mib(std::size_t{1} << 20, 'q');
    const Parsed unquoted = parse(mib + "\r\nnext");
    REQUIRE(unquoted.rows.size() == 2);
    CHECK(unquoted.errors[0].empty());
    CHECK(unquoted.rows[0][0].size() == mib.size());
    CHECK(unquoted.rows[0][0] == mib);
    CHECK(unquoted.lines == std::vector<std::size_t>{1, 2});
}

TEST_CASE("a read error throws masktag::Error", "[csv]") {
    // A directory opens for reading, but every read fails.
    std::FILE* stream = std::fopen("/", "rb");
    REQUIRE(stream != nullptr);
    Reader reader(stream);
    Row row;
    CHECK_THROWS_AS(reader.next(row), masktag::Error);
    std::fclose(stream);
}

TEST_CASE("append_field quotes only what needs it", "[csv]") {
    const auto field = [](std::string_view value, char delimiter = ',') {
        std::string out = "<";
        append_field(out, value, delimiter);
        return out;
    };
    CHECK(field("plain") == "<plain");
    CHECK(field("") == "<");
    CHECK(field("in side") == "<in side");
    CHECK(field("a,b") == "<\"a,b\"");
    CHECK(field("say \"hi\"") == "<\"say \"\"hi\"\"\"");
    CHECK(field("\"") == "<\"\"\"\"");
    CHECK(field("two\nlines") == "<\"two\nlines\"");
    CHECK(field("cr\r") == "<\"cr\r\"");
    CHECK(field(" lead") == "<\" lead\"");
    CHECK(field("trail ") == "<\"trail \"");
    CHECK(field("a;b", ';') == "<\"a;b\"");
    CHECK(field("a,b", ';') == "<a,b");
    CHECK(field("a\tb", '\t') == "<a\\tb");
    CHECK(field("\"q\" \\ \n\r", '\t') == "<\"q\" \\\\ \\n\\r");
    CHECK(field("a\tb") == "<a\tb");
    CHECK(field("\xE2\x84\xA2") == "<\xE2\x84\xA2");
}

TEST_CASE("append_field output reads back the same, whatever the delimiter", "[csv]") {
    const F tricky{"",     " lead",      "trail ", "a,b",          "a;b",          "a\tb",     "\"",
                   "\"\"", "\"quoted\"", "x\"y",   "two\nlines",   "cr\rhere",     "crlf\r\n", "\r",
                   "\n",   " ",          ",",      "\xE2\x84\xA2", "\xEF\xBB\xBF", "end\""};
    for (const char delimiter : {',', ';', '\t'}) {
        INFO("delimiter " << int(delimiter));
        std::string text = joined(tricky, delimiter) + "\r\n" + joined(F{"after"}, delimiter) + "\n";
        const Parsed p = parse(text, delimiter);
        REQUIRE(p.rows.size() == 2);
        CHECK(p.errors == F{"", ""});
        CHECK(p.rows[0] == tricky);
        CHECK(p.rows[1] == F{"after"});
        // Each field alone on a record, after a first record (at the very start of the
        // stream a leading byte order mark would be dropped: see the next test).
        for (const std::string& value : tricky) {
            INFO("value '" << value << "'");
            const Parsed alone = parse("first\n" + joined(F{value}, delimiter) + "\n", delimiter);
            REQUIRE(alone.rows.size() == 2);
            CHECK(alone.rows[1] == F{value});
        }
    }
}

TEST_CASE("a first field that starts with a byte order mark loses it, as documented", "[csv]") {
    std::string text;
    append_field(text, "\xEF\xBB\xBFx");
    CHECK(text == "\xEF\xBB\xBFx");
    CHECK(parse(text + ",y\n").rows == std::vector<F>{{"x", "y"}});
}

TEST_CASE("random records written with append_field read back the same", "[csv]") {
    std::mt19937 rng(4180);
    const std::string alphabet = "ab ,;\t\"\r\n\xC3\xA4";
    for (const char delimiter : {',', ';', '\t'}) {
        std::vector<F> written;
        std::string text;
        for (int r = 0; r < 300; ++r) {
            F record(1 + rng() % 5);
            for (std::string& value : record) {
                const std::size_t length = rng() % 8;
                for (std::size_t i = 0; i < length; ++i) value += alphabet[rng() % alphabet.size()];
            }
            // A record of one empty field is written as an empty line, which reads back as one.
            text += joined(record, delimiter) + (rng() % 2 ? "\r\n" : "\n");
            written.push_back(std::move(record));
        }
        const Parsed p = parse(text, delimiter);
        CHECK(p.rows == written);
        for (const auto& e : p.errors) CHECK(e.empty());
    }
}
