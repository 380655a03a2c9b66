#!/usr/bin/python3
"""A DotGym env server written in Python: the proof that another language can implement the env side.

It serves PyCorridor-v0 (walk right along a corridor to its exit) over DotGym's remote protocol, with classes
generated at start-up from the very .proto DotGym's C# side is built from (src/DotGym.Remote/Protos). It needs
Debian's python3-grpcio and python3-grpc-tools (apt-get install python3-grpcio python3-grpc-tools), nothing else.

    /usr/bin/python3 examples/RemoteEnv/python/corridor_server.py --port 50055 --num-envs 4
    dotgym train --remote 127.0.0.1:50055 --steps 20000          # in another terminal

Each trainer session gets its own envs. Semantics follow the protocol: Reset(seed) resets env i with seed + i; a
step after an episode ended resets that env (next-step autoreset: reward 0, both flags false, action ignored).
"""
import argparse
import hmac
import os
import random
import shutil
import struct
import sys
import tempfile
from concurrent import futures

import grpc
from grpc_tools import protoc

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_PROTO = os.path.join(HERE, "..", "..", "..", "src", "DotGym.Remote", "Protos", "dotgym_remote.proto")


def generate(proto_path):
    """Generates dotgym_remote_pb2(_grpc) from the .proto into a temporary folder and imports them."""
    proto_path = os.path.abspath(proto_path)
    if not os.path.isfile(proto_path):
        sys.exit(f"corridor_server: {proto_path} not found; pass --proto path/to/dotgym_remote.proto")
    out = tempfile.mkdtemp(prefix="dotgym-proto-")
    include = os.path.dirname(proto_path)
    code = protoc.main(["protoc", f"-I{include}", f"--python_out={out}", f"--grpc_python_out={out}", proto_path])
    if code != 0:
        sys.exit(f"corridor_server: protoc failed on {proto_path} (exit {code})")
    sys.path.insert(0, out)
    import dotgym_remote_pb2
    import dotgym_remote_pb2_grpc
    # Imported modules live in memory: the generated files are not needed any more.
    sys.path.remove(out)
    shutil.rmtree(out, ignore_errors=True)
    return dotgym_remote_pb2, dotgym_remote_pb2_grpc


class Corridor:
    """One env: cells 0..length-1, start at random in the left half, exit at the right end (+1), -0.01 a step."""

    def __init__(self, length, max_steps):
        self.length, self.max_steps = length, max_steps
        self.random = random.Random()
        self.position = self.steps = 0

    def reset(self, seed):
        if seed is not None:
            self.random.seed(seed)
        self.position = self.random.randrange(self.length // 2)
        self.steps = 0
        return self.position

    def step(self, action):
        self.position = max(0, min(self.length - 1, self.position + (1 if action == 1 else -1)))
        self.steps += 1
        at_exit = self.position == self.length - 1
        truncated = not at_exit and self.steps >= self.max_steps
        return self.position, (1.0 if at_exit else -0.01), at_exit, truncated


class Session:
    """A session's envs with next-step autoreset, and the protocol's encoding (int32 little-endian tensors)."""

    def __init__(self, pb, count, length, max_steps):
        self.pb, self.count = pb, count
        self.envs = [Corridor(length, max_steps) for _ in range(count)]
        self.observations = [0] * count
        self.ended = [False] * count

    def tensor(self, values):
        return self.pb.Tensor(dtype=self.pb.INT32, shape=[len(values)], data=struct.pack(f"<{len(values)}i", *values))

    def reset(self, request):
        seed = request.seed if request.HasField("seed") else None
        mask = list(request.mask) or [True] * self.count
        if len(mask) != self.count:
            raise ValueError(f"the reset mask has {len(mask)} entries for {self.count} envs")
        for i, selected in enumerate(mask):
            if selected:
                self.observations[i] = self.envs[i].reset(None if seed is None else seed + i)
                self.ended[i] = False
        return self.pb.EnvReply(reset=self.pb.ResetReply(observations=self.tensor(self.observations)))

    def step(self, request):
        actions = request.actions
        if actions.dtype != self.pb.INT32 or list(actions.shape) != [self.count] or len(actions.data) != 4 * self.count:
            raise ValueError(f"the actions must be int32 of shape [{self.count}] ({4 * self.count} bytes)")
        reply = self.pb.StepReply()
        for i, action in enumerate(struct.unpack(f"<{self.count}i", actions.data)):
            if action not in (0, 1):
                raise ValueError(f"the action for env {i} is {action}, not in Discrete(2)")
            if self.ended[i]:  # next-step autoreset: this step only resets the env
                self.observations[i] = self.envs[i].reset(None)
                reward, terminated, truncated = 0.0, False, False
                self.ended[i] = False
            else:
                self.observations[i], reward, terminated, truncated = self.envs[i].step(action)
                self.ended[i] = terminated or truncated
            reply.rewards.append(reward)
            reply.terminated.append(terminated)
            reply.truncated.append(truncated)
        reply.observations.CopyFrom(self.tensor(self.observations))
        return self.pb.EnvReply(step=reply)


def make_servicer(pb, pb_grpc, args):
    class RemoteEnv(pb_grpc.RemoteEnvServicer):
        def Session(self, requests, context):
            if args.token is not None:
                sent = dict(context.invocation_metadata()).get("dotgym-token", "")
                if not hmac.compare_digest(sent.encode(), args.token.encode()):
                    context.abort(grpc.StatusCode.UNAUTHENTICATED, "Wrong or missing token: pass the server's --token.")
            session = None
            for request in requests:
                kind = request.WhichOneof("kind")
                if session is None:
                    if kind != "hello" or request.hello.protocol_version != 1:
                        yield pb.EnvReply(error=pb.Error(message="The first message of a session must be a Hello (protocol_version 1)."))
                        return
                    count = request.hello.num_envs or args.num_envs
                    if not 1 <= count <= args.num_envs:
                        yield pb.EnvReply(error=pb.Error(message=f"This server gives 1 to {args.num_envs} envs per session."))
                        return
                    session = Session(pb, count, args.length, args.max_steps)
                    yield pb.EnvReply(welcome=pb.Welcome(
                        protocol_version=1, env_id="PyCorridor-v0", num_envs=count,
                        observation_space=pb.Space(discrete=pb.DiscreteSpace(n=args.length)),
                        action_space=pb.Space(discrete=pb.DiscreteSpace(n=2)),
                        autoreset_mode=pb.NEXT_STEP, server="corridor_server.py", max_message_bytes=4 << 20,
                        reward_threshold=0.9, max_episode_steps=args.max_steps))
                elif kind == "close":
                    yield pb.EnvReply(close=pb.CloseReply())
                    return
                else:
                    try:
                        yield session.reset(request.reset) if kind == "reset" else session.step(request.step)
                    except ValueError as e:
                        yield pb.EnvReply(error=pb.Error(message=str(e), type="ValueError"))

    return RemoteEnv()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=50055, help="port on 127.0.0.1 (0 picks a free one)")
    parser.add_argument("--num-envs", type=int, default=4, help="envs per session")
    parser.add_argument("--length", type=int, default=8, help="corridor cells")
    parser.add_argument("--max-steps", type=int, default=50, help="steps before an episode is truncated")
    parser.add_argument("--token", default=os.environ.get("DOTGYM_TOKEN") or None, help="shared token (default $DOTGYM_TOKEN)")
    parser.add_argument("--proto", default=DEFAULT_PROTO, help="path of dotgym_remote.proto")
    args = parser.parse_args()
    pb, pb_grpc = generate(args.proto)
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4),
                         options=[("grpc.max_receive_message_length", 4 << 20), ("grpc.max_send_message_length", 4 << 20)])
    pb_grpc.add_RemoteEnvServicer_to_server(make_servicer(pb, pb_grpc, args), server)
    port = server.add_insecure_port(f"127.0.0.1:{args.port}")
    if port == 0:
        sys.exit(f"corridor_server: cannot listen on 127.0.0.1:{args.port}")
    server.start()
    print(f"listening on 127.0.0.1:{port}", flush=True)
    server.wait_for_termination()


if __name__ == "__main__":
    main()
