// libFuzzer target for Extractor::Extract: any bytes as a document's
// content, with a language hint and an offset unit taken from the input.
// Built with ASan and UBSan by scripts/fuzz.sh; besides crashes and
// undefined behaviour it checks that every span lies inside the content
// and that the summary serializes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "factd/v1/factd.pb.h"
#include "worker/extractor.h"

namespace {

const factd::Extractor& TheExtractor() {
  static const auto* const kExtractor = factd::Extractor::Create({}).value().release();
  return *kExtractor;
}

void Check(bool condition) {
  if (!condition) std::abort();
}

void CheckSpan(const factd::v1::Span& span, size_t limit) {
  Check(span.begin() <= span.end());
  Check(span.end() <= limit);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The first byte chooses the hint and the offset unit; the rest is the
  // content.
  static const char* const kHints[] = {"", "zh", "vi", "ar", "fr", "en", "de", "zh-Hant"};
  if (size == 0) return 0;
  const uint8_t selector = data[0];
  factd::v1::Document document;
  document.set_id("fuzz");
  document.set_content(std::string(reinterpret_cast<const char*>(data + 1), size - 1));
  document.set_language_hint(kHints[selector % 8]);
  if (selector & 0x08) document.mutable_published_at()->set_seconds(1709712000);
  factd::v1::ExtractOptions options;
  options.set_offset_unit(static_cast<factd::v1::OffsetUnit>((selector >> 4) % 3));
  const auto summary = TheExtractor().Extract(document, options);
  if (!summary.ok()) return 0;
  // Spans index the content in the unit asked for, which is never longer
  // than its bytes.
  const size_t limit = document.content().size();
  CheckSpan(summary->body(), limit);
  CheckSpan(summary->headline_span(), limit);
  for (const auto& b : summary->boilerplate()) CheckSpan(b.span(), limit);
  for (const auto& q : summary->quantities()) CheckSpan(q.span(), limit);
  for (const auto& p : summary->percentages()) CheckSpan(p.span(), limit);
  for (const auto& m : summary->money()) CheckSpan(m.span(), limit);
  for (const auto& d : summary->dates()) CheckSpan(d.span(), limit);
  for (const auto& e : summary->entities()) {
    for (const auto& m : e.mentions()) CheckSpan(m.span(), limit);
  }
  for (const auto& e : summary->events()) CheckSpan(e.evidence(), limit);
  std::string wire;
  Check(summary->SerializeToString(&wire));
  return 0;
}
