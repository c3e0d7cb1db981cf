#include <catch2/catch.hpp>

#include "masktag/json.h"

using namespace masktag::json;

namespace {

std::string parse_error(std::string_view text) {
    Document doc;
    ParseError error;
    if (doc.parse(text, error)) return "ok";
    return error.message + " @" + std::to_string(error.offset);
}

}  // namespace

TEST_CASE("JSON values keep their raw bytes") {
    Document doc;
    ParseError error;
    const std::string text = R"( {"id": 1.10, "title": "3M \u2122", "tags": [1, {"a": null}], "ok": true} )";
    REQUIRE(doc.parse(text, error));
    const Value root = doc.root();
    CHECK(root.kind() == Kind::object);
    CHECK(root.member("id").raw() == "1.10");
    CHECK(root.member("tags").raw() == R"([1, {"a": null}])");
    CHECK(root.member("ok").kind() == Kind::boolean);
    CHECK_FALSE(root.member("missing").valid());
    std::string title;
    REQUIRE(root.member("title").decode_string(title));
    CHECK(title == "3M \xE2\x84\xA2");

    // Members alternate key, value.
    std::vector<std::string_view> keys;
    for (Value k = root.first(); k.valid(); k = k.next().next()) keys.push_back(k.raw());
    CHECK(keys == std::vector<std::string_view>{"\"id\"", "\"title\"", "\"tags\"", "\"ok\""});
}

TEST_CASE("JSON string escapes decode, surrogate pairs included") {
    Document doc;
    ParseError error;
    REQUIRE(doc.parse(R"("a\"b\\c\/d\n\t\u00e4\ud83d\ude37")", error));
    std::string s;
    REQUIRE(doc.root().decode_string(s));
    CHECK(s == "a\"b\\c/d\n\t\xC3\xA4\xF0\x9F\x98\xB7");
    REQUIRE(doc.parse(R"("\ud83d")", error));
    CHECK_FALSE(doc.root().decode_string(s));  // lone high surrogate
    REQUIRE(doc.parse(R"("\ude37x")", error));
    CHECK_FALSE(doc.root().decode_string(s));  // lone low surrogate
}

TEST_CASE("member lookup matches escaped keys by their decoded text") {
    Document doc;
    ParseError error;
    REQUIRE(doc.parse(R"({"t\u0069tle": "x"})", error));
    CHECK(doc.root().member("title").raw() == "\"x\"");
}

TEST_CASE("malformed JSON is rejected with the offset of the fault") {
    CHECK(parse_error("{\"a\": 1,}") == "expected a string key in object @8");
    CHECK(parse_error("[1 2]") == "expected ',' or ']' in array @3");
    CHECK(parse_error("\"abc") == "unterminated string @4");
    CHECK(parse_error("01") == "unexpected text after the JSON value @1");
    CHECK(parse_error("1.") == "invalid number: no digits after '.' @2");
    CHECK(parse_error("\"a\tb\"") == "control character in string (it must be escaped) @2");
    CHECK(parse_error("\"\\x\"") == "invalid escape '\\x' @2");
    CHECK(parse_error("\"\\u12g4\"") == "invalid \\u escape @2");
    CHECK(parse_error("") == "unexpected end of input, expected a value @0");
    CHECK(parse_error("{} {}") == "unexpected text after the JSON value @3");
    CHECK(parse_error("nul") != "ok");
    CHECK(parse_error("-") != "ok");
    CHECK(parse_error("1e") != "ok");
    CHECK(parse_error(R"({"a" 1})") == "expected ':' after object key @5");
    CHECK(parse_error(std::string(600, '[') + std::string(600, ']')) == "nesting too deep @512");
    CHECK(parse_error(std::string(500, '[') + std::string(500, ']')) == "ok");
    CHECK(parse_error("-0.5e+10") == "ok");
}

TEST_CASE("append_string escapes what JSON needs and replaces invalid UTF-8") {
    std::string out;
    append_string(out, std::string("a\"b\\c\nd\x01 \xE2\x84\xA2", 12));
    CHECK(out == "\"a\\\"b\\\\c\\nd\\u0001 \xE2\x84\xA2\"");
    out.clear();
    append_string(out, "x\xFFy");
    CHECK(out == "\"x\xEF\xBF\xBDy\"");
    // What append_string writes parses back to the same text.
    Document doc;
    ParseError error;
    const std::string original = "tab\there \"quoted\" back\\slash \x7F \xC3\xA4";
    out.clear();
    append_string(out, original);
    REQUIRE(doc.parse(out, error));
    std::string back;
    REQUIRE(doc.root().decode_string(back));
    CHECK(back == original);
}

TEST_CASE("append_escaped copies plain text as it is and escapes any byte that needs it, wherever it is") {
    // Plain text is checked 16 (or eight) bytes at a time: try every byte at every place of
    // the first blocks and the tail.
    for (std::size_t length = 1; length <= 40; ++length) {
        for (std::size_t at = 0; at < length; ++at) {
            for (int byte = 0; byte < 256; ++byte) {
                std::string text(length, 'a');
                text[at] = static_cast<char>(byte);
                std::string out;
                append_escaped(out, text);
                const bool plain = byte >= 0x20 && byte < 0x80 && byte != '"' && byte != '\\';
                INFO("length " << length << ", byte " << byte << " at " << at);
                REQUIRE((out == text) == plain);
                if (!plain) {
                    Document doc;
                    ParseError error;
                    REQUIRE(doc.parse("\"" + out + "\"", error));
                }
            }
        }
    }
}

TEST_CASE("line_column counts lines and byte columns from 1") {
    CHECK(line_column("ab\ncd", 0).line == 1);
    CHECK(line_column("ab\ncd", 4).line == 2);
    CHECK(line_column("ab\ncd", 4).column == 2);
}
