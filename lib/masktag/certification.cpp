#include "masktag/certification.h"

#include <algorithm>
#include <cstddef>

namespace masktag {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Ensures: whether `s` starts with `prefix`; then `s` is what follows it.
bool take(std::string_view& s, std::string_view prefix) {
    if (s.substr(0, prefix.size()) != prefix) return false;
    s.remove_prefix(prefix.size());
    return true;
}

bool all_digits(std::string_view s, std::size_t min, std::size_t max) {
    if (s.size() < min || s.size() > max) return false;
    for (const char c : s)
        if (!is_digit(c)) return false;
    return true;
}

// The efficiencies the classes use: 90, 94, 95, 99, 100 (and 80 for KF).
bool is_efficiency(std::string_view s) {
    return s == "95" || s == "99" || s == "100" || s == "90" || s == "94" || s == "80";
}

// Drops what follows the class in tokens such as "n95™", "kf94®", "p100*", "n95:".
std::string_view without_trailing_symbols(std::string_view s) {
    while (!s.empty()) {
        const auto last = static_cast<unsigned char>(s.back());
        if ((last >= 'a' && last <= 'z') || is_digit(static_cast<char>(last))) break;
        if (last >= 0x80) {  // a multi-byte symbol: drop its whole code point
            std::size_t start = s.size() - 1;
            while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
            s = s.substr(0, start);
        } else {
            s.remove_suffix(1);
        }
    }
    return s;
}

CertificationClass single_class(std::string_view s) {
    std::string_view rest = s;
    if ((take(rest, "n") || take(rest, "r") || take(rest, "p")) && is_efficiency(rest) && rest != "94" && rest != "80")
        return CertificationClass::niosh;
    rest = s;
    if ((take(rest, "kn") || take(rest, "kp")) && is_efficiency(rest)) return CertificationClass::gb;
    rest = s;
    if (take(rest, "kf") && (rest == "94" || rest == "80" || rest == "99" || rest == "ad"))
        return CertificationClass::kf;
    rest = s;
    if ((take(rest, "ffp") && (rest == "1" || rest == "2" || rest == "3")) || s == "p1" || s == "p2" || s == "p3")
        return CertificationClass::ffp;
    rest = s;
    if (s == "niosh" || s == "astm" || s == "ce" || s == "en" || s == "gb" ||
        (take(rest, "en") && all_digits(rest, 3, 5)) || ((rest = s, take(rest, "gb")) && all_digits(rest, 4, 5)) ||
        ((rest = s, take(rest, "ce")) && all_digits(rest, 4, 4)))
        return CertificationClass::standard;
    return CertificationClass::none;
}

}  // namespace

CertificationClass certification_class(std::string_view lower) {
    const std::string_view s = without_trailing_symbols(lower);
    if (s.find('/') == std::string_view::npos) return single_class(s);
    // A combination: a class in any of its parts makes the whole one.
    for (std::size_t begin = 0; begin <= s.size();) {
        const std::size_t end = std::min(s.find('/', begin), s.size());
        const CertificationClass part = single_class(without_trailing_symbols(s.substr(begin, end - begin)));
        if (part != CertificationClass::none && part != CertificationClass::standard)
            return CertificationClass::combined;
        begin = end + 1;
    }
    return CertificationClass::none;
}

}  // namespace masktag
