#include "masktag/tokenizer.h"

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace masktag {
namespace {

// Returns how many bytes of separator start at text[i], or 0 if none does. The set is
// exactly what Python's re.split(r'[\s\-—,\[\]()]+', ...) splits on: '-', ',', brackets,
// U+2014 and every code point that Python's Unicode \s matches (NBSP from web pages too).
std::size_t separator_length(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) -> unsigned {
        return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0u;
    };
    switch (byte(0)) {
        case ' ':
        case '\t':
        case '\n':
        case '\v':
        case '\f':
        case '\r':
        case 0x1C:
        case 0x1D:
        case 0x1E:
        case 0x1F:
        case '-':
        case ',':
        case '[':
        case ']':
        case '(':
        case ')':
            return 1;
        case 0xC2:  // U+0085 NEXT LINE, U+00A0 NO-BREAK SPACE
            return byte(1) == 0x85 || byte(1) == 0xA0 ? 2 : 0;
        case 0xE1:  // U+1680 OGHAM SPACE MARK
            return byte(1) == 0x9A && byte(2) == 0x80 ? 3 : 0;
        case 0xE2:
            if (byte(1) == 0x80) {
                const unsigned c = byte(2);
                // U+2000..U+200A spaces, U+2014 EM DASH, U+2028/U+2029 separators, U+202F
                if ((c >= 0x80 && c <= 0x8A) || c == 0x94 || c == 0xA8 || c == 0xA9 || c == 0xAF) return 3;
                return 0;
            }
            return byte(1) == 0x81 && byte(2) == 0x9F ? 3 : 0;  // U+205F
        case 0xE3:                                              // U+3000 IDEOGRAPHIC SPACE
            return byte(1) == 0x80 && byte(2) == 0x80 ? 3 : 0;
        default:
            return 0;
    }
}

// Bytes that may start a separator: every other byte is part of a token, and a title is
// mostly such bytes, so one lookup settles most of them.
constexpr auto kMaySeparate = [] {
    std::array<bool, 256> may{};
    for (const unsigned char c : {' ', '\t', '\n', '\v', '\f', '\r', '-', ',', '[', ']', '(', ')'}) may[c] = true;
    for (unsigned c = 0x1C; c <= 0x1F; ++c) may[c] = true;
    for (const unsigned c : {0xC2u, 0xE1u, 0xE2u, 0xE3u}) may[c] = true;
    return may;
}();

// A separator of `length` bytes at `at` ends the token that began at `start`, which goes
// into `tokens` unless it is empty; the next one begins after the separator.
inline void end_token(std::size_t at, std::size_t length, std::size_t& start, std::vector<Token>& tokens) {
    if (at > start) tokens.push_back({static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(at)});
    start = at + length;
}

#if defined(__SSE2__)
// Ensures: bit k set for each of the 16 bytes at `bytes` that may start a separator (a
// superset of kMaySeparate's bytes: every byte up to ' ' is in it, so control bytes are
// looked at more closely, and rare).
inline unsigned may_separate_mask(const unsigned char* bytes) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes));
    const auto equals = [&](__m128i v, int c) { return _mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(c))); };
    // Unsigned v <= limit, as v == min(v, limit).
    const auto at_most = [](__m128i v, int limit) {
        return _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(static_cast<char>(limit))), v);
    };
    const __m128i odd = _mm_or_si128(x, _mm_set1_epi8(1));  // '(' ')' and ',' '-' differ in bit 0
    const __m128i ascii = _mm_or_si128(_mm_or_si128(at_most(x, ' '), _mm_or_si128(equals(odd, ')'), equals(odd, '-'))),
                                       _mm_or_si128(equals(x, '['), equals(x, ']')));
    // 0xC2, and 0xE1 to 0xE3 (v - 0xE1 <= 2, unsigned).
    const __m128i lead =
        _mm_or_si128(equals(x, 0xC2), at_most(_mm_sub_epi8(x, _mm_set1_epi8(static_cast<char>(0xE1))), 2));
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(ascii, lead)));
}
#endif

}  // namespace

// Sixteen bytes at a time: a mask of the bytes that may start a separator, then only those
// are looked at, as tokenize_bytewise looks at them. A byte inside a separator already
// taken (before `start`) is skipped, as the byte-wise scan steps over it.
void tokenize(std::string_view title, std::vector<Token>& tokens) {
#if defined(__SSE2__)
    tokens.clear();
    const auto* bytes = reinterpret_cast<const unsigned char*>(title.data());
    const std::size_t n = title.size();
    std::size_t start = 0;
    for (std::size_t base = 0; base < n; base += 16) {
        unsigned mask;
        if (base + 16 <= n) {
            mask = may_separate_mask(bytes + base);
        } else if (n >= 16) {  // the last 16 bytes, of which those from `base` on are new
            mask = may_separate_mask(bytes + n - 16) >> (base + 16 - n);
        } else {  // a short title, copied so no byte past it is read
            unsigned char last[16] = {};
            std::memcpy(last, bytes, n);
            mask = may_separate_mask(last) & ((1u << n) - 1);
        }
        for (; mask != 0; mask &= mask - 1) {
            const std::size_t at = base + static_cast<std::size_t>(std::countr_zero(mask));
            if (at < start) continue;
            // An ASCII byte is a separator of one byte exactly when it may start one.
            const unsigned char c = bytes[at];
            if (const std::size_t length = c < 0x80 ? kMaySeparate[c] : separator_length(title, at))
                end_token(at, length, start, tokens);
        }
    }
    if (n > start) tokens.push_back({static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(n)});
#else
    tokenize_bytewise(title, tokens);
#endif
}

void tokenize_bytewise(std::string_view title, std::vector<Token>& tokens) {
    tokens.clear();
    std::size_t start = 0;
    std::size_t i = 0;
    while (i < title.size()) {
        if (!kMaySeparate[static_cast<unsigned char>(title[i])]) {
            ++i;
            continue;
        }
        const std::size_t sep = separator_length(title, i);
        if (sep == 0) {
            ++i;
            continue;
        }
        end_token(i, sep, start, tokens);
        i = start;
    }
    if (title.size() > start)
        tokens.push_back({static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(title.size())});
}

std::string too_many_tokens(std::string_view title) {
    // A token is at least one byte and tokens are apart by at least one separator byte.
    if (title.size() < 2 * kMaxTitleTokens - 1) return {};
    std::size_t count = 0;
    bool in_token = false;
    for (std::size_t i = 0; i < title.size();) {
        const std::size_t sep = separator_length(title, i);
        if (sep == 0) {
            count += !in_token;
            in_token = true;
            ++i;
        } else {
            in_token = false;
            i += sep;
        }
    }
    if (count <= kMaxTitleTokens) return {};
    return "the title has " + std::to_string(count) + " tokens, more than the " + std::to_string(kMaxTitleTokens) +
           " masktag labels";
}

std::vector<std::string_view> token_texts(std::string_view title) {
    std::vector<Token> tokens;
    tokenize(title, tokens);
    std::vector<std::string_view> texts;
    texts.reserve(tokens.size());
    for (const Token& t : tokens) texts.push_back(t.text(title));
    return texts;
}

bool equals_ignoring_ascii_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
        if (x != y) return false;
    }
    return true;
}

std::size_t find_invalid_utf8(std::string_view text) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t i = 0;
#if defined(__SSE2__)
    // ASCII, most titles, 16 bytes at a time (a byte's high bit is in the mask); all of it
    // valid if the last 16 bytes are ASCII too. Else the checks below from the first block
    // that is not.
    const auto ascii = [s](std::size_t at) {
        return _mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s + at))) == 0;
    };
    while (i + 16 <= n && ascii(i)) i += 16;
    if (i + 16 > n && n >= 16 && ascii(n - 16)) return n;
#endif
    while (i < n) {
        if (i + 8 <= n) {  // ASCII, most text, eight bytes at a time
            std::uint64_t eight;
            std::memcpy(&eight, s + i, 8);
            if ((eight & 0x8080808080808080u) == 0) {
                i += 8;
                continue;
            }
        }
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len;
        unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) lo = 0xA0;  // no overlong forms
            if (c == 0xED) hi = 0x9F;  // no UTF-16 surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) lo = 0x90;  // no overlong forms
            if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
        } else {
            return i;
        }
        if (i + len > n || s[i + 1] < lo || s[i + 1] > hi) return i;
        for (std::size_t k = 2; k < len; ++k)
            if ((s[i + k] & 0xC0) != 0x80) return i;
        i += len;
    }
    return n;
}

}  // namespace masktag
