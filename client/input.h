// The documents factctl submits: enumerated up front (so progress can show
// a total) and read only when their turn comes (so an archive of any size
// is streamed with bounded memory).
//
//   auto inputs = factd::client::EnumerateInputs({"seeds/", "more.jsonl"}, {".txt"});
//   for (const auto& ref : *inputs) { auto doc = factd::client::LoadDocument(ref); }
//
// Thread-compatible: LoadDocument may be called from several threads.
#ifndef FACTD_CLIENT_INPUT_H_
#define FACTD_CLIENT_INPUT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "factd/v1/factd.pb.h"

namespace factd::client {

// Where one document is: a whole file, or one line of a JSONL file.
struct DocumentRef {
  std::string path;      // "-" for standard input
  std::string id;        // known up front for whole files; empty for JSONL
  bool jsonl = false;
  uint64_t offset = 0;   // JSONL: the line's first byte
  uint64_t length = 0;   // JSONL: the line's length without its newline
  uint64_t line = 0;     // JSONL: 1-based line number, for messages
  // Whole files: the publication time (RFC 3339) to send with the
  // document, when known (eval reads it from the gold file).
  std::string published_at = {};
};

// Expands `paths`: a directory contributes, recursively and in sorted order,
// its files whose names end in one of `extensions` (a whole document each)
// and its *.jsonl files (a document per non-blank line); a named file is a
// JSONL file when it ends in .jsonl, else one document. The id of a whole
// file is its path relative to the directory named (or its name, for a
// named file), extension included: "a/x.txt". NOT_FOUND for a path that does not
// exist; INVALID_ARGUMENT for "-" with other paths.
absl::StatusOr<std::vector<DocumentRef>> EnumerateInputs(
    const std::vector<std::string>& paths,
    const std::vector<std::string>& extensions);

// Reads the document `ref` points at. INVALID_ARGUMENT (naming the file and
// line) for a JSONL line that does not parse or has no id; NOT_FOUND or
// DATA_LOSS when the file cannot be read.
absl::StatusOr<v1::Document> LoadDocument(const DocumentRef& ref);

// Reads all of standard input as one document with id "stdin".
absl::StatusOr<v1::Document> ReadStdinDocument();

}  // namespace factd::client

#endif  // FACTD_CLIENT_INPUT_H_
