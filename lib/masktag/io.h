// File helpers: whole-file reads, atomic writes, and a buffered line reader.
#pragma once

#include <cstdio>
#include <optional>
#include <memory>
#include <string>
#include <string_view>
#include <sys/types.h>

#include "masktag/error.h"

namespace masktag {

// Ensures: descriptors 0, 1 and 2 are open, so that no file masktag opens later takes one
// of their numbers (a temporary output file opened as descriptor 2 would receive the
// warnings). Each closed one is opened on /dev/null: standard input reads as empty,
// standard error drops what is written, and standard output is opened read-only, so
// that writing the results there still fails as it would have (a closed stdout is an
// error, not a silent discard). Call it first in main, before any file is opened.
void open_standard_descriptors();

// Writes `text` to standard error. A message that cannot be written (stderr closed, on
// a full device, a closed pipe) is dropped: losing a message never stops the run.
void print_message(std::string_view text);

// The one place a failed write becomes an error. Throws BrokenPipe when `error` is EPIPE
// (the reader went away: masktag stops quietly, as `head` expects), else Error "cannot
// write <what>: <reason>" naming `name`.
[[noreturn]] void throw_write_error(int error, std::string_view what, const std::string& name);
// Ensures: `data` written to `stream`; else throw_write_error with errno.
void write_or_throw(std::FILE* stream, std::string_view data, const std::string& name,
                    std::string_view what = "output");
// Ensures: `stream` flushed; else throw_write_error with errno.
void flush_or_throw(std::FILE* stream, const std::string& name);

// Ensures: whether `start`, an input's first bytes, begins with a UTF-16 byte order mark
// (FF FE, little-endian, or FE FF, big-endian).
bool starts_with_utf16_mark(std::string_view start);
// Ensures: whether `line`, an input's first line, looks like UTF-16 without a byte order
// mark: 4 bytes or more, every other one 0 (ASCII text in UTF-16, LE or BE), which no
// line of UTF-8 text has.
bool looks_like_unmarked_utf16(std::string_view line);
// Ensures: the error for an input `name` that is UTF-16 (`marked`: by its byte order
// mark; else by its NUL bytes): what it is and how to convert it.
Error utf16_error(const std::string& name, bool marked = true);

// The first bytes of every masktag model file (see model.h).
inline constexpr std::string_view kModelMagic{"MASKTAG\x1a", 8};
// Ensures: the error for a model file `name` given where data was expected: what it is and
// that models go with -m.
Error model_as_data_error(const std::string& name);

// A regular file's identity: its device and inode.
struct FileId {
    dev_t device;
    ino_t inode;
    bool operator==(const FileId&) const = default;
};
// Ensures: the identity of the regular file `path` names (links followed; "-" is standard
// input), or nothing when there is none, or it is not a regular file (a terminal, a pipe,
// /dev/null: two of them being one file is no harm).
std::optional<FileId> regular_file_id(const std::string& path);
// The same for an open descriptor.
std::optional<FileId> regular_file_id(int descriptor);

// The display name of an input path: "<stdin>" for "-", else the path itself.
std::string input_name(const std::string& path);

// Ensures: the whole content of `path` ("-" reads standard input). Throws Error naming
// the file when it cannot be opened or read; `what` says what the file is ("input").
std::string read_whole_file(const std::string& path, const std::string& what = "input");

// Writes a file atomically: the data goes to a temporary file in the target's directory,
// which is flushed to disk and renamed over the target by commit(). If commit() is never
// called (an error, an exception), the temporary file is removed and the target is left
// exactly as it was. What is written directly instead is decided by the file, not by its
// path: a target that exists and is not a regular file (a character device such as
// /dev/null or /dev/full, a FIFO, a socket) is opened for appending and written as it
// comes, since renaming over it would replace the device with a file; and so is a path
// that names an open descriptor (/dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N),
// which may be a file the shell opened for appending (`-o /dev/stdout >> log`). Anything
// else, wherever it lives (/dev/shm included), is written atomically. A symbolic link
// stays a link: the file it points to is replaced, or created when the link dangles (the
// directory it points into must exist). A directory is an error.
class AtomicFile {
public:
    // Throws Error when the temporary file cannot be created.
    explicit AtomicFile(std::string path);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    std::FILE* stream() const { return stream_; }
    // Throws Error (naming the target) when writing, syncing or renaming fails.
    void commit();

private:
    std::string path_;
    std::string replace_;    // the file the rename replaces (path_, links resolved)
    std::string temp_path_;  // empty when writing the target directly
    std::FILE* stream_ = nullptr;
    int signal_slot_ = -1;  // where the signal handler finds temp_path_
};

// The longest line (or CSV record) masktag reads; a longer one is an error for that
// record, so memory stays bounded whatever the input.
inline constexpr std::size_t kMaxLineBytes = 1 << 20;

// Reads lines from a stream into a reused buffer. Line terminators ("\n", "\r\n", or a
// lone "\r" as old Mac files have) are removed; a last line without a terminator is
// still a line.
class LineReader {
public:
    explicit LineReader(std::FILE* stream) : stream_(stream) {}
    // Ensures: true and `line` holds the next line, or false at the end of input. A line
    // longer than kMaxLineBytes is read to its end but not kept: `line` is then empty and
    // too_long() is true. Throws Error on a read error.
    bool next(std::string& line);
    // 1-based number of the line last returned.
    std::size_t line_number() const { return line_number_; }
    bool too_long() const { return too_long_; }

private:
    std::FILE* stream_;
    std::size_t line_number_ = 0;
    bool too_long_ = false;
};

// Makes SIGINT, SIGTERM and SIGHUP remove the temporary files of unfinished AtomicFiles
// before the process dies of the signal, so an interrupted run leaves no partial output.
void remove_temporary_files_on_signals();

// Opens an input for reading ("-" is standard input) and closes it when done.
class InputFile {
public:
    // Throws Error naming the path when it cannot be opened; `what` says what it is.
    explicit InputFile(const std::string& path, const std::string& what = "input");
    ~InputFile();
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;
    std::FILE* stream() const { return stream_; }
    const std::string& name() const { return name_; }

private:
    static constexpr std::size_t kBufferBytes = 1 << 16;
    std::FILE* stream_ = nullptr;
    std::string name_;
    bool owned_ = false;
    std::unique_ptr<char[]> buffer_;  // an opened file's stdio buffer, freed after ~InputFile's fclose
};

}  // namespace masktag
