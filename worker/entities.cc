#include "worker/entities.h"

#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/container/node_hash_map.h"
#include "absl/types/span.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "unicode/locid.h"
#include "unicode/normalizer2.h"
#include "unicode/translit.h"
#include "unicode/uchar.h"
#include "unicode/unistr.h"
#include "unicode/uscript.h"
#include "unicode/utf8.h"
#include "worker/embedded_data.h"

namespace factd {
namespace {

constexpr const char* kLanguages[] = {"zh", "vi", "ar", "fr", "en"};

// How far after a statement verb its subject may stand (verb-first order).
constexpr size_t kSubjectAfterVerbBytes = 80;

// ------------------------------------------------------------- text access

bool IsHan(int32_t c) {
  if (c < 0x2E80) return false;
  if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF)) return true;
  if (c >= 0xAC00 && c < 0xF900) return false;  // Hangul, private use
  UErrorCode status = U_ZERO_ERROR;
  return uscript_getScript(c, &status) == USCRIPT_HAN;
}

bool IsArabicLetter(int32_t c) { return c >= 0x0620 && c <= 0x064A; }

// Characters after which a Chinese name cannot go on: particles, verbs and
// punctuation that follow names in news.
bool IsHanNameStop(int32_t c) {
  static const std::u32string kStops =
      U"在与和出表指说称等的对向会于也将已就是为了、，。：；“”（()上中少大副及并今到同时率带领";
  return !IsHan(c) || kStops.find(static_cast<char32_t>(c)) != std::u32string::npos;
}

std::string Utf8(char32_t c) {
  std::string out;
  icu::UnicodeString(static_cast<UChar32>(c)).toUTF8String(out);
  return out;
}

// A per-thread clone of an ICU transliterator (instances are not
// thread-safe).
icu::Transliterator* Transliterator(const char* id) {
  thread_local std::map<std::string, std::unique_ptr<icu::Transliterator>> cache;
  auto& slot = cache[id];
  if (slot == nullptr) {
    UErrorCode status = U_ZERO_ERROR;
    slot.reset(icu::Transliterator::createInstance(id, UTRANS_FORWARD, status));
    if (U_FAILURE(status)) slot.reset();
  }
  return slot.get();
}

// Name folding and ICU's rule-based transliteration cost microseconds to
// tens of microseconds a name, and news names the same people again and
// again: results are remembered per thread, in a bounded memo that is
// emptied when full.
template <typename Compute>
std::string Remembered(absl::flat_hash_map<std::string, std::string>& memo, std::string key,
                       const Compute& compute) {
  constexpr size_t kMemoEntries = 1 << 14;
  if (auto it = memo.find(key); it != memo.end()) return it->second;
  std::string value = compute();
  if (memo.size() >= kMemoEntries) memo.clear();
  memo.emplace(std::move(key), value);
  return value;
}

std::string Transliterate(const char* id, std::string_view text) {
  thread_local absl::flat_hash_map<std::string, std::string> memo;
  return Remembered(memo, absl::StrCat(id, "\t", absl::string_view(text.data(), text.size())), [&] {
    icu::UnicodeString u =
        icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), text.size()));
    if (icu::Transliterator* t = Transliterator(id)) t->transliterate(u);
    std::string out;
    u.toUTF8String(out);
    return out;
  });
}

// Latin text folded to lower-case ASCII: canonical decomposition with the
// marks dropped (ICU NFD), and the letters that do not decompose (đ, ø, ł,
// æ...) through ICU's Latin-ASCII. Names are folded often; the full
// transliterator is kept for text that needs it (Arabic, Han).
std::string FoldLatin(std::string_view text) {
  bool ascii = true;
  for (char c : text) ascii &= static_cast<unsigned char>(c) < 0x80;
  if (ascii) return absl::AsciiStrToLower(absl::string_view(text.data(), text.size()));
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  const icu::UnicodeString decomposed = nfd->normalize(
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), text.size())), status);
  std::string out;
  for (int32_t i = 0; i < decomposed.length(); i = decomposed.moveIndex32(i, 1)) {
    const UChar32 c = decomposed.char32At(i);
    if (c < 0x80) {
      out.push_back(static_cast<char>(absl::ascii_tolower(static_cast<unsigned char>(c))));
    } else if ((U_GET_GC_MASK(c) & U_GC_M_MASK) == 0) {
      out += absl::AsciiStrToLower(Transliterate("Latin-ASCII", Utf8(static_cast<char32_t>(c))));
    }
  }
  return out;
}

// Any text folded to lower-case ASCII: Latin by FoldLatin, other scripts
// through ICU's Any-Latin first. Remembered per thread like Transliterate.
std::string FoldToAsciiUncached(std::string_view text);
std::string FoldToAscii(std::string_view text) {
  thread_local absl::flat_hash_map<std::string, std::string> memo;
  return Remembered(memo, std::string(text), [&] { return FoldToAsciiUncached(text); });
}

std::string FoldToAsciiUncached(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    size_t next;
    const int32_t c = CharAt(text, i, &next);
    if (c >= 0x0370 && !(c >= 0x1E00 && c <= 0x1EFF) && !IsSpaceChar(c) && u_isalpha(c)) {
      return FoldLatin(Transliterate("Any-Latin", text));
    }
    i = next;
  }
  return FoldLatin(text);
}

// Each word with its first letter upper-cased and the rest lower-cased
// (names, syllables). ICU's toTitle builds a word break iterator per call;
// names need only spaces and hyphens.
std::string TitleCase(std::string_view text) {
  std::string out;
  bool word_start = true;
  for (size_t i = 0; i < text.size();) {
    size_t next;
    const int32_t c = CharAt(text, i, &next);
    const UChar32 cased = word_start ? u_totitle(c) : u_tolower(c);
    out += Utf8(static_cast<char32_t>(cased));
    word_start = c == ' ' || c == '-';
    i = next;
  }
  return out;
}

std::string Slice(std::string_view text, ByteRange r) {
  return std::string(text.substr(r.begin, r.size()));
}

}  // namespace

// ------------------------------------------------------------------ loading

EntityExtractor::~EntityExtractor() = default;

absl::StatusOr<std::unique_ptr<EntityExtractor>> EntityExtractor::Create() {
  std::unique_ptr<EntityExtractor> extractor(new EntityExtractor());
  if (absl::Status status = extractor->Load(); !status.ok()) return status;
  return extractor;
}

absl::Status EntityExtractor::Load() {
  std::map<std::string, std::vector<std::pair<std::string, LexEntry>>> entries;
  const auto add_entity = [&](const std::string& id, v1::EntityType type, const std::string& name,
                              const std::string& iso2) -> size_t {
    auto [it, inserted] = known_by_id_.emplace(id, known_.size());
    if (inserted) known_.push_back({id, type, name, iso2});
    return it->second;
  };
  const auto add_surface = [&](const std::string& language, const std::string& surface,
                               LexKind kind, const std::string& value) {
    // English names of three letters or more written with a capital
    // (UNDP, ASEAN, United Nations) also appear inside text in the other
    // languages; short or lower-case ones would collide with their words
    // (French "un"). "*" rows serve every language.
    const bool everywhere =
        language == "*" || (language == "en" && surface.size() >= 3 &&
                            absl::ascii_isupper(static_cast<unsigned char>(surface[0])));
    // Index values are kept as numbers too, so matching need not parse them.
    double number = 0;
    (void)absl::SimpleAtod(value, &number);
    if (everywhere) {
      for (const char* l : kLanguages) entries[l].push_back({surface, {kind, number, value}});
    } else {
      entries[language].push_back({surface, {kind, number, value}});
    }
  };

  // Countries: CLDR names in the five languages (ICU display names).
  UErrorCode status = U_ZERO_ERROR;
  for (const char* const* code = icu::Locale::getISOCountries(); *code != nullptr; ++code) {
    const icu::Locale region("", *code);
    icu::UnicodeString english;
    region.getDisplayCountry(icu::Locale("en"), english);
    std::string name;
    english.toUTF8String(name);
    if (name.empty() || name == *code) continue;
    const size_t index = add_entity(absl::StrCat("country:", *code), v1::COUNTRY, name, *code);
    for (const char* language : kLanguages) {
      icu::UnicodeString local;
      region.getDisplayCountry(icu::Locale(language), local);
      std::string surface;
      local.toUTF8String(surface);
      if (!surface.empty() && surface != *code) {
        add_surface(language, surface, LexKind::kEntity, absl::StrCat(index));
      }
    }
  }
  if (U_FAILURE(status)) return absl::InternalError("ICU has no region data");

  absl::flat_hash_map<std::string, size_t> country_by_iso;
  for (size_t i = 0; i < known_.size(); ++i) {
    if (!known_[i].iso2.empty()) country_by_iso[known_[i].iso2] = i;
  }
  absl::Status loaded = ForEachDataRow("country_aliases.tsv", 4, [&](const auto& c) {
    auto it = country_by_iso.find(c[0]);
    if (it == country_by_iso.end()) return absl::InvalidArgumentError("unknown country " + c[0]);
    add_surface(c[1], c[2], c[3] == "adjective" ? LexKind::kCountryAdjective : LexKind::kEntity,
                absl::StrCat(it->second));
    return absl::OkStatus();
  });
  if (!loaded.ok()) return loaded;

  struct Gazetteer {
    const char* file;
    v1::EntityType type;
  };
  for (const Gazetteer& g : {Gazetteer{"organizations.tsv", v1::ORGANIZATION},
                             Gazetteer{"locations.tsv", v1::LOCATION},
                             Gazetteer{"persons.tsv", v1::PERSON}}) {
    loaded = ForEachDataRow(g.file, 4, [&](const auto& c) {
      const size_t index = add_entity(c[0], g.type, c[1], "");
      add_surface(c[2], c[3], LexKind::kEntity, absl::StrCat(index));
      add_surface(c[2], c[1], LexKind::kEntity, absl::StrCat(index));
      if (g.type == v1::PERSON) {
        person_by_key_[LatinKey(c[1])] = index;
        person_by_key_[LatinKey(c[3])] = index;
      }
      return absl::OkStatus();
    });
    if (!loaded.ok()) return loaded;
  }
  for (const auto& [key, index] : person_by_key_) {
    person_skeletons_.push_back({Skeleton(known_[index].name), index});
  }

  loaded = ForEachDataRow("ministries.tsv", 4, [&](const auto& c) {
    ministries_.push_back({c[0], c[1]});
    add_surface(c[2], c[3], LexKind::kMinistry, absl::StrCat(ministries_.size() - 1));
    return absl::OkStatus();
  });
  if (!loaded.ok()) return loaded;
  loaded = ForEachDataRow("titles.tsv", 4, [&](const auto& c) {
    const LexKind kind = c[3] == "pronoun" ? LexKind::kPronoun
                         : c[2] == "after" ? LexKind::kTitleAfter
                                           : LexKind::kTitleBefore;
    add_surface(c[0], c[1], kind, "");
    return absl::OkStatus();
  });
  if (!loaded.ok()) return loaded;
  loaded = ForEachDataRow("events.tsv", 3, [&](const auto& c) {
    v1::EventType type;
    if (!v1::EventType_Parse(c[0], &type)) return absl::InvalidArgumentError("unknown event " + c[0]);
    add_surface(c[1], c[2], LexKind::kEventTrigger, c[0]);
    return absl::OkStatus();
  });
  if (!loaded.ok()) return loaded;

  // Credits come in any script ("VNA/CVN" in French, 越通社 in Chinese).
  loaded = ForEachDataRow("sources.tsv", 3, [&](const auto& c) {
    add_surface("*", c[2], LexKind::kSource, c[0]);
    add_surface("*", c[0], LexKind::kSource, c[0]);
    return absl::OkStatus();
  });
  if (!loaded.ok()) return loaded;

  loaded = ForEachDataRow("datelines.tsv", 2, [&](const auto& c) {
    auto pattern = std::make_unique<RE2>(c[1]);
    if (!pattern->ok()) return absl::InvalidArgumentError(pattern->error());
    datelines_[c[0]].push_back(std::move(pattern));
    return absl::OkStatus();
  });
  if (!loaded.ok()) return loaded;

  // Sino-Vietnamese readings: Unihan first, the supplement over it.
  const auto code_point = [](const std::string& u) -> char32_t {
    uint32_t value = 0;
    return absl::SimpleHexAtoi(absl::string_view(u).substr(2), &value) ? value : 0;
  };
  loaded = ForEachDataRow("unihan_vi.tsv", 3, [&](const auto& c) {
    const char32_t ch = code_point(c[0]);
    if (c[1] == "kVietnamese") {
      vietnamese_reading_[ch] = std::string(absl::StrSplit(c[2], ' ').begin()->data(),
                                            absl::StrSplit(c[2], ' ').begin()->size());
    } else {
      traditional_.emplace(ch, code_point(std::string(*absl::StrSplit(c[2], ' ').begin())));
    }
    return absl::OkStatus();
  });
  if (!loaded.ok()) return loaded;
  const auto first_char = [](const std::string& s) -> char32_t {
    const icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
    return u.isEmpty() ? 0 : static_cast<char32_t>(u.char32At(0));
  };
  loaded = ForEachDataRow("sino_vietnamese_supplement.tsv", 2, [&](const auto& c) {
    vietnamese_reading_[first_char(c[0])] = c[1];
    return absl::OkStatus();
  });
  if (!loaded.ok()) return loaded;
  loaded = ForEachDataRow("vietnamese_surnames.tsv", 2, [&](const auto& c) {
    vietnamese_surnames_[first_char(c[0])] = std::string(*absl::StrSplit(c[1], '/').begin());
    return absl::OkStatus();
  });
  if (!loaded.ok()) return loaded;

  // Arabic writes prepositions and the article glued to names.
  std::vector<std::string> arabic_clitics = {"و", "ال", "وال", "ب", "بال", "ل", "لل", "ف"};
  for (const char* language : kLanguages) {
    gazetteers_[language] = Lexicon::Build(
        language, entries[language],
        std::string(language) == "ar" ? arabic_clitics : std::vector<std::string>{});
  }
  return absl::OkStatus();
}

const Lexicon* EntityExtractor::GazetteerFor(const std::string& language) const {
  auto it = gazetteers_.find(language);
  return it == gazetteers_.end() ? gazetteers_.at("en").get() : it->second.get();
}

// -------------------------------------------------------------- linking keys

std::string EntityExtractor::SinoVietnamese(std::string_view han) const {
  std::vector<std::string> syllables;
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(han.data(), han.size()));
  for (int32_t i = 0; i < u.length(); i = u.moveIndex32(i, 1)) {
    const char32_t c = static_cast<char32_t>(u.char32At(i));
    if (i == 0) {
      if (auto s = vietnamese_surnames_.find(c); s != vietnamese_surnames_.end()) {
        syllables.push_back(s->second);
        continue;
      }
    }
    auto reading = vietnamese_reading_.find(c);
    if (reading == vietnamese_reading_.end()) {
      auto trad = traditional_.find(c);
      if (trad != traditional_.end()) reading = vietnamese_reading_.find(trad->second);
    }
    if (reading == vietnamese_reading_.end()) return "";
    syllables.push_back(TitleCase(reading->second));
  }
  return absl::StrJoin(syllables, " ");
}

std::string EntityExtractor::LatinKey(std::string_view name) const {
  const std::string ascii = FoldToAscii(name);
  std::string key;
  for (char c : ascii) {
    if (absl::ascii_isalnum(static_cast<unsigned char>(c))) key.push_back(c);
  }
  return key;
}

std::vector<std::string> EntityExtractor::Skeleton(std::string_view name) const {
  const std::string ascii = FoldToAscii(name);
  std::vector<std::string> words;
  for (absl::string_view word : absl::StrSplit(ascii, absl::ByAnyChar(" -'"), absl::SkipEmpty())) {
    std::string skeleton;
    for (char c : word) {
      // Sounds Arabic script writes with one letter or not at all.
      switch (c) {
        case 'a': case 'e': case 'i': case 'o': case 'u': case 'y': case 'w': case 'h':
          continue;
        case 'j': c = 'g'; break;
        case 'q': case 'c': c = 'k'; break;
        case 'v': c = 'f'; break;
        case 'p': c = 'b'; break;
        case 'z': c = 's'; break;
        default: break;
      }
      if (!absl::ascii_isalpha(static_cast<unsigned char>(c))) continue;
      if (c == 'x') {
        skeleton += "ks";
      } else if (skeleton.empty() || skeleton.back() != c) {
        skeleton.push_back(c);
      }
    }
    if (!skeleton.empty()) words.push_back(skeleton);
  }
  return words;
}

bool EntityExtractor::SkeletonsMatch(const std::vector<std::string>& a,
                                     const std::vector<std::string>& b) {
  if (a.empty() || a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const std::string& x = a[i].size() <= b[i].size() ? a[i] : b[i];
    const std::string& y = a[i].size() <= b[i].size() ? b[i] : a[i];
    // Silent endings drop out of transliteration: Lacroix, لاكروا.
    if (x.size() < std::min<size_t>(2, y.size()) || y.compare(0, x.size(), x) != 0) return false;
  }
  return true;
}

// ------------------------------------------------------------------- running

// One document's extraction.
class EntityExtractor::Run {
 public:
  Run(const EntityExtractor& owner, const StructureInput& input)
      : owner_(owner), in_(input), text_(input.text), gaz_(*owner.GazetteerFor(input.language)) {}

  StructureFacts Extract() {
    Scan();
    FindPersonsByTitle();
    FindLaterPersonMentions();
    TieMinistries();
    AssembleEntities();
    FindEvents();
    FindDateline();
    return std::move(out_);
  }

 private:
  struct Token {
    ByteRange span;
    LexiconMatch match;
  };
  struct DocEntity {
    std::string id;
    v1::EntityType type;
    std::string name;
    // Persons only: the linking keys of the name, computed once.
    std::string key;
    std::vector<std::string> skeleton;
  };
  // A place an entity is named; `role` is the title written beside it
  // (empty when none). Entities live in entities_, whose addresses are
  // stable.
  struct Mention {
    const DocEntity* entity;
    ByteRange span;
    ByteRange role;
  };
  const DocEntity* Entity(const std::string& id) const { return &entities_.at(id); }
  bool Spent() const { return Budget::Spent(in_.budget); }

  bool Excluded(size_t pos) const {
    auto r = std::upper_bound(in_.excluded.begin(), in_.excluded.end(), pos,
                              [](size_t p, const ByteRange& range) { return p < range.begin; });
    return r != in_.excluded.begin() && pos < std::prev(r)->end;
  }

  // One pass over the text with the language's gazetteer: names, titles,
  // ministries, country adjectives and event triggers.
  // Whether `span` holds Latin letters and none of them is upper case: a
  // common noun, not a name ("la réunion", "un").
  bool AllLowerCaseLatin(ByteRange span) const {
    bool latin = false;
    for (size_t i = span.begin; i < span.end;) {
      size_t next;
      const int32_t c = CharAt(text_, i, &next);
      if (u_isupper(c)) return false;
      latin |= IsWordLetter(c) && c < 0x0250;
      i = next;
    }
    return latin;
  }

  // The start of the word after the one at `pos` (the next character for
  // Chinese), at most `limit`.
  size_t NextWordStart(size_t pos, size_t limit) const {
    size_t next;
    const int32_t c = CharAt(text_, pos, &next);
    if (!IsWordLetter(c)) return std::min(next, limit);
    while (next < limit && IsWordLetter(CharAt(text_, next, &next))) {
    }
    size_t i = next;
    while (i < limit && !IsWordLetter(CharAt(text_, i, &next)) && !IsHan(CharAt(text_, i, &next))) {
      i = next;
    }
    return std::min(i, limit);
  }

  // Boilerplate is scanned too (photo credits name the sources), but its
  // tokens name no entity and trigger no event.
  void Scan() {
    size_t i = 0;
    size_t excluded = 0;
    size_t unread = 0;
    while (i < text_.size() && !Spent()) {
      while (unread < in_.unread.size() && in_.unread[unread].end <= i) ++unread;
      if (unread < in_.unread.size() && in_.unread[unread].begin <= i) {
        i = in_.unread[unread].end;
        continue;
      }
      while (excluded < in_.excluded.size() && in_.excluded[excluded].end <= i) ++excluded;
      const bool in_boilerplate =
          excluded < in_.excluded.size() && in_.excluded[excluded].begin <= i;
      size_t next;
      const int32_t c = CharAt(text_, i, &next);
      const LexiconMatch m = gaz_.MatchAt(text_, i);
      if (m.ok()) {
        const ByteRange span{m.surface_begin > 0 ? m.surface_begin : i, m.end};
        if (m.Has(LexKind::kSource)) {
          const std::string& name = m.Get(LexKind::kSource)->text;
          if (std::find(out_.sources.begin(), out_.sources.end(), name) == out_.sources.end()) {
            out_.sources.push_back(name);
          }
        }
        // A title may begin a longer name ("رئيس البعثة" and the mission
        // "البعثة الدائمة ..."): the scan goes on after the title's first
        // word, not after all of it.
        const bool title_only = !m.Has(LexKind::kEntity) &&
                                (m.Has(LexKind::kTitleBefore) || m.Has(LexKind::kTitleAfter));
        i = title_only ? NextWordStart(i, m.end) : m.end;
        if (in_boilerplate) continue;
        if (m.Has(LexKind::kEntity) && AllLowerCaseLatin(span) &&
            !m.Has(LexKind::kTitleBefore) && !m.Has(LexKind::kEventTrigger)) {
          continue;  // "la réunion" is a meeting, not La Réunion
        }
        tokens_.push_back({span, m});
        // Persons named in full are known before titles are read, so a
        // surname alone links to them ("Lacroix").
        if (const LexEntry* e = m.Get(LexKind::kEntity);
            e != nullptr && owner_.known_[static_cast<size_t>(e->number)].type == v1::PERSON) {
          Known(static_cast<size_t>(e->number));
        }
      } else if (IsWordLetter(c)) {
        while (i < text_.size() && IsWordLetter(CharAt(text_, i, &next))) i = next;
      } else {
        i = next;
      }
    }
  }

  void AddEntity(const std::string& id, v1::EntityType type, const std::string& name) {
    if (entities_.count(id) > 0) return;
    entity_order_.push_back(id);
    DocEntity& e = entities_[id];
    e = {id, type, name, "", {}};
    if (type == v1::PERSON) {
      e.key = owner_.LatinKey(name);
      e.skeleton = owner_.Skeleton(name);
    }
  }

  // A person named as written at `span`: linked to a known person or to one
  // already met in this document, or new.
  std::string LinkPerson(ByteRange span, const std::string& alias) {
    const std::string written = Slice(text_, span);
    std::string latin = alias;
    size_t after_first;
    const int32_t first = CharAt(text_, span.begin, &after_first);
    if (latin.empty() && IsHan(first)) {
      latin = owner_.SinoVietnamese(written);
      if (latin.empty()) latin = TitleCase(Transliterate("Han-Latin; Latin-ASCII", written));
    }
    if (latin.empty() && IsArabicLetter(first)) {
      if (const std::string* id = KnownPersonBySkeleton(written)) return *id;
      latin = TitleCase(Transliterate("Any-Latin; Latin-ASCII", written));
    }
    if (latin.empty()) latin = written;
    const std::string key = owner_.LatinKey(latin);
    if (auto it = owner_.person_by_key_.find(key); it != owner_.person_by_key_.end()) {
      return Known(it->second);
    }
    // A surname alone names the person met before with that surname.
    for (const std::string& id : entity_order_) {
      const DocEntity& e = entities_.at(id);
      if (e.type != v1::PERSON) continue;
      const std::string& other = e.key;
      if (other.size() > key.size() && other.compare(other.size() - key.size(), key.size(), key) == 0) {
        return id;
      }
    }
    const std::string id = absl::StrCat(
        "person:", absl::StrJoin(absl::StrSplit(Transliterate("Any-Latin; Latin-ASCII; Lower", latin),
                                                absl::ByAnyChar(" -'."), absl::SkipEmpty()),
                                 "-"));
    AddEntity(id, v1::PERSON, latin);
    return id;
  }

  // The person an Arabic-script name renders, by skeleton: a known person,
  // or one met in this document; a single word matches a surname.
  const std::string* KnownPersonBySkeleton(const std::string& written) {
    const std::vector<std::string> skeleton = owner_.Skeleton(written);
    const auto matches = [&](std::vector<std::string> other) {
      if (skeleton.size() == 1 && other.size() > 1) other = {other.back()};
      return SkeletonsMatch(other, skeleton);
    };
    for (const std::string& id : entity_order_) {
      const DocEntity& e = entities_.at(id);
      if (e.type == v1::PERSON && matches(e.skeleton)) return &e.id;
    }
    if (skeleton.size() < 2) return nullptr;  // a surname alone links only within the document
    for (const auto& [known, index] : owner_.person_skeletons_) {
      if (matches(known)) {
        Known(index);
        return &entities_.at(owner_.known_[index].id).id;
      }
    }
    return nullptr;
  }

  std::string Known(size_t index) {
    const auto& k = owner_.known_[index];
    AddEntity(k.id, k.type, k.name);
    return k.id;
  }

  // The name a title introduces, by script. An organization or country
  // between them belongs to the title ("نائب الأمين العام للأمم المتحدة
  // جان بيير لاكروا", "联合国副秘书长").
  ByteRange NameAfter(size_t pos, std::string* alias) {
    size_t next;
    while (pos < text_.size() && IsSpaceChar(CharAt(text_, pos, &next))) pos = next;
    if (const LexiconMatch m = gaz_.MatchAt(text_, pos); m.Has(LexKind::kEntity)) {
      const auto& known = owner_.known_[static_cast<size_t>(m.Get(LexKind::kEntity)->number)];
      if (known.type != v1::PERSON) {
        pos = m.end;
        while (pos < text_.size() && IsSpaceChar(CharAt(text_, pos, &next))) pos = next;
      }
    }
    size_t after_first;
    const int32_t c = CharAt(text_, pos, &after_first);
    ByteRange name{pos, pos};
    if (IsHan(c)) {
      // A transliterated foreign name: parts joined by · or -.
      size_t end = pos;
      size_t i = pos;
      bool dotted = false;
      for (int chars = 0; i < text_.size() && chars < 16; ++chars) {
        const int32_t d = CharAt(text_, i, &next);
        if (d == 0x00B7 || d == 0x30FB || d == '-' || d == 0x2027) {
          dotted = true;
        } else if (IsHanNameStop(d)) {
          break;
        }
        i = next;
        end = i;
      }
      if (dotted) {
        name.end = end;
      } else if (owner_.vietnamese_surnames_.contains(static_cast<char32_t>(c))) {
        // Surname and a given name of one or two characters.
        size_t p = after_first;
        int given = 0;
        while (given < 2 && p < text_.size()) {
          const int32_t d = CharAt(text_, p, &next);
          if (IsHanNameStop(d) || (given == 1 && gaz_.MatchAt(text_, p).Has(LexKind::kTitleAfter))) {
            break;
          }
          p = next;
          ++given;
        }
        if (given > 0) name.end = p;
      }
      // "(Jean-Pierre Lacroix)" right after: a Latin alias.
      size_t a = name.end;
      const int32_t open = CharAt(text_, a, &next);
      if (!name.empty() && (open == '(' || open == 0xFF08)) {
        const size_t close = text_.find_first_of(")）", next);
        if (close != std::string_view::npos && close - next < 60) {
          const std::string inside(text_.substr(next, close - next));
          if (!inside.empty() && absl::ascii_isupper(static_cast<unsigned char>(inside[0]))) {
            *alias = inside;
          }
        }
      }
      return name;
    }
    if (IsArabicLetter(c)) {
      // Words up to a function word, a word with a glued preposition or
      // conjunction (لمناقشة, ودعم), an adverb (شخصيًا) or a known word. The
      // longest run that names a known person wins; an unknown name needs
      // two words at least (one word after a title is too often not a name).
      static const absl::flat_hash_set<std::string> kStops = {
          "على", "في", "من", "إلى", "مع", "عن", "إن", "أن", "قد", "لدى", "رئيس", "خلال"};
      std::vector<size_t> ends;
      std::vector<bool> doubtful;  // a glued preposition or conjunction, an adverb
      size_t i = pos;
      while (i < text_.size() && ends.size() < 4) {
        size_t end = i;
        while (end < text_.size() && IsWordLetter(CharAt(text_, end, &next))) end = next;
        if (end == i) break;
        const std::string word(text_.substr(i, end - i));
        if (kStops.contains(word) || word.rfind("ال", 0) == 0 || gaz_.MatchAt(text_, i).ok()) break;
        doubtful.push_back(word.rfind("و", 0) == 0 || word.rfind("ل", 0) == 0 ||
                           word.rfind("ب", 0) == 0 || absl::EndsWith(word, "ًا"));
        ends.push_back(end);
        i = end;
        if (CharAt(text_, i, &next) != ' ') break;
        i = next;
      }
      for (auto end = ends.rbegin(); end != ends.rend(); ++end) {
        if (KnownPersonBySkeleton(Slice(text_, {pos, *end})) != nullptr) {
          name.end = *end;
          return name;
        }
      }
      size_t sure = 0;
      while (sure < ends.size() && !doubtful[sure]) ++sure;
      if (sure >= 2) name.end = ends[sure - 1];
      return name;
    }
    // Latin: capitalized words ("Đặng Hoàng Giang", "Jean-Pierre Lacroix").
    size_t i = pos;
    for (int words = 0; i < text_.size() && words < 5; ++words) {
      const int32_t d = CharAt(text_, i, &next);
      if (!u_isupper(d)) break;
      size_t end = i;
      for (int32_t e; end < text_.size(); end = next) {
        e = CharAt(text_, end, &next);
        if (!IsWordLetter(e) && e != '-') break;
      }
      name.end = end;
      i = end;
      if (CharAt(text_, i, &next) != ' ') break;
      i = next;
    }
    return name;
  }

  // A Vietnamese name in Chinese characters right before a title that
  // follows it ("黎怀忠大使", "黄春战上将"): two or three characters from a
  // family name.
  ByteRange HanNameBefore(size_t pos) const {
    std::vector<size_t> starts;  // nearest first
    size_t p = pos;
    for (int chars = 0; chars < 3 && p > 0; ++chars) {
      size_t prev;
      const int32_t c = CharBefore(text_, p, &prev);
      if (!IsHan(c) || IsHanNameStop(c)) break;
      p = prev;
      starts.push_back(p);
    }
    for (auto start = starts.rbegin(); start != starts.rend(); ++start) {
      size_t next;
      const int32_t c = CharAt(text_, *start, &next);
      if (pos - *start >= 6 && owner_.vietnamese_surnames_.contains(static_cast<char32_t>(c))) {
        return {*start, pos};
      }
    }
    return {pos, pos};
  }

  void FindPersonsByTitle() {
    for (size_t t = 0; t < tokens_.size() && !Spent(); ++t) {
      const Token& token = tokens_[t];
      if (!token.match.Has(LexKind::kTitleBefore) && !token.match.Has(LexKind::kTitleAfter)) {
        continue;
      }
      std::string alias;
      ByteRange name = token.match.Has(LexKind::kTitleBefore) ? NameAfter(token.span.end, &alias)
                                                             : ByteRange{token.span.end, token.span.end};
      size_t before_title;
      if (name.empty() && IsHan(CharBefore(text_, token.span.begin, &before_title))) {
        name = HanNameBefore(token.span.begin);
        // Named already by the title before it ("副部长黄春战上将"): that
        // mention is among the last few.
        const size_t recent = std::min<size_t>(mentions_.size(), 4);
        if (!name.empty() && std::any_of(mentions_.end() - recent, mentions_.end(),
                                         [&](const Mention& m) { return m.span.begin == name.begin; })) {
          continue;
        }
      }
      if (name.empty()) {
        // "the ambassador" alone names the person last given that title.
        const std::string title = FoldToAscii(Slice(text_, token.span));
        // Among the recent mentions only: a title stands for someone named
        // shortly before.
        const auto oldest = mentions_.rbegin() + std::min<size_t>(mentions_.size(), 64);
        for (auto m = mentions_.rbegin(); m != oldest; ++m) {
          if (m->entity->type == v1::PERSON && !m->role.empty() &&
              FoldToAscii(Slice(text_, m->role)) == title) {
            mentions_.push_back({m->entity, token.span, token.span});
            break;
          }
        }
        continue;
      }
      // Titles chain ("副部长" then a name then "上将"): the role is the
      // title nearest the name.
      const std::string id = LinkPerson(name, alias);
      mentions_.push_back({Entity(id), name, token.span});
      person_surfaces_[id].insert(Slice(text_, name));
    }
  }

  // Later mentions of a person met with a title: the same surface, or the
  // last word of the name ("Lacroix", "لاكروا"; Vietnamese news names people
  // by their given name: "Giang"). A few surfaces per document, each found
  // with a plain substring search.
  void FindLaterPersonMentions() {
    std::vector<std::pair<std::string, std::string>> surfaces;  // (surface, id)
    for (const auto& [id, forms] : person_surfaces_) {
      for (const std::string& form : forms) {
        surfaces.push_back({form, id});
        const size_t space = form.rfind(' ');
        if (space != std::string::npos && form.size() - space > 4) {
          surfaces.push_back({form.substr(space + 1), id});
        }
      }
    }
    for (const std::string& id : entity_order_) {
      if (entities_.at(id).type == v1::PERSON) surfaces.push_back({entities_.at(id).name, id});
    }
    // Longest first, so "Jean-Pierre Lacroix" is taken before "Lacroix".
    std::sort(surfaces.begin(), surfaces.end(),
              [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    std::map<size_t, size_t> taken;  // begin -> end of spans already named
    for (const Mention& m : mentions_) taken[m.span.begin] = m.span.end;
    const auto overlaps = [&](ByteRange r) {
      auto after = taken.lower_bound(r.begin);
      if (after != taken.end() && after->first < r.end) return true;
      return after != taken.begin() && std::prev(after)->second > r.begin;
    };
    for (const auto& [surface, id] : surfaces) {
      for (size_t pos = text_.find(surface); pos != std::string_view::npos && !Spent();
           pos = text_.find(surface, pos + 1)) {
        const ByteRange span{pos, pos + surface.size()};
        size_t unused;
        const bool starts_word =
            WordStart(text_, pos) == pos || gaz_.FollowsGluedClitic(text_, pos);
        const bool ends_word = !IsWordLetter(CharAt(text_, span.end, &unused));
        if (!starts_word || !ends_word || Excluded(pos) || overlaps(span)) continue;
        mentions_.push_back({Entity(id), span, {}});
        taken[span.begin] = span.end;
      }
    }
  }

  // A ministry belongs to the country written next to it ("越南国防部",
  // "Bộ Quốc phòng Việt Nam"), or else to the article's main country.
  void TieMinistries() {
    for (size_t t = 0; t < tokens_.size(); ++t) {
      const LexEntry* ministry = tokens_[t].match.Get(LexKind::kMinistry);
      if (ministry == nullptr) continue;
      const LexEntry* country = nullptr;
      for (size_t n : {t - 1, t + 1}) {
        if (n >= tokens_.size()) continue;
        const ByteRange gap = n < t ? ByteRange{tokens_[n].span.end, tokens_[t].span.begin}
                                    : ByteRange{tokens_[t].span.end, tokens_[n].span.begin};
        if (gap.size() > 12) continue;
        for (LexKind kind : {LexKind::kEntity, LexKind::kCountryAdjective}) {
          const LexEntry* e = tokens_[n].match.Get(kind);
          if (e != nullptr && owner_.known_[static_cast<size_t>(e->number)].type == v1::COUNTRY) country = e;
        }
        if (country != nullptr) break;
      }
      pending_ministries_.push_back(
          {t, static_cast<size_t>(ministry->number), country == nullptr ? -1 : long(country->number)});
    }
  }

  void AssembleEntities() {
    // Gazetteer names and country adjectives tied to ministries.
    std::map<std::string, size_t> country_mentions;
    for (const Token& token : tokens_) {
      const LexEntry* e = token.match.Get(LexKind::kEntity);
      if (e == nullptr) continue;
      const std::string id = Known(static_cast<size_t>(e->number));
      mentions_.push_back({Entity(id), token.span, {}});
      if (owner_.known_[static_cast<size_t>(e->number)].type == v1::COUNTRY) ++country_mentions[id];
    }
    std::string main_country;
    size_t most = 0;
    for (const auto& [id, n] : country_mentions) {
      if (n > most) {
        most = n;
        main_country = id;
      }
    }
    for (const auto& [t, ministry_index, country_index] : pending_ministries_) {
      const Ministry& ministry = owner_.ministries_[ministry_index];
      std::string iso2, country_name;
      if (country_index >= 0) {
        iso2 = owner_.known_[country_index].iso2;
        country_name = owner_.known_[country_index].name;
      } else if (!main_country.empty()) {
        const auto& k = owner_.known_[owner_.known_by_id_.at(main_country)];
        iso2 = k.iso2;
        country_name = k.name;
      }
      const std::string id = iso2.empty() ? absl::StrCat("org:ministry-", ministry.key)
                                          : absl::StrCat("org:ministry-", ministry.key, ":", iso2);
      AddEntity(id, v1::ORGANIZATION,
                country_name.empty() ? ministry.name : absl::StrCat(ministry.name, " (", country_name, ")"));
      mentions_.push_back({Entity(id), tokens_[t].span, {}});
    }
    std::sort(mentions_.begin(), mentions_.end(),
              [](const Mention& a, const Mention& b) { return a.span.begin < b.span.begin; });
    // Overlapping mentions: the longer one stands.
    std::vector<Mention> kept;
    for (const Mention& m : mentions_) {
      if (!kept.empty() && m.span.begin < kept.back().span.end) {
        // The longer stands; of two alike, the one with a role.
        const Mention& k = kept.back();
        if (m.span.size() > k.span.size() ||
            (m.span.size() == k.span.size() && k.role.empty() && !m.role.empty())) {
          kept.back() = m;
        }
        continue;
      }
      kept.push_back(m);
    }
    mentions_ = std::move(kept);

    absl::flat_hash_map<std::string, size_t> index;
    for (const Mention& m : mentions_) {
      auto [it, inserted] = index.emplace(m.entity->id, out_.entities.size());
      if (inserted) {
        const DocEntity& e = *m.entity;
        out_.entities.push_back({e.id, e.type, e.name, {}, 0});
      }
      out_.entities[it->second].mentions.push_back({m.span, Slice(text_, m.role)});
    }
    // Salience: mentions, an early first mention, and the headline.
    size_t max_mentions = 1;
    for (const EntityFact& e : out_.entities) max_mentions = std::max(max_mentions, e.mentions.size());
    const double length = std::max<size_t>(1, text_.size());
    for (EntityFact& e : out_.entities) {
      const bool in_headline =
          !in_.headline.empty() && e.mentions.front().span.begin < in_.headline.end;
      const double early = 1.0 - e.mentions.front().span.begin / length;
      e.salience = static_cast<float>(0.5 * e.mentions.size() / max_mentions + 0.3 * early +
                                      (in_headline ? 0.2 : 0.0));
    }
  }

  // Sentences of the body that hold an event trigger, with the entities
  // mentioned in them.
  void FindEvents() {
    // Sentences end at a line break or a terminal mark (a full stop only
    // before white space or the end: "1.000" goes on). Scanned by bytes.
    std::vector<ByteRange> sentences;
    size_t start = in_.body.begin;
    const auto* bytes = reinterpret_cast<const unsigned char*>(text_.data());
    const auto space_or_end = [&](size_t i) {
      return i >= in_.body.end || bytes[i] == ' ' || bytes[i] == '\n' || bytes[i] == '\r' ||
             bytes[i] == '\t';
    };
    for (size_t i = in_.body.begin; i < in_.body.end; ++i) {
      size_t end = 0;
      const unsigned char b = bytes[i];
      if (b == '\n' || b == '!' || b == '?' || (b == '.' && space_or_end(i + 1))) {
        end = i + 1;
      } else if (i + 2 < in_.body.end &&
                 ((b == 0xE3 && bytes[i + 1] == 0x80 && bytes[i + 2] == 0x82) ||    // 。
                  (b == 0xEF && bytes[i + 1] == 0xBC &&
                   (bytes[i + 2] == 0x81 || bytes[i + 2] == 0x9F)))) {              // ！？
        end = i + 3;
      } else if (i + 1 < in_.body.end && b == 0xD8 && bytes[i + 1] == 0x9F) {  // ؟
        end = i + 2;
      }
      if (end == 0) continue;
      if (end > start + 1) sentences.push_back({start, end});
      start = end;
      i = end - 1;
    }
    if (in_.body.end > start + 1) sentences.push_back({start, in_.body.end});
    const NumberFacts* numbers = in_.numbers;
    std::string last_person;  // the subject a later sentence may leave out
    size_t last_person_sentence = 0;
    // Tokens and mentions are in text order: each sentence takes its own
    // slice of them, so the pass stays linear.
    size_t first_token = 0;
    size_t first_mention = 0;
    for (size_t s = 0; s < sentences.size() && !Spent(); ++s) {
      const ByteRange& sentence = sentences[s];
      while (first_token < tokens_.size() && tokens_[first_token].span.begin < sentence.begin) {
        ++first_token;
      }
      while (first_mention < mentions_.size() &&
             mentions_[first_mention].span.begin < sentence.begin) {
        ++first_mention;
      }
      size_t end_mention = first_mention;
      while (end_mention < mentions_.size() && mentions_[end_mention].span.begin < sentence.end) {
        ++end_mention;
      }
      const auto sentence_mentions = absl::MakeConstSpan(mentions_).subspan(
          first_mention, end_mention - first_mention);
      if (Excluded(sentence.begin)) continue;
      uint32_t types_seen = 0;  // bit per EventType found in this sentence
      std::array<int, 8> tries{};
      for (size_t t = first_token; t < tokens_.size() && tokens_[t].span.begin < sentence.end; ++t) {
        const Token& token = tokens_[t];
        const LexEntry* trigger = token.match.Get(LexKind::kEventTrigger);
        if (trigger == nullptr) continue;
        v1::EventType type = v1::EVENT_TYPE_UNSPECIFIED;
        if (!v1::EventType_Parse(trigger->text, &type)) continue;
        // A few tries per type and sentence (an event found, or three
        // triggers that gave none): this keeps long sentences linear.
        if ((types_seen >> type) & 1 || tries[type] >= 3) continue;
        ++tries[type];
        std::vector<std::string> participants;
        absl::flat_hash_set<std::string> seen_participants;
        std::string person_before, person_after, location;
        for (const Mention& m : sentence_mentions) {
          const v1::EntityType etype = m.entity->type;
          if (etype == v1::LOCATION) {
            if (location.empty()) location = m.entity->id;
            continue;
          }
          if (etype == v1::PERSON && m.span.begin < token.span.begin) person_before = m.entity->id;
          // Verb first (Arabic "أكد نائب الأمين العام ...", "said Lacroix"):
          // the person right after the verb.
          if (etype == v1::PERSON && person_after.empty() && m.span.begin >= token.span.end &&
              m.span.begin - token.span.end <= kSubjectAfterVerbBytes) {
            person_after = m.entity->id;
          }
          if (seen_participants.insert(m.entity->id).second) participants.push_back(m.entity->id);
        }
        EventFact event{type, {}, "", location, sentence};
        if (numbers != nullptr) {
          auto d = std::lower_bound(
              numbers->dates.begin(), numbers->dates.end(), sentence.begin,
              [](const DateFact& f, size_t pos) { return f.span.begin < pos; });
          if (d != numbers->dates.end() && d->span.end <= sentence.end) event.date = d->value;
        }
        bool counted = false;
        if (numbers != nullptr) {
          auto q = std::lower_bound(
              numbers->quantities.begin(), numbers->quantities.end(), sentence.begin,
              [](const QuantityFact& f, size_t pos) { return f.span.begin < pos; });
          counted = q != numbers->quantities.end() && q->span.end <= sentence.end;
        }
        switch (type) {
          case v1::STATEMENT:
            // "Il a affirmé", "وأكد": a pronoun, or a verb that opens the
            // sentence, stands for the person of the sentence before.
            if (person_before.empty() && s <= last_person_sentence + 2 &&
                (PronounBetween(first_token, t) ||
                 OpensSentence(sentence.begin, token.span.begin)) &&
                std::none_of(participants.begin(), participants.end(), [&](const std::string& id) {
                  return entities_.at(id).type == v1::PERSON;
                })) {
              person_before = last_person;
            }
            if (person_before.empty()) person_before = person_after;
            if (person_before.empty()) continue;
            event.participant_ids = {person_before};
            break;
          case v1::ELECTION: {
            // Who was elected (a country, else a person) and the body.
            std::string elected, body;
            for (const auto& id : participants) {
              const v1::EntityType t = entities_.at(id).type;
              if (elected.empty() && t == v1::COUNTRY) elected = id;
            }
            for (const Mention& m : sentence_mentions) {
              if (m.span.begin >= token.span.end &&
                  m.entity->type == v1::ORGANIZATION && body.empty()) {
                body = m.entity->id;
              }
            }
            if (elected.empty() || body.empty()) continue;
            event.participant_ids = {elected, body};
            break;
          }
          case v1::MEETING: {
            // People meet: two of them at least.
            std::vector<std::string> people;
            for (const auto& id : participants) {
              if (entities_.at(id).type == v1::PERSON) people.push_back(id);
            }
            if (people.size() < 2) continue;
            event.participant_ids = people;
            break;
          }
          case v1::AGREEMENT: {
            // People meet; when people are named, they are the parties.
            std::vector<std::string> people;
            for (const auto& id : participants) {
              if (entities_.at(id).type == v1::PERSON) people.push_back(id);
            }
            event.participant_ids = people.size() >= 2 ? people : participants;
            if (event.participant_ids.size() < 2) continue;
            break;
          }
          case v1::DEPLOYMENT: {
            // The country that sends (named before the verb) and the
            // missions or bodies it sends to; not the places.
            if (!counted) continue;
            std::string sender;
            for (const Mention& m : sentence_mentions) {
              if (m.span.begin < token.span.begin &&
                  m.entity->type == v1::COUNTRY) {
                sender = m.entity->id;
                break;
              }
            }
            if (sender.empty()) continue;
            event.participant_ids = {sender};
            for (const Mention& m : sentence_mentions) {
              if (m.span.begin >= token.span.end &&
                  m.entity->type == v1::ORGANIZATION &&
                  std::find(event.participant_ids.begin(), event.participant_ids.end(),
                            m.entity->id) == event.participant_ids.end()) {
                event.participant_ids.push_back(m.entity->id);
              }
            }
            break;
          }
          default:
            if (participants.empty()) continue;
            event.participant_ids = participants;
        }
        // A meeting, agreement or election told twice is one event.
        types_seen |= uint32_t{1} << type;
        const bool repeated =
            type != v1::STATEMENT && type != v1::DEPLOYMENT &&
            std::any_of(out_.events.begin(), out_.events.end(), [&](const EventFact& e) {
              return e.type == type && e.participant_ids == event.participant_ids;
            });
        if (!repeated) out_.events.push_back(std::move(event));
      }
      for (const Mention& m : sentence_mentions) {
        if (m.entity->type == v1::PERSON) {
          last_person = m.entity->id;
          last_person_sentence = s;
        }
      }
    }
  }

  // Whether a pronoun is among tokens_[first, last).
  bool PronounBetween(size_t first, size_t last) const {
    for (size_t t = first; t < last; ++t) {
      if (tokens_[t].match.Has(LexKind::kPronoun)) return true;
    }
    return false;
  }

  // Whether no word stands before `pos` in its sentence (the verb opens
  // it: "Enfin," leaves only punctuation).
  bool OpensSentence(size_t begin, size_t pos) const {
    for (size_t i = begin; i < pos;) {
      size_t next;
      if (IsWordLetter(CharAt(text_, i, &next))) return false;
      i = next;
    }
    return true;
  }

  void FindDateline() {
    auto it = owner_.datelines_.find(in_.language);
    if (it == owner_.datelines_.end()) return;
    int paragraphs = 0;
    for (size_t pos = in_.body.begin; pos < in_.body.end && paragraphs < 6;) {
      size_t eol = text_.find('\n', pos);
      if (eol == std::string_view::npos || eol > in_.body.end) eol = in_.body.end;
      if (eol > pos && !Excluded(pos)) {
        ++paragraphs;
        const re2::StringPiece line(text_.data() + pos, eol - pos);
        for (const auto& pattern : it->second) {
          const int groups = pattern->NumberOfCapturingGroups();
          std::vector<re2::StringPiece> captures(groups + 1);
          if (!pattern->Match(line, 0, line.size(), RE2::ANCHOR_START, captures.data(),
                              groups + 1)) {
            continue;
          }
          const auto& names = pattern->NamedCapturingGroups();
          const auto group = [&](const char* name) -> std::string {
            auto g = names.find(name);
            return g == names.end() ? "" : std::string(captures[g->second].data(), captures[g->second].size());
          };
          out_.dateline.place = group("place");
          out_.dateline.date = group("date");
          const size_t begin = static_cast<size_t>(captures[0].data() - text_.data());
          out_.dateline.span = {begin, begin + captures[0].size()};
          return;
        }
      }
      pos = eol + 1;
    }
  }

  struct PendingMinistry {
    size_t token;
    size_t ministry;
    long country;  // index into known_, or -1
  };

  const EntityExtractor& owner_;
  const StructureInput& in_;
  std::string_view text_;
  const Lexicon& gaz_;
  std::vector<Token> tokens_;
  std::vector<Mention> mentions_;
  std::vector<PendingMinistry> pending_ministries_;
  // Entities of this document by id (stable addresses), and their ids in the
  // order they were met, for deterministic searches.
  absl::node_hash_map<std::string, DocEntity> entities_;
  std::vector<std::string> entity_order_;
  std::map<std::string, absl::flat_hash_set<std::string>> person_surfaces_;
  StructureFacts out_;
};

StructureFacts EntityExtractor::Extract(const StructureInput& input) const {
  return Run(*this, input).Extract();
}

}  // namespace factd
