// Extractor turns one document into its DocumentSummary. It knows nothing of
// gRPC: the service, the tests and the benchmarks call it the same way.
//
//   auto extractor = factd::Extractor::Create({}).value();
//   absl::StatusOr<factd::v1::DocumentSummary> summary =
//       extractor->Extract(document, options);
//
// Thread-safe: one Extractor serves every worker thread.
#ifndef FACTD_WORKER_EXTRACTOR_H_
#define FACTD_WORKER_EXTRACTOR_H_

#include <array>
#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "factd/v1/factd.pb.h"
#include "worker/budget.h"

namespace factd {

class BoilerplateFinder;
class EntityExtractor;
class NumberExtractor;

struct ExtractorOptions {
  // Largest Document.content accepted, in bytes. Spans are uint32, so at
  // most kMaxDocumentBytesLimit.
  size_t max_document_bytes = 1 << 20;
  // Entity data files by name ("persons.tsv") -> content used instead of
  // the embedded file ("" empties it): tests run without the known-names
  // tables this way.
  std::map<std::string, std::string> entity_data = {};
};

inline constexpr size_t kMaxDocumentBytesLimit = size_t{1} << 30;

// Longest Document.id, language_hint and source_url accepted, in bytes: they
// are echoed, logged and remembered per stream, so each is bounded.
inline constexpr size_t kMaxIdBytes = 256;
inline constexpr size_t kMaxLanguageHintBytes = 64;
inline constexpr size_t kMaxSourceUrlBytes = 4096;

// `id` quoted for a message, cut to its first 64 bytes (on a character
// boundary) with "..." when longer: an error never echoes a huge id.
std::string QuoteId(std::string_view id);

// The stages of Extract, in order; their names label the latency metrics.
enum class Stage { kValidate, kNormalize, kLanguage, kLayout, kNumbers, kEntities };
inline constexpr size_t kStageCount = 6;
const char* StageName(Stage stage);

// Wall time spent in each stage of one Extract call.
struct StageTimings {
  std::array<absl::Duration, kStageCount> elapsed{};
  absl::Duration& operator[](Stage s) { return elapsed[static_cast<size_t>(s)]; }
};

class Extractor {
 public:
  // Validates `options` (INVALID_ARGUMENT) and loads the ICU and CLD2 data,
  // the lexicons and the boilerplate markers every extraction needs, so a
  // broken install or data file fails here, not per document.
  static absl::StatusOr<std::unique_ptr<Extractor>> Create(
      const ExtractorOptions& options);

  // The O(1) checks of a document: id present and at most kMaxIdBytes,
  // content non-empty and within the size limit, language_hint and
  // source_url within theirs. INVALID_ARGUMENT naming the field otherwise.
  // Extract runs them too; the service runs them before queueing so bad
  // input costs nothing.
  absl::Status CheckEnvelope(const v1::Document& document) const;

  // Extracts the summary of `document`. Blocks for the computation only (no
  // I/O). INVALID_ARGUMENT for a document failing CheckEnvelope, content
  // that is not UTF-8 (with the byte offset) or a malformed language hint.
  // Every stage checks `budget` (when given) as it goes: once it is spent
  // the work stops and the result is the budget's status (DEADLINE_EXCEEDED
  // or CANCELLED, saying which limit). When `timings` is not null it
  // receives the time of each stage.
  absl::StatusOr<v1::DocumentSummary> Extract(
      const v1::Document& document, const v1::ExtractOptions& options,
      StageTimings* timings = nullptr, Budget* budget = nullptr) const;

  // Languages with language-specific extraction, and the summary fields
  // this version fills.
  static const std::vector<std::string>& Languages();
  static const std::vector<std::string>& FactKinds();

  const ExtractorOptions& options() const { return options_; }
  // The number-and-date stage on its own, for benchmarks and tests.
  const NumberExtractor& numbers() const { return *numbers_; }
  const EntityExtractor& entities() const { return *entities_; }

  ~Extractor();

 private:
  explicit Extractor(const ExtractorOptions& options);
  ExtractorOptions options_;
  std::unique_ptr<NumberExtractor> numbers_;
  std::unique_ptr<BoilerplateFinder> boilerplate_;
  std::unique_ptr<EntityExtractor> entities_;
};

}  // namespace factd

#endif  // FACTD_WORKER_EXTRACTOR_H_
