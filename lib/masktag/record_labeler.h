// Turns input records into output records: the per-record work of predict, and the
// pipeline that spreads it over threads while keeping the output in input order.
#pragma once

#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "masktag/model.h"
#include "masktag/prediction_output.h"
#include "masktag/predictor.h"
#include "masktag/title_reader.h"

namespace masktag {

// Labels one record at a time into a reused buffer. One per thread.
class RecordLabeler {
public:
    // Requires: `model` outlives this object. `prefix`: see make_writer.
    RecordLabeler(const Model& model, OutputFormat format, bool details, const std::string& prefix = {});

    // Ensures: `out` holds what precedes the records for input `columns`; later records
    // are written for those columns.
    void start_input(const std::vector<std::string>& columns, std::string& out);

    // Ensures: `out` holds the record's output record: its labeling, or (when
    // record.error is set) the record with its error. Returns whether it was labeled.
    bool label(const TitleRecord& record, std::string& out);

private:
    Predictor predictor_;
    std::unique_ptr<RecordWriter> writer_;
    bool details_;
    std::vector<Token> tokens_;
    std::vector<unsigned long> labels_;
    std::vector<double> marginals_, best_marginals_;
    std::string scratch_;
};

// What becomes of a record that cannot be labeled, as the pipeline reports it.
struct RecordFailure {
    std::string message;  // the record's error
    std::string place;    // "file:line" or "file:line:column"
};

// Labels every record of `reader` and hands each output record to `write`, in input
// order; `failed` is called (in order, before the record's output) for each record that
// could not be labeled, and returns whether to go on (false stops before writing that
// record). With threads > 1, records are labeled in chunks by that many threads, this
// one among them between reading and writing; the output is byte-identical to threads ==
// 1. Memory stays bounded whatever the records' size: at most 2 * threads chunks are in
// flight, and a chunk closes at 1,024 records or once its records hold 1 MiB, so the
// chunks hold at most 2 * threads * (1 MiB + one record) of input, and their output (at
// most about 20 times that: JSON escapes of control bytes, repeated in tokens and
// components). `written`, when given, is called after each write with the number of
// records it held. On one thread, records are handed to `write` one by one, or, with
// `batch_bytes`, gathered until they hold that many bytes (then before a failed record and
// at the end): fewer, larger writes, for output that no one reads record by record.
// Requires:
//   - reader.start() was called
//   - labelers.size() == max(threads, 1) (checked in the asan and tsan builds)
//   - each labeler was started for the reader's columns
// Ensures:
//   - every record's output was handed to `write`, in input order, byte-identical for any
//     `threads`
//   - returns false when `failed` stopped it
bool label_records(TitleReader& reader, const std::string& input_name, unsigned threads,
                   std::vector<std::unique_ptr<RecordLabeler>>& labelers,
                   const std::function<void(std::string_view)>& write,
                   const std::function<bool(const RecordFailure&)>& failed,
                   const std::function<void(std::size_t)>& written = {}, std::size_t batch_bytes = 0);

}  // namespace masktag
