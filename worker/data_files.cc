#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "worker/embedded_data.h"

namespace factd {

absl::Status ForEachDataRow(
    std::string_view name, size_t min_columns,
    const std::function<absl::Status(const std::vector<std::string>& columns)>& row) {
  std::optional<std::string_view> data = FindEmbeddedFile(name);
  const absl::string_view file(name.data(), name.size());
  if (!data.has_value()) return absl::NotFoundError(absl::StrCat(file, " is not embedded"));
  return ForEachTsvRow(*data, name, min_columns, row);
}

absl::Status ForEachTsvRow(
    std::string_view content, std::string_view name, size_t min_columns,
    const std::function<absl::Status(const std::vector<std::string>& columns)>& row) {
  const absl::string_view file(name.data(), name.size());
  int line_number = 0;
  for (absl::string_view line :
       absl::StrSplit(absl::string_view(content.data(), content.size()), '\n')) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string> columns = absl::StrSplit(line, '\t');
    absl::Status status =
        columns.size() < min_columns
            ? absl::InvalidArgumentError(absl::StrCat("want ", min_columns, " columns"))
            : row(columns);
    if (!status.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(file, ":", line_number, ": ", status.message(), ": \"", line, "\""));
    }
  }
  return absl::OkStatus();
}

}  // namespace factd
