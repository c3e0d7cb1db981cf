#include "masktag/lexicon.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "masktag/error.h"
#include "masktag/features.h"
#include "masktag/labeled_data.h"

namespace masktag {
namespace {

using LabelCounts = std::map<std::uint16_t, std::uint32_t>;

// The most frequent label; on a tie, the lowest number (first in name order).
std::uint16_t majority(const LabelCounts& counts) {
    std::uint16_t best = 0;
    std::uint32_t best_count = 0;
    for (const auto& [label, count] : counts)
        if (count > best_count) best = label, best_count = count;
    return best;
}

}  // namespace

Lexicon Lexicon::build(std::span<const LabeledRecord> records, std::uint32_t min_count, std::string_view keep_label) {
    std::map<std::string, std::uint16_t> numbers;
    for (const LabeledRecord& record : records)
        for (const std::string& label : record.labels) numbers.emplace(label, 0);
    std::vector<std::string> labels;
    for (auto& [name, number] : numbers) {
        labels.push_back(name);
        if (labels.size() > 0xFFFF) throw Error("too many labels for a lexicon (at most 65535)");
        number = static_cast<std::uint16_t>(labels.size());
    }

    struct Counts {
        std::string text;  // for the collision check
        LabelCounts as_word, as_phrase;
        std::uint8_t longest_phrase = 0;  // of the phrases this word starts
        std::uint64_t first_word = 0;     // a phrase of several tokens: its first word's key
    };
    std::map<std::uint64_t, Counts> counts;
    const auto count = [&](std::uint64_t key, std::string text) -> Counts& {
        Counts& c = counts[key];
        if (c.text.empty())
            c.text = std::move(text);
        else if (c.text != text)
            throw Error(fmt::format("lexicon key collision between '{}' and '{}'", c.text, text));
        return c;
    };
    FeatureExtractor extractor(FeatureGroups::none());
    std::vector<std::uint64_t> hashes;
    for (const LabeledRecord& record : records) {
        extractor.load(record.title, record.tokens);
        const std::size_t n = record.tokens.size();
        hashes.clear();
        for (std::size_t i = 0; i < n; ++i) {
            hashes.push_back(extractor.lower_hash(i));
            ++count(phrase_key(std::span(hashes).subspan(i, 1)), std::string(extractor.lower(i)))
                  .as_word[numbers.at(record.labels[i])];
        }
        for (std::size_t begin = 0, end; begin < n; begin = end) {
            for (end = begin + 1; end < n && record.labels[end] == record.labels[begin];) ++end;
            if (end - begin > kMaxPhraseTokens) continue;
            std::string text(extractor.lower(begin));
            for (std::size_t k = begin + 1; k < end; ++k) (text += ' ') += extractor.lower(k);
            const std::uint64_t first_word = phrase_key(std::span(hashes).subspan(begin, 1));
            Counts& phrase = count(phrase_key(std::span(hashes).subspan(begin, end - begin)), std::move(text));
            ++phrase.as_phrase[numbers.at(record.labels[begin])];
            if (end - begin > 1) phrase.first_word = first_word;
            std::uint8_t& longest = counts.at(first_word).longest_phrase;
            longest = std::max(longest, static_cast<std::uint8_t>(end - begin));
        }
    }
    // A word's count includes its runs of one token: count words and phrases apart.
    const auto seen = [](const Counts& c) {
        std::uint32_t words = 0, phrases = 0;
        for (const auto& [label, count] : c.as_word) words += count;
        for (const auto& [label, count] : c.as_phrase) phrases += count;
        return std::max(words, phrases);
    };
    const auto keep_number = numbers.find(std::string(keep_label));
    const std::uint16_t kept_label = keep_number == numbers.end() ? 0 : keep_number->second;
    const auto wanted = [&](const Counts& c) {
        return seen(c) >= min_count ||
               (kept_label != 0 && (majority(c.as_word) == kept_label || majority(c.as_phrase) == kept_label));
    };
    // A kept phrase is found only through the entry of its first word: keep that too.
    std::set<std::uint64_t> first_words;
    for (const auto& [key, c] : counts)
        if (c.text.find(' ') != std::string::npos && wanted(c)) first_words.insert(c.first_word);
    std::vector<Entry> entries;
    for (const auto& [key, c] : counts) {
        if (!wanted(c) && !first_words.count(key)) continue;
        entries.push_back({key, majority(c.as_word), majority(c.as_phrase), c.longest_phrase});
    }
    return from_parts(std::move(labels), std::move(entries));
}

Lexicon Lexicon::from_parts(std::vector<std::string> labels, std::vector<Entry> entries) {
    std::vector<std::string> sorted = labels;
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) throw Error("lexicon labels repeat");
    if (std::find(labels.begin(), labels.end(), "") != labels.end()) throw Error("lexicon label is empty");
    // A model file holds them sorted already (serialize writes them in this order): checking
    // costs a pass, sorting again a good share of loading the built-in model.
    const auto by_key = [](const Entry& a, const Entry& b) { return a.key < b.key; };
    if (!std::is_sorted(entries.begin(), entries.end(), by_key)) std::sort(entries.begin(), entries.end(), by_key);
    std::size_t capacity = entries.empty() ? 0 : 16;
    while (capacity < entries.size() * 2) capacity *= 2;  // at most half full: short probes
    std::vector<Entry> slots(capacity, Entry{0, 0, 0, 0});
    for (const Entry& e : entries) {
        if (e.key > kPieceKeyMask) throw Error("lexicon key exceeds 48 bits");
        if (e.word_label > labels.size() || e.phrase_label > labels.size() || is_empty(e))
            throw Error("lexicon entry has a label number out of range");
        if (e.longest_phrase > kMaxPhraseTokens) throw Error("lexicon phrase length out of range");
        std::size_t slot = e.key & (capacity - 1);
        for (; !is_empty(slots[slot]); slot = (slot + 1) & (capacity - 1))
            if (slots[slot].key == e.key) throw Error("lexicon keys repeat");
        slots[slot] = e;
    }
    Lexicon lexicon;
    lexicon.slots_ = std::move(slots);
    for (const std::string& label : labels) lexicon.label_hashes_.push_back(piece_hash(label));
    lexicon.labels_ = std::move(labels);
    lexicon.entries_ = std::move(entries);
    return lexicon;
}

Lexicon Lexicon::from_image(std::vector<std::string> labels, Block<Entry> entries, Block<Entry> slots) {
    Lexicon lexicon;
    for (const std::string& label : labels) lexicon.label_hashes_.push_back(piece_hash(label));
    lexicon.labels_ = std::move(labels);
    lexicon.entries_ = std::move(entries);
    lexicon.slots_ = std::move(slots);
    return lexicon;
}

}  // namespace masktag
