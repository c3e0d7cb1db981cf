# The fuzz targets: one per input reader (CSV, JSON lines, the reference JSON array,
# CoNLL, plain text), the tokenizer, the model loader, and predict end to end.
set(MASKTAG_FUZZ_TARGETS fuzz_csv fuzz_jsonl fuzz_reference_json fuzz_conll fuzz_text
                         fuzz_tokenizer fuzz_model fuzz_predict)
