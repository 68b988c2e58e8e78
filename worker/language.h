// Language identification of an article body with CLD2.
//
//   factd::LanguageGuess guess = factd::IdentifyLanguage(body, /*hint=*/"vi");
//   guess.code        // "vi"
//
// The answer is the language of most of the text's letters, so stray
// fragments of another language (a caption "ảnh 1" inside Chinese) do not
// change it. Thread-safe: CLD2 keeps no mutable state.
#ifndef FACTD_WORKER_LANGUAGE_H_
#define FACTD_WORKER_LANGUAGE_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace factd {

struct LanguageGuess {
  // BCP-47 primary language subtag ("zh", "vi", "ar", "fr", "en"), or "und"
  // when the text is too short or too mixed to tell and no hint was given.
  std::string code = "und";
  // Share of the text's letters that CLD2 scored as `code`, in [0,1].
  float confidence = 0;
  // CLD2's own verdict: the top language is clearly more probable than the
  // second one for a text of this length.
  bool reliable = false;
};

// Checks a caller's language hint. Returns its primary subtag in lower case
// ("" for an empty hint), or INVALID_ARGUMENT when it is not a well-formed
// BCP-47 tag.
absl::StatusOr<std::string> ParseLanguageHint(std::string_view hint);

// Identifies the language of well-formed UTF-8 `text`. `hint` is a primary
// subtag from ParseLanguageHint (may be empty). The hint tilts CLD2's scores
// toward that language; when CLD2 cannot give a reliable answer the hint is
// taken, with reliable = false.
LanguageGuess IdentifyLanguage(std::string_view text, const std::string& hint);

}  // namespace factd

#endif  // FACTD_WORKER_LANGUAGE_H_
