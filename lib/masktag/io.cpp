#include "masktag/io.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "masktag/error.h"

namespace masktag {
namespace {

// Temporary paths the signal handler removes. Fixed-size static storage, because a signal
// handler may not allocate or lock.
constexpr int kSignalSlots = 16;
constexpr std::size_t kSlotBytes = 4096;
char g_temp_paths[kSignalSlots][kSlotBytes];
volatile std::sig_atomic_t g_slot_used[kSignalSlots];

int register_temporary(const std::string& path) {
    if (path.size() >= kSlotBytes) return -1;
    for (int i = 0; i < kSignalSlots; ++i) {
        if (g_slot_used[i]) continue;
        std::memcpy(g_temp_paths[i], path.c_str(), path.size() + 1);
        g_slot_used[i] = 1;
        return i;
    }
    return -1;
}

void unregister_temporary(int slot) {
    if (slot >= 0) g_slot_used[slot] = 0;
}

extern "C" void remove_temporaries_and_die(int signal_number) {
    for (int i = 0; i < kSignalSlots; ++i)
        if (g_slot_used[i]) unlink(g_temp_paths[i]);
    std::signal(signal_number, SIG_DFL);
    std::raise(signal_number);
}

}  // namespace

void open_standard_descriptors() {
    for (const int descriptor : {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO}) {
        if (fcntl(descriptor, F_GETFD) != -1 || errno != EBADF) continue;
        const int flags = descriptor == STDERR_FILENO ? O_WRONLY : O_RDONLY;
        const int opened = open("/dev/null", flags);
        if (opened < 0 || opened == descriptor) continue;  // lowest free number: normally `descriptor`
        dup2(opened, descriptor);
        close(opened);
    }
}

void print_message(std::string_view text) {
    // fwrite, not fmt::print: fmt throws when the write fails.
    std::fwrite(text.data(), 1, text.size(), stderr);
    std::fflush(stderr);
    std::clearerr(stderr);
}

void throw_write_error(int error, std::string_view what, const std::string& name) {
    if (error == EPIPE) throw BrokenPipe{};
    throw Error(fmt::format("cannot write {}: {}", what, std::strerror(error)), name);
}

void write_or_throw(std::FILE* stream, std::string_view data, const std::string& name, std::string_view what) {
    if (std::fwrite(data.data(), 1, data.size(), stream) != data.size()) throw_write_error(errno, what, name);
}

void flush_or_throw(std::FILE* stream, const std::string& name) {
    if (std::fflush(stream) != 0) throw_write_error(errno, "output", name);
}

bool starts_with_utf16_mark(std::string_view start) {
    return start.starts_with("\xFF\xFE") || start.starts_with("\xFE\xFF");
}

bool looks_like_unmarked_utf16(std::string_view line) {
    if (line.size() < 4) return false;
    bool odd_zero = true, even_zero = true;
    for (std::size_t i = 0; i < line.size(); ++i) (i % 2 ? odd_zero : even_zero) &= line[i] == '\0';
    return odd_zero || even_zero;
}

Error model_as_data_error(const std::string& name) {
    const std::string shown = name == "<stdin>" ? "MODEL" : name;
    return Error(fmt::format("this is a masktag model file, not data: give a model with -m (for example "
                             "'masktag predict -m {} titles.txt'), and titles or labeled titles as inputs",
                             shown),
                 name);
}

Error utf16_error(const std::string& name, bool marked) {
    if (!marked)
        return Error(
            "the input looks like UTF-16 without a byte order mark (every other byte of its first line is "
            "0); masktag reads UTF-8: convert it first, e.g. iconv -f UTF-16LE -t UTF-8 FILE > FILE.utf8 "
            "(UTF-16BE if the 0 bytes come first)",
            name);
    return Error(
        "the input is UTF-16 (it starts with a UTF-16 byte order mark); masktag reads UTF-8: convert it "
        "first, e.g. iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8",
        name);
}

namespace {

std::optional<FileId> regular_id(const struct stat& info) {
    if (!S_ISREG(info.st_mode)) return std::nullopt;
    return FileId{info.st_dev, info.st_ino};
}

}  // namespace

std::optional<FileId> regular_file_id(const std::string& path) {
    if (path == "-") return regular_file_id(STDIN_FILENO);
    struct stat info;
    if (stat(path.c_str(), &info) != 0) return std::nullopt;
    return regular_id(info);
}

std::optional<FileId> regular_file_id(int descriptor) {
    struct stat info;
    if (fstat(descriptor, &info) != 0) return std::nullopt;
    return regular_id(info);
}

void remove_temporary_files_on_signals() {
    for (const int s : {SIGINT, SIGTERM, SIGHUP}) std::signal(s, remove_temporaries_and_die);
}

std::string input_name(const std::string& path) { return path == "-" ? "<stdin>" : path; }

InputFile::InputFile(const std::string& path, const std::string& what) : name_(input_name(path)) {
    if (path == "-") {
        stream_ = stdin;
        return;
    }
    stream_ = std::fopen(path.c_str(), "rb");
    if (stream_ == nullptr) throw Error("cannot open " + what + ": " + std::strerror(errno), path);
    owned_ = true;
    // Read 64 KiB at a time, not stdio's 4 KiB: a read call per 4 KiB was a tenth of
    // predict's system time on a large file. (The buffer outlives fclose: see ~InputFile.)
    buffer_ = std::make_unique<char[]>(kBufferBytes);
    std::setvbuf(stream_, buffer_.get(), _IOFBF, kBufferBytes);
    struct stat info;
    if (fstat(fileno(stream_), &info) == 0 && S_ISDIR(info.st_mode)) {
        std::fclose(stream_);
        owned_ = false;
        throw Error("cannot read " + what + ": it is a directory", path);
    }
}

InputFile::~InputFile() {
    if (owned_) std::fclose(stream_);
}

std::string read_whole_file(const std::string& path, const std::string& what) {
    InputFile input(path, what);
    std::string data;
    char buffer[1 << 16];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, input.stream())) > 0) data.append(buffer, n);
    if (std::ferror(input.stream())) throw Error("cannot read " + what + ": " + std::strerror(errno), input.name());
    return data;
}

bool LineReader::next(std::string& line) {
    line.clear();
    too_long_ = false;
    int c;
    bool any = false;
    const auto keep = [&](const char* bytes, std::size_t size) {
        if (!too_long_ && line.size() + size > kMaxLineBytes) {
            too_long_ = true;
            line.clear();
            line.shrink_to_fit();
        }
        if (!too_long_) line.append(bytes, size);
    };
    // getc_unlocked: one reader per stream, and locking per byte would dominate. No
    // read-ahead past the newline: the CSV reader may take over the stream after it.
    for (;;) {
#ifdef __GLIBC__
        // The bytes already in the stream's buffer are what getc_unlocked would return one
        // by one: taken in one go, up to the line's end, and the buffer's read position
        // moved past them (and the end), as getc_unlocked would.
        if (stream_->_IO_read_ptr < stream_->_IO_read_end) {
            const char* begin = stream_->_IO_read_ptr;
            const std::size_t size = static_cast<std::size_t>(stream_->_IO_read_end - begin);
            const auto* newline = static_cast<const char*>(std::memchr(begin, '\n', size));
            const char* stop = newline != nullptr ? newline : begin + size;
            if (const auto* cr =
                    static_cast<const char*>(std::memchr(begin, '\r', static_cast<std::size_t>(stop - begin))))
                stop = cr;
            any = true;
            keep(begin, static_cast<std::size_t>(stop - begin));
            if (stop == begin + size) {  // no line end in the buffer: read on
                stream_->_IO_read_ptr = const_cast<char*>(stop);
                continue;
            }
            stream_->_IO_read_ptr = const_cast<char*>(stop + 1);
            if (*stop == '\r') {  // CRLF, or a lone CR: the byte after it is given back unless it is LF
                const int after = getc_unlocked(stream_);
                if (after != '\n' && after != EOF) ungetc(after, stream_);
            }
            break;
        }
#endif
        if ((c = getc_unlocked(stream_)) == EOF) break;
        any = true;
        if (c == '\n') break;
        if (c == '\r') {  // CRLF, or a lone CR: the byte after it is given back unless it is LF
            const int after = getc_unlocked(stream_);
            if (after != '\n' && after != EOF) ungetc(after, stream_);
            break;
        }
        const char byte = static_cast<char>(c);
        keep(&byte, 1);
    }
    if (std::ferror(stream_)) throw Error(std::string("read error: ") + std::strerror(errno));
    if (!any) return false;
    ++line_number_;
    return true;
}

namespace {

// Whether `path` names an already open descriptor rather than a file: /dev/stdout,
// /dev/stderr, /dev/fd/N, /proc/self/fd/N, /proc/<pid>/fd/N.
bool names_descriptor(std::string_view path) {
    if (path == "/dev/stdout" || path == "/dev/stderr" || path.starts_with("/dev/fd/")) return true;
    if (!path.starts_with("/proc/")) return false;
    const std::size_t slash = path.find('/', 6);
    return slash != std::string_view::npos && path.substr(slash).starts_with("/fd/");
}

// Ensures: the path of the file `path` names once symbolic links are followed; for a
// dangling link, the file it points to, which does not exist yet. Throws Error for a
// loop of links.
std::string follow_links(const std::string& path) {
    std::string file = path;
    for (int hops = 0; hops < 40; ++hops) {  // 40: Linux's own limit on links followed
        struct stat info;
        if (lstat(file.c_str(), &info) != 0 || !S_ISLNK(info.st_mode)) return file;
        std::string target(static_cast<std::size_t>(info.st_size > 0 ? info.st_size : 4096) + 1, '\0');
        const ssize_t n = readlink(file.c_str(), target.data(), target.size());
        if (n < 0) return file;
        target.resize(static_cast<std::size_t>(n));
        // A relative target is relative to the link's own directory.
        const std::size_t slash = file.rfind('/');
        file = target.starts_with('/') || slash == std::string::npos ? target : file.substr(0, slash + 1) + target;
    }
    throw Error("cannot write output: too many levels of symbolic links", path);
}

}  // namespace

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
    // Devices, FIFOs and sockets are written through (see the header), decided by what
    // the path is, not where it is: /dev/shm holds regular files.
    struct stat target;
    const bool exists = stat(path_.c_str(), &target) == 0;
    if (exists && S_ISDIR(target.st_mode)) throw Error("cannot write output: it is a directory", path_);
    if (names_descriptor(path_) || (exists && !S_ISREG(target.st_mode))) {
        // Appending: truncating /dev/stdout would cut what its file already holds.
        stream_ = std::fopen(path_.c_str(), "ab");
        if (stream_ == nullptr) throw Error(std::string("cannot open output: ") + std::strerror(errno), path_);
        return;
    }
    // A symbolic link stays a link: the file it points to is replaced (or created).
    const std::string file = follow_links(path_);
    replace_ = file;
    const std::size_t slash = file.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : file.substr(0, slash + 1);
    const std::string base = slash == std::string::npos ? file : file.substr(slash + 1);
    std::string pattern = (dir == "." ? "" : dir) + "." + base + ".tmp.XXXXXX";
    const int fd = mkstemp(pattern.data());
    if (fd < 0)
        throw Error(std::string("cannot create a temporary file next to the output: ") + std::strerror(errno), path_);
    // mkstemp creates the file 0600; give it the mode a plain create would (0666 less umask).
    const mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    temp_path_ = pattern;
    signal_slot_ = register_temporary(temp_path_);
    stream_ = fdopen(fd, "wb");
    if (stream_ == nullptr) {
        close(fd);
        std::remove(temp_path_.c_str());
        unregister_temporary(signal_slot_);
        throw Error(std::string("cannot open the temporary output: ") + std::strerror(errno), path_);
    }
}

AtomicFile::~AtomicFile() {
    if (stream_ != nullptr) {
        std::fclose(stream_);
        if (!temp_path_.empty()) std::remove(temp_path_.c_str());
    }
    if (signal_slot_ >= 0) unregister_temporary(signal_slot_);
}

void AtomicFile::commit() {
    if (temp_path_.empty()) {  // a device or FIFO, written directly: nothing to sync or rename
        const bool written = std::fflush(stream_) == 0 && !std::ferror(stream_);
        const int saved_errno = errno;
        const bool closed = std::fclose(stream_) == 0;
        stream_ = nullptr;
        if (!written || !closed) throw_write_error(written ? errno : saved_errno, "output", path_);
        return;
    }
    const bool written = std::fflush(stream_) == 0 && !std::ferror(stream_) && fsync(fileno(stream_)) == 0;
    const int saved_errno = errno;
    const bool closed = std::fclose(stream_) == 0;
    stream_ = nullptr;
    if (!written || !closed) {
        std::remove(temp_path_.c_str());
        throw Error(std::string("cannot write output: ") + std::strerror(written ? errno : saved_errno), path_);
    }
    if (std::rename(temp_path_.c_str(), replace_.c_str()) != 0) {
        const int rename_errno = errno;
        std::remove(temp_path_.c_str());
        throw Error(std::string("cannot rename the temporary output into place: ") + std::strerror(rename_errno),
                    path_);
    }
}

}  // namespace masktag
