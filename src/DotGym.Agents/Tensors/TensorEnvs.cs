using DotGym.Envs.ClassicControl;
using DotGym.Envs.GridWorlds;
using DotGym.Envs.ToyText;
using DotGym.Registration;
using DotGym.Vector;
using static TorchSharp.torch;

namespace DotGym.Agents.Tensors;

/// <summary>
/// Makes the tensor form of a registered env: <c>TensorEnvs.Make("CartPole-v1", 65536, torch.CUDA)</c>. The scalar env
/// is built once by <see cref="Gym.Make"/> (so the spec's kwargs, e.g. <c>is_slippery</c> or a grid map, are parsed by
/// the env itself) and its constants or transition table are moved to the device.
/// <para>
/// Pick a tensor env for large batches on a GPU with the on-device PPO path (<see cref="Ppo"/> on an
/// <see cref="ITensorVectorEnv"/>): thousands of envs step as a few dozen kernels. On the CPU with up to a few hundred
/// envs an array vector env (<c>Gym.MakeVec</c>, sync or the native SIMD batch) costs less per step.
/// </para>
/// </summary>
public static class TensorEnvs
{
    /// <summary>The ids with a tensor form among the registered envs.</summary>
    public static IReadOnlyList<string> Ids => Gym.Registry.Select(s => s.Id).Where(Supports).OrderBy(id => id, StringComparer.Ordinal).ToList();

    /// <summary>Whether <paramref name="id"/> has a tensor form (CartPole, MountainCar, Acrobot, the toy-text tables, grid worlds with index observations).</summary>
    public static bool Supports(string id)
    {
        try
        {
            using var env = Gym.Make(id, disableEnvChecker: true);
            return env.Unwrapped is CartPoleEnv or MountainCarEnv or AcrobotEnv or TabularEnv or GridWorldEnv<int>;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// The tensor env of <paramref name="id"/>: <paramref name="numEnvs"/> envs on <paramref name="device"/> (null: the
    /// CPU) with <paramref name="stateType"/> dynamics, the spec's time limit (or <paramref name="maxEpisodeSteps"/>) and
    /// <paramref name="autoreset"/> (default <see cref="AutoresetMode.SameStep"/>: the final observation comes as a
    /// tensor and every step is a transition, which is what an on-device learner wants).
    /// </summary>
    public static ITensorVectorEnv Make(string id, int numEnvs, Device? device = null, ScalarType stateType = ScalarType.Float32,
        AutoresetMode autoreset = AutoresetMode.SameStep, IReadOnlyDictionary<string, object>? kwargs = null, int? maxEpisodeSteps = null)
    {
        var spec = Gym.Spec(id);
        int? limit = maxEpisodeSteps ?? spec.MaxEpisodeSteps;
        using var scalar = Gym.Make(id, kwargs, disableEnvChecker: true);
        ITensorVectorEnv made = scalar.Unwrapped switch
        {
            CartPoleEnv cartPole => new TensorCartPole(numEnvs, device, stateType, limit, autoreset, cartPole.SuttonBartoReward),
            MountainCarEnv mountainCar => new TensorMountainCar(numEnvs, device, stateType, limit, autoreset, mountainCar.GoalVelocity),
            AcrobotEnv acrobot => new TensorAcrobot(numEnvs, device, stateType, limit, autoreset, acrobot.UseNipsDynamics),
            TabularEnv table => TensorTabularEnv.From(table, numEnvs, device, stateType, limit, autoreset),
            GridWorldEnv<int> grid => TensorTabularEnv.From(grid, numEnvs, device, stateType, limit, autoreset),
            GridWorldEnv<float[]> => throw new NotSupportedException(
                $"'{id}' observes the grid as floats; the tensor grid world gives index observations: pass --env-arg observation=index (kwargs observation = \"index\")."),
            var other => throw new NotSupportedException(
                $"'{id}' ({TypeNames.Of(other.GetType())}) has no tensor implementation. Tensor envs: {string.Join(", ", Ids)}. Use an array vector env instead (--vectorization sync, threaded or native)."),
        };
        ((IHasSpec)made).Spec = spec;
        return made;
    }
}
