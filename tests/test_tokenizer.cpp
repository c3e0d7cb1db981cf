#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "masktag/tokenizer.h"

using masktag::token_texts;
using V = std::vector<std::string_view>;

TEST_CASE("tokenizer splits real mask names like the reference") {
    CHECK(token_texts("Zimi 7711 w/ Earloops, no Exhalation Valve") ==
          V{"Zimi", "7711", "w/", "Earloops", "no", "Exhalation", "Valve"});
    CHECK(token_texts("Savewo 3D Meow 2-6 years") == V{"Savewo", "3D", "Meow", "2", "6", "years"});
    CHECK(token_texts("3M 1870+ AURA™") == V{"3M", "1870+", "AURA™"});
    CHECK(token_texts("Armbrust Kids KN95[US Made]") == V{"Armbrust", "Kids", "KN95", "US", "Made"});
    CHECK(token_texts("Shawmut Protex SR9520S - Small") == V{"Shawmut", "Protex", "SR9520S", "Small"});
    CHECK(token_texts("Honeywell RU8800 Medium/Large") == V{"Honeywell", "RU8800", "Medium/Large"});
    CHECK(token_texts("Dr. Puri's N95 (pack of 10)") == V{"Dr.", "Puri's", "N95", "pack", "of", "10"});
}

TEST_CASE("tokenizer drops empty pieces from runs of separators") {
    CHECK(token_texts("").empty());
    CHECK(token_texts(" -,[]() ").empty());
    CHECK(token_texts("--a--b--") == V{"a", "b"});
    CHECK(token_texts("a\t\r\nb") == V{"a", "b"});
}

TEST_CASE("tokenizer splits on em dash and Unicode spaces as Python's regex does, not on other dashes") {
    CHECK(token_texts("3M\xE2\x80\x94"
                      "8210") == V{"3M", "8210"});  // U+2014 em dash
    CHECK(token_texts("3M\xE2\x80\x93"
                      "8210") == V{"3M\xE2\x80\x93"
                                   "8210"});  // U+2013 en dash stays
    CHECK(token_texts("3M\xC2\xA0"
                      "8210") == V{"3M", "8210"});  // U+00A0 no-break space
    CHECK(token_texts("3M\xE3\x80\x80"
                      "8210") == V{"3M", "8210"});  // U+3000
    CHECK(token_texts("3M\xE2\x80\xAF"
                      "8210") == V{"3M", "8210"});  // U+202F
    CHECK(token_texts("a\x1f"
                      "b") == V{"a", "b"});
    CHECK(token_texts("Dr\xC3\xA4ger") == V{"Dr\xC3\xA4ger"});  // 'ä' is not a separator
}

TEST_CASE("tokens keep their byte offsets in the title") {
    std::vector<masktag::Token> tokens;
    masktag::tokenize("  3M — Aura", tokens);
    REQUIRE(tokens.size() == 2);
    CHECK(tokens[0] == masktag::Token{2, 4});
    CHECK(tokens[1] == masktag::Token{9, 13});
}

TEST_CASE("find_invalid_utf8 finds the first ill-formed byte") {
    using masktag::find_invalid_utf8;
    CHECK(find_invalid_utf8("plain ascii") == 11);
    CHECK(find_invalid_utf8("AURA\xE2\x84\xA2") == 7);       // ™ is fine
    CHECK(find_invalid_utf8("\xF0\x9F\x98\xB7 mask") == 9);  // 4-byte emoji is fine
    CHECK(find_invalid_utf8("ab\xFF") == 2);
    CHECK(find_invalid_utf8("ab\xC3") == 2);            // truncated sequence
    CHECK(find_invalid_utf8("\xC0\xAF") == 0);          // overlong '/'
    CHECK(find_invalid_utf8("\xED\xA0\x80") == 0);      // UTF-16 surrogate
    CHECK(find_invalid_utf8("\xF4\x90\x80\x80") == 0);  // above U+10FFFF
    CHECK(find_invalid_utf8("a\xE2\x28\xA1") == 1);     // bad continuation
}

TEST_CASE("find_invalid_utf8 finds a bad byte at every place, in the 16-byte blocks and past them") {
    using masktag::find_invalid_utf8;
    for (std::size_t length = 1; length <= 40; ++length) {
        INFO("length " << length);
        CHECK(find_invalid_utf8(std::string(length, 'a')) == length);
        for (std::size_t at = 0; at < length; ++at) {
            std::string text(length, 'a');
            text[at] = '\xFF';
            CHECK(find_invalid_utf8(text) == at);
            if (at + 2 <= length) {
                text.replace(at, 2, "\xC3\xA4");  // 'a' with umlaut: valid
                CHECK(find_invalid_utf8(text) == length);
            }
        }
    }
}

TEST_CASE("a title of more than kMaxTitleTokens tokens is refused with its count") {
    using namespace masktag;
    std::string title;
    for (std::size_t i = 0; i < kMaxTitleTokens; ++i) title += i ? " a" : "a";
    CHECK(too_many_tokens(title).empty());
    CHECK(too_many_tokens(title + " -- ").empty());  // separators are no tokens
    CHECK(too_many_tokens(title + "\xC2\xA0"
                                  "b") == "the title has 10001 tokens, more than the 10000 masktag labels");
    std::vector<Token> tokens;
    tokenize(title + ",b", tokens);
    CHECK(tokens.size() == kMaxTitleTokens + 1);  // the count is the tokenizer's
    CHECK(too_many_tokens(title + ",b") == "the title has 10001 tokens, more than the 10000 masktag labels");
    CHECK(too_many_tokens(std::string(100000, 'x')).empty());  // one long token
}

TEST_CASE("the 16-bytes-at-a-time tokenizer splits exactly as the byte-wise one") {
    using namespace masktag;
    // Pieces that make every kind of byte: separators of 1 to 3 bytes, lead bytes of
    // separators that are not (™, 'ä', U+2013, a bare 0xC2 or 0xE2, truncated sequences),
    // control bytes, and plain text, in titles of up to 70 bytes, so that separators
    // straddle the 16-byte blocks and end titles of every length.
    const std::vector<std::string> pieces = {"a",
                                             "Zq",
                                             "95",
                                             " ",
                                             "-",
                                             ",",
                                             "[",
                                             "]",
                                             "(",
                                             ")",
                                             "\t",
                                             "\n",
                                             "\x1c",
                                             "\x1f",
                                             "\x01",
                                             "\x7f",
                                             "/",
                                             "+",
                                             "\xC2\xA0",
                                             "\xC2\x85",
                                             "\xC2\xA9",
                                             "\xC3\xA4",
                                             "\xE2\x80\x94",
                                             "\xE2\x80\x93",
                                             "\xE2\x84\xA2",
                                             "\xE2\x80\x8A",
                                             "\xE2\x80\xAF",
                                             "\xE2\x81\x9F",
                                             "\xE1\x9A\x80",
                                             "\xE3\x80\x80",
                                             "\xC2",
                                             "\xE2",
                                             "\xE2\x80",
                                             "\xE1\x9A",
                                             "\xE3\x80",
                                             "\x80",
                                             "\xFF"};
    std::mt19937 random(20261202);
    std::vector<Token> fast, bytewise;
    for (int round = 0; round < 20000; ++round) {
        std::string title;
        const std::size_t length = random() % 71;
        while (title.size() < length) title += pieces[random() % pieces.size()];
        tokenize(title, fast);
        tokenize_bytewise(title, bytewise);
        INFO("title bytes: " << title.size());
        REQUIRE(fast == bytewise);
    }
}
