#include "worker/language.h"

// CLD2's header uses FILE without including <cstdio>.
#include <cstdio>
#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "unicode/locid.h"

namespace factd {
namespace {

// CLD2 still uses a few pre-BCP-47 codes; ICU's canonicalization maps them
// (iw -> he, in -> id) and reduces "zh-Hant" to its primary subtag.
std::string PrimarySubtag(const char* cld2_code) {
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale locale = icu::Locale::forLanguageTag(cld2_code, status);
  if (U_FAILURE(status) || locale.isBogus()) return "und";
  locale.canonicalize(status);
  std::string language = locale.getLanguage();
  return language.empty() ? "und" : language;
}

}  // namespace

absl::StatusOr<std::string> ParseLanguageHint(std::string_view hint) {
  if (hint.empty()) return std::string();
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale locale = icu::Locale::forLanguageTag(
      icu::StringPiece(hint.data(), static_cast<int32_t>(hint.size())),
      status);
  std::string language = U_SUCCESS(status) ? locale.getLanguage() : "";
  if (language.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("document.language_hint \"", std::string(hint),
                     "\" is not a BCP-47 language tag (e.g. \"vi\", \"zh\")"));
  }
  return absl::AsciiStrToLower(language);
}

LanguageGuess IdentifyLanguage(std::string_view text,
                               const std::string& hint) {
  CLD2::CLDHints hints = {nullptr, nullptr, CLD2::UNKNOWN_ENCODING,
                          CLD2::UNKNOWN_LANGUAGE};
  if (!hint.empty()) hints.language_hint = CLD2::GetLanguageFromName(hint.c_str());

  CLD2::Language top3[3];
  int percent3[3];
  double scores3[3];
  int text_bytes = 0;
  bool reliable = false;
  const CLD2::Language language = CLD2::ExtDetectLanguageSummary(
      text.data(), static_cast<int>(text.size()), /*is_plain_text=*/true,
      &hints, /*flags=*/0, top3, percent3, scores3,
      /*resultchunkvector=*/nullptr, &text_bytes, &reliable);

  LanguageGuess guess;
  if (language != CLD2::UNKNOWN_LANGUAGE) {
    guess.code = PrimarySubtag(CLD2::LanguageCode(language));
    guess.reliable = reliable;
    for (int i = 0; i < 3; ++i) {
      if (top3[i] == language) guess.confidence = percent3[i] / 100.0f;
    }
  }
  if (!guess.reliable && !hint.empty() && guess.code != hint) {
    guess.code = hint;
    guess.confidence = 0;
    for (int i = 0; i < 3; ++i) {
      if (top3[i] != CLD2::UNKNOWN_LANGUAGE &&
          PrimarySubtag(CLD2::LanguageCode(top3[i])) == hint) {
        guess.confidence = percent3[i] / 100.0f;
      }
    }
  }
  return guess;
}

}  // namespace factd
