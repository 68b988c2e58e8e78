#include "worker/extractor.h"

#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "unicode/normalizer2.h"
#include "worker/language.h"
#include "worker/structure.h"
#include "worker/text.h"

namespace factd {
namespace {

// Times one stage into `timings` (when given) as the scope closes.
class StageTimer {
 public:
  StageTimer(StageTimings* timings, Stage stage)
      : timings_(timings), stage_(stage), start_(absl::Now()) {}
  ~StageTimer() {
    if (timings_ != nullptr) (*timings_)[stage_] += absl::Now() - start_;
  }

 private:
  StageTimings* timings_;
  Stage stage_;
  absl::Time start_;
};

}  // namespace

const char* StageName(Stage stage) {
  switch (stage) {
    case Stage::kValidate: return "validate";
    case Stage::kNormalize: return "normalize";
    case Stage::kLanguage: return "language";
    case Stage::kLayout: return "layout";
  }
  return "unknown";
}

absl::StatusOr<std::unique_ptr<Extractor>> Extractor::Create(
    const ExtractorOptions& options) {
  if (options.max_document_bytes == 0 ||
      options.max_document_bytes > kMaxDocumentBytesLimit) {
    return absl::InvalidArgumentError(absl::StrCat(
        "max_document_bytes must be in [1, ", kMaxDocumentBytesLimit,
        "], got ", options.max_document_bytes));
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) {
    return absl::InternalError(
        absl::StrCat("ICU NFC data unavailable: ", u_errorName(status)));
  }
  // Loads CLD2's tables and ICU's sentence rules once, up front.
  AnalyzeLayout(std::string_view("Warm up.\nThe text."), "en");
  IdentifyLanguage("warm up the language tables", "");
  return std::unique_ptr<Extractor>(new Extractor(options));
}

absl::Status Extractor::CheckEnvelope(const v1::Document& document) const {
  if (document.id().empty()) {
    return absl::InvalidArgumentError("document.id is required");
  }
  if (document.content().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("document \"", document.id(), "\": content is empty"));
  }
  if (document.content().size() > options_.max_document_bytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "document \"", document.id(), "\": content is ",
        document.content().size(), " bytes, over the limit of ",
        options_.max_document_bytes, " bytes"));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::DocumentSummary> Extractor::Extract(
    const v1::Document& document, const v1::ExtractOptions& options,
    StageTimings* timings) const {
  const absl::Time start = absl::Now();
  if (absl::Status envelope = CheckEnvelope(document); !envelope.ok()) {
    return envelope;
  }
  const std::string_view content = document.content();
  std::string hint;
  {
    StageTimer timer(timings, Stage::kValidate);
    if (absl::Status utf8 = ValidateUtf8(content); !utf8.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("document \"", document.id(), "\": ", utf8.message()));
    }
    absl::StatusOr<std::string> parsed = ParseLanguageHint(document.language_hint());
    if (!parsed.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "document \"", document.id(), "\": ", parsed.status().message()));
    }
    hint = *std::move(parsed);
  }

  NormalizedText nfc = [&] {
    StageTimer timer(timings, Stage::kNormalize);
    return NormalizeNfc(content);
  }();
  const std::string_view text = nfc.text();

  LanguageGuess language;
  {
    StageTimer timer(timings, Stage::kLanguage);
    language = IdentifyLanguage(text, hint);
  }

  v1::DocumentSummary summary;
  summary.set_document_id(document.id());
  {
    StageTimer timer(timings, Stage::kLayout);
    const ArticleLayout layout = AnalyzeLayout(text, language.code);
    OffsetConverter to_unit(content, options.offset_unit());
    const auto set_span = [&](ByteRange range, v1::Span* span) {
      to_unit.SetSpan(nfc.ToSourceOffset(range.begin),
                      nfc.ToSourceOffset(range.end), span);
    };
    if (!layout.headline.empty()) {
      const size_t begin = nfc.ToSourceOffset(layout.headline.begin);
      const size_t end = nfc.ToSourceOffset(layout.headline.end);
      summary.set_headline(std::string(content.substr(begin, end - begin)));
      set_span(layout.headline, summary.mutable_headline_span());
    }
    set_span(layout.body, summary.mutable_body());
    v1::Stats* stats = summary.mutable_stats();
    stats->set_paragraphs(static_cast<uint32_t>(layout.paragraphs));
    stats->set_sentences(static_cast<uint32_t>(layout.sentences));
    stats->set_characters(static_cast<uint32_t>(CountCodePoints(content)));
  }
  v1::Language* out = summary.mutable_language();
  out->set_code(language.code);
  out->set_confidence(language.confidence);
  out->set_reliable(language.reliable);
  summary.mutable_stats()->set_processing_micros(
      static_cast<uint64_t>(absl::ToInt64Microseconds(absl::Now() - start)));
  return summary;
}

const std::vector<std::string>& Extractor::Languages() {
  static const auto* const kLanguages =
      new std::vector<std::string>{"zh", "vi", "ar", "fr", "en"};
  return *kLanguages;
}

const std::vector<std::string>& Extractor::FactKinds() {
  static const auto* const kKinds = new std::vector<std::string>{
      "language", "headline", "body", "stats"};
  return *kKinds;
}

}  // namespace factd
