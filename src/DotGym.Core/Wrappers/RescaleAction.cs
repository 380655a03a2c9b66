using System.Numerics;
using DotGym.Spaces;

namespace DotGym.Wrappers;

/// <summary>
/// Affinely rescales a <see cref="Box{T}"/> action space to <c>[minAction, maxAction]</c> (Gymnasium 1.x's
/// <c>RescaleAction</c>, built on <c>rescale_box</c>): the agent acts in the new box and the env receives
/// <c>(action - intercept) / gradient</c> in <typeparamref name="T"/> arithmetic, not clipped (wrap with
/// <see cref="ClipAction{TObs,T}"/> outside to clip what the agent sends). Per dimension with both new bounds finite,
/// <c>gradient = (max - min) / (high - low)</c> (numpy's long-double quotient, stored as <typeparamref name="T"/>) and
/// <c>intercept = gradient * -low + min</c>; a dimension with an infinite bound keeps gradient 1 and is only shifted,
/// and its new bound must be the same infinity. The new bounds are float64 values (Python floats) cast to
/// <typeparamref name="T"/>. The action is written to a reused buffer.
/// </summary>
public sealed class RescaleAction<TObs, T> : TransformAction<TObs, T[], T[]> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Rescales every dimension to the same <c>[minAction, maxAction]</c>.</summary>
    public RescaleAction(Env<TObs, T[]> env, double minAction, double maxAction)
        : this(env, Filled(env, minAction), Filled(env, maxAction)) { }

    /// <summary>Rescales dimension i to <c>[minAction[i], maxAction[i]]</c>.</summary>
    public RescaleAction(Env<TObs, T[]> env, double[] minAction, double[] maxAction)
        : this(env, Plan.Create(ClipAction<TObs, T>.RequireBox(env), minAction, maxAction)) { }

    private RescaleAction(Env<TObs, T[]> env, Plan plan) : base(env, plan.Apply, plan.Space) => (MinAction, MaxAction) = (plan.Min, plan.Max);

    public IReadOnlyList<double> MinAction { get; }
    public IReadOnlyList<double> MaxAction { get; }

    private static double[] Filled(Env<TObs, T[]> env, double value)
    {
        var values = new double[ClipAction<TObs, T>.RequireBox(env).Size];
        Array.Fill(values, value);
        return values;
    }

    private sealed class Plan
    {
        private readonly T[] _gradient, _intercept, _buffer;

        private Plan(Box<T> box, double[] min, double[] max)
        {
            Min = min;
            Max = max;
            int n = box.Size;
            _gradient = new T[n];
            _intercept = new T[n];
            _buffer = new T[n];
            for (int i = 0; i < n; i++)
            {
                double low = double.CreateTruncating(box.Low[i]), high = double.CreateTruncating(box.High[i]);
                bool minFinite = double.IsFinite(min[i]), maxFinite = double.IsFinite(max[i]);
                // numpy subtracts the bounds and divides in long double, then stores the quotient as T.
                _gradient[i] = minFinite && maxFinite ? LongDoubleQuotient.Divide<T>(max[i] - min[i], high, low) : T.One;
                // gradient * -low is T arithmetic; adding the float64 bound promotes to float64 before storing as T.
                if (minFinite) _intercept[i] = T.CreateTruncating(double.CreateTruncating(_gradient[i] * -box.Low[i]) + min[i]);
                else if (maxFinite) _intercept[i] = T.CreateTruncating(max[i] - high);
            }
            Space = new Box<T>(Array.ConvertAll(min, T.CreateTruncating), Array.ConvertAll(max, T.CreateTruncating), box.Shape);
        }

        public double[] Min { get; }
        public double[] Max { get; }
        public Box<T> Space { get; }

        public static Plan Create(Box<T> box, double[] min, double[] max)
        {
            ArgumentNullException.ThrowIfNull(min);
            ArgumentNullException.ThrowIfNull(max);
            if (min.Length != box.Size || max.Length != box.Size)
                throw new ArgumentException($"RescaleAction bounds need {box.Size} values each for {box}, got {min.Length} and {max.Length}.");
            for (int i = 0; i < box.Size; i++)
            {
                double low = double.CreateTruncating(box.Low[i]), high = double.CreateTruncating(box.High[i]);
                if (double.IsNaN(min[i]) || double.IsNaN(max[i]) || !(min[i] < max[i]))
                    throw new ArgumentException($"RescaleAction needs minAction < maxAction, got [{min[i]}, {max[i]}] in dimension {i}.");
                if ((double.IsInfinity(min[i]) || double.IsInfinity(low)) && min[i] != low)
                    throw new ArgumentException($"RescaleAction maps an unbounded side only onto the same infinity: dimension {i} has low {low} and minAction {min[i]}. Use finite bounds on both, or ClipAction/TransformAction instead.");
                if ((double.IsInfinity(max[i]) || double.IsInfinity(high)) && max[i] != high)
                    throw new ArgumentException($"RescaleAction maps an unbounded side only onto the same infinity: dimension {i} has high {high} and maxAction {max[i]}. Use finite bounds on both, or ClipAction/TransformAction instead.");
            }
            return new Plan(box, (double[])min.Clone(), (double[])max.Clone());
        }

        public T[] Apply(T[] action)
        {
            if (action is null || action.Length != _buffer.Length)
                throw new ArgumentException($"RescaleAction expects an action of {_buffer.Length} values, got {action?.Length.ToString() ?? "null"}.", nameof(action));
            for (int i = 0; i < _buffer.Length; i++)
                _buffer[i] = (action[i] - _intercept[i]) / _gradient[i];
            return _buffer;
        }
    }
}
