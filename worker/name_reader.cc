#include "worker/name_reader.h"

#include <algorithm>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "unicode/unistr.h"
#include "unicode/utf8.h"
#include "worker/name_keys.h"
#include "worker/tokens.h"

namespace factd {
namespace {

// The letters of a folded Arabic word as the symbols a Vietnamese syllable
// is rendered in (below): consonants by sound class, and the three vowel
// letters A (ا), W (و) and Y (ي). Letters with no Vietnamese counterpart
// (ع, ء) are dropped. Runs of one symbol collapse ("لوونغ" = l W n G).
std::string RenderArabic(std::string_view folded) {
  std::string out;
  const auto* s = reinterpret_cast<const uint8_t*>(folded.data());
  const int32_t length = static_cast<int32_t>(folded.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    char symbol = 0;
    switch (c) {
      case 0x0627: case 0x0622: case 0x0623: case 0x0625: symbol = 'A'; break;  // ا آ أ إ
      case 0x0648: case 0x0624: symbol = 'W'; break;                  // و ؤ
      case 0x064A: case 0x0626: case 0x0649: symbol = 'Y'; break;     // ي ئ ى
      case 0x0628: case 0x067E: symbol = 'b'; break;                  // ب پ
      case 0x062A: case 0x062B: case 0x0637: symbol = 't'; break;     // ت ث ط
      case 0x0647: case 0x062D: symbol = 'h'; break;                  // ه ح
      case 0x062E: symbol = 'K'; break;                               // خ
      case 0x062C: case 0x063A: case 0x06AF: symbol = 'G'; break;     // ج غ گ
      case 0x0642: case 0x0643: symbol = 'k'; break;                  // ق ك
      case 0x062F: case 0x0630: case 0x0636: symbol = 'd'; break;     // د ذ ض
      case 0x0631: symbol = 'r'; break;                               // ر
      case 0x0632: case 0x0638: symbol = 'z'; break;                  // ز ظ
      case 0x0633: case 0x0635: symbol = 's'; break;                  // س ص
      case 0x0634: case 0x0686: symbol = 'S'; break;                  // ش چ
      case 0x0641: case 0x06A4: symbol = 'f'; break;                  // ف ڤ
      case 0x0645: symbol = 'm'; break;                               // م
      case 0x0646: symbol = 'n'; break;                               // ن
      case 0x0644: symbol = 'l'; break;                               // ل
      default: break;
    }
    if (symbol != 0 && (out.empty() || out.back() != symbol)) out.push_back(symbol);
  }
  return out;
}

std::string Consonants(std::string_view rendering) {
  std::string out;
  for (char c : rendering) {
    if (c == 'A' || c == 'W' || c == 'Y') continue;
    if (out.empty() || out.back() != c) out.push_back(c);
  }
  return out;
}

std::string Collapse(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (out.empty() || out.back() != c) out.push_back(c);
  }
  return out;
}

// How Arabic script renders the parts of a Vietnamese syllable's spelling
// (ASCII-folded): each onset and coda with the renderings news uses.
struct Part {
  const char* spelling;
  std::vector<const char*> renderings;
};

const std::vector<Part>& Onsets() {
  static const auto* const kOnsets = new std::vector<Part>{
      {"ngh", {"nG"}}, {"ng", {"nG"}}, {"nh", {"nh", "nY", "n"}}, {"ch", {"tS", "S"}},
      {"tr", {"tr"}}, {"th", {"t"}}, {"kh", {"K"}}, {"gh", {"G"}},
      {"gi", {"GY", "G", "zY"}}, {"ph", {"f"}}, {"qu", {"kW"}}, {"b", {"b"}}, {"c", {"k"}},
      {"d", {"d", "z"}}, {"g", {"G"}}, {"h", {"h"}}, {"k", {"k"}}, {"l", {"l"}}, {"m", {"m"}},
      {"n", {"n"}}, {"p", {"b"}}, {"r", {"r", "z"}}, {"s", {"s", "S"}}, {"t", {"t"}},
      {"v", {"f"}}, {"x", {"s", "S"}}};
  return *kOnsets;
}

const std::vector<Part>& Codas() {
  static const auto* const kCodas = new std::vector<Part>{
      {"ng", {"nG"}}, {"nh", {"nh", "n"}}, {"ch", {"k", "tS"}}, {"c", {"k"}}, {"m", {"m"}},
      {"n", {"n"}}, {"p", {"b"}}, {"t", {"t"}}};
  return *kCodas;
}

char VowelClass(char c) {
  switch (c) {
    case 'a': return 'A';
    case 'o': case 'u': return 'W';
    case 'e': case 'i': case 'y': return 'Y';
    default: return 0;
  }
}

// Every rendering of an ASCII-folded Vietnamese syllable.
std::vector<std::string> RenderSyllable(std::string_view syllable) {
  std::vector<const char*> onsets = {""};
  size_t at = 0;
  for (const Part& p : Onsets()) {
    const std::string_view spelling(p.spelling);
    if (syllable.substr(0, spelling.size()) == spelling &&
        (syllable.size() > spelling.size() || spelling == "gi")) {
      onsets = p.renderings;
      at = spelling.size();
      break;
    }
  }
  // "gi" before a vowel: the i belongs to the onset ("giang").
  std::string_view rest = syllable.substr(at);
  std::vector<const char*> codas = {""};
  for (const Part& p : Codas()) {
    const std::string_view spelling(p.spelling);
    if (rest.size() > spelling.size() && rest.substr(rest.size() - spelling.size()) == spelling) {
      codas = p.renderings;
      rest.remove_suffix(spelling.size());
      break;
    }
  }
  std::string vowels;
  for (char c : rest) {
    const char v = VowelClass(c);
    if (v == 0) return {};  // not a syllable's spelling
    if (vowels.empty() || vowels.back() != v) vowels.push_back(v);
  }
  if (vowels.empty() && at != 2) return {};
  std::vector<std::string> out;
  for (const char* onset : onsets) {
    for (const char* coda : codas) out.push_back(Collapse(std::string(onset) + vowels + coda));
  }
  return out;
}

char32_t FirstCodePoint(const std::string& s) {
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
  return u.isEmpty() ? 0 : static_cast<char32_t>(u.char32At(0));
}

}  // namespace

absl::StatusOr<std::unique_ptr<NameReader>> NameReader::Create(const Options& options) {
  if (options.tables == nullptr) return absl::InvalidArgumentError("NameReader needs tables");
  std::unique_ptr<NameReader> reader(new NameReader());
  if (absl::Status s = reader->Load(*options.tables); !s.ok()) return s;
  return reader;
}

absl::Status NameReader::Load(const EntityTables& tables) {
  const auto code_point = [](const std::string& u) -> char32_t {
    uint32_t value = 0;
    return absl::SimpleHexAtoi(absl::string_view(u).substr(2), &value) ? value : 0;
  };
  // How common each syllable is: the readings of common characters weigh
  // more (kFrequency 1, the most common, weighs 5; a character without one
  // weighs 1), so a rendering that fits several syllables reads as the
  // one names use most.
  absl::flat_hash_map<char32_t, int> frequency;
  absl::flat_hash_map<char32_t, std::vector<std::string>> readings;
  absl::Status loaded = tables.ForEachRow("unihan_vi.tsv", 3, [&](const auto& c) {
    const char32_t ch = code_point(c[0]);
    const std::vector<std::string> values = absl::StrSplit(c[2], ' ', absl::SkipEmpty());
    if (values.empty()) return absl::OkStatus();
    if (c[1] == "kVietnamese") {
      reading_[ch] = values.front();
      readings[ch] = values;
    } else if (c[1] == "kFrequency") {
      int f = 0;
      if (absl::SimpleAtoi(values.front(), &f)) frequency[ch] = f;
    } else {
      traditional_.emplace(ch, code_point(values.front()));
    }
    return absl::OkStatus();
  });
  if (!loaded.ok()) return loaded;
  for (const auto& [ch, values] : readings) {
    // Frequencies are of traditional characters mostly.
    auto f = frequency.find(ch);
    const int weight = f == frequency.end() ? 1 : 2 * (6 - f->second);
    for (const std::string& v : values) syllables_[FoldToAscii(v)] += weight;
  }
  // Syllables that names use weigh most: a rendering read back from Arabic
  // is the name syllable it most often is ("هو" Hữu, not Hồ).
  loaded = tables.ForEachRow("vietnamese_name_syllables.tsv", 2, [&](const auto& c) {
    int weight = 0;
    if (!absl::SimpleAtoi(c[1], &weight)) return absl::InvalidArgumentError("weight is a number");
    syllables_[FoldToAscii(c[0])] += 10 * weight;
    return absl::OkStatus();
  });
  if (!loaded.ok()) return loaded;
  loaded = tables.ForEachRow("arabic_names.tsv", 2, [&](const auto& c) {
    arabic_names_.emplace(FoldForMatching(c[0], FoldMode::kCaseAndMarks), c[1]);
    return absl::OkStatus();
  });
  if (!loaded.ok()) return loaded;
  loaded = tables.ForEachRow("sino_vietnamese_supplement.tsv", 2, [&](const auto& c) {
    reading_[FirstCodePoint(c[0])] = c[1];
    ++syllables_[FoldToAscii(c[1])];
    return absl::OkStatus();
  });
  if (!loaded.ok()) return loaded;
  loaded = tables.ForEachRow("vietnamese_surnames.tsv", 2, [&](const auto& c) {
    const std::vector<std::string> latin = absl::StrSplit(c[1], '/');
    if (c[0] != "-") vi_surname_[c[0]] = latin.front();
    for (const std::string& l : latin) {
      ascii_surnames_[FoldToAscii(l)] = true;
      syllables_[FoldToAscii(l)] += 20;
    }
    return absl::OkStatus();
  });
  if (!loaded.ok()) return loaded;
  for (const auto& [syllable, count] : syllables_) {
    for (const std::string& rendering : RenderSyllable(syllable)) {
      by_rendering_[rendering].push_back(syllable);
      by_consonants_[Consonants(rendering)].push_back(syllable);
    }
  }
  for (size_t i = 0; i < tables.known().size(); ++i) {
    const KnownEntity& k = tables.known()[i];
    if (k.type != v1::LOCATION || (k.country != "VN" && !k.country.empty())) continue;
    const std::string key = VietnameseKey(k.name);
    if (!key.empty()) places_.emplace(key, static_cast<int>(i));
  }
  const auto by_count = [this](std::vector<std::string>& list) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
    std::stable_sort(list.begin(), list.end(), [this](const std::string& a, const std::string& b) {
      return syllables_.at(a) > syllables_.at(b);
    });
  };
  for (auto& [rendering, list] : by_rendering_) by_count(list);
  for (auto& [consonants, list] : by_consonants_) by_count(list);
  return absl::OkStatus();
}

std::string NameReader::SinoVietnamese(std::string_view han) const {
  std::vector<std::string> syllables;
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(han.data(), han.size()));
  for (int32_t i = 0; i < u.length(); i = u.moveIndex32(i, 1)) {
    const char32_t c = static_cast<char32_t>(u.char32At(i));
    if (i == 0) {
      std::string first;
      icu::UnicodeString(static_cast<UChar32>(c)).toUTF8String(first);
      if (auto s = vi_surname_.find(first); s != vi_surname_.end()) {
        syllables.push_back(s->second);
        continue;
      }
    }
    auto reading = reading_.find(c);
    if (reading == reading_.end()) {
      auto trad = traditional_.find(c);
      if (trad != traditional_.end()) reading = reading_.find(trad->second);
    }
    if (reading == reading_.end()) return "";
    syllables.push_back(TitleCase(reading->second));
  }
  return absl::StrJoin(syllables, " ");
}

std::string NameReader::Pinyin(std::string_view han) const {
  std::vector<std::string> syllables;
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(han.data(), han.size()));
  for (int32_t i = 0; i < u.length(); i = u.moveIndex32(i, 1)) {
    std::string ch;
    icu::UnicodeString(u.char32At(i)).toUTF8String(ch);
    syllables.push_back(FoldToAscii(Transliterate("Han-Latin", ch)));
  }
  if (syllables.empty()) return "";
  // Compound surnames (欧阳, 司马) are the chinese_surnames rows of two
  // characters; the caller's surname match says how long it is. Here: one.
  std::string given;
  for (size_t i = 1; i < syllables.size(); ++i) given += syllables[i];
  return given.empty() ? TitleCase(syllables[0]) : TitleCase(syllables[0] + " " + given);
}

std::string NameReader::ReadSyllable(std::string_view arabic_word, bool first) const {
  const std::string folded = FoldForMatching(arabic_word, FoldMode::kCase);
  const std::string rendering = RenderArabic(folded);
  if (rendering.empty()) return "";
  const std::vector<std::string>* candidates = nullptr;
  if (auto it = by_rendering_.find(rendering); it != by_rendering_.end()) {
    candidates = &it->second;
  } else if (auto c = by_consonants_.find(Consonants(rendering));
             c != by_consonants_.end() && !Consonants(rendering).empty()) {
    candidates = &c->second;
  }
  if (candidates == nullptr) return "";
  if (first) {
    for (const std::string& syllable : *candidates) {
      if (ascii_surnames_.contains(syllable)) return syllable;
    }
    return "";
  }
  return candidates->front();
}

std::string NameReader::ArabicVietnamese(std::string_view arabic, bool person) const {
  const std::vector<std::string> words = absl::StrSplit(std::string(arabic), ' ', absl::SkipEmpty());
  if (words.size() < (person ? 2u : 1u) || words.size() > 4) return "";
  std::vector<std::string> syllables;
  for (size_t i = 0; i < words.size(); ++i) {
    std::string syllable = ReadSyllable(words[i], person && i == 0);
    if (syllable.empty()) return "";
    syllables.push_back(TitleCase(syllable));
  }
  return absl::StrJoin(syllables, " ");
}

std::string NameReader::RomanizeArabic(std::string_view arabic) const {
  const std::vector<std::string> written =
      absl::StrSplit(std::string(arabic), ' ', absl::SkipEmpty());
  std::vector<std::string> folded;
  for (const std::string& w : written) folded.push_back(FoldForMatching(w, FoldMode::kCaseAndMarks));
  const std::string article = "\xD8\xA7\xD9\x84";  // ال
  std::vector<std::string> words;
  for (size_t i = 0; i < written.size(); ++i) {
    if (i + 1 < written.size()) {
      auto pair = arabic_names_.find(absl::StrCat(folded[i], " ", folded[i + 1]));
      if (pair != arabic_names_.end()) {
        words.push_back(pair->second);
        ++i;
        continue;
      }
    }
    if (auto one = arabic_names_.find(folded[i]); one != arabic_names_.end()) {
      words.push_back(one->second);
      continue;
    }
    const bool has_article = folded[i].size() > article.size() + 2 && folded[i].rfind(article, 0) == 0;
    if (has_article) {
      if (auto bare = arabic_names_.find(folded[i].substr(article.size())); bare != arabic_names_.end()) {
        words.push_back("al-" + bare->second);
        continue;
      }
    }
    std::string latin = FoldToAscii(written[i]);
    latin.erase(std::remove_if(latin.begin(), latin.end(),
                               [](char c) { return !absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-'; }),
                latin.end());
    if (latin.empty()) continue;
    if (has_article && latin.size() > 2 && latin.compare(0, 2, "al") == 0) {
      latin = "al-" + TitleCase(latin.substr(2));
    } else {
      latin = TitleCase(latin);
    }
    words.push_back(latin);
  }
  return absl::StrJoin(words, " ");
}

std::string NameReader::VietnameseKey(std::string_view name) const {
  std::vector<std::string> keys;
  for (absl::string_view word : absl::StrSplit(FoldToAscii(name), absl::ByAnyChar(" -"), absl::SkipEmpty())) {
    const std::string syllable = absl::AsciiStrToLower(word);
    const std::vector<std::string> renderings = RenderSyllable(syllable);
    if (renderings.empty()) return "";
    // The shortest rendering: what Arabic script may leave out (the h of a
    // final nh, the y of gi) is left out of the key too.
    const std::string* shortest = &renderings.front();
    for (const std::string& r : renderings) {
      if (r.size() < shortest->size()) shortest = &r;
    }
    std::string key;
    for (char c : *shortest) {
      switch (c) {
        case 'A': key.push_back('a'); break;
        case 'W': key.push_back('u'); break;
        case 'Y': key.push_back('i'); break;
        case 'G': key.push_back('g'); break;
        case 'K': key.push_back('q'); break;
        case 'S': key.push_back('x'); break;
        default: key.push_back(c); break;
      }
    }
    keys.push_back(std::move(key));
  }
  return absl::StrJoin(keys, "-");
}

int NameReader::VietnamesePlace(std::string_view name) const {
  const std::string key = VietnameseKey(name);
  if (key.empty()) return -1;
  auto it = places_.find(key);
  return it == places_.end() ? -1 : it->second;
}

bool NameReader::IsVietnameseSyllable(std::string_view ascii) const {
  return syllables_.contains(absl::string_view(ascii.data(), ascii.size()));
}

}  // namespace factd
