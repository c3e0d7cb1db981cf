#include "masktag/evaluation.h"

#include <algorithm>

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

std::string format_report(const Evaluation& e) {
    std::string out;
    out += fmt::format("token accuracy  {:.4f}  ({} of {} tokens)\n", e.token_accuracy(), e.tokens_correct, e.tokens);
    out += fmt::format("title accuracy  {:.4f}  ({} of {} titles entirely right)\n\n", e.title_accuracy(),
                       e.titles_correct, e.titles);
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
        "\"token_accuracy\":{:.6f},\"labels\":{{",
        e.titles, e.titles_correct, e.title_accuracy(), e.tokens, e.tokens_correct, e.token_accuracy());
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
