# Sourced by scripts/launch and scripts/bench: the runnable jar, the JVM flags and the class-data archive they share.
# Expects $home (the repository root). Diagnostics go to stderr: stdout belongs to the launcher's results.

jar="$home/target/launcher.jar"
archive="$home/target/launcher.jsa"

# Builds target/launcher.jar when it is missing or older than the sources.
ensure_jar() {
  if [[ ! -f "$jar" ]] || [[ -n "$(find "$home/pom.xml" "$home/src/main" "$home/src/bench" -newer "$jar" -print -quit)" ]]; then
    echo "building $jar (first run or sources changed) ..." >&2
    if ! (cd "$home" && mvn -q -B -Dstyle.color=never -DskipTests package 2>&1 | sed "s/\x1b\[[0-9;]*m//g" 1>&2; exit "${PIPESTATUS[0]}"); then
      echo "error: the build failed; see the Maven output above" >&2
      exit 2
    fi
  fi
}

# Default JVM flags (comments and blank lines skipped), into the array jvm_options: conf/jvm-serve.options for the
# long-running processes (first argument serve or simulate), conf/jvm.options for a command-line launch.
read_jvm_options() {
  jvm_options=()
  local file="$home/conf/jvm.options"
  if [[ "${1:-}" == "serve" || "${1:-}" == "simulate" ]]; then
    file="$home/conf/jvm-serve.options"
  fi
  if [[ -f "$file" ]]; then
    while read -r flag; do
      [[ -z "$flag" || "$flag" == \#* ]] || jvm_options+=("$flag")
    done < "$file"
  fi
}

# True when the command is a long-running one, whose start-up cost does not matter.
is_long_running() {
  [[ "${1:-}" == "serve" || "${1:-}" == "simulate" ]]
}

# A dynamic class-data-sharing archive of the classes a launch loads, made once per jar and JDK by a short
# training launch against the built-in simulator: later JVMs map those classes instead of loading, parsing and
# verifying them again (about a fifth of a launch's CPU; docs/BENCHMARKS.md). Adds the flag to jvm_options.
# Best effort: without an archive the launcher runs the same, only starts slower.
use_class_archive() {
  local java_bin stamp
  java_bin="$(readlink -f "$(command -v java)")"
  stamp="$java_bin $(stat -c %Y "$jar")"
  if [[ ! -f "$archive" || ! -f "$archive.stamp" || "$(cat "$archive.stamp")" != "$stamp" ]]; then
    echo "preparing the class-data archive $archive (once per build) ..." >&2
    local tmp="$archive.$$.tmp"
    rm -f "$archive" "$archive.stamp"
    # The training launch must not touch anything of the user's: a config of its own (no journal, default ID
    # pattern) and an empty environment (no key, no overrides); it talks only to its own simulator, which answers
    # some requests 429 with a short Retry-After, so the classes a 429 needs are mapped too (without, a launch
    # loaded several from the jar, on its event loop, when its first 429 came).
    printf '{"simulator": {"spurious429Rate": 0.05, "spuriousRetryAfterSec": 0.02}}\n' > "$tmp.json"
    if seq -f 'lea_cds%06.0f' 1 300 | env -i PATH="$PATH" java "${jvm_options[@]}" -XX:ArchiveClassesAtExit="$tmp" \
        -Dlauncher.home="$home" -jar "$jar" --config "$tmp.json" --simulate --rate 1000/1s --progress never \
        >/dev/null 2>&1 && [[ -f "$tmp" ]]; then
      mv -f "$tmp" "$archive"
      echo "$stamp" > "$archive.stamp"
      rm -f "$tmp.json"
    else
      rm -f "$tmp" "$tmp.json"
      echo "note: no class-data archive (the training launch failed); starting without it" >&2
      return 0
    fi
  fi
  jvm_options+=("-XX:SharedArchiveFile=$archive")
}
