# frozen_string_literal: true

# Tests of the Ruby client (scripts/ruby/masktag.rb) against the real binary, with
# Debian's ruby and minitest. Usage: ruby ruby_client_test.rb MASKTAG SOURCE_DIR
# Every expected answer comes from running `masktag predict --output-format breathesafe`
# directly on the same titles, never from hard-coded guesses.
MASKTAG = File.expand_path(ARGV.shift || ENV.fetch("MASKTAG_BIN"))
SOURCE_DIR = File.expand_path(ARGV.shift || File.join(__dir__, ".."))

require "json"
require "open3"
require "timeout"
require "tmpdir"
require "minitest/autorun"
require File.join(SOURCE_DIR, "scripts/ruby/masktag")

class RubyClientTest < Minitest::Test
  KNOWN = ["3M Aura 9205+ N95", "Honeywell RU8800 Medium/Large for Medium nose", "Envo Mask Small"].freeze

  def setup
    @client = Masktag::Client.new(binary: MASKTAG, timeout: 20)
    @tmp = Dir.mktmpdir("masktag-ruby")
  end

  def teardown
    @client.close
    FileUtils.rm_rf(@tmp)
  end

  # The one-shot CLI's answers for titles, as text lines (titles without line breaks).
  def cli_text(titles, *args)
    out, status = Open3.capture2(MASKTAG, "predict", "--format", "text", "--output-format", "breathesafe", *args,
                                 stdin_data: titles.map { |t| "#{t}\n" }.join, binmode: true)
    assert status.success?, "masktag predict failed"
    out.force_encoding(Encoding::UTF_8).lines.map { |line| JSON.parse(line) }
  end

  # The one-shot CLI's answers for titles given as JSON lines (any title).
  def cli_jsonl(titles)
    input = titles.map { |t| "#{JSON.generate({ "title" => t })}\n" }.join
    out, = Open3.capture2(MASKTAG, "predict", "--format", "jsonl", "--output-format", "breathesafe",
                          stdin_data: input, binmode: true)
    out.force_encoding(Encoding::UTF_8).lines.map { |line| JSON.parse(line) }
  end

  def generated(count, seed)
    out, status = Open3.capture2("perl", File.join(SOURCE_DIR, "scripts/generate_titles.pl"),
                                 "--count", count.to_s, "--seed", seed.to_s, "--format", "text")
    assert status.success?
    out.force_encoding(Encoding::UTF_8).lines(chomp: true)
  end

  def fake_binary(name, body)
    path = File.join(@tmp, name)
    File.write(path, "#!/bin/sh\n#{body}\n")
    File.chmod(0o755, path)
    path
  end

  def test_predict_gives_the_reference_shape_and_the_cli_answer
    expected = cli_text(KNOWN)
    KNOWN.each_with_index do |title, i|
      result = @client.predict(title)
      assert_equal expected[i], result
      assert_equal %w[mask_name tokens breakdown components confidence], result.keys
      assert_equal title, result["mask_name"]
      assert_equal result["tokens"], result["breakdown"].map { |pair| pair.keys.first }
      assert_equal %w[brand color filter_type misc model size strap style valved], result["components"].keys.sort
      assert_kind_of Float, result["confidence"]
    end
    assert_equal ["3M"], @client.predict(KNOWN[0])["components"]["brand"]
  end

  def test_predict_batch_of_1000_generated_titles_equals_the_one_shot_cli
    titles = generated(1000, 11)
    assert_equal 1000, titles.size
    expected = cli_text(titles)
    assert_equal 1000, expected.size
    assert_equal expected, @client.predict_batch(titles)
    assert_equal expected.first(10), titles.first(10).map { |t| @client.predict(t) }
    assert_equal [], @client.predict_batch([])
  end

  def test_a_model_file
    client = Masktag::Client.new(binary: MASKTAG, model: File.join(SOURCE_DIR, "models/default.model"))
    assert_equal cli_text(KNOWN), client.predict_batch(KNOWN)
  ensure
    client&.close
  end

  def test_any_characters_in_a_title
    titles = ["two\nlines", "carriage\rreturn", "crlf\r\nend", "tab\there", "quote \"Q\" 'a'", "back\\slash",
              "Maßké 😷 N95", "\u0001control\u001f", "u2028\u2028sep", "", " ", "{\"title\": \"x\"}", "trailing\n"]
    expected = cli_jsonl(titles)
    assert_equal titles.size, expected.size
    assert_equal expected, @client.predict_batch(titles)
    titles.each_with_index do |title, i|
      result = @client.predict(title)
      assert_equal expected[i], result
      assert_equal title, result["mask_name"]
    end
    # Plain titles give the same answers as text input would.
    assert_equal cli_text(KNOWN), @client.predict_batch(KNOWN)
    # Other encodings are converted to UTF-8 first.
    assert_equal @client.predict("Maßké N95"), @client.predict("Maßké N95".encode(Encoding::ISO_8859_1))
  end

  def test_a_title_masktag_cannot_label
    error = assert_raises(Masktag::RecordError) { @client.predict("bad \xff byte".b) }
    assert_match(/not valid UTF-8/, error.message)
    assert_equal [], error.result["tokens"]
    assert_match(/not valid UTF-8/, error.result["error"])
    # In a batch: the error record in its place, its neighbours answered.
    batch = @client.predict_batch([KNOWN[0], "x \xc3 y".b, KNOWN[1]])
    assert_equal cli_text([KNOWN[0], KNOWN[1]]), [batch[0], batch[2]]
    assert batch[1].key?("error")
    # A title over masktag's 1 MiB line limit.
    batch = @client.predict_batch(["a" * (1 << 20), KNOWN[2]])
    assert batch[0].key?("error")
    assert_equal cli_text([KNOWN[2]]), [batch[1]]
    # Thousands of warnings on stderr never block the process (stderr is drained).
    batch = @client.predict_batch(Array.new(5000) { |i| "t#{i} \xff".b } + [KNOWN[0]])
    assert_equal 5000, batch.count { |r| r.key?("error") }
    assert_equal cli_text([KNOWN[0]]), [batch.last]
    assert_match(/warning/, @client.stderr_tail.last)
    assert_equal cli_text(KNOWN), @client.predict_batch(KNOWN)
  end

  def test_not_a_string
    assert_raises(TypeError) { @client.predict(nil) }
    assert_raises(TypeError) { @client.predict_batch(["ok", 42]) }
    assert_nil @client.pid, "nothing was sent"
  end

  def test_restart_after_the_process_is_killed
    expected = cli_text(KNOWN)
    assert_equal expected[0], @client.predict(KNOWN[0])
    first = @client.pid
    Process.kill(:KILL, first)
    sleep 0.05
    assert_equal expected[1], @client.predict(KNOWN[1])
    refute_equal first, @client.pid
    Process.kill(:KILL, @client.pid)
    assert_equal expected, @client.predict_batch(KNOWN)
  end

  def test_killed_in_the_middle_of_a_large_batch
    titles = generated(20_000, 12)
    expected = cli_text(titles)
    @client.predict("warm up")
    victim = @client.pid
    killer = Thread.new do
      sleep 0.05
      Process.kill(:KILL, victim)
    end
    assert_equal expected, @client.predict_batch(titles) # 20,000 answers: far more than a pipe holds
    killer.join
    assert_equal expected.first, @client.predict(titles.first)
    refute_equal victim, @client.pid
  end

  def test_a_batch_resumes_where_the_dead_process_stopped
    titles = generated(3000, 14)
    expected = cli_text(titles)
    # The first process answers 1,000 titles and ends; the next one is the real masktag.
    marker = File.join(@tmp, "died-once")
    binary = fake_binary("dies-once", <<~SH)
      if [ -e "#{marker}" ]; then exec "#{MASKTAG}" "$@"; fi
      : >"#{marker}"
      "#{MASKTAG}" "$@" | head -n 1000
    SH
    client = Masktag::Client.new(binary: binary)
    assert_equal expected, client.predict_batch(titles)
    assert File.exist?(marker)
  ensure
    client&.close
  end

  # An interrupted batch leaves answers in masktag's pipes; the next requests must never
  # read them as their own. The interruption (Thread#raise, as Timeout.timeout and Ctrl-C
  # do it) comes once masktag has written answers of the batch, so it is mid-exchange.
  def test_an_interrupted_batch_leaves_nothing_for_the_next_request
    titles = Array.new(50_000) { |i| "Interrupted #{i} N95" }
    expected = cli_text(KNOWN)
    [Timeout::Error, Interrupt].each do |error|
      assert_equal expected[2], @client.predict(KNOWN[2])
      pid = @client.pid
      written = -> { File.read("/proc/#{pid}/io")[/^wchar: (\d+)/, 1].to_i }
      before = written.call
      me = Thread.current
      interrupter = Thread.new do
        sleep 0.005 until written.call > before + 10_000
        me.raise(error)
      end
      assert_raises(error) { @client.predict_batch(titles) }
      interrupter.join
      assert_equal expected[0], @client.predict(KNOWN[0])
      batch = @client.predict_batch(KNOWN.first(2))
      assert_equal expected.first(2), batch
    end
  end

  # A masktag that answers each title twice, the second time a little later: a request
  # gets its own answer, never the previous title's second one (it is found before the
  # request is sent, and the process replaced).
  def test_more_answers_than_titles
    doubled = fake_binary("doubled", <<~SH)
      "#{MASKTAG}" "$@" | while IFS= read -r line; do printf '%s\n' "$line"; sleep 0.1; printf '%s\n' "$line"; done
    SH
    client = Masktag::Client.new(binary: doubled)
    expected = cli_text(KNOWN)
    pids = []
    3.times do |i|
      assert_equal expected[i], client.predict(KNOWN[i])
      pids << client.pid
      sleep 0.3
    end
    assert_equal 3, pids.uniq.size, "a process that wrote too much is replaced"
  ensure
    client&.close
  end

  def test_a_process_that_keeps_dying
    client = Masktag::Client.new(binary: fake_binary("dies", "echo 'masktag: it broke' >&2; exit 1"))
    error = assert_raises(Masktag::ProcessError) { client.predict("x") }
    assert_match(/died twice/, error.message)
    assert_match(/it broke/, error.message)
    client = Masktag::Client.new(binary: MASKTAG, model: File.join(@tmp, "no-such.model"))
    error = assert_raises(Masktag::ProcessError) { client.predict("x") }
    assert_match(/no-such.model/, error.message)
    client = Masktag::Client.new(binary: File.join(@tmp, "no-such-binary"))
    assert_raises(Masktag::ProcessError) { client.predict("x") }
  end

  def test_timeout
    client = Masktag::Client.new(binary: fake_binary("silent", "exec sleep 60"), timeout: 0.3)
    started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    assert_raises(Masktag::TimeoutError) { client.predict("x") }
    assert_operator Process.clock_gettime(Process::CLOCK_MONOTONIC) - started, :<, 5
    assert_nil client.pid, "the stuck process was killed"
  end

  def test_threads_share_one_client
    titles = generated(400, 13)
    expected = cli_text(titles)
    results = Array.new(4)
    threads = 4.times.map do |t|
      Thread.new do
        mine = titles.each_slice(100).to_a[t]
        results[t] = t.even? ? @client.predict_batch(mine) : mine.map { |title| @client.predict(title) }
      end
    end
    threads.each(&:join)
    assert_equal expected, results.flatten(1)
  end

  def test_a_forked_child_gets_its_own_process
    expected = cli_text(KNOWN)
    assert_equal expected[0], @client.predict(KNOWN[0])
    parent_masktag = @client.pid
    reader, writer = IO.pipe
    child = fork do
      reader.close
      ok = @client.predict(KNOWN[1]) == expected[1] && @client.pid != parent_masktag
      writer.write(ok ? "ok" : "wrong")
      writer.close
      exit!(0)
    end
    writer.close
    Process.wait(child)
    assert_equal "ok", reader.read
    assert_equal parent_masktag, @client.pid
    assert_equal expected[2], @client.predict(KNOWN[2])
  end

  # A forked child that never uses the client does not hold masktag's stdin open: closing
  # the client in the parent ends masktag at once (no 2 s wait, then a kill).
  def test_a_forked_child_that_never_uses_the_client
    @client.predict(KNOWN[0])
    pid = @client.pid
    child = fork do
      sleep 10
      exit!(0)
    end
    started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    @client.close
    assert_operator Process.clock_gettime(Process::CLOCK_MONOTONIC) - started, :<, 1.5
    assert_raises(Errno::ESRCH) { Process.kill(0, pid) }
  ensure
    if child
      Process.kill(:KILL, child)
      Process.wait(child)
    end
  end

  # A client the app drops is not kept alive (by an at_exit per client, or its stderr
  # thread): it is collected, and its masktag ends. The GC scans the stack conservatively,
  # so one or two may survive by chance; all ten surviving is a leak.
  def test_dropped_clients_are_collected_and_their_processes_end
    pids = Array.new(10) { used_and_dropped_client_pid }
    mine = -> { ObjectSpace.each_object(Masktag::Client).count { |c| c.timeout == 7.0 } }
    20.times do
      GC.start
      break if mine.call <= 2
      sleep 0.05
    end
    assert_operator mine.call, :<=, 2, "dropped clients were garbage-collected"
    alive = -> { pids.count { |pid| Process.kill(0, pid) && true rescue false } }
    40.times { alive.call > 2 ? sleep(0.05) : break }
    assert_operator alive.call, :<=, 2, "their masktag processes ended"
  end

  def used_and_dropped_client_pid
    client = Masktag::Client.new(binary: MASKTAG, timeout: 7)
    client.predict(KNOWN[0])
    client.pid
  end

  def test_close_ends_the_process_and_a_closed_client_starts_again
    @client.predict(KNOWN[0])
    pid = @client.pid
    @client.close
    assert_nil @client.pid
    assert_raises(Errno::ESRCH) { Process.kill(0, pid) }
    assert_equal cli_text([KNOWN[1]]), [@client.predict(KNOWN[1])]
  end

  def test_binary_from_the_environment
    saved = ENV["MASKTAG_BIN"]
    ENV["MASKTAG_BIN"] = MASKTAG
    client = Masktag::Client.new
    assert_equal MASKTAG, client.binary
    assert_equal cli_text([KNOWN[0]]), [client.predict(KNOWN[0])]
  ensure
    ENV["MASKTAG_BIN"] = saved
    client&.close
  end
end
