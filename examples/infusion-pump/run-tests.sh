#!/usr/bin/env sh
# Builds and runs the firmware unit tests, each writing its JUnit XML to test-results/
# (the `evidence.results` of tracespine.yaml). All tests run even when one fails (one
# does, deliberately: see README.md). Needs a C99 compiler and make.
set -u
cd "$(dirname "$0")"
make -s build/test_pump_rate build/test_occlusion build/test_alarm || exit 2
mkdir -p test-results
status=0
for t in test_pump_rate test_occlusion test_alarm; do
  UNIT_JUNIT="test-results/$t.xml" "build/$t" || status=1
done
exit $status
