// Text primitives shared by every extraction stage: UTF-8 validation that
// says where the input breaks, NFC normalization that remembers how to map
// offsets back to the text as sent, and conversion of UTF-8 byte offsets into
// the offset unit a caller asked for.
//
//   FACTD_ASSIGN_OR_RETURN-free usage:
//     absl::Status ok = factd::ValidateUtf8(content);      // error names the byte
//     factd::NormalizedText nfc = factd::NormalizeNfc(content);
//     factd::OffsetConverter to_unit(content, factd::v1::CODE_POINT);
//     uint32_t begin = to_unit.Convert(nfc.ToSourceOffset(i));
//
// All functions are pure; NormalizedText and OffsetConverter are not
// thread-safe (each keeps a cursor) and are meant to live for one document.
#ifndef FACTD_WORKER_TEXT_H_
#define FACTD_WORKER_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "factd/v1/factd.pb.h"

namespace factd {

// Returns OK when `text` is well-formed UTF-8 (no overlong forms, no
// surrogates, nothing above U+10FFFF). Otherwise INVALID_ARGUMENT whose
// message gives the byte offset of the first ill-formed sequence.
absl::Status ValidateUtf8(std::string_view text);

// Number of Unicode code points in well-formed UTF-8 `text`.
size_t CountCodePoints(std::string_view text);

// The NFC form of a text, with the means to map offsets in it back to the
// text it came from. Construct with NormalizeNfc().
class NormalizedText {
 public:
  NormalizedText(NormalizedText&&) noexcept;
  NormalizedText& operator=(NormalizedText&&) noexcept;
  ~NormalizedText();

  // The NFC text. Views the source when it was already NFC.
  std::string_view text() const { return text_; }
  // True when the source was already in NFC (offsets map to themselves).
  bool unchanged() const { return edits_ == nullptr; }
  // Maps a UTF-8 byte offset in text() to the matching offset in the source.
  // Cheapest when called with non-decreasing offsets.
  size_t ToSourceOffset(size_t nfc_offset) const;

 private:
  friend NormalizedText NormalizeNfc(std::string_view source);
  struct EditMap;
  NormalizedText(std::string_view text, std::unique_ptr<EditMap> edits);

  std::string_view text_;
  std::unique_ptr<EditMap> edits_;  // null when the source was already NFC
};

// Runs of non-starters (combining marks) longer than this are broken with a
// U+034F COMBINING GRAPHEME JOINER before normalization, as the Stream-Safe
// Text Format does (UAX #15, section 13; its limit is 30).
inline constexpr size_t kMaxNonStarters = 30;

// Normalizes well-formed UTF-8 `source` to NFC (ICU) in time linear in its
// length: a text with a run of more than kMaxNonStarters non-starters is
// made stream-safe first (the joiners it gains map back to empty source
// ranges). The result may view `source`, which must outlive it.
NormalizedText NormalizeNfc(std::string_view source);

// Converts UTF-8 byte offsets of a text into another offset unit. Offsets are
// clamped to the text's size. Linear over a pass of non-decreasing offsets;
// a smaller offset than the last one restarts from the beginning.
class OffsetConverter {
 public:
  OffsetConverter(std::string_view text, v1::OffsetUnit unit)
      : text_(text), unit_(unit) {}

  uint32_t Convert(size_t byte_offset);
  // Sets `span` to [begin, end) converted.
  void SetSpan(size_t begin, size_t end, v1::Span* span);

 private:
  std::string_view text_;
  v1::OffsetUnit unit_;
  size_t byte_cursor_ = 0;   // a byte offset already converted
  size_t unit_cursor_ = 0;   // its value in unit_
};

}  // namespace factd

#endif  // FACTD_WORKER_TEXT_H_
