#!/usr/bin/env bash
# PPO training throughput on CartPole-v1 (env steps per second of collect + update, from summary.json), for the
# default preset and the throughput preset `fast`, with the envs stepped synchronously and by the native SIMD batch.
# Optionally the same for an older build (BEFORE_CLI=path/to/dotgym.dll, which knows no --vectorization), run
# interleaved with the current one so both see the same machine load. Prints a Markdown table of medians.
#
#   benchmarks/ppo-throughput.sh [REPEATS]            # current build only
#   BEFORE_CLI=/tmp/old/dotgym.dll benchmarks/ppo-throughput.sh 3
set -euo pipefail
cd "$(dirname "$0")/.."
repeats=${1:-3}
dotnet build src/DotGym.Cli -c Release -v q -nologo >/dev/null
after=src/DotGym.Cli/bin/Release/net10.0/dotgym.dll
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# name | preset flag | steps | extra flags
configs=(
  "default|sync||20000|"
  "default|native||20000|--vectorization native"
  "fast|sync|--preset fast|100000|"
  "fast|native|--preset fast|100000|--vectorization native"
)

sps() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["env_steps_per_second"])' "$1/summary.json"; }

declare -A results
for r in $(seq 1 "$repeats"); do
  for c in "${configs[@]}"; do
    IFS='|' read -r preset mode presetFlag steps extra <<<"$c"
    if [[ -n "${BEFORE_CLI:-}" && "$mode" == sync ]]; then
      out="$work/before-$preset-$r"
      dotnet "$BEFORE_CLI" train --env CartPole-v1 --algo ppo $presetFlag --seed 1 --steps "$steps" --device cpu --no-progress --eval-episodes 1 --out "$out" >/dev/null
      results["before|$preset|sync"]+="$(sps "$out") "
    fi
    out="$work/after-$preset-$mode-$r"
    dotnet "$after" train --env CartPole-v1 --algo ppo $presetFlag $extra --seed 1 --steps "$steps" --device cpu --no-progress --eval-episodes 1 --out "$out" >/dev/null
    results["after|$preset|$mode"]+="$(sps "$out") "
  done
done

median() { python3 -c 'import statistics,sys; v=[float(x) for x in sys.argv[1:]]; print(f"{statistics.median(v):,.0f}")' $1; }
echo "| preset | build | envs stepped by | median env steps/s (collect + update) | runs |"
echo "|---|---|---|---|---|"
for key in "before|default|sync" "after|default|sync" "after|default|native" "before|fast|sync" "after|fast|sync" "after|fast|native"; do
  [[ -n "${results[$key]:-}" ]] || continue
  IFS='|' read -r build preset mode <<<"$key"
  echo "| $preset | $build | $mode | $(median "${results[$key]}") | ${results[$key]} |"
done
