#include "worker/text.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "unicode/bytestream.h"
#include "unicode/edits.h"
#include "unicode/normalizer2.h"
#include "unicode/utf8.h"

namespace factd {

absl::Status ValidateUtf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const int64_t length = static_cast<int64_t>(text.size());
  int64_t i = 0;
  while (i < length) {
    // ASCII fast path: most news markup, digits and Latin text.
    if (bytes[i] < 0x80) {
      ++i;
      continue;
    }
    const int64_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "content is not valid UTF-8: ill-formed sequence at byte offset ",
          start, " (byte 0x", absl::Hex(bytes[start], absl::kZeroPad2), ")"));
    }
  }
  return absl::OkStatus();
}

size_t CountCodePoints(std::string_view text) {
  size_t count = 0;
  for (unsigned char b : text) count += (b & 0xC0) != 0x80;
  return count;
}

// Maps NFC offsets back to source offsets through ICU's fine-grained edits.
struct NormalizedText::EditMap {
  std::string nfc;
  icu::Edits edits;
  icu::Edits::Iterator iterator;
};

NormalizedText::NormalizedText(std::string_view text,
                               std::unique_ptr<EditMap> edits)
    : text_(text), edits_(std::move(edits)) {}
NormalizedText::NormalizedText(NormalizedText&&) noexcept = default;
NormalizedText& NormalizedText::operator=(NormalizedText&&) noexcept = default;
NormalizedText::~NormalizedText() = default;

size_t NormalizedText::ToSourceOffset(size_t nfc_offset) const {
  if (edits_ == nullptr) return nfc_offset;
  UErrorCode status = U_ZERO_ERROR;
  const int32_t source = edits_->iterator.sourceIndexFromDestinationIndex(
      static_cast<int32_t>(nfc_offset), status);
  return U_SUCCESS(status) ? static_cast<size_t>(source) : nfc_offset;
}

namespace {

// U+034F COMBINING GRAPHEME JOINER: a starter that changes no rendering,
// which the Stream-Safe Text Format inserts to break long runs of
// non-starters (UAX #15, section 13).
constexpr char kGraphemeJoiner[] = "\xCD\x8F";

size_t LongestNonStarterRun(std::string_view source, const icu::Normalizer2& nfc) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(source.data());
  const int32_t length = static_cast<int32_t>(source.size());
  size_t longest = 0;
  size_t run = 0;
  for (int32_t i = 0; i < length;) {
    if (bytes[i] < 0x80) {  // ASCII: all starters
      run = 0;
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    run = nfc.getCombiningClass(c) != 0 ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return longest;
}

// `source` in the Stream-Safe Text Format: a grapheme joiner after every
// kMaxNonStarters non-starters in a row, with the edits that map it back.
std::string StreamSafe(std::string_view source, const icu::Normalizer2& nfc, icu::Edits* edits) {
  std::string out;
  out.reserve(source.size() + source.size() / 8);
  const auto* bytes = reinterpret_cast<const uint8_t*>(source.data());
  const int32_t length = static_cast<int32_t>(source.size());
  size_t run = 0;
  int32_t unchanged_from = 0;
  for (int32_t i = 0; i < length;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0 || nfc.getCombiningClass(c) == 0) {
      run = 0;
      continue;
    }
    if (++run <= kMaxNonStarters) continue;
    out.append(source.substr(unchanged_from, start - unchanged_from));
    edits->addUnchanged(start - unchanged_from);
    out.append(kGraphemeJoiner);
    edits->addReplace(0, 2);
    unchanged_from = start;
    run = 1;
  }
  out.append(source.substr(unchanged_from));
  edits->addUnchanged(length - unchanged_from);
  return out;
}

}  // namespace

NormalizedText NormalizeNfc(std::string_view source) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return NormalizedText(source, nullptr);
  // ICU puts a run of combining marks in canonical order by insertion, which
  // costs the square of the run's length, in its check as in its
  // normalization: a text with long runs is first made stream-safe, so no
  // run is longer than kMaxNonStarters and the cost stays linear.
  const bool long_runs = LongestNonStarterRun(source, *nfc) > kMaxNonStarters;
  const icu::StringPiece piece(source.data(), static_cast<int32_t>(source.size()));
  if (!long_runs && (nfc->isNormalizedUTF8(piece, status) || U_FAILURE(status))) {
    return NormalizedText(source, nullptr);
  }
  auto map = std::make_unique<NormalizedText::EditMap>();
  std::string stream_safe;
  icu::Edits to_stream_safe;
  icu::StringPiece input = piece;
  if (long_runs) {
    stream_safe = StreamSafe(source, *nfc, &to_stream_safe);
    input = icu::StringPiece(stream_safe.data(), static_cast<int32_t>(stream_safe.size()));
  }
  icu::StringByteSink<std::string> sink(&map->nfc, input.length());
  icu::Edits to_nfc;
  nfc->normalizeUTF8(0, input, sink, &to_nfc, status);
  if (U_FAILURE(status)) return NormalizedText(source, nullptr);
  if (long_runs) {
    map->edits.mergeAndAppend(to_stream_safe, to_nfc, status);
    if (U_FAILURE(status)) return NormalizedText(source, nullptr);
  } else {
    map->edits = std::move(to_nfc);
  }
  map->iterator = map->edits.getFineIterator();
  std::string_view text = map->nfc;
  return NormalizedText(text, std::move(map));
}

uint32_t OffsetConverter::Convert(size_t byte_offset) {
  if (byte_offset > text_.size()) byte_offset = text_.size();
  if (unit_ == v1::UTF8_BYTE) return static_cast<uint32_t>(byte_offset);
  if (byte_offset < byte_cursor_) {
    byte_cursor_ = 0;
    unit_cursor_ = 0;
  }
  for (; byte_cursor_ < byte_offset; ++byte_cursor_) {
    const auto b = static_cast<unsigned char>(text_[byte_cursor_]);
    if ((b & 0xC0) == 0x80) continue;  // continuation byte
    // A 4-byte sequence is a supplementary code point: two UTF-16 units.
    unit_cursor_ += (unit_ == v1::UTF16_CODE_UNIT && b >= 0xF0) ? 2 : 1;
  }
  return static_cast<uint32_t>(unit_cursor_);
}

void OffsetConverter::SetSpan(size_t begin, size_t end, v1::Span* span) {
  span->set_begin(Convert(begin));
  span->set_end(Convert(end));
}

}  // namespace factd
