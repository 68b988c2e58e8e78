#!/usr/bin/env bash
# Fuzzes Extract: builds tests/fuzz/extract_fuzzer with clang, ASan, UBSan
# and libFuzzer into build-fuzz/, makes a seed corpus (the seeds, the test
# articles and pathological inputs up to the 1 MiB document limit), and runs
# the fuzzer for SECONDS (default 60). With --unit-tests it first runs the
# worker's unit tests built the same way.
#
#   scripts/fuzz.sh            # one minute
#   scripts/fuzz.sh 3600       # an hour
#   scripts/fuzz.sh 60 --unit-tests
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
unit_tests=${2:-}

scripts/packages.sh clang-14 libclang-rt-14-dev libfuzzer-14-dev ninja-build cmake
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
  -DFACTD_FUZZ=ON -DFACTD_BUILD_BENCHMARKS=OFF >/dev/null
targets=(extract_fuzzer)
[ "$unit_tests" = "--unit-tests" ] && targets+=(worker_test)
cmake --build build-fuzz -j "$(nproc)" --target "${targets[@]}"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
if [ "$unit_tests" = "--unit-tests" ]; then
  echo "--- worker unit tests under ASan and UBSan ---"
  build-fuzz/tests/worker_test --gtest_brief=1
fi

# Seed corpus: real and test articles, and the pathological classes.
corpus=build-fuzz/corpus
mkdir -p "$corpus"
find seeds tests/data -name '*.txt' -size -1100k -exec cp {} "$corpus/" \;
mib=1048575  # the content after the fuzzer's selector byte, at the limit
# make_seed NAME SELECTOR UNIT: UNIT repeated up to the limit.
make_seed() {
  { printf '%b' "$2"; { yes "$3" | tr -d '\n' | head -c "$mib" | iconv -f utf-8 -t utf-8 -c; } || true; } > "$corpus/$1"
}
make_seed digits '\x05' 7
make_seed separators_en '\x05' ',000'
make_seed separators_fr '\x04' ' 000'
make_seed malformed_groups '\x05' ',00'
make_seed spaced_groups '\x06' '000 '
make_seed han_numerals '\x01' '二十万'
make_seed combining_marks '\x00' $'a\xcc\x81\xcc\x96'
make_seed marks_only '\x12' $'\xcc\x81\xcc\x96'
make_seed dates_vi '\x02' 'ngày 6/3/2024, '
make_seed dates_zh '\x01' '2024年3月6日至8日，'
make_seed names_ar '\x03' 'التقى السفير دانج هوانج جيانج مع نائب الأمين العام. '
make_seed names_vi '\x22' 'Đại sứ Đặng Hoàng Giang khẳng định Việt Nam gặp Liên hợp quốc. '
make_seed link_lines '\x04' $'>> Le Vietnam et l’ONU\n'
make_seed one_long_line '\x05' a
printf '\x05ok \xff\xfe broken \xc0\xaf utf-8' > "$corpus/invalid_utf8"

echo "--- fuzzing Extract for ${seconds}s (corpus: $(ls "$corpus" | wc -l) files) ---"
# Crashes and inputs slower than the timeout are written to build-fuzz/.
build-fuzz/tests/extract_fuzzer "$corpus" -max_total_time="$seconds" -max_len=1048576 \
  -timeout=60 -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix=build-fuzz/ 2>&1 | tail -n 25
