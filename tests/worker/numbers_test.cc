// Table-driven tests of the number-and-date stage: the cases of
// tests/data/numbers/cases/<lang>.jsonl, each a short text with every
// quantity, percentage, money amount and date it holds (and, in negative
// cases, nothing). Values, qualifiers, units and the text of each span are
// checked.
#include "worker/numbers.h"

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/testing/process.h"

namespace factd {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

std::string Field(const Struct& s, const std::string& name) {
  auto it = s.fields().find(name);
  if (it == s.fields().end()) return "";
  const Value& v = it->second;
  if (v.has_string_value()) return v.string_value();
  if (v.has_bool_value()) return v.bool_value() ? "true" : "false";
  if (v.has_number_value()) return absl::StrCat(v.number_value());
  return "";
}

// One fact as a comparable line: "value|qualifier|unit|unitText @ text".
std::string Expected(const std::string& kind, const Struct& f) {
  if (kind == "quantities") {
    return absl::StrCat(Field(f, "value"), "|", Field(f, "qualifier").empty() ? "EXACT" : Field(f, "qualifier"), "|",
                        Field(f, "unit"), "|", Field(f, "unitText"), " @ ", Field(f, "text"));
  }
  if (kind == "percentages") {
    return absl::StrCat(Field(f, "value"), "|", Field(f, "qualifier").empty() ? "EXACT" : Field(f, "qualifier"),
                        " @ ", Field(f, "text"));
  }
  if (kind == "money") {
    return absl::StrCat(Field(f, "amount"), "|", Field(f, "currency"), " @ ", Field(f, "text"));
  }
  return absl::StrCat(Field(f, "value"), "|", Field(f, "end"), "|",
                      Field(f, "yearInferred") == "true" ? "inferred" : "", " @ ", Field(f, "text"));
}

std::string Slice(const std::string& text, ByteRange r) { return text.substr(r.begin, r.size()); }

std::vector<std::string> Actual(const std::string& kind, const NumberFacts& facts,
                                const std::string& text) {
  std::vector<std::string> out;
  if (kind == "quantities") {
    for (const auto& f : facts.quantities) {
      out.push_back(absl::StrCat(f.value, "|", v1::Qualifier_Name(f.qualifier), "|", f.unit, "|",
                                 f.unit_text, " @ ", Slice(text, f.span)));
    }
  } else if (kind == "percentages") {
    for (const auto& f : facts.percentages) {
      out.push_back(absl::StrCat(f.value, "|", v1::Qualifier_Name(f.qualifier), " @ ",
                                 Slice(text, f.span)));
    }
  } else if (kind == "money") {
    for (const auto& f : facts.money) {
      out.push_back(absl::StrCat(f.amount, "|", f.currency, " @ ", Slice(text, f.span)));
    }
  } else {
    for (const auto& f : facts.dates) {
      out.push_back(absl::StrCat(f.value, "|", f.end, "|", f.year_inferred ? "inferred" : "",
                                 " @ ", Slice(text, f.span)));
    }
  }
  return out;
}

class NumberCases : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() { numbers_ = NumberExtractor::Create().value().release(); }
  static void TearDownTestSuite() { delete numbers_; }
  static NumberExtractor* numbers_;
};
NumberExtractor* NumberCases::numbers_ = nullptr;

TEST_P(NumberCases, EveryCaseOfTheLanguage) {
  const std::string language = GetParam();
  std::ifstream in(testing::TestDataDir() + "/numbers/cases/" + language + ".jsonl");
  ASSERT_TRUE(in) << "missing cases for " << language;
  std::string line;
  int cases = 0;
  int failed = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    Struct c;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(line, &c).ok()) << line;
    ++cases;
    const std::string text = Field(c, "text");
    NumberContext context;
    const std::string published = Field(c, "publishedAt");
    if (!published.empty()) {
      absl::Time t;
      std::string error;
      ASSERT_TRUE(absl::ParseTime(absl::RFC3339_full, published, &t, &error)) << error;
      context.published_year =
          static_cast<int>(absl::ToCivilYear(t, absl::UTCTimeZone()).year());
    }
    const NumberFacts facts = numbers_->Extract(text, language, context);
    for (const std::string kind : {"quantities", "percentages", "money", "dates"}) {
      std::vector<std::string> expected;
      for (const Value& v : c.fields().at(kind).list_value().values()) {
        expected.push_back(Expected(kind, v.struct_value()));
      }
      const std::vector<std::string> actual = Actual(kind, facts, text);
      if (actual != expected) {
        ++failed;
        ADD_FAILURE() << language << " case " << Field(c, "name") << " (" << kind << ")\n  text: "
                      << text << "\n  want: " << absl::StrJoin(expected, "\n        ")
                      << "\n  got:  " << absl::StrJoin(actual, "\n        ");
      }
    }
  }
  EXPECT_GE(cases, 30) << "at least 30 cases per language";
  std::cerr << language << ": " << cases << " cases, " << failed << " kind mismatches\n";
}

INSTANTIATE_TEST_SUITE_P(Languages, NumberCases,
                         ::testing::Values("zh", "vi", "ar", "fr", "en"));

}  // namespace
}  // namespace factd
