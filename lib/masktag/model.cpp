#include "masktag/model.h"

#include <array>
#include <cerrno>
#include <cstring>
#include <bit>
#include <cmath>
#include <set>

#include <fmt/format.h>
#include <zlib.h>

#include "masktag/error.h"
#include "masktag/io.h"
#include "masktag/tokenizer.h"

namespace masktag {

// Model file layout, all integers little-endian:
//   magic            8 bytes  "MASKTAG\x1a"
//   format version   u32      kFormatVersion
//   file size        u64      total bytes, this field and the checksum included
//   labels           u32 count, then each: u32 length, UTF-8 bytes
//   feature groups   u32 count, then each: u32 length, bytes
//   lexicon          (version 3) u32 label count, then each: u32 length, bytes; u32 entry
//                    count, then each: 48-bit key, LEB128 word label, phrase label and
//                    longest phrase
//   training info    f64 c, f64 epsilon, u32 max iterations, u32 titles, u64 tokens;
//                    (version 4) u32 min feature count, f64 min weight, u32 length and
//                    UTF-8 bytes of the lexicon's source
//   temperature      f64
//   features         u32 count F, then F key hashes (row f = position f): 48-bit pieces
//                    hashes (version 3), u64 concatenated hashes (version 2)
//   emissions        f64 scale, u64 non-zero count, then each non-zero weight of the
//                    F x L block: LEB128 gap from the previous non-zero index (+1),
//                    zigzag LEB128 q; the weight is q * scale
//   transitions      L x L f64, then the label prior, L f64
//   checksum         u32 CRC-32 of every byte before it
namespace {

constexpr std::string_view kMagic = kModelMagic;
constexpr std::uint32_t kFormatVersion = 4;
constexpr std::uint32_t kOldestFormatVersion = 2;

class Writer {
public:
    void u32(std::uint32_t v) { fixed(v, 4); }
    void u64(std::uint64_t v) { fixed(v, 8); }
    void u48(std::uint64_t v) { fixed(v, 6); }
    void f64(double v) { u64(std::bit_cast<std::uint64_t>(v)); }
    void bytes(std::string_view s) { out_.append(s); }
    void string(std::string_view s) {
        u32(static_cast<std::uint32_t>(s.size()));
        bytes(s);
    }
    void varint(std::uint64_t v) {
        while (v >= 0x80) {
            out_ += static_cast<char>((v & 0x7F) | 0x80);
            v >>= 7;
        }
        out_ += static_cast<char>(v);
    }
    std::string& data() { return out_; }

private:
    void fixed(std::uint64_t v, int n) {
        for (int i = 0; i < n; ++i) out_ += static_cast<char>((v >> (8 * i)) & 0xFF);
    }
    std::string out_;
};

class Reader {
public:
    Reader(std::string_view data, const std::string& source) : data_(data), source_(source) {}
    std::uint32_t u32() { return static_cast<std::uint32_t>(fixed(4)); }
    std::uint64_t u64() { return fixed(8); }
    std::uint64_t u48() { return fixed(6); }
    double f64() { return std::bit_cast<double>(u64()); }
    std::string_view bytes(std::size_t n) {
        need(n);
        const std::string_view out = data_.substr(pos_, n);
        pos_ += n;
        return out;
    }
    std::string_view string() { return bytes(u32()); }
    [[gnu::always_inline]] std::uint64_t varint() {
        // Most are one byte (small label numbers, gaps and weights): no call for those.
        if (pos_ < data_.size() && (static_cast<unsigned char>(data_[pos_]) & 0x80) == 0)
            return static_cast<unsigned char>(data_[pos_++]);
        return long_varint();
    }
    [[gnu::noinline]] std::uint64_t long_varint() {
        std::uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            const auto byte = static_cast<unsigned char>(bytes(1)[0]);
            v |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
            if ((byte & 0x80) == 0) return v;
        }
        fail("malformed variable-length integer");
    }
    // A count of items that each take at least `min_item_bytes`: rejects counts the
    // remaining bytes cannot hold before anything is allocated for them.
    std::uint64_t count(std::uint64_t n, std::size_t min_item_bytes) {
        if (n > (data_.size() - pos_) / min_item_bytes) fail(fmt::format("a count of {} does not fit the file", n));
        return n;
    }
    std::size_t remaining() const { return data_.size() - pos_; }
    [[noreturn]] void fail(const std::string& what) const { throw Error("corrupt model file: " + what, source_); }

private:
    void need(std::size_t n) const {
        if (n > data_.size() - pos_) fail("unexpected end of data");
    }
    std::uint64_t fixed(int n) {
        need(n);
        std::uint64_t v = 0;
        for (int i = 0; i < n; ++i)
            v |= static_cast<std::uint64_t>(static_cast<unsigned char>(data_[pos_ + i])) << (8 * i);
        pos_ += n;
        return v;
    }
    std::string_view data_;
    const std::string& source_;
    std::size_t pos_ = 0;
};

}  // namespace

std::uint32_t crc32(std::string_view data) {
    uLong crc = ::crc32(0L, Z_NULL, 0);
    // zlib takes at most 4 GiB a call (uInt).
    constexpr std::size_t kChunk = std::size_t{1} << 30;
    for (std::size_t at = 0; at < data.size(); at += kChunk) {
        const std::size_t n = std::min(kChunk, data.size() - at);
        crc = ::crc32(crc, reinterpret_cast<const Bytef*>(data.data() + at), static_cast<uInt>(n));
    }
    return static_cast<std::uint32_t>(crc);
}

namespace {

// Ensures: whether emission_scale is a power of two and every weight a whole multiple of
// it: at most 32767 times it for emissions, at most 2^30 times for the rest, far below
// 2^53 / (features per token), so every sum a title needs stays exact; and when it is,
// `emissions` holds the emission block in multiples of the scale. One pass: it runs at
// every start.
bool integer_weights(const Model& model, std::vector<std::int16_t>& emissions) {
    emissions.clear();
    int exponent = 0;
    if (std::frexp(model.emission_scale, &exponent) != 0.5) return false;
    const double inverse = 1.0 / model.emission_scale;  // exact: a power of two
    const std::size_t count = model.num_features() * model.num_labels();
    emissions.resize(count);
    for (std::size_t i = 0; i < model.weights.size(); ++i) {
        const double q = model.weights[i] * inverse;
        const double limit = i < count ? 32767.0 : double(1 << 30);
        // In range first (NaN fails it too), then whole: the cast is defined there.
        if (!(q >= -limit && q <= limit) || static_cast<double>(static_cast<std::int32_t>(q)) != q) {
            emissions.clear();
            return false;
        }
        if (i < count) emissions[i] = static_cast<std::int16_t>(q);
    }
    return true;
}

}  // namespace

void Model::index() {
    if (!table.build(feature_hashes, key_scheme == KeyScheme::pieces))
        throw Error("two features of the model share a hash");
    std::vector<std::int16_t> emissions;
    integral = integer_weights(*this, emissions);
    integer_emissions = std::move(emissions);
}

std::string Model::serialize() const {
    Writer w;
    w.bytes(kMagic);
    w.u32(kFormatVersion);
    w.u64(0);  // file size, patched below
    w.u32(static_cast<std::uint32_t>(labels.size()));
    for (const auto& label : labels) w.string(label);
    const auto group_names = groups.names();
    w.u32(static_cast<std::uint32_t>(group_names.size()));
    for (const auto& name : group_names) w.string(name);
    w.u32(static_cast<std::uint32_t>(lexicon.labels().size()));
    for (const auto& label : lexicon.labels()) w.string(label);
    w.u32(static_cast<std::uint32_t>(lexicon.entries().size()));
    for (const Lexicon::Entry& e : lexicon.entries()) {
        w.u48(e.key);
        w.varint(e.word_label);
        w.varint(e.phrase_label);
        w.varint(e.longest_phrase);
    }
    w.f64(training.c);
    w.f64(training.epsilon);
    w.u32(training.max_iterations);
    w.u32(training.titles);
    w.u64(training.tokens);
    w.u32(training.min_feature_count);
    w.f64(training.min_weight);
    w.string(training.lexicon_source);
    w.f64(temperature);
    w.u32(static_cast<std::uint32_t>(feature_hashes.size()));
    for (const std::uint64_t h : feature_hashes) w.u48(h);

    const std::size_t emissions = num_features() * num_labels();
    w.f64(emission_scale);
    std::uint64_t nonzero = 0;
    for (std::size_t i = 0; i < emissions; ++i) nonzero += weights[i] != 0.0;
    w.u64(nonzero);
    std::uint64_t next_index = 0;
    for (std::size_t i = 0; i < emissions; ++i) {
        if (weights[i] == 0.0) continue;
        const auto q = static_cast<std::int64_t>(std::llround(weights[i] / emission_scale));
        w.varint(i - next_index);
        w.varint(q >= 0 ? static_cast<std::uint64_t>(q) << 1 : (static_cast<std::uint64_t>(-q) << 1) - 1);
        next_index = i + 1;
    }
    for (std::size_t i = emissions; i < weights.size(); ++i) w.f64(weights[i]);

    std::string& out = w.data();
    const std::uint64_t size = out.size() + 4;
    for (int i = 0; i < 8; ++i) out[kMagic.size() + 4 + i] = static_cast<char>((size >> (8 * i)) & 0xFF);
    w.u32(crc32(out));
    return std::move(out);
}

namespace {

// Why `bytes` is not a model, with what it looks like: most often a data file given as -m.
std::string not_a_model_message(std::string_view bytes) {
    const std::size_t first = bytes.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    const char c = first == std::string_view::npos ? '\0' : bytes[first];
    const std::string_view start = bytes.substr(0, 4096);
    const bool text = find_invalid_utf8(start.substr(0, start.size() > 4 ? start.size() - 4 : start.size())) >=
                          (start.size() > 4 ? start.size() - 4 : start.size()) &&
                      start.find('\0') == std::string_view::npos;
    const std::string looks = bytes.empty()          ? "it is empty"
                              : c == '[' || c == '{' ? "it looks like JSON data"
                              : text                 ? "it looks like text or CSV data"
                                                     : "it does not start with masktag's magic bytes";
    return "not a masktag model file (" + looks +
           "): give data files as inputs, and with -m a model that 'masktag train' wrote";
}

}  // namespace

Model Model::deserialize(std::string_view bytes, const std::string& source) {
    if (bytes.size() < kMagic.size() || bytes.substr(0, kMagic.size()) != kMagic)
        throw Error(not_a_model_message(bytes), source);
    Reader header(bytes.substr(kMagic.size()), source);
    const std::uint32_t version = header.u32();
    if (version < kOldestFormatVersion || version > kFormatVersion)
        throw Error(fmt::format("unsupported model format version {} (this masktag reads versions {} to {})", version,
                                kOldestFormatVersion, kFormatVersion),
                    source);
    const std::uint64_t size = header.u64();
    if (bytes.size() < size)
        throw Error(fmt::format("truncated model file: {} of {} bytes", bytes.size(), size), source);
    if (bytes.size() > size)
        throw Error(fmt::format("corrupt model file: {} bytes after its end", bytes.size() - size), source);
    if (size < kMagic.size() + 16) throw Error("corrupt model file: too short", source);
    const std::string_view body = bytes.substr(0, bytes.size() - 4);
    Reader trailer(bytes.substr(body.size()), source);
    const std::uint32_t stored = trailer.u32();
    if (stored != crc32(body)) throw Error("corrupt model file: checksum mismatch", source);

    Reader r(body.substr(kMagic.size() + 12), source);
    Model model;
    const std::uint64_t num_labels = r.count(r.u32(), 4);
    std::set<std::string_view> seen;
    for (std::uint64_t i = 0; i < num_labels; ++i) {
        const std::string_view label = r.string();
        if (label.empty() || !seen.insert(label).second) r.fail("empty or repeated label name");
        model.labels.emplace_back(label);
    }
    if (model.labels.empty()) r.fail("no labels");
    std::vector<std::string> group_names(r.count(r.u32(), 4));
    for (auto& name : group_names) name = r.string();
    model.groups = FeatureGroups::from_names(group_names);
    model.key_scheme = version >= 3 ? KeyScheme::pieces : KeyScheme::concatenated;
    if (version >= 3) {
        std::vector<std::string> lexicon_labels(r.count(r.u32(), 4));
        for (auto& label : lexicon_labels) label = r.string();
        std::vector<Lexicon::Entry> entries(r.count(r.u32(), 8));
        for (auto& e : entries) {
            e.key = r.u48();
            const std::uint64_t word = r.varint(), phrase = r.varint(), longest = r.varint();
            if (word > 0xFFFF || phrase > 0xFFFF) r.fail("lexicon label number out of range");
            if (longest > Lexicon::kMaxPhraseTokens) r.fail("lexicon phrase length out of range");
            e.word_label = static_cast<std::uint16_t>(word);
            e.phrase_label = static_cast<std::uint16_t>(phrase);
            e.longest_phrase = static_cast<std::uint8_t>(longest);
        }
        try {
            model.lexicon = Lexicon::from_parts(std::move(lexicon_labels), std::move(entries));
        } catch (const Error& e) {
            r.fail(e.what());
        }
    }
    model.training.c = r.f64();
    model.training.epsilon = r.f64();
    model.training.max_iterations = r.u32();
    model.training.titles = r.u32();
    model.training.tokens = r.u64();
    if (version >= 4) {
        model.training.min_feature_count = r.u32();
        model.training.min_weight = r.f64();
        if (!std::isfinite(model.training.min_weight)) r.fail("min weight is not a finite number");
        model.training.lexicon_source = r.string();
    }
    model.format_version = version;
    model.temperature = r.f64();
    if (!(model.temperature > 0) || !std::isfinite(model.temperature)) r.fail("temperature is not a positive number");
    const std::size_t key_bytes = version >= 3 ? 6 : 8;
    const std::uint64_t num_features = r.count(r.u32(), key_bytes);
    std::vector<std::uint64_t> feature_hashes(num_features);
    for (auto& h : feature_hashes) h = key_bytes == 6 ? r.u48() : r.u64();
    model.feature_hashes = std::move(feature_hashes);

    std::vector<double> weights(model.num_weights(), 0.0);
    const std::size_t emissions = num_features * num_labels;
    model.emission_scale = r.f64();
    if (!(model.emission_scale > 0) || !std::isfinite(model.emission_scale))
        r.fail("weight scale is not a positive number");
    const std::uint64_t nonzero = r.count(r.u64(), 2);
    std::uint64_t next_index = 0;
    for (std::uint64_t i = 0; i < nonzero; ++i) {
        const std::uint64_t index = next_index + r.varint();
        if (index >= emissions || index < next_index) r.fail("weight index out of range");
        const std::uint64_t zigzag = r.varint();
        if (zigzag > 65535) r.fail("quantized weight out of range");
        const std::int64_t q =
            (zigzag & 1) ? -static_cast<std::int64_t>((zigzag + 1) >> 1) : static_cast<std::int64_t>(zigzag >> 1);
        weights[index] = static_cast<double>(q) * model.emission_scale;
        next_index = index + 1;
    }
    for (std::size_t i = emissions; i < weights.size(); ++i) {
        weights[i] = r.f64();
        if (!std::isfinite(weights[i])) r.fail("weight is not a finite number");
    }
    model.weights = std::move(weights);
    if (r.remaining() != 0) r.fail("unexpected bytes after the weights");
    try {
        model.index();
    } catch (const Error&) {
        r.fail("two features share a hash");
    }
    return model;
}

void Model::save(const std::string& path) const {
    const std::string bytes = serialize();
    AtomicFile file(path);
    write_or_throw(file.stream(), bytes, path, "model file");
    file.commit();
}

Model Model::load(const std::string& path) {
    return deserialize(read_whole_file(path, "model file"), input_name(path));
}

}  // namespace masktag
