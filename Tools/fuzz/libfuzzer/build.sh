#!/usr/bin/env bash
# Builds the libFuzzer target for the front end (lexer, parser, printer, checker) into
# Tools/fuzz/libfuzzer/build/bargain-fuzz, with AddressSanitizer. BargainSyntax and
# BargainSemantics are compiled into one module with the entry file (their `import BargainSyntax`
# lines dropped), outside SwiftPM so the package stays free of sanitizer builds.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
build="$here/build"
rm -rf "$build/src"
mkdir -p "$build/src" "$build/corpus"
for file in "$repo"/Sources/BargainSyntax/*.swift "$repo"/Sources/BargainSemantics/*.swift; do
  target="$build/src/$(basename "$(dirname "$file")")-$(basename "$file")"
  grep -v '^import BargainSyntax$' "$file" > "$target"
done
cp "$here/FuzzEntry.swift" "$build/src/"
# The entry reads one environment variable.
sed -i '1i import Foundation' "$build/src/FuzzEntry.swift"
# The gold linker warns once per ASan helper symbol; those lines are dropped.
swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name BargainFront \
  -swift-version 6 "$build"/src/*.swift -o "$build/bargain-fuzz" 2>&1 \
  | { grep -v "Cannot export local symbol '__asan" || true; }
test "${PIPESTATUS[0]}" -eq 0
# Seed corpus: the example programs and the program files of the golden tests.
mkdir -p "$build/seeds"
find "$repo/Programs" -name '*.bargain' -exec cp {} "$build/seeds/" \;
python3 - "$repo/Tests/BargainTests/Goldens" "$build/seeds" <<'PY'
import os, re, sys
source, target = sys.argv[1], sys.argv[2]
for name in sorted(os.listdir(source)):
    if not name.endswith(".txtar"):
        continue
    text = open(os.path.join(source, name), encoding="utf-8").read()
    for index, (path, body) in enumerate(re.findall(r"^-- (.+?) --\n(.*?)(?=^-- |\Z)", text, re.S | re.M)):
        if path.endswith((".bargain", ".bp")):
            with open(os.path.join(target, f"{name}-{index}.bargain"), "w", encoding="utf-8") as out:
                out.write(body)
PY
echo "built $build/bargain-fuzz"
