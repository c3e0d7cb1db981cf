// The report's figures as inline SVG: each a standalone, well-formed SVG document that a
// browser draws without any script or network fetch, and that keeps its numbers as text
// and data attributes a test (or a person) can read from the page.
//
// Drawn by code of ours: Debian 12 has no maintained C++ charting library that writes
// self-contained SVG. GNU plotutils' libplot (last release 2009) and ploticus (2013)
// are unmaintained; cairo's SVG surface is maintained but draws text as glyph outlines,
// so a page's numbers could not be read, searched or checked; Qt's QSvgGenerator would
// bring Qt into a static command-line binary. Four simple charts are a few rectangles,
// lines and labels each.
#pragma once

#include <string>
#include <vector>

#include "masktag/evaluation.h"
#include "masktag/report.h"

namespace masktag {

// Ensures: a fill colour (#rrggbb) for the label at `index` of a report's labels, the
// same on every chart and in the worst titles' tokens; distinct for the first 12.
std::string label_colour(std::size_t index);

// Ensures: the confusion heatmap, gold labels as rows and predicted labels as columns,
// both in `labels`' order; each non-zero cell a <g class="cell" data-gold data-predicted
// data-count> showing its count and its share of the row, shaded by that share (empty
// cells are the blank grid). The cells' counts add up to the tokens scored when `labels`
// holds every label of the confusion matrix (report_labels).
std::string confusion_heatmap_svg(const std::vector<std::string>& labels, const Evaluation& evaluation);

// Ensures: per-label precision, recall and F1 as horizontal bars, one group per label of
// `labels` that the evaluation scored, with its support; each bar
// <rect class="bar" data-label data-metric data-value>.
std::string label_scores_svg(const std::vector<std::string>& labels, const Evaluation& evaluation);

// Ensures: the reliability diagram: for each of the 10 confidence bins a bar of the
// share of its tokens labeled right, its mean confidence as a point, the diagonal of
// perfect calibration, and the bin's token count; the expected calibration error in its
// caption. Bars are <rect class="bin" data-from data-to data-count data-accuracy>.
std::string reliability_svg(const CalibrationBins& bins);

// Requires: `points` not empty, in ascending percent.
// Ensures: token and title accuracy (pooled over the folds) against the share of the
// training folds trained on, each point labeled with its value and the training titles
// per fold under its percent; points are <circle class="point" data-percent data-metric
// data-value>.
std::string learning_curve_svg(const std::vector<LearningPoint>& points);

}  // namespace masktag
