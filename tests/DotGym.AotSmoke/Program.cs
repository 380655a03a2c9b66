// NativeAOT smoke test: prints one checksum line; NativeAotPublishTests compares it with the JIT's.
Console.WriteLine($"checksum: {DotGym.AotSmoke.SmokeChecksum.Compute():x16}");
