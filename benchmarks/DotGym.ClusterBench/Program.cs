using System.Diagnostics;
using System.Globalization;
using DotGym.Cluster;
using DotGym.Cluster.Hosting;
using DotGym.Cluster.Simulation;
using DotGym.Registration;
using DotGym.Vector;
using Microsoft.Extensions.Hosting;

// dotnet run -c Release -- overhead [calls]             one runner call vs a local step at 1, 16, 256 CartPoles
// dotnet run -c Release -- throughput GATEWAYS ENVS SECS  env-steps/s of the 200 µs CartPole on the silos behind GATEWAYS
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
DotGym.Envs.BuiltinEnvs.Register();
ExpensiveEnvs.Register();
return args.FirstOrDefault() switch
{
    "overhead" => Overhead(args.Length > 1 ? int.Parse(args[1]) : 2000),
    "throughput" when args.Length == 4 => Throughput(args[1].Split(','), int.Parse(args[2]), double.Parse(args[3])),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: overhead [calls] | throughput HOST:PORT[,HOST:PORT] ENVS SECONDS");
    return 2;
}

// Median wall time of one Step on a local sync vector env and on a one-runner cluster env (same envs, same actions):
// the difference is what one batched runner call costs (serialisation, loopback TCP, the grain turn).
static int Overhead(int calls)
{
    using var silo = ClusterHosts.Silo(new ClusterSiloOptions { SiloPort = 11311, GatewayPort = 30311 });
    silo.Start();
    using var client = ClusterHosts.ConnectAsync(["127.0.0.1:30311"]).GetAwaiter().GetResult();
    Console.WriteLine("| envs per call | local step (median µs) | cluster step (median µs) | overhead per call (µs) | overhead per env (µs) |");
    Console.WriteLine("| ---: | ---: | ---: | ---: | ---: |");
    foreach (int n in new[] { 1, 16, 256 })
    {
        using var local = Gym.MakeVec<float[], int>("CartPole-v1", n);
        using var remote = ClusterVectorEnv.Create<float[], int>(client.Client(), "CartPole-v1", n, new ClusterVectorEnvOptions { Runners = 1 });
        double l = MedianMicros(local, calls), r = MedianMicros(remote, calls);
        Console.WriteLine($"| {n} | {l:F1} | {r:F1} | {r - l:F1} | {(r - l) / n:F2} |");
    }
    silo.StopAsync().GetAwaiter().GetResult();
    return 0;
}

static double MedianMicros(IVectorEnv<float[], int> env, int calls)
{
    env.Reset(seed: 0);
    var actions = new int[env.NumEnvs];
    var random = new Random(0);
    var times = new double[calls];
    for (int c = -calls / 10; c < calls; c++) // the first tenth warms up
    {
        for (int i = 0; i < actions.Length; i++) actions[i] = random.Next(2);
        long start = Stopwatch.GetTimestamp();
        env.Step(actions);
        if (c >= 0) times[c] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }
    Array.Sort(times);
    return times[calls / 2];
}

// Env steps per second of ENVS copies of the 200 µs CartPole spread over the silos (one runner each), random actions.
static int Throughput(string[] gateways, int envs, double seconds)
{
    using var env = (IVectorEnv<float[], int>)ClusterVectorEnv.Connect(gateways, ExpensiveEnvs.CartPole200us, envs);
    env.Reset(seed: 0);
    var actions = new int[envs];
    var random = new Random(0);
    void Step()
    {
        for (int i = 0; i < actions.Length; i++) actions[i] = random.Next(2);
        env.Step(actions);
    }
    for (int w = 0; w < 50; w++) Step();
    long steps = 0;
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed.TotalSeconds < seconds)
    {
        Step();
        steps += envs;
    }
    double rate = steps / clock.Elapsed.TotalSeconds;
    var silos = ((IClusterVectorEnv)env).RunnerSilos.Distinct().Count();
    Console.WriteLine($"| {silos} | {envs} | {rate:N0} | {rate * ExpensiveEnvs.CartPoleCost.TotalSeconds:F2} |");
    return 0;
}
