# frozen_string_literal: true

# mask_component_predictor_service.rb: a drop-in MaskComponentPredictorService for a Rails
# app whose callers were written for the reference (Python CRF) predictor service. It sits
# on the masktag client (masktag.rb, beside this file) and answers in the shape those
# callers read:
#
#   MaskComponentPredictorService.predict("3M Aura 9205+ N95")
#   # => {mask_name: "3M Aura 9205+ N95", tokens: ["3M", "Aura", "9205+", "N95"],
#   #     breakdown: [{"3M"=>"brand"}, {"Aura"=>"model"}, {"9205+"=>"model"}, {"N95"=>"filter_type"}],
#   #     components: {brand: ["3M"], color: [], filter_type: ["N95"], misc: [], model: ["Aura", "9205+"],
#   #                  size: [], strap: [], style: [], valved: []},
#   #     confidence: 0.9991, fallback: false}
#   MaskComponentPredictorService.predict_batch(names)  # one hash per name, in order
#   MaskComponentPredictorService.health_check          # {"status"=>"ok", "model_loaded"=>true, ...}
#
# Contract (what the app's callers rely on):
# - Results have symbol keys; :breakdown holds one-pair hashes with string keys (as parsed
#   from JSON); :components has all nine labels as symbol keys, empty arrays included;
#   :confidence is a Float.
# - predict and predict_batch never raise. Whatever goes wrong (masktag missing, killed
#   or hung, a nil, blank or non-String name, a name with no tokens such as "- ()", bytes
#   that are not UTF-8, a name masktag refuses) gives that name the fallback hash: the
#   same keys, every token labelled misc in :breakdown, :components with the first token
#   as brand, the second as model and the rest as misc, confidence 0.0, fallback: true,
#   and :error saying what went wrong (the app ignores it; logs show it). A batch gives
#   one hash per name, in order, each failure in its own place.
# - health_check returns string keys: "status" ("ok" or "error"), "model_loaded",
#   "model_path", "type", "binary", and "message" when the status is "error".
#
# Configuration, read from the environment on every call (a change takes effect on the
# next call, with a new masktag process):
#   MASKTAG_BIN      the masktag binary; default: `masktag` beside this file when it is
#                    there (vendor/masktag/masktag), else `masktag` on PATH
#   MASKTAG_MODEL    a model file; default: the model built into the binary
#   MASKTAG_TIMEOUT  seconds masktag may go without progress before it is killed and the
#                    request falls back; default 10
#   USE_LAMBDA_PREDICTOR=true  the app's own switch, kept: names go through the app's
#                    MaskComponentPredictorLambdaService (the function running masktag's
#                    Lambda zip) instead, with the same checks and fallbacks
#
# Processes: one masktag per Ruby process, started on first use. After a fork (Puma or
# Unicorn workers) the child starts its own. Threads share it, one request at a time (the
# client's Mutex). When MASKTAG_MODEL's file is replaced (scripts/retrain renames a new
# model into place), the next call starts a masktag that loads the new file.
require "timeout"
require_relative "masktag"

class MaskComponentPredictorService
  LABELS = %i[brand color filter_type misc model size strap style valved].freeze
  DEFAULT_TIMEOUT = 10.0
  TYPE = "masktag"
  # A title whose answer proves masktag runs and its model is loaded.
  HEALTH_CHECK_TITLE = "3M Aura 9205+ N95"
  # masktag's tokenizer, for fallback hashes (masktag may be what failed): the reference's
  # re.split(r'[\s\-—,\[\]()]+', name), with every code point Python's Unicode \s matches
  # spelled out (Ruby's \s is ASCII only, [[:space:]] misses \x1c-\x1f).
  SEPARATORS = /[\t\n\v\f\r \u001c-\u001f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\-,\[\]()\u2014]+/

  # A setting in the environment that cannot work; its message says which and what to do.
  class ConfigError < StandardError; end

  @lock = Mutex.new
  @owner = Process.pid
  @client = nil
  @settings = nil
  @model_stamp = nil

  class << self
    attr_writer :logger

    # The result hash for one name; the fallback hash when it cannot be labelled.
    def predict(mask_name)
      predict_batch([mask_name]).first
    end

    # One result hash per name, in order; each name that cannot be labelled gets the
    # fallback hash in its place. Names go to masktag in one exchange.
    def predict_batch(mask_names)
      names = Array(mask_names)
      results = Array.new(names.size)
      pending = {} # position => the name as valid UTF-8
      names.each_with_index do |name, i|
        text, problem = checked(name)
        problem ? results[i] = fallback(name, problem) : pending[i] = text
      end
      label(names, pending, results) unless pending.empty?
      log_fallbacks(results)
      results
    rescue StandardError => e # a bug here must still not reach the app
      fallbacks_for(mask_names, "unexpected #{e.class} in predict_batch: #{e.message}")
    end

    # As predict, but gives up after `seconds` (the fallback hash, masktag restarted on
    # the next call), for callers with their own time budget.
    def predict_with_timeout(mask_name, seconds:)
      Timeout.timeout(seconds) { predict(mask_name) }
    rescue Timeout::Error
      fallback(mask_name, "no answer within #{seconds} s")
    end

    # Whether masktag starts and labels a title with its model. String keys, for the
    # app's rake task to print.
    def health_check
      remote = lambda_service
      return remote_health(remote) if remote
      settings = current_settings
      answer = client.predict_batch([HEALTH_CHECK_TITLE]).first
      raise Masktag::Error, "masktag answered the health check with an error: #{answer["error"]}" if answer.key?("error")
      health("ok", settings)
    rescue StandardError => e
      health("error", settings, describe(e))
    end

    # Ends this process's masktag; the next call starts a new one. For tests, and for an
    # app that wants to pick up a new binary at once.
    def reset!
      forget_parent_after_fork # in a forked child, the parent's client is not ours to close
      @lock.synchronize { replace_client(nil, nil) }
      nil
    end

    # Where failures are reported (one line per batch with fallbacks): Rails.logger in a
    # Rails app, else nothing.
    def logger
      return @logger if defined?(@logger) && @logger
      defined?(::Rails) && ::Rails.respond_to?(:logger) ? ::Rails.logger : nil
    end

    # The tokens masktag gives `text` (a valid UTF-8 String).
    def tokens_of(text)
      text.split(SEPARATORS).reject(&:empty?)
    end

    # The fallback hash for `name`, with `reason` as :error.
    def fallback(name, reason)
      tokens = fallback_tokens(name)
      components = LABELS.to_h { |label| [label, []] }
      components[:brand] = tokens.first(1)
      components[:model] = tokens.drop(1).first(1)
      components[:misc] = tokens.drop(2)
      { mask_name: name, tokens: tokens, breakdown: tokens.map { |token| { token => "misc" } },
        components: components, confidence: 0.0, fallback: true, error: reason }
    end

    private

    # [the name as valid UTF-8, nil], or [nil, why masktag is not asked].
    def checked(name)
      return [nil, "the mask name is nil"] if name.nil?
      return [nil, "the mask name is a #{name.class}, not a String"] unless name.is_a?(String)
      text = utf8(name)
      return [nil, "the mask name is not valid UTF-8 (#{name.b[0, 80].inspect})"] unless text
      return [nil, "the mask name is blank"] if text.match?(/\A[[:space:]]*\z/)
      return [nil, "the mask name has no tokens: only separators (spaces, '-', ',', brackets)"] if tokens_of(text).empty?
      [text, nil]
    end

    # The name as a valid UTF-8 String, or nil. Binary and ASCII strings are taken as
    # UTF-8 bytes (what a database driver hands over); other encodings are converted.
    def utf8(name)
      text = if [Encoding::UTF_8, Encoding::BINARY, Encoding::US_ASCII].include?(name.encoding)
               name.dup.force_encoding(Encoding::UTF_8)
             else
               name.encode(Encoding::UTF_8)
             end
      text.valid_encoding? ? text : nil
    rescue EncodingError
      nil
    end

    # Tokens for a fallback hash, always valid UTF-8 (bad bytes become U+FFFD), so the app
    # can store the hash as JSON whatever the name was.
    def fallback_tokens(name)
      return [] unless name.is_a?(String)
      tokens_of(utf8(name) || name.b.force_encoding(Encoding::UTF_8).scrub)
    rescue StandardError
      []
    end

    # Asks masktag for the pending names and puts each answer in its place; when masktag
    # fails as a whole, every pending name gets the fallback.
    def label(names, pending, results)
      remote = lambda_service
      answers = remote ? remote_answers(remote, pending.values) : client.predict_batch(pending.values)
      pending.keys.each_with_index { |i, k| results[i] = from_answer(names[i], answers[k]) }
    rescue StandardError => e # Masktag::Error, ConfigError, Timeout::Error, ...
      reason = remote ? "the Lambda predictor failed: #{e.class}: #{e.message}" : describe(e)
      pending.each_key { |i| results[i] ||= fallback(names[i], reason) }
    end

    def from_answer(name, answer)
      return fallback(name, "masktag gave no answer for this name") unless answer.is_a?(Hash)
      return fallback(name, "masktag could not label it: #{answer["error"]}") if answer.key?("error")
      return fallback(name, "the Lambda predictor fell back") if answer["fallback"]
      return fallback(name, "masktag found no tokens in it") if answer["tokens"].empty?
      { mask_name: name, tokens: answer["tokens"], breakdown: answer["breakdown"],
        components: components(answer["components"]), confidence: Float(answer["confidence"]), fallback: false }
    end

    # The app's Lambda switch, kept: with USE_LAMBDA_PREDICTOR=true and the app's
    # MaskComponentPredictorLambdaService loaded, names go to the Lambda function (masktag's
    # zip, see docs/deployment.md, "Deploy to AWS Lambda") through that class, as the app's
    # old service sent them; its answers get the same checks and its failures the same
    # fallback hash. Else nil.
    def lambda_service
      return nil unless %w[true 1 yes].include?(ENV["USE_LAMBDA_PREDICTOR"].to_s.strip.downcase)
      Object.const_defined?(:MaskComponentPredictorLambdaService) ? ::MaskComponentPredictorLambdaService : nil
    end

    # The Lambda service's answers with string keys, as masktag's own are.
    def remote_answers(remote, names)
      Array(remote.predict_batch(names)).map { |answer| answer.is_a?(Hash) ? answer.transform_keys(&:to_s) : answer }
    end

    def remote_health(remote)
      health = remote.health_check
      raise TypeError, "its health_check returned a #{health.class}" unless health.is_a?(Hash)
      health.transform_keys(&:to_s)
    rescue StandardError => e
      { "status" => "error", "model_loaded" => false, "model_path" => nil, "type" => "lambda",
        "message" => "MaskComponentPredictorLambdaService.health_check failed: #{e.class}: #{e.message}" }
    end

    # masktag's components (a model's own labels) keyed by symbol, the nine always there.
    def components(found)
      LABELS.to_h { |label| [label, []] }.merge(found.to_h { |label, tokens| [label.to_sym, tokens] })
    end

    def fallbacks_for(mask_names, reason)
      Array(mask_names).map { |name| fallback(name, reason) }
    rescue StandardError
      []
    end

    # The client for this process and the current settings. Replaced after a fork (the
    # parent's is not ours to use), when a setting changed, or when the model file was
    # replaced. Raises ConfigError for a setting that cannot work.
    def client
      forget_parent_after_fork
      settings = current_settings
      @lock.synchronize do
        stamp = model_stamp(settings[:model])
        replace_client(settings, stamp) if @client.nil? || settings != @settings || stamp != @model_stamp
        @client
      end
    end

    # In a forked child: a new lock (another thread of the parent may have held the old
    # one) and no client (the parent's masktag belongs to the parent; masktag.rb's fork
    # hook closes our copies of its pipes).
    def forget_parent_after_fork
      return if @owner == Process.pid
      @lock = Mutex.new
      @client = nil
      @settings = nil
      @owner = Process.pid
    end

    # Holds @lock.
    def replace_client(settings, stamp)
      old = @client
      @client = settings && Masktag::Client.new(binary: settings[:binary], model: settings[:model],
                                                timeout: settings[:timeout])
      @settings = settings
      @model_stamp = stamp
      old&.close
    end

    # Identifies the model file's current version: a rename into place changes the inode.
    def model_stamp(path)
      return nil unless path
      stat = File.stat(path)
      [stat.dev, stat.ino, stat.size, stat.mtime.to_r]
    rescue SystemCallError
      nil # masktag itself will say the file is missing
    end

    def current_settings
      { binary: binary_setting, model: present(ENV["MASKTAG_MODEL"]), timeout: timeout_setting }
    end

    def binary_setting
      present(ENV["MASKTAG_BIN"]) || begin
        beside = File.join(__dir__, "masktag")
        File.file?(beside) && File.executable?(beside) ? beside : "masktag"
      end
    end

    def timeout_setting
      text = present(ENV["MASKTAG_TIMEOUT"])
      return DEFAULT_TIMEOUT unless text
      value = Float(text, exception: false)
      return value if value&.finite? && value.positive?
      raise ConfigError, "MASKTAG_TIMEOUT=#{text.inspect} is not a positive number of seconds; fix it, or unset it " \
                         "for #{DEFAULT_TIMEOUT} s"
    end

    def present(value)
      value.nil? || value.strip.empty? ? nil : value
    end

    # A failure as one line that says what to check.
    def describe(error)
      settings = @settings || {}
      where = "MASKTAG_BIN=#{settings[:binary] || binary_setting}, " \
              "MASKTAG_MODEL=#{settings[:model] || "(unset: the built-in model)"}"
      case error
      when ConfigError then error.message
      when Masktag::TimeoutError then "masktag timed out: #{error.message}; raise MASKTAG_TIMEOUT if it is only slow (#{where})"
      when Masktag::Error then "masktag failed: #{error.message} (#{where}: check that the binary runs and the model file is there)"
      else "masktag failed: #{error.class}: #{error.message} (#{where})"
      end
    end

    def health(status, settings, message = nil)
      model = settings && settings[:model]
      result = { "status" => status, "model_loaded" => status == "ok",
                 "model_path" => model || "(built into #{settings ? settings[:binary] : "masktag"})",
                 "type" => TYPE, "binary" => settings && settings[:binary] }
      result["message"] = message if message
      result
    end

    def log_fallbacks(results)
      failed = results.select { |r| r[:fallback] }
      return if failed.empty? || logger.nil?
      logger.warn("MaskComponentPredictorService: #{failed.size} of #{results.size} names got the fallback; " \
                  "first #{failed.first[:mask_name].inspect}: #{failed.first[:error]}")
    rescue StandardError
      nil # logging must not cost the answer
    end
  end
end
