#!/usr/bin/env bash
# Coverage-guided fuzzing of the readers of outside bytes (fuzz/Readers) with SharpFuzz and afl++.
# Usage: fuzz/run.sh [seconds per target] [target ...]   (default: 20 s, every target; FUZZ_SECONDS also sets the time;
# FUZZ_BUILT=1 uses the Release build already there instead of building fuzz/Readers)
# Builds the targets, instruments the product assemblies in a copy of the output (dotnet sharpfuzz), runs afl-fuzz on
# each target from its seed corpus in fuzz/corpus/<target>, and fails when any target crashed: the crashing inputs are
# listed (artifacts/fuzz/<target>/default/crashes) and replayed; copied to fuzz/regressions/<target>/ each becomes a test.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-${1:-20}}
[ $# -gt 0 ] && shift
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then mapfile -t targets < <(ls fuzz/corpus); fi

command -v afl-fuzz >/dev/null || { echo "fuzz: afl-fuzz not found (apt-get install afl++)" >&2; exit 1; }
dotnet tool restore >/dev/null
# ./test.sh has just built the whole solution (fuzz/Readers is in it, Release): FUZZ_BUILT=1 skips a second build.
if [ "${FUZZ_BUILT:-0}" != "1" ]; then
  dotnet build fuzz/Readers --configuration Release --verbosity quiet -nologo >/dev/null
fi
out=artifacts/fuzz
rm -rf "$out"
mkdir -p "$out"
cp -r fuzz/Readers/bin/Release/net10.0 "$out/bin"
for assembly in OscpFleet.Gateway.dll OscpFleet.Oscp.dll; do dotnet sharpfuzz "$out/bin/$assembly" >/dev/null; done

# A container's core_pattern, CPU governor and affinity are not ours to change; the target is not an AFL-compiled binary.
export AFL_SKIP_BIN_CHECK=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_NO_UI=1
crashed=0
for target in "${targets[@]}"; do
  afl-fuzz -i "fuzz/corpus/$target" -o "$out/$target" -V "$seconds" -t 10000 -m none -- dotnet "$out/bin/OscpFleet.Fuzz.dll" "$target" \
    > "$out/$target.log" 2>&1 || { echo "fuzz: afl-fuzz failed on $target (see $out/$target.log)"; tail -20 "$out/$target.log"; crashed=1; continue; }
  stats="$out/$target/default/fuzzer_stats"
  execs=$(awk -F' *: *' '$1=="execs_done"{print $2}' "$stats")
  paths=$(awk -F' *: *' '$1=="corpus_count"{print $2}' "$stats")
  crashes=$(find "$out/$target/default/crashes" -type f ! -name README.txt | wc -l)
  echo "fuzz: $target: $execs inputs in ${seconds}s, corpus $paths, crashes $crashes"
  if [ "$crashes" -gt 0 ]; then
    crashed=1
    # Replayed on the build that is not instrumented (instrumented code runs only under afl-fuzz). To keep a crash as a
    # test, copy the input to fuzz/regressions/<target>/: tests/Gateway.Tests replays every file there.
    find "$out/$target/default/crashes" -type f ! -name README.txt -print0 | xargs -0 dotnet fuzz/Readers/bin/Release/net10.0/OscpFleet.Fuzz.dll --replay "$target" || true
  fi
done
exit $crashed
