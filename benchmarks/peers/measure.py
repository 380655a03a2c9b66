"""Measures DotGym's peers on this machine for benchmarks/generate.sh; prints one JSON object on stdout.

Gymnasium: env steps per second of CartPole-v1 and FrozenLake-v1, one env (gym.make) and 1024 envs (gym.make_vec's
default: the numpy CartPoleVectorEnv for CartPole, a SyncVectorEnv for FrozenLake), random actions sampled beforehand,
median of REPS timed windows. SB3 (optional): PPO with rl-baselines3-zoo's CartPole-v1 hyper-parameters, env steps
until the mean of the last 20 training episode returns reaches 475, per seed.

The peers are imported, never copied: install them (pip install gymnasium stable-baselines3) or put their sources on
PYTHONPATH (generate.sh passes --peers DIR). SB3 2.3.2 (the newest that runs on Debian's torch 1.13) declares
gymnasium<0.30 and does not import with Gymnasium 1.x: --sb3-path DIR measures it in a child process with DIR alone on
PYTHONPATH (SB3 2.3.2 with Gymnasium 0.29.1; CartPole-v1 is the same env in both). Usage:
  python3 measure.py --seconds 2 [--sb3-seeds 10] [--sb3-steps 100000] [--sb3-path DIR]
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time


def rate(step, steps_per_call, seconds, reps):
    """Median env-steps/s of `reps` windows of about `seconds` each (one warm-up window first)."""
    def window():
        calls, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            for _ in range(64):
                step()
            calls += 64
        return calls * steps_per_call / (time.perf_counter() - start)
    window()
    return statistics.median(window() for _ in range(reps))


def single(gym, env_id, seconds, reps):
    env = gym.make(env_id)
    env.reset(seed=0)
    env.action_space.seed(0)
    actions = [env.action_space.sample() for _ in range(4096)]
    k = [0]

    def step():
        _, _, terminated, truncated, _ = env.step(actions[k[0] & 4095])
        k[0] += 1
        if terminated or truncated:
            env.reset()
    return rate(step, 1, seconds, reps)


def vector(gym, env_id, n, seconds, reps):
    envs = gym.make_vec(env_id, num_envs=n)  # CartPole: vector_entry_point (numpy); FrozenLake: sync
    envs.reset(seed=0)
    envs.action_space.seed(0)
    actions = [envs.action_space.sample() for _ in range(64)]
    k = [0]

    def step():
        envs.step(actions[k[0] & 63])  # next-step autoreset inside
        k[0] += 1
    return rate(step, n, seconds, reps), type(envs.unwrapped).__name__


def sb3_ppo(seeds, steps):
    from stable_baselines3 import PPO
    from stable_baselines3.common.callbacks import BaseCallback
    from stable_baselines3.common.env_util import make_vec_env
    import gymnasium
    import stable_baselines3
    import torch
    torch.set_num_threads(1)

    class StepsTo475(BaseCallback):
        def __init__(self):
            super().__init__()
            self.returns, self.reached = [], None

        def _on_step(self):
            for info in self.locals["infos"]:
                if "episode" in info:
                    self.returns.append(info["episode"]["r"])
                    if self.reached is None and len(self.returns) >= 20 and sum(self.returns[-20:]) / 20 >= 475:
                        self.reached = self.num_timesteps
            return self.reached is None

    def linear(start):
        return lambda progress_remaining: progress_remaining * start

    runs = []
    for seed in seeds:
        env = make_vec_env("CartPole-v1", n_envs=8, seed=seed)
        # rl-baselines3-zoo hyperparams/ppo.yml, CartPole-v1
        model = PPO("MlpPolicy", env, n_steps=32, batch_size=256, gae_lambda=0.8, gamma=0.98, n_epochs=20, ent_coef=0.0,
                    learning_rate=linear(0.001), clip_range=linear(0.2), seed=seed, device="cpu", verbose=0)
        callback = StepsTo475()
        start = time.perf_counter()
        model.learn(total_timesteps=steps, callback=callback)
        runs.append({"seed": seed, "steps_to_475": callback.reached, "seconds": round(time.perf_counter() - start, 1)})
    reached = [r["steps_to_475"] for r in runs if r["steps_to_475"] is not None]
    return {"version": stable_baselines3.__version__, "torch": torch.__version__, "gymnasium": gymnasium.__version__, "runs": runs,
            "reached": len(reached), "median_steps_to_475": statistics.median(reached) if reached else None}


def gymnasium_figures(seconds, reps):
    """Gymnasium's versions and env steps per second, or why Gymnasium could not be imported."""
    try:
        import gymnasium as gym
        import numpy
    except ImportError as e:
        return {"gymnasium_error": f"Gymnasium not importable ({e})"}
    cartpole_vec, cartpole_kind = vector(gym, "CartPole-v1", 1024, seconds, reps)
    lake_vec, lake_kind = vector(gym, "FrozenLake-v1", 1024, seconds, reps)
    return {
        "gymnasium": gym.__version__,
        "numpy": numpy.__version__,
        "steps_per_second": {
            "CartPole-v1/single": single(gym, "CartPole-v1", seconds, reps),
            "CartPole-v1/vec1024": cartpole_vec,
            "FrozenLake-v1/single": single(gym, "FrozenLake-v1", seconds, reps),
            "FrozenLake-v1/vec1024": lake_vec,
        },
        "vector_kinds": {"CartPole-v1/vec1024": cartpole_kind, "FrozenLake-v1/vec1024": lake_kind},
    }


def sb3_ppo_in_child(path, seeds, steps):
    """sb3_ppo in a child interpreter whose PYTHONPATH is `path` alone (so it imports that folder's Gymnasium)."""
    child = subprocess.run([sys.executable, os.path.abspath(__file__), "--sb3-only", "--sb3-seeds", str(seeds), "--sb3-steps", str(steps)],
                           env={**os.environ, "PYTHONPATH": path}, capture_output=True, text=True)
    if child.returncode != 0:
        return None, f"SB3 child process (PYTHONPATH={path}) exited {child.returncode}: {child.stderr.strip()[-400:]}"
    result = json.loads(child.stdout)
    return result.get("sb3_ppo_cartpole"), result.get("sb3_error")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--sb3-seeds", type=int, default=0, help="seeds 1..N of SB3 PPO on CartPole-v1 (0: skip)")
    parser.add_argument("--sb3-steps", type=int, default=100_000)
    parser.add_argument("--sb3-path", help="PYTHONPATH for the SB3 measurement alone, run in a child process (SB3 2.3.2 with Gymnasium 0.29.1)")
    parser.add_argument("--sb3-only", action="store_true", help=argparse.SUPPRESS)  # the child of --sb3-path
    args = parser.parse_args()
    out = {"machine": platform.machine(), "python": platform.python_version(), "date": time.strftime("%Y-%m-%d", time.gmtime())}
    if not args.sb3_only:
        out.update(gymnasium_figures(args.seconds, args.reps))
    if args.sb3_seeds > 0 and args.sb3_path:
        sb3, error = sb3_ppo_in_child(args.sb3_path, args.sb3_seeds, args.sb3_steps)
        if sb3 is not None:
            out["sb3_ppo_cartpole"] = sb3
        if error is not None:
            out["sb3_error"] = error
    elif args.sb3_seeds > 0:
        try:
            out["sb3_ppo_cartpole"] = sb3_ppo(range(1, args.sb3_seeds + 1), args.sb3_steps)
        except ImportError as e:
            out["sb3_error"] = f"Stable-Baselines3 not importable ({e})"
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
