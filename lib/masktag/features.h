// Turns a tokenized title into per-token feature keys, and interns keys into ids.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "masktag/tokenizer.h"

namespace masktag {

// Named groups of feature templates. A model stores the names of the groups it was
// trained with, so a newer masktag extracts exactly the same features for an old model.
//   token     the lowercased token
//   flags     isupper, istitle, isdigit, has a digit / a letter / '/' / '-', length
//   affixes   2- and 3-character prefixes and suffixes, lowercased
//   position  first, last, index from the start
//   context   previous and next token lowercased, isupper, istitle (or BOS / EOS)
//   shape     token shape such as "Aa9" (runs collapsed), index from the end
// The first five are the reference predictor's feature set; the label prior (its "bias")
// is part of every model.
struct FeatureGroups {
    bool token = true;
    bool flags = true;
    bool affixes = true;
    bool position = true;
    bool context = true;
    bool shape = true;

    // Ensures: the enabled groups' names, in the order listed above.
    std::vector<std::string> names() const;
    // Ensures: groups with exactly the given names enabled. Throws Error naming the first
    // unknown name.
    static FeatureGroups from_names(std::span<const std::string> names);
    friend bool operator==(const FeatureGroups&, const FeatureGroups&) = default;
};

// Computes the feature keys of each token of a title. Keys are short strings such as
// "w=aura" or "p2=au"; they are built in buffers this object reuses, so extracting the
// features of a title allocates nothing once the buffers have grown to fit.
// Not thread-safe: use one extractor per thread.
class FeatureExtractor {
public:
    explicit FeatureExtractor(FeatureGroups groups) : groups_(groups) {}

    // Requires: `tokens` are tokens of `title` (as from tokenize()).
    // Ensures: prepares the per-token data that features() reads.
    void load(std::string_view title, std::span<const Token> tokens);

    // Requires: load() was called; i < number of tokens loaded.
    // Ensures: calls visit(key) once for each feature key of token i, in a fixed order.
    // A key is valid only during its call.
    template <typename Visitor>
    void features(std::size_t i, Visitor&& visit);

    // The same features in the same order, as visit(feature_hash(key)), computed from the
    // key's pieces without building the key: the prediction path.
    template <typename Visitor>
    void feature_hashes(std::size_t i, Visitor&& visit);

private:
    struct TokenInfo {
        std::uint32_t lower_begin, lower_end;  // the lowercased token in lower_
        std::uint32_t code_points;
        bool is_upper, is_title, is_digit, has_digit, has_alpha, has_slash, has_hyphen;
        std::uint32_t shape_begin, shape_end;  // the token's shape in shapes_
    };

    std::string_view lower(std::size_t i) const {
        return std::string_view(lower_).substr(info_[i].lower_begin, info_[i].lower_end - info_[i].lower_begin);
    }
    std::string_view shape(std::size_t i) const {
        return std::string_view(shapes_).substr(info_[i].shape_begin, info_[i].shape_end - info_[i].shape_begin);
    }
    // Emits every feature of token i to `sink` as sink(FeaturePrefix, value): the key is
    // the two pieces joined. The one definition of the feature templates.
    template <typename Sink>
    void emit(std::size_t i, Sink&& sink);

    FeatureGroups groups_;
    std::vector<TokenInfo> info_;
    std::string lower_;
    std::string shapes_;
    std::string key_;
};

// The hash of a feature key stored in models: FNV-1a, 64 bits, over the key's bytes.
// Part of the model file format: it must never change.
inline constexpr std::uint64_t kFeatureHashSeed = 14695981039346656037ull;
constexpr std::uint64_t feature_hash_update(std::uint64_t hash, std::string_view bytes) {
    for (const char c : bytes) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ull;
    }
    return hash;
}
constexpr std::uint64_t feature_hash(std::string_view key) { return feature_hash_update(kFeatureHashSeed, key); }

// A feature template's fixed start ("w=", "p2=", "upper"), with the hash of those bytes
// worked out at compile time: prediction hashes only the part that varies.
struct FeaturePrefix {
    std::string_view text;
    std::uint64_t hash;
    consteval explicit FeaturePrefix(std::string_view t) : text(t), hash(feature_hash(t)) {}
};

// Ensures: the decimal digits of `number`, written into `buffer`.
std::string_view decimal(std::size_t number, char (&buffer)[24]);

// Interns feature keys into dense ids 0..size()-1, in the order keys are first added.
class FeatureDictionary {
public:
    // Ensures: the id of `key`, adding it with the next free id if it is new.
    std::uint32_t add(std::string_view key);
    // Ensures: the id of `key`, or kUnknown when it is not in the dictionary.
    std::uint32_t find(std::string_view key) const;
    std::size_t size() const { return keys_.size(); }
    const std::string& key(std::uint32_t id) const { return keys_[id]; }
    void reserve(std::size_t n);

    static constexpr std::uint32_t kUnknown = 0xFFFFFFFFu;

private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> ids_;
    std::vector<std::string> keys_;
};

// The feature ids of every token of one title, stored flat: token i's ids are
// ids[starts[i]] .. ids[starts[i+1]-1]. This is the sequence type the model trains on.
struct FeatureSequence {
    std::vector<std::uint32_t> ids;
    std::vector<std::uint32_t> starts{0};

    std::size_t size() const { return starts.size() - 1; }
    std::span<const std::uint32_t> operator[](std::size_t i) const {
        return std::span<const std::uint32_t>(ids).subspan(starts[i], starts[i + 1] - starts[i]);
    }
    void clear() {
        ids.clear();
        starts.assign(1, 0);
    }
};

// Ensures: the first (last) `count` code points of UTF-8 text `w`, or all of `w` when it
// is shorter; the same as Python's w[:count] and w[-count:].
std::string_view utf8_prefix(std::string_view w, std::size_t count);
std::string_view utf8_suffix(std::string_view w, std::size_t count);

// ---------------------------------------------------------------------------------------

template <typename Sink>
void FeatureExtractor::emit(std::size_t i, Sink&& sink) {
    static constexpr FeaturePrefix kNextTitle{"+1title"};
    static constexpr FeaturePrefix kNextUpper{"+1upper"};
    static constexpr FeaturePrefix kNextW{"+1w="};
    static constexpr FeaturePrefix kPrevTitle{"-1title"};
    static constexpr FeaturePrefix kPrevUpper{"-1upper"};
    static constexpr FeaturePrefix kPrevW{"-1w="};
    static constexpr FeaturePrefix kBos{"BOS"};
    static constexpr FeaturePrefix kEos{"EOS"};
    static constexpr FeaturePrefix kDigit{"digit"};
    static constexpr FeaturePrefix kFirst{"first"};
    static constexpr FeaturePrefix kHasalpha{"hasalpha"};
    static constexpr FeaturePrefix kHasdigit{"hasdigit"};
    static constexpr FeaturePrefix kHashyphen{"hashyphen"};
    static constexpr FeaturePrefix kHasslash{"hasslash"};
    static constexpr FeaturePrefix kIdx{"idx="};
    static constexpr FeaturePrefix kLast{"last"};
    static constexpr FeaturePrefix kLen{"len="};
    static constexpr FeaturePrefix kP2{"p2="};
    static constexpr FeaturePrefix kP3{"p3="};
    static constexpr FeaturePrefix kRidx{"ridx="};
    static constexpr FeaturePrefix kS2{"s2="};
    static constexpr FeaturePrefix kS3{"s3="};
    static constexpr FeaturePrefix kSh{"sh="};
    static constexpr FeaturePrefix kTitle{"title"};
    static constexpr FeaturePrefix kUpper{"upper"};
    static constexpr FeaturePrefix kW{"w="};
    const TokenInfo& t = info_[i];
    const std::size_t n = info_.size();
    char digits[24];
    if (groups_.token) sink(kW, lower(i));
    if (groups_.flags) {
        if (t.is_upper) sink(kUpper, "");
        if (t.is_title) sink(kTitle, "");
        if (t.is_digit) sink(kDigit, "");
        if (t.has_digit) sink(kHasdigit, "");
        if (t.has_alpha) sink(kHasalpha, "");
        if (t.has_slash) sink(kHasslash, "");
        if (t.has_hyphen) sink(kHashyphen, "");
        sink(kLen, decimal(t.code_points, digits));
    }
    if (groups_.affixes) {
        const std::string_view w = lower(i);
        sink(kP2, utf8_prefix(w, 2));
        sink(kP3, utf8_prefix(w, 3));
        sink(kS2, utf8_suffix(w, 2));
        sink(kS3, utf8_suffix(w, 3));
    }
    if (groups_.position) {
        if (i == 0) sink(kFirst, "");
        if (i + 1 == n) sink(kLast, "");
        sink(kIdx, decimal(i < 10 ? i : 10, digits));
    }
    if (groups_.context) {
        if (i == 0) {
            sink(kBos, "");
        } else {
            sink(kPrevW, lower(i - 1));
            if (info_[i - 1].is_upper) sink(kPrevUpper, "");
            if (info_[i - 1].is_title) sink(kPrevTitle, "");
        }
        if (i + 1 == n) {
            sink(kEos, "");
        } else {
            sink(kNextW, lower(i + 1));
            if (info_[i + 1].is_upper) sink(kNextUpper, "");
            if (info_[i + 1].is_title) sink(kNextTitle, "");
        }
    }
    if (groups_.shape) {
        sink(kSh, shape(i));
        const std::size_t from_end = n - 1 - i;
        sink(kRidx, decimal(from_end < 5 ? from_end : 5, digits));
    }
}

template <typename Visitor>
void FeatureExtractor::features(std::size_t i, Visitor&& visit) {
    emit(i, [&](const FeaturePrefix& prefix, std::string_view value) {
        key_.assign(prefix.text);
        key_.append(value);
        visit(std::string_view(key_));
    });
}

template <typename Visitor>
void FeatureExtractor::feature_hashes(std::size_t i, Visitor&& visit) {
    emit(i, [&](const FeaturePrefix& prefix, std::string_view value) {
        visit(feature_hash_update(prefix.hash, value));
    });
}

}  // namespace masktag
