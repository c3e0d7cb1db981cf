// eval's report (issue 21): escaping, the worst titles, the figures' numbers, the page's
// sections and determinism, the JSON, the atomic writes, and the learning curve's shares.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <fmt/format.h>

#include "masktag/charts.h"
#include "masktag/cross_validation.h"
#include "masktag/error.h"
#include "masktag/json.h"
#include "masktag/learning_curve.h"
#include "masktag/markup.h"
#include "masktag/report.h"
#include "masktag/report_html.h"
#include "masktag/tokenizer.h"
#include "test_support.h"

using namespace masktag;
using masktag::test::TempFile;

namespace {

LabeledRecord record(const std::string& title, std::vector<std::string> labels, std::size_t position) {
    LabeledRecord r;
    r.title = title;
    tokenize(r.title, r.tokens);
    r.labels = std::move(labels);
    r.position = position;
    r.source = "t.jsonl:" + std::to_string(position + 1);
    return r;
}

// Three titles, two of them wrong, scored with confidences.
struct Scored {
    std::vector<LabeledRecord> records{record("3M Aura N95", {"brand", "model", "filter_type"}, 0),
                                       record("Moldex <2200> & co", {"brand", "model", "misc", "misc"}, 1),
                                       record("Honeywell DF300 N95", {"brand", "model", "filter_type"}, 2)};
    std::vector<TitleOutcome> outcomes;
    Evaluation evaluation;
    Scored() {
        outcomes.push_back({&records[0], {"brand", "model", "filter_type"}, {0.99, 0.95, 0.97}, 0.97});
        outcomes.push_back({&records[1], {"brand", "filter_type", "misc", "misc"}, {0.9, 0.55, 0.8, 0.8}, 0.76});
        outcomes.push_back({&records[2], {"brand", "filter_type", "filter_type"}, {0.9, 0.4, 0.9}, 0.73});
        Scorer scorer;
        for (const TitleOutcome& o : outcomes) scorer.add(o.record->labels, o.predicted, o.token_confidences);
        evaluation = scorer.result();
    }
};

const std::vector<std::string> kModelLabels{"brand", "model", "filter_type", "misc"};

EvalReport one_model_report(const Scored& s) {
    EvalReport report;
    report.method = "evaluation of one model";
    report.data = "t.jsonl";
    report.titles = s.evaluation.titles;
    report.tokens = s.evaluation.tokens;
    report.models.push_back(report_model("a.model", "0123", kModelLabels, s.evaluation, s.outcomes));
    return report;
}

// Ensures: the sum of the numbers in every `attribute="N"` of `text`.
std::size_t sum_attribute(const std::string& text, const std::string& attribute) {
    const std::regex pattern(attribute + "=\"([0-9]+)\"");
    std::size_t sum = 0;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), pattern); it != std::sregex_iterator(); ++it)
        sum += std::stoul((*it)[1].str());
    return sum;
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

}  // namespace

TEST_CASE("markup escapes the five characters and makes any bytes well-formed UTF-8") {
    CHECK(markup("a<b>&\"c\"'d'") == "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;");
    CHECK(markup("Dräger 中 😷") == "Dräger 中 😷");
    CHECK(markup("bad \xff byte") == "bad \xEF\xBF\xBD byte");
    CHECK(markup("cut \xE4\xB8") == "cut \xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK(markup("overlong \xC0\xAF") == "overlong \xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK(markup("surrogate \xED\xA0\x80") == "surrogate \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK(markup(std::string("nul \0 bell \a tab\t", 17)) == "nul \xEF\xBF\xBD bell \xEF\xBF\xBD tab\t");
}

TEST_CASE("the worst titles are the wrong ones and the least confident come first") {
    const Scored s;
    const std::vector<WorstTitle> worst = worst_titles(s.outcomes);
    REQUIRE(worst.size() == 2);
    CHECK(worst[0].title == "Honeywell DF300 N95");
    CHECK(worst[0].confidence == Approx(0.73));
    CHECK(worst[0].tokens == std::vector<std::string>{"Honeywell", "DF300", "N95"});
    CHECK(worst[0].predicted == std::vector<std::string>{"brand", "filter_type", "filter_type"});
    CHECK(worst[1].title == "Moldex <2200> & co");
    CHECK(worst[1].source == "t.jsonl:2");
    CHECK(worst_titles(s.outcomes, 1).size() == 1);
}

TEST_CASE("the worst titles with equal confidence keep input order") {
    Scored s;
    s.outcomes[1].confidence = s.outcomes[2].confidence = 0.5;
    const auto worst = worst_titles(s.outcomes);
    REQUIRE(worst.size() == 2);
    CHECK(worst[0].title == "Moldex <2200> & co");
}

TEST_CASE("report labels are the model's order then the labels it lacks by name") {
    Scored s;
    CHECK(report_labels({"model", "brand"}, s.evaluation) ==
          std::vector<std::string>{"model", "brand", "filter_type", "misc"});
    CHECK(report_labels({}, s.evaluation) == std::vector<std::string>{"brand", "filter_type", "misc", "model"});
}

TEST_CASE("the heatmap's cells add up to the tokens scored and name gold and predicted") {
    const Scored s;
    const std::string svg = confusion_heatmap_svg(report_labels(kModelLabels, s.evaluation), s.evaluation);
    CHECK(sum_attribute(svg, "data-count") == s.evaluation.tokens);
    CHECK(svg.find("data-gold=\"model\" data-predicted=\"filter_type\" data-count=\"2\"") != std::string::npos);
    CHECK(svg.find("data-gold=\"brand\" data-predicted=\"brand\" data-count=\"3\"") != std::string::npos);
    // No misc token was taken for a brand: an empty cell is the blank grid.
    CHECK(svg.find("data-gold=\"misc\" data-predicted=\"brand\"") == std::string::npos);
    // model: 1 of 3 right, 2 taken for filter_type (67% of the row).
    CHECK(svg.find("data-gold=\"model\" data-predicted=\"model\" data-count=\"1\"") != std::string::npos);
    CHECK(svg.find(">67%</text>") != std::string::npos);
    CHECK(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
}

TEST_CASE("a label with markup characters is escaped in every figure") {
    Scorer scorer;
    scorer.add({"<b>&"}, {"x\"y"}, {0.5});
    const Evaluation e = scorer.result();
    for (const std::string& svg : {confusion_heatmap_svg(report_labels({}, e), e), label_scores_svg({"<b>&"}, e)}) {
        CHECK(svg.find("<b>") == std::string::npos);
        CHECK(svg.find("&lt;b&gt;&amp;") != std::string::npos);
    }
}

TEST_CASE("the reliability diagram has ten bins whose counts add up to the tokens") {
    const Scored s;
    const std::string svg = reliability_svg(s.evaluation.calibration);
    CHECK(count(svg, "class=\"bin\"") == 10);
    CHECK(sum_attribute(svg, "data-count") == s.evaluation.tokens);
    CHECK(svg.find(fmt::format("expected calibration error {:.4f}",
                               s.evaluation.calibration.expected_calibration_error())) != std::string::npos);
}

TEST_CASE("the label bars show precision recall and F1 of each scored label") {
    const Scored s;
    const std::string svg = label_scores_svg(kModelLabels, s.evaluation);
    CHECK(count(svg, "class=\"bar\"") == 3 * s.evaluation.labels.size());
    CHECK(svg.find("data-label=\"brand\" data-metric=\"F1\" data-value=\"1.0000\"") != std::string::npos);
    CHECK(svg.find("data-label=\"model\" data-metric=\"recall\" data-value=\"0.3333\"") != std::string::npos);
}

TEST_CASE("the page has every section and no script or external URL and is the same every time") {
    const Scored s;
    EvalReport report = one_model_report(s);
    const std::string html = report_html(report);
    CHECK(html == report_html(one_model_report(s)));
    for (const char* id : {"headline", "confusion", "label-scores", "reliability", "worst-titles", "learning-curve"})
        CHECK(count(html, std::string("<section id=\"") + id + "\">") == 1);
    CHECK(html.find("<script") == std::string::npos);
    std::string rest = html;
    for (std::size_t at; (at = rest.find("http://www.w3.org/2000/svg")) != std::string::npos;) rest.erase(at, 26);
    CHECK(rest.find("http") == std::string::npos);
    CHECK(rest.find("url(") == std::string::npos);
    CHECK(html.find("Moldex &lt;2200&gt; &amp; co") != std::string::npos);
    CHECK(count(html, "<div class=\"worst\"") == 2);
    CHECK(count(html, "class=\"tok wrong\"") == 2);
    CHECK(html.find("data-tokens=\"10\"") != std::string::npos);
    CHECK(html.find("Not computed") != std::string::npos);
}

TEST_CASE("two models are shown side by side with their difference") {
    const Scored s;
    EvalReport report = one_model_report(s);
    Scored perfect;
    for (TitleOutcome& o : perfect.outcomes) o.predicted = o.record->labels;
    Scorer scorer;
    for (const TitleOutcome& o : perfect.outcomes) scorer.add(o.record->labels, o.predicted, o.token_confidences);
    report.models.push_back(report_model("b.model", "4567", kModelLabels, scorer.result(), perfect.outcomes));
    const std::string html = report_html(report);
    CHECK(html.find("<th>A &#8722; B</th>") != std::string::npos);
    CHECK(html.find(fmt::format("{:+.4f}", s.evaluation.token_accuracy() - 1.0)) != std::string::npos);
    CHECK(count(html, "aria-label=\"confusion heatmap") == 2);
    CHECK(html.find("Every title is labeled right.") != std::string::npos);
    const std::string text = report_json(report);
    json::Document doc;
    json::ParseError error;
    REQUIRE(doc.parse(text, error));
    CHECK(doc.root().member("difference").member("token_accuracy").raw() ==
          fmt::format("{:.6f}", s.evaluation.token_accuracy() - 1.0));
}

TEST_CASE("the report's JSON holds the page's data") {
    const Scored s;
    EvalReport report = one_model_report(s);
    report.learning_curve.push_back({10, 3, 1, s.evaluation});
    const std::string text = report_json(report);
    json::Document doc;
    json::ParseError error;
    REQUIRE(doc.parse(text, error));
    const json::Value root = doc.root();
    CHECK(root.member("tokens").raw() == "10");
    const json::Value model = root.member("models").first();
    CHECK(model.member("md5").raw() == "\"0123\"");
    CHECK(model.member("report").member("tokens_correct").raw() == "8");
    std::size_t bins = 0;
    for (json::Value b = model.member("reliability").first(); b.valid(); b = b.next()) ++bins;
    CHECK(bins == 10);
    CHECK(model.member("worst_titles").first().member("title").raw() == "\"Honeywell DF300 N95\"");
    CHECK(root.member("learning_curve").first().member("percent").raw() == "10");
    CHECK(!root.member("difference").valid());
    CHECK(text == report_json(report));
}

TEST_CASE("write_report writes both files and replaces them whole") {
    const Scored s;
    const TempFile html("report.html"), json("report.json");
    {
        std::ofstream old(html.path());
        old << "an older report";
    }
    write_report(one_model_report(s), html.path(), json.path());
    CHECK(read_file(html.path()) == report_html(one_model_report(s)));
    CHECK(read_file(json.path()) == report_json(one_model_report(s)) + "\n");
}

TEST_CASE("write_report into a missing directory is an error naming the file and writes nothing") {
    const Scored s;
    const std::string dir = (std::filesystem::temp_directory_path() / "masktag_no_such_dir_21").string();
    try {
        write_report(one_model_report(s), dir + "/r.html", "");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find(dir + "/r.html") != std::string::npos);
    }
    CHECK(!std::filesystem::exists(dir));
}

TEST_CASE("a training share trains each fold on that part of its training records with any threads") {
    const auto& records = test::small_records();
    const Folds folds = make_folds(records, 3, 7);
    TrainOptions options;
    options.calibration_folds = 0;  // faster; the shares are what is tested
    const CrossValidation full = cross_validate(records, folds, options, 1);
    CHECK(full.trained_titles == 2 * records.size());
    const CrossValidation tenth = cross_validate(records, folds, options, 1, nullptr, {10, 7});
    std::size_t expected = 0;
    for (const auto& fold : folds.test_positions) expected += ((records.size() - fold.size()) * 10 + 99) / 100;
    CHECK(tenth.trained_titles == expected);
    CHECK(tenth.pooled.tokens == full.pooled.tokens);  // the same test folds
    const CrossValidation again = cross_validate(records, folds, options, 3, nullptr, {10, 7});
    CHECK(format_json(again.pooled) == format_json(tenth.pooled));
}

TEST_CASE("the learning curve has ten points ending at the full cross-validation") {
    const auto& records = test::small_records();
    const Folds folds = make_folds(records, 3, 7);
    TrainOptions options;
    options.calibration_folds = 0;  // faster; the shares are what is tested
    const CrossValidation full = cross_validate(records, folds, options, 2);
    const auto points = learning_curve(records, folds, options, 2, 7, full);
    REQUIRE(points.size() == 10);
    for (std::size_t i = 0; i < points.size(); ++i) {
        CHECK(points[i].percent == 10 * (i + 1));
        CHECK(points[i].folds == 3);
        CHECK(points[i].pooled.tokens == full.pooled.tokens);
        if (i > 0) CHECK(points[i].trained_titles >= points[i - 1].trained_titles);
    }
    CHECK(format_json(points.back().pooled) == format_json(full.pooled));
    const std::string svg = learning_curve_svg(points);
    CHECK(count(svg, "class=\"point\"") == 20);
}
