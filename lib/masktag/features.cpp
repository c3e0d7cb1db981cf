#include "masktag/features.h"

#include "masktag/error.h"

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <cstring>
#include <new>
#include <sys/mman.h>

namespace masktag {
namespace {

constexpr std::string_view kGroupNames[] = {"token", "flags",   "affixes", "position", "context", "shape",
                                            "wide",  "lexicon", "class",   "joint",    "repeat",  "compound"};

bool* group_flag(FeatureGroups& g, std::string_view name) {
    if (name == "token") return &g.token;
    if (name == "flags") return &g.flags;
    if (name == "affixes") return &g.affixes;
    if (name == "position") return &g.position;
    if (name == "context") return &g.context;
    if (name == "shape") return &g.shape;
    if (name == "wide") return &g.wide;
    if (name == "lexicon") return &g.lexicon;
    if (name == "class") return &g.certification;
    if (name == "joint") return &g.joint;
    if (name == "repeat") return &g.repeat;
    if (name == "compound") return &g.compound;
    return nullptr;
}

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Letter case of one code point, for the letters mask names use: ASCII and Latin-1.
enum class Case { none, upper, lower };

Case letter_case(char32_t cp) {
    if (cp >= 'A' && cp <= 'Z') return Case::upper;
    if (cp >= 'a' && cp <= 'z') return Case::lower;
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return Case::upper;
    if (cp >= 0xDF && cp <= 0xFF && cp != 0xF7) return Case::lower;
    return Case::none;
}

// Decodes the code point starting at s[i] (the text is valid UTF-8) and advances i.
char32_t next_code_point(std::string_view s, std::size_t& i) {
    const auto c = static_cast<unsigned char>(s[i++]);
    if (c < 0x80) return c;
    const int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
    char32_t cp = c & (0x3F >> extra);
    for (int k = 0; k < extra && i < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3F);
    return cp;
}

// The bytes of a text of up to 32 bytes in at most four loads (some overlapping): two
// texts of one length are equal exactly when their words are. Reads only the text's own
// bytes; a longer text is read in part.
struct TextWords {
    std::uint64_t a = 0, b = 0, c = 0, d = 0;
    friend bool operator==(const TextWords&, const TextWords&) = default;
};

TextWords text_words(const char* p, std::size_t n) {
    const auto load = [p](std::size_t at, std::size_t bytes) {
        std::uint64_t w = 0;
        std::memcpy(&w, p + at, bytes);
        return w;
    };
    TextWords w;
    if (n >= 8) {
        w.a = load(0, 8);
        w.b = load(n - 8, 8);
        if (n > 16) w.c = load(8, 8);
        if (n > 24) w.d = load(16, 8);
    } else if (n >= 4) {
        w.a = load(0, 4);
        w.b = load(n - 4, 4);
    } else if (n > 0) {
        w.a = static_cast<unsigned char>(p[0]) | static_cast<unsigned char>(p[n / 2]) << 8 |
              static_cast<unsigned char>(p[n - 1]) << 16;
    }
    return w;
}

// The memo's hash of a token's text, which chooses its set and nothing else: fewer steps
// than piece_hash's byte at a time for a short text.
std::uint64_t memo_hash(std::string_view text) {
    const TextWords w = text_words(text.data(), text.size());
    return mix_hash((w.a * 0x9E3779B97F4A7C15ull) ^ std::rotl(w.b * 0xC2B2AE3D27D4EB4Full, 29) ^
                    std::rotl(w.c * 0x165667B19E3779F9ull, 17) ^ std::rotl(w.d * 0x27D4EB2F165667C5ull, 43) ^
                    text.size());
}

}  // namespace

std::vector<std::string> FeatureGroups::names() const {
    std::vector<std::string> out;
    FeatureGroups copy = *this;
    for (std::string_view name : kGroupNames)
        if (*group_flag(copy, name)) out.emplace_back(name);
    return out;
}

FeatureGroups FeatureGroups::none() {
    FeatureGroups g;
    for (std::string_view name : kGroupNames) *group_flag(g, name) = false;
    return g;
}

FeatureGroups FeatureGroups::from_names(std::span<const std::string> names) {
    FeatureGroups g = none();
    for (const std::string& name : names) {
        bool* flag = group_flag(g, name);
        if (flag == nullptr)
            throw Error(
                "unknown feature group '" + name +
                "' (known: token, flags, affixes, position, context, shape, wide, lexicon, class, joint, repeat, compound)");
        *flag = true;
    }
    return g;
}

std::string_view utf8_prefix(std::string_view w, std::size_t count) {
    std::size_t seen = 0;
    for (std::size_t i = 0; i < w.size(); ++i)
        if (!is_continuation(static_cast<unsigned char>(w[i])) && seen++ == count) return w.substr(0, i);
    return w;
}

std::string_view utf8_suffix(std::string_view w, std::size_t count) {
    std::size_t seen = 0;
    for (std::size_t i = w.size(); i > 0; --i)
        if (!is_continuation(static_cast<unsigned char>(w[i - 1])) && ++seen == count) return w.substr(i - 1);
    return w;
}

void FeatureExtractor::load(std::string_view title, std::span<const Token> tokens) {
    if (memo_ && ++memo_loads_ == TokenMemo::kLoadsBeforeHugePages) move_memo_to_huge_pages();
    info_.clear();
    lower_.clear();
    shapes_.clear();
    const bool lexicon = groups_.lexicon && lexicon_ != nullptr && !lexicon_->empty();
    slots_.assign(tokens.size(), nullptr);
    if (memo_kind_ == MemoKind::sums) sums_.resize(tokens.size() * memo_labels_);  // blocks are read in place
    texts_.resize(tokens.size());
    for (std::size_t i = 0; i < tokens.size(); ++i) texts_[i] = tokens[i].text(title);
    mark_joints(title, tokens);
    // The memo is larger than the cache: ask for every token's set before reading any,
    // so their cache misses overlap instead of coming one after another.
    if (memo_)
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            slots_[i] = memo_set(texts_[i]);
            const auto* bytes = reinterpret_cast<const char*>(slots_[i]);
            for (std::size_t line = 0; line < TokenMemo::kWays * sizeof(TokenMemo::Slot); line += 64)
                __builtin_prefetch(bytes + line);
        }
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const std::string_view text = texts_[i];
        if (slots_[i] != nullptr) slots_[i] = find_in_set(slots_[i], text);
        if (const TokenMemo::Slot* slot = slots_[i]) {
            // Seen before: its analysis without its text (the pieces scheme needs only hashes).
            TokenInfo t = slot->info;
            t.lower_begin = t.lower_end = static_cast<std::uint32_t>(lower_.size());
            t.shape_begin = t.shape_end = static_cast<std::uint32_t>(shapes_.size());
            info_.push_back(t);
            if (memo_kind_ == MemoKind::sums)
                std::copy(slot->partial, slot->partial + memo_labels_, &sums_[i * memo_labels_]);
            continue;
        }
        analyze(text);
        TokenInfo& t = info_.back();
        t.lower_hash = piece_hash(lower(i));
        t.shape_hash = piece_hash(shape(i));
        if (const Lexicon::Entry* entry = lexicon ? lexicon_->find(t.lower_hash & kPieceKeyMask) : nullptr) {
            t.word_label = entry->word_label;
            t.entry_phrase_label = entry->phrase_label;
            t.longest_phrase = entry->longest_phrase;
        }
    }
    if (lexicon) match_lexicon();
    mark_repeats();
}

// Compared by the lowercased text's hash, which a remembered token keeps (its text it
// does not): the same for the training and the prediction path.
void FeatureExtractor::mark_repeats() {
    const std::size_t n = info_.size();
    repeats_.assign(n, 0);
    if (!groups_.repeat) return;
    for (std::size_t i = 1; i < n; ++i) {
        const std::uint64_t hash = info_[i].lower_hash;
        repeats_[i] = hash == info_[i - 1].lower_hash || (i >= 2 && hash == info_[i - 2].lower_hash);
    }
}

// Two tokens are joined when only hyphens stand between them: "TC-84A" but not "3M - N95".
void FeatureExtractor::mark_joints(std::string_view title, std::span<const Token> tokens) {
    joints_.assign(tokens.size(), 0);
    for (std::size_t k = 1; k < tokens.size(); ++k) {
        const std::string_view gap = title.substr(tokens[k - 1].end, tokens[k].begin - tokens[k - 1].end);
        // Most gaps are a space: its first byte settles it without a search.
        if (gap.empty() || gap[0] != '-' || gap.find_first_not_of('-') != std::string_view::npos) continue;
        joints_[k - 1] = joints_[k - 1] == 0 ? 1 : 2;  // first, or inside if already joined before
        joints_[k] = 3;
    }
}

void FeatureExtractor::analyze(std::string_view text) {
    TokenInfo t{};
    t.lower_begin = static_cast<std::uint32_t>(lower_.size());
    t.shape_begin = static_cast<std::uint32_t>(shapes_.size());
    bool any_cased = false, any_lower = false, title_ok = true, all_digits = true;
    Case previous = Case::none;
    char last_shape = 0;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t start = i;
        const char32_t cp = next_code_point(text, i);
        const Case c = letter_case(cp);
        ++t.code_points;
        // Python's istitle(): upper only after uncased, lower only after cased.
        if (c == Case::upper && previous != Case::none) title_ok = false;
        if (c == Case::lower && previous == Case::none) title_ok = false;
        any_cased |= c != Case::none;
        any_lower |= c == Case::lower;
        previous = c;
        const bool digit = cp >= '0' && cp <= '9';
        all_digits &= digit;
        t.has_digit |= digit;
        t.has_alpha |= c != Case::none;
        t.has_slash |= cp == '/';
        t.has_hyphen |= cp == '-';
        char shape_char;
        if (c == Case::upper) {
            shape_char = 'A';
            // Lowercase ASCII and Latin-1 letters; other bytes are copied unchanged.
            if (cp < 0x80) {
                lower_ += static_cast<char>(cp + 32);
            } else {
                lower_ += text[start];
                lower_ += static_cast<char>(text[start + 1] + 32);
            }
        } else {
            shape_char = c == Case::lower ? 'a' : digit ? '9' : cp < 0x80 ? static_cast<char>(cp) : '~';
            lower_.append(text.substr(start, i - start));
        }
        if (shape_char != last_shape) shapes_ += shape_char;
        last_shape = shape_char;
    }
    t.is_upper = any_cased && !any_lower;
    t.is_title = any_cased && title_ok;
    t.is_digit = t.code_points > 0 && all_digits;
    t.lower_end = static_cast<std::uint32_t>(lower_.size());
    t.shape_end = static_cast<std::uint32_t>(shapes_.size());
    t.certification = certification_class(std::string_view(lower_).substr(t.lower_begin));
    info_.push_back(t);
}

void FeatureExtractor::enable_memo(std::size_t labels, MemoKind kind) {
    if (scheme_ != KeyScheme::pieces || labels > TokenMemo::kMaxLabels) return;
    // calloc: all-zero bytes are empty slots, and the pages of a large block stay
    // untouched (and cost nothing at start-up) until a slot on them is used.
    memo_.reset(
        static_cast<TokenMemo::Slot*>(std::calloc(TokenMemo::kSets * TokenMemo::kWays, sizeof(TokenMemo::Slot))));
    if (!memo_) throw std::bad_alloc();
    memo_loads_ = 0;
    memo_labels_ = labels;
    memo_kind_ = kind;
}

// The memo's sets are looked up at random, all over its 5.5 MB: in 4 KiB pages nearly
// every lookup missed the TLB too, and the page walks cost more than the cache misses
// (perf: the memo's prefetches stalled). In 2 MiB pages (Linux's transparent huge pages,
// asked for with madvise; a hint) a long run is about 5% faster. Not from the start: the
// pages are faulted in and zeroed whole, which cost a one-title run 2.8 ms.
void FeatureExtractor::move_memo_to_huge_pages() {
#ifdef MADV_HUGEPAGE
    constexpr std::size_t kHugePage = std::size_t{2} << 20;
    const std::size_t used = TokenMemo::kSets * TokenMemo::kWays * sizeof(TokenMemo::Slot);
    const std::size_t bytes = (used + kHugePage - 1) / kHugePage * kHugePage;
    void* block = nullptr;
    if (posix_memalign(&block, kHugePage, bytes) != 0) return;  // it stays where it is
    madvise(block, bytes, MADV_HUGEPAGE);
    std::memcpy(block, memo_.get(), used);  // what it remembers, as it is
    memo_.reset(static_cast<TokenMemo::Slot*>(block));
#endif
}

FeatureExtractor::TokenMemo::Slot* FeatureExtractor::memo_set(std::string_view text) {
    return &memo_[(memo_hash(text) & (TokenMemo::kSets - 1)) * TokenMemo::kWays];
}

// A way holds `text` when its size and bytes are the text's; the bytes are compared word
// by word (text_words), not by a call.
const FeatureExtractor::TokenMemo::Slot* FeatureExtractor::find_in_set(const TokenMemo::Slot* set,
                                                                       std::string_view text) {
    const std::size_t n = text.size();
    if (n == 0 || n > TokenMemo::kMaxBytes) return nullptr;
    const TextWords words = text_words(text.data(), n);
    for (std::size_t way = 0; way < TokenMemo::kWays; ++way)
        if (set[way].size == n && text_words(set[way].bytes, n) == words) return &set[way];
    return nullptr;
}

FeatureExtractor::TokenMemo::Slot* FeatureExtractor::memo_insert(std::size_t i) {
    const std::string_view text = texts_[i];
    if (!memo_ || text.size() > TokenMemo::kMaxBytes || text.empty()) return nullptr;
    TokenMemo::Slot* set = memo_set(text);
    if (find_in_set(set, text) != nullptr) return nullptr;
    for (std::size_t way = TokenMemo::kWays - 1; way > 0; --way) set[way] = set[way - 1];
    TokenMemo::Slot& slot = set[0];
    slot.size = static_cast<std::uint8_t>(text.size());
    std::memcpy(slot.bytes, text.data(), text.size());
    slot.info = info_[i];
    return &slot;
}

void FeatureExtractor::remember(std::size_t i, std::span<const double> partial) {
    if (!memo_ || memo_kind_ != MemoKind::sums || slots_[i] != nullptr) return;
    if (TokenMemo::Slot* slot = memo_insert(i)) std::copy(partial.begin(), partial.end(), slot->partial);
}

void FeatureExtractor::remember_blocks(std::size_t i, std::span<const std::int32_t> blocks) {
    if (!memo_ || memo_kind_ != MemoKind::blocks) return;
    if (TokenMemo::Slot* slot = memo_insert(i)) std::copy(blocks.begin(), blocks.end(), slot->blocks);
}

// Phrases are matched greedily from the left, longest first, as a reader would.
void FeatureExtractor::match_lexicon() {
    const std::size_t n = info_.size();
    constexpr std::size_t kLonger = Lexicon::kMaxPhraseTokens - 1;  // keys a token can start
    // Grown, never shrunk: only the keys written below are read.
    if (phrase_keys_.size() < n * kLonger) phrase_keys_.resize(n * kLonger);
    std::uint64_t* keys = phrase_keys_.data();
    // Every phrase key a title could hold is worked out and asked for before any is read,
    // so the lexicon's cache misses overlap instead of coming one after another (a token
    // that starts no phrase, most of them, asks for nothing); kept, not worked out again.
    for (std::size_t begin = 0; begin < n; ++begin) {
        // (A lexicon's phrases are at most kMaxPhraseTokens long: the bound keeps the keys
        // in their token's room whatever an entry says.)
        const std::size_t longest = std::min<std::size_t>({info_[begin].longest_phrase, n - begin, kLonger + 1});
        std::uint64_t key = info_[begin].lower_hash;
        for (std::size_t k = 2; k <= longest; ++k) {
            key = combine_hash(key, info_[begin + k - 1].lower_hash);
            keys[begin * kLonger + k - 2] = key & kPieceKeyMask;
            lexicon_->prefetch(key & kPieceKeyMask);
        }
    }
    for (std::size_t begin = 0; begin < n;) {
        const TokenInfo& first = info_[begin];
        std::size_t length = 0;
        std::uint16_t label = 0;
        if (first.entry_phrase_label != 0) length = 1, label = first.entry_phrase_label;
        const std::size_t longest = std::min<std::size_t>({first.longest_phrase, n - begin, kLonger + 1});
        // Longest first: the first phrase found is the one kept.
        for (std::size_t k = longest; k >= 2; --k) {
            const Lexicon::Entry* entry = lexicon_->find(keys[begin * kLonger + k - 2]);
            if (entry != nullptr && entry->phrase_label != 0) {
                length = k, label = entry->phrase_label;
                break;
            }
        }
        if (length == 0) {
            info_[begin++].phrase_label = 0;
            continue;
        }
        for (std::size_t k = 0; k < length; ++k) {
            info_[begin + k].phrase_label = label;
            info_[begin + k].phrase_place = length == 1 ? 2 : k == 0 ? 0 : 1;
        }
        begin += length;
    }
}

std::string_view decimal(std::size_t number, char (&buffer)[24]) {
    std::size_t start = sizeof buffer;
    do {
        buffer[--start] = static_cast<char>('0' + number % 10);
        number /= 10;
    } while (number != 0);
    return std::string_view(buffer + start, sizeof buffer - start);
}

std::uint32_t FeatureDictionary::add(std::string_view key, std::uint64_t hash) {
    const auto found = ids_.find(key);
    if (found != ids_.end()) return found->second;
    const auto id = static_cast<std::uint32_t>(keys_.size());
    keys_.emplace_back(key);
    hashes_.push_back(hash);
    ids_.emplace(keys_.back(), id);
    return id;
}

std::uint32_t FeatureDictionary::find(std::string_view key) const {
    const auto found = ids_.find(key);
    return found == ids_.end() ? kUnknown : found->second;
}

void FeatureDictionary::reserve(std::size_t n) {
    ids_.reserve(n);
    keys_.reserve(n);
    hashes_.reserve(n);
}

}  // namespace masktag
