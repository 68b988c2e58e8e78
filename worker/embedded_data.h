// The data files of worker/data/ (lexicons, boilerplate markers), compiled
// into the binary so a deployed factd needs no data directory.
//
//   std::optional<std::string_view> zh = factd::FindEmbeddedFile("zh.tsv");
//
// Thread-safe: the data is immutable.
#ifndef FACTD_WORKER_EMBEDDED_DATA_H_
#define FACTD_WORKER_EMBEDDED_DATA_H_

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace factd {

struct EmbeddedFile {
  const char* name;  // file name without its directory ("zh.tsv")
  const char* data;
  size_t size;
};

// Every embedded file; defined in the generated embedded_data.cc.
const EmbeddedFile* EmbeddedFiles(size_t* count);

// The content of the embedded file `name`, if there is one.
inline std::optional<std::string_view> FindEmbeddedFile(std::string_view name) {
  size_t count = 0;
  const EmbeddedFile* files = EmbeddedFiles(&count);
  for (size_t i = 0; i < count; ++i) {
    if (name == files[i].name) return std::string_view(files[i].data, files[i].size);
  }
  return std::nullopt;
}

// Calls `row` with the TAB-separated columns of each data line of the
// embedded file `name`: lines starting with '#' and blank lines are skipped,
// a trailing CR dropped. NOT_FOUND when the file is not embedded;
// INVALID_ARGUMENT naming file, line and its text when a line has fewer than
// `min_columns` columns or `row` refuses it (with `row`'s message).
absl::Status ForEachDataRow(
    std::string_view name, size_t min_columns,
    const std::function<absl::Status(const std::vector<std::string>& columns)>& row);

// The same over `content`, the text of a data file called `name` (for
// messages): tables given by tests instead of the embedded files.
absl::Status ForEachTsvRow(
    std::string_view content, std::string_view name, size_t min_columns,
    const std::function<absl::Status(const std::vector<std::string>& columns)>& row);

}  // namespace factd

#endif  // FACTD_WORKER_EMBEDDED_DATA_H_
