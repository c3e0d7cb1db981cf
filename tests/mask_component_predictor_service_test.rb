# frozen_string_literal: true

# Tests of the drop-in MaskComponentPredictorService (scripts/ruby/mask_component_predictor_service.rb)
# against the real binary, with Debian's ruby and minitest: the interface the Rails app's
# callers rely on, the fallback hash for every kind of failure, and the app's own two
# uses (renaming a mask, a bulk import in batches of 25).
# Usage: ruby mask_component_predictor_service_test.rb MASKTAG SOURCE_DIR
# Expected predictions come from `masktag predict --output-format breathesafe` run directly.
MASKTAG = File.expand_path(ARGV.shift || ENV.fetch("MASKTAG_BIN"))
SOURCE_DIR = File.expand_path(ARGV.shift || File.join(__dir__, ".."))

require "fileutils"
require "json"
require "open3"
require "tmpdir"
require "minitest/autorun"
require File.join(SOURCE_DIR, "scripts/ruby/mask_component_predictor_service")

class MaskComponentPredictorServiceTest < Minitest::Test
  Service = MaskComponentPredictorService
  KNOWN = ["3M Aura 9205+ N95", "Honeywell RU8800 Medium/Large for Medium nose", "Envo Mask Small"].freeze
  LABELS = %i[brand color filter_type misc model size strap style valved].freeze
  KEYS = %i[mask_name tokens breakdown components confidence fallback].freeze
  ENV_NAMES = %w[MASKTAG_BIN MASKTAG_MODEL MASKTAG_TIMEOUT USE_LAMBDA_PREDICTOR].freeze

  def setup
    @saved_env = ENV_NAMES.to_h { |name| [name, ENV[name]] }
    ENV_NAMES.each { |name| ENV.delete(name) }
    ENV["MASKTAG_BIN"] = MASKTAG
    Service.reset!
    @tmp = Dir.mktmpdir("masktag-service")
  end

  def teardown
    Service.reset!
    @saved_env.each { |name, value| ENV[name] = value }
    FileUtils.rm_rf(@tmp)
  end

  # The one-shot CLI's answers, converted to the service's shape (symbol keys).
  def expected_for(titles, *args)
    input = titles.map { |t| "#{JSON.generate({ "title" => t })}\n" }.join
    out, status = Open3.capture2(MASKTAG, "predict", "--format", "jsonl", "--output-format", "breathesafe", *args,
                                 stdin_data: input, binmode: true)
    assert status.success?, "masktag predict failed"
    out.force_encoding(Encoding::UTF_8).lines.map do |line|
      answer = JSON.parse(line)
      { mask_name: answer["mask_name"], tokens: answer["tokens"], breakdown: answer["breakdown"],
        components: answer["components"].transform_keys(&:to_sym), confidence: answer["confidence"], fallback: false }
    end
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

  def masktag_pid
    Service.send(:client).pid
  end

  # The fallback hash's shape: the reference's rule (brand, model, then misc), confidence
  # 0.0, fallback true, and an :error that says why.
  def assert_fallback(result, name, tokens, error_pattern)
    assert_equal KEYS + [:error], result.keys
    name.nil? ? assert_nil(result[:mask_name]) : assert_equal(name, result[:mask_name])
    assert_equal tokens, result[:tokens]
    assert_equal tokens.map { |t| { t => "misc" } }, result[:breakdown]
    components = LABELS.to_h { |l| [l, []] }.merge(brand: tokens.first(1), model: tokens.drop(1).first(1),
                                                      misc: tokens.drop(2))
    assert_equal components, result[:components]
    assert_equal LABELS.sort, result[:components].keys.sort
    assert_kind_of Float, result[:confidence]
    assert_equal 0.0, result[:confidence]
    assert_equal true, result[:fallback]
    assert_match error_pattern, result[:error]
  end

  def test_predict_has_symbol_keys_and_the_cli_answer
    expected = expected_for(KNOWN)
    KNOWN.each_with_index do |title, i|
      result = Service.predict(title)
      assert_equal expected[i], result
      assert_equal KEYS, result.keys
      assert_equal LABELS, result[:components].keys.sort
      assert(result[:components].keys.all?(Symbol))
      assert(result[:breakdown].all? { |pair| pair.size == 1 && pair.keys.first.is_a?(String) })
      assert_equal result[:tokens], result[:breakdown].map { |pair| pair.keys.first }
      assert_kind_of Float, result[:confidence]
      assert_equal false, result[:fallback]
    end
    assert_equal ["3M"], Service.predict(KNOWN[0])[:components][:brand]
    assert_equal [], Service.predict(KNOWN[0])[:components][:color], "empty labels are there too"
  end

  # A model the app trained on data where most labels never occur knows only those: the
  # nine label keys are there all the same.
  def test_components_have_all_nine_labels_whatever_the_model_knows
    data = File.join(@tmp, "three-labels.jsonl")
    File.write(data, %w[Envo Moldex Honeywell Flo Cambridge Vogmask].each_with_index.map do |brand, i|
      JSON.generate({ "title" => "#{brand} M#{i}0 mask", "labels" => %w[brand model misc] }) + "\n"
    end.join)
    model = File.join(@tmp, "three-labels.model")
    _, status = Open3.capture2e(MASKTAG, "train", data, "-o", model)
    assert status.success?
    ENV["MASKTAG_MODEL"] = model
    result = Service.predict("Envo M70 mask")
    assert_equal false, result[:fallback]
    assert_equal LABELS, result[:components].keys.sort
    assert_equal [], result[:components][:filter_type]
    assert_equal result[:tokens].size, result[:components].values.sum(&:size)
  end

  def test_predict_batch_keeps_order_and_length
    titles = generated(300, 21)
    assert_equal expected_for(titles), Service.predict_batch(titles)
    assert_equal [], Service.predict_batch([])
    assert_equal [], Service.predict_batch(nil)
  end

  def test_binary_missing
    ENV["MASKTAG_BIN"] = File.join(@tmp, "no-such-masktag")
    name = "Honeywell RU8800 Medium/Large for Medium nose"
    assert_fallback(Service.predict(name), name, %w[Honeywell RU8800 Medium/Large for Medium nose],
                    /cannot start .*no-such-masktag/)
    batch = Service.predict_batch(KNOWN)
    assert_equal KNOWN, batch.map { |r| r[:mask_name] }
    assert(batch.all? { |r| r[:fallback] })
  end

  def test_model_missing
    ENV["MASKTAG_MODEL"] = File.join(@tmp, "no-such.model")
    assert_fallback(Service.predict("Envo Mask Small"), "Envo Mask Small", %w[Envo Mask Small], /no-such\.model/)
  end

  # masktag killed every time it is started, in the middle of the request: the client
  # restarts it once, then gives up; the service falls back.
  def test_killed_mid_request
    ENV["MASKTAG_BIN"] = fake_binary("killed", "read line\nkill -9 $$")
    assert_fallback(Service.predict("Envo Mask Small"), "Envo Mask Small", %w[Envo Mask Small], /died twice/)
    batch = Service.predict_batch(KNOWN)
    assert_equal 3, batch.size
    assert(batch.all? { |r| r[:fallback] && r[:error].match?(/died twice/) })
  end

  # Killed once in the middle of a batch (after 4 answers): the client starts a new
  # masktag and resumes, so every name gets its real prediction, none a fallback.
  def test_killed_once_mid_batch_recovers
    titles = generated(12, 22)
    marker = File.join(@tmp, "killed-once")
    ENV["MASKTAG_BIN"] = fake_binary("killed-once", <<~SH)
      if [ -e "#{marker}" ]; then exec "#{MASKTAG}" "$@"; fi
      : >"#{marker}"
      "#{MASKTAG}" "$@" | head -n 4
      kill -9 $$
    SH
    assert_equal expected_for(titles), Service.predict_batch(titles)
    assert File.exist?(marker), "the first masktag was killed"
  end

  # The real masktag killed from outside while the service is in use.
  def test_real_masktag_killed_between_calls
    expected = expected_for(KNOWN)
    assert_equal expected[0], Service.predict(KNOWN[0])
    Process.kill(:KILL, masktag_pid)
    sleep 0.05
    assert_equal expected, Service.predict_batch(KNOWN)
  end

  def test_timeout
    ENV["MASKTAG_BIN"] = fake_binary("hangs", "exec sleep 60")
    ENV["MASKTAG_TIMEOUT"] = "0.3"
    started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    assert_fallback(Service.predict("Envo Mask Small"), "Envo Mask Small", %w[Envo Mask Small],
                    /timed out.*MASKTAG_TIMEOUT/)
    assert_operator Process.clock_gettime(Process::CLOCK_MONOTONIC) - started, :<, 5
    ENV["MASKTAG_TIMEOUT"] = "soon"
    assert_fallback(Service.predict("Envo"), "Envo", ["Envo"], /MASKTAG_TIMEOUT="soon" is not a positive number/)
  end

  def test_predict_with_timeout
    assert_equal expected_for([KNOWN[0]]).first, Service.predict_with_timeout(KNOWN[0], seconds: 5)
    ENV["MASKTAG_BIN"] = fake_binary("hangs", "exec sleep 60")
    started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    result = Service.predict_with_timeout("Envo Mask Small", seconds: 0.3)
    assert_operator Process.clock_gettime(Process::CLOCK_MONOTONIC) - started, :<, 5, "not the 10 s default"
    assert result[:fallback]
    assert_equal %w[Envo Mask Small], result[:tokens]
  end

  def test_empty_and_blank_names
    ["", " ", "\t\n", "\u00a0\u3000"].each do |name|
      assert_fallback(Service.predict(name), name, [], /blank/)
    end
  end

  def test_a_name_with_no_tokens
    ["- ()", "--", ",[]—", "( - )"].each do |name|
      assert_fallback(Service.predict(name), name, [], /no tokens/)
    end
  end

  def test_invalid_utf8
    name = "3M \xff Aura".b
    result = Service.predict(name)
    assert_fallback(result, name, ["3M", "\uFFFD", "Aura"], /not valid UTF-8/)
    assert(result[:tokens].all?(&:valid_encoding?), "fallback tokens can be stored as JSON")
    JSON.generate(result[:breakdown])
    utf8_tagged = +"Envo \xc3 Small"
    assert_fallback(Service.predict(utf8_tagged), utf8_tagged, ["Envo", "\uFFFD", "Small"], /not valid UTF-8/)
  end

  def test_nil_and_other_non_strings
    assert_fallback(Service.predict(nil), nil, [], /nil/)
    assert_fallback(Service.predict(42), 42, [], /Integer, not a String/)
    assert_fallback(Service.predict(:envo), :envo, [], /Symbol, not a String/)
  end

  # Names masktag itself refuses (over its 1 MiB line limit) or finds nothing in.
  def test_names_masktag_cannot_label
    long = "a" * (1 << 20)
    result = Service.predict(long)
    assert result[:fallback]
    assert_match(/masktag could not label it: line longer than/, result[:error])
    assert_equal [long], result[:tokens]
  end

  def test_other_encodings_are_converted
    latin1 = "Maßké N95".encode(Encoding::ISO_8859_1)
    result = Service.predict(latin1)
    assert_equal false, result[:fallback]
    assert_equal %w[Maßké N95], result[:tokens]
  end

  def test_batch_failures_stay_in_place
    names = [KNOWN[0], nil, KNOWN[1], "", "- ()", "x \xff".b, KNOWN[2], 7]
    results = Service.predict_batch(names)
    assert_equal names.size, results.size
    assert_equal names, results.map { |r| r[:mask_name] }
    assert_equal [false, true, false, true, true, true, false, true], results.map { |r| r[:fallback] }
    assert_equal expected_for(KNOWN), [results[0], results[2], results[6]]
  end

  def test_health_check_ok
    health = Service.health_check
    assert_equal "ok", health["status"]
    assert_equal true, health["model_loaded"]
    assert_equal "masktag", health["type"]
    assert_kind_of String, health["model_path"]
    refute health.key?("message")
    assert(health.keys.all?(String))
    ENV["MASKTAG_MODEL"] = File.join(SOURCE_DIR, "models/default.model")
    assert_equal ENV["MASKTAG_MODEL"], Service.health_check["model_path"]
    assert_equal "ok", Service.health_check["status"]
  end

  def test_health_check_error
    ENV["MASKTAG_BIN"] = File.join(@tmp, "no-such-masktag")
    health = Service.health_check
    assert_equal "error", health["status"]
    assert_equal false, health["model_loaded"]
    assert_equal "masktag", health["type"]
    assert_match(/no-such-masktag/, health["message"])
    assert(health.keys.all?(String))
    ENV["MASKTAG_BIN"] = MASKTAG
    ENV["MASKTAG_MODEL"] = File.join(@tmp, "no-such.model")
    health = Service.health_check
    assert_equal ["error", false], health.values_at("status", "model_loaded")
    assert_equal ENV["MASKTAG_MODEL"], health["model_path"]
    assert_match(/cannot open model file/, health["message"])
    ENV["MASKTAG_MODEL"] = nil
    ENV["MASKTAG_TIMEOUT"] = "-1"
    assert_equal "error", Service.health_check["status"]
  end

  # The fallback's tokens are masktag's tokens: the Ruby tokenizer splits as masktag does,
  # Unicode separators included.
  def test_fallback_tokens_are_masktags_tokens
    titles = generated(200, 23) + ["3M—Aura\u00a0N95", "a\u3000b\u2028c\u001cd", "x[1](2),y-z", "Maßké 😷 N95",
                                   "tab\tand\vvertical\fform", "\u0085next\u200aline"]
    expected = expected_for(titles).map { |r| r[:tokens] }
    assert_equal expected, titles.map { |t| Service.tokens_of(t) }
  end

  def test_threads_share_one_masktag
    titles = generated(200, 24)
    expected = expected_for(titles)
    results = Array.new(4)
    4.times.map do |t|
      Thread.new do
        mine = titles.each_slice(50).to_a[t]
        results[t] = t.even? ? Service.predict_batch(mine) : mine.map { |title| Service.predict(title) }
      end
    end.each(&:join)
    assert_equal expected, results.flatten(1)
  end

  def test_a_forked_child_starts_its_own_masktag
    expected = expected_for(KNOWN)
    assert_equal expected[0], Service.predict(KNOWN[0])
    parent_masktag = masktag_pid
    reader, writer = IO.pipe
    child = fork do
      reader.close
      answer = Service.predict(KNOWN[1])
      mine = masktag_pid # nil unless this process started a masktag of its own
      ok = answer == expected[1] && !mine.nil? && mine != parent_masktag
      writer.write(ok ? "ok" : "wrong")
      writer.close
      exit!(0)
    end
    writer.close
    Process.wait(child)
    assert_equal "ok", reader.read
    assert_equal parent_masktag, masktag_pid, "the parent keeps its masktag"
    assert_equal expected[2], Service.predict(KNOWN[2])
  end

  # scripts/retrain renames a new model over MASKTAG_MODEL: the next call loads it.
  def test_a_replaced_model_file_is_loaded_on_the_next_call
    current = File.join(@tmp, "current.model")
    FileUtils.cp(File.join(SOURCE_DIR, "models/default.model"), current)
    ENV["MASKTAG_MODEL"] = current
    titles = generated(50, 25)
    assert_equal expected_for(titles, "-m", current), Service.predict_batch(titles)
    first = masktag_pid
    other = File.join(SOURCE_DIR, "tests/fixtures/format2.model")
    FileUtils.cp(other, "#{current}.tmp")
    File.rename("#{current}.tmp", current)
    answers = expected_for(titles, "-m", other)
    refute_equal expected_for(titles), answers, "the two models differ on these titles"
    assert_equal answers, Service.predict_batch(titles)
    refute_equal first, masktag_pid
  end

  # Copied into a Rails app as vendor/masktag/ (the two .rb files and the binary), the
  # service finds the binary beside itself without MASKTAG_BIN.
  def test_vendored_layout_finds_the_binary_beside_it
    vendor = File.join(@tmp, "vendor/masktag")
    FileUtils.mkdir_p(vendor)
    %w[masktag.rb mask_component_predictor_service.rb].each do |file|
      FileUtils.cp(File.join(SOURCE_DIR, "scripts/ruby", file), vendor)
    end
    FileUtils.ln_s(MASKTAG, File.join(vendor, "masktag"))
    # As the app's one-line service file does it, then again after the class is removed,
    # as Rails reloads code in development.
    script = 'load ARGV[0]; r = MaskComponentPredictorService.predict("3M Aura 9205+ N95"); ' \
             'print r[:fallback], " ", MaskComponentPredictorService.health_check["binary"]; ' \
             'Object.send(:remove_const, :MaskComponentPredictorService); load ARGV[0]; ' \
             'print " ", MaskComponentPredictorService.predict("Envo Mask Small")[:fallback]'
    env = { "MASKTAG_BIN" => nil, "MASKTAG_MODEL" => nil, "PATH" => "/usr/bin:/bin" }
    out, status = Open3.capture2(env, RbConfig.ruby, "-e", script,
                                 File.join(vendor, "mask_component_predictor_service.rb"))
    assert status.success?
    assert_equal "false #{File.join(vendor, "masktag")} false", out
  end

  # The app's Lambda switch: with USE_LAMBDA_PREDICTOR=true names go through the app's
  # MaskComponentPredictorLambdaService (here a stand-in answering as the function does,
  # in the app's symbol-key shape), with the same checks; its failures become fallbacks.
  def test_the_apps_lambda_switch_is_kept
    stand_in = Class.new do
      class << self
        attr_accessor :answers, :calls, :failure
      end

      def self.predict_batch(names)
        self.calls += 1
        raise failure if failure
        answers.values_at(*names)
      end

      def self.health_check
        raise failure if failure
        { "status" => "ok", "function_name" => "mask-component-predictor" }
      end
    end
    expected = expected_for(KNOWN)
    stand_in.answers = KNOWN.zip(expected.map { |r| r.merge(confidence: 0.5) }).to_h
    # The Lambda service's own fallback hash for a name stays a fallback.
    stand_in.answers["Lambda fell back"] = { mask_name: "Lambda fell back", tokens: %w[Lambda fell back],
                                             breakdown: [], components: {}, confidence: 0.0, fallback: true }
    stand_in.calls = 0
    Object.const_set(:MaskComponentPredictorLambdaService, stand_in)
    ENV["MASKTAG_BIN"] = File.join(@tmp, "not-used")
    ENV["USE_LAMBDA_PREDICTOR"] = "true"
    results = Service.predict_batch([KNOWN[0], "- ()", KNOWN[1], nil, KNOWN[2]])
    assert_equal 1, stand_in.calls, "one batch request, the bad names not sent"
    assert_equal [0.5, 0.0, 0.5, 0.0, 0.5], results.map { |r| r[:confidence] }
    assert_equal expected[1].merge(confidence: 0.5), results[2]
    assert_fallback(Service.predict("Lambda fell back"), "Lambda fell back", %w[Lambda fell back], /Lambda predictor fell back/)
    assert_equal "mask-component-predictor", Service.health_check["function_name"]
    stand_in.failure = RuntimeError.new("Lambda throttled")
    assert_fallback(Service.predict("Envo Mask Small"), "Envo Mask Small", %w[Envo Mask Small], /Lambda throttled/)
    health = Service.health_check
    assert_equal ["error", false], health.values_at("status", "model_loaded")
    assert_match(/Lambda throttled/, health["message"])
    ENV["USE_LAMBDA_PREDICTOR"] = "false"
    assert_match(/cannot start .*not-used/, Service.predict("Envo Mask Small")[:error], "the switch off: masktag")
  ensure
    Object.send(:remove_const, :MaskComponentPredictorLambdaService) if Object.const_defined?(:MaskComponentPredictorLambdaService)
  end

  # As the app's controllers use it. Renaming a mask: predict the new name, store its
  # breakdown and confidence, or "prediction unavailable" on the fallback. A bulk import:
  # 60 names in batches of 25, in order, two of them bad; nothing may raise, and every
  # name must get its hash.
  def test_the_apps_controllers_rename_and_bulk_import
    stored = rename_mask("3M Aura 9205+ N95")
    assert_equal [{ "3M" => "brand" }, { "Aura" => "model" }, { "9205+" => "model" }, { "N95" => "filter_type" }],
                 stored[:breakdown]
    assert_operator stored[:confidence], :>, 0.5
    assert_equal({ error: "prediction unavailable" }, rename_mask("- ()"))

    names = generated(58, 26)
    names.insert(17, "")
    names.insert(44, "bad \xfe bytes".b)
    assert_equal 60, names.size
    imported = bulk_import(names)
    assert_equal 60, imported.size
    assert_equal names, imported.keys
    unavailable = imported.select { |_, v| v == "prediction unavailable" }.keys
    assert_equal [names[17], names[44]], unavailable
    good = names.reject { |n| unavailable.include?(n) }
    assert_equal expected_for(good).map { |r| r[:breakdown] }, good.map { |n| imported[n][:breakdown] }
  end

  # The same bulk import with masktag gone: every name is "prediction unavailable".
  def test_bulk_import_with_masktag_missing
    ENV["MASKTAG_BIN"] = File.join(@tmp, "gone")
    names = generated(60, 27)
    imported = bulk_import(names)
    assert_equal names, imported.keys
    assert(imported.values.all?("prediction unavailable"))
  end

  # What the rename controller does with the result (no rescue: the service never raises).
  def rename_mask(name)
    result = MaskComponentPredictorService.predict(name)
    return { error: "prediction unavailable" } if result[:fallback]
    { breakdown: result[:breakdown], confidence: result[:confidence].to_f }
  end

  # What the bulk import does: batches of 25, each result read by position.
  def bulk_import(names)
    imported = {}
    names.each_slice(25) do |batch|
      results = MaskComponentPredictorService.predict_batch(batch)
      assert_equal batch.size, results.size
      batch.each_with_index do |name, i|
        result = results[i]
        imported[name] = result[:fallback] ? "prediction unavailable" : { breakdown: result[:breakdown], confidence: result[:confidence] }
      end
    end
    imported
  end
end
