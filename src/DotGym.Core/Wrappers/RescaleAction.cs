using System.Numerics;
using DotGym.Spaces;

namespace DotGym.Wrappers;

/// <summary>
/// Affinely rescales a bounded <see cref="Box{T}"/> action space to <c>[minAction, maxAction]</c> (Gymnasium's
/// <c>RescaleAction</c>): the agent acts in the new box and the env receives
/// <c>clip(gradient * action + intercept, low, high)</c>, computed in float64 as numpy does for scalar bounds, then
/// cast to <typeparamref name="T"/>. The action is written to a reused buffer.
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
        private readonly double[] _gradient, _intercept, _low, _high;
        private readonly T[] _buffer;

        private Plan(Box<T> box, double[] min, double[] max)
        {
            Min = min;
            Max = max;
            int n = box.Size;
            _low = new double[n];
            _high = new double[n];
            _gradient = new double[n];
            _intercept = new double[n];
            _buffer = new T[n];
            var newLow = new T[n];
            var newHigh = new T[n];
            for (int i = 0; i < n; i++)
            {
                _low[i] = double.CreateTruncating(box.Low[i]);
                _high[i] = double.CreateTruncating(box.High[i]);
                // numpy: (high - low) is float32 arithmetic for a float32 box, then promoted by the float64 bounds.
                double span = double.CreateTruncating(box.High[i] - box.Low[i]);
                _gradient[i] = span / (max[i] - min[i]);
                _intercept[i] = _gradient[i] * -min[i] + _low[i];
                newLow[i] = T.CreateTruncating(min[i]);
                newHigh[i] = T.CreateTruncating(max[i]);
            }
            Space = new Box<T>(newLow, newHigh, box.Shape);
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
                if (!box.IsBounded(i))
                    throw new ArgumentException($"RescaleAction needs a bounded action space, but {box} is unbounded in dimension {i}; use ClipAction or a TransformAction instead.");
                if (!double.IsFinite(min[i]) || !double.IsFinite(max[i]) || !(min[i] < max[i]))
                    throw new ArgumentException($"RescaleAction needs finite minAction < maxAction, got [{min[i]}, {max[i]}] in dimension {i}.");
            }
            return new Plan(box, (double[])min.Clone(), (double[])max.Clone());
        }

        public T[] Apply(T[] action)
        {
            if (action is null || action.Length != _buffer.Length)
                throw new ArgumentException($"RescaleAction expects an action of {_buffer.Length} values, got {action?.Length.ToString() ?? "null"}.", nameof(action));
            for (int i = 0; i < _buffer.Length; i++)
                _buffer[i] = T.CreateTruncating(Math.Clamp(_gradient[i] * double.CreateTruncating(action[i]) + _intercept[i], _low[i], _high[i]));
            return _buffer;
        }
    }
}
