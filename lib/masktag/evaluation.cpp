#include "masktag/evaluation.h"

#include <cassert>
#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "masktag/json.h"

namespace masktag {
namespace {

double ratio(std::size_t numerator, std::size_t denominator) {
    return denominator == 0 ? 0.0 : static_cast<double>(numerator) / static_cast<double>(denominator);
}

}  // namespace

double LabelScore::precision() const { return ratio(true_positives, true_positives + false_positives); }
double LabelScore::recall() const { return ratio(true_positives, true_positives + false_negatives); }
double LabelScore::f1() const {
    const double p = precision(), r = recall();
    return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
}

double CalibrationBins::expected_calibration_error() const {
    const std::size_t n = total();
    if (n == 0) return 0.0;
    double error = 0;
    for (std::size_t b = 0; b < kBins; ++b) {
        if (count[b] == 0) continue;
        const double accuracy = static_cast<double>(correct[b]) / static_cast<double>(count[b]);
        const double mean = confidence[b] / static_cast<double>(count[b]);
        error += static_cast<double>(count[b]) / static_cast<double>(n) * std::abs(accuracy - mean);
    }
    return error;
}

std::size_t CalibrationBins::total() const {
    std::size_t n = 0;
    for (const std::size_t c : count) n += c;
    return n;
}

double Evaluation::token_accuracy() const { return ratio(tokens_correct, tokens); }
double Evaluation::title_accuracy() const { return ratio(titles_correct, titles); }

LabelScore& Scorer::score(std::vector<LabelScore>& labels, const std::string& label) {
    auto it = std::lower_bound(labels.begin(), labels.end(), label,
                               [](const LabelScore& s, const std::string& name) { return s.label < name; });
    if (it == labels.end() || it->label != label) it = labels.insert(it, LabelScore{label});
    return *it;
}

namespace {

struct Span {
    std::size_t begin, end;
    const std::string* label;
    bool operator<(const Span& o) const { return std::tie(begin, end, *label) < std::tie(o.begin, o.end, *o.label); }
};

// Ensures: the maximal runs of equal labels, in order.
std::vector<Span> spans_of(const std::vector<std::string>& labels) {
    std::vector<Span> spans;
    for (std::size_t i = 0; i < labels.size();) {
        std::size_t end = i + 1;
        while (end < labels.size() && labels[end] == labels[i]) ++end;
        spans.push_back({i, end, &labels[i]});
        i = end;
    }
    return spans;
}

}  // namespace

void Scorer::add(const std::vector<std::string>& gold, const std::vector<std::string>& predicted) {
    assert(gold.size() == predicted.size());  // Requires (checked in the asan and tsan builds)
    std::size_t correct = 0;
    for (std::size_t i = 0; i < gold.size(); ++i) {
        ++evaluation_.confusion[{gold[i], predicted[i]}];
        if (gold[i] == predicted[i]) {
            ++correct;
            ++score(evaluation_.labels, gold[i]).true_positives;
        } else {
            ++score(evaluation_.labels, gold[i]).false_negatives;
            ++score(evaluation_.labels, predicted[i]).false_positives;
        }
    }
    // Both span lists are sorted by position; a span is right when the other list has it.
    const auto gold_spans = spans_of(gold), predicted_spans = spans_of(predicted);
    for (const Span& g : gold_spans) {
        const bool found = std::binary_search(predicted_spans.begin(), predicted_spans.end(), g);
        LabelScore& s = score(evaluation_.components, *g.label);
        (found ? s.true_positives : s.false_negatives)++;
        (found ? evaluation_.components_overall.true_positives : evaluation_.components_overall.false_negatives)++;
    }
    for (const Span& p : predicted_spans) {
        if (std::binary_search(gold_spans.begin(), gold_spans.end(), p)) continue;
        ++score(evaluation_.components, *p.label).false_positives;
        ++evaluation_.components_overall.false_positives;
    }
    ++evaluation_.titles;
    evaluation_.titles_correct += correct == gold.size();
    evaluation_.tokens += gold.size();
    evaluation_.tokens_correct += correct;
}

void Scorer::add(const std::vector<std::string>& gold, const std::vector<std::string>& predicted,
                 const std::vector<double>& confidences) {
    assert(confidences.size() == predicted.size());
    add(gold, predicted);
    auto& bins = evaluation_.calibration;
    for (std::size_t i = 0; i < gold.size(); ++i) {
        const double c = std::clamp(confidences[i], 0.0, 1.0);
        const std::size_t b =
            std::min(static_cast<std::size_t>(c * CalibrationBins::kBins), CalibrationBins::kBins - 1);
        ++bins.count[b];
        bins.confidence[b] += c;
        bins.correct[b] += gold[i] == predicted[i];
    }
}

std::string format_report(const Evaluation& e) {
    std::string out;
    out += fmt::format("token accuracy  {:.4f}  ({} of {} tokens)\n", e.token_accuracy(), e.tokens_correct, e.tokens);
    out += fmt::format("title accuracy  {:.4f}  ({} of {} titles entirely right)\n", e.title_accuracy(),
                       e.titles_correct, e.titles);
    if (e.calibration.total() > 0)
        out += fmt::format("calibration     {:.4f}  (expected calibration error, 10 bins, token level)\n",
                           e.calibration.expected_calibration_error());
    out += '\n';
    std::size_t width = 5;
    for (const auto& s : e.labels) width = std::max(width, s.label.size());
    out += fmt::format("{:<{}}  precision  recall      f1  support\n", "label", width);
    for (const auto& s : e.labels)
        out += fmt::format("{:<{}}  {:9.4f}  {:6.4f}  {:6.4f}  {:7}\n", s.label, width, s.precision(), s.recall(),
                           s.f1(), s.support());

    const auto& all = e.components_overall;
    out += fmt::format("\ncomponents (exact token span and label)\n{:<{}}  precision  recall      f1  support\n",
                       "label", width);
    for (const auto& s : e.components)
        out += fmt::format("{:<{}}  {:9.4f}  {:6.4f}  {:6.4f}  {:7}\n", s.label, width, s.precision(), s.recall(),
                           s.f1(), s.support());
    out += fmt::format("{:<{}}  {:9.4f}  {:6.4f}  {:6.4f}  {:7}\n", "all", width, all.precision(), all.recall(),
                       all.f1(), all.support());

    // The confusion matrix, gold labels down, predicted across, over every label seen.
    std::set<std::string> names;
    for (const auto& [pair, count] : e.confusion) {
        names.insert(pair.first);
        names.insert(pair.second);
    }
    std::size_t cell = 5;
    for (const auto& n : names) cell = std::max(cell, n.size());
    out += fmt::format("\nconfusion (rows: gold, columns: predicted)\n{:<{}}", "", width);
    for (const auto& n : names) out += fmt::format("  {:>{}}", n, cell);
    out += '\n';
    for (const auto& g : names) {
        out += fmt::format("{:<{}}", g, width);
        for (const auto& p : names) {
            const auto it = e.confusion.find({g, p});
            out += fmt::format("  {:>{}}", it == e.confusion.end() ? 0 : it->second, cell);
        }
        out += '\n';
    }
    return out;
}

namespace {

void append_score(std::string& out, const LabelScore& s) {
    out += fmt::format("{{\"precision\":{:.6f},\"recall\":{:.6f},\"f1\":{:.6f},\"support\":{},\"predicted\":{}}}",
                       s.precision(), s.recall(), s.f1(), s.support(), s.true_positives + s.false_positives);
}

}  // namespace

std::string format_json(const Evaluation& e) {
    // Nothing scored (an empty fold) has no accuracy: null, not a 0 that reads as all wrong.
    const auto accuracy = [](std::size_t of, double value) {
        return of == 0 ? std::string("null") : fmt::format("{:.6f}", value);
    };
    std::string out = fmt::format(
        "{{\"titles\":{},\"titles_correct\":{},\"title_accuracy\":{},\"tokens\":{},\"tokens_correct\":{},"
        "\"token_accuracy\":{},\"expected_calibration_error\":{},\"labels\":{{",
        e.titles, e.titles_correct, accuracy(e.titles, e.title_accuracy()), e.tokens, e.tokens_correct,
        accuracy(e.tokens, e.token_accuracy()),
        e.calibration.total() > 0 ? fmt::format("{:.6f}", e.calibration.expected_calibration_error()) : "null");
    for (std::size_t i = 0; i < e.labels.size(); ++i) {
        const auto& s = e.labels[i];
        if (i > 0) out += ',';
        json::append_string(out, s.label);
        out += ':';
        append_score(out, s);
    }
    out += "},\"components\":{\"all\":";
    append_score(out, e.components_overall);
    for (const auto& s : e.components) {
        out += ',';
        json::append_string(out, s.label);
        out += ':';
        append_score(out, s);
    }
    out += "},\"confusion\":{";
    std::string current;
    bool first_row = true;
    for (const auto& [pair, count] : e.confusion) {
        if (first_row || pair.first != current) {
            if (!first_row) out += "},";
            first_row = false;
            current = pair.first;
            json::append_string(out, current);
            out += ":{";
        } else {
            out += ',';
        }
        json::append_string(out, pair.second);
        out += fmt::format(":{}", count);
    }
    if (!first_row) out += '}';
    out += "}}";
    return out;
}

}  // namespace masktag
