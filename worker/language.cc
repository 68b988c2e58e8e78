#include "worker/language.h"

// CLD2's header uses FILE without including <cstdio>.
#include <cstdio>
#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "unicode/locid.h"

namespace factd {
namespace {

// CLD2 still uses a few pre-BCP-47 codes; ICU's canonicalization maps them
// (iw -> he, in -> id) and reduces "zh-Hant" to its primary subtag.
std::string CanonicalSubtag(const char* cld2_code) {
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale locale = icu::Locale::forLanguageTag(cld2_code, status);
  if (U_FAILURE(status) || locale.isBogus()) return "und";
  locale.canonicalize(status);
  std::string language = locale.getLanguage();
  return language.empty() ? "und" : language;
}

// The subtag of each CLD2 language, canonicalized once: ICU's
// canonicalization costs more than a short detection.
const std::string& PrimarySubtag(CLD2::Language language) {
  static const std::vector<std::string>* const kSubtags = [] {
    auto* subtags = new std::vector<std::string>(CLD2::NUM_LANGUAGES);
    for (int i = 0; i < CLD2::NUM_LANGUAGES; ++i) {
      (*subtags)[i] = CanonicalSubtag(CLD2::LanguageCode(static_cast<CLD2::Language>(i)));
    }
    return subtags;
  }();
  static const std::string kUndetermined = "und";
  const int index = static_cast<int>(language);
  return index >= 0 && index < CLD2::NUM_LANGUAGES ? (*kSubtags)[index] : kUndetermined;
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
    guess.code = PrimarySubtag(language);
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
          PrimarySubtag(top3[i]) == hint) {
        guess.confidence = percent3[i] / 100.0f;
      }
    }
  }
  return guess;
}

}  // namespace factd
