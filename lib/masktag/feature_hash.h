// Hashes of feature keys, as models store them.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace masktag {

// How a model turns a feature key into the 64-bit number it stores. Part of the model
// file format: neither may ever change.
//   concatenated  FNV-1a over the key's bytes (model format 2)
//   pieces        each piece of the key (its template's fixed start, the token, the shape,
//                 ...) is hashed on its own and the piece hashes are combined, so a token
//                 is hashed once for all the templates that use it; the result is cut to
//                 48 bits (model format 3)
enum class KeyScheme { concatenated, pieces };

inline constexpr std::uint64_t kFeatureHashSeed = 14695981039346656037ull;
constexpr std::uint64_t feature_hash_update(std::uint64_t hash, std::string_view bytes) {
    for (const char c : bytes) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ull;
    }
    return hash;
}
// The concatenated scheme's hash of a whole key.
constexpr std::uint64_t feature_hash(std::string_view key) { return feature_hash_update(kFeatureHashSeed, key); }

// The pieces scheme: piece_hash() of each piece, folded with combine_hash(), masked.
inline constexpr std::uint64_t kPieceKeyMask = (std::uint64_t{1} << 48) - 1;

// splitmix64's finalizer: every input bit reaches every output bit.
constexpr std::uint64_t mix_hash(std::uint64_t h) {
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebull;
    return h ^ (h >> 31);
}

// Ensures: a hash of `bytes`, taken eight bytes at a time (little-endian).
constexpr std::uint64_t piece_hash(std::string_view bytes) {
    const auto word = [&](std::size_t at, std::size_t n) {
        std::uint64_t w = 0;
        if (std::is_constant_evaluated() || n < 8) {
            for (std::size_t k = 0; k < n; ++k)
                w |= std::uint64_t{static_cast<unsigned char>(bytes[at + k])} << (8 * k);
        } else {
            std::memcpy(&w, bytes.data() + at, 8);
            if constexpr (std::endian::native == std::endian::big) w = __builtin_bswap64(w);
        }
        return w;
    };
    std::uint64_t h = 0x9E3779B97F4A7C15ull * (bytes.size() + 1);
    std::size_t i = 0;
    for (; i + 8 <= bytes.size(); i += 8) h = mix_hash(h ^ word(i, 8));
    if (i < bytes.size()) h = mix_hash(h ^ word(i, bytes.size() - i));
    return h;
}

// Ensures: the hash of a sequence whose hash so far is `seed`, extended by a piece whose
// hash is `piece`. Order matters: combine(a, b) != combine(b, a).
constexpr std::uint64_t combine_hash(std::uint64_t seed, std::uint64_t piece) {
    return mix_hash(seed * 0xC2B2AE3D27D4EB4Full + piece);
}

// A piece of a feature key and its piece_hash().
struct Piece {
    std::string_view text;
    std::uint64_t hash;
    constexpr Piece(std::string_view t, std::uint64_t h) : text(t), hash(h) {}
    explicit constexpr Piece(std::string_view t) : text(t), hash(piece_hash(t)) {}
};

// A feature template's fixed start ("w=", "p2=", "upper"), with both schemes' hashes of
// those bytes worked out at compile time: prediction hashes only the parts that vary.
struct FeaturePrefix {
    std::string_view text;
    std::uint64_t concatenated_hash;
    std::uint64_t piece_hash;
    consteval explicit FeaturePrefix(std::string_view t)
        : text(t), concatenated_hash(feature_hash(t)), piece_hash(masktag::piece_hash(t)) {}
};

}  // namespace masktag
