#include "masktag/charts.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "masktag/markup.h"

namespace masktag {
namespace {

constexpr const char* kFont = "font-family=\"sans-serif\" font-size=\"11\"";
constexpr const char* kPrecisionColour = "#4e79a7";
constexpr const char* kRecallColour = "#f28e2b";
constexpr const char* kF1Colour = "#59a14f";
constexpr const char* kTitleColour = "#e15759";

// Ensures: the opening tag of a standalone SVG document of that size, with an accessible
// name. The xmlns is a namespace name, never fetched: it makes the figure an SVG document
// when taken out of the page (and xmllint check it as one).
std::string open_svg(double width, double height, std::string_view name) {
    return fmt::format(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0:.0f}\" height=\"{1:.0f}\" "
        "viewBox=\"0 0 {0:.0f} {1:.0f}\" role=\"img\" aria-label=\"{2}\" {3}>\n",
        width, height, markup(name), kFont);
}

// Ensures: an element <text> at (x, y) with `attributes` and the escaped `text`.
std::string text(double x, double y, std::string_view content, std::string_view attributes = "") {
    return fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\"{}{}>{}</text>\n", x, y, attributes.empty() ? "" : " ",
                       attributes, markup(content));
}

std::string line(double x1, double y1, double x2, double y2, std::string_view attributes) {
    return fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" {}/>\n", x1, y1, x2, y2,
                       attributes);
}

// Ensures: white for 0 through dark blue for 1: a cell's share of its row.
std::string shade(double share) {
    const auto mix = [&](int from, int to) {
        return static_cast<int>(std::lround(from + (to - from) * std::clamp(share, 0.0, 1.0)));
    };
    return fmt::format("#{:02x}{:02x}{:02x}", mix(255, 8), mix(255, 81), mix(255, 156));
}

std::string percent(double share) { return fmt::format("{:.0f}%", 100 * share); }

const LabelScore* find_score(const Evaluation& evaluation, const std::string& label) {
    for (const LabelScore& s : evaluation.labels)
        if (s.label == label) return &s;
    return nullptr;
}

// Axes of a plot of 0..1 against `low`..1 at (left, top): ticks every fifth of each, the
// x ticks labeled unless the caller labels them.
std::string unit_axes(double left, double top, double width, double height, double low, std::string_view x_name,
                      std::string_view y_name, bool label_x = true) {
    std::string out = line(left, top + height, left + width, top + height, "stroke=\"#333\"") +
                      line(left, top, left, top + height, "stroke=\"#333\"");
    for (int i = 0; i <= 5; ++i) {
        const double f = i / 5.0;
        const double x = left + f * width, y = top + height - f * height;
        out += line(x, top + height, x, top + height + 4, "stroke=\"#333\"");
        if (label_x) out += text(x, top + height + 16, fmt::format("{:.1f}", f), "text-anchor=\"middle\"");
        out += line(left - 4, y, left, y, "stroke=\"#333\"");
        out += line(left, y, left + width, y, "stroke=\"#eee\"");
        out += text(left - 7, y + 4, fmt::format("{:.2f}", low + f * (1 - low)), "text-anchor=\"end\"");
    }
    out += text(left + width / 2, top + height + 34, x_name, "text-anchor=\"middle\"");
    out += text(14, top + height / 2, y_name,
                fmt::format("text-anchor=\"middle\" transform=\"rotate(-90 14 {:.1f})\"", top + height / 2));
    return out;
}

}  // namespace

std::string label_colour(std::size_t index) {
    // Tableau's 10 plus two: distinct on screen and in print.
    static constexpr const char* kPalette[] = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
                                               "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#86bcb6", "#d37295"};
    constexpr std::size_t n = sizeof kPalette / sizeof kPalette[0];
    return kPalette[index % n];
}

std::string confusion_heatmap_svg(const std::vector<std::string>& labels, const Evaluation& evaluation) {
    constexpr double cell = 48, left = 110, top = 96;
    const double n = static_cast<double>(labels.size());
    std::map<std::string, std::size_t> row_total;
    for (const auto& [pair, count] : evaluation.confusion) row_total[pair.first] += count;
    std::string out =
        open_svg(left + n * cell + 12, top + n * cell + 12, "confusion heatmap: gold label by predicted label");
    out += text(left + n * cell / 2, 14, "predicted label", "text-anchor=\"middle\" font-weight=\"bold\"");
    out += text(12, top - 8, "gold label", "font-weight=\"bold\"");
    out += fmt::format(
        "<rect x=\"{:.0f}\" y=\"{:.0f}\" width=\"{:.0f}\" height=\"{:.0f}\" fill=\"#fff\" stroke=\"#ccc\"/>\n", left,
        top, n * cell, n * cell);
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const double at = static_cast<double>(i) * cell;
        const double cx = left + at + cell / 2;
        out += text(cx, top - 6, labels[i], fmt::format("transform=\"rotate(-45 {:.1f} {:.1f})\"", cx, top - 6));
        out += text(left - 6, top + at + cell / 2 + 4, labels[i], "text-anchor=\"end\"");
    }
    // Only non-zero cells are drawn (on the white grid): their counts add up to the tokens.
    for (std::size_t g = 0; g < labels.size(); ++g)
        for (std::size_t p = 0; p < labels.size(); ++p) {
            const auto it = evaluation.confusion.find({labels[g], labels[p]});
            if (it == evaluation.confusion.end() || it->second == 0) continue;
            const std::size_t count = it->second;
            const double share = static_cast<double>(count) / static_cast<double>(row_total[labels[g]]);
            const double x = left + static_cast<double>(p) * cell, y = top + static_cast<double>(g) * cell;
            out += fmt::format("<g class=\"cell\" data-gold=\"{}\" data-predicted=\"{}\" data-count=\"{}\">",
                               markup(labels[g]), markup(labels[p]), count);
            out += fmt::format("<title>gold {}, predicted {}: {} tokens, {} of gold {}</title>\n", markup(labels[g]),
                               markup(labels[p]), count, percent(share), markup(labels[g]));
            out += fmt::format("<rect x=\"{:.0f}\" y=\"{:.0f}\" width=\"{:.0f}\" height=\"{:.0f}\" fill=\"{}\"{}/>\n",
                               x, y, cell, cell, shade(share), g == p ? " stroke=\"#333\"" : " stroke=\"#ddd\"");
            const std::string ink =
                share > 0.5 ? "fill=\"#fff\" text-anchor=\"middle\"" : "fill=\"#111\" text-anchor=\"middle\"";
            out += text(x + cell / 2, y + cell / 2 - 2, fmt::format("{}", count), ink);
            out += text(x + cell / 2, y + cell / 2 + 11, percent(share), ink + " font-size=\"9\"");
            out += "</g>\n";
        }
    return out + "</svg>\n";
}

std::string label_scores_svg(const std::vector<std::string>& labels, const Evaluation& evaluation) {
    constexpr double left = 150, bar = 11, group = 3 * bar + 12, width = 300, top = 30;
    std::vector<const LabelScore*> rows;
    for (const std::string& label : labels)
        if (const LabelScore* s = find_score(evaluation, label)) rows.push_back(s);
    std::string out = open_svg(left + width + 60, top + static_cast<double>(rows.size()) * group + 24,
                               "precision, recall and F1 per label");
    const std::pair<const char*, const char*> metrics[] = {
        {"precision", kPrecisionColour}, {"recall", kRecallColour}, {"F1", kF1Colour}};
    for (std::size_t m = 0; m < 3; ++m) {
        const double x = left + static_cast<double>(m) * 90;
        out +=
            fmt::format("<rect x=\"{:.0f}\" y=\"8\" width=\"10\" height=\"10\" fill=\"{}\"/>\n", x, metrics[m].second);
        out += text(x + 14, 17, metrics[m].first);
    }
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const LabelScore& s = *rows[r];
        const double y = top + static_cast<double>(r) * group;
        out += text(left - 8, y + bar * 1.5 + 4, s.label, "text-anchor=\"end\" font-weight=\"bold\"");
        out += text(left - 8, y + bar * 2.5 + 6, fmt::format("support {}", s.support()),
                    "text-anchor=\"end\" fill=\"#555\"");
        const double values[] = {s.precision(), s.recall(), s.f1()};
        for (std::size_t m = 0; m < 3; ++m) {
            const double by = y + static_cast<double>(m) * bar;
            out += fmt::format(
                "<rect class=\"bar\" data-label=\"{}\" data-metric=\"{}\" data-value=\"{:.4f}\" x=\"{:.0f}\" "
                "y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.0f}\" fill=\"{}\"/>\n",
                markup(s.label), metrics[m].first, values[m], left, by, values[m] * width, bar - 1, metrics[m].second);
            out +=
                text(left + values[m] * width + 4, by + bar - 2, fmt::format("{:.3f}", values[m]), "font-size=\"10\"");
        }
    }
    return out + "</svg>\n";
}

std::string reliability_svg(const CalibrationBins& bins) {
    constexpr double left = 56, top = 30, size = 300;
    constexpr double bin = size / CalibrationBins::kBins;
    std::string out = open_svg(left + size + 20, top + size + 44, "reliability diagram: confidence against accuracy");
    out += text(left, 16,
                bins.total() > 0 ? fmt::format("expected calibration error {:.4f} ({} tokens)",
                                               bins.expected_calibration_error(), bins.total())
                                 : "no confidences scored",
                "font-weight=\"bold\"");
    out += unit_axes(left, top, size, size, 0, "confidence (the predicted label's marginal)", "share of tokens right");
    for (std::size_t b = 0; b < CalibrationBins::kBins; ++b) {
        const std::size_t n = bins.count[b];
        const double x = left + static_cast<double>(b) * bin;
        const double from = static_cast<double>(b) / CalibrationBins::kBins, to = from + 1.0 / CalibrationBins::kBins;
        if (n == 0) {
            out += fmt::format(
                "<rect class=\"bin\" data-from=\"{:.1f}\" data-to=\"{:.1f}\" data-count=\"0\" "
                "data-accuracy=\"\" x=\"{:.1f}\" y=\"{:.0f}\" width=\"0\" height=\"0\"/>\n",
                from, to, x, top + size);
            continue;
        }
        const double accuracy = static_cast<double>(bins.correct[b]) / static_cast<double>(n);
        const double mean = bins.confidence[b] / static_cast<double>(n);
        out += fmt::format(
            "<rect class=\"bin\" data-from=\"{:.1f}\" data-to=\"{:.1f}\" data-count=\"{}\" "
            "data-accuracy=\"{:.4f}\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
            "fill=\"{}\" fill-opacity=\"0.8\" stroke=\"#fff\"><title>confidence {:.1f}-{:.1f}: {} tokens, "
            "mean confidence {:.3f}, {:.3f} right</title></rect>\n",
            from, to, n, accuracy, x, top + size - accuracy * size, bin, accuracy * size, kPrecisionColour, from, to, n,
            mean, accuracy);
        out += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"{}\"/>\n", left + mean * size,
                           top + size - accuracy * size, kTitleColour);
        out += text(x + bin / 2, top + size - accuracy * size - 4, fmt::format("{}", n),
                    "text-anchor=\"middle\" font-size=\"9\"");
    }
    // The diagonal over the bars: where a bar's top meets it, confidence means accuracy.
    out += line(left, top + size, left + size, top, "stroke=\"#333\" stroke-dasharray=\"4 3\"");
    return out + "</svg>\n";
}

std::string learning_curve_svg(const std::vector<LearningPoint>& points) {
    constexpr double left = 56, top = 46, width = 460, height = 240;  // the legend above the top values
    double lowest = 1;
    for (const LearningPoint& p : points)
        lowest = std::min({lowest, p.pooled.token_accuracy(), p.pooled.title_accuracy()});
    const double low = std::max(0.0, std::floor((lowest - 0.02) * 10) / 10);  // a 0.1 step below the lowest point
    const auto x_of = [&](unsigned percent) { return left + (static_cast<double>(percent) - 10) / 90.0 * width; };
    const auto y_of = [&](double value) { return top + height - (value - low) / (1 - low) * height; };
    std::string out = open_svg(left + width + 40, top + height + 62, "learning curve: accuracy against training size");
    // The x axis counts percent of the training folds: its ticks are labeled below.
    out += unit_axes(left, top, width, height, low, "", "accuracy (pooled over the test folds)", false);
    for (const LearningPoint& p : points) {
        const double x = x_of(p.percent);
        out += text(x, top + height + 16, fmt::format("{}%", p.percent), "text-anchor=\"middle\"");
        out += text(x, top + height + 30, fmt::format("{}", p.folds ? p.trained_titles / p.folds : 0),
                    "text-anchor=\"middle\" font-size=\"9\" fill=\"#555\"");
    }
    out += text(left + width / 2, top + height + 50, "share of each training fold trained on (titles per fold below)",
                "text-anchor=\"middle\"");
    const std::pair<const char*, const char*> series[] = {{"token accuracy", kPrecisionColour},
                                                          {"title accuracy", kTitleColour}};
    for (std::size_t s = 0; s < 2; ++s) {
        std::string path;
        for (const LearningPoint& p : points) {
            const double v = s == 0 ? p.pooled.token_accuracy() : p.pooled.title_accuracy();
            path += fmt::format("{}{:.1f},{:.1f}", path.empty() ? "" : " ", x_of(p.percent), y_of(v));
        }
        out += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>\n", path,
                           series[s].second);
        for (const LearningPoint& p : points) {
            const double v = s == 0 ? p.pooled.token_accuracy() : p.pooled.title_accuracy();
            out += fmt::format(
                "<circle class=\"point\" data-percent=\"{}\" data-metric=\"{}\" data-value=\"{:.4f}\" "
                "cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3.5\" fill=\"{}\"/>\n",
                p.percent, series[s].first, v, x_of(p.percent), y_of(v), series[s].second);
            out += text(x_of(p.percent), y_of(v) + (s == 0 ? -7 : 14), fmt::format("{:.3f}", v),
                        "text-anchor=\"middle\" font-size=\"9\"");
        }
        const double lx = left + 10 + static_cast<double>(s) * 130;
        out +=
            fmt::format("<rect x=\"{:.0f}\" y=\"8\" width=\"10\" height=\"10\" fill=\"{}\"/>\n", lx, series[s].second);
        out += text(lx + 14, 17, series[s].first);
    }
    return out + "</svg>\n";
}

}  // namespace masktag
