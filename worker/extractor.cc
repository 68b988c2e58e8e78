#include "worker/extractor.h"

#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "unicode/normalizer2.h"
#include "worker/boilerplate.h"
#include "worker/entities.h"
#include "worker/language.h"
#include "worker/numbers.h"
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

// What the language is read from: the text without its boilerplate, at
// most kLanguageSampleBytes of it (a few hundred words: CLD2 is sure of a
// news article's language well before, and a 1 MiB document then costs no
// more than a short one).
constexpr size_t kLanguageSampleBytes = 4 << 10;

std::string ArticleSample(std::string_view text, const std::vector<BoilerplateSpan>& boilerplate) {
  std::string sample;
  size_t pos = 0;
  const auto keep = [&](size_t end) {
    if (end > pos) sample.append(text.substr(pos, end - pos));
  };
  for (const BoilerplateSpan& b : boilerplate) {
    keep(b.span.begin);
    pos = b.span.end;
    if (sample.size() >= kLanguageSampleBytes) break;
  }
  if (sample.size() < kLanguageSampleBytes) {
    keep(std::min(text.size(), pos + kLanguageSampleBytes - sample.size() + 4));
  }
  if (sample.size() > kLanguageSampleBytes) {
    // Cut on a character boundary.
    size_t cut = kLanguageSampleBytes;
    while (cut > 0 && (static_cast<unsigned char>(sample[cut]) & 0xC0) == 0x80) --cut;
    sample.resize(cut);
  }
  return sample;
}

}  // namespace

const char* StageName(Stage stage) {
  switch (stage) {
    case Stage::kValidate: return "validate";
    case Stage::kNormalize: return "normalize";
    case Stage::kLanguage: return "language";
    case Stage::kLayout: return "layout";
    case Stage::kNumbers: return "numbers";
    case Stage::kEntities: return "entities";
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
  std::unique_ptr<Extractor> extractor(new Extractor(options));
  absl::StatusOr<std::unique_ptr<NumberExtractor>> numbers = NumberExtractor::Create();
  if (!numbers.ok()) return numbers.status();
  extractor->numbers_ = *std::move(numbers);
  absl::StatusOr<std::unique_ptr<BoilerplateFinder>> boilerplate = BoilerplateFinder::Create();
  if (!boilerplate.ok()) return boilerplate.status();
  extractor->boilerplate_ = *std::move(boilerplate);
  EntityExtractor::Options entity_options;
  for (const auto& [file, content] : options.entity_data) entity_options.tables.files[file] = content;
  absl::StatusOr<std::unique_ptr<EntityExtractor>> entities = EntityExtractor::Create(entity_options);
  if (!entities.ok()) return entities.status();
  extractor->entities_ = *std::move(entities);
  return extractor;
}

Extractor::Extractor(const ExtractorOptions& options) : options_(options) {}
Extractor::~Extractor() = default;

std::string QuoteId(std::string_view id) {
  constexpr size_t kShown = 64;
  const absl::string_view view(id.data(), id.size());
  if (id.size() <= kShown) return absl::StrCat("\"", view, "\"");
  size_t cut = kShown;
  while (cut > 0 && (static_cast<unsigned char>(id[cut]) & 0xC0) == 0x80) --cut;
  return absl::StrCat("\"", view.substr(0, cut), "...\" (", id.size(), " bytes)");
}

absl::Status Extractor::CheckEnvelope(const v1::Document& document) const {
  const std::string& id = document.id();
  if (id.empty()) {
    return absl::InvalidArgumentError("document.id is required");
  }
  if (id.size() > kMaxIdBytes) {
    return absl::InvalidArgumentError(absl::StrCat("document.id ", QuoteId(id), " is over the limit of ",
                                                   kMaxIdBytes, " bytes"));
  }
  if (document.content().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("document ", QuoteId(id), ": content is empty"));
  }
  if (document.content().size() > options_.max_document_bytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "document ", QuoteId(id), ": content is ",
        document.content().size(), " bytes, over the limit of ",
        options_.max_document_bytes, " bytes"));
  }
  if (document.language_hint().size() > kMaxLanguageHintBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "document ", QuoteId(id), ": language_hint is ", document.language_hint().size(),
        " bytes, over the limit of ", kMaxLanguageHintBytes, " bytes"));
  }
  if (document.source_url().size() > kMaxSourceUrlBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "document ", QuoteId(id), ": source_url is ", document.source_url().size(),
        " bytes, over the limit of ", kMaxSourceUrlBytes, " bytes"));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::DocumentSummary> Extractor::Extract(
    const v1::Document& document, const v1::ExtractOptions& options,
    StageTimings* timings, Budget* budget) const {
  const absl::Time start = absl::Now();
  // Whether the work must stop, and the status it stops with.
  const auto spent = [budget] { return budget != nullptr && budget->CheckNow(); };
  const auto stopped = [&] {
    return absl::Status(budget->status().code(),
                        absl::StrCat("document ", QuoteId(document.id()), ": ", budget->status().message()));
  };
  if (absl::Status envelope = CheckEnvelope(document); !envelope.ok()) {
    return envelope;
  }
  const std::string_view content = document.content();
  std::string hint;
  {
    StageTimer timer(timings, Stage::kValidate);
    if (absl::Status utf8 = ValidateUtf8(content); !utf8.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("document ", QuoteId(document.id()), ": ", utf8.message()));
    }
    absl::StatusOr<std::string> parsed = ParseLanguageHint(document.language_hint());
    if (!parsed.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "document ", QuoteId(document.id()), ": ", parsed.status().message()));
    }
    hint = *std::move(parsed);
  }

  NormalizedText nfc = [&] {
    StageTimer timer(timings, Stage::kNormalize);
    return NormalizeNfc(content);
  }();
  const std::string_view text = nfc.text();
  if (spent()) return stopped();

  // Boilerplate lines first: the language is the article's, not that of a
  // related-news tail or a caption (and CLD2 reads less).
  std::vector<BoilerplateSpan> boilerplate;
  {
    StageTimer timer(timings, Stage::kLayout);
    boilerplate = boilerplate_->Find(text, {0, text.size()}, budget);
  }
  if (spent()) return stopped();
  LanguageGuess language;
  {
    StageTimer timer(timings, Stage::kLanguage);
    language = IdentifyLanguage(ArticleSample(text, boilerplate), hint);
  }

  v1::DocumentSummary summary;
  summary.set_document_id(document.id());
  OffsetConverter to_unit(content, options.offset_unit());
  const auto set_span = [&](ByteRange range, v1::Span* span) {
    to_unit.SetSpan(nfc.ToSourceOffset(range.begin), nfc.ToSourceOffset(range.end), span);
  };
  // The content as sent over an NFC range.
  const auto source_text = [&](ByteRange range) {
    const size_t begin = nfc.ToSourceOffset(range.begin);
    return std::string(content.substr(begin, nfc.ToSourceOffset(range.end) - begin));
  };
  NumberContext number_context;
  ArticleLayout layout;
  {
    StageTimer timer(timings, Stage::kLayout);
    std::vector<ByteRange> boilerplate_ranges;
    for (const BoilerplateSpan& b : boilerplate) boilerplate_ranges.push_back(b.span);
    layout = AnalyzeLayout(text, language.code, boilerplate_ranges, budget,
                           [this](std::string_view line) { return boilerplate_->TopChrome(line); });
    if (!layout.headline.empty()) {
      summary.set_headline(source_text(layout.headline));
      set_span(layout.headline, summary.mutable_headline_span());
    }
    set_span(layout.body, summary.mutable_body());
    v1::Stats* stats = summary.mutable_stats();
    stats->set_paragraphs(static_cast<uint32_t>(layout.paragraphs));
    stats->set_sentences(static_cast<uint32_t>(layout.sentences));
    stats->set_characters(static_cast<uint32_t>(CountCodePoints(content)));
    if (!layout.metadata.empty()) {
      v1::Boilerplate* b = summary.add_boilerplate();
      b->set_kind(v1::METADATA);
      set_span(layout.metadata, b->mutable_span());
      number_context.excluded.push_back(layout.metadata);
    }
    for (const ByteRange& chrome : layout.chrome) {
      v1::Boilerplate* b = summary.add_boilerplate();
      b->set_kind(v1::METADATA);
      set_span(chrome, b->mutable_span());
      number_context.excluded.push_back(chrome);
    }
    for (const BoilerplateSpan& found : boilerplate) {
      if (found.span.begin < layout.body.begin) continue;  // chrome and title, above
      v1::Boilerplate* b = summary.add_boilerplate();
      b->set_kind(found.kind);
      set_span(found.span, b->mutable_span());
      number_context.excluded.push_back(found.span);
    }
  }
  if (spent()) return stopped();
  number_context.budget = budget;
  NumberFacts facts;
  {
    StageTimer timer(timings, Stage::kNumbers);
    if (document.has_published_at()) {
      const absl::Time published = absl::FromUnixSeconds(document.published_at().seconds());
      const absl::CivilDay day = absl::ToCivilDay(published, absl::UTCTimeZone());
      number_context.published_year = static_cast<int>(day.year());
      number_context.published_month = day.month();
      number_context.published_day = day.day();
    }
    facts = numbers_->Extract(text, language.code, number_context);
    if (spent()) return stopped();
    for (const QuantityFact& f : facts.quantities) {
      v1::Quantity* q = summary.add_quantities();
      q->set_value(f.value);
      q->set_qualifier(f.qualifier);
      q->set_unit(f.unit);
      q->set_unit_text(f.unit_text);
      q->set_text(source_text(f.span));
      set_span(f.span, q->mutable_span());
    }
    for (const PercentageFact& f : facts.percentages) {
      v1::Percentage* p = summary.add_percentages();
      p->set_value(f.value);
      p->set_qualifier(f.qualifier);
      p->set_text(source_text(f.span));
      set_span(f.span, p->mutable_span());
    }
    for (const MoneyFact& f : facts.money) {
      v1::Money* m = summary.add_money();
      m->set_amount(f.amount);
      m->set_currency(f.currency);
      m->set_text(source_text(f.span));
      set_span(f.span, m->mutable_span());
    }
    for (const DateFact& f : facts.dates) {
      v1::DateMention* d = summary.add_dates();
      d->set_value(f.value);
      d->set_end(f.end);
      d->set_year_inferred(f.year_inferred);
      d->set_text(source_text(f.span));
      set_span(f.span, d->mutable_span());
    }
  }
  {
    StageTimer timer(timings, Stage::kEntities);
    StructureInput input{text, language.code, layout.headline, layout.body,
                         number_context.excluded, {}, &facts, budget};
    for (const BoilerplateSpan& b : boilerplate) {
      if (b.kind == v1::RELATED_NEWS) input.unread.push_back(b.span);
    }
    const StructureFacts found = entities_->Extract(input);
    if (spent()) return stopped();
    if (!found.dateline.span.empty()) {
      v1::Dateline* dateline = summary.mutable_dateline();
      dateline->set_place(found.dateline.place);
      dateline->set_date(found.dateline.date);
      set_span(found.dateline.span, dateline->mutable_span());
    }
    for (const std::string& source : found.sources) summary.add_sources(source);
    // "pounds", "riyals", "dollars": the currency of the country the
    // article is about when it is one of them.
    for (size_t i = 0; i < facts.money.size() && i < static_cast<size_t>(summary.money_size()); ++i) {
      const std::string local = ResolveCurrency(facts.money[i].family, found.main_country);
      if (!local.empty()) summary.mutable_money(static_cast<int>(i))->set_currency(local);
    }
    for (const EntityFact& e : found.entities) {
      v1::Entity* entity = summary.add_entities();
      entity->set_id(e.id);
      entity->set_type(e.type);
      entity->set_name(e.name);
      entity->set_salience(e.salience);
      for (const MentionFact& m : e.mentions) {
        v1::Mention* mention = entity->add_mentions();
        set_span(m.span, mention->mutable_span());
        mention->set_text(source_text(m.span));
        mention->set_role(m.role);
      }
    }
    for (const EventFact& e : found.events) {
      v1::Event* event = summary.add_events();
      event->set_type(e.type);
      for (const std::string& id : e.participant_ids) event->add_participant_ids(id);
      event->set_date(e.date);
      event->set_location_id(e.location_id);
      set_span(e.evidence, event->mutable_evidence());
    }
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
      "language", "headline", "body", "stats", "boilerplate",
      "quantities", "percentages", "money", "dates", "dateline", "sources",
      "entities", "events"};
  return *kKinds;
}

}  // namespace factd
