# Sourced by scripts/launch and scripts/bench: the runnable jar, the JVM flags and the class-data archive they share.
# Expects $home (the repository root). Diagnostics go to stderr: stdout belongs to the launcher's results.

jar="$home/target/launcher.jar"
archive="$home/target/launcher.jsa"
# A cluster member loads some 3,800 Hazelcast classes a launch never touches: its own archive, so neither pays for the other.
cluster_archive="$home/target/launcher-cluster.jsa"

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

# True when the arguments ask to join a cluster (--cluster; cluster.enabled in a config file is not looked for).
joins_a_cluster() {
  local arg
  for arg in "$@"; do
    [[ "$arg" == "--cluster" ]] && return 0
  done
  return 1
}

# A dynamic class-data-sharing archive of the classes a launch loads, made once per jar and JDK by a short
# training launch against the built-in simulator: later JVMs map those classes instead of loading, parsing and
# verifying them again (about a fifth of a launch's CPU; docs/BENCHMARKS.md). Adds the flag to jvm_options.
# Best effort: without an archive the launcher runs the same, only starts slower.
use_class_archive() {
  local kind="${1:-launch}" java_bin stamp target="$archive"
  if [[ "$kind" == "cluster" ]]; then
    target="$cluster_archive"
  fi
  java_bin="$(readlink -f "$(command -v java)")"
  stamp="$java_bin $(stat -c %Y "$jar")"
  if [[ ! -f "$target" || ! -f "$target.stamp" || "$(cat "$target.stamp")" != "$stamp" ]]; then
    echo "preparing the class-data archive $target (once per build) ..." >&2
    local tmp="$target.$$.tmp"
    rm -f "$target" "$target.stamp"
    # The training launch must not touch anything of the user's: a config of its own (no journal, default ID
    # pattern) and an empty environment (no key, no overrides); it talks only to its own simulator, which answers
    # some requests 429 with a short Retry-After, so the classes a 429 needs are mapped too (without, a launch
    # loaded several from the jar, on its event loop, when its first 429 came). The cluster archive's training run
    # is a cluster of one under a name of its own, on a free member port, listing no other member: it joins nothing.
    local cluster_config="" cluster_flag=()
    if [[ "$kind" == "cluster" ]]; then
      cluster_config=", \"cluster\": {\"name\": \"cds-training-$$-$RANDOM\", \"members\": []}"
      cluster_flag=(--cluster)
    fi
    printf '{"simulator": {"spurious429Rate": 0.05, "spuriousRetryAfterSec": 0.02}%s}\n' "$cluster_config" > "$tmp.json"
    if seq -f 'lea_cds%06.0f' 1 300 | env -i PATH="$PATH" java "${jvm_options[@]}" -XX:ArchiveClassesAtExit="$tmp" \
        -Dlauncher.home="$home" -jar "$jar" --config "$tmp.json" --simulate "${cluster_flag[@]}" --rate 1000/1s \
        --progress never >/dev/null 2>&1 && [[ -f "$tmp" ]]; then
      mv -f "$tmp" "$target"
      echo "$stamp" > "$target.stamp"
      rm -f "$tmp.json"
    else
      rm -f "$tmp" "$tmp.json"
      echo "note: no class-data archive (the training launch failed); starting without it" >&2
      return 0
    fi
  fi
  jvm_options+=("-XX:SharedArchiveFile=$target")
}
