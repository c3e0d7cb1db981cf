# frozen_string_literal: true

# masktag.rb: a Ruby client for masktag (Ruby's standard library only).
#
# It keeps one `masktag predict --line-buffered` process open and talks to it over pipes:
# one JSON line per title in ({"title": ...}, so a title may hold any character,
# line breaks included), one line out in the reference predictor's shape
# (`--output-format breathesafe`), in order:
#
#   require_relative "masktag"            # or copy this file into lib/ of your app
#   client = Masktag::Client.new          # binary: MASKTAG_BIN, else `masktag` on PATH
#   client.predict("3M Aura 9205+ N95")
#   # => {"mask_name"=>"3M Aura 9205+ N95", "tokens"=>["3M", "Aura", "9205+", "N95"],
#   #     "breakdown"=>[{"3M"=>"brand"}, {"Aura"=>"model"}, {"9205+"=>"model"}, {"N95"=>"filter_type"}],
#   #     "components"=>{"brand"=>["3M"], "color"=>[], "filter_type"=>["N95"], ...}, "confidence"=>0.9991}
#   client.predict_batch(["Envo Small", "3M 8210"])   # => [{...}, {...}], in order
#   client.close
#
# Options: Client.new(binary:, model:, timeout:). `model` is a model file (default: the
# model built into masktag); `timeout` is how many seconds to wait for masktag to make
# progress (read a title or answer one) before giving up.
#
# Behaviour:
# - The process starts on the first request (so creating a client in a Rails initializer
#   costs nothing), and again after a fork (a forked child never shares its parent's
#   pipes: it starts its own process).
# - One client serves any number of threads: requests take turns (a Mutex). For more
#   throughput from many threads, use one client per thread or a pool.
# - If the process has died (killed, crashed: EPIPE or end of file), the request starts a
#   new one and is retried once, from the first title not yet answered. If that one dies
#   too, Masktag::ProcessError, with the last lines masktag wrote on stderr.
# - No progress for `timeout` seconds: the process is killed and Masktag::TimeoutError is
#   raised; the next request starts a new process.
# - A title masktag cannot label (invalid UTF-8, a title over 1 MiB): `predict` raises
#   Masktag::RecordError, whose #result is masktag's record (the reference shape with
#   empty tokens and an "error" member); `predict_batch` does not raise for it, it returns
#   that record in that title's place, so one bad title never costs the batch.
# - A title that is not a String (nil, a number): TypeError, before anything is sent.
#   Strings in other encodings are converted to UTF-8 first; binary strings are sent as
#   their bytes.
# - stderr is read all the time by a thread (masktag warns there about each bad title), so
#   the process never blocks on a full pipe; the last 20 lines are kept for error messages.
# - A request that does not complete (Timeout.timeout, Thread#raise, Ctrl-C, any error)
#   kills the process, so no answer of it is ever read by a later request; the next
#   request starts a new process. Each request takes exactly one answer per title: more
#   output than that is a protocol error (ProcessError, and a new process next time).
# - `close` ends the process (closes its stdin, waits up to 2 s, then kills it); it is also
#   called at exit for every client not yet garbage-collected (clients are held weakly: a
#   client the app drops is collected and its masktag ends). A closed client starts a new
#   process if used again. A forked child closes its copies of every client's pipes at
#   once (Ruby 3.1's Process._fork), so a child that never uses a client does not keep its
#   masktag's stdin open.
require "json"
require "open3"

module Masktag
  class Error < StandardError; end

  # masktag could not be started, or died twice during one request.
  class ProcessError < Error; end

  # masktag made no progress for the client's timeout.
  class TimeoutError < Error; end

  # masktag could not label this title; #result is its record, with "error".
  class RecordError < Error
    attr_reader :result

    def initialize(message, result)
      super(message)
      @result = result
    end
  end

  # Every client not yet garbage-collected (weakly held, so the registry keeps none alive:
  # a client dropped by the app is collected, its pipes closed, and its masktag sees the end
  # of its input and exits). One at_exit closes them all; in a forked child, the pipes each
  # inherited are closed at once, so the parent's masktag never waits on a child that holds
  # its stdin open.
  @clients = ObjectSpace::WeakMap.new

  def self.register(client)
    @clients[client] = true
  end

  def self.each_client(&block)
    @clients.keys.each(&block)
  end

  # Process._fork (Ruby 3.1+) is what Kernel#fork, Process.fork and IO.popen("-") call.
  module ForkHook
    def _fork
      pid = super
      if pid.zero?
        Masktag.each_client do |client|
          client.__send__(:forget_inherited)
        rescue StandardError
          nil # fork itself succeeded; running? closes what is left on the client's next use
        end
      end
      pid
    end
  end
  Process.singleton_class.prepend(ForkHook) if Process.respond_to?(:_fork)

  at_exit do
    Masktag.each_client do |client|
      client.close
    rescue StandardError
      nil
    end
  end

  class Client
    DEFAULT_TIMEOUT = 10.0
    STDERR_LINES = 20
    IO_CHUNK = 1 << 16

    attr_reader :binary, :model, :timeout

    def initialize(binary: nil, model: nil, timeout: DEFAULT_TIMEOUT)
      @binary = binary || ENV["MASKTAG_BIN"] || "masktag"
      @model = model
      @timeout = Float(timeout)
      raise ArgumentError, "timeout must be positive" unless @timeout.positive?
      @mutex = Mutex.new
      @child = nil
      Masktag.register(self)
    end

    # The reference shape for one title (a Hash with string keys). Raises RecordError when
    # masktag reports an error for this title.
    def predict(name)
      result = predict_batch([name]).first
      raise RecordError.new("masktag: #{result["error"]}", result) if result.key?("error")
      result
    end

    # The reference shape for each title, in order. A title masktag cannot label gets its
    # error record (with "error") in its place.
    def predict_batch(names)
      requests = names.map { |name| request_line(name) }
      return [] if requests.empty?
      @mutex.synchronize { exchange(requests) }
    end

    # The process id of the running masktag, or nil when none is running.
    def pid
      @mutex.synchronize { @child && @child[:owner] == Process.pid ? @child[:wait].pid : nil }
    end

    # The last lines the current (or last) masktag process wrote on stderr.
    def stderr_tail
      @mutex.synchronize { @child ? @child[:stderr_tail].dup : [] }
    end

    # Ends the process: closes its input, waits up to 2 s for it to exit, then kills it.
    def close
      @mutex.synchronize { stop(graceful: true) }
      nil
    end

    private

    ESCAPES = (0..0x1f).to_h { |c| [c.chr, format("\\u%04x", c)] }
                       .merge("\"" => "\\\"", "\\" => "\\\\", "\n" => "\\n", "\r" => "\\r", "\t" => "\\t").freeze
    private_constant :ESCAPES

    # One JSON line {"title": NAME}. Bytes that are not valid UTF-8 are sent as they are,
    # so masktag reports the title as an error in its place instead of desyncing anything.
    def request_line(name)
      raise TypeError, "a title must be a String, not #{name.class}" unless name.is_a?(String)
      unless [Encoding::UTF_8, Encoding::BINARY, Encoding::US_ASCII].include?(name.encoding)
        name = name.encode(Encoding::UTF_8)
      end
      bytes = name.b
      bytes = bytes.gsub(/["\\\x00-\x1f]/n, ESCAPES) if bytes.match?(/["\\\x00-\x1f]/n)
      "{\"title\":\"#{bytes}\"}\n".b
    end

    # Sends the request lines and returns their answers. Holds @mutex.
    # Ensures: exactly requests.size answers, or an exception. Whenever the exchange does not
    # complete (an error, Timeout.timeout, Thread#raise, Interrupt mid-exchange), the process
    # is killed: it may still hold titles or answers of this request in its pipes, and the
    # next request would read them as its own.
    def exchange(requests)
      answers = []
      restarted = false
      completed = false
      begin
        # Output before any title is sent is no answer of ours (a masktag that wrote more
        # lines than it was sent titles): a protocol error; this request gets a new process.
        stop(graceful: false) if running? && stale_output?
        start unless running?
        talk(requests, answers)
      rescue Died => e
        reason = e.message
        tail = stop(graceful: false)
        raise ProcessError, "masktag died twice during one request (#{reason}); stderr: #{tail.join(" | ")}" if restarted
        restarted = true
        retry
      end
      completed = true
      answers
    ensure
      stop(graceful: false) unless completed
    end

    class Died < StandardError; end
    private_constant :Died

    def stale_output?
      return true unless @child[:buffer].empty?
      chunk = @child[:stdout].read_nonblock(IO_CHUNK, exception: false)
      chunk != :wait_readable # data, or nil: end of output (a dead process)
    rescue IOError, SystemCallError
      true
    end

    def running?
      return false unless @child
      return true if @child[:owner] == Process.pid
      forget_inherited
      false
    end

    # Inherited through fork: the parent's process. Leave it alone (it is not ours to stop),
    # close our copies of its pipes, and start our own process when one is needed. Called in
    # a forked child, where no other thread runs, so without @mutex (another thread of the
    # parent may have held it).
    def forget_inherited
      return unless @child && @child[:owner] != Process.pid
      @child.values_at(:stdin, :stdout, :stderr).each { |io| io.close if io && !io.closed? }
      @child = nil
    end

    def start
      command = [@binary, "predict", "--line-buffered", "--format", "jsonl", "--field", "title",
                 "--output-format", "breathesafe", "--on-error", "skip"]
      command += ["-m", @model] if @model
      begin
        stdin, stdout, stderr, wait = Open3.popen3(*command)
      rescue SystemCallError => e
        raise ProcessError, "cannot start #{@binary}: #{e.message}"
      end
      stdin.binmode
      stdin.sync = true
      stdout.binmode
      tail = []
      reader = Client.drain(stderr, tail)
      @child = { stdin: stdin, stdout: stdout, stderr: stderr, wait: wait, stderr_reader: reader,
                 stderr_tail: tail, buffer: String.new(encoding: Encoding::BINARY), owner: Process.pid }
    end

    # A thread that reads `stderr` to its end, keeping its last lines in `tail`. A class
    # method, so the thread's block does not hold the client (self): a running thread that
    # did would keep a dropped client, and so its masktag, alive forever.
    def self.drain(stderr, tail)
      Thread.new do
        stderr.each_line do |line|
          tail << line.chomp
          tail.shift while tail.size > STDERR_LINES
        end
      rescue IOError, SystemCallError
        nil
      end
    end

    # Ends the process (killed unless graceful) and returns its last stderr lines.
    def stop(graceful:)
      child = @child
      return [] unless child
      @child = nil
      return [] unless child[:owner] == Process.pid
      child[:stdin].close unless child[:stdin].closed?
      unless graceful && child[:wait].join(2)
        begin
          Process.kill(:KILL, child[:wait].pid)
        rescue SystemCallError
          nil
        end
        child[:wait].join
      end
      child[:stderr_reader].join(1)
      [child[:stdout], child[:stderr]].each { |io| io.close unless io.closed? }
      child[:stderr_tail].dup
    end

    # Writes the requests not yet answered and reads answers until each has one, writing
    # and reading at once, so no batch size can fill both pipes and deadlock.
    # Ensures: answers.size == requests.size and nothing left unread; more output than
    # answers asked for (one answer per title) is a protocol error (ProcessError).
    def talk(requests, answers)
      stdin = @child[:stdin]
      stdout = @child[:stdout]
      buffer = @child[:buffer]
      data = requests.drop(answers.size).join
      written = 0
      loop do
        while written < data.bytesize
          n = stdin.write_nonblock(data.byteslice(written, IO_CHUNK), exception: false)
          break if n == :wait_writable
          written += n
        end
        chunk = stdout.read_nonblock(IO_CHUNK, exception: false)
        if chunk.nil?
          raise Died, "end of its output"
        elsif chunk != :wait_readable
          buffer << chunk
          start = 0
          while (newline = buffer.index("\n", start))
            answers << parse(buffer.byteslice(start, newline - start))
            start = newline + 1
          end
          buffer.replace(buffer.byteslice(start, buffer.bytesize - start)) if start.positive?
          if answers.size > requests.size || (answers.size == requests.size && !buffer.empty?)
            raise ProcessError, "masktag wrote more answers than titles sent (#{requests.size} titles)"
          end
          return if answers.size == requests.size
          next
        end
        ready = IO.select([stdout], written < data.bytesize ? [stdin] : nil, nil, @timeout)
        next if ready
        stop(graceful: false)
        raise TimeoutError, "masktag made no progress for #{@timeout} s"
      end
    rescue Errno::EPIPE, Errno::ECONNRESET, IOError => e
      raise Died, e.message
    end

    def parse(line)
      JSON.parse(line.force_encoding(Encoding::UTF_8))
    rescue JSON::ParserError
      stop(graceful: false)
      raise ProcessError, "masktag wrote something that is not a JSON line: #{line[0, 200].inspect}"
    end
  end
end
