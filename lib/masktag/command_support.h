// What the commands share, for commands.cpp and the *_command.cpp files only: reading
// every input, refusing an output that is an input, loading a model.
#pragma once

#include <string>
#include <vector>

#include "masktag/labeled_data.h"
#include "masktag/model.h"
#include "masktag/trainer.h"

namespace masktag {

// Ensures: `inputs`, or "-" (standard input) when there are none.
std::vector<std::string> inputs_or_stdin(const std::vector<std::string>& inputs);

// Ensures: the labeled records of every input, in order; says on stderr what was skipped
// and what was used. Throws Error when a record is skipped and `strict`, or none is left.
std::vector<LabeledRecord> read_all_labeled(const std::vector<std::string>& inputs, const LabeledInputOptions& options,
                                            bool strict);

// Throws Error when the output (the file `output`, or standard output when it is empty)
// is the very file one of `inputs` (files read, the model included) is: `predict f >> f`
// would read its own output until the disk is full, and `train f -o f` would replace the
// data with the model. Only regular files are compared (device and inode): /dev/null in
// and out is no harm.
void refuse_output_that_is_an_input(const std::vector<std::string>& inputs, const std::string& output);

// Ensures: `options` with the lexicon that `source` names (see TrainCommand::lexicon) and
// the names of `gazetteer` (when not empty), when its feature groups use one; its
// description names the files without their directories.
TrainOptions with_lexicon(TrainOptions options, const std::string& source, const std::string& gazetteer);

// The model at `path`, or the embedded default model when `path` is empty.
Model load_model(const std::string& path);

}  // namespace masktag
