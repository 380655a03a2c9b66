using DotGym.Spaces;

namespace DotGym.Agents.Policies;

/// <summary>Which probability distribution the policy uses for an action space.</summary>
public enum ActionKind
{
    /// <summary><c>Discrete(n)</c>: one categorical distribution over n logits.</summary>
    Categorical,
    /// <summary>MultiDiscrete(nvec): one independent categorical per component (logits concatenated).</summary>
    MultiCategorical,
    /// <summary>A float <c>Box</c>: a diagonal Gaussian with a learned, state-independent log-std.</summary>
    DiagonalGaussian,
}

/// <summary>
/// How the policy network talks to an action space: the distribution, the width of the actor's output and the width
/// of one stored action. Built from the untyped <see cref="Space"/>, so a new space type only needs to be recognised here.
/// </summary>
public sealed class ActionLayout
{
    private ActionLayout(ActionKind kind, int[] categories, double[] low, double[] high, string description)
    {
        Kind = kind;
        Categories = categories;
        Low = low;
        High = high;
        Description = description;
    }

    public ActionKind Kind { get; }

    /// <summary>Number of choices per categorical component (empty for Gaussian actions).</summary>
    public int[] Categories { get; }

    /// <summary>Lower bounds of a Gaussian (Box) action, per dimension.</summary>
    public double[] Low { get; }

    /// <summary>Upper bounds of a Gaussian (Box) action, per dimension.</summary>
    public double[] High { get; }

    /// <summary>The action space's text, e.g. <c>Discrete(2)</c>; checkpoints compare it on load.</summary>
    public string Description { get; }

    /// <summary>Numbers in one stored action: 1 for Discrete, one per component for MultiDiscrete, the Box size.</summary>
    public int ActionWidth => Kind == ActionKind.DiagonalGaussian ? Low.Length : Categories.Length;

    /// <summary>Width of the actor network's output: all logits, or the Gaussian mean.</summary>
    public int ActorOutputWidth => Kind == ActionKind.DiagonalGaussian ? Low.Length : Categories.Sum();

    /// <summary>Whether the action is discrete (categorical), so masks apply.</summary>
    public bool IsDiscrete => Kind != ActionKind.DiagonalGaussian;

    /// <summary>
    /// Recognises <c>Discrete</c>, float/double <c>Box</c> and <c>MultiDiscrete</c>. Anything else fails with a message saying what is supported.
    /// </summary>
    public static ActionLayout From(Space space)
    {
        ArgumentNullException.ThrowIfNull(space);
        string description = space.ToString() ?? space.GetType().Name;
        switch (space)
        {
            case Discrete discrete:
                return new ActionLayout(ActionKind.Categorical, [discrete.N], [], [], description);
            case Box<float> box:
                return Gaussian(box.Low.Select(v => (double)v).ToArray(), box.High.Select(v => (double)v).ToArray(), description);
            case Box<double> box:
                return Gaussian(box.Low, box.High, description);
            case Box<int> or Box<byte>:
                throw new NotSupportedException($"The action space {description} is an integer Box, which none of the agents supports. Use Discrete or MultiDiscrete for integer actions, or a float Box for continuous ones.");
        }
        if (space is MultiDiscrete multiDiscrete)
        {
            int[] nvec = multiDiscrete.Nvec.ToArray();
            if (nvec.Length == 0 || nvec.Any(n => n < 1))
                throw new NotSupportedException($"The action space {description} needs at least one component and every component needs at least one choice.");
            return new ActionLayout(ActionKind.MultiCategorical, nvec, [], [], description);
        }
        throw new NotSupportedException($"The action space {description} ({TypeNames.Of(space.GetType())}) is not supported by the agents. Supported: Discrete, MultiDiscrete and float/double Box. Wrap the env to expose one of these.");
    }

    private static ActionLayout Gaussian(double[] low, double[] high, string description)
    {
        if (low.Length == 0) throw new NotSupportedException($"The action space {description} has no dimensions; a Box action needs at least one.");
        return new ActionLayout(ActionKind.DiagonalGaussian, [], (double[])low.Clone(), (double[])high.Clone(), description);
    }
}
