using System.Numerics;

namespace DotGym.Wrappers;

/// <summary>
/// Gymnasium's <c>rescale_box</c> on x86-64 numpy: <c>n / (float128(high) - float128(low))</c>, with x87 80-bit long
/// doubles (64-bit significand), stored into a float32 or float64 array. .NET has no 80-bit type, so the difference
/// is kept as an exact double pair rounded to 64 bits, and FMA remainders tell where the true quotient lies relative
/// to the rounding boundaries of round_T(round_64(x)).
/// </summary>
internal static class LongDoubleQuotient
{
    public static T Divide<T>(double numerator, double high, double low) where T : IFloatingPointIeee754<T>
    {
        var (head, tail) = LongDoubleDifference(high, low);
        double q = numerator / head;
        if (!double.IsFinite(q) || q == 0) return T.CreateTruncating(q);
        double remainder = Remainder(numerator, q, head, tail);
        // q = numerator / head can be one ulp off the quotient by head + tail; step to the float64 nearest x.
        for (int i = 0; i < 2 && Math.Abs(remainder) > Math.Abs(HalfUlpTowards(q, remainder, head) * head); i++)
        {
            q = ((remainder > 0) == (head > 0)) ? Math.BitIncrement(q) : Math.BitDecrement(q);
            remainder = Remainder(numerator, q, head, tail);
        }
        if (remainder == 0) return T.CreateTruncating(q); // exact: every rounding agrees
        bool trueQuotientAbove = (remainder > 0) == (head > 0);
        return typeof(T) == typeof(float)
            ? T.CreateTruncating(ToSingle(q, trueQuotientAbove))
            : T.CreateTruncating(ToDoubleThroughExtended(q, remainder, head, tail, trueQuotientAbove));
    }

    /// <summary>high - low rounded to a 64-bit significand, as head + tail (head is the float64 difference).</summary>
    private static (double Head, double Tail) LongDoubleDifference(double high, double low)
    {
        double head = high - low;
        if (!double.IsFinite(head)) return (head, 0);
        // TwoSum: the exact rounding error of the float64 subtraction.
        double lowPart = head - high;
        double error = (high - (head - lowPart)) + (-low - lowPart);
        double grid = (Math.BitIncrement(Math.Abs(head)) - Math.Abs(head)) / 2048; // one 64-bit ulp at head
        return (head, Math.Round(error / grid, MidpointRounding.ToEven) * grid);
    }

    /// <summary>numerator - q * (head + tail): exact for the head part (FMA), the tiny tail part rounded.</summary>
    private static double Remainder(double numerator, double q, double head, double tail) =>
        Math.FusedMultiplyAdd(-q, head, numerator) - q * tail;

    private static double HalfUlpTowards(double q, double remainder, double head)
    {
        double neighbour = ((remainder > 0) == (head > 0)) ? Math.BitIncrement(q) : Math.BitDecrement(q);
        return (neighbour - q) / 2;
    }

    /// <summary>
    /// The float32 nearest the true quotient x (q is x rounded to float64). Converting q is right unless q lies exactly
    /// halfway between two floats; then x's side decides. (Rounding x to 64 bits first changes a float32 result only
    /// when that lands exactly on a float32 midpoint, about once in 2^40 quotients.)
    /// </summary>
    private static float ToSingle(double q, bool trueQuotientAbove)
    {
        float nearest = (float)q;
        if (nearest == q) return nearest;
        float other = q < nearest ? MathF.BitDecrement(nearest) : MathF.BitIncrement(nearest);
        if (Math.Abs(q - nearest) != Math.Abs(q - other)) return nearest; // q is not a midpoint
        return trueQuotientAbove ? MathF.Max(nearest, other) : MathF.Min(nearest, other);
    }

    /// <summary>
    /// round_53(round_64(x)): different from q = round_53(x) only when x is within half a 64-bit ulp of the midpoint m
    /// between q and its neighbour on x's side; round_64(x) is then m, and m rounds to the even one of the two.
    /// </summary>
    private static double ToDoubleThroughExtended(double q, double remainder, double head, double tail, bool trueQuotientAbove)
    {
        double neighbour = trueQuotientAbove ? Math.BitIncrement(q) : Math.BitDecrement(q);
        double halfGap = (neighbour - q) / 2; // a power of two: scaling by it is exact
        // x - m = (remainder - halfGap * denominator) / denominator; half a 64-bit ulp at m is |halfGap| * 2^-11.
        double offset = Math.FusedMultiplyAdd(-halfGap, head, remainder) - halfGap * tail;
        if (Math.Abs(offset) > Math.Abs(halfGap * head) / 2048) return q;
        return (BitConverter.DoubleToInt64Bits(q) & 1) == 0 ? q : neighbour;
    }
}
