#include "worker/entity_linker.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "unicode/utf8.h"
#include "worker/name_keys.h"

namespace factd {
namespace {

// Phonetic classes of the consonants of a folded Latin word.
std::string LatinConsonants(std::string word) {
  // Silent French endings and a final mute e: "Lacroix", "Pierre".
  if (word.size() > 3 && (word.back() == 'e')) word.pop_back();
  if (word.size() > 3 && std::string_view("xstdz").find(word.back()) != std::string_view::npos &&
      std::string_view("aeiouy").find(word[word.size() - 2]) != std::string_view::npos) {
    word.pop_back();
  }
  std::string out;
  const auto push = [&](char c) {
    if (out.empty() || out.back() != c) out.push_back(c);
  };
  for (size_t i = 0; i < word.size(); ++i) {
    const char c = word[i];
    const char next = i + 1 < word.size() ? word[i + 1] : 0;
    const std::string_view two = std::string_view(word).substr(i, 2);
    if (two == "ch" || two == "sh") { push('S'); ++i; continue; }
    if (two == "ph") { push('f'); ++i; continue; }
    if (two == "th") { push('t'); ++i; continue; }
    if (two == "kh") { push('k'); ++i; continue; }
    if (two == "gh") { push('G'); ++i; continue; }
    if (two == "ck" || two == "qu") { push('k'); ++i; continue; }
    if (two == "dj") { push('G'); ++i; continue; }
    switch (c) {
      case 'b': case 'p': push('b'); break;
      case 'c': push(next == 'e' || next == 'i' || next == 'y' ? 's' : 'k'); break;
      case 'd': push('d'); break;
      case 'f': case 'v': push('f'); break;
      case 'g': case 'j': push('G'); break;
      case 'h': push('h'); break;
      case 'k': case 'q': push('k'); break;
      case 'l': push('l'); break;
      case 'm': push('m'); break;
      case 'n': push('n'); break;
      case 'r': push('r'); break;
      case 's': case 'z': push('s'); break;
      case 't': push('t'); break;
      case 'x': push('k'); push('s'); break;
      default: break;  // vowels, w, y
    }
  }
  return out;
}

// Phonetic classes of the consonants of a folded Arabic word.
std::string ArabicConsonants(std::string_view word) {
  std::string out;
  const auto* s = reinterpret_cast<const uint8_t*>(word.data());
  const int32_t length = static_cast<int32_t>(word.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    char k = 0;
    switch (c) {
      case 0x0628: case 0x067E: k = 'b'; break;
      case 0x062A: case 0x062B: case 0x0637: k = 't'; break;
      case 0x062C: case 0x063A: case 0x06AF: k = 'G'; break;
      case 0x062D: case 0x0647: k = 'h'; break;
      case 0x062E: case 0x0642: case 0x0643: k = 'k'; break;
      case 0x062F: case 0x0630: case 0x0636: k = 'd'; break;
      case 0x0631: k = 'r'; break;
      case 0x0632: case 0x0638: case 0x0633: case 0x0635: k = 's'; break;
      case 0x0634: case 0x0686: k = 'S'; break;
      case 0x0641: case 0x06A4: k = 'f'; break;
      case 0x0644: k = 'l'; break;
      case 0x0645: k = 'm'; break;
      case 0x0646: k = 'n'; break;
      default: break;  // ا و ي ء ع: vowels and glottals
    }
    if (k != 0 && (out.empty() || out.back() != k)) out.push_back(k);
  }
  return out;
}

bool IsArabicText(std::string_view text) {
  for (unsigned char c : text) {
    if (c >= 0xD8 && c <= 0xDB) return true;
  }
  return false;
}

bool Inside(const Candidate& inner, const Candidate& outer) {
  return inner.first >= outer.first && inner.end <= outer.end;
}

// Whether the more diacritics a name has, the better it is written: the
// canonical form of a person is their best-written mention.
size_t NonAscii(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += c >= 0xC0;
  return n;
}

}  // namespace

EntityLinker::EntityLinker(const Options& options) : options_(options) {
  for (uint32_t i = 0; i < options.tables->known().size(); ++i) {
    const KnownEntity& k = options.tables->known()[i];
    if (k.type == v1::PERSON) persons_by_phonetic_key_.emplace(PhoneticKey(k.name), i);
  }
}

absl::StatusOr<std::unique_ptr<EntityLinker>> EntityLinker::Create(const Options& options) {
  if (options.tables == nullptr || options.reader == nullptr) {
    return absl::InvalidArgumentError("EntityLinker needs tables and a name reader");
  }
  return std::unique_ptr<EntityLinker>(new EntityLinker(options));
}

std::string EntityLinker::PhoneticKey(std::string_view name) {
  std::vector<std::string> words;
  const bool arabic = IsArabicText(name);
  for (absl::string_view w : absl::StrSplit(absl::string_view(name.data(), name.size()),
                                            absl::ByAnyChar(" -'\u2019"), absl::SkipEmpty())) {
    std::string key;
    if (arabic) {
      std::string folded = FoldForMatching(std::string(w), FoldMode::kCase);
      if (folded.rfind("\xD8\xA7\xD9\x84", 0) == 0 && folded.size() > 6) folded = folded.substr(4);  // ال
      key = ArabicConsonants(folded);
    } else {
      const std::string folded = FoldToAscii(std::string(w));
      if (folded == "al" || folded == "el") continue;  // the article
      key = LatinConsonants(folded);
      if (key.empty() && !folded.empty() && absl::ascii_isalpha(static_cast<unsigned char>(folded[0]))) {
        key = folded.substr(0, 1);
      }
    }
    if (!key.empty()) words.push_back(key);
  }
  return absl::StrJoin(words, "-");
}

std::string EntityLinker::PersonIdOf(const std::string& name) const {
  // A Vietnamese name: its letters; any other: its phonetic key.
  const std::vector<std::string> words = absl::StrSplit(FoldToAscii(name), ' ', absl::SkipEmpty());
  bool vietnamese = words.size() >= 2 && words.size() <= 4;
  for (const std::string& w : words) vietnamese &= options_.reader->IsVietnameseSyllable(w);
  if (vietnamese) {
    const std::string key = options_.reader->VietnameseKey(name);
    if (!key.empty()) return absl::StrCat("person:", key);
  }
  // Lower-case ASCII, in the letters VietnameseKey uses for the sounds it
  // writes in capitals (G: j/gh, K: kh, S: sh).
  std::string key = PhoneticKey(name);
  for (char& c : key) {
    if (c == 'G') c = 'g';
    if (c == 'K') c = 'q';
    if (c == 'S') c = 'x';
  }
  return absl::StrCat("person:", absl::AsciiStrToLower(key));
}

std::vector<LinkedMention> EntityLinker::Run(EntityDoc* doc, std::vector<EntityFact>* out) const {
  std::vector<Candidate>& cands = doc->candidates;
  // Longest first; of equal length the better evidence; then text order.
  std::vector<size_t> order(cands.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const Candidate& x = cands[a];
    const Candidate& y = cands[b];
    if (x.end - x.first != y.end - y.first) return x.end - x.first > y.end - y.first;
    if (x.evidence != y.evidence) return x.evidence > y.evidence;
    return x.first < y.first;
  });
  // Each token's keeper (the candidate kept over it, longest first), and
  // what is nested in an organization's name.
  std::vector<const Candidate*> kept;
  std::vector<const Candidate*> owner(doc->tokens.size(), nullptr);
  std::vector<const Candidate*> nested_owner(doc->tokens.size(), nullptr);
  for (size_t index : order) {
    const Candidate& c = cands[index];
    bool fits = true;
    // A country or place named inside an organization's name is a mention
    // of its own ("南苏丹特派团"); inside a person's name it is not.
    const bool may_nest = (c.type == v1::COUNTRY || c.type == v1::LOCATION) && c.known >= 0;
    for (uint32_t t = c.first; t < c.end && fits; ++t) {
      const Candidate* k = owner[t];
      if (nested_owner[t] != nullptr) fits = false;
      if (k == nullptr) continue;
      fits &= may_nest && Inside(c, *k) && k->type == v1::ORGANIZATION;
    }
    if (!fits) continue;
    kept.push_back(&c);
    for (uint32_t t = c.first; t < c.end; ++t) (owner[t] == nullptr ? owner[t] : nested_owner[t]) = &c;
  }
  std::sort(kept.begin(), kept.end(),
            [](const Candidate* a, const Candidate* b) { return a->first < b->first; });

  // Entities by id; persons also by the folded words of their names, so
  // short forms ("Khải", "Holloway") find them.
  absl::flat_hash_map<std::string, size_t> by_id;
  std::vector<std::vector<std::string>> person_words;  // per entity
  std::vector<LinkedMention> mentions;
  const auto entity_for = [&](const std::string& id, v1::EntityType type,
                              const std::string& name) -> size_t {
    auto [it, inserted] = by_id.emplace(id, out->size());
    if (inserted) {
      out->push_back({id, type, name, {}, 0});
      person_words.emplace_back();
      if (type == v1::PERSON) {
        person_words.back() = absl::StrSplit(FoldToAscii(name), ' ', absl::SkipEmpty());
      }
    } else if (type == v1::PERSON && NonAscii(name) > NonAscii((*out)[it->second].name) &&
               FoldToAscii(name) == FoldToAscii((*out)[it->second].name)) {
      (*out)[it->second].name = name;  // better written
    }
    return it->second;
  };
  for (const Candidate* c : kept) {
    size_t entity;
    if (c->known >= 0) {
      const KnownEntity& k = options_.tables->known()[c->known];
      entity = entity_for(k.id, k.type, k.name);
    } else if (c->type == v1::PERSON) {
      const std::string key = LatinKey(c->name);
      const std::vector<std::string> words = absl::StrSplit(FoldToAscii(c->name), ' ', absl::SkipEmpty());
      int found = -1;
      if (auto k = options_.tables->persons_by_key().find(key); k != options_.tables->persons_by_key().end()) {
        const KnownEntity& known = options_.tables->known()[k->second];
        found = static_cast<int>(entity_for(known.id, known.type, known.name));
      } else if (auto p = persons_by_phonetic_key_.find(PhoneticKey(c->name));
                 p != persons_by_phonetic_key_.end() && words.size() >= 2) {
        const KnownEntity& known = options_.tables->known()[p->second];
        found = static_cast<int>(entity_for(known.id, known.type, known.name));
      } else if (words.size() <= 2) {
        // A short form: the last words of a person named before.
        for (size_t e = out->size(); e-- > 0;) {
          const std::vector<std::string>& full = person_words[e];
          if ((*out)[e].type != v1::PERSON || full.size() <= words.size()) continue;
          if (std::equal(words.begin(), words.end(), full.end() - words.size())) {
            found = static_cast<int>(e);
            break;
          }
        }
      }
      // One word alone (a surname, a given name) names someone only when
      // the document named them in full first.
      if (found < 0 && words.size() < 2) continue;
      entity = found >= 0 ? static_cast<size_t>(found) : entity_for(PersonIdOf(c->name), v1::PERSON, c->name);
    } else {
      const std::string id = !c->id.empty() ? c->id : absl::StrCat("org:", Slug(c->name));
      entity = entity_for(id, c->type, c->name);
    }
    mentions.push_back({c->first, c->end, entity, c->role});
  }

  // Later mentions of persons by their last word, where no mention is:
  // "Holloway", "Khải", "لاكروا" (a glued conjunction allowed).
  std::vector<bool> taken(doc->tokens.size(), false);
  for (const LinkedMention& m : mentions) {
    for (uint32_t i = m.first; i < m.end; ++i) taken[i] = true;
  }
  // (Compared as written: a later mention repeats the spelling.)
  absl::flat_hash_map<std::string_view, size_t> by_last_word;
  for (const LinkedMention& m : mentions) {
    if ((*out)[m.entity].type != v1::PERSON || m.end - m.first < 2) continue;
    const std::string_view last = doc->Text(m.end - 1, m.end);
    if (last.size() >= 3) by_last_word.emplace(last, m.entity);
  }
  for (uint32_t i = 0; i < doc->tokens.size() && !by_last_word.empty() && !doc->Spent(); ++i) {
    const Token& t = doc->tokens[i];
    if (taken[i] || t.type != TokenType::kWord || t.Has(kExcluded)) continue;
    if (doc->Latin() && !doc->Capitalized(i)) continue;
    if (doc->Is(i, EntryKind::kKnown) || doc->Capitalized(i + 1)) continue;
    const std::string_view word = doc->Text(i, i + 1);
    auto it = by_last_word.find(word);
    if (it == by_last_word.end() && t.bare_offset > 0) it = by_last_word.find(word.substr(t.bare_offset));
    if (it == by_last_word.end()) continue;
    mentions.push_back({i, i + 1, it->second, {}});
  }
  // Chinese names again in full where no title or verb stands beside them
  // ("王毅表示…。王毅还会见…"): every other occurrence of a person's Han name.
  absl::flat_hash_map<std::string_view, std::pair<size_t, uint32_t>> han_names;  // text -> entity, tokens
  for (const LinkedMention& m : mentions) {
    if ((*out)[m.entity].type != v1::PERSON || m.end - m.first < 2 ||
        doc->tokens[m.first].type != TokenType::kHan) {
      continue;
    }
    han_names.emplace(doc->Text(m.first, m.end), std::make_pair(m.entity, m.end - m.first));
  }
  for (uint32_t i = 0; i < doc->tokens.size() && !han_names.empty() && !doc->Spent(); ++i) {
    if (taken[i] || doc->tokens[i].type != TokenType::kHan || doc->tokens[i].Has(kExcluded)) continue;
    for (uint32_t length : {4u, 3u, 2u}) {
      if (i + length > doc->tokens.size()) continue;
      auto it = han_names.find(doc->Text(i, i + length));
      if (it == han_names.end() || it->second.second != length) continue;
      bool free = true;
      for (uint32_t t = i; t < i + length; ++t) free &= !taken[t];
      if (!free) break;
      mentions.push_back({i, i + length, it->second.first, {}});
      for (uint32_t t = i; t < i + length; ++t) taken[t] = true;
      i += length - 1;
      break;
    }
  }
  std::sort(mentions.begin(), mentions.end(),
            [](const LinkedMention& a, const LinkedMention& b) { return a.first < b.first; });

  for (const LinkedMention& m : mentions) {
    (*out)[m.entity].mentions.push_back({doc->Span(m.first, m.end), std::string(doc->Text(m.role))});
  }
  // Entities by first mention; salience from mentions, position, headline.
  std::vector<size_t> first_order(out->size());
  for (size_t i = 0; i < first_order.size(); ++i) first_order[i] = i;
  std::sort(first_order.begin(), first_order.end(), [&](size_t a, size_t b) {
    return (*out)[a].mentions.front().span.begin < (*out)[b].mentions.front().span.begin;
  });
  std::vector<size_t> renumber(out->size());
  std::vector<EntityFact> sorted;
  for (size_t i = 0; i < first_order.size(); ++i) {
    renumber[first_order[i]] = i;
    sorted.push_back(std::move((*out)[first_order[i]]));
  }
  *out = std::move(sorted);
  for (LinkedMention& m : mentions) m.entity = renumber[m.entity];
  size_t max_mentions = 1;
  for (const EntityFact& e : *out) max_mentions = std::max(max_mentions, e.mentions.size());
  const double length = std::max<size_t>(1, doc->text.size());
  for (EntityFact& e : *out) {
    const bool in_headline = !doc->input->headline.empty() &&
                             e.mentions.front().span.begin < doc->input->headline.end &&
                             e.mentions.front().span.begin >= doc->input->headline.begin;
    const double early = 1.0 - e.mentions.front().span.begin / length;
    e.salience = static_cast<float>(0.5 * e.mentions.size() / max_mentions + 0.3 * early +
                                    (in_headline ? 0.2 : 0.0));
  }
  return mentions;
}

}  // namespace factd
