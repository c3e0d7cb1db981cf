#include "masktag/report.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "masktag/io.h"
#include "masktag/json.h"
#include "masktag/report_html.h"

namespace masktag {

std::vector<WorstTitle> worst_titles(const std::vector<TitleOutcome>& outcomes, std::size_t count) {
    std::vector<std::size_t> wrong;
    for (std::size_t i = 0; i < outcomes.size(); ++i)
        if (outcomes[i].predicted != outcomes[i].record->labels) wrong.push_back(i);
    // Stable: equal confidences keep input order, so the list is the same on every run.
    std::stable_sort(wrong.begin(), wrong.end(),
                     [&](std::size_t a, std::size_t b) { return outcomes[a].confidence < outcomes[b].confidence; });
    if (wrong.size() > count) wrong.resize(count);
    std::vector<WorstTitle> worst;
    for (const std::size_t i : wrong) {
        const TitleOutcome& o = outcomes[i];
        WorstTitle& w = worst.emplace_back();
        w.title = o.record->title;
        w.source = o.record->source;
        w.confidence = o.confidence;
        for (const Token& t : o.record->tokens) w.tokens.emplace_back(t.text(o.record->title));
        w.gold = o.record->labels;
        w.predicted = o.predicted;
    }
    return worst;
}

std::vector<std::string> report_labels(const std::vector<std::string>& model_labels, const Evaluation& evaluation) {
    std::vector<std::string> labels = model_labels;
    const std::set<std::string> known(model_labels.begin(), model_labels.end());
    std::set<std::string> more;  // name order
    for (const auto& [pair, count] : evaluation.confusion)
        for (const std::string& label : {pair.first, pair.second})
            if (!known.count(label)) more.insert(label);
    labels.insert(labels.end(), more.begin(), more.end());
    return labels;
}

ReportModel report_model(std::string name, std::string md5, const std::vector<std::string>& model_labels,
                         const Evaluation& evaluation, const std::vector<TitleOutcome>& outcomes) {
    return {std::move(name), std::move(md5), report_labels(model_labels, evaluation), evaluation,
            worst_titles(outcomes)};
}

namespace {

// A share with six decimals, as eval --json writes them; null for a share of nothing.
std::string share(std::size_t of, double value) { return of == 0 ? "null" : fmt::format("{:.6f}", value); }

void append_reliability(std::string& out, const CalibrationBins& bins) {
    out += '[';
    for (std::size_t b = 0; b < CalibrationBins::kBins; ++b) {
        const std::size_t n = bins.count[b];
        const double size = 1.0 / CalibrationBins::kBins;
        out += fmt::format("{}{{\"from\":{:.1f},\"to\":{:.1f},\"tokens\":{},\"confidence\":{},\"accuracy\":{}}}",
                           b > 0 ? "," : "", static_cast<double>(b) * size, static_cast<double>(b + 1) * size, n,
                           share(n, n ? bins.confidence[b] / static_cast<double>(n) : 0),
                           share(n, n ? static_cast<double>(bins.correct[b]) / static_cast<double>(n) : 0));
    }
    out += ']';
}

void append_worst(std::string& out, const std::vector<WorstTitle>& worst) {
    out += '[';
    for (std::size_t i = 0; i < worst.size(); ++i) {
        const WorstTitle& w = worst[i];
        out += i > 0 ? ",{\"title\":" : "{\"title\":";
        json::append_string(out, w.title);
        out += ",\"source\":";
        json::append_string(out, w.source);
        out += fmt::format(",\"confidence\":{:.6f},\"tokens\":", w.confidence);
        json::append_string_array(out, w.tokens);
        out += ",\"gold\":";
        json::append_string_array(out, w.gold);
        out += ",\"predicted\":";
        json::append_string_array(out, w.predicted);
        out += '}';
    }
    out += ']';
}

void append_model(std::string& out, const ReportModel& m) {
    out += "{\"model\":";
    json::append_string(out, m.name);
    out += ",\"md5\":";
    json::append_string(out, m.md5);
    out += ",\"labels\":";
    json::append_string_array(out, m.labels);
    out += ",\"report\":" + format_json(m.evaluation) + ",\"reliability\":";
    append_reliability(out, m.evaluation.calibration);
    out += ",\"worst_titles\":";
    append_worst(out, m.worst);
    out += '}';
}

void append_difference(std::string& out, const Evaluation& a, const Evaluation& b) {
    const bool calibrated = a.calibration.total() > 0 && b.calibration.total() > 0;
    out += fmt::format(
        "{{\"token_accuracy\":{:.6f},\"title_accuracy\":{:.6f},\"components_f1\":{:.6f},"
        "\"expected_calibration_error\":{}}}",
        a.token_accuracy() - b.token_accuracy(), a.title_accuracy() - b.title_accuracy(),
        a.components_overall.f1() - b.components_overall.f1(),
        calibrated ? fmt::format("{:.6f}", a.calibration.expected_calibration_error() -
                                               b.calibration.expected_calibration_error())
                   : "null");
}

}  // namespace

std::string report_json(const EvalReport& report) {
    std::string out = "{\"method\":";
    json::append_string(out, report.method);
    out += ",\"data\":";
    json::append_string(out, report.data);
    out += fmt::format(",\"titles\":{},\"tokens\":{},\"models\":[", report.titles, report.tokens);
    for (std::size_t i = 0; i < report.models.size(); ++i) {
        if (i > 0) out += ',';
        append_model(out, report.models[i]);
    }
    out += ']';
    if (report.models.size() == 2) {
        out += ",\"difference\":";
        append_difference(out, report.models[0].evaluation, report.models[1].evaluation);
    }
    out += ",\"learning_curve\":[";
    for (std::size_t i = 0; i < report.learning_curve.size(); ++i) {
        const LearningPoint& p = report.learning_curve[i];
        out += fmt::format(
            "{}{{\"percent\":{},\"trained_titles\":{},\"folds\":{},\"token_accuracy\":{},"
            "\"title_accuracy\":{},\"components_f1\":{:.6f}}}",
            i > 0 ? "," : "", p.percent, p.trained_titles, p.folds, share(p.pooled.tokens, p.pooled.token_accuracy()),
            share(p.pooled.titles, p.pooled.title_accuracy()), p.pooled.components_overall.f1());
    }
    out += "]}";
    return out;
}

namespace {

void write_atomically(const std::string& path, const std::string& text) {
    AtomicFile file(path);
    if (std::fwrite(text.data(), 1, text.size(), file.stream()) != text.size())
        throw Error("cannot write the report: check the disk has room and the directory is writable", path);
    file.commit();
}

}  // namespace

void write_report(const EvalReport& report, const std::string& html_path, const std::string& json_path) {
    if (!html_path.empty()) write_atomically(html_path, report_html(report));
    if (!json_path.empty()) write_atomically(json_path, report_json(report) + "\n");
}

}  // namespace masktag
