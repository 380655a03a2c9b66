using System.Numerics;
using DotGym.Spaces;

namespace DotGym.Wrappers;

/// <summary>
/// Clips continuous actions into the env's <see cref="Box{T}"/> action space before stepping (Gymnasium's
/// <c>ClipAction</c>). The wrapper's action space is unbounded, <c>Box(-inf, inf, shape)</c>, since any action is
/// accepted. The clipped action is written to a reused buffer (no allocation per step).
/// </summary>
public sealed class ClipAction<TObs, T> : TransformAction<TObs, T[], T[]> where T : unmanaged, IFloatingPointIeee754<T>
{
    public ClipAction(Env<TObs, T[]> env) : this(env, RequireBox(env), new T[RequireBox(env).Size]) { }

    private ClipAction(Env<TObs, T[]> env, Box<T> box, T[] buffer)
        : base(env, action => Clip(action, box, buffer), new Box<T>(T.NegativeInfinity, T.PositiveInfinity, box.Shape)) { }

    private static T[] Clip(T[] action, Box<T> box, T[] buffer)
    {
        if (action is null || action.Length != buffer.Length)
            throw new ArgumentException($"ClipAction expects an action of {buffer.Length} values for {box}, got {action?.Length.ToString() ?? "null"}.", nameof(action));
        for (int i = 0; i < buffer.Length; i++)
            buffer[i] = T.Clamp(action[i], box.Low[i], box.High[i]);
        return buffer;
    }

    internal static Box<T> RequireBox(Env<TObs, T[]> env) =>
        env?.ActionSpace as Box<T> ?? throw new ArgumentException($"ClipAction needs a Box<{TypeNames.Of<T>()}> action space, but {env} has {env?.ActionSpace}.", nameof(env));
}

/// <summary>Type-inferring constructors for the action wrappers.</summary>
public static class ActionWrappers
{
    public static ClipAction<TObs, T> Clip<TObs, T>(Env<TObs, T[]> env) where T : unmanaged, IFloatingPointIeee754<T> => new(env);

    public static RescaleAction<TObs, T> Rescale<TObs, T>(Env<TObs, T[]> env, double minAction, double maxAction)
        where T : unmanaged, IFloatingPointIeee754<T> => new(env, minAction, maxAction);

    public static RescaleAction<TObs, T> Rescale<TObs, T>(Env<TObs, T[]> env, double[] minAction, double[] maxAction)
        where T : unmanaged, IFloatingPointIeee754<T> => new(env, minAction, maxAction);
}
