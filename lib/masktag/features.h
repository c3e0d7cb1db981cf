// Turns a tokenized title into per-token feature keys, and interns keys into ids.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iterator>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "masktag/certification.h"
#include "masktag/feature_hash.h"
#include "masktag/lexicon.h"
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
//   wide      the tokens two before and two after, the shapes of both neighbours
//   lexicon   the label a lexicon gives the token and each neighbour, and the label and
//             place (B first, I inside, U alone) of the lexicon phrase covering the
//             token and each neighbour
//   class     the certification class (certification.h) of the token and each neighbour,
//             recognized by pattern, so an unseen code is not taken for a class
//   joint     the token's place in a hyphenated compound the tokenizer split ("TC-84A-1234":
//             B, I, E), which keeps a code's pieces together as one code
//   repeat    the token repeats one of the two before it (case aside), as a maker's name
//             repeated as its product's name does ("Envo Envo Pro")
//   compound  for a piece of a hyphenated compound, its joint place with its own shape and
//             the shape of the piece it is joined to (the next, or for the last the one
//             before): "AB-123" (A then 9) is a code, "Kimberly-Clark" (Aa then Aa) a name
// The first five are the reference predictor's feature set; the label prior (its "bias")
// is part of every model. Groups a model file does not name are off for it.
struct FeatureGroups {
    bool token = true;
    bool flags = true;
    bool affixes = true;
    bool position = true;
    bool context = true;
    bool shape = true;
    bool wide = true;
    bool lexicon = true;
    bool certification = true;  // "class"
    bool joint = true;
    bool repeat = true;
    bool compound = true;

    // Ensures: every group switched off.
    static FeatureGroups none();
    // Ensures: the enabled groups' names, in the order listed above.
    std::vector<std::string> names() const;
    // Ensures: groups with exactly the given names enabled. Throws Error naming the first
    // unknown name.
    static FeatureGroups from_names(std::span<const std::string> names);
    friend bool operator==(const FeatureGroups&, const FeatureGroups&) = default;
};

// Computes the feature keys of each token of a title. Keys are short strings such as
// "w=aura" or "p2=au", or for the prediction path only their hashes; both are built in
// buffers this object reuses, so extracting the features of a title allocates nothing
// once the buffers have grown to fit.
// Not thread-safe: use one extractor per thread.
class FeatureExtractor {
public:
    // Requires: `lexicon`, when given, outlives this object. Without one, the lexicon
    // group yields no features.
    explicit FeatureExtractor(FeatureGroups groups, KeyScheme scheme = KeyScheme::pieces,
                              const Lexicon* lexicon = nullptr)
        : groups_(groups), scheme_(scheme), lexicon_(lexicon) {}

    // Requires: `tokens` are tokens of `title` (as from tokenize()).
    // Ensures: prepares the per-token data that features() reads.
    void load(std::string_view title, std::span<const Token> tokens);

    // Requires: load() was called; i < number of tokens loaded.
    // Ensures: calls visit(key, hash) once for each feature key of token i, in a fixed
    // order, where hash is the key's hash under the pieces scheme (what models of format
    // 3 store). The key is valid only during its call.
    template <typename Visitor>
    void features(std::size_t i, Visitor&& visit);

    // The same features in the same order, as visit(hash) under this extractor's scheme,
    // computed from the key's pieces without building the key: the prediction path.
    template <typename Visitor>
    void feature_hashes(std::size_t i, Visitor&& visit);
    // The same split in two: first the features of the token alone (which come first),
    // then those that depend on its place and neighbours.
    template <typename Visitor>
    void token_feature_hashes(std::size_t i, Visitor&& visit);
    template <typename Visitor>
    void context_feature_hashes(std::size_t i, Visitor&& visit);

    // Every feature of a token comes from exactly one of: a word in a role (the token
    // itself, or one of its neighbours), its place (index from the start and from the end,
    // each capped), and the lexicon phrases over it and its neighbours. Each part depends
    // on nothing else, so its weights can be summed once and reused.
    enum class Role : std::uint8_t { self, previous, next, second_previous, second_next };
    static constexpr std::size_t kRoles = 5;
    static constexpr std::size_t kPlaceFromStart = 10, kPlaceFromEnd = 5;  // the caps
    // Requires: load() was called; k < number of tokens loaded.
    // Ensures: visit(hash) for each feature token k gives the token it is `role` to.
    template <typename Visitor>
    void word_feature_hashes(Role role, std::size_t k, Visitor&& visit);
    // Requires: i < n.
    // Ensures: visit(hash) for each feature of place i in a title of n tokens.
    template <typename Visitor>
    void place_feature_hashes(std::size_t i, std::size_t n, Visitor&& visit);
    // Requires: role is self, previous or next; label <= number of lexicon labels; place < 3.
    // Ensures: visit(hash) for each feature of a lexicon phrase with this label and place
    // (0 B, 1 I, 2 U) over the token in `role`: none for label 0.
    template <typename Visitor>
    void phrase_feature_hashes(Role role, std::uint16_t label, std::uint8_t place, Visitor&& visit);
    // Requires: load() was called; i < number of tokens loaded.
    // Ensures: the lexicon phrase over token i: its label (0: none) and place.
    std::uint16_t phrase_label(std::size_t i) const { return info_[i].phrase_label; }
    std::uint8_t phrase_place(std::size_t i) const { return info_[i].phrase_place; }
    // Requires: load() was called; i < number of tokens loaded.
    // Ensures: token i's place in a hyphenated compound: 0 none, 1 first, 2 inside, 3 last.
    std::uint8_t joint_place(std::size_t i) const { return joints_[i]; }
    // Requires: place <= 3.
    // Ensures: visit(hash) for each feature of that joint place: none for place 0.
    template <typename Visitor>
    void joint_feature_hashes(std::uint8_t place, Visitor&& visit);
    // Requires: load() was called; i < number of tokens loaded.
    // Ensures: whether token i repeats one of the two tokens before it, lowercased (always
    // false with the repeat group off).
    bool repeats(std::size_t i) const { return repeats_[i] != 0; }
    // Ensures: visit(hash) for each feature of a token that repeats (`repeat`) or does not.
    template <typename Visitor>
    void repeat_feature_hashes(bool repeat, Visitor&& visit);
    // Requires: load() was called; i < number of tokens loaded.
    // Ensures: visit(hash) for each compound feature of token i: none outside a compound.
    template <typename Visitor>
    void compound_feature_hashes(std::size_t i, Visitor&& visit);

    // Switches on a memo of tokens seen before, for prediction with a model of `labels`
    // labels: load() then takes a remembered token's analysis from it instead of
    // working it out again, and remembered_sum() gives the weight sum stored with
    // remember(). Does nothing for the concatenated scheme or more than
    // TokenMemo::kMaxLabels labels. Results are the same with or without the memo.
    enum class MemoKind { sums, blocks };
    void enable_memo(std::size_t labels, MemoKind kind = MemoKind::sums);
    // Requires: load() was called; i < number of tokens loaded.
    // Ensures: the sums stored with remember() for token i's text, or nullptr.
    const double* remembered_sum(std::size_t i) const {
        return slots_[i] != nullptr ? &sums_[i * memo_labels_] : nullptr;
    }
    // Requires: load() was called; i < number of tokens loaded; `sum` has at most
    // TokenMemo::kMaxLabels values: the weight sums of token i's token features.
    // Ensures: the memo holds token i's analysis and `sum` for its text (when enabled and
    // the text is short enough), in place of what it held in that slot.
    void remember(std::size_t i, std::span<const double> sum);
    // The same for integer weight sums per role (kRoles x labels, role-major), with a
    // memo enabled for MemoKind::blocks. remembered_blocks(i) is what remember_blocks()
    // stored for token i's text before load(), or nullptr; a token found in the memo is
    // not analyzed, so its features cannot be extracted.
    // Requires for remembered_blocks(): no remember_blocks() call since load(), which may
    // have taken the slot.
    const std::int32_t* remembered_blocks(std::size_t i) const {
        return memo_kind_ == MemoKind::blocks && slots_[i] != nullptr ? slots_[i]->blocks : nullptr;
    }
    void remember_blocks(std::size_t i, std::span<const std::int32_t> blocks);

    // Requires: load() was called; i < number of tokens loaded.
    // Ensures: token i lowercased as the features see it, and its piece_hash().
    std::string_view lower(std::size_t i) const {
        return std::string_view(lower_).substr(info_[i].lower_begin, info_[i].lower_end - info_[i].lower_begin);
    }
    std::uint64_t lower_hash(std::size_t i) const { return info_[i].lower_hash; }

private:
    struct TokenInfo {
        std::uint32_t lower_begin, lower_end;  // the lowercased token in lower_
        std::uint32_t code_points;
        bool is_upper, is_title, is_digit, has_digit, has_alpha, has_slash, has_hyphen;
        std::uint32_t shape_begin, shape_end;  // the token's shape in shapes_
        std::uint64_t lower_hash, shape_hash;
        std::uint16_t word_label;    // Lexicon label number of the token, 0: none
        std::uint16_t phrase_label;  // Lexicon label number of the phrase covering it, 0: none
        std::uint8_t phrase_place;   // 0 B, 1 I, 2 U
        CertificationClass certification;
        // The token's own lexicon entry, for matching: its phrase label as a phrase of one
        // (0: none) and the most tokens of a phrase it starts (0: none, or no entry).
        // Kept here, not as a pointer, so a remembered token costs no look at the lexicon.
        std::uint16_t entry_phrase_label;
        std::uint8_t longest_phrase;
    };

    // A 2-way set-associative cache from token text to analysis and weight sums: titles
    // repeat their words, and a repeated word then costs one lookup instead of a dozen.
    // Two ways of 8,192 sets: a direct-mapped memo of 8,192 slots missed one token in ten
    // on generated titles (6,400 distinct words), almost all of them two words taking
    // turns in one slot; this misses one in fifty. A new word goes into a
    // set's first way, and what was there moves to the second.
    struct TokenMemo {
        static constexpr std::size_t kSets = 8192, kWays = 2, kMaxBytes = 31, kMaxLabels = 12;
        // After this many titles the memo moves to 2 MiB pages (move_memo_to_huge_pages).
        static constexpr std::size_t kLoadsBeforeHugePages = 10000;
        struct Slot {
            std::uint8_t size = 0;
            char bytes[kMaxBytes];
            TokenInfo info;  // without its text: a token found here skips analysis
            union {
                double partial[kMaxLabels];                // remember()
                std::int32_t blocks[kRoles * kMaxLabels];  // remember_blocks()
            };
        };
    };
    // Zero bytes make an empty slot, so the memo can come from calloc.
    static_assert(std::is_trivially_copyable_v<TokenMemo::Slot> && std::is_trivially_destructible_v<TokenMemo::Slot>);
    // The first slot of the set for `text` (its ways follow it), whatever they hold.
    TokenMemo::Slot* memo_set(std::string_view text);
    // Ensures: the memo, as it is, in memory asked for in 2 MiB pages where the system
    // has them (else it stays where it is).
    void move_memo_to_huge_pages();
    // Ensures: the slot of `text`'s set that holds it, or nullptr.
    static const TokenMemo::Slot* find_in_set(const TokenMemo::Slot* set, std::string_view text);
    // Ensures: token i's analysis in the first way of its text's set, what was there moved
    // to the second; returns the slot to put the sums in (nullptr: the text is not kept,
    // being too long, empty or there already).
    TokenMemo::Slot* memo_insert(std::size_t i);
    // Ensures: token `text`'s analysis appended to info_, lower_ and shapes_ (not hashed).
    void analyze(std::string_view text);

    std::string_view shape(std::size_t i) const {
        return std::string_view(shapes_).substr(info_[i].shape_begin, info_[i].shape_end - info_[i].shape_begin);
    }
    Piece lower_piece(std::size_t i) const { return Piece(lower(i), info_[i].lower_hash); }
    Piece shape_piece(std::size_t i) const { return Piece(shape(i), info_[i].shape_hash); }
    // The names of joint places 1, 2 and 3 (joint_place()), as the joint and compound keys write them.
    static constexpr Piece kJointPlaces[] = {Piece("B"), Piece("I"), Piece("E")};
    Piece lexicon_label_piece(std::uint16_t label) const { return lexicon_->label_piece(label); }
    // Ensures: phrase_label and phrase_place of every token loaded.
    void match_lexicon();
    // Ensures: joints_ holds every token's joint place.
    void mark_joints(std::string_view title, std::span<const Token> tokens);
    // Ensures: repeats_ holds every token's repeats().
    void mark_repeats();
    // Emits every feature of token i to `sink` as sink(FeaturePrefix, Piece...): the key
    // is the prefix followed by the pieces, joined by single spaces. The one definition of
    // the feature templates.
    // The order: the token's own features, then each neighbour's (previous, next, second
    // previous, second next), its place, and the lexicon phrases over it and its neighbours.
    template <typename Sink>
    void emit(std::size_t i, Sink&& sink) const {
        emit_word(Role::self, i, sink);
        emit_around(i, sink);
    }
    // The features token k gives the token it stands in `role` to.
    template <typename Sink>
    void emit_word(Role role, std::size_t k, Sink&& sink) const;
    // The features of place i in a title of n tokens.
    template <typename Sink>
    void emit_place(std::size_t i, std::size_t n, Sink&& sink) const;
    // The features of a lexicon phrase (label, place) over the token in `role` (self,
    // previous or next); none for label 0.
    template <typename Sink>
    void emit_phrase(Role role, std::uint16_t label, std::uint8_t place, Sink&& sink) const;
    // The feature of joint place `place` (see joint_place()); none for 0.
    template <typename Sink>
    void emit_joint(std::uint8_t place, Sink&& sink) const;
    // The feature of a token that repeats one before it; none for one that does not.
    template <typename Sink>
    void emit_repeat(bool repeat, Sink&& sink) const;
    // The feature of token i's place and shape in its hyphenated compound; none outside one.
    template <typename Sink>
    void emit_compound(std::size_t i, Sink&& sink) const;
    // Every feature of token i but its own.
    template <typename Sink>
    void emit_around(std::size_t i, Sink&& sink) const;
    // Ensures: a sink that hashes each key under this extractor's scheme for visit(hash).
    template <typename Visitor>
    auto hashing_sink(Visitor& visit) const;

    FeatureGroups groups_;
    KeyScheme scheme_;
    const Lexicon* lexicon_;
    std::vector<TokenInfo> info_;
    std::vector<std::string_view> texts_;  // each token's text, as loaded
    std::vector<std::uint8_t> joints_;     // each token's joint_place()
    std::vector<std::uint8_t> repeats_;    // each token's repeats()
    struct FreeSlots {
        void operator()(TokenMemo::Slot* slots) const { std::free(slots); }
    };
    std::unique_ptr<TokenMemo::Slot[], FreeSlots> memo_;  // null: no memo
    std::size_t memo_labels_ = 0;
    std::size_t memo_loads_ = 0;  // load() calls since the memo was made
    MemoKind memo_kind_ = MemoKind::sums;
    std::vector<const TokenMemo::Slot*> slots_;  // per token: its memo slot when load() found it there
    // The sums load() found in the memo, copied: remember() may reuse a slot before it is read.
    std::vector<double> sums_;  // tokens x memo_labels_
    // match_lexicon's phrase keys: per token, those of the phrases of 2 .. kMaxPhraseTokens
    // tokens it starts, as far as its longest_phrase goes (the rest unset).
    std::vector<std::uint64_t> phrase_keys_;
    std::string lower_;
    std::string shapes_;
    std::string key_;
};

// Ensures: the decimal digits of `number`, written into `buffer`.
std::string_view decimal(std::size_t number, char (&buffer)[24]);

// Interns feature keys into dense ids 0..size()-1, in the order keys are first added,
// each with the hash a model stores for it.
class FeatureDictionary {
public:
    // Ensures: the id of `key`, adding it with the next free id and `hash` if it is new.
    std::uint32_t add(std::string_view key, std::uint64_t hash);
    // Ensures: the id of `key`, or kUnknown when it is not in the dictionary.
    std::uint32_t find(std::string_view key) const;
    std::size_t size() const { return keys_.size(); }
    const std::string& key(std::uint32_t id) const { return keys_[id]; }
    std::uint64_t hash(std::uint32_t id) const { return hashes_[id]; }
    void reserve(std::size_t n);

    static constexpr std::uint32_t kUnknown = 0xFFFFFFFFu;

private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> ids_;
    std::vector<std::string> keys_;
    std::vector<std::uint64_t> hashes_;
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
void FeatureExtractor::emit_word(Role role, std::size_t k, Sink&& sink) const {
    static constexpr FeaturePrefix kW{"w="};
    static constexpr FeaturePrefix kUpper{"upper"};
    static constexpr FeaturePrefix kTitle{"title"};
    static constexpr FeaturePrefix kDigit{"digit"};
    static constexpr FeaturePrefix kHasdigit{"hasdigit"};
    static constexpr FeaturePrefix kHasalpha{"hasalpha"};
    static constexpr FeaturePrefix kHasslash{"hasslash"};
    static constexpr FeaturePrefix kHashyphen{"hashyphen"};
    static constexpr FeaturePrefix kLen{"len="};
    static constexpr FeaturePrefix kP2{"p2="};
    static constexpr FeaturePrefix kP3{"p3="};
    static constexpr FeaturePrefix kS2{"s2="};
    static constexpr FeaturePrefix kS3{"s3="};
    static constexpr FeaturePrefix kSh{"sh="};
    static constexpr FeaturePrefix kLex{"lex="};
    static constexpr FeaturePrefix kPrevW{"-1w="};
    static constexpr FeaturePrefix kPrevUpper{"-1upper"};
    static constexpr FeaturePrefix kPrevTitle{"-1title"};
    static constexpr FeaturePrefix kPrevSh{"-1sh="};
    static constexpr FeaturePrefix kPrevLex{"-1lex="};
    static constexpr FeaturePrefix kNextW{"+1w="};
    static constexpr FeaturePrefix kNextUpper{"+1upper"};
    static constexpr FeaturePrefix kNextTitle{"+1title"};
    static constexpr FeaturePrefix kNextSh{"+1sh="};
    static constexpr FeaturePrefix kNextLex{"+1lex="};
    static constexpr FeaturePrefix kCls{"cls="};
    static constexpr FeaturePrefix kPrevCls{"-1cls="};
    static constexpr FeaturePrefix kNextCls{"+1cls="};
    static constexpr FeaturePrefix kPrev2W{"-2w="};
    static constexpr FeaturePrefix kNext2W{"+2w="};
    const TokenInfo& t = info_[k];
    const bool lexicon = groups_.lexicon && lexicon_ != nullptr && t.word_label != 0;
    const bool certification = groups_.certification && t.certification != CertificationClass::none;
    static constexpr Piece kClassPieces[] = {Piece(kCertificationClassNames[0]), Piece(kCertificationClassNames[1]),
                                             Piece(kCertificationClassNames[2]), Piece(kCertificationClassNames[3]),
                                             Piece(kCertificationClassNames[4]), Piece(kCertificationClassNames[5]),
                                             Piece(kCertificationClassNames[6])};
    static_assert(std::size(kClassPieces) == kCertificationClasses);
    const Piece& certification_piece = kClassPieces[static_cast<std::size_t>(t.certification)];
    // A neighbour's word, case and shape, its lexicon label and certification class.
    const auto neighbour = [&](const FeaturePrefix& w, const FeaturePrefix& upper, const FeaturePrefix& title,
                               const FeaturePrefix& shape, const FeaturePrefix& lex, const FeaturePrefix& cls) {
        if (groups_.context) {
            sink(w, lower_piece(k));
            if (t.is_upper) sink(upper);
            if (t.is_title) sink(title);
        }
        if (groups_.wide) sink(shape, shape_piece(k));
        if (lexicon) sink(lex, lexicon_label_piece(t.word_label));
        if (certification) sink(cls, certification_piece);
    };
    switch (role) {
        case Role::self: {
            char digits[24];
            if (groups_.token) sink(kW, lower_piece(k));
            if (groups_.flags) {
                if (t.is_upper) sink(kUpper);
                if (t.is_title) sink(kTitle);
                if (t.is_digit) sink(kDigit);
                if (t.has_digit) sink(kHasdigit);
                if (t.has_alpha) sink(kHasalpha);
                if (t.has_slash) sink(kHasslash);
                if (t.has_hyphen) sink(kHashyphen);
                sink(kLen, Piece(decimal(t.code_points, digits)));
            }
            if (groups_.affixes) {
                const std::string_view w = lower(k);
                sink(kP2, Piece(utf8_prefix(w, 2)));
                sink(kP3, Piece(utf8_prefix(w, 3)));
                sink(kS2, Piece(utf8_suffix(w, 2)));
                sink(kS3, Piece(utf8_suffix(w, 3)));
            }
            if (groups_.shape) sink(kSh, shape_piece(k));
            if (lexicon) sink(kLex, lexicon_label_piece(t.word_label));
            if (certification) sink(kCls, certification_piece);
            return;
        }
        case Role::previous:
            return neighbour(kPrevW, kPrevUpper, kPrevTitle, kPrevSh, kPrevLex, kPrevCls);
        case Role::next:
            return neighbour(kNextW, kNextUpper, kNextTitle, kNextSh, kNextLex, kNextCls);
        case Role::second_previous:
            if (groups_.wide) sink(kPrev2W, lower_piece(k));
            return;
        case Role::second_next:
            if (groups_.wide) sink(kNext2W, lower_piece(k));
            return;
    }
}

template <typename Sink>
void FeatureExtractor::emit_place(std::size_t i, std::size_t n, Sink&& sink) const {
    static constexpr FeaturePrefix kFirst{"first"};
    static constexpr FeaturePrefix kLast{"last"};
    static constexpr FeaturePrefix kIdx{"idx="};
    static constexpr FeaturePrefix kBos{"BOS"};
    static constexpr FeaturePrefix kEos{"EOS"};
    static constexpr FeaturePrefix kRidx{"ridx="};
    char digits[24];
    if (groups_.position) {
        if (i == 0) sink(kFirst);
        if (i + 1 == n) sink(kLast);
        sink(kIdx, Piece(decimal(i < kPlaceFromStart ? i : kPlaceFromStart, digits)));
    }
    if (groups_.context) {
        if (i == 0) sink(kBos);
        if (i + 1 == n) sink(kEos);
    }
    if (groups_.shape) {
        const std::size_t from_end = n - 1 - i;
        sink(kRidx, Piece(decimal(from_end < kPlaceFromEnd ? from_end : kPlaceFromEnd, digits)));
    }
}

template <typename Sink>
void FeatureExtractor::emit_phrase(Role role, std::uint16_t label, std::uint8_t place, Sink&& sink) const {
    static constexpr FeaturePrefix kPhrase{"phrase="};
    static constexpr FeaturePrefix kPrevPhrase{"-1phrase="};
    static constexpr FeaturePrefix kNextPhrase{"+1phrase="};
    static constexpr Piece kPlaces[] = {Piece("B"), Piece("I"), Piece("U")};
    if (!groups_.lexicon || lexicon_ == nullptr || label == 0) return;
    const FeaturePrefix& prefix = role == Role::previous ? kPrevPhrase : role == Role::next ? kNextPhrase : kPhrase;
    sink(prefix, lexicon_label_piece(label), kPlaces[place]);
}

template <typename Sink>
void FeatureExtractor::emit_joint(std::uint8_t place, Sink&& sink) const {
    static constexpr FeaturePrefix kJoint{"joint="};
    if (groups_.joint && place != 0) sink(kJoint, kJointPlaces[place - 1]);
}

template <typename Sink>
void FeatureExtractor::emit_repeat(bool repeat, Sink&& sink) const {
    static constexpr FeaturePrefix kRepeat{"repeat"};
    if (groups_.repeat && repeat) sink(kRepeat);
}

template <typename Sink>
void FeatureExtractor::emit_compound(std::size_t i, Sink&& sink) const {
    static constexpr FeaturePrefix kCompound{"compound="};
    const std::uint8_t place = joints_[i];
    if (!groups_.compound || place == 0) return;
    // Shapes come as hashes too, so a token remembered without its text still gives this.
    const std::size_t joined = place == 3 ? i - 1 : i + 1;
    sink(kCompound, kJointPlaces[place - 1], shape_piece(i), shape_piece(joined));
}

template <typename Sink>
void FeatureExtractor::emit_around(std::size_t i, Sink&& sink) const {
    const std::size_t n = info_.size();
    if (i >= 1) emit_word(Role::previous, i - 1, sink);
    if (i + 1 < n) emit_word(Role::next, i + 1, sink);
    if (i >= 2) emit_word(Role::second_previous, i - 2, sink);
    if (i + 2 < n) emit_word(Role::second_next, i + 2, sink);
    emit_place(i, n, sink);
    emit_phrase(Role::self, info_[i].phrase_label, info_[i].phrase_place, sink);
    if (i >= 1) emit_phrase(Role::previous, info_[i - 1].phrase_label, info_[i - 1].phrase_place, sink);
    if (i + 1 < n) emit_phrase(Role::next, info_[i + 1].phrase_label, info_[i + 1].phrase_place, sink);
    emit_joint(joints_[i], sink);
    emit_repeat(repeats_[i] != 0, sink);
    emit_compound(i, sink);
}

template <typename Visitor>
void FeatureExtractor::features(std::size_t i, Visitor&& visit) {
    emit(i, [&](const FeaturePrefix& prefix, const auto&... pieces) {
        key_.assign(prefix.text);
        bool first = true;
        std::uint64_t hash = prefix.piece_hash;
        ((key_.append(first ? "" : " "), key_.append(pieces.text), first = false,
          hash = combine_hash(hash, pieces.hash)),
         ...);
        visit(std::string_view(key_), hash & kPieceKeyMask);
    });
}

template <typename Visitor>
auto FeatureExtractor::hashing_sink(Visitor& visit) const {
    const bool pieces = scheme_ == KeyScheme::pieces;
    return [&visit, pieces](const FeaturePrefix& prefix, const auto&... more) {
        if (pieces) {
            std::uint64_t hash = prefix.piece_hash;
            ((hash = combine_hash(hash, more.hash)), ...);
            visit(hash & kPieceKeyMask);
        } else {
            std::uint64_t hash = prefix.concatenated_hash;
            bool first = true;
            ((hash = feature_hash_update(hash, first ? "" : " "), hash = feature_hash_update(hash, more.text),
              first = false),
             ...);
            visit(hash);
        }
    };
}

template <typename Visitor>
void FeatureExtractor::feature_hashes(std::size_t i, Visitor&& visit) {
    emit(i, hashing_sink(visit));
}

template <typename Visitor>
void FeatureExtractor::token_feature_hashes(std::size_t i, Visitor&& visit) {
    emit_word(Role::self, i, hashing_sink(visit));
}

template <typename Visitor>
void FeatureExtractor::context_feature_hashes(std::size_t i, Visitor&& visit) {
    emit_around(i, hashing_sink(visit));
}

template <typename Visitor>
void FeatureExtractor::word_feature_hashes(Role role, std::size_t k, Visitor&& visit) {
    emit_word(role, k, hashing_sink(visit));
}

template <typename Visitor>
void FeatureExtractor::place_feature_hashes(std::size_t i, std::size_t n, Visitor&& visit) {
    emit_place(i, n, hashing_sink(visit));
}

template <typename Visitor>
void FeatureExtractor::joint_feature_hashes(std::uint8_t place, Visitor&& visit) {
    emit_joint(place, hashing_sink(visit));
}

template <typename Visitor>
void FeatureExtractor::repeat_feature_hashes(bool repeat, Visitor&& visit) {
    emit_repeat(repeat, hashing_sink(visit));
}

template <typename Visitor>
void FeatureExtractor::compound_feature_hashes(std::size_t i, Visitor&& visit) {
    emit_compound(i, hashing_sink(visit));
}

template <typename Visitor>
void FeatureExtractor::phrase_feature_hashes(Role role, std::uint16_t label, std::uint8_t place, Visitor&& visit) {
    emit_phrase(role, label, place, hashing_sink(visit));
}

}  // namespace masktag
