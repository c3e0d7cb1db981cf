// Recognizes filter classes and certification marks by their pattern, not by a list of
// known words: the `class` feature group, which lets a model tell an unseen maker's
// alphanumeric code (AB-123, XYZ12C) from a class (N95, KF94, FFP2) it has never seen
// spelled that way.
#pragma once

#include <cstdint>
#include <string_view>

namespace masktag {

// The kinds of certification token, 0 for none. Their names are feature key pieces, so
// renumbering is free but renaming changes what a trained model's features mean.
enum class CertificationClass : std::uint8_t {
    none = 0,
    niosh,     // N95, R99, P100: the US classes
    gb,        // KN95, KP100: China's GB2626 classes
    kf,        // KF94, KF80, KF99, KFAD: Korea's
    ffp,       // FFP1-FFP3, and P1-P3: EN 149 / EN 143
    standard,  // a standard or mark: NIOSH, EN149, EN14683, GB2626, GB19083, ASTM, CE, CE0194
    combined,  // a combination with a class in it: OV/AG/P100, N95/KN95
};
inline constexpr std::size_t kCertificationClasses = 7;
// Each class's name, a short lowercase word, in the order of the enum.
inline constexpr std::string_view kCertificationClassNames[kCertificationClasses] = {
    "none", "niosh", "gb", "kf", "ffp", "standard", "combined"};

// Ensures: the class of the lowercased token `lower` (symbols such as ™ ® * at its end
// ignored), by pattern: "n95" and "kn95x" differ, a longer code containing a class
// ("dc365n95hc") is none.
CertificationClass certification_class(std::string_view lower);

// Ensures: the class's name in kCertificationClassNames ("none" for none).
constexpr std::string_view certification_class_name(CertificationClass c) {
    return kCertificationClassNames[static_cast<std::size_t>(c)];
}

}  // namespace masktag
