#!/usr/bin/env bash
# The CPU numbers of BENCHMARKS.md's tensor section: env-only throughput of the tensor CartPole at 2k and 65k envs,
# and 256-env tensor PPO to mean return >= 475 (seeds 1-3), each a fresh process. Prints the measure lines.
#   benchmarks/tensor-cpu.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build benchmarks/DotGym.TensorBench -c Release -v q -nologo >/dev/null
bench=benchmarks/DotGym.TensorBench/bin/Release/net10.0/DotGym.TensorBench
export OMP_NUM_THREADS=1
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
"$bench" env cpu 2048,65536 300 | grep '^measure='
for seed in 1 2 3; do "$bench" ppo cpu 256 32 4 4 0.0025 1 "$seed" 3000000 | grep '^measure='; done
