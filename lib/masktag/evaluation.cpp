#include "masktag/evaluation.h"

#include <algorithm>
#include <cmath>

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

LabelScore& Scorer::score(const std::string& label) {
    auto& labels = evaluation_.labels;
    auto it = std::lower_bound(labels.begin(), labels.end(), label,
                               [](const LabelScore& s, const std::string& name) { return s.label < name; });
    if (it == labels.end() || it->label != label) it = labels.insert(it, LabelScore{label});
    return *it;
}

void Scorer::add(const std::vector<std::string>& gold, const std::vector<std::string>& predicted) {
    std::size_t correct = 0;
    for (std::size_t i = 0; i < gold.size(); ++i) {
        if (gold[i] == predicted[i]) {
            ++correct;
            ++score(gold[i]).true_positives;
        } else {
            ++score(gold[i]).false_negatives;
            ++score(predicted[i]).false_positives;
        }
    }
    ++evaluation_.titles;
    evaluation_.titles_correct += correct == gold.size();
    evaluation_.tokens += gold.size();
    evaluation_.tokens_correct += correct;
}

void Scorer::add(const std::vector<std::string>& gold, const std::vector<std::string>& predicted,
                 const std::vector<double>& confidences) {
    add(gold, predicted);
    auto& bins = evaluation_.calibration;
    for (std::size_t i = 0; i < gold.size(); ++i) {
        const double c = std::clamp(confidences[i], 0.0, 1.0);
        const std::size_t b = std::min(static_cast<std::size_t>(c * CalibrationBins::kBins), CalibrationBins::kBins - 1);
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
        out += fmt::format("{:<{}}  {:9.4f}  {:6.4f}  {:6.4f}  {:7}\n", s.label, width, s.precision(), s.recall(), s.f1(),
                           s.support());
    return out;
}

std::string format_json(const Evaluation& e) {
    std::string out = fmt::format(
        "{{\"titles\":{},\"titles_correct\":{},\"title_accuracy\":{:.6f},\"tokens\":{},\"tokens_correct\":{},"
        "\"token_accuracy\":{:.6f},\"expected_calibration_error\":{},\"labels\":{{",
        e.titles, e.titles_correct, e.title_accuracy(), e.tokens, e.tokens_correct, e.token_accuracy(),
        e.calibration.total() > 0 ? fmt::format("{:.6f}", e.calibration.expected_calibration_error()) : "null");
    for (std::size_t i = 0; i < e.labels.size(); ++i) {
        const auto& s = e.labels[i];
        if (i > 0) out += ',';
        json::append_string(out, s.label);
        out += fmt::format(":{{\"precision\":{:.6f},\"recall\":{:.6f},\"f1\":{:.6f},\"support\":{},\"predicted\":{}}}",
                           s.precision(), s.recall(), s.f1(), s.support(), s.true_positives + s.false_positives);
    }
    out += "}}";
    return out;
}

}  // namespace masktag
