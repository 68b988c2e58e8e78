// The data files of worker/data/ (lexicons, boilerplate markers), compiled
// into the binary so a deployed factd needs no data directory.
//
//   std::optional<std::string_view> zh = factd::FindEmbeddedFile("zh.tsv");
//
// Thread-safe: the data is immutable.
#ifndef FACTD_WORKER_EMBEDDED_DATA_H_
#define FACTD_WORKER_EMBEDDED_DATA_H_

#include <cstddef>
#include <optional>
#include <string_view>

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

}  // namespace factd

#endif  // FACTD_WORKER_EMBEDDED_DATA_H_
