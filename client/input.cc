#include "client/input.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "client/jsonl.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"

namespace factd::client {
namespace fs = std::filesystem;
namespace {

bool HasExtension(const fs::path& path, const std::vector<std::string>& extensions) {
  const std::string name = path.filename().string();
  return std::any_of(extensions.begin(), extensions.end(),
                     [&](const std::string& ext) { return absl::EndsWith(name, ext); });
}

// The id of a whole-file document: its path relative to the directory
// named, extension included, so that x.txt and x.md, or a/x.txt and
// b/x.txt, never share an id.
std::string IdFor(const fs::path& file, const fs::path& root) {
  const fs::path relative = root.empty() ? file.filename() : file.lexically_relative(root);
  return relative.generic_string();
}

absl::Status AddJsonlLines(const fs::path& path, std::vector<DocumentRef>* refs) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path.string()));
  std::string line;
  uint64_t offset = 0;
  uint64_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    const uint64_t length = line.size();
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") != std::string::npos) {
      refs->push_back({path.string(), "", true, offset, line.size(), number});
    }
    offset += length + 1;
  }
  return absl::OkStatus();
}

absl::Status AddPath(const fs::path& root, const fs::path& path,
                     std::vector<DocumentRef>* refs) {
  if (absl::EndsWith(path.filename().string(), ".jsonl")) {
    return AddJsonlLines(path, refs);
  }
  refs->push_back({path.string(), IdFor(path, root)});
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<DocumentRef>> EnumerateInputs(
    const std::vector<std::string>& paths,
    const std::vector<std::string>& extensions) {
  std::vector<DocumentRef> refs;
  for (const std::string& name : paths) {
    if (name == "-") {
      if (paths.size() != 1) {
        return absl::InvalidArgumentError("\"-\" (standard input) must be the only input");
      }
      refs.push_back({"-", "stdin"});
      continue;
    }
    std::error_code error;
    const fs::path path(name);
    const fs::file_status status = fs::status(path, error);
    if (error || !fs::exists(status)) {
      return absl::NotFoundError(absl::StrCat("no such file or directory: ", name));
    }
    if (!fs::is_directory(status)) {
      if (absl::Status added = AddPath({}, path, &refs); !added.ok()) return added;
      continue;
    }
    std::vector<fs::path> files;
    for (auto it = fs::recursive_directory_iterator(path, error);
         !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
      if (!it->is_regular_file()) continue;
      const fs::path& file = it->path();
      if (HasExtension(file, extensions) || absl::EndsWith(file.filename().string(), ".jsonl")) {
        files.push_back(file);
      }
    }
    if (error) {
      return absl::NotFoundError(absl::StrCat("cannot list ", name, ": ", error.message()));
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
      if (absl::Status added = AddPath(path, file, &refs); !added.ok()) return added;
    }
  }
  return refs;
}

absl::StatusOr<v1::Document> LoadDocument(const DocumentRef& ref) {
  if (ref.path == "-") return ReadStdinDocument();
  std::ifstream in(ref.path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", ref.path));
  v1::Document document;
  if (!ref.jsonl) {
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) return absl::DataLossError(absl::StrCat("cannot read ", ref.path));
    document.set_id(ref.id);
    document.set_content(std::move(content));
    if (!ref.published_at.empty() &&
        !google::protobuf::util::TimeUtil::FromString(ref.published_at, document.mutable_published_at())) {
      return absl::InvalidArgumentError(
          absl::StrCat(ref.path, ": publication time \"", ref.published_at, "\" is not RFC 3339"));
    }
    return document;
  }
  std::string line(ref.length, '\0');
  in.seekg(static_cast<std::streamoff>(ref.offset));
  if (!in.read(line.data(), static_cast<std::streamsize>(line.size()))) {
    return absl::DataLossError(absl::StrCat(ref.path, ":", ref.line, ": cannot read the line"));
  }
  JsonlDocument record;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  const auto parsed = google::protobuf::util::JsonStringToMessage(line, &record, options);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        ref.path, ":", ref.line, ": not a JSONL document: ", parsed.message().as_string()));
  }
  if (record.id().empty()) {
    return absl::InvalidArgumentError(absl::StrCat(ref.path, ":", ref.line, ": \"id\" is missing"));
  }
  document.set_id(record.id());
  document.set_content(record.content());
  document.set_language_hint(record.language_hint());
  if (record.has_published_at()) *document.mutable_published_at() = record.published_at();
  document.set_source_url(record.source_url());
  return document;
}

absl::StatusOr<v1::Document> ReadStdinDocument() {
  std::ostringstream content;
  content << std::cin.rdbuf();
  v1::Document document;
  document.set_id("stdin");
  document.set_content(content.str());
  return document;
}

}  // namespace factd::client
