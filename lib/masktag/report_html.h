// eval's report as one self-contained HTML page (`masktag eval --report FILE.html`): what
// the people who decide whether a model ships look at.
#pragma once

#include <string>

#include "masktag/report.h"

namespace masktag {

// Requires: report.models holds one or two models.
// Ensures: one HTML5 page that needs nothing else: styles inline, figures as inline SVG
// (charts.h), no script, no URL to fetch; the same bytes for the same report (no
// timestamp). Its sections, each a <section id=...>: "headline" (the numbers, and for two
// models both side by side with the difference), "confusion", "label-scores",
// "reliability", "learning-curve" (or a line on how to get one) and "worst-titles"
// (each token coloured by its gold and its predicted label, wrong ones marked).
std::string report_html(const EvalReport& report);

}  // namespace masktag
