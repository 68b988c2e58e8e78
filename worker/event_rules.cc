#include "worker/event_rules.h"

#include <algorithm>
#include <array>
#include <map>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"

namespace factd {
namespace {

bool PronounBetween(const EntityDoc& doc, uint32_t from, uint32_t to) {
  for (uint32_t i = from; i < to; ++i) {
    if (doc.Is(i, EntryKind::kPronoun)) return true;
  }
  return false;
}

// Whether no word stands before token `pos` in the sentence starting at
// `first` (the verb opens it: "Il a affirmé" aside, "وأكد").
bool OpensSentence(const EntityDoc& doc, uint32_t first, uint32_t pos) {
  for (uint32_t i = first; i < pos; ++i) {
    if (doc.tokens[i].type == TokenType::kWord || doc.tokens[i].type == TokenType::kHan) return false;
  }
  return true;
}

// A conjunction joins two persons before a verb: "A and B met", "A与B会谈",
// and Arabic's "و" glued to the next word.
bool Joined(const EntityDoc& doc, uint32_t from, uint32_t to) {
  for (uint32_t i = from; i < to; ++i) {
    if (doc.Is(i, EntryKind::kAnd)) return true;
    const Token& t = doc.tokens[i];
    if (t.bare_offset > 0 && doc.Text(i, i + 1).substr(0, 2) == "\xD9\x88" /*و*/) return true;
  }
  return false;
}

bool WithBetween(const EntityDoc& doc, uint32_t from, uint32_t to) {
  for (uint32_t i = from; i < to; ++i) {
    if (doc.Is(i, EntryKind::kWith)) return true;
  }
  return false;
}

// A title as a key: folded, without its article ("L'ambassadeur" and
// "l'ambassadeur" and "ambassadeur"; "السفير" and "سفير").
std::string RoleKey(std::string_view role) {
  std::string key = FoldForMatching(role, FoldMode::kCaseAndMarks);
  for (std::string_view article : {"l'", "l\xE2\x80\x99", "le ", "la ", "the ", "\xD8\xA7\xD9\x84" /*ال*/}) {
    if (key.substr(0, article.size()) == article) {
      key = key.substr(article.size());
      break;
    }
  }
  return key;
}

// An event's type and participants as one key.
std::string TellingKey(v1::EventType type, const std::vector<std::string>& participants) {
  std::string key = std::to_string(static_cast<int>(type));
  for (const std::string& p : participants) absl::StrAppend(&key, "|", p);
  return key;
}

}  // namespace

absl::StatusOr<std::unique_ptr<EventRules>> EventRules::Create(const Options& options) {
  if (options.tables == nullptr) return absl::InvalidArgumentError("EventRules needs tables");
  return std::unique_ptr<EventRules>(new EventRules(options));
}

std::vector<EventFact> EventRules::Run(const EntityDoc& doc, const std::vector<LinkedMention>& mentions,
                                       const std::vector<EntityFact>& entities,
                                       const std::string& place_id) const {
  std::vector<EventFact> events;
  const NumberFacts* numbers = doc.input->numbers;
  std::string last_person;  // the subject a later sentence may leave out
  // The person last named with each title: "the ambassador" alone later
  // is that person.
  std::map<std::string, std::string> person_by_role;
  // Meetings, agreements and elections already told (type and participants).
  absl::flat_hash_set<std::string> told;
  size_t last_person_sentence = 0;
  size_t first_mention = 0;
  const auto type_of = [&](const LinkedMention& m) { return entities[m.entity].type; };
  const auto id_of = [&](const LinkedMention& m) { return entities[m.entity].id; };
  for (size_t s = 0; s < doc.sentences.size() && !doc.Spent(); ++s) {
    const Sentence& sentence = doc.sentences[s];
    while (first_mention < mentions.size() && mentions[first_mention].first < sentence.first) ++first_mention;
    size_t end_mention = first_mention;
    while (end_mention < mentions.size() && mentions[end_mention].first < sentence.end) ++end_mention;
    std::string location;
    // The sentence's own place: the last it names (a dateline opens the
    // sentence; "tại Geneva" ends it).
    for (size_t m = first_mention; m < end_mention; ++m) {
      if (type_of(mentions[m]) == v1::LOCATION) location = id_of(mentions[m]);
    }
    if (location.empty()) location = place_id;
    std::string date;
    bool counted = false;
    if (numbers != nullptr) {
      for (const DateFact& d : numbers->dates) {
        if (d.span.begin >= sentence.span.begin && d.span.end <= sentence.span.end) {
          date = d.value;
          break;
        }
      }
      for (const QuantityFact& q : numbers->quantities) {
        counted |= q.span.begin >= sentence.span.begin && q.span.end <= sentence.span.end;
      }
    }
    // Names after a quote word are quoted ("quoted President X").
    uint32_t first_quote = sentence.end;
    for (uint32_t t = sentence.first; t < sentence.end && first_quote == sentence.end; ++t) {
      if (doc.Is(t, EntryKind::kQuote)) first_quote = t;
    }
    uint32_t types_seen = 0;
    // "At the meeting, A thanked B": A and B met; a person quoted there
    // did not.
    bool framed = false;
    for (uint32_t t = sentence.first; t < sentence.end && t < sentence.first + 3; ++t) {
      framed |= doc.Is(t, EntryKind::kMeetingFrame);
    }
    if (framed) {
      std::vector<std::string> met;
      for (size_t m = first_mention; m < end_mention; ++m) {
        if (type_of(mentions[m]) != v1::PERSON || first_quote < mentions[m].first) continue;
        const std::string id = id_of(mentions[m]);
        if (std::find(met.begin(), met.end(), id) == met.end()) met.push_back(id);
      }
      if (met.size() >= 2 && told.insert(TellingKey(v1::MEETING, met)).second) {
        events.push_back(EventFact{v1::MEETING, met, date, location, sentence.span});
        types_seen |= uint32_t{1} << v1::MEETING;
      }
    }
    std::array<int, 8> tries{};
    for (uint32_t t = sentence.first; t < sentence.end; ++t) {
      for (const Hit* h = doc.HitsBegin(t); h != doc.HitsEnd(t); ++h) {
        if (h->entry.kind != EntryKind::kTrigger) continue;
        const auto type = static_cast<v1::EventType>(h->entry.ref);
        if ((types_seen >> type) & 1 || tries[type] >= 3) continue;
        ++tries[type];
        std::vector<std::string> before, after, orgs_after, countries_before, countries;
        std::vector<std::string> people;
        std::vector<const LinkedMention*> people_before, people_after;
        std::string nearest_before;
        for (size_t m = first_mention; m < end_mention; ++m) {
          const LinkedMention& mention = mentions[m];
          const v1::EntityType etype = type_of(mention);
          const std::string id = id_of(mention);
          const bool is_before = mention.end <= h->first;
          const bool quoted = first_quote < mention.first;
          if (etype == v1::PERSON && !quoted) {
            if (std::find(people.begin(), people.end(), id) == people.end()) people.push_back(id);
            (is_before ? before : after).push_back(id);
            (is_before ? people_before : people_after).push_back(&mention);
            if (is_before) nearest_before = id;
          }
          if (etype == v1::COUNTRY) {
            if (is_before) countries_before.push_back(id);
            countries.push_back(id);
          }
          if (etype == v1::ORGANIZATION && !is_before) orgs_after.push_back(id);
        }
        EventFact event{type, {}, date, location, sentence.span};
        switch (type) {
          case v1::STATEMENT: {
            std::string speaker = nearest_before;
            if (speaker.empty() && !after.empty()) {
              // Verb first: the person after the verb is the speaker, unless
              // an organization or a country comes first as the subject
              // ("أعلنت وزارة الخارجية ... X": the ministry spoke); one
              // inside the person's title phrase ("قال رئيس اللجنة ...، X")
              // does not count.
              const LinkedMention* subject = nullptr;
              const LinkedMention* person = nullptr;
              for (size_t m = first_mention; m < end_mention; ++m) {
                if (mentions[m].first < h->end) continue;
                if (subject == nullptr) subject = &mentions[m];
                if (person == nullptr && type_of(mentions[m]) == v1::PERSON) person = &mentions[m];
              }
              bool titled = false;
              for (uint32_t k = h->end; subject != nullptr && k < subject->first && !titled; ++k) {
                titled = doc.Is(k, EntryKind::kTitle);  // "قال رئيس اللجنة ..."
              }
              if (subject != nullptr && type_of(*subject) != v1::PERSON && !titled) continue;
              speaker = after.front();
            }
            // A bare title before the verb: "L'ambassadeur a souligné".
            for (uint32_t k = sentence.first; k < h->first && speaker.empty(); ++k) {
              const Hit* title = doc.HitAt(k, EntryKind::kTitle);
              if (title == nullptr || title->end > h->first) continue;
              auto known = person_by_role.find(RoleKey(doc.Text(k, title->end)));
              if (known != person_by_role.end()) speaker = known->second;
            }
            if (speaker.empty() && s <= last_person_sentence + 2 && !last_person.empty() &&
                (PronounBetween(doc, sentence.first, h->first) ||
                 OpensSentence(doc, sentence.first, h->first))) {
              speaker = last_person;
            }
            if (speaker.empty()) continue;
            event.participant_ids = {speaker};
            break;
          }
          case v1::MEETING: {
            // "A met B", "A and B met", "met A with B" (verb first).
            const bool both_sides = !before.empty() && !after.empty();
            const auto differ = [](const std::vector<std::string>& ids) {
              return ids.size() >= 2 &&
                     std::any_of(ids.begin(), ids.end(), [&](const std::string& id) { return id != ids[0]; });
            };
            const bool joined = differ(before) &&
                                Joined(doc, people_before.front()->end, people_before.back()->first);
            const bool with = differ(after) &&
                              WithBetween(doc, people_after.front()->end, people_after.back()->first);
            if (people.size() < 2 || !(both_sides || joined || with)) continue;
            event.participant_ids = people;
            break;
          }
          case v1::AGREEMENT: {
            if (people.size() >= 2) {
              event.participant_ids = people;
            } else {
              std::vector<std::string> parties = countries;
              for (size_t m = first_mention; m < end_mention; ++m) {
                const std::string id = id_of(mentions[m]);
                if (type_of(mentions[m]) == v1::ORGANIZATION &&
                    std::find(parties.begin(), parties.end(), id) == parties.end()) {
                  parties.push_back(id);
                }
              }
              event.participant_ids = parties;
            }
            if (event.participant_ids.size() < 2) continue;
            break;
          }
          case v1::ELECTION: {
            std::string elected = countries.empty() ? (people.empty() ? "" : people.front())
                                                    : countries.front();
            if (elected.empty() || orgs_after.empty()) continue;
            event.participant_ids = {elected, orgs_after.front()};
            break;
          }
          case v1::DEPLOYMENT: {
            if (!counted || countries_before.empty()) continue;
            event.participant_ids = {countries_before.front()};
            for (const std::string& org : orgs_after) {
              if (std::find(event.participant_ids.begin(), event.participant_ids.end(), org) ==
                  event.participant_ids.end()) {
                event.participant_ids.push_back(org);
              }
            }
            break;
          }
          default:
            continue;
        }
        types_seen |= uint32_t{1} << type;
        // A meeting, agreement or election told twice is one event.
        const bool repeated = type != v1::STATEMENT && type != v1::DEPLOYMENT &&
                              !told.insert(TellingKey(type, event.participant_ids)).second;
        if (!repeated) events.push_back(std::move(event));
      }
    }
    for (size_t m = first_mention; m < end_mention; ++m) {
      if (type_of(mentions[m]) == v1::PERSON) {
        last_person = id_of(mentions[m]);
        last_person_sentence = s;
        if (!mentions[m].role.empty()) person_by_role[RoleKey(doc.Text(mentions[m].role))] = last_person;
      }
    }
  }
  return events;
}

}  // namespace factd
