// NameReader reads a person's name written in Han or Arabic script back
// into Latin script, so the same person gets one key in every language:
//
//   - a Vietnamese name in Han characters by its Sino-Vietnamese reading
//     (Unihan kVietnamese after kTraditionalVariant, Vietnamese surnames
//     and a documented supplement first): 梁世凯 -> "Lương Thế Khải";
//   - a Chinese name in pinyin, surname then given name joined: 王毅 ->
//     "Wang Yi";
//   - a Vietnamese name in Arabic script back into Vietnamese syllables,
//     whose inventory is every reading of Unihan's kVietnamese: each
//     syllable is written as Arabic renders its spelling (ng, nh, th, ch, kh,
//     ph, gi...), and a word reads as the most common syllable of that
//     rendering: نغوين فان ثانه -> "Nguyen Van Thanh" (tones and vowel
//     marks cannot be known from Arabic script, so the letters are plain);
//   - any other Arabic-script name by ICU's romanization.
//
//   auto reader = factd::NameReader::Create({.tables = tables}).value();
//   std::string latin = reader->ArabicVietnamese("دانج هوانج جيانج");  // "Dang Hoang Giang"
//
// Thread-safe after Create.
#ifndef FACTD_WORKER_NAME_READER_H_
#define FACTD_WORKER_NAME_READER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "worker/entity_tables.h"
#include "worker/tokens.h"

namespace factd {

class NameReader {
 public:
  struct Options {
    // Reads the Unihan extract, the supplement and the surname tables
    // through these tables' ForEachRow (so tests may replace them).
    const EntityTables* tables = nullptr;
  };
  static absl::StatusOr<std::unique_ptr<NameReader>> Create(const Options& options);

  // The Sino-Vietnamese reading of a name in Han characters, each syllable
  // capitalized; empty when a character has no reading.
  std::string SinoVietnamese(std::string_view han) const;
  // Pinyin, surname first (one or two characters, by the surname tables),
  // given name joined: "Wang Yi", "Ouyang Xiu".
  std::string Pinyin(std::string_view han) const;
  // An Arabic-script name read as Vietnamese syllables ("Nguyen Van
  // Thanh"); empty unless every word reads as a syllable and, for a
  // person, there are two to four and the first is a Vietnamese surname.
  std::string ArabicVietnamese(std::string_view arabic, bool person = true) const;
  // An Arabic-script name in Latin letters: each word (or pair, "عبد
  // الباقي") as English-language wires spell it (arabic_names.tsv), else
  // ICU's romanization, title-cased, the article written "al-" ("Rami
  // al-Khatib"). Never empty for a name.
  std::string RomanizeArabic(std::string_view arabic) const;
  // A Vietnamese name's key as Arabic script would write it, in lower-case
  // ASCII ("Lương Thế Khải" and a reading back of "لوونغ ثي خاي" are both
  // "lung-ti-qai"): consonant classes and the three long vowels, in the
  // shortest of the renderings (a final nh as n), so the
  // same person read from any script has one key. Empty when a word is
  // not a Vietnamese syllable.
  std::string VietnameseKey(std::string_view name) const;
  // The known place (index into the tables' known()) whose Vietnamese name
  // has the same key as `name` ("Nghi An" read back from "نغي آن" is Nghệ
  // An), or -1.
  int VietnamesePlace(std::string_view name) const;
  // Whether a Latin word (ASCII-folded) is a Vietnamese syllable.
  bool IsVietnameseSyllable(std::string_view ascii) const;

 private:
  NameReader() = default;
  absl::Status Load(const EntityTables& tables);
  // Each word's reading as a syllable, or empty.
  std::string ReadSyllable(std::string_view arabic_word, bool first) const;

  absl::flat_hash_map<char32_t, std::string> reading_;       // Han -> syllable
  absl::flat_hash_map<char32_t, char32_t> traditional_;      // simplified -> traditional
  absl::flat_hash_map<std::string, std::string> vi_surname_;  // Han surname -> Vietnamese
  absl::flat_hash_map<std::string, int> syllables_;          // ASCII syllable -> count
  // Arabic rendering of a syllable (consonants and vowel letters) -> the
  // syllables so rendered, most common first; and the same by consonants
  // alone, for renderings that drop a vowel letter.
  absl::flat_hash_map<std::string, std::vector<std::string>> by_rendering_;
  absl::flat_hash_map<std::string, std::vector<std::string>> by_consonants_;
  absl::flat_hash_map<std::string, bool> ascii_surnames_;    // "nguyen" -> true
  // Arabic name words (folded, one or two words) -> their wire spelling
  // (arabic_names.tsv): "هشام" -> Hisham, "عبد الباقي" -> Abdel Baqi.
  absl::flat_hash_map<std::string, std::string> arabic_names_;
  // VietnameseKey of Vietnam's known places -> their index.
  absl::flat_hash_map<std::string, int> places_;
};

}  // namespace factd

#endif  // FACTD_WORKER_NAME_READER_H_
