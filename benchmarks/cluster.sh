#!/usr/bin/env bash
# Cluster benchmarks (BENCHMARKS.md, "Cluster"): one batched runner call's overhead at 1, 16 and 256 envs, and
# env-steps/s of the 200 µs CartPole on 1 and then 2 silo processes (dotgym cluster silo, loopback).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build benchmarks/DotGym.ClusterBench -c Release -v q >/dev/null
dotnet build src/DotGym.Cli -c Release -v q >/dev/null
bench=benchmarks/DotGym.ClusterBench/bin/Release/net10.0/DotGym.ClusterBench
dotgym=src/DotGym.Cli/bin/Release/net10.0/dotgym
envs=${ENVS:-16}
seconds=${SECONDS_PER_RUN:-15}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
echo
echo "### One batched runner call (in-process silo, loopback)"
"$bench" overhead 2000

pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
"$dotgym" cluster silo --port 11411 --gateway-port 30411 >/dev/null & pids+=($!)
sleep 8
echo; echo "### 200 µs CartPole, $envs envs, ${seconds} s each"
echo "| silo processes | envs | env-steps/s | busy cores (steps/s x 200 µs) |"
echo "| ---: | ---: | ---: | ---: |"
"$bench" throughput 127.0.0.1:30411 "$envs" "$seconds"
"$dotgym" cluster silo --port 11412 --gateway-port 30412 --primary 127.0.0.1:11411 >/dev/null & pids+=($!)
sleep 8
"$bench" throughput 127.0.0.1:30411,127.0.0.1:30412 "$envs" "$seconds"
