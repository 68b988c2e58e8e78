// Finds what on an article page is not the article: related-news tails
// ("更多" and what follows), ">>" link lines, photo captions and their
// credits, comment counters, scraping residue ("ảnh 1" glued into Chinese
// text). The markers are data (data/boilerplate.tsv): whole lines, or the
// part of a line a pattern matches (a credit at the end of a caption line).
//
//   auto finder = factd::BoilerplateFinder::Create().value();
//   for (const factd::BoilerplateSpan& b : finder->Find(text, body)) ...
//
// Thread-safe after Create.
#ifndef FACTD_WORKER_BOILERPLATE_H_
#define FACTD_WORKER_BOILERPLATE_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "factd/v1/factd.pb.h"
#include "re2/re2.h"
#include "re2/set.h"
#include "worker/budget.h"
#include "worker/structure.h"

namespace factd {

struct BoilerplateSpan {
  v1::BoilerplateKind kind;
  ByteRange span;  // trimmed line(s)
};

class BoilerplateFinder {
 public:
  // INVALID_ARGUMENT naming the line of data/boilerplate.tsv that does not
  // parse or compile.
  static absl::StatusOr<std::unique_ptr<BoilerplateFinder>> Create();

  // Boilerplate within `range` of `text`, in text order, disjoint, trimmed.
  // Stops early (what was found so far) once `budget` is spent.
  std::vector<BoilerplateSpan> Find(std::string_view text, ByteRange range,
                                    Budget* budget = nullptr) const;

  // Whether `line` (trimmed), above an article's title, is page chrome by
  // the data: a "top" rule of data/boilerplate.tsv (bylines, date lines,
  // portal names) or the name of a news outlet (entities/sources.tsv)
  // alone or with a section ("Le Courrier du Vietnam", "VietnamPlus").
  bool TopChrome(std::string_view line) const;

 private:
  enum class Scope { kLine, kRest, kMatch, kTop };
  struct Rule {
    v1::BoilerplateKind kind;
    Scope scope;
    std::unique_ptr<RE2> pattern;
  };
  BoilerplateFinder() = default;
  std::vector<Rule> rules_;
  // Every rule's pattern in one automaton: a line is read once to learn
  // which rules match it; only those are run on their own.
  std::unique_ptr<RE2::Set> any_;
  std::unique_ptr<RE2::Set> top_;
  absl::flat_hash_set<std::string> outlets_;  // case-folded
};

}  // namespace factd

#endif  // FACTD_WORKER_BOILERPLATE_H_
