// Finds the lines of an article page that are not the article: related-news
// tails ("更多" and what follows), ">>" link lines, photo captions and
// credits, comment counters. The markers are data (data/boilerplate.tsv).
// Line granularity: a caption line is boilerplate as a whole.
//
//   auto finder = factd::BoilerplateFinder::Create().value();
//   for (const factd::BoilerplateSpan& b : finder->Find(text, body)) ...
//
// Thread-safe after Create.
#ifndef FACTD_WORKER_BOILERPLATE_H_
#define FACTD_WORKER_BOILERPLATE_H_

#include <memory>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "factd/v1/factd.pb.h"
#include "re2/re2.h"
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

  // Boilerplate lines within `range` of `text`, in text order, disjoint.
  std::vector<BoilerplateSpan> Find(std::string_view text, ByteRange range) const;

 private:
  struct Rule {
    v1::BoilerplateKind kind;
    bool rest;  // the line and everything after it
    std::unique_ptr<RE2> pattern;
  };
  BoilerplateFinder() = default;
  std::vector<Rule> rules_;
};

}  // namespace factd

#endif  // FACTD_WORKER_BOILERPLATE_H_
