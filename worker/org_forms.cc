#include "worker/org_forms.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "worker/name_keys.h"

namespace factd {
namespace {

bool Ends(const EntityDoc& doc, uint32_t i) {
  for (const Hit* h = doc.HitsBegin(i); h != doc.HitsEnd(i); ++h) {
    switch (h->entry.kind) {
      case EntryKind::kStop: case EntryKind::kTrigger: case EntryKind::kTitle:
      case EntryKind::kPronoun: case EntryKind::kSource:
        return true;
      default:
        break;
    }
  }
  return false;
}

// "số 3", "No. 5", "n° 7", "رقم 2", "第7号": the number of a numbered unit,
// as tokens [i, *end) and its digits.
bool NumberAt(const EntityDoc& doc, uint32_t i, uint32_t* end, std::string* digits, bool* marked) {
  const auto n = static_cast<uint32_t>(doc.tokens.size());
  uint32_t j = i;
  *marked = false;
  if (j < n && doc.tokens[j].type == TokenType::kWord) {
    *marked = true;
    const std::string marker = FoldToAscii(doc.Text(j, j + 1));
    if (marker != "so" && marker != "no" && marker != "n" && marker != "rqm" && marker != "raqm" &&
        marker != "number") {
      return false;
    }
    ++j;
    while (j < n && doc.tokens[j].type == TokenType::kPunct &&
           (doc.Text(j, j + 1) == "." || doc.Text(j, j + 1) == "\xC2\xB0" /*°*/ ||
            doc.Text(j, j + 1) == "\xC2\xBA" /*º*/)) {
      ++j;
    }
  }
  if (j >= n || doc.tokens[j].type != TokenType::kDigits) return false;
  *digits = std::string(doc.Text(j, j + 1));
  *end = j + 1;
  return true;
}

// Whether a person's name (found before organizations) starts at token i:
// the organization's name ends before it ("Bệnh viện Bạch Mai Đào Xuân Cơ").
bool StartsPerson(const EntityDoc& doc, uint32_t i) {
  const Candidate* c = doc.PersonAt(i);
  return c != nullptr && c->first == i;
}

}  // namespace

absl::StatusOr<std::unique_ptr<OrgForms>> OrgForms::Create(const Options& options) {
  if (options.tables == nullptr || options.reader == nullptr) {
    return absl::InvalidArgumentError("OrgForms needs tables and a name reader");
  }
  return std::unique_ptr<OrgForms>(new OrgForms(options));
}

std::string OrgForms::EnglishName(const EntityDoc& doc, uint32_t first, uint32_t end,
                                  const std::string& head, bool head_first,
                                  const std::string& number, bool marked, bool* proper_part) const {
  // The name's own words (in text order) come first in English, then its
  // descriptive words (in English order: reversed after a head that comes
  // first), then the head and the number.
  std::vector<std::string> proper, descriptive;
  // Han names read as Vietnamese (万春 -> Vạn Xuân) in an article about Viet
  // Nam, unless the country named right before is another ("中国滨江理工大学").
  bool sino_vietnamese = doc.vietnam_focus;
  for (uint32_t k = first >= 3 ? first - 3 : 0; k < std::min(end, first + 3); ++k) {
    for (const Hit* h = doc.HitsBegin(k); h != doc.HitsEnd(k); ++h) {
      if (h->entry.kind != EntryKind::kKnown && h->entry.kind != EntryKind::kAdjective) continue;
      const KnownEntity& c = options_.tables->known()[h->entry.ref];
      if (c.type == v1::COUNTRY && h->end <= first + 3) sino_vietnamese = c.country == "VN";
    }
  }
  for (uint32_t i = first; i < end;) {
    const Hit* word = doc.HitAt(i, EntryKind::kOrgWord);
    const Hit* known = doc.HitAt(i, EntryKind::kKnown);
    const Hit* adjective = doc.HitAt(i, EntryKind::kAdjective);
    // A nationality is the organization's country, not part of its name;
    // so is a country written before a Chinese name ("越南河内万春医院").
    if (adjective != nullptr && adjective->end <= end) {
      i = adjective->end;
      continue;
    }
    if (known != nullptr && known->end <= end && proper.empty() && descriptive.empty() &&
        !head_first && options_.tables->known()[known->entry.ref].type == v1::COUNTRY) {
      i = known->end;
      continue;
    }
    if (word != nullptr && word->end <= end) {
      // "-" in the table: a word English leaves out ("thành phố", 市).
      const std::string& english = options_.tables->org_words()[word->entry.ref].english;
      if (english != "-") descriptive.push_back(english);
      i = word->end;
    } else if (known != nullptr && known->end <= end) {
      proper.push_back(options_.tables->known()[known->entry.ref].name);
      i = known->end;
    } else if (doc.tokens[i].type == TokenType::kHan) {
      uint32_t j = i + 1;  // a phrase running past `end` is read as characters
      while (j < end && doc.tokens[j].type == TokenType::kHan && !doc.Is(j, EntryKind::kOrgWord) &&
             !doc.Is(j, EntryKind::kKnown)) {
        ++j;
      }
      const std::string_view han = doc.Text(i, j);
      // A Chinese proper name is one word in pinyin ("Yunling", "Kunming").
      std::string reading = sino_vietnamese ? options_.reader->SinoVietnamese(han) : "";
      if (reading.empty()) {
        reading = FoldToAscii(Transliterate("Han-Latin", han));
        reading.erase(std::remove(reading.begin(), reading.end(), ' '), reading.end());
        reading = TitleCase(reading);
      }
      proper.push_back(reading);
      i = j;
    } else if (doc.ArabicWord(i)) {
      uint32_t j = i + 1;
      while (j < end && doc.ArabicWord(j) && !doc.Is(j, EntryKind::kOrgWord) &&
             !doc.Is(j, EntryKind::kKnown)) {
        ++j;
      }
      const std::string arabic(doc.Text(i, j));
      std::string latin = options_.reader->ArabicVietnamese(arabic, false);
      if (latin.empty()) latin = options_.reader->RomanizeArabic(arabic);
      proper.push_back(latin);
      i = j;
    } else if ((doc.tokens[i].type == TokenType::kWord && doc.Capitalized(i)) ||
               doc.tokens[i].type == TokenType::kDigits) {
      std::string w(doc.Text(i, i + 1));
      if (!doc.tokens[i].Has(kSpaceBefore) && !proper.empty() && i > first) {
        proper.back() += w;  // "People's", "Hanoi-based"
      } else {
        proper.push_back(w);
      }
      ++i;
    } else {
      // Connectors ("de", "of") and punctuation are no part of the English
      // name; a joiner inside a word is.
      if (!proper.empty() && doc.tokens[i].type == TokenType::kPunct && !doc.tokens[i].Has(kSpaceBefore) &&
          i + 1 < end && !doc.tokens[i + 1].Has(kSpaceBefore)) {
        proper.back() += doc.Text(i, i + 1);
      }
      ++i;
    }
  }
  if (proper_part != nullptr) *proper_part = !proper.empty() || !number.empty();
  if (head_first) std::reverse(descriptive.begin(), descriptive.end());
  std::vector<std::string> parts = proper;
  parts.insert(parts.end(), descriptive.begin(), descriptive.end());
  parts.push_back(head);
  std::string name = absl::StrJoin(parts, " ");
  // "số 3", "No. 3", "第3": No. 3; a bare number stays bare ("Quân khu 4").
  if (!number.empty()) absl::StrAppend(&name, marked ? " No. " : " ", number);
  return name;
}

void OrgForms::Add(EntityDoc* doc, uint32_t first, uint32_t end, std::string name) const {
  if (name.empty() || doc->tokens[first].Has(kExcluded)) return;
  Candidate c;
  c.first = first;
  c.end = end;
  c.type = v1::ORGANIZATION;
  c.evidence = Evidence::kContext;
  c.name = std::move(name);
  doc->candidates.push_back(std::move(c));
}

void OrgForms::HeadFirst(EntityDoc* doc, const Hit& head) const {
  const OrgHead& form = options_.tables->org_heads()[head.entry.ref];
  // Vietnamese capitalizes an organization's name; a lower-case head of one
  // syllable is most often part of a word ("trụ sở", "toàn bộ").
  if (doc->language == "vi" && head.end - head.first == 1 && !doc->Capitalized(head.first)) return;
  const auto n = static_cast<uint32_t>(doc->tokens.size());
  uint32_t j = head.end;
  uint32_t name_end = head.end;
  std::string number;
  bool marked = false;
  int proper_words = 0;
  const bool arabic = doc->ArabicWord(head.first);
  for (int steps = 0; j < n && steps < 10; ++steps) {
    const Token& t = doc->tokens[j];
    if (t.Has(kLineStart) || t.Has(kExcluded) || Ends(*doc, j) || StartsPerson(*doc, j)) break;
    uint32_t number_end;
    if (NumberAt(*doc, j, &number_end, &number, &marked)) {
      name_end = j = number_end;
      break;  // the number closes the name
    }
    const Hit* part = doc->HitAt(j, EntryKind::kOrgWord);
    if (part == nullptr) part = doc->HitAt(j, EntryKind::kKnown);
    if (part != nullptr && doc->tables->known().size() > 0 && part->entry.kind == EntryKind::kKnown &&
        doc->tables->known()[part->entry.ref].type == v1::PERSON) {
      break;
    }
    if (part != nullptr) {
      name_end = j = part->end;
      continue;
    }
    if (arabic) {
      // Without capitals, the name's own words are those that read as a
      // Vietnamese name in an article about Viet Nam ("مستشفى فان شوان");
      // any other word after the head is the sentence going on.
      uint32_t read = 0;
      for (uint32_t length = 4; length >= 1 && read == 0; --length) {
        if (j + length > n || proper_words > 0) continue;
        bool words = true;
        for (uint32_t k = j; k < j + length && words; ++k) {
          words = doc->ArabicWord(k) && doc->tokens[k].bare_offset == 0 &&
                  !doc->Is(k, EntryKind::kStop) && !doc->tokens[k].Has(kLineStart);
        }
        if (words && doc->vietnam_focus &&
            !options_.reader->ArabicVietnamese(std::string(doc->Text(j, j + length)), false).empty()) {
          read = length;
        }
      }
      if (read == 0) break;
      proper_words += read;
      name_end = j = j + read;
      continue;
    }
    // Latin: capitalized words; a lower-case word inside the name
    // ("Đa khoa Vạn Xuân"); "de"/"of" and a place affix before more of it.
    const bool capitalized = doc->Capitalized(j);
    const bool more_after = doc->Capitalized(j + 1) || doc->Is(j + 1, EntryKind::kKnown) ||
                            doc->Is(j + 1, EntryKind::kOrgWord);
    const bool joiner = t.type == TokenType::kPunct && !t.Has(kSpaceBefore) && name_end == j &&
                        name_end > head.end && doc->Capitalized(j + 1) &&
                        !doc->tokens[j + 1].Has(kSpaceBefore);
    if (capitalized) {
      name_end = ++j;
    } else if (joiner) {
      ++j;  // "Saint-Aubin"
    } else if ((doc->Is(j, EntryKind::kConnector) || doc->Is(j, EntryKind::kPlaceBefore) ||
                (t.type == TokenType::kWord && name_end > head.end && doc->Capitalized(j - 1))) &&
               more_after) {
      ++j;
    } else {
      break;
    }
  }
  if (name_end == head.end) return;  // a bare head noun names no one
  if (arabic && number.empty()) {
    // Descriptive words alone ("المستشفى الميداني") name no one.
    bool proper = proper_words > 0;
    for (uint32_t k = head.end; k < name_end && !proper; ++k) proper = doc->Is(k, EntryKind::kKnown);
    if (!proper) return;
  }
  // A lower-case head with descriptive words alone is a common noun
  // ("unité de police", "bệnh viện dã chiến"); a name has a proper word, a
  // known name or a number.
  if (!doc->Capitalized(head.first) && number.empty() && !arabic &&
      doc->tokens[head.first].type != TokenType::kHan) {
    bool proper = false;
    for (uint32_t k = head.end; k < name_end && !proper; ++k) {
      proper = (doc->Capitalized(k) && !doc->Is(k, EntryKind::kOrgWord)) || doc->Is(k, EntryKind::kKnown);
    }
    if (!proper) return;
  }
  // The name's words in English order: modifiers, head, number.
  std::vector<std::string> parts;
  uint32_t words_end = name_end;
  if (!number.empty()) {
    words_end = name_end;
    while (words_end > head.end && doc->tokens[words_end - 1].type != TokenType::kWord) --words_end;
    if (words_end > head.end && !doc->Capitalized(words_end - 1) &&
        doc->tokens[words_end - 1].type == TokenType::kWord) {
      --words_end;  // the marker: "số", "No", "رقم"
    }
  }
  bool proper = false;
  std::string name = EnglishName(*doc, head.end, words_end, form.english, true, number, marked, &proper);
  if (!proper) return;  // "Tòa án nhân dân", "các bệnh viện đa khoa": common nouns
  if (doc->language == "en") name = std::string(doc->Text(head.first, name_end));
  Add(doc, head.first, name_end, name);
}

void OrgForms::HeadLast(EntityDoc* doc, const Hit& head) const {
  const OrgHead& form = options_.tables->org_heads()[head.entry.ref];
  uint32_t first = head.first;
  if (doc->tokens[head.first].type == TokenType::kHan) {
    // A known organization ending here is that one ("联合国人权理事会").
    for (uint32_t k = head.first >= 8 ? head.first - 8 : 0; k < head.first; ++k) {
      for (const Hit* h = doc->HitsBegin(k); h != doc->HitsEnd(k); ++h) {
        if (h->entry.kind == EntryKind::kKnown && h->end == head.end &&
            options_.tables->known()[h->entry.ref].type == v1::ORGANIZATION) {
          return;
        }
      }
    }
    // Back over the name: descriptive words, known places and
    // organizations, and at most three characters of a name of its own
    // ("云岭水电开发公司", not "公开宣判云岭..."); to punctuation, a stop word
    // or a verb.
    int own = 0;
    for (int steps = 0; first > 0 && steps < 12;) {
      const uint32_t k = first - 1;
      const Token& t = doc->tokens[k];
      if (t.type != TokenType::kHan || doc->tokens[first].Has(kSpaceBefore) || Ends(*doc, k)) break;
      // A phrase of the tables ending at `first`.
      uint32_t phrase = first;
      for (uint32_t b = first >= 8 ? first - 8 : 0; b < first && phrase == first; ++b) {
        for (const Hit* h = doc->HitsBegin(b); h != doc->HitsEnd(b); ++h) {
          if (h->end == first && (h->entry.kind == EntryKind::kOrgWord || h->entry.kind == EntryKind::kKnown ||
                                  h->entry.kind == EntryKind::kAdjective)) {
            phrase = b;
            break;
          }
        }
      }
      if (phrase < first) {
        steps += static_cast<int>(first - phrase);
        first = phrase;
        continue;
      }
      if (++own > 3) break;
      first = k;
      ++steps;
    }
    // The name starts and the head ends where words do: no "局" of 局势,
    // no "导委员会" out of 指导委员会.
    const std::vector<bool> starts = doc->HanWordStarts(first, head.end + 1);
    if (!starts.back()) return;
    while (first < head.first && !starts[first - (head.end + 1 - starts.size())]) ++first;
    // "第7号": a number before the head.
    if (first == head.first) return;
    bool proper = false;
    std::string name = EnglishName(*doc, first, head.first, form.english, false, "", false, &proper);
    if (proper) Add(doc, first, head.end, std::move(name));
    return;
  }
  // English: the capitalized words before a capitalized head ("Hanoi
  // People's Court"), and a number after a numbered one ("Field Hospital
  // No. 7").
  if (!doc->Capitalized(head.first)) return;
  // Back over words glued into one ("Level-2") that start with a capital,
  // and lower-case descriptive words between capitalized ones ("Nghe An
  // provincial People's Committee").
  while (first > 0 && !doc->tokens[first].Has(kLineStart)) {
    uint32_t group = first - 1;
    while (group > 0 && !doc->tokens[group].Has(kSpaceBefore) && !doc->tokens[group].Has(kLineStart) &&
           doc->tokens[group].type != TokenType::kWord) {
      --group;
    }
    const bool descriptive = doc->Is(group, EntryKind::kOrgWord) && group > 0 && doc->Capitalized(group - 1);
    if (!doc->Capitalized(group) && !descriptive) break;
    if (doc->Is(group, EntryKind::kTitle) || Ends(*doc, group)) break;
    first = group;
  }
  if (first < head.first && FoldToAscii(doc->Text(first, first + 1)) == "the") ++first;
  if (first == head.first) return;
  bool only_adjectives = true;
  for (uint32_t k = first; k < head.first; ++k) {
    only_adjectives &= doc->Is(k, EntryKind::kAdjective) || doc->Is(k, EntryKind::kOrgWord);
  }
  if (only_adjectives) return;  // "the Egyptian team"
  uint32_t end = head.end;
  std::string number;
  bool marked = false;
  uint32_t number_end;
  if (form.numbered && NumberAt(*doc, head.end, &number_end, &number, &marked)) end = number_end;
  Add(doc, first, end, std::string(doc->Text(first, end)));
}

void OrgForms::Ministry(EntityDoc* doc, const Hit& hit, const std::string& main_country) const {
  const ::factd::Ministry& ministry = options_.tables->ministries()[hit.entry.ref];
  // The country written beside it: "越南国防部", "Bộ Quốc phòng Việt Nam",
  // "le ministère vietnamien de la Défense".
  std::string country;
  const uint32_t from = hit.first >= 3 ? hit.first - 3 : 0;
  const uint32_t to = std::min<uint32_t>(hit.end + 3, static_cast<uint32_t>(doc->tokens.size()));
  // A country word inside a person's name is no country ("Bộ Tài chính Hồ
  // Đức Phớc": no Germany).
  const auto in_person = [&](uint32_t k) { return doc->PersonAt(k) != nullptr; };
  // A country word inside a longer name is no country either ("内蒙古": no
  // Mongolia).
  const auto inside_longer = [&](const Hit& h) {
    for (uint32_t b = h.first >= 6 ? h.first - 6 : 0; b <= h.first; ++b) {
      for (const Hit* o = doc->HitsBegin(b); o != doc->HitsEnd(b); ++o) {
        if (o->entry.kind == EntryKind::kKnown && o->first <= h.first && o->end >= h.end &&
            o->end - o->first > h.end - h.first) {
          return true;
        }
      }
    }
    return false;
  };
  for (uint32_t k = from; k < to && country.empty(); ++k) {
    if (in_person(k)) continue;
    for (const Hit* h = doc->HitsBegin(k); h != doc->HitsEnd(k); ++h) {
      // Written against the ministry's name or inside it: "越南国防部",
      // "Bộ Quốc phòng Việt Nam", "ministère vietnamien de la Défense".
      const bool beside = h->end == hit.first || h->first == hit.end ||
                          (h->first >= hit.first && h->end <= hit.end) ||
                          (k > hit.first && k <= hit.end + 1 && doc->Latin());
      if ((h->entry.kind == EntryKind::kKnown || h->entry.kind == EntryKind::kAdjective) &&
          doc->tables->known()[h->entry.ref].type == v1::COUNTRY && beside && !inside_longer(*h)) {
        country = doc->tables->known()[h->entry.ref].country;
        break;
      }
    }
  }
  if (country.empty()) country = main_country;
  // With no country named at all, Vietnamese text speaks of Viet Nam's.
  if (country.empty() && doc->language == "vi") country = "VN";
  std::string name = ministry.name;
  if (const std::string* official = options_.tables->OfficialMinistryName(ministry.key, country)) {
    name = *official;
  }
  Candidate c;
  c.first = hit.first;
  c.end = hit.end;
  c.type = v1::ORGANIZATION;
  c.evidence = Evidence::kTable;
  if (country.empty()) {
    c.name = name;
    c.id = absl::StrCat("org:ministry-", ministry.key);
  } else {
    const int known = options_.tables->FindKnown("country:" + country);
    c.name = absl::StrCat(name, " (", known >= 0 ? options_.tables->known()[known].name : country, ")");
    c.id = absl::StrCat("org:ministry-", ministry.key, ":", country);
  }
  doc->candidates.push_back(std::move(c));
}

void OrgForms::Run(EntityDoc* doc) const {
  for (const Hit& hit : doc->hits) {
    if (doc->Spent()) return;
    if (doc->tokens[hit.first].Has(kExcluded)) continue;
    if (hit.entry.kind != EntryKind::kMinistry && hit.entry.kind != EntryKind::kOrgHead) continue;
    // A longer phrase at the same place wins: 部长 is a title, not 部;
    // 外交部长 is a minister's title, no mention of the ministry.
    bool shadowed = false;
    for (const Hit* h = doc->HitsBegin(hit.first); h != doc->HitsEnd(hit.first); ++h) {
      shadowed |= h->end > hit.end && h->entry.kind != EntryKind::kOrgHead &&
                  h->entry.kind != EntryKind::kOrgWord && h->entry.kind != EntryKind::kMinistry;
    }
    if (shadowed) continue;
    if (hit.entry.kind == EntryKind::kMinistry) {
      Ministry(doc, hit, doc->main_country);
      continue;
    }
    if (options_.tables->org_heads()[hit.entry.ref].first) {
      HeadFirst(doc, hit);
    } else {
      HeadLast(doc, hit);
    }
  }
}

}  // namespace factd
