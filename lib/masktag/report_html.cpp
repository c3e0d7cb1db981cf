#include "masktag/report_html.h"

#include <fmt/format.h>

#include "masktag/charts.h"
#include "masktag/markup.h"

namespace masktag {
namespace {

// Styles for every element the page has; nothing is loaded from elsewhere.
constexpr const char* kStyle = R"(body{font-family:sans-serif;margin:24px;color:#111;max-width:1400px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 6px;border-bottom:1px solid #ccc}
h3{font-size:14px;margin:10px 0 4px}p.note{color:#555;margin:4px 0 10px;font-size:13px}
table.numbers{border-collapse:collapse;font-size:13px}
table.numbers th,table.numbers td{border:1px solid #ddd;padding:3px 10px;text-align:left}
table.numbers td.n{text-align:right;font-variant-numeric:tabular-nums}
.figures{display:flex;flex-wrap:wrap;gap:28px;align-items:flex-start}
.legend span{display:inline-block;margin:0 10px 4px 0;font-size:12px}
.legend i{display:inline-block;width:11px;height:11px;margin-right:4px;vertical-align:-1px}
.worst{margin:12px 0;padding:6px 8px;border:1px solid #e4e4e4;border-radius:4px}
.worst .head{font-size:13px;margin-bottom:6px}.worst .head q{font-weight:bold}
.worst .meta{color:#555}
.tok{display:inline-block;margin:0 4px 4px 0;vertical-align:top;font-size:12px}
.tok b{display:block;padding:1px 4px;font-weight:normal}
.tok .g,.tok .p{display:block;padding:0 4px;font-size:10px;border-left:4px solid}
.tok.wrong{outline:2px solid #c00}.tok.wrong .p{font-weight:bold}
)";

std::string tint(const std::string& hex) {  // the colour mixed half with white, for a chip's ground
    const auto channel = [&](std::size_t at) {
        const int v = std::stoi(hex.substr(at, 2), nullptr, 16);
        return (v + 255) / 2;
    };
    return fmt::format("#{:02x}{:02x}{:02x}", channel(1), channel(3), channel(5));
}

std::size_t label_index(const std::vector<std::string>& labels, const std::string& label) {
    for (std::size_t i = 0; i < labels.size(); ++i)
        if (labels[i] == label) return i;
    return labels.size();  // a colour of its own past the known labels
}

double macro_f1(const Evaluation& e) {
    double sum = 0;
    std::size_t n = 0;
    for (const LabelScore& s : e.labels)
        if (s.support() > 0) sum += s.f1(), ++n;
    return n ? sum / static_cast<double>(n) : 0;
}

// A headline row of numbers: one cell per model, and the difference for two.
struct Row {
    std::string name;
    double (*value)(const Evaluation&);
    std::string (*detail)(const Evaluation&);  // a count beside the share, or nullptr
};

const Row kRows[] = {
    {"token accuracy (micro F1)", [](const Evaluation& e) { return e.token_accuracy(); },
     [](const Evaluation& e) { return fmt::format("{} of {} tokens", e.tokens_correct, e.tokens); }},
    {"token F1, mean over labels", macro_f1, nullptr},
    {"title accuracy", [](const Evaluation& e) { return e.title_accuracy(); },
     [](const Evaluation& e) { return fmt::format("{} of {} titles", e.titles_correct, e.titles); }},
    {"span F1 (components, micro)", [](const Evaluation& e) { return e.components_overall.f1(); }, nullptr},
    {"expected calibration error", [](const Evaluation& e) { return e.calibration.expected_calibration_error(); },
     nullptr},
};

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
    return out;
}

std::string headline(const EvalReport& r) {
    const bool two = r.models.size() == 2;
    std::string out = "<section id=\"headline\">\n<h2>Headline numbers</h2>\n<table class=\"numbers\">\n<tr><th></th>";
    for (std::size_t m = 0; m < r.models.size(); ++m)
        out += two ? (m == 0 ? "<th>A</th>" : "<th>B</th>") : "<th>model</th>";
    if (two) out += "<th>A &#8722; B</th>";
    out += "</tr>\n";
    const auto text_row = [&](const std::string& name, auto field) {
        out += "<tr><th>" + markup(name) + "</th>";
        for (const ReportModel& m : r.models) out += "<td>" + markup(field(m)) + "</td>";
        out += two ? "<td></td></tr>\n" : "</tr>\n";
    };
    text_row("model", [](const ReportModel& m) { return m.name; });
    text_row("MD5", [](const ReportModel& m) { return m.md5.empty() ? std::string("(one model per fold)") : m.md5; });
    text_row("labels", [](const ReportModel& m) { return join(m.labels); });
    const std::string span = fmt::format(" colspan=\"{}\"", r.models.size() + (two ? 1 : 0));
    out += fmt::format("<tr><th>data</th><td{}>{}</td></tr>\n", span, markup(r.data));
    out += fmt::format("<tr><th>method</th><td{}>{}</td></tr>\n", span, markup(r.method));
    out += fmt::format("<tr><th>titles</th><td class=\"n\" id=\"titles\" data-titles=\"{0}\"{1}>{0}</td></tr>\n",
                       r.titles, span);
    out += fmt::format("<tr><th>tokens</th><td class=\"n\" id=\"tokens\" data-tokens=\"{0}\"{1}>{0}</td></tr>\n",
                       r.tokens, span);
    for (const Row& row : kRows) {
        out += "<tr><th>" + markup(row.name) + "</th>";
        for (const ReportModel& m : r.models)
            out += fmt::format("<td class=\"n\">{:.4f}{}</td>", row.value(m.evaluation),
                               row.detail ? " (" + row.detail(m.evaluation) + ")" : "");
        if (two)
            out += fmt::format("<td class=\"n\">{:+.4f}</td>",
                               row.value(r.models[0].evaluation) - row.value(r.models[1].evaluation));
        out += "</tr>\n";
    }
    return out + "</table>\n</section>\n";
}

// The heading of one model's figure: only when two models share the section.
std::string model_heading(const EvalReport& r, std::size_t m) {
    if (r.models.size() < 2) return "";
    return fmt::format("<h3>{}: {}</h3>\n", m == 0 ? "A" : "B", markup(r.models[m].name));
}

// A section holding one figure per model, side by side.
template <typename Figure>
std::string figures(const EvalReport& r, const char* id, const char* heading, const char* note, Figure figure) {
    std::string out = fmt::format(
        "<section id=\"{}\">\n<h2>{}</h2>\n<p class=\"note\">{}</p>\n<div class=\"figures\">\n", id, heading, note);
    for (std::size_t m = 0; m < r.models.size(); ++m)
        out += "<figure>\n" + model_heading(r, m) + figure(r.models[m]) + "</figure>\n";
    return out + "</div>\n</section>\n";
}

std::string legend(const std::vector<std::string>& labels) {
    std::string out = "<div class=\"legend\">";
    for (std::size_t i = 0; i < labels.size(); ++i)
        out += fmt::format("<span><i style=\"background:{}\"></i>{}</span>", label_colour(i), markup(labels[i]));
    return out + "</div>\n";
}

std::string chip(const char* cls, const std::vector<std::string>& labels, const std::string& label) {
    const std::string colour = label_colour(label_index(labels, label));
    return fmt::format("<span class=\"{}\" style=\"background:{};border-color:{}\">{}</span>", cls, tint(colour),
                       colour, markup(label));
}

std::string worst_title(const WorstTitle& w, const std::vector<std::string>& labels) {
    std::size_t wrong = 0;
    for (std::size_t t = 0; t < w.tokens.size(); ++t) wrong += w.gold[t] != w.predicted[t];
    std::string out = fmt::format(
        "<div class=\"worst\" data-wrong=\"{}\">\n<div class=\"head\"><q>{}</q> <span "
        "class=\"meta\">{} &#183; confidence {:.3f} &#183; {} of {} tokens wrong</span></div>\n",
        wrong, markup(w.title), markup(w.source), w.confidence, wrong, w.tokens.size());
    for (std::size_t t = 0; t < w.tokens.size(); ++t) {
        const bool right = w.gold[t] == w.predicted[t];
        out += fmt::format("<span class=\"tok{}\" title=\"gold {}, predicted {}\"><b>{}</b>{}{}</span>",
                           right ? "" : " wrong", markup(w.gold[t]), markup(w.predicted[t]), markup(w.tokens[t]),
                           chip("g", labels, w.gold[t]), chip("p", labels, w.predicted[t]));
    }
    return out + "\n</div>\n";
}

std::string worst_titles_section(const EvalReport& r) {
    std::string out = fmt::format(
        "<section id=\"worst-titles\">\n<h2>Worst titles</h2>\n<p class=\"note\">Titles with a wrong token, the "
        "least confident first (at most {}). Under each token: its gold label (upper chip) and the predicted one "
        "(lower); a wrong token is outlined in red.</p>\n",
        kReportWorstTitles);
    for (std::size_t m = 0; m < r.models.size(); ++m) {
        const ReportModel& model = r.models[m];
        out += model_heading(r, m) + legend(model.labels);
        if (model.worst.empty()) out += "<p class=\"note\">Every title is labeled right.</p>\n";
        for (const WorstTitle& w : model.worst) out += worst_title(w, model.labels);
    }
    return out + "</section>\n";
}

std::string learning_curve_section(const EvalReport& r) {
    std::string out = "<section id=\"learning-curve\">\n<h2>Learning curve</h2>\n";
    if (r.learning_curve.empty())
        return out +
               "<p class=\"note\">Not computed: run eval with --cv K or --folds FILE and --learning-curve to train "
               "on 10%, 20%, ..., 100% of each training fold.</p>\n</section>\n";
    return out +
           "<p class=\"note\">Each fold's model trained on 10%, 20%, ..., 100% of its training titles (a seeded "
           "subset, each within the next), scored on its test fold. A curve still rising at 100% says more "
           "annotated titles would help; a flat one says they would not.</p>\n" +
           learning_curve_svg(r.learning_curve) + "</section>\n";
}

}  // namespace

std::string report_html(const EvalReport& r) {
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out +=
        "<title>masktag evaluation: " + markup(r.data) + "</title>\n<style>\n" + kStyle + "</style>\n</head>\n<body>\n";
    out += "<h1>masktag evaluation report</h1>\n<p class=\"note\">" + markup(r.method) + " on " + markup(r.data) +
           "</p>\n";
    out += headline(r);
    out += figures(r, "confusion", "Confusion heatmap",
                   "Tokens by gold label (rows) and predicted label (columns), in the model's label order: each cell's "
                   "count and its share of the row; the diagonal is right.",
                   [](const ReportModel& m) { return confusion_heatmap_svg(m.labels, m.evaluation); });
    out += figures(r, "label-scores", "Precision, recall and F1 per label", "Token level, per gold label.",
                   [](const ReportModel& m) { return label_scores_svg(m.labels, m.evaluation); });
    out += figures(r, "reliability", "Reliability",
                   "Tokens in 10 confidence bins: the share labeled right (bars, with the bin's token count above) "
                   "against the diagonal of a perfectly calibrated model; dots are the bins' mean confidence. A "
                   "confidence of 0.9 means 90% when the bar meets the diagonal.",
                   [](const ReportModel& m) { return reliability_svg(m.evaluation.calibration); });
    // The curve before the worst titles: a short figure that answers a shipping question,
    // then the long list.
    out += learning_curve_section(r);
    out += worst_titles_section(r);
    return out + "</body>\n</html>\n";
}

}  // namespace masktag
