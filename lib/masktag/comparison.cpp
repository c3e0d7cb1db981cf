#include "masktag/comparison.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "masktag/json.h"

namespace masktag {
namespace {

// The F1 of `label` in `scores`; 0 for a label the model neither met nor predicted.
double f1_of(const std::vector<LabelScore>& scores, const std::string& label) {
    for (const LabelScore& s : scores)
        if (s.label == label) return s.f1();
    return 0;
}

// Every label either evaluation scored, sorted.
std::set<std::string> all_labels(const Evaluation& a, const Evaluation& b) {
    std::set<std::string> labels;
    for (const auto* e : {&a, &b})
        for (const LabelScore& s : e->labels) labels.insert(s.label);
    return labels;
}

bool has_calibration(const Evaluation& e) { return e.calibration.total() > 0; }

// Signed difference of two counts, as a string ("+2", "-1", "0").
std::string count_difference(std::size_t a, std::size_t b) {
    if (a == b) return "0";
    return a > b ? fmt::format("+{}", a - b) : fmt::format("-{}", b - a);
}

// One row of the text table: a name, both values and their difference.
std::string row(std::size_t width, const std::string& name, double a, double b, double difference) {
    return fmt::format("{:<{}}  {:>8.4f}  {:>8.4f}  {:>+8.4f}\n", name, width, a, b, difference);
}

std::string row(std::size_t width, const std::string& name, double a, double b) {
    return row(width, name, a, b, a - b);
}

}  // namespace

double token_accuracy_difference(const Evaluation& a, const Evaluation& b) {
    if (a.tokens == 0) return 0;
    // One subtraction of counts, then one division: equal counts give exactly 0, and
    // k tokens of N give the same double as k / N written anywhere else.
    const double correct_a = static_cast<double>(a.tokens_correct);
    const double correct_b = static_cast<double>(b.tokens_correct);
    return (correct_a - correct_b) / static_cast<double>(a.tokens);
}

std::string format_comparison(const ScoredModel& a, const ScoredModel& b) {
    const Evaluation& ea = a.evaluation;
    const Evaluation& eb = b.evaluation;
    const std::set<std::string> labels = all_labels(ea, eb);
    std::size_t width = std::string("calibration error").size();
    for (const std::string& l : labels) width = std::max(width, l.size() + 2);

    std::string out = fmt::format("model A: {} (md5 {})\nmodel B: {} (md5 {})\n", a.name, a.md5, b.name, b.md5);
    out += fmt::format("scored on the same {} titles ({} tokens); A - B is the difference\n\n", ea.titles, ea.tokens);
    out += fmt::format("{:<{}}  {:>8}  {:>8}  {:>8}\n", "", width, "A", "B", "A - B");
    out += row(width, "token accuracy", ea.token_accuracy(), eb.token_accuracy(), token_accuracy_difference(ea, eb));
    out += fmt::format("{:<{}}  {:>8}  {:>8}  {:>8}\n", "  tokens correct", width, ea.tokens_correct, eb.tokens_correct,
                       count_difference(ea.tokens_correct, eb.tokens_correct));
    out += row(width, "title accuracy", ea.title_accuracy(), eb.title_accuracy());
    out += fmt::format("{:<{}}  {:>8}  {:>8}  {:>8}\n", "  titles correct", width, ea.titles_correct, eb.titles_correct,
                       count_difference(ea.titles_correct, eb.titles_correct));
    if (has_calibration(ea) && has_calibration(eb))
        out += row(width, "calibration error", ea.calibration.expected_calibration_error(),
                   eb.calibration.expected_calibration_error());
    out += row(width, "components F1", ea.components_overall.f1(), eb.components_overall.f1());
    out += "F1 by label\n";
    for (const std::string& l : labels) out += row(width, "  " + l, f1_of(ea.labels, l), f1_of(eb.labels, l));
    return out;
}

std::string format_comparison_json(const ScoredModel& a, const ScoredModel& b) {
    const Evaluation& ea = a.evaluation;
    const Evaluation& eb = b.evaluation;
    std::string out = fmt::format("{{\"titles\":{},\"tokens\":{},\"models\":[", ea.titles, ea.tokens);
    for (const ScoredModel* m : {&a, &b}) {
        if (m == &b) out += ',';
        out += "{\"model\":";
        json::append_string(out, m->name);
        out += ",\"md5\":";
        json::append_string(out, m->md5);
        out += ",\"report\":" + format_json(m->evaluation) + "}";
    }
    const auto titles_difference =
        static_cast<long long>(ea.titles_correct) - static_cast<long long>(eb.titles_correct);
    const auto tokens_difference =
        static_cast<long long>(ea.tokens_correct) - static_cast<long long>(eb.tokens_correct);
    out += fmt::format(
        "],\"difference\":{{\"token_accuracy\":{:.6f},\"tokens_correct\":{},\"title_accuracy\":{:.6f},"
        "\"titles_correct\":{},\"expected_calibration_error\":{},\"components_f1\":{:.6f},\"labels\":{{",
        token_accuracy_difference(ea, eb), tokens_difference, ea.title_accuracy() - eb.title_accuracy(),
        titles_difference,
        has_calibration(ea) && has_calibration(eb)
            ? fmt::format("{:.6f}",
                          ea.calibration.expected_calibration_error() - eb.calibration.expected_calibration_error())
            : "null",
        ea.components_overall.f1() - eb.components_overall.f1());
    bool first = true;
    for (const std::string& l : all_labels(ea, eb)) {
        if (!first) out += ',';
        first = false;
        json::append_string(out, l);
        out += fmt::format(":{:.6f}", f1_of(ea.labels, l) - f1_of(eb.labels, l));
    }
    out += "}}}";
    return out;
}

}  // namespace masktag
