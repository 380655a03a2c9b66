#!/usr/bin/env bash
# Regenerates BENCHMARKS.md (and docs/bench/) at the repository root from fresh measurements on this machine:
#   1. builds the benchmark suite and the CLI in Release,
#   2. runs the whole BenchmarkDotNet suite with `--job short` (3 warm-up + 3 measured iterations, one process per case),
#   3. runs `dotgym bench throughput --json`, then measures the peers in the same run when they are importable
#      (benchmarks/peers/measure.py: Gymnasium's CartPole and FrozenLake, one env and 1024 envs; SB3 PPO on CartPole
#      over 10 seeds); where no peer is importable the tables show the last figures of benchmarks/peer-figures.json
#      with their date and machine, and a full run that measured them rewrites that file (commit it),
#   4. runs the learning table: `dotgym bench learn` of PPO, A2C and REINFORCE on CartPole-v1, Acrobot-v1,
#      FrozenLake-v1 and the four GridWorld presets, and PPO on Pendulum-v1 and MountainCarContinuous-v0, 10 seeds,
#      each run in its own process, published SB3-zoo/CleanRL figures beside the rows (benchmarks/published-learning.json),
#   5. assembles BENCHMARKS.md: machine, throughput vs Gymnasium, peers, BenchmarkDotNet tables, learning table.
# Full mode takes about 1.5 hours on an idle 2-core machine (BenchmarkDotNet ~8 min, throughput and Gymnasium ~4 min,
# SB3 PPO ~3 min, the learning table ~1 h of 230 training runs, 2 at a time; measured 2026-12-02); close other work first (every
# seconds figure is wall-clock). The learning table is resumable: after an interruption run
#   benchmarks/generate.sh --resume-learn
# and it continues (finished runs reused, interrupted ones resumed exactly from their last checkpoint). To redo only
# the learning table: benchmarks/generate.sh --skip-bdn --skip-throughput --skip-peers [--resume-learn].
#
# Usage (from the repository root):
#   benchmarks/generate.sh              full regeneration: writes BENCHMARKS.md and docs/bench/ (commit both)
#   benchmarks/generate.sh --quick      smoke test of this script (~5 min): BenchmarkDotNet --job dry, 0.25 s per
#                                       throughput case, 2 seeds x 5000 steps; writes bench/quick/BENCHMARKS.md
#                                       (git-ignored, labelled as a smoke test; never commit it)
# Peers: --peers DIR puts DIR on PYTHONPATH (a folder OUTSIDE the repository holding the Gymnasium 1.4 and SB3 2.3.2
#   sources, e.g. `git archive` of each; with Debian's python3-numpy, python3-cloudpickle and python3-torch), or
#   install them (pip install gymnasium stable-baselines3); PYTHON picks the interpreter (default python3).
#   --sb3-peers DIR measures SB3 in a child process with DIR alone on PYTHONPATH: SB3 2.3.2 declares gymnasium<0.30
#   and does not import with Gymnasium 1.x, so DIR holds the SB3 2.3.2 and Gymnasium 0.29.1 sources (with Debian's
#   python3-matplotlib and python3-pandas, which SB3 imports).
# Options: --skip-bdn, --skip-throughput, --skip-peers, --skip-learn leave a part out (its section reuses that part's outputs from
#          an earlier generation in the same mode, saying so and when they were measured, or says it was not run);
#          --resume-learn keeps finished learning runs from an interrupted earlier run instead of starting afresh.
# Needs: dotnet, git, jq. Intermediate outputs go to bench/ (git-ignored).
set -euo pipefail

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }

quick=false run_bdn=true run_throughput=true run_peers=true run_learn=true resume_learn=false peers_path=${DOTGYM_PEERS:-}
sb3_path=${DOTGYM_SB3_PEERS:-} expect=
for arg in "$@"; do
  case "$expect" in
    peers) peers_path=$arg expect=; continue ;;
    sb3) sb3_path=$arg expect=; continue ;;
  esac
  case "$arg" in
    --peers) expect=peers ;;
    --sb3-peers) expect=sb3 ;;
    --skip-peers) run_peers=false ;;
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
  bdn_job=dry throughput_seconds=0.25 learn_seeds=2 sb3_seeds=0
  learn_algos=ppo,reinforce learn_envs=CartPole-v1,GridWorld-4x4-v0 learn_also=ppo:Pendulum-v1
  learn_steps=5000
  work=bench/quick doc_root=bench/quick
else
  bdn_job=short throughput_seconds=2 learn_seeds=10 sb3_seeds=10
  learn_algos=ppo,a2c,reinforce
  learn_envs=CartPole-v1,Acrobot-v1,FrozenLake-v1,GridWorld-4x4-v0,GridWorld-Maze-v0,GridWorld-LavaSlip-v0,GridWorld-8x8-v0
  learn_also=ppo:Pendulum-v1,ppo:MountainCarContinuous-v0
  # rl-zoo's budgets where it has them (PPO CartPole 100k, A2C CartPole 500k, PPO Acrobot 1M, A2C Acrobot 500k, PPO Pendulum 100k, PPO MCC 20k),
  # docs/learning-results.md's elsewhere.
  learn_steps=CartPole-v1=100000,a2c:CartPole-v1=500000,reinforce:CartPole-v1=500000,Acrobot-v1=500000,ppo:Acrobot-v1=1000000
  learn_steps=$learn_steps,FrozenLake-v1=200000,GridWorld-4x4-v0=50000,GridWorld-Maze-v0=200000,GridWorld-LavaSlip-v0=200000
  learn_steps=$learn_steps,GridWorld-8x8-v0=200000,Pendulum-v1=100000,MountainCarContinuous-v0=20000
  work=bench/generate doc_root=.
fi
learn_out=$work/learning
$quick || learn_out=bench/learning
doc=$doc_root/BENCHMARKS.md
assets=$doc_root/docs/bench
peer_figures=benchmarks/peer-figures.json
peers_json=$work/peers.json
learn_command="dotgym bench learn --algos $learn_algos --envs $learn_envs --also $learn_also --seeds $learn_seeds --steps $learn_steps --published benchmarks/published-learning.json --out $learn_out"

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

# ---- 3b. peers: Gymnasium and SB3 measured in this run when importable ---------------------------------------------
python=${PYTHON:-python3}
if $run_peers; then
  step "Peers: benchmarks/peers/measure.py (PYTHONPATH=${peers_path:-unset})"
  rm -f "$peers_json"
  PYTHONPATH="${peers_path}${PYTHONPATH:+:$PYTHONPATH}" "$python" benchmarks/peers/measure.py \
    --seconds "$throughput_seconds" --sb3-seeds "$sb3_seeds" ${sb3_path:+--sb3-path "$sb3_path"} > "$peers_json.tmp" && mv "$peers_json.tmp" "$peers_json" \
    || { echo "generate.sh: the peer measurement failed; the tables show the last figures of $peer_figures." >&2; rm -f "$peers_json.tmp"; }
  if [[ -f "$peers_json" ]] && ! $quick && jq -e '.steps_per_second' "$peers_json" >/dev/null; then
    step "Recording the measured peer figures in $peer_figures (commit it)"
    jq --slurpfile now "$peers_json" --arg cpu "$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') ($(nproc) cores)" '
      ($now[0]) as $m
      | .gymnasium |= (reduce ($m.steps_per_second | to_entries[]) as $e (.;
          .[$e.key] = {steps_per_second: ($e.value | round), what: (.[$e.key].what // $e.key), date: $m.date,
                       machine: "\($cpu), Gymnasium \($m.gymnasium), numpy \($m.numpy)", source: "benchmarks/generate.sh"}))
      | if $m.sb3_ppo_cartpole.median_steps_to_475 then .sb3_ppo_cartpole = {median_steps_to_475: $m.sb3_ppo_cartpole.median_steps_to_475,
          range: "\([$m.sb3_ppo_cartpole.runs[].steps_to_475 // empty] | min)-\([$m.sb3_ppo_cartpole.runs[].steps_to_475 // empty] | max)",
          reached: "\($m.sb3_ppo_cartpole.reached) of \($m.sb3_ppo_cartpole.runs | length)", seeds: "1-\($m.sb3_ppo_cartpole.runs | length)",
          date: $m.date, machine: "\($cpu), SB3 \($m.sb3_ppo_cartpole.version), torch \($m.sb3_ppo_cartpole.torch)\(if $m.sb3_ppo_cartpole.gymnasium then ", Gymnasium \($m.sb3_ppo_cartpole.gymnasium)" else "" end)", source: "benchmarks/generate.sh"} else . end
    ' "$peer_figures" > "$peer_figures.tmp" && mv "$peer_figures.tmp" "$peer_figures"
  fi
fi

# ---- 4. learning ---------------------------------------------------------------------------------------------------
if $run_learn; then
  step "$learn_command"
  $resume_learn || rm -rf "$learn_out"
  dotgym bench learn --algos "$learn_algos" --envs "$learn_envs" --also "$learn_also" --seeds "$learn_seeds" \
    --steps "$learn_steps" --published benchmarks/published-learning.json --out "$learn_out"
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

# Gymnasium's figures: measured in this run (peers.json) or else the last ones recorded (peer-figures.json, with their
# date and machine), and the speed-ups DotGym aims for. A throughput case is compared with the first entry whose
# prefix its name starts with.
[[ -f "$peers_json" ]] && peers_now=$(cat "$peers_json") || peers_now='{}'
gymnasium_reference=$(jq -n --argjson now "$peers_now" --slurpfile last "$peer_figures" '
  [ {prefix: "CartPole-v1/single", key: "CartPole-v1/single", target: 100},
    {prefix: "CartPole-v1/vec1024", key: "CartPole-v1/vec1024", target: 10},
    {prefix: "FrozenLake", key: "FrozenLake-v1/single", target: 100} ]
  | map(. as $t | ($last[0].gymnasium[$t.key]) as $old
      | if $now.steps_per_second[$t.key] then $t + {steps_per_second: $now.steps_per_second[$t.key], what: ($old.what // $t.key), when: "measured in this run"}
        else $t + {steps_per_second: $old.steps_per_second, what: $old.what, when: "not measured in this run (\($now.gymnasium_error // "--skip-peers")); last measured \($old.date) on \($old.machine)"} end)')

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
(one step of one env counts 1; one step of a 1024-env batch counts 1024). Gymnasium's figures come from the same kind of
case in Python (benchmarks/peers/measure.py), measured in this run where Gymnasium was importable, else the last
recorded figure with its date and machine; the ratio is DotGym / Gymnasium, the target is the speed-up DotGym aims for.

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
      + (if $gym then "\($gym.steps_per_second | si) (\($gym.what); \($gym.when)) | \($rate / $gym.steps_per_second * 10 | round / 10)× | \($gym.target)×"
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

section_peers() {
  echo "## Peers: Gymnasium and Stable-Baselines3"
  echo
  echo "Measured by \`benchmarks/peers/measure.py\` in this run where importable; otherwise the last figures recorded in"
  echo "\`$peer_figures\`, with their date and machine. The peers are imported from their own installs, never copied here."
  echo
  echo "| Peer case | Figure | Measured |"
  echo "|---|---:|---|"
  jq -rn --argjson now "$peers_now" --slurpfile last "$peer_figures" '
    def si: if . >= 1e6 then "\(. / 1e6 * 100 | round / 100) M" elif . >= 1e3 then "\(. / 1e3 * 10 | round / 10) k" else "\(. | round)" end;
    ($last[0].gymnasium | keys) + ($now.steps_per_second // {} | keys) | unique[] as $key
    | if $now.steps_per_second[$key] then "| Gymnasium \($key) (\($now.vector_kinds[$key] // "one env")) | \($now.steps_per_second[$key] | si) steps/s | this run: Gymnasium \($now.gymnasium), numpy \($now.numpy) |"
      else ($last[0].gymnasium[$key]) as $old | "| Gymnasium \($key) (\($old.what)) | \($old.steps_per_second | si) steps/s | not in this run; last \($old.date), \($old.machine) (\($old.source)) |" end'
  jq -rn --argjson now "$peers_now" --slurpfile last "$peer_figures" '
    if $now.sb3_ppo_cartpole.median_steps_to_475 then
      "| SB3 PPO CartPole-v1, rl-zoo parameters: median env steps to mean-20 475 | \($now.sb3_ppo_cartpole.median_steps_to_475) (\($now.sb3_ppo_cartpole.reached) of \($now.sb3_ppo_cartpole.runs | length) seeds) | this run: SB3 \($now.sb3_ppo_cartpole.version), torch \($now.sb3_ppo_cartpole.torch)\(if $now.sb3_ppo_cartpole.gymnasium then ", Gymnasium \($now.sb3_ppo_cartpole.gymnasium)" else "" end) |"
    else ($last[0].sb3_ppo_cartpole) as $old
      | "| SB3 PPO CartPole-v1, rl-zoo parameters: median env steps to mean-20 475 | \($old.median_steps_to_475) (\($old.range), \($old.reached), seeds \($old.seeds)) | not in this run (\($now.sb3_error // "no SB3")); last \($old.date), \($old.machine) (\($old.source)) |" end'
  if [[ -f "$learn_out/report.json" ]]; then
    jq -rn --argjson now "$peers_now" --slurpfile last "$peer_figures" --slurpfile report "$learn_out/report.json" '
      ([$report[0].results[] | select(.algo == "ppo" and .env == "CartPole-v1")] | first) as $ours
      | ($now.sb3_ppo_cartpole.median_steps_to_475 // $last[0].sb3_ppo_cartpole.median_steps_to_475) as $sb3
      | if $ours.median_steps_to_threshold then "| DotGym PPO CartPole-v1 (same parameters), this run | \($ours.median_steps_to_threshold | round) (\($ours.fraction_reaching_threshold * 100 | round)% of seeds) | \($ours.median_steps_to_threshold / $sb3 * 100 | round / 100)× SB3 |" else empty end'
  fi
  echo
}

section_learning() {
  echo "## Learning table"
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
  section_peers
  section_bdn
  section_learning
  section_ppo_throughput
  section_tensor
  section_cluster
} > "$doc.tmp"
mv "$doc.tmp" "$doc"

step "Done: $doc"
