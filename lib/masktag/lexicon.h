// Words and phrases with the labels annotated data gives them: the lexicon feature group.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "masktag/feature_hash.h"
#include "masktag/block.h"

namespace masktag {

struct LabeledRecord;

// What labeled titles say about words and phrases: for each lowercased token, the label
// it has most often; for each phrase (a run of up to kMaxPhraseTokens tokens that share a
// label, as a whole), the label it has most often as a run. Entries are keyed by 48-bit
// hashes (phrase_key), not text, so a model stores its lexicon compactly.
// Labels are numbered from 1 in name order; 0 means "no label".
class Lexicon {
public:
    static constexpr std::size_t kMaxPhraseTokens = 4;

    struct Entry {
        std::uint64_t key;
        std::uint16_t word_label;    // 0: the token never occurs alone in the data
        std::uint16_t phrase_label;  // 0: never a whole run
        // The most tokens of a phrase that starts with this token alone (0: none does), so
        // matching looks no further: most tokens start no phrase.
        std::uint8_t longest_phrase;
        friend bool operator==(const Entry&, const Entry&) = default;
    };

    Lexicon() = default;

    // Requires: each record has one label per token.
    // Ensures: the lexicon of `records`; a label count tie goes to the label first in name
    // order. With min_count > 1, a word or phrase seen fewer than min_count times is left
    // out unless its label is `keep_label` (a maker is worth knowing from one mention; a
    // part number seen once teaches nothing reusable), and a word that starts a phrase
    // kept is kept. Throws Error in the astronomically
    // unlikely case that two different words or phrases share a key.
    static Lexicon build(std::span<const LabeledRecord> records, std::uint32_t min_count = 1,
                         std::string_view keep_label = "brand");

    // Ensures: the lexicon with these labels (numbered from 1) and entries. Throws Error
    // when a label is empty or repeated, an entry names a label number out of range or
    // none, a phrase length is out of range, or keys repeat or exceed 48 bits.
    static Lexicon from_parts(std::vector<std::string> labels, std::vector<Entry> entries);
    // Requires: `entries` and `slots` are entries() and slots() of a lexicon with these
    // labels (as the built-in model's image holds them: see model_image.h).
    // Ensures: that lexicon again, checking and building nothing (views stay views).
    static Lexicon from_image(std::vector<std::string> labels, Block<Entry> entries, Block<Entry> slots);
    bool empty() const { return entries_.empty(); }
    const std::vector<std::string>& labels() const { return labels_; }
    // Ensures: the entries in ascending key order.
    const Block<Entry>& entries() const { return entries_; }
    // Ensures: the open-addressing table find() probes: the entries themselves at slot
    // key mod size() and on, empty slots all zeros (a power of two of them, at most half
    // full; none when the lexicon is empty).
    const Block<Entry>& slots() const { return slots_; }
    // Ensures: the entry whose key is `key`, or nullptr. Allocates nothing. The entry is
    // in the slot probed, not behind it: one cache miss, not two.
    const Entry* find(std::uint64_t key) const {
        if (slots_.empty()) return nullptr;
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t slot = key & mask;; slot = (slot + 1) & mask) {
            const Entry& e = slots_[slot];
            if (is_empty(e)) return nullptr;
            if (e.key == key) return &e;
        }
    }
    // Ensures: the slot find(key) probes first is on its way into the cache.
    void prefetch(std::uint64_t key) const {
        if (!slots_.empty()) __builtin_prefetch(&slots_[key & (slots_.size() - 1)]);
    }
    // Requires: 1 <= label <= labels().size().
    // Ensures: the label's name as a feature key piece.
    Piece label_piece(std::uint16_t label) const { return Piece(labels_[label - 1], label_hashes_[label - 1]); }

    friend bool operator==(const Lexicon& a, const Lexicon& b) {
        return a.labels_ == b.labels_ && a.entries_ == b.entries_;
    }

private:
    std::vector<std::string> labels_;
    std::vector<std::uint64_t> label_hashes_;
    // Every entry has a label (from_parts checks): no labels marks an empty slot.
    static bool is_empty(const Entry& e) { return e.word_label == 0 && e.phrase_label == 0; }

    Block<Entry> entries_;
    Block<Entry> slots_;
};

// Ensures: the key of the phrase whose lowercased tokens have the piece hashes `tokens`
// (FeatureExtractor::lower_hash): the first hash, folded with combine_hash, masked.
inline std::uint64_t phrase_key(std::span<const std::uint64_t> tokens) {
    std::uint64_t key = tokens.empty() ? 0 : tokens[0];
    for (std::size_t k = 1; k < tokens.size(); ++k) key = combine_hash(key, tokens[k]);
    return key & kPieceKeyMask;
}

}  // namespace masktag
