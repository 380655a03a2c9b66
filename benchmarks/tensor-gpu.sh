#!/usr/bin/env bash
# Every tensor-env measurement of issue 11 on one CUDA GPU, in one run (GPU time is scarce):
#   1. env-only throughput of the tensor CartPole (float32, same-step autoreset) at 2k / 65k / 1M envs;
#   2. end-to-end PPO env-steps/s on tensor CartPole for a few batch shapes, each until mean return >= 475;
#   3. wall time from process start to mean return >= 475 (every PPO run is a fresh process, after a warm-up run
#      that loads the CUDA libraries once: a fresh machine's first load took ~12 s).
#
# Prepare here (a machine with the .NET SDK), from the repository root:
#   ../shared/gpu/pack.sh benchmarks/DotGym.TensorBench/DotGym.TensorBench.csproj     # writes .gpu/app.tar.xz + .gpu/run.sh
#   (keep .gpu/ out of git: echo /.gpu/ >> .git/info/exclude)
# Then on the CUDA machine (its Python PyTorch supplies libtorch), from the repository root:
#   bash benchmarks/tensor-gpu.sh            # about 4 minutes; the log goes to $OUT (or /tmp) as tensor-gpu.log
# The CPU counterpart is benchmarks/tensor-cpu.sh.
set -uo pipefail
cd "$(dirname "$0")/.."
[ -f .gpu/run.sh ] || { echo "no .gpu/run.sh: pack first (see the top of this script)"; exit 1; }
log=${OUT:-/tmp}/tensor-gpu.log
: >"$log"
bench() { timeout "${LIMIT:-150}" bash .gpu/run.sh "$@" 2>&1 | tee -a "$log" | grep -E '^(device|measure)=' ; }

nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee -a "$log"
echo "== warm-up (loads the CUDA libraries)" | tee -a "$log"
bench env cuda 1024 20

echo "== env only: tensor CartPole, float32, same-step autoreset" | tee -a "$log"
bench env cuda 2048,65536,1048576 1000

echo "== PPO end to end until mean return >= 475 (ENVS N_STEPS MINIBATCHES EPOCHS LR SUMMARY_EVERY SEED)" | tee -a "$log"
# name: envs x n_steps, 4 epochs; the issue's probe solved at 65k x 16 (4 x 4 minibatches) in 3.2-5.1 s of training.
for shape in "65536 16 4 4 0.0025 2" "65536 16 2 4 0.0025 2" "262144 8 4 4 0.0025 2" "8192 32 4 4 0.0025 2"; do
  for seed in 1 2 3; do
    bench ppo cuda $shape $seed 300000000
  done
done
echo "== summary (measure lines)" | tee -a "$log"
grep '^measure=' "$log"
