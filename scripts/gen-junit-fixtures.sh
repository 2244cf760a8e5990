#!/usr/bin/env bash
# Runs the real test runners on the sample tests of test/fixtures/junit-src/<runner>/ and
# keeps the JUnit XML they write under test/fixtures/junit/<runner>/ (committed; the unit
# tests in test/unit/evidence/runners.test.ts read them). Failing tests are meant: each
# sample has a pass, a failure or error, and skips. Needs: python3-pytest, googletest
# (libgtest-dev), g++, cmake (apt); jest, jest-junit, mocha, mocha-junit-reporter, vitest
# (npm devDependencies); node >= 20.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
SRC=$ROOT/test/fixtures/junit-src
OUT=$ROOT/test/fixtures/junit
BIN=$ROOT/node_modules/.bin
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$OUT"/{pytest-xunit1,pytest-xunit2,gtest,ctest,vitest,jest,mocha,node}

# pytest, both JUnit families (xunit1 has file and line; xunit2 validates against Jenkins' schema).
(cd "$SRC/pytest" && python3 -m pytest -q -p no:cacheprovider -o junit_family=xunit1 --junitxml="$OUT/pytest-xunit1/junit.xml" test_pump.py >/dev/null)
(cd "$SRC/pytest" && python3 -m pytest -q -p no:cacheprovider -o junit_family=xunit2 --junitxml="$OUT/pytest-xunit2/junit.xml" test_pump.py >/dev/null)

# GoogleTest: RecordProperty, file and line; a disabled and a skipped test.
g++ -std=c++17 -o "$TMP/pump_test" "$SRC/gtest/pump_test.cc" -lgtest -lgtest_main -pthread
(cd "$SRC/gtest" && "$TMP/pump_test" --gtest_output="xml:$OUT/gtest/junit.xml" >/dev/null)

# CTest --output-junit: no properties; IDs in the test names.
cmake -S "$SRC/ctest" -B "$TMP/ctest" >/dev/null
(cd "$TMP/ctest" && ctest --output-junit "$OUT/ctest/junit.xml" >/dev/null)

# vitest's junit reporter: describe chains in the names, annotate() as properties.
(cd "$SRC/vitest" && "$BIN/vitest" run --config vitest.config.mjs --reporter=junit --outputFile="$OUT/vitest/junit.xml" >/dev/null 2>&1)

# jest with jest-junit.
(cd "$SRC/jest" && JEST_JUNIT_OUTPUT_DIR="$OUT/jest" JEST_JUNIT_OUTPUT_NAME=junit.xml \
  "$BIN/jest" --rootDir . --reporters=jest-junit >/dev/null 2>&1)

# mocha with mocha-junit-reporter (skipped tests are left out; classname and name swapped).
(cd "$SRC/mocha" && "$BIN/mocha" --reporter mocha-junit-reporter --reporter-options "mochaFile=$OUT/mocha/junit.xml" pump.test.js >/dev/null 2>&1)

# node's own runner: top-level tests outside any suite.
(cd "$SRC/node" && node --test --test-reporter=junit --test-reporter-destination="$OUT/node/junit.xml" pump.test.mjs >/dev/null 2>&1)

for f in "$OUT"/*/junit.xml; do
  # Absolute paths of this machine are written relative to the repository (the reader matches suffixes).
  sed -i "s#$ROOT/##g" "$f"
  echo "wrote ${f#"$ROOT"/}"
done
