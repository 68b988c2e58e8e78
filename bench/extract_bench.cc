// Extract and its stages on the seed articles, one thread. Each iteration
// processes all seeds once; bytes/s and items/s (documents) are reported.
//
//   build/bench/extract_bench --benchmark_min_time=1
#include <filesystem>
#include <fstream>
#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "factd/v1/factd.pb.h"
#include "worker/extractor.h"
#include "worker/entities.h"
#include "worker/language.h"
#include "worker/numbers.h"
#include "worker/structure.h"
#include "worker/text.h"

namespace factd {
namespace {

struct Seeds {
  std::vector<v1::Document> documents;
  size_t bytes = 0;
};

const Seeds& LoadSeeds() {
  static const Seeds* const seeds = [] {
    auto* s = new Seeds;
    std::vector<std::filesystem::path> paths;
    for (const auto& entry : std::filesystem::directory_iterator(FACTD_SEEDS_DIR)) {
      if (entry.path().extension() == ".txt") paths.push_back(entry.path());
    }
    std::sort(paths.begin(), paths.end());
    for (const auto& path : paths) {
      std::ifstream in(path, std::ios::binary);
      std::stringstream content;
      content << in.rdbuf();
      v1::Document document;
      document.set_id(path.stem().string());
      document.set_content(content.str());
      s->bytes += document.content().size();
      s->documents.push_back(std::move(document));
    }
    return s;
  }();
  return *seeds;
}

void Count(benchmark::State& state) {
  const Seeds& seeds = LoadSeeds();
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * seeds.bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * seeds.documents.size()));
}

void BM_Extract(benchmark::State& state) {
  const auto extractor = Extractor::Create({}).value();
  const Seeds& seeds = LoadSeeds();
  for (auto _ : state) {
    for (const v1::Document& document : seeds.documents) {
      auto summary = extractor->Extract(document, {});
      benchmark::DoNotOptimize(summary);
    }
  }
  Count(state);
}
BENCHMARK(BM_Extract);

void BM_StageValidate(benchmark::State& state) {
  const Seeds& seeds = LoadSeeds();
  for (auto _ : state) {
    for (const v1::Document& document : seeds.documents) {
      benchmark::DoNotOptimize(ValidateUtf8(document.content()));
    }
  }
  Count(state);
}
BENCHMARK(BM_StageValidate);

void BM_StageNormalize(benchmark::State& state) {
  const Seeds& seeds = LoadSeeds();
  for (auto _ : state) {
    for (const v1::Document& document : seeds.documents) {
      NormalizedText nfc = NormalizeNfc(document.content());
      benchmark::DoNotOptimize(nfc.text().data());
    }
  }
  Count(state);
}
BENCHMARK(BM_StageNormalize);

void BM_StageLanguage(benchmark::State& state) {
  const Seeds& seeds = LoadSeeds();
  for (auto _ : state) {
    for (const v1::Document& document : seeds.documents) {
      benchmark::DoNotOptimize(IdentifyLanguage(document.content(), ""));
    }
  }
  Count(state);
}
BENCHMARK(BM_StageLanguage);

void BM_StageLayout(benchmark::State& state) {
  const Seeds& seeds = LoadSeeds();
  std::vector<std::string> languages;
  for (const v1::Document& document : seeds.documents) {
    languages.push_back(IdentifyLanguage(document.content(), "").code);
  }
  for (auto _ : state) {
    for (size_t i = 0; i < seeds.documents.size(); ++i) {
      benchmark::DoNotOptimize(AnalyzeLayout(seeds.documents[i].content(), languages[i]));
    }
  }
  Count(state);
}
BENCHMARK(BM_StageLayout);

// The number-and-date stage alone, on the NFC text with the language known.
void BM_StageNumbers(benchmark::State& state) {
  const Seeds& seeds = LoadSeeds();
  const auto numbers = NumberExtractor::Create().value();
  std::vector<std::string> languages;
  for (const v1::Document& document : seeds.documents) {
    languages.push_back(IdentifyLanguage(document.content(), "").code);
  }
  const NumberContext context;
  for (auto _ : state) {
    for (size_t i = 0; i < seeds.documents.size(); ++i) {
      benchmark::DoNotOptimize(numbers->Extract(seeds.documents[i].content(), languages[i], context));
    }
  }
  Count(state);
}
BENCHMARK(BM_StageNumbers);

// Everything Extract does after the number stage, alone: gazetteer pass,
// persons, linking, events, dateline, sources.
void BM_StageEntities(benchmark::State& state) {
  const Seeds& seeds = LoadSeeds();
  const auto extractor = Extractor::Create({}).value();
  struct Prepared {
    std::string language;
    ArticleLayout layout;
    NumberFacts numbers;
  };
  std::vector<Prepared> prepared;
  for (const v1::Document& document : seeds.documents) {
    Prepared p;
    p.language = IdentifyLanguage(document.content(), "").code;
    p.layout = AnalyzeLayout(document.content(), p.language);
    p.numbers = extractor->numbers().Extract(document.content(), p.language, {});
    prepared.push_back(std::move(p));
  }
  for (auto _ : state) {
    for (size_t i = 0; i < seeds.documents.size(); ++i) {
      StructureInput input{seeds.documents[i].content(), prepared[i].language,
                           prepared[i].layout.headline, prepared[i].layout.body, {}, {},
                           &prepared[i].numbers};
      benchmark::DoNotOptimize(extractor->entities().Extract(input));
    }
  }
  Count(state);
}
BENCHMARK(BM_StageEntities);

// Start-up: everything Extractor::Create loads (ICU, CLD2, lexicons,
// gazetteers, Unihan readings, transliterators).
void BM_Startup(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(Extractor::Create({}).value());
}
BENCHMARK(BM_Startup)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace factd

BENCHMARK_MAIN();
