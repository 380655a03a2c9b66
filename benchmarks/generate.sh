#!/usr/bin/env bash
# Regenerates BENCHMARKS.md (and docs/bench/) at the repository root from fresh measurements on this machine:
#   1. builds the benchmark suite and the CLI in Release,
#   2. runs the whole BenchmarkDotNet suite with `--job short` (3 warm-up + 3 measured iterations, one process per case),
#   3. runs `dotgym bench throughput --json`,
#   4. runs `dotgym bench learn --algos ppo --envs CartPole-v1 --seeds 10 --steps 100000`,
#   5. assembles BENCHMARKS.md: machine, throughput vs Gymnasium, BenchmarkDotNet tables, learning report.
# Full mode takes about 20 minutes (15-25) on an idle 2-core machine; close other work first (every number is wall-clock).
#
# Usage (from the repository root):
#   benchmarks/generate.sh              full regeneration: writes BENCHMARKS.md and docs/bench/ (commit both)
#   benchmarks/generate.sh --quick      smoke test of this script (~5 min): BenchmarkDotNet --job dry, 0.25 s per
#                                       throughput case, 2 seeds x 5000 steps; writes bench/quick/BENCHMARKS.md
#                                       (git-ignored, labelled as a smoke test; never commit it)
# Options: --skip-bdn, --skip-throughput, --skip-learn leave a part out (its section reuses that part's outputs from
#          an earlier generation in the same mode, saying so and when they were measured, or says it was not run);
#          --resume-learn keeps finished learning runs from an interrupted earlier run instead of starting afresh.
# Needs: dotnet, git, jq. Intermediate outputs go to bench/ (git-ignored).
set -euo pipefail

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }

quick=false run_bdn=true run_throughput=true run_learn=true resume_learn=false
for arg in "$@"; do
  case "$arg" in
    --quick) quick=true ;;
    --skip-bdn) run_bdn=false ;;
    --skip-throughput) run_throughput=false ;;
    --skip-learn) run_learn=false ;;
    --resume-learn) resume_learn=true ;;
    -h|--help) usage; exit 0 ;;
    *) echo "generate.sh: unknown option '$arg'." >&2; usage >&2; exit 2 ;;
  esac
done

if [[ ! -f DotGym.sln || ! -d benchmarks/DotGym.Benchmarks ]]; then
  echo "generate.sh: run it from the repository root (where DotGym.sln is): benchmarks/generate.sh" >&2; exit 2
fi
for tool in dotnet git jq; do
  command -v "$tool" >/dev/null || { echo "generate.sh: '$tool' is required but not on PATH." >&2; exit 2; }
done

# ---- settings per mode -------------------------------------------------------------------------------------------
if $quick; then
  bdn_job=dry throughput_seconds=0.25 learn_seeds=2 learn_steps=5000
  work=bench/quick doc_root=bench/quick
else
  bdn_job=short throughput_seconds=2 learn_seeds=10 learn_steps=100000
  work=bench/generate doc_root=.
fi
learn_out=$work/ppo-cartpole
$quick || learn_out=bench/ppo-cartpole
doc=$doc_root/BENCHMARKS.md
assets=$doc_root/docs/bench
learn_command="dotgym bench learn --algos ppo --envs CartPole-v1 --seeds $learn_seeds --steps $learn_steps --out $learn_out"

# Recorded before anything is written, so that a dirty tree is reported honestly.
commit=$(git rev-parse HEAD)
[[ -z "$(git status --porcelain --untracked-files=no)" ]] || commit="$commit (with uncommitted changes)"
started=$(date -u +"%Y-%m-%d %H:%M UTC")
SECONDS=0
step() { echo; echo "==> [$(printf '%02d:%02d' $((SECONDS / 60)) $((SECONDS % 60)))] $*"; }

# ---- 1. build ------------------------------------------------------------------------------------------------------
step "Building in Release"
dotnet build -c Release benchmarks/DotGym.Benchmarks -nologo -v quiet
dotnet build -c Release src/DotGym.Cli -nologo -v quiet
dotgym() { dotnet run -c Release --no-build --project src/DotGym.Cli -- "$@"; }
mkdir -p "$work"

# ---- 2. BenchmarkDotNet --------------------------------------------------------------------------------------------
bdn_results=$work/bdn/results
if $run_bdn; then
  step "BenchmarkDotNet suite, --job $bdn_job"
  rm -rf "$work/bdn"
  dotnet run -c Release --no-build --project benchmarks/DotGym.Benchmarks -- \
    --filter '*' --job "$bdn_job" --exporters github --artifacts "$work/bdn"
fi

# ---- 3. throughput -------------------------------------------------------------------------------------------------
throughput_json=$work/throughput.json
if $run_throughput; then
  step "dotgym bench throughput, $throughput_seconds s per case"
  rm -f "$throughput_json"
  dotgym bench throughput --seconds "$throughput_seconds" --json "$throughput_json"
fi

# ---- 4. learning ---------------------------------------------------------------------------------------------------
if $run_learn; then
  step "$learn_command"
  $resume_learn || rm -rf "$learn_out"
  dotgym bench learn --algos ppo --envs CartPole-v1 --seeds "$learn_seeds" --steps "$learn_steps" --out "$learn_out"
fi

# ---- 4b. PPO training throughput (collect + update), sync vs the native SIMD batch --------------------------------
ppo_throughput_out=bench/ppo-throughput.md
if $run_learn && ! $quick; then
  step "benchmarks/ppo-throughput.sh 3"
  benchmarks/ppo-throughput.sh 3 > "$ppo_throughput_out"
fi

# ---- 4c. tensor envs on the CPU (the GPU run is benchmarks/tensor-gpu.sh, on a CUDA machine) ----------------------
tensor_cpu_out=bench/tensor-cpu.txt
if $run_learn && ! $quick; then
  step "benchmarks/tensor-cpu.sh"
  benchmarks/tensor-cpu.sh > "$tensor_cpu_out"
fi

# ---- 4d. cluster: runner-call overhead and 1 vs 2 silo processes on the 200 µs CartPole ------------------------------
cluster_out=bench/cluster.md
if $run_learn && ! $quick; then
  step "benchmarks/cluster.sh"
  benchmarks/cluster.sh > "$cluster_out"
fi

# ---- 5. assemble BENCHMARKS.md -------------------------------------------------------------------------------------
step "Writing $doc"
mkdir -p "$assets"

# Gymnasium's own figures, measured on this machine with the same cases in Python (steps per second), and the speed-ups
# DotGym aims for. A throughput case is compared with the first entry whose prefix its name starts with.
gymnasium_reference='[
  {"prefix": "CartPole-v1/single",  "steps_per_second": 110000,   "target": 100, "what": "CartPoleEnv, one env"},
  {"prefix": "CartPole-v1/vec1024", "steps_per_second": 10000000, "target": 10,  "what": "numpy CartPoleVectorEnv, 1024 envs"},
  {"prefix": "FrozenLake",          "steps_per_second": 150000,   "target": 100, "what": "FrozenLakeEnv, one env"}
]'

os_name=$( (. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME") || uname -s)
cpu=$(grep -m1 '^model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)
runtime=$(dotnet --list-runtimes | grep -m1 'Microsoft.NETCore.App' | cut -d' ' -f2 || true)
package_version() { # the restored version of package $1 (a regex) in the agents' NuGet assets
  jq -r --arg name "$1" '[.libraries | keys[] | select(test("^" + $name + "/"))] | first // "unknown" | sub(".*/"; "")' \
    src/DotGym.Agents/obj/project.assets.json 2>/dev/null || echo unknown
}
libtorch="$(package_version 'libtorch-[a-z0-9.]+') (TorchSharp $(package_version TorchSharp))"
if $quick; then
  bdn_how="one cold invocation per case, which proves the suite runs; the numbers mean nothing"
else
  bdn_how="1 launch, 3 warm-up and 3 measured iterations per case, which gives rough numbers; rerun a class with the default job before quoting one"
fi

# A skipped part reuses the outputs of an earlier generation when they exist; the section says so and when they date from.
reused_note() { # $1: true when the part ran now, $2: its flag, $3: one of its output files
  $1 || { echo "_Reused from an earlier generation ($2): measured $(date -u -r "$3" +"%Y-%m-%d %H:%M UTC")._"; echo; }
}

section_machine() {
  cat <<EOF
## Machine

| | |
|---|---|
| CPU | ${cpu:-unknown} |
| Logical cores | $(nproc) |
| OS | $os_name ($(uname -r)) |
| .NET | runtime ${runtime:-unknown}, SDK $(dotnet --version) |
| LibTorch | $libtorch, CPU |
| Git commit | $commit |
| Date | $started, took $((SECONDS / 60)) min |

EOF
}

section_throughput() {
  echo "## Env throughput: \`dotgym bench throughput\`"
  echo
  if [[ ! -f "$throughput_json" ]]; then echo "_Not run (--skip-throughput) and no earlier results._"; echo; return; fi
  reused_note $run_throughput --skip-throughput "$throughput_json"
  cat <<EOF
Median env-steps per second of $(jq '.settings.repetitions' "$throughput_json") timed repetitions, $throughput_seconds s per case
(one step of one env counts 1; one step of a 1024-env batch counts 1024). Gymnasium's figures were measured on this
machine with the same kind of case in Python; the ratio is DotGym / Gymnasium, the target is the speed-up DotGym aims for.

| Case | DotGym steps/s | Allocated B/step | Gymnasium steps/s | Ratio | Target |
|---|---:|---:|---|---:|---:|
EOF
  jq -r --argjson reference "$gymnasium_reference" '
    def si: if . >= 1e6 then "\(. / 1e6 * 100 | round / 100) M" elif . >= 1e3 then "\(. / 1e3 * 10 | round / 10) k" else "\(. | round)" end;
    .allocated_bytes_per_step as $allocated
    | .steps_per_second | to_entries[]
    | .key as $case | .value as $rate
    | ([$reference[] | select(.prefix as $p | $case | startswith($p))] | first) as $gym
    | "| \($case) | \($rate | si) | \($allocated[$case] // "–" | if type == "number" then (. * 100 | round / 100) else . end) | "
      + (if $gym then "\($gym.steps_per_second | si) (\($gym.what)) | \($rate / $gym.steps_per_second * 10 | round / 10)× | \($gym.target)×"
         else "– | – | –" end) + " |"
  ' "$throughput_json"
  echo
}

section_bdn() {
  echo "## BenchmarkDotNet suite"
  echo
  local reports=("$bdn_results"/*-report-github.md)
  if [[ ! -f "${reports[0]}" ]]; then echo "_Not run (--skip-bdn) and no earlier results._"; echo; return; fi
  reused_note $run_bdn --skip-bdn "${reports[0]}"
  cat <<EOF
\`dotnet run -c Release --project benchmarks/DotGym.Benchmarks -- --filter '*' --job $bdn_job\`: $bdn_how.
What each class measures and how to read the columns: [benchmarks/README.md](benchmarks/README.md). Mean is the time per
env step (single, vector, wrapper and batch classes), per forward call (PolicyForwardBenchmarks), per sample processed
or env step collected (PpoUpdateBenchmarks, whose Op/s column is that throughput); Allocated is managed bytes per
the same unit.

EOF
  # BenchmarkDotNet's environment block is the same for every class: print it once, then each class's table.
  awk '{ print } /^```$/ && ++fence == 2 { exit }' "${reports[0]}"
  echo
  for report in "${reports[@]}"; do
    local class; class=$(basename "$report" -report-github.md); class=${class#DotGym.Benchmarks.}
    echo "### $class"
    echo
    awk 'fence >= 2 { print } /^```$/ { fence++ }' "$report"
    echo
  done
}

section_learning() {
  echo "## Learning: PPO on CartPole-v1"
  echo
  if [[ ! -f "$learn_out/report.md" ]]; then echo "_Not run (--skip-learn) and no earlier results._"; echo; return; fi
  reused_note $run_learn --skip-learn "$learn_out/report.md"
  for png in "$learn_out"/curves_*.png; do cp "$png" "$assets/"; done
  local assets_link=${assets#"$doc_root"/}
  echo "\`$learn_command\` (the report below is its report.md; learning curves copied to $assets_link/)."
  echo
  # Demote the report's headings under this section and point its images at the copies.
  sed -e '1{/^# /d}' -e '2{/^$/d}' -e 's/^## /### /' -e "s#](curves_#]($assets_link/curves_#g" "$learn_out/report.md"
}

section_ppo_throughput() {
  echo "## PPO training throughput on CartPole-v1: \`benchmarks/ppo-throughput.sh\`"
  echo
  if [[ ! -f "$ppo_throughput_out" ]]; then echo "_Not run (--skip-learn or --quick) and no earlier results._"; echo; return; fi
  echo "Env steps per second of whole training runs (collect + update, from summary.json), median of 3, for the default"
  echo "preset (8 envs x 32 steps, 20 epochs) and the throughput preset \`fast\` (32 x 32, 4 epochs), envs stepped by the"
  echo "sync vector env or by the native SIMD batch (\`--vectorization native\`)."
  echo
  cat "$ppo_throughput_out"
  echo
}

section_tensor() {
  echo "## Tensor envs and on-device PPO on the CPU: \`benchmarks/tensor-cpu.sh\`"
  echo
  if [[ ! -f "$tensor_cpu_out" ]]; then echo "_Not run (--skip-learn or --quick) and no earlier results._"; echo; return; fi
  echo "TensorCartPole (float32, same-step autoreset, episode statistics on the device) stepped alone with pre-sampled"
  echo "action tensors, and PPO's on-device path on 256 tensor CartPoles (32 steps, 4 epochs x 4 minibatches, lr 2.5e-3)"
  echo "until the mean return of a summary window (>= 20 episodes) reaches 475, seeds 1-3, each a fresh process. The GPU"
  echo "measurements (2k / 65k / 1M envs, PPO shapes, process start to solved) are \`benchmarks/tensor-gpu.sh\`."
  echo
  echo '```'
  cat "$tensor_cpu_out"
  echo '```'
  echo
}

section_cluster() {
  echo "## Cluster: \`benchmarks/cluster.sh\`"
  echo
  if [[ ! -f "$cluster_out" ]]; then echo "_Not run (--skip-learn or --quick) and no earlier results._"; echo; return; fi
  echo "One batched runner call (a one-runner ClusterVectorEnv on an in-process silo, loopback TCP) against a local"
  echo "sync vector env at 1, 16 and 256 CartPoles (median of 2,000 steps), then env-steps/s of 16 copies of"
  echo "DotGym/CartPole-Burn200us-v1 (200 µs of busy CPU per step) on one and on two \`dotgym cluster silo\` processes"
  echo "(one runner per silo, random actions on the learner). The scaling model is in the Cluster section's notes."
  echo
  cat "$cluster_out"
  echo
}

{
  echo "# DotGym benchmarks"
  echo
  if $quick; then
    echo "> **QUICK MODE: a smoke test of benchmarks/generate.sh, not results.** Dry BenchmarkDotNet job, short"
    echo "> throughput cases, 2 seeds × $learn_steps steps. Regenerate with \`benchmarks/generate.sh\` for real numbers."
    echo
  fi
  echo "Generated by \`benchmarks/generate.sh\` (from the repository root); do not edit by hand. Every number depends on"
  echo "the machine below and on whatever else ran on it."
  echo
  section_machine
  section_throughput
  section_bdn
  section_learning
  section_ppo_throughput
  section_tensor
  section_cluster
} > "$doc.tmp"
mv "$doc.tmp" "$doc"

step "Done: $doc"
