#include "masktag/record_labeler.h"

#include <algorithm>
#include <cassert>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include <fmt/format.h>

namespace masktag {
namespace {

std::string record_place(const std::string& input, const TitleRecord& record) {
    return record.column > 0 ? fmt::format("{}:{}:{}", input, record.line_number, record.column)
                             : fmt::format("{}:{}", input, record.line_number);
}

// A record copied out of the reader, so a worker can label it after the reader moved on.
struct OwnedRecord {
    std::string title, error, line;
    std::vector<std::string> fields;
    TitleFormat format = TitleFormat::text;
    std::size_t line_number = 0, column = 0, title_column = 0;
    std::string_view title_member;  // points at the reader's options or a constant: outlives the record
    bool has_object = false;        // the reader parsed the line into an object the output copies
    bool partial = false;           // a CSV row whose fields do not hold all of it

    void assign(const TitleRecord& r) {
        title = r.title;
        error = r.error;
        line.assign(r.line);
        fields.assign(r.fields.begin(), r.fields.end());
        format = r.format;
        line_number = r.line_number;
        column = r.column;
        title_column = r.title_column;
        title_member = r.title_member;
        has_object = r.object.valid();
        partial = r.partial;
    }
    // The bytes this record holds, for the bound on chunks in flight.
    std::size_t bytes() const {
        std::size_t n = title.size() + error.size() + line.size();
        for (const std::string& f : fields) n += f.size();
        return n;
    }
};

constexpr std::size_t kChunkRecords = 1024;
// A chunk also closes once its records hold kChunkBytes: counting records alone let
// 1,024 records of up to a MiB each be in one chunk (7.4 GB for 2 threads).
constexpr std::size_t kChunkBytes = std::size_t{1} << 20;
// A recycled chunk gives back strings that grew past this, so a slot that once held a
// long record does not keep its memory while holding short ones.
constexpr std::size_t kKeptCapacity = 1024;

void release_if_large(std::string& s) {
    if (s.capacity() > kKeptCapacity) std::string().swap(s);
}

struct Chunk {
    std::vector<OwnedRecord> records;
    std::size_t size = 0;               // records in use
    std::string output;                 // the labeled records' output, in order
    std::vector<std::size_t> ends;      // where each record's output ends in `output`
    std::vector<std::size_t> failures;  // indices of records that could not be labeled
    bool done = false;

    // Ensures: the memory of long records and a long output is given back.
    void release_large() {
        for (std::size_t i = 0; i < size; ++i) {
            OwnedRecord& r = records[i];
            release_if_large(r.title);
            release_if_large(r.error);
            release_if_large(r.line);
            for (std::string& f : r.fields) release_if_large(f);
        }
        if (output.capacity() > 2 * kChunkBytes) std::string().swap(output);
    }
};

// Rebuilds the view a writer needs from an owned record; JSON lines are parsed again,
// here in the worker, for the members the output copies.
void view(const OwnedRecord& owned, json::Document& document, TitleRecord& record) {
    record.title = owned.title;
    record.error = owned.error;
    record.line = owned.line;
    record.format = owned.format;
    record.line_number = owned.line_number;
    record.column = owned.column;
    record.title_column = owned.title_column;
    record.title_member = owned.title_member;
    record.partial = owned.partial;
    record.fields.assign(owned.fields.begin(), owned.fields.end());
    record.object = json::Value();
    // Only where the reader had an object: a line it refused (invalid UTF-8 in a member)
    // may still parse, and its members must not be copied.
    json::ParseError ignored;
    if (owned.has_object && document.parse(owned.line, ignored) && document.root().kind() == json::Kind::object)
        record.object = document.root();
}

}  // namespace

RecordLabeler::RecordLabeler(const Model& model, OutputFormat format, bool details, const std::string& prefix)
    : predictor_(model), writer_(make_writer(format, model.labels, prefix)), details_(details) {}

void RecordLabeler::start_input(const std::vector<std::string>& columns, std::string& out) {
    writer_->header(columns, out);
}

bool RecordLabeler::label(const TitleRecord& record, std::string& out) {
    if (!record.error.empty()) {
        writer_->failed(record, out);
        return false;
    }
    tokenize(record.title, tokens_);
    predictor_.predict(record.title, tokens_, labels_);
    Prediction prediction;
    prediction.tokens = tokens_;
    prediction.labels = labels_;
    // Only --details writes the labeling's probability: without it, its work is skipped.
    if (details_)
        prediction.probability = predictor_.confidence(labels_, marginals_, best_marginals_);
    else
        predictor_.marginals(labels_, marginals_, best_marginals_);
    prediction.confidence = mean_confidence(best_marginals_);
    prediction.details = details_;
    prediction.marginals = marginals_;
    writer_->labeled(record, prediction, out);
    return true;
}

namespace {

// Labels records on several threads and writes them in input order. threads - 1 workers
// take chunks in order from `pending_`; the calling thread reads chunks, labels one itself
// whenever it would otherwise wait, and writes the oldest chunk once it is done: as many
// threads label as were asked for, and no more are busy than that. At most 2 * threads
// chunks are in flight, each of at most kChunkRecords records and kChunkBytes (plus its
// last record). Locking: mutex_ guards pending_, closing_, worker_failure_ and every
// chunk's `done`; a chunk's records and output belong to whoever took it from pending_
// until it is done, then to the calling thread.
class OrderedLabeling {
public:
    OrderedLabeling(TitleReader& reader, const std::string& input_name, unsigned threads,
                    std::vector<std::unique_ptr<RecordLabeler>>& labelers,
                    const std::function<void(std::string_view)>& write,
                    const std::function<bool(const RecordFailure&)>& failed,
                    const std::function<void(std::size_t)>& written)
        : reader_(reader),
          input_name_(input_name),
          threads_(threads),
          labelers_(labelers),
          write_(write),
          failed_(failed),
          written_(written) {
        for (unsigned t = 1; t < threads_; ++t)
            workers_.emplace_back(&OrderedLabeling::work, this, std::ref(*labelers_[t]));
    }
    OrderedLabeling(const OrderedLabeling&) = delete;
    OrderedLabeling& operator=(const OrderedLabeling&) = delete;
    // Ensures: every worker has stopped, whether run() returned or threw.
    ~OrderedLabeling() { stop_workers(); }

    // Ensures: every record read and written in order; false when `failed` stopped it.
    bool run() {
        bool more = true;
        while (more) {
            std::unique_ptr<Chunk> chunk = reuse_or_make_chunk();
            more = fill(*chunk);
            if (chunk->size > 0) submit(std::move(chunk));
            while (in_flight_.size() >= 2 * threads_ || (!more && !in_flight_.empty()))
                if (!write_oldest()) return false;
        }
        return true;
    }

private:
    struct Scratch {
        json::Document document;
        TitleRecord record;
        std::string out;
    };

    // A worker thread: labels pending chunks until closing.
    void work(RecordLabeler& labeler) {
        Scratch scratch;
        while (Chunk* chunk = take_pending(true)) label_chunk(chunk, labeler, scratch);
    }

    // Ensures: the oldest pending chunk, taken; nullptr when there is none and, if `wait`,
    // once closing.
    Chunk* take_pending(bool wait) {
        std::unique_lock lock(mutex_);
        if (wait) work_ready_.wait(lock, [&] { return closing_ || !pending_.empty(); });
        if (pending_.empty()) return nullptr;
        Chunk* chunk = pending_.front();
        pending_.pop_front();
        return chunk;
    }

    // Labels `chunk` with `labeler`; a failure is kept for the calling thread to rethrow.
    void label_chunk(Chunk* chunk, RecordLabeler& labeler, Scratch& scratch) {
        try {
            chunk->output.clear();
            chunk->ends.clear();
            chunk->failures.clear();
            for (std::size_t i = 0; i < chunk->size; ++i) {
                view(chunk->records[i], scratch.document, scratch.record);
                if (!labeler.label(scratch.record, scratch.out)) chunk->failures.push_back(i);
                chunk->output += scratch.out;
                chunk->ends.push_back(chunk->output.size());
            }
        } catch (...) {
            std::lock_guard lock(mutex_);
            if (!worker_failure_) worker_failure_ = std::current_exception();
        }
        std::lock_guard lock(mutex_);
        chunk->done = true;
        chunk_done_.notify_all();
    }

    void stop_workers() {
        {
            std::lock_guard lock(mutex_);
            closing_ = true;
            pending_.clear();
        }
        work_ready_.notify_all();
        for (auto& w : workers_)
            if (w.joinable()) w.join();
    }

    std::unique_ptr<Chunk> reuse_or_make_chunk() {
        std::unique_ptr<Chunk> chunk;
        if (!spare_.empty()) {
            chunk = std::move(spare_.back());
            spare_.pop_back();
        } else {
            chunk = std::make_unique<Chunk>();
            chunk->records.resize(kChunkRecords);
        }
        chunk->size = 0;
        chunk->done = false;
        return chunk;
    }

    // Ensures: `chunk` holds the next records, up to its bounds; false once the input ended.
    bool fill(Chunk& chunk) {
        std::size_t bytes = 0;
        while (chunk.size < kChunkRecords && bytes < kChunkBytes) {
            if (!reader_.next(record_)) return false;
            OwnedRecord& slot = chunk.records[chunk.size++];
            slot.assign(record_);
            bytes += slot.bytes();
        }
        return true;
    }

    void submit(std::unique_ptr<Chunk> chunk) {
        {
            std::lock_guard lock(mutex_);
            pending_.push_back(chunk.get());
        }
        work_ready_.notify_one();
        in_flight_.push_back(std::move(chunk));
    }

    // Ensures: `chunk` is done, this thread having labeled pending chunks meanwhile.
    void wait_for(Chunk* chunk) {
        std::unique_lock lock(mutex_);
        while (!chunk->done) {
            if (pending_.empty()) {
                chunk_done_.wait(lock, [&] { return chunk->done || !pending_.empty(); });
                continue;
            }
            Chunk* next = pending_.front();
            pending_.pop_front();
            lock.unlock();
            label_chunk(next, *labelers_[0], own_scratch_);
            lock.lock();
        }
        if (worker_failure_) std::rethrow_exception(worker_failure_);
    }

    // Writes the oldest chunk once it is done; returns false when a failure stops the run.
    bool write_oldest() {
        Chunk* chunk = in_flight_.front().get();
        wait_for(chunk);
        if (chunk->failures.empty()) {  // the common case: the whole chunk in one write
            write_(chunk->output);
            count(chunk->size);
        } else if (!write_each(*chunk)) {
            return false;
        }
        chunk->release_large();
        spare_.push_back(std::move(in_flight_.front()));
        in_flight_.pop_front();
        return true;
    }

    // Writes a chunk with failed records record by record, each failure reported first.
    bool write_each(const Chunk& chunk) {
        std::size_t start = 0, next_failure = 0;
        for (std::size_t i = 0; i < chunk.size; ++i) {
            if (next_failure < chunk.failures.size() && chunk.failures[next_failure] == i) {
                ++next_failure;
                const OwnedRecord& r = chunk.records[i];
                TitleRecord failed_record;
                failed_record.line_number = r.line_number;
                failed_record.column = r.column;
                if (!failed_({r.error, record_place(input_name_, failed_record)})) return false;
            }
            write_(std::string_view(chunk.output).substr(start, chunk.ends[i] - start));
            count(1);
            start = chunk.ends[i];
        }
        return true;
    }

    void count(std::size_t records) {
        if (written_) written_(records);
    }

    TitleReader& reader_;
    const std::string& input_name_;
    const unsigned threads_;
    std::vector<std::unique_ptr<RecordLabeler>>& labelers_;
    const std::function<void(std::string_view)>& write_;
    const std::function<bool(const RecordFailure&)>& failed_;
    const std::function<void(std::size_t)>& written_;
    TitleRecord record_;   // the reader's current record
    Scratch own_scratch_;  // the calling thread's, for the chunks it labels itself

    std::mutex mutex_;
    std::condition_variable work_ready_, chunk_done_;
    std::deque<Chunk*> pending_;
    bool closing_ = false;
    std::exception_ptr worker_failure_;
    std::deque<std::unique_ptr<Chunk>> in_flight_;  // the calling thread's alone
    std::vector<std::unique_ptr<Chunk>> spare_;     // the calling thread's alone
    std::vector<std::thread> workers_;              // started in the constructor's body, once every member is built
};

}  // namespace

bool label_records(TitleReader& reader, const std::string& input_name, unsigned threads,
                   std::vector<std::unique_ptr<RecordLabeler>>& labelers,
                   const std::function<void(std::string_view)>& write,
                   const std::function<bool(const RecordFailure&)>& failed,
                   const std::function<void(std::size_t)>& written, std::size_t batch_bytes) {
    assert(labelers.size() == std::max(threads, 1u));  // Requires (checked in the asan and tsan builds)
    if (threads <= 1) {
        TitleRecord record;
        std::string buffer, pending;  // `pending`: the records not yet written, `held` of them
        std::size_t held = 0;
        const auto flush = [&] {
            if (held == 0) return;
            write(pending);
            pending.clear();
            if (written) written(held);
            held = 0;
        };
        try {
            while (reader.next(record)) {
                if (!record.error.empty()) {
                    flush();  // what came before a failed record is out before `failed` may stop the run
                    if (!failed({record.error, record_place(input_name, record)})) return false;
                }
                labelers[0]->label(record, buffer);
                pending += buffer;
                ++held;
                if (pending.size() >= batch_bytes) flush();
            }
        } catch (...) {
            // A read that fails outright (an I/O error, input that cannot go on) still lets
            // the records labeled before it out, as writing each at once did; the first
            // error is the one reported.
            try {
                flush();
            } catch (...) {
            }
            throw;
        }
        flush();
        return true;
    }
    OrderedLabeling labeling(reader, input_name, threads, labelers, write, failed, written);
    return labeling.run();
}

}  // namespace masktag
